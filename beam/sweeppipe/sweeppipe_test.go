package sweeppipe

import (
	"context"
	"encoding/json"
	"os"
	"testing"
	"testing/fstest"

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

// peopleGrid sweeps two type B discounts, each without a reform, without
// the puskesmas referral (more people treated) and with active JKN
// members covered (people gain cover).
const peopleGrid = `name: orang
years: [2019]
seeds: 3
scale: 2
instrument:
  id: Skenario Diskon B 2019
  level: perwal
  title: Skenario simulasi (hipotetis)
  in_force: 2019-01-01
  ref: Skenario Diskon B 2019
axes:
  - parameter: tariff.insidental.discount.type_b
    values: [15, 25]
    ref: Skenario Diskon B 2019 Ps.1
  - overlays: [none, no-puskesmas-referral.yaml, jkn-active-covered.yaml]
`

// reforms is examples/reforms with the people grid beside the example's.
func reforms(t *testing.T) fstest.MapFS {
	t.Helper()
	fsys := fstest.MapFS{"people.grid.yaml": {Data: []byte(peopleGrid)}}
	for _, name := range []string{"no-puskesmas-referral.yaml", "jkn-active-covered.yaml"} {
		data, err := os.ReadFile("../../examples/reforms/" + name)
		if err != nil {
			t.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: data}
	}
	return fsys
}

func job(t *testing.T) Job {
	t.Helper()
	j, err := ReadJob(os.DirFS("../../examples/reforms"), gridName)
	if err != nil {
		t.Fatal(err)
	}
	j.Seeds, j.Scale, j.Chunk, j.PersonChunk = 3, 2, 1000, 1000
	return j
}

// The same sweep gives the same per-seed totals and people in process
// (simulate.Sweep) and on Beam (Prism), to the rupiah and to the person:
// every cell and the baseline, every seed, every count, the people
// covered, gained, lost, treated (a union of each work item's paid
// persons, small person blocks here so that a key has several) and the
// cost per person.
func TestSameTotalsInProcessAndOnBeam(t *testing.T) {
	j, err := ReadJob(reforms(t), "people.grid.yaml")
	if err != nil {
		t.Fatal(err)
	}
	// Small chunks and blocks: a key's people come from many person
	// chunks, and its treated persons from many blocks, each the union
	// of many work items (a frequent user is paid in several).
	j.Chunk, j.PersonChunk, j.Block = 1000, 1000, 1024
	g, err := simulate.ParseGrid(reforms(t), "people.grid.yaml", rules.Default())
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
			if r.ReformPeople.Treated == 0 || r.ReformPeople.Covered == 0 {
				t.Fatalf("cell %d seed %d: no people %+v", cr.Cell, r.Seed, r.ReformPeople)
			}
			line(Total{Cell: int64(cr.Cell), Name: cr.Name, Year: int64(cr.Year), Seed: int64(r.Seed), Total: r.Reform, People: r.ReformPeople})
			if cr.Cell == 0 {
				line(Total{Cell: -1, Name: "baseline", Year: int64(cr.Year), Seed: int64(r.Seed), Total: r.Baseline, People: r.BaselinePeople})
			}
		}
	}
	var gained int64
	for _, cr := range res.Cells {
		gained += cr.PeopleGained.Min
	}
	if gained == 0 {
		t.Fatal("no cell gains people")
	}
	if len(want) != (6+1)*3 {
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
	j = job(t)
	j.Block = 100
	if _, err := Build(s, j); err == nil || !contains(err.Error(), "a positive multiple of 64, not 100") {
		t.Fatalf("a block of 100 persons: got %v", err)
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
