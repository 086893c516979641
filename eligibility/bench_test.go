package eligibility

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kartusehat/kartusehat/rules"
)

func BenchmarkCheckCardHolder(b *testing.B) {
	s := rules.Default().At(rules.MustParseDate("2018-06-01"))
	f := cardHolder()
	var d Decision
	for b.Loop() {
		if err := CheckInto(&d, f, s); err != nil || !d.Eligible {
			b.Fatal(err, d.Reasons)
		}
	}
}

func BenchmarkCheckCardHolderAlloc(b *testing.B) {
	s := rules.Default().At(rules.MustParseDate("2018-06-01"))
	f := cardHolder()
	for b.Loop() {
		if d, err := Check(f, s); err != nil || !d.Eligible {
			b.Fatal(err)
		}
	}
}

func BenchmarkCheckResidentPerda(b *testing.B) {
	s := rules.Default().At(rules.MustParseDate("2019-03-01"))
	f := cardHolder()
	f.Documents.Card.ValidThrough = rules.MustParseDate("2019-12-31")
	var d Decision
	for b.Loop() {
		if err := CheckInto(&d, f, s); err != nil || !d.Eligible {
			b.Fatal(err)
		}
	}
}

// The zero-allocation paths of the admission desk's commonest questions,
// locked in: CheckInto allocates nothing once its decision has room (a
// card holder under the Perwal, a resident under the Perda, a refusal),
// and Check allocates only its reasons.
func TestCheckAllocations(t *testing.T) {
	perda := cardHolder()
	perda.Documents.Card.ValidThrough = rules.MustParseDate("2019-12-31")
	refused := cardHolder()
	refused.Person.KKCity = "3216"
	for _, c := range []struct {
		name string
		on   string
		f    *Facts
	}{{"card holder", "2018-06-01", cardHolder()}, {"perda resident", "2019-03-01", perda}, {"outside the city", "2019-03-01", refused}} {
		s := rules.Default().At(rules.MustParseDate(c.on))
		var d Decision
		_ = CheckInto(&d, c.f, s) // room for the reasons
		if n := testing.AllocsPerRun(100, func() { _ = CheckInto(&d, c.f, s) }); n != 0 {
			t.Errorf("%s: CheckInto allocates %v times, want 0", c.name, n)
		}
		if n := testing.AllocsPerRun(100, func() { _, _ = Check(c.f, s) }); n > 1 {
			t.Errorf("%s: Check allocates %v times, want at most 1", c.name, n)
		}
	}
}

// A decision reused by CheckInto is the decision Check makes afresh,
// whatever it held before: every field is reset.
func TestCheckIntoResetsEveryField(t *testing.T) {
	if n := reflect.TypeFor[Decision]().NumField(); n != 7 {
		t.Fatalf("Decision has %d fields: make sure CheckInto resets the new ones, then update this test", n)
	}
	newbornCase := newborn(cardHolder())
	perda := cardHolder()
	perda.Documents.Card.ValidThrough = rules.MustParseDate("2019-12-31")
	cases := []struct {
		on string
		f  *Facts
	}{{"2018-06-01", cardHolder()}, {"2019-03-01", newbornCase}, {"2019-03-01", residentWithoutCard()}, {"2019-03-01", perda}, {"2016-01-01", cardHolder()}}
	var d Decision
	for range 2 {
		for _, c := range cases {
			s := rules.Default().At(rules.MustParseDate(c.on))
			fresh, err1 := Check(c.f, s)
			err2 := CheckInto(&d, c.f, s)
			require.Equal(t, err1, err2)
			a, _ := json.Marshal(fresh)
			b, _ := json.Marshal(&d)
			require.Equal(t, string(a), string(b), c.on)
		}
	}
}

// The decision's JSON, written without reflection, is what encoding/json
// writes from the field tags, byte for byte.
func TestDecisionJSONAsReflection(t *testing.T) {
	type plain Decision // the fields, without MarshalJSON
	if n := reflect.TypeFor[Decision]().NumField(); n != 7 {
		t.Fatalf("Decision has %d fields: write the new ones in AppendJSON, then update this test", n)
	}
	html := cardHolder()
	html.Documents.Card.NIKs = html.Documents.Card.NIKs[1:] // a warning with Rp & co
	for _, c := range []struct {
		on string
		f  *Facts
	}{{"2018-06-01", cardHolder()}, {"2019-03-01", newborn(cardHolder())}, {"2019-03-01", residentWithoutCard()}, {"2016-01-01", cardHolder()}, {"2019-03-01", html}} {
		d, err := Check(c.f, rules.Default().At(rules.MustParseDate(c.on)))
		require.NoError(t, err)
		want, _ := json.Marshal(plain(d))
		got, err := json.Marshal(d)
		require.NoError(t, err)
		require.Equal(t, string(want), string(got), c.on)
		var zero Decision
		want, _ = json.Marshal(plain(zero))
		got, _ = json.Marshal(zero)
		require.Equal(t, string(want), string(got), "the zero decision")
	}
}

