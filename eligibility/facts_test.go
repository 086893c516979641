package eligibility

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestValidateFacts(t *testing.T) {
	tests := []struct {
		name  string
		facts *Facts
		field string
		msg   string
	}{
		{"missing NIK", with(cardHolder(), func(f *Facts) { f.Person.NIK = NIK{} }), "/person/nik", "required"},
		{"missing KK", with(cardHolder(), func(f *Facts) { f.Person.KK = "" }), "/person/kk", "required"},
		{"KK of 15 digits", with(cardHolder(), func(f *Facts) { f.Person.KK = "327501010117000" }), "/person/kk", "16 digits"},
		{"KK without its city", with(cardHolder(), func(f *Facts) { f.Person.KKCity = "" }), "/person/kk_city", "required"},
		{"city code with letters", with(cardHolder(), func(f *Facts) { f.Person.KKCity = "32x5" }), "/person/kk_city", "4 digits"},
		{"living with a death date", with(cardHolder(), func(f *Facts) { f.Person.Registry.Date = rules.MustParseDate("2019-01-01") }), "/person/registry/date", "status is living"},
		{"died without a date", with(cardHolder(), func(f *Facts) { f.Person.Registry = Registry{Status: Died} }), "/person/registry/date", "required for status died"},
		{"unknown registry status", with(cardHolder(), func(f *Facts) { f.Person.Registry.Status = "alive" }), "/person/registry/status", `"alive"`},
		{"missing registry status", with(cardHolder(), func(f *Facts) { f.Person.Registry.Status = "" }), "/person/registry/status", "required"},
		{"PBI without payer", with(cardHolder(), func(f *Facts) { f.JKN = JKN{Status: JKNPBI} }), "/jkn/pbi_payer", "required"},
		{"payer without PBI", with(cardHolder(), func(f *Facts) { f.JKN = JKN{Status: JKNNone, PBIPayer: "city"} }), "/jkn/pbi_payer", "not pbi"},
		{"unknown JKN status", with(cardHolder(), func(f *Facts) { f.JKN.Status = "active" }), "/jkn/status", `"active"`},
		{"card without NIKs", with(cardHolder(), func(f *Facts) { f.Documents.Card.NIKs = nil }), "/documents/card/niks", "at least one"},
		{"card without end date", with(cardHolder(), func(f *Facts) { f.Documents.Card.ValidThrough = rules.Date{} }), "/documents/card/valid_through", "required"},
		{"letter dated after the service", with(residentWithoutCard(), func(f *Facts) {
			f.Documents.DinsosLetter = &DinsosLetter{Category: "poor", Date: rules.MustParseDate("2019-04-01")}
		}), "/documents/dinsos_letter/date", "after the date of service 2019-03-01"},
		{"letter of unknown category", with(residentWithoutCard(), func(f *Facts) {
			f.Documents.DinsosLetter = &DinsosLetter{Category: "miskin", Date: rules.MustParseDate("2019-01-01")}
		}), "/documents/dinsos_letter/category", `"miskin"`},
		{"birth after the service", with(newborn(residentWithoutCard()), func(f *Facts) { f.Documents.Birth.Date = rules.MustParseDate("2019-03-02") }), "/documents/birth/date", "after the date of service"},
		{"birth proof of unknown kind", with(newborn(residentWithoutCard()), func(f *Facts) { f.Documents.Birth.Kind = "baptism" }), "/documents/birth/kind", `"baptism"`},
		{"a parent's parent", with(newborn(residentWithoutCard()), func(f *Facts) { f.Parent.Parent = residentWithoutCard() }), "/parent/parent", "cannot hold"},
		{"an invalid parent", with(newborn(residentWithoutCard()), func(f *Facts) { f.Parent.Person.KK = "1" }), "/parent/person/kk", "16 digits"},
		{"unknown institution", with(cardHolder(), func(f *Facts) { f.Person.Institution = "hospital" }), "/person/institution", `"hospital"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Check(tt.facts, rules.Default().At(rules.MustParseDate("2019-03-01")))
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrFacts)
			var fe *rules.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Pointer)
			assert.Contains(t, fe.MessageEN, tt.msg)
		})
	}
	_, err := Check(nil, rules.Default().At(rules.MustParseDate("2019-03-01")))
	assert.ErrorIs(t, err, ErrFacts)
}

func TestDecodeFacts(t *testing.T) {
	good := `{"person":{"nik":"3275014508900001","kk":"3275010101170001","kk_city":"3275","registry":{"status":"living"}},
	 "jkn":{"status":"none"},
	 "documents":{"card":{"niks":["3275014508900001"],"valid_through":"2018-12-31","activated":true},
	              "ektp":{"nik":"3275014508900001","recorded":true}}}`
	f, err := DecodeFacts(strings.NewReader(good))
	require.NoError(t, err)
	assert.Equal(t, "3275014508900001", f.Person.NIK.Digits())
	assert.Equal(t, "2018-12-31", f.Documents.Card.ValidThrough.String())

	tests := []struct {
		name, in, field, msg string
	}{
		{"15-digit NIK", strings.Replace(good, `"nik":"3275014508900001","kk"`, `"nik":"327501450890000","kk"`, 1), "/person/nik", "16 digits"},
		{"letters in a card NIK", strings.Replace(good, `"niks":["3275014508900001"]`, `"niks":["32750145089000AB"]`, 1), "/documents/card/niks/0", "not a digit"},
		{"month 13 in a NIK", strings.Replace(good, `"ektp":{"nik":"3275014508900001"`, `"ektp":{"nik":"3275014513900001"`, 1), "/documents/ektp/nik", "month"},
		{"impossible date", strings.Replace(good, `"2018-12-31"`, `"2018-02-30"`, 1), "/documents/card/valid_through", "no such calendar date"},
		{"typo in a field", strings.Replace(good, `"kk_city"`, `"kk_cty"`, 1), "/person/kk_cty", "unknown field"},
		{"number for a string", strings.Replace(good, `"kk":"3275010101170001"`, `"kk":3275010101170001`, 1), "/person/kk", "expected a string"},
		{"not JSON", `{"person":`, "", "truncated"},
		{"two values", good + good, "", "more than one"},
		{"syntax", `{"person" 1}`, "", "syntax"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeFacts(strings.NewReader(tt.in))
			require.Error(t, err)
			var fe *rules.FieldError
			require.ErrorAs(t, err, &fe, "%v", err)
			assert.Equal(t, tt.field, fe.Pointer)
			assert.Contains(t, fe.Error(), tt.msg)
			assert.NotContains(t, err.Error(), "01450890", "errors show NIKs masked")
		})
	}
}

func TestDecisionJSON(t *testing.T) {
	d, err := Check(cardHolder(), rules.Default().At(rules.MustParseDate("2017-06-01")))
	require.NoError(t, err)
	b, err := json.Marshal(d)
	require.NoError(t, err)
	var back map[string]any
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, true, back["eligible"])
	assert.Equal(t, "card_holder", back["basis"])
	assert.Equal(t, "2017-06-01", back["date"])
	assert.Equal(t, "Perwal 27.A/2017", back["instrument"])
	reasons := back["reasons"].([]any)
	r := reasons[0].(map[string]any)
	assert.Equal(t, "basis_card_holder", r["code"])
	assert.NotEmpty(t, r["message"])
	assert.NotEmpty(t, r["message_en"])
	assert.NotContains(t, r, "id", "the Indonesian text is under message, not id")
	assert.NotEmpty(t, r["ref"])
	assert.Equal(t, []any{}, back["warnings"], "empty lists are [] for other languages' decoders")
	prov := back["provenance"].(map[string]any)
	assert.Regexp(t, "^sha256:", prov["revision"])
}

// isDigits, eight bytes at a time, agrees with a byte-by-byte test on
// every byte in every position.
func TestIsDigits(t *testing.T) {
	slow := func(s string) bool {
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return false
			}
		}
		return true
	}
	base := []byte("3275010101170001")
	for n := 0; n <= len(base); n++ {
		for pos := 0; pos < n; pos++ {
			for c := 0; c < 256; c++ {
				b := append([]byte(nil), base[:n]...)
				b[pos] = byte(c)
				if got, want := isDigits(string(b), n), slow(string(b)); got != want {
					t.Fatalf("isDigits(%q) = %v, want %v", b, got, want)
				}
				if got := isDigits(b, n+1); got {
					t.Fatalf("isDigits(%q, %d) holds for the wrong length", b, n+1)
				}
			}
		}
	}
}

// TestDecodeFactsTwoBadTexts: where a NIK and a date are both malformed
// (the date under an unknown key, which the decoder does not parse), the
// error names the one that failed, as an error of the facts (ErrFacts)
// and of a NIK (ErrNIK). It named the date (fuzzing found it).
func TestDecodeFactsTwoBadTexts(t *testing.T) {
	in := `{"documents":{"biuuu":{"date":"2019-r1-05"}},"parent":{"person":{"nik":"32750145089000011"}}}`
	_, err := UnmarshalFacts([]byte(in))
	var fe *rules.FieldError
	require.ErrorAs(t, err, &fe)
	assert.ErrorIs(t, err, ErrFacts)
	assert.ErrorIs(t, err, ErrNIK)
	assert.ErrorIs(t, err, rules.CodeBadValue)
	assert.Equal(t, "/parent/person/nik", fe.Pointer)
}
