package kartusehat

import (
	"testing"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
)

// The engine's overhead over the bare package calls, with Go values: each
// operation through the Engine beside the bare call on the same parts
// (go test -run '^$' -bench Engine -benchtime=2000x).

func BenchmarkEngineEligibility(b *testing.B) {
	e := defaultEngine(b)
	s := rsudStay(b)
	on := rules.MustParseDate("2019-03-04")
	var d eligibility.Decision
	b.Run("bare", func(b *testing.B) {
		rb := rules.Default()
		for b.Loop() {
			if err := eligibility.CheckInto(&d, &s.Facts, rb.At(on)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("engine", func(b *testing.B) {
		for b.Loop() {
			if err := e.EligibilityInto(&d, &s.Facts, on); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkEngineAdmit(b *testing.B) {
	e := defaultEngine(b)
	s := rsudStay(b)
	b.Run("bare", func(b *testing.B) {
		rb := rules.Default()
		var d eligibility.Decision
		var a referral.Assessment
		for b.Loop() {
			on, _ := rules.DateFromTime(s.Episode.Admission)
			snap := rb.At(on)
			if err := eligibility.CheckInto(&d, &s.Facts, snap); err != nil {
				b.Fatal(err)
			}
			if err := referral.AssessInto(&a, &s.Episode, &d, snap); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("engine", func(b *testing.B) {
		var d Decision
		for b.Loop() {
			if err := e.AdmitInto(&d, s); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkEnginePrice(b *testing.B) {
	t := synthetic(b)
	e := defaultEngine(b, WithTable(t))
	s := rsudStay(b)
	b.Run("bare", func(b *testing.B) {
		rb := rules.Default()
		var d eligibility.Decision
		var a referral.Assessment
		var bill tariff.Bill
		ep := *s.Billing
		ep.Facility, ep.CareType = s.Episode.Facility, s.Episode.CareType
		for b.Loop() {
			on, _ := rules.DateFromTime(s.Episode.Admission)
			snap := rb.At(on)
			if err := eligibility.CheckInto(&d, &s.Facts, snap); err != nil {
				b.Fatal(err)
			}
			if err := referral.AssessInto(&a, &s.Episode, &d, snap); err != nil {
				b.Fatal(err)
			}
			if err := tariff.PriceInto(&bill, &ep, &a, snap, t); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("engine", func(b *testing.B) {
		var d Decision
		for b.Loop() {
			if err := e.PriceInto(&d, s); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func BenchmarkEngineAdjudicate(b *testing.B) {
	t := synthetic(b)
	e := defaultEngine(b, WithTable(t))
	s := rsudStay(b)
	b.Run("bare", func(b *testing.B) {
		rb := rules.Default()
		f := *s.Claim
		f.Hospital, f.Patient, f.Episode = s.Episode.Facility, s.Facts, s.Episode
		for b.Loop() {
			on, _ := rules.DateFromTime(f.Episode.Admission)
			if _, err := claim.Adjudicate(&f, rb.At(on), t); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("engine", func(b *testing.B) {
		for b.Loop() {
			if _, err := e.Adjudicate(s); err != nil {
				b.Fatal(err)
			}
		}
	})
}
