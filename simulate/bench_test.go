package simulate

import (
	"context"
	"testing"

	"github.com/kartusehat/kartusehat/rules"
)

// One simulated city year (2019, about 1.3 million encounters) through
// eligibility, referral, tariff and claim under the baseline alone.
func BenchmarkCityYear(b *testing.B) {
	benchYear(b, nil)
}

// The same year under the baseline and a reform: every encounter decided
// twice.
func BenchmarkCityYearCompare(b *testing.B) {
	benchYear(b, reform(b, referralDropped))
}

func benchYear(b *testing.B, reform *rules.Rulebook) {
	var n int64
	for b.Loop() {
		c, err := Run(context.Background(), Config{Year: 2019, Seed: 1, Baseline: rules.Default(), Reform: reform})
		if err != nil {
			b.Fatal(err)
		}
		n = c.Encounters
	}
	b.ReportMetric(float64(n), "encounters/op")
}

// Generating one encounter.
func BenchmarkFill(b *testing.B) {
	rb, err := WithWorld(rules.Default())
	if err != nil {
		b.Fatal(err)
	}
	g, err := NewGenerator(rb, 2019, 1, 1000)
	if err != nil {
		b.Fatal(err)
	}
	var e Encounter
	var i int64
	for b.Loop() {
		g.Fill(i%g.Len(), &e)
		i++
	}
}
