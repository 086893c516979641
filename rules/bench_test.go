package rules

import (
	"testing"
)

func BenchmarkLoadDefault(b *testing.B) {
	fsys := DefaultFS()
	for b.Loop() {
		if _, err := Load(fsys); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSnapshotAmount(b *testing.B) {
	s := Default().At(MustParseDate("2019-03-01"))
	for b.Loop() {
		if _, _, err := s.Amount("tariff.ambulance.city"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSnapshotPercent(b *testing.B) {
	rb := Default()
	d := MustParseDate("2019-03-01")
	for b.Loop() {
		if _, _, err := rb.At(d).Percent("tariff.insidental.discount.type_c"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAddWorkingDays(b *testing.B) {
	cal := Default().Calendar()
	d := MustParseDate("2019-05-31")
	for b.Loop() {
		if _, err := cal.AddWorkingDays(d, 3); err != nil {
			b.Fatal(err)
		}
	}
}

// TestLookupsDoNotAllocate locks in the zero-allocation hot path.
func TestLookupsDoNotAllocate(t *testing.T) {
	rb := Default()
	d := MustParseDate("2019-03-01")
	allocs := testing.AllocsPerRun(100, func() {
		s := rb.At(d)
		_, _, _ = s.Amount("tariff.ambulance.city")
		_, _, _ = s.Int("referral.deadlines.sjp_inpatient_working_days")
		_, _, _ = s.List("services.insidental")
		_, _ = s.Calendar().AddWorkingDays(MustParseDate("2019-05-31"), 3)
	})
	if allocs != 0 {
		t.Errorf("snapshot lookups allocate %v times, want 0", allocs)
	}
}

// BenchmarkCheckRefs measures the loader's citation check alone, over
// every ref of the embedded rulebook.
func BenchmarkCheckRefs(b *testing.B) {
	rb := Default()
	for b.Loop() {
		c := &errs{}
		rb.checkRefs(c)
		if c.err() != nil {
			b.Fatal(c.err())
		}
	}
}
