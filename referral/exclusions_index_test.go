package referral

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/stretchr/testify/require"
)

// The exclusions of a stay, matched through the rulebook's index, refuse,
// warn and record in the order of the Juknis list, as matching each
// exclusion in force one by one does: the expected refusals, warnings and
// provenance (the health aids' parameter read in its turn, whenever the
// health aids are in force) are computed here with Exclusion.Matches, on
// random stays made of the exclusions' own codes and categories, for a
// patient under and over 60, on dates around the exclusions' start, with
// the health aids covered and not.
func TestExclusionsIndexOrder(t *testing.T) {
	aids, err := rules.Default().Overlay("aids.yaml", strings.NewReader(
		"parameters: {services: {health_aids_covered: {values: {2018-08-23: {value: true, ref: Perda 9/2018 Ps.15(1)}}}}}"))
	require.NoError(t, err)
	var codes9, codes10, cats []string
	for _, x := range rules.Default().Exclusions() {
		codes10, codes9, cats = append(codes10, x.ICD10...), append(codes9, x.ICD9CM...), append(cats, x.Categories...)
		if e := x.Elderly; e != nil {
			codes10, codes9, cats = append(codes10, e.ICD10...), append(codes9, e.ICD9CM...), append(cats, e.Categories...)
		}
	}
	codes10, codes9 = append(codes10, "K35.8", "J44.1"), append(codes9, "47.09")
	pick := func(r *rand.Rand, from []string) []string {
		var out []string
		for range r.IntN(4) {
			out = append(out, from[r.IntN(len(from))])
		}
		return out
	}
	r := rand.New(rand.NewPCG(7, 8))
	elder := eligibility.MustParseNIK("3275010101500003") // born 1950-01-01
	n, refused, warned := 0, 0, 0
	for _, rb := range []*rules.Rulebook{rules.Default(), aids} {
		for _, day := range []string{"2017-05-14", "2017-05-15", "2019-03-04"} {
			for range 300 {
				ep := outpatient(day + " 09:00")
				if r.IntN(2) == 0 {
					ep.PatientNIK, ep.SJP.NIK = elder, elder
				}
				ep.Diagnoses, ep.Procedures, ep.Categories = pick(r, codes10), pick(r, codes9), pick(r, cats)
				ep.MedicalIndication = r.IntN(3) == 0
				on := ep.ServiceDate()
				s := rb.At(on)
				a, err := Assess(ep, eligible(t, rb, on), s)
				require.NoError(t, err)

				// What matching each exclusion in turn gives.
				var wantCodes, gotCodes, wantProv, gotProv []string
				if len(ep.Diagnoses)+len(ep.Procedures)+len(ep.Categories) > 0 {
					age := -1
					if birth, ok := ep.PatientNIK.BirthDate(on); ok {
						age = on.YearsSince(birth)
					}
					first := func(l []string) []string { return l[:min(len(l), 1)] }
					rest := func(l []string) []string { return l[min(len(l), 1):] }
					principal := rules.ExclusionFacts{Categories: ep.Categories, ICD10: first(ep.Diagnoses), ICD9CM: first(ep.Procedures), MedicalIndication: ep.MedicalIndication, Age: age}
					secondary := rules.ExclusionFacts{ICD10: rest(ep.Diagnoses), ICD9CM: rest(ep.Procedures), MedicalIndication: ep.MedicalIndication, Age: age}
					for x := range s.ExclusionsInForce() {
						if x.Code == "health_aids" {
							wantProv = append(wantProv, "services.health_aids_covered")
							if v, err := s.Param("services.health_aids_covered"); err == nil && v.Bool() {
								continue
							}
						}
						switch {
						case x.Matches(&principal):
							wantCodes = append(wantCodes, "excluded_"+x.Code)
						case x.Matches(&secondary):
							wantCodes = append(wantCodes, "excluded_secondary_"+x.Code)
						default:
							continue
						}
						wantProv = append(wantProv, "exclusions."+x.Code)
					}
				}
				for _, rs := range [][]rules.Reason{a.Reasons, a.Warnings} {
					for _, x := range rs {
						if strings.HasPrefix(x.Code, "excluded_") {
							gotCodes = append(gotCodes, x.Code)
						}
					}
				}
				for _, u := range a.Provenance.Params() {
					if strings.HasPrefix(u.Path, "exclusions.") || u.Path == "services.health_aids_covered" {
						gotProv = append(gotProv, u.Path)
					}
				}
				var wr, ww []string
				for _, c := range wantCodes {
					if strings.HasPrefix(c, "excluded_secondary_") {
						ww = append(ww, c)
					} else {
						wr = append(wr, c)
					}
				}
				require.Equal(t, append(wr, ww...), gotCodes, "%s %+v", day, ep)
				require.Equal(t, wantProv, gotProv, "%s %+v", day, ep)
				n++
				refused += len(wr)
				warned += len(ww)
			}
		}
	}
	if refused == 0 || warned == 0 {
		t.Fatalf("%d stays, %d refusals, %d warnings: the test does not exercise both", n, refused, warned)
	}
}
