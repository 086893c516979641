package referral

import (
	"testing"

	"github.com/kartusehat/kartusehat/rules"
)

func BenchmarkAssessOutpatient(b *testing.B) {
	ep := outpatient("2019-03-04 09:00")
	on := ep.ServiceDate()
	d := eligible(b, rules.Default(), on)
	s := rules.Default().At(on)
	for b.Loop() {
		if _, err := Assess(ep, d, s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAssessIntoOutpatient(b *testing.B) {
	ep := outpatient("2019-03-04 09:00")
	on := ep.ServiceDate()
	d := eligible(b, rules.Default(), on)
	s := rules.Default().At(on)
	var a Assessment
	for b.Loop() {
		if err := AssessInto(&a, ep, d, s); err != nil {
			b.Fatal(err)
		}
	}
}

// The inpatient of 2019-05-31, whose SJP deadline runs across Idul Fitri.
func BenchmarkAssessInpatientIdulFitri(b *testing.B) {
	ep := inpatient("2019-05-31 10:00")
	ep.SJP = &SJP{Issued: at("2019-06-12 15:00")}
	on := ep.ServiceDate()
	d := eligible(b, rules.Default(), on)
	s := rules.Default().At(on)
	for b.Loop() {
		if _, err := Assess(ep, d, s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAssessIntoInpatientIdulFitri(b *testing.B) {
	ep := inpatient("2019-05-31 10:00")
	ep.SJP = &SJP{Issued: at("2019-06-12 15:00")}
	on := ep.ServiceDate()
	d := eligible(b, rules.Default(), on)
	s := rules.Default().At(on)
	var a Assessment
	for b.Loop() {
		if err := AssessInto(&a, ep, d, s); err != nil {
			b.Fatal(err)
		}
	}
}
