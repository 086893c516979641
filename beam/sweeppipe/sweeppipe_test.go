package sweeppipe

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/passert"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/testing/ptest"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/simulate"
)

// The tests run on Prism, Beam's local runner, in process (ptest's
// default).
func TestMain(m *testing.M) { ptest.Main(m) }

const gridName = "sweep-type-b-discount.grid.yaml"

func job(t *testing.T) Job {
	t.Helper()
	j, err := ReadJob(os.DirFS("../../examples/reforms"), gridName)
	if err != nil {
		t.Fatal(err)
	}
	j.Seeds, j.Scale, j.Chunk = 3, 2, 1000
	return j
}

// The same sweep gives the same per-seed totals in process
// (simulate.Sweep) and on Beam (Prism), to the rupiah: every cell and
// the baseline, every seed, every count.
func TestSameTotalsInProcessAndOnBeam(t *testing.T) {
	j := job(t)
	g, err := simulate.ParseGrid(os.DirFS("../../examples/reforms"), gridName, rules.Default())
	if err != nil {
		t.Fatal(err)
	}
	res, err := simulate.Sweep(context.Background(), simulate.SweepConfig{Grid: g, Baseline: rules.Default(), Seeds: j.Seeds, Scale: j.Scale})
	if err != nil {
		t.Fatal(err)
	}
	var want []any
	line := func(tot Total) {
		b, err := json.Marshal(tot)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, string(b))
	}
	for _, cr := range res.Cells {
		for _, r := range cr.Runs {
			line(Total{Cell: int64(cr.Cell), Name: cr.Name, Year: int64(cr.Year), Seed: int64(r.Seed), Total: r.Reform})
			if cr.Cell == 0 {
				line(Total{Cell: -1, Name: "baseline", Year: int64(cr.Year), Seed: int64(r.Seed), Total: r.Baseline})
			}
		}
	}
	if len(want) != (18+1)*3 {
		t.Fatalf("%d expected lines", len(want))
	}
	p, s := beam.NewPipelineWithRoot()
	out, err := Build(s, j)
	if err != nil {
		t.Fatal(err)
	}
	passert.Equals(s, out, want...)
	if err := ptest.Run(p); err != nil {
		t.Fatal(err)
	}
}

// A failing work item fails the job, and the error names the cell and
// the seed.
func TestFailureNamesCellAndSeed(t *testing.T) {
	j := job(t)
	j.Seeds, j.FailCell, j.FailSeed = 2, 5, 2
	p, s := beam.NewPipelineWithRoot()
	if _, err := Build(s, j); err != nil {
		t.Fatal(err)
	}
	err := ptest.Run(p)
	if err == nil {
		t.Fatal("the job succeeded")
	}
	for _, want := range []string{"cell 5 (type_b=15, no-puskesmas-referral)", "year 2019, seed 2"} {
		if !contains(err.Error(), want) {
			t.Errorf("the error does not name %q: %v", want, err)
		}
	}
}

// A bad grid fails when the job is built, before the pipeline runs.
func TestBadGridFailsBeforeTheRun(t *testing.T) {
	j := job(t)
	j.Files[gridName] = []byte("name: x\naxes: []\n")
	_, s := beam.NewPipelineWithRoot()
	if _, err := Build(s, j); err == nil || !contains(err.Error(), "the grid is empty") {
		t.Fatalf("got %v", err)
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