// The fast path of validation never passes facts Validate refuses: each
// mutation of a card holder that Validate refuses is not valid() either,
// and the card holder, the resident without a card and the Perda
// resident are.
func TestValidFastPathAgreesWithValidate(t *testing.T) {
	on := rules.MustParseDate("2019-03-01")
	for _, f := range []*Facts{cardHolder(), residentWithoutCard()} {
		require.True(t, f.valid())
		require.NoError(t, f.Validate(on))
	}
	mutations := map[string]func(*Facts){
		"no nik":            func(f *Facts) { f.Person.NIK = NIK{} },
		"no kk":             func(f *Facts) { f.Person.KK = "" },
		"short kk":          func(f *Facts) { f.Person.KK = "327501010117000" },
		"letter in kk":      func(f *Facts) { f.Person.KK = "327501010117000x" },
		"no kk city":        func(f *Facts) { f.Person.KKCity = "" },
		"kk city letters":   func(f *Facts) { f.Person.KKCity = "32a5" },
		"kk city long":      func(f *Facts) { f.Person.KKCity = "32755" },
		"living with date":  func(f *Facts) { f.Person.Registry.Date = on },
		"died without date": func(f *Facts) { f.Person.Registry.Status = Died },
		"no status":         func(f *Facts) { f.Person.Registry.Status = "" },
		"odd status":        func(f *Facts) { f.Person.Registry.Status = "gone" },
		"odd institution":   func(f *Facts) { f.Person.Institution = "hotel" },
		"payer without pbi": func(f *Facts) { f.JKN.PBIPayer = "city" },
		"pbi without payer": func(f *Facts) { f.JKN.Status = JKNPBI },
		"odd jkn":           func(f *Facts) { f.JKN.Status = "bpjs" },
		"card without niks": func(f *Facts) { f.Documents.Card.NIKs = nil },
		"card zero nik":     func(f *Facts) { f.Documents.Card.NIKs[1] = NIK{} },
		"card no end":       func(f *Facts) { f.Documents.Card.ValidThrough = rules.Date{} },
		"card short kk":     func(f *Facts) { f.Documents.Card.KK = "3275" },
		"ektp without nik":  func(f *Facts) { f.Documents.EKTP.NIK = NIK{} },
		"letter odd":        func(f *Facts) { f.Documents.DinsosLetter = &DinsosLetter{Category: "rich", Date: on} },
		"letter later":      func(f *Facts) { f.Documents.DinsosLetter = &DinsosLetter{Category: "poor", Date: on.AddDays(1)} },
		"birth odd":         func(f *Facts) { f.Documents.Birth = &BirthProof{Kind: "photo"} },
		"parent of parent":  func(f *Facts) { f.Parent = newborn(cardHolder()) },
	}
	for name, m := range mutations {
		f := with(cardHolder(), m)
		require.Error(t, f.Validate(on), name)
		require.False(t, f.valid(), name)
	}
}

// digits16 and digits4 answer as isDigits does, on the bytes either side
// of the digits and on bytes with the digits' low nibbles.
func TestDigitsFastPaths(t *testing.T) {
	for _, c := range []byte{'0', '5', '9', '/', ':', 0x20, 0x39 + 0x80, 0xb0, 0x00, 'a', 0x3f, 0x40} {
		for pos := range 16 {
			b := []byte("3275010101170001")
			b[pos] = c
			s := string(b)
			require.Equal(t, isDigits(s, 16), digits16(s), "%q", s)
			if pos < 4 {
				require.Equal(t, isDigits(s[:4], 4), digits4(s[:4]), "%q", s[:4])
			}
		}
	}
	for _, s := range []string{"", "3275", "32750", "327501010117000", "32750101011700011"} {
		require.Equal(t, isDigits(s, 16), digits16(s), s)
		require.Equal(t, isDigits(s, 4), digits4(s), s)
	}
}
