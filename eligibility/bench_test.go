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
