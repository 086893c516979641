package simulate

import (
	"context"
	"flag"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kartusehat/kartusehat/rules"
	"pgregory.net/rapid"
)

// counts are a rulebook's figures summed encounter by encounter.
type counts struct {
	total, refused Count
	month          [12]Count
	service        map[string]Count
	hospital       map[string]Count
	refusal        map[string]Count
}

// addCount adds one outcome to c, field by field.
func addCount(c Count, o *Outcome) Count {
	c.Encounters++
	if o.SJP {
		c.SJP++
	}
	if o.Paid {
		c.Paid++
	}
	if o.Unpriced {
		c.Unpriced++
	}
	c.Cost += o.Cost
	c.PatientCost += o.PatientCost
	return c
}

func (c *counts) add(e *Encounter, o *Outcome) {
	c.total = addCount(c.total, o)
	c.month[e.Month-1] = addCount(c.month[e.Month-1], o)
	service := string(e.Episode.CareType)
	if o.Insidental {
		service = "insidental"
	}
	c.service[service] = addCount(c.service[service], o)
	c.hospital[e.Hospital] = addCount(c.hospital[e.Hospital], o)
	if o.Reason != "" {
		c.refused = addCount(c.refused, o)
		c.refusal[o.Reason] = addCount(c.refusal[o.Reason], o)
	}
}

// sameCounts fails t unless the report holds exactly the counts, and its
// breakdowns add up to its total.
func sameCounts(t *rapid.T, name string, r *Report, c *counts) {
	if r.Total != c.total {
		t.Fatalf("%s: total %+v; the encounters sum to %+v", name, r.Total, c.total)
	}
	if r.ByMonth != c.month {
		t.Fatalf("%s: by month %+v; the encounters sum to %+v", name, r.ByMonth, c.month)
	}
	for _, x := range []struct {
		what string
		got  map[string]Count
		want map[string]Count
		sum  Count
	}{{"by service", r.ByService, c.service, c.total}, {"by hospital", r.ByHospital, c.hospital, c.total}, {"refusals", r.Refusals, c.refusal, c.refused}} {
		var sum Count
		for k, v := range x.got {
			sum.plus(v)
			if x.want[k] != v {
				t.Fatalf("%s: %s %q: %+v; the encounters sum to %+v", name, x.what, k, v, x.want[k])
			}
		}
		if len(x.got) != len(x.want) || sum != x.sum {
			t.Fatalf("%s: %s adds up to %+v in %d rows; the encounters to %+v in %d", name, x.what, sum, len(x.got), x.sum, len(x.want))
		}
	}
	var months Count
	for _, m := range r.ByMonth {
		months.plus(m)
	}
	if months != r.Total {
		t.Fatalf("%s: the months add up to %+v, the total is %+v", name, months, r.Total)
	}
	want := int64(0)
	if priced := c.total.Paid - c.total.Unpriced; priced > 0 {
		want = (c.total.Cost + priced/2) / priced // whole rupiah, half up, over the priced claims
	}
	if r.AverageCost != want {
		t.Fatalf("%s: average cost %d; the encounters' is %d", name, r.AverageCost, want)
	}
}

// TestPropSimulationSums (issue 17, "Properties, not just examples"): on
// random small runs (100 by default: a year of 2017..2026, a seed, 1 or 2
// per mille of the city, 1 to 3 workers, the baseline alone or with a
// reform), the report's totals and breakdowns are the sums of its
// encounters, each generated and decided one by one with the Generator
// and a Decider, and the difference is the reform's less the baseline's.
// Under the race detector it runs 10 cases.
func TestPropSimulationSums(t *testing.T) {
	reforms := []*rules.Rulebook{nil, reform(t, referralDropped), reform(t, cityPBICovered)}
	table, err := SyntheticTable()
	if err != nil {
		t.Fatal(err)
	}
	if raceEnabled {
		// A case decides two small years, ~15 times slower under the race
		// detector: 10 cases there, as the other tests run smaller years.
		checks := flag.Lookup("rapid.checks")
		old := checks.Value.String()
		if n, _ := strconv.Atoi(old); n > 10 {
			require.NoError(t, checks.Value.Set("10"))
			defer checks.Value.Set(old)
		}
	}
	rapid.Check(t, func(t *rapid.T) {
		cfg := Config{Year: rapid.IntRange(2017, 2026).Draw(t, "year"), Seed: rapid.Uint64().Draw(t, "seed"),
			Scale: rapid.Int64Range(1, 2).Draw(t, "scale"), Workers: rapid.IntRange(1, 3).Draw(t, "workers"),
			Baseline: rules.Default(), Reform: rapid.SampledFrom(reforms).Draw(t, "reform")}
		c, err := Run(context.Background(), cfg)
		if err != nil {
			t.Fatal(err)
		}
		base, err := WithWorld(cfg.Baseline)
		if err != nil {
			t.Fatal(err)
		}
		reformBook := base
		if cfg.Reform != nil {
			if reformBook, err = WithWorld(cfg.Reform); err != nil {
				t.Fatal(err)
			}
		}
		g, err := NewGenerator(base, cfg.Year, cfg.Seed, cfg.Scale)
		if err != nil {
			t.Fatal(err)
		}
		if c.Encounters != g.Len() {
			t.Fatalf("%d encounters; the generator has %d", c.Encounters, g.Len())
		}
		bd, rd := &Decider{Rulebook: base, Table: table}, &Decider{Rulebook: reformBook, Table: table}
		bc := &counts{service: map[string]Count{}, hospital: map[string]Count{}, refusal: map[string]Count{}}
		rc := &counts{service: map[string]Count{}, hospital: map[string]Count{}, refusal: map[string]Count{}}
		var e Encounter
		var o Outcome
		for i := range g.Len() {
			g.Fill(i, &e)
			if err := bd.Decide(&e, &o); err != nil {
				t.Fatalf("encounter %d: %v", i, err)
			}
			bc.add(&e, &o)
			if err := rd.Decide(&e, &o); err != nil {
				t.Fatalf("encounter %d under the reform: %v", i, err)
			}
			rc.add(&e, &o)
		}
		sameCounts(t, "baseline", &c.Baseline, bc)
		sameCounts(t, "reform", &c.Reform, rc)
		if c.Difference.Total != c.Reform.Total.minus(c.Baseline.Total) {
			t.Fatalf("difference %+v; the reform less the baseline is %+v", c.Difference.Total, c.Reform.Total.minus(c.Baseline.Total))
		}
	})
}
