package kartusehat

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestErrorsOfFields (issue 18 item 3): the library's one field error
// maps to the error shape with its own code and pointer, placed under
// the part of the input it was found in; an input with three bad fields
// gives three (ErrorsOf), the first of them as the error (ErrorOf).
func TestErrorsOfFields(t *testing.T) {
	raw, err := os.ReadFile("examples/testdata/facts-card-holder.json")
	require.NoError(t, err)
	bad := strings.Replace(string(raw), `"kk": "3275010101170001",`, `"kk": "327501",`, 1)
	bad = strings.Replace(bad, `"jkn": {"status": "none"}`, `"jkn": {"status": "pbi"}`, 1)
	bad = strings.Replace(bad, `"valid_through": "2018-12-31",`, ``, 1)
	f, err := eligibility.UnmarshalFacts([]byte(bad))
	require.NoError(t, err)
	verr := within("/facts", f.Validate(rules.MustParseDate("2018-06-01")))
	want := []shortErr{
		{rules.CodeBadValue, "/facts/person/kk", "a KK number has 16 digits"},
		{rules.CodeMissing, "/facts/jkn/pbi_payer", "required for a PBI member: central, provincial or city"},
		{rules.CodeMissing, "/facts/documents/card/valid_through", "required: the end date printed on the card"},
	}
	var got []shortErr
	for _, e := range ErrorsOf(verr) {
		got = append(got, short(e))
	}
	assert.Equal(t, want, got)
	assert.Equal(t, want[0], short(ErrorOf(verr)))
	assert.True(t, errors.Is(verr, rules.CodeMissing))
	for _, e := range ErrorsOf(verr) {
		assert.NotEmpty(t, e.Message, "an Indonesian message beside the English")
		assert.NotEqual(t, e.Message, e.MessageEN)
	}

	// One error, of the rules themselves: the whole chain is the message.
	_, cerr := rules.Default().Calendar().IsWorkingDay(rules.MustParseDate("2031-01-02"))
	e := ErrorOf(within("/episode", errors.Join(errors.New("claim: the due date"), cerr)))
	assert.Equal(t, rules.CodeNoRules, e.Code)
	assert.Equal(t, "/episode", e.Pointer)
	assert.Contains(t, e.MessageEN, "no holiday calendar for 2031")
	assert.Len(t, ErrorsOf(cerr), 1)

}

// shortErr is a field error's code, pointer and English message, for
// tests that compare them.
type shortErr struct {
	Code      rules.ErrorCode
	Pointer   string
	MessageEN string
}

func short(e *rules.FieldError) shortErr { return shortErr{e.Code, e.Pointer, e.MessageEN} }

// TestEngineErrorsInBothLanguages: every error the engine makes itself
// (decoding, missing and inconsistent fields, trailing data) has its
// Indonesian message beside the English one, and errors.Is finds its
// code on what Do returns.
func TestEngineErrorsInBothLanguages(t *testing.T) {
	e, err := Default()
	require.NoError(t, err)
	for _, tc := range []struct {
		name, in string
		want     shortErr
		id       string
	}{
		{"empty", ``, shortErr{rules.CodeBadJSON, "", "empty input: expected one JSON object"}, "masukan kosong: diharapkan satu objek JSON"},
		{"truncated", `{"episode": `, shortErr{rules.CodeBadJSON, "", "truncated JSON: the input ends inside a value"}, "JSON terpotong: masukan berakhir di dalam sebuah nilai"},
		{"trailing", `{} {}`, shortErr{rules.CodeBadJSON, "", "trailing data after the JSON value at byte 4: give one JSON value"}, "ada data setelah nilai JSON pada bita ke-4: berikan satu nilai JSON"},
		{"unknown field", `{"x": 1}`, shortErr{rules.CodeUnknownField, "/x", "unknown field (check its spelling; --help lists the fields)"}, "kolom tidak dikenal (periksa ejaannya; --help mendaftar kolomnya)"},
		{"case", `{"Episode": {}}`, shortErr{rules.CodeUnknownField, "/Episode", `unknown field: keys are case-sensitive; the field is "episode"`}, `kolom tidak dikenal: huruf besar dan kecil pada kunci dibedakan; kolomnya "episode"`},
		{"duplicate", `{"episode": {}, "episode": {}}`, shortErr{rules.CodeBadJSON, "/episode", `duplicate key: "episode" is given more than once in this object; give it once`}, `kunci ganda: "episode" diberikan lebih dari sekali dalam objek ini; berikan sekali saja`},
		{"wrong type", `{"episode": []}`, shortErr{rules.CodeBadValue, "/episode", "expected a JSON object, found an array"}, "diharapkan objek JSON, ditemukan larik"},
		{"whole number", `{"billing": {"items": [{"kind": "blood_bag", "quantity": 1.5}]}}`, shortErr{rules.CodeBadValue, "/billing/items/0/quantity", "a whole number is expected, written in digits only (no decimal point, no exponent), found 1.5"}, "diharapkan bilangan bulat, ditulis dengan angka saja (tanpa titik desimal, tanpa eksponen), ditemukan 1.5"},
		{"missing", `{"episode": {"facility": "rsud-cam"}, "facts": {}}`, shortErr{rules.CodeMissing, "/episode/admission", "required: the date-time of admission"}, "wajib diisi: tanggal dan jam masuk"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := e.Do(StayOp, []byte(tc.in))
			require.Error(t, err)
			got := ErrorOf(err)
			assert.Equal(t, tc.want, short(got))
			assert.Equal(t, tc.id, got.Message)
			assert.ErrorIs(t, err, tc.want.Code)
			assert.ErrorIs(t, got, tc.want.Code)
		})
	}
}
