package eligibility

import (
	"testing"

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

// TestCheckIntoDoesNotAllocate locks in the zero-allocation path for the
// admission desk's commonest question.
func TestCheckIntoDoesNotAllocate(t *testing.T) {
	s := rules.Default().At(rules.MustParseDate("2018-06-01"))
	f := cardHolder()
	var d Decision
	_ = CheckInto(&d, f, s) // warm the slices
	if n := testing.AllocsPerRun(100, func() { _ = CheckInto(&d, f, s) }); n != 0 {
		t.Errorf("CheckInto allocates %v times, want 0", n)
	}
}
