package peers

import (
	"context"
	"testing"

	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/rules"
)

// scenario is one desk check: the project's facts and the date of
// service. The engines see the same facts through inputOf.
type scenario struct {
	name  string
	on    rules.Date
	facts func() *eligibility.Facts
	basis eligibility.Basis // what the project decides
}

const (
	nikMother = "3275014508900001"
	nikFather = "3275011203850002"
	kkFamily  = "3275010101170001"
)

// holder is a KS-NIK card holder with a recorded e-KTP. The card names no
// KK, so a card that does not list the person is another family's.
func holder(validThrough string) *eligibility.Facts {
	mother := eligibility.MustParseNIK(nikMother)
	return &eligibility.Facts{
		Person: eligibility.Person{NIK: mother, KK: kkFamily, KKCity: "3275",
			Registry: eligibility.Registry{Status: eligibility.Living}},
		JKN: eligibility.JKN{Status: eligibility.JKNNone},
		Documents: eligibility.Documents{
			Card: &eligibility.Card{NIKs: []eligibility.NIK{mother, eligibility.MustParseNIK(nikFather)},
				ValidThrough: rules.MustParseDate(validThrough), Activated: true},
			EKTP: &eligibility.EKTP{NIK: mother, Recorded: true},
		},
	}
}

// The two checks the aims name: a card holder under Perwal 27.A/2017
// (2018-06-01), and a resident under Perda 9/2018 (2019-03-01), who
// shows the same documents and is a participant by the NIK alone.
var scenarios = []scenario{
	{"card_holder", rules.MustParseDate("2018-06-01"), func() *eligibility.Facts { return holder("2018-12-31") }, eligibility.BasisCardHolder},
	{"perda_resident", rules.MustParseDate("2019-03-01"), func() *eligibility.Facts { return holder("2019-12-31") }, eligibility.BasisNIKResident},
}

// BenchmarkEligibility runs every engine on the first scenario and the
// project on both, in one run so that the ratios compare like with like.
// The engines' inputs are built once, outside the loop, as the project's
// facts are.
func BenchmarkEligibility(b *testing.B) {
	sc := scenarios[0]
	in := inputOf(sc.facts(), sc.on)
	doc := in.doc()
	ctx := context.Background()

	b.Run("opa", func(b *testing.B) {
		r, err := newOPA("data.kartusehat.eligibility.eligible")
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if v, err := r.eval(ctx, doc); err != nil || v != true {
				b.Fatal("opa: want eligible, got", v, err)
			}
		}
	})
	b.Run("cel", func(b *testing.B) {
		r, err := newCEL()
		if err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if ok, err := r.eval(doc); err != nil || !ok {
				b.Fatal("cel: want eligible", err)
			}
		}
	})
	b.Run("go", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if ok, _ := bareGo(&in); !ok {
				b.Fatal("go: want eligible")
			}
		}
	})
	for _, sc := range scenarios {
		s, f := rules.Default().At(sc.on), sc.facts()
		b.Run("check_into/"+sc.name, func(b *testing.B) {
			var d eligibility.Decision
			if err := eligibility.CheckInto(&d, f, s); err != nil || d.Basis != sc.basis {
				b.Fatal("want basis", sc.basis, "got", d.Basis, d.Reasons, err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := eligibility.CheckInto(&d, f, s); err != nil || !d.Eligible {
					b.Fatal("want eligible", d.Reasons, err)
				}
			}
		})
		b.Run("check/"+sc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if d, err := eligibility.Check(f, s); err != nil || !d.Eligible {
					b.Fatal("want eligible", d.Reasons, err)
				}
			}
		})
	}
}

// TestEnginesAgree: on each scenario and on each single defect, OPA, CEL
// and bare Go give the same verdict, Rego names exactly the failed
// conditions bare Go finds, and the project's decision is clean (eligible
// with no warning) exactly when the rule says eligible. Under the Perda a
// card defect is a warning, not a refusal (the person is a participant by
// the NIK); clean still matches. Two defects have no counterpart before
// the Perda, and are checked on the Perda scenario only: no text before
// it excludes PBI members (Perwal 27.A/2017 Ps.4), and until 2018-12-31
// the rulebook reads cards printed with an earlier end date as valid.
func TestEnginesAgree(t *testing.T) {
	opa, err := newOPA("data.kartusehat.eligibility")
	if err != nil {
		t.Fatal(err)
	}
	celr, err := newCEL()
	if err != nil {
		t.Fatal(err)
	}
	defects := []struct {
		name       string
		perdaOnly  bool
		wantFailed uint8
		change     func(*eligibility.Facts)
	}{
		{"none", false, 0, func(*eligibility.Facts) {}},
		{"kk outside city", false, failCity, func(f *eligibility.Facts) { f.Person.KKCity = "3216" }},
		{"not registered", false, failStatus, func(f *eligibility.Facts) { f.Person.Registry.Status = eligibility.NotRegistered }},
		{"pbi member", true, failPBI, func(f *eligibility.Facts) {
			f.JKN = eligibility.JKN{Status: eligibility.JKNPBI, PBIPayer: "provincial"}
		}},
		{"e-KTP not recorded", false, failEKTP, func(f *eligibility.Facts) { f.Documents.EKTP.Recorded = false }},
		{"not on card", false, failNotOnCard, func(f *eligibility.Facts) { f.Documents.Card.NIKs = f.Documents.Card.NIKs[1:] }},
		{"card expired", true, failExpired, func(f *eligibility.Facts) { f.Documents.Card.ValidThrough = rules.MustParseDate("2018-12-31") }},
	}
	codes := map[string]uint8{"kk_outside_city": failCity, "not_living": failStatus, "pbi_member": failPBI,
		"ektp_not_recorded": failEKTP, "ektp_not_on_card": failNotOnCard, "card_expired": failExpired}
	ctx := context.Background()
	for _, sc := range scenarios {
		s := rules.Default().At(sc.on)
		for _, df := range defects {
			if df.perdaOnly && sc.basis != eligibility.BasisNIKResident {
				continue
			}
			f := sc.facts()
			df.change(f)
			in := inputOf(f, sc.on)
			want, failed := bareGo(&in)
			if failed != df.wantFailed {
				t.Errorf("%s, %s: bare Go fails %06b, want %06b", sc.name, df.name, failed, df.wantFailed)
			}
			v, err := opa.eval(ctx, in.doc())
			if err != nil {
				t.Fatalf("%s, %s: opa: %v", sc.name, df.name, err)
			}
			res := v.(map[string]any)
			var regoFailed uint8
			for _, c := range res["failed"].([]any) {
				regoFailed |= codes[c.(string)]
			}
			if res["eligible"] != want || regoFailed != failed {
				t.Errorf("%s, %s: opa eligible=%v failed %06b, bare Go %v %06b", sc.name, df.name, res["eligible"], regoFailed, want, failed)
			}
			if got, err := celr.eval(in.doc()); err != nil || got != want {
				t.Errorf("%s, %s: cel %v (%v), bare Go %v", sc.name, df.name, got, err, want)
			}
			d, err := eligibility.Check(f, s)
			if err != nil {
				t.Fatalf("%s, %s: %v", sc.name, df.name, err)
			}
			if clean := d.Eligible && len(d.Warnings) == 0; clean != want {
				t.Errorf("%s, %s: project eligible=%v basis %q warnings %d, rule says %v", sc.name, df.name, d.Eligible, d.Basis, len(d.Warnings), want)
			}
			if want && d.Basis != sc.basis {
				t.Errorf("%s: project basis %q, want %q", sc.name, d.Basis, sc.basis)
			}
		}
	}
}
