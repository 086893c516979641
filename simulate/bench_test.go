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
	defer cpuMetric(b, cpuTime())
	for b.Loop() {
		c, err := Run(context.Background(), Config{Year: 2019, Seed: 1, Baseline: rules.Default(), Reform: reform})
		if err != nil {
			b.Fatal(err)
		}
		n = c.Encounters
	}
	b.ReportMetric(float64(n), "encounters/op")
}

// cpuMetric reports the CPU time used since start per op ("cpu-ns/op"),
// beside the wall clock's ns/op.
func cpuMetric(b *testing.B, start int64) {
	if t := cpuTime(); t > 0 && b.N > 0 {
		b.ReportMetric(float64(t-start)/float64(b.N), "cpu-ns/op")
	}
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
	defer cpuMetric(b, cpuTime())
	for b.Loop() {
		g.Fill(i%g.Len(), &e)
		i++
	}
}

// The per-person pass, by blocks of 7,000 persons: "cpu-ns/person" is
// what one person adds to a run.
func BenchmarkPeoplePass(b *testing.B) {
	g := generator(b, 2019, 1, 1000)
	var t peopleTally
	var i int64
	const n = 7000
	start := cpuTime()
	for b.Loop() {
		g.countPeople(i, i+n, &t)
		i = (i + n) % (g.pop.total() - n)
	}
	if c := cpuTime(); c > 0 {
		b.ReportMetric(float64(c-start)/float64(b.N*n), "cpu-ns/person")
	}
}

// One simulated encounter on one core: generated, decided through
// eligibility, referral, tariff and claim, and tallied.
func BenchmarkEncounter(b *testing.B) {
	rb, err := WithWorld(rules.Default())
	if err != nil {
		b.Fatal(err)
	}
	g, err := NewGenerator(rb, 2019, 1, 1000)
	if err != nil {
		b.Fatal(err)
	}
	table, err := SyntheticTable()
	if err != nil {
		b.Fatal(err)
	}
	x := &Decider{Rulebook: rb, Table: table}
	t := newTally()
	tr := newTreated(g.pop.total())
	var e Encounter
	var o Outcome
	var i int64
	defer cpuMetric(b, cpuTime())
	for b.Loop() {
		g.Fill(i, &e)
		if err := x.Decide(&e, &o); err != nil {
			b.Fatal(err)
		}
		t.add(&e, &o)
		if o.Paid {
			tr.set(e.Person)
		}
		i = (i + 7919) % g.Len() // a stride across the year's months and streams
	}
}
