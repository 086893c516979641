package simulate

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kartusehat/kartusehat/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A grid whose cells change who is covered (the city's PBI members) and
// who is treated (the puskesmas referral dropped), at a small scale.
const peopleGrid = `name: orang
years: [2019]
seeds: 2
scale: 2
axes:
  - overlays: [none, referral.yaml, pbi.yaml]
`

func peopleGridFS() fstest.MapFS {
	return fstest.MapFS{
		"grids/grid.yaml":     {Data: []byte(peopleGrid)},
		"grids/referral.yaml": {Data: []byte(referralDropped)},
		"grids/pbi.yaml":      {Data: []byte(cityPBICovered)},
	}
}

func parsePeopleGrid(t testing.TB) *Grid {
	t.Helper()
	g, err := ParseGrid(peopleGridFS(), "grids/grid.yaml", rules.Default())
	require.NoError(t, err)
	return g
}

// Each (cell, year, seed) of a sweep counts the same people as Run of
// that cell's rulebook and seed, to the person: covered, treated (and
// card holders among them), gained, lost, cost per person; in the sweep's
// runs, in its per-cell comparisons (Each), and in the spread.
func TestSweepPeopleAreRuns(t *testing.T) {
	g := parsePeopleGrid(t)
	var each []*Comparison
	r, err := Sweep(context.Background(), SweepConfig{Grid: g, Baseline: rules.Default(), Workers: 3,
		Each: func(_ *Cell, c *Comparison) error { each = append(each, c); return nil }})
	require.NoError(t, err)
	require.Len(t, r.Cells, 3)
	require.Len(t, each, 3*2)
	for c, cr := range r.Cells {
		rb, err := g.Cells[c].rulebook(rules.Default())
		require.NoError(t, err)
		var covered []int64
		for s, run := range cr.Runs {
			cmp := run2(t, Config{Year: 2019, Seed: run.Seed, Baseline: rules.Default(), Reform: rb, Scale: 2})
			assert.Equal(t, cmp.Baseline.People, run.BaselinePeople, "cell %d seed %d", c, run.Seed)
			want := cmp.Reform.People
			want.Gained, want.Lost = cmp.Difference.People.Gained, cmp.Difference.People.Lost
			assert.Equal(t, want, run.ReformPeople, "cell %d seed %d", c, run.Seed)
			e := each[c*2+s]
			assert.Equal(t, cmp.Baseline.People, e.Baseline.People, "Each: cell %d seed %d", c, run.Seed)
			assert.Equal(t, cmp.Reform.People, e.Reform.People, "Each: cell %d seed %d", c, run.Seed)
			assert.Equal(t, cmp.Difference.People, e.Difference.People, "Each: cell %d seed %d", c, run.Seed)
			assert.Positive(t, run.ReformPeople.Treated)
			covered = append(covered, run.ReformPeople.Covered)
		}
		assert.Equal(t, min(covered[0], covered[1]), cr.PeopleCovered.Min)
		assert.Equal(t, max(covered[0], covered[1]), cr.PeopleCovered.Max)
		assert.Equal(t, min(covered[0], covered[1]), cr.PeopleCovered.Median, "the lower of two")
	}
	// The referral changes who is treated, not who is covered; covering
	// the city's PBI members gains people and loses none.
	none, ref, pbi := &r.Cells[0], &r.Cells[1], &r.Cells[2]
	assert.Equal(t, none.PeopleCovered, ref.PeopleCovered)
	assert.Zero(t, ref.PeopleGained.Max)
	assert.Greater(t, ref.Runs[0].ReformPeople.Treated, none.Runs[0].ReformPeople.Treated)
	assert.Positive(t, pbi.PeopleGained.Min)
	assert.Zero(t, pbi.PeopleLost.Max)
	for s := range pbi.Runs {
		assert.Equal(t, pbi.Runs[s].ReformPeople.Covered-none.Runs[s].ReformPeople.Covered, pbi.Runs[s].ReformPeople.Gained)
	}
	assert.Equal(t, pbi.Runs[0].ReformPeople.CostPerCovered, pbi.CostPerCovered.Min+pbi.CostPerCovered.Max-pbi.Runs[1].ReformPeople.CostPerCovered)
}

// The parts a distributed runner computes add up to the sweep's people:
// the per-person pass by chunks of persons (CountPeople) for covered,
// gained, lost and JKN, and the paid persons of each work item
// (DecidePaid) united per block of persons and counted once per block
// (CountTreated) for treated. A person paid in two work items is counted
// once.
func TestSweepPlanPeopleAddUp(t *testing.T) {
	g := parsePeopleGrid(t)
	cfg := SweepConfig{Grid: g, Baseline: rules.Default(), Seeds: 2}
	r, _ := sweep(t, cfg)
	p, err := NewSweepPlan(cfg)
	require.NoError(t, err)
	type key struct {
		cell int
		seed uint64
	}
	type bkey struct {
		key
		block int64
	}
	parts := map[key]PeopleCount{}
	counts := map[key]Count{}
	blocks := map[bkey][]uint64{}
	var paidTwice bool
	for c := -1; c < len(g.Cells); c++ {
		for s := uint64(1); s <= 2; s++ {
			k := key{c, s}
			n := p.Population(2019, s)
			require.Positive(t, n)
			for from := int64(0); from < n; from += 10_000 { // not a multiple of 64: any cut adds up
				pc, err := p.CountPeople(WorkItem{Cell: c, Year: 2019, Seed: s, From: from, To: min(from+10_000, n)})
				require.NoError(t, err)
				x := parts[k]
				x.Plus(pc)
				parts[k] = x
			}
			seen := map[int64]int{}
			for from := int64(0); from < p.Len(2019, s); from += 1000 {
				item := map[int64]bool{}
				cnt, err := p.DecidePaid(WorkItem{Cell: c, Year: 2019, Seed: s, From: from, To: min(from+1000, p.Len(2019, s))}, func(person int64) {
					item[person] = true
					b := bkey{k, person / PersonBlock}
					if blocks[b] == nil {
						blocks[b] = make([]uint64, PersonBlock/64)
					}
					blocks[b][person%PersonBlock/64] |= 1 << (person % 64)
				})
				require.NoError(t, err)
				for person := range item {
					seen[person]++
					paidTwice = paidTwice || seen[person] > 1
				}
				x := counts[k]
				x.plus(cnt)
				counts[k] = x
			}
		}
	}
	assert.True(t, paidTwice, "some person is paid in two work items")
	for b, words := range blocks {
		pc, err := p.CountTreated(2019, b.seed, b.block*PersonBlock, words)
		require.NoError(t, err)
		x := parts[b.key]
		x.Plus(pc)
		parts[b.key] = x
	}
	for _, cr := range r.Cells {
		for _, run := range cr.Runs {
			k := key{cr.Cell, run.Seed}
			assert.Equal(t, run.Reform, counts[k])
			assert.Equal(t, run.ReformPeople, p.People(2019, run.Seed, parts[k], counts[k].Cost), "cell %d seed %d", cr.Cell, run.Seed)
			bk := key{-1, run.Seed}
			assert.Equal(t, run.BaselinePeople, p.People(2019, run.Seed, parts[bk], counts[bk].Cost), "baseline seed %d", run.Seed)
		}
	}
	_, err = p.CountPeople(WorkItem{Cell: 0, Year: 2019, Seed: 1, From: 5, To: 1 << 40})
	assert.ErrorContains(t, err, "cell 0 (no overlay), year 2019, seed 1: no persons")
	_, err = p.CountPeople(WorkItem{Cell: 7, Year: 2019, Seed: 1, To: 1})
	assert.ErrorContains(t, err, "no cell 7")
	_, err = p.CountTreated(2019, 1, 3, make([]uint64, 1))
	assert.ErrorContains(t, err, "no block of persons from 3")
	past := make([]uint64, p.Population(2019, 1)/64+1)
	past[len(past)-1] = 1 << 63 // a person past the population
	_, err = p.CountTreated(2019, 1, 0, past)
	assert.ErrorContains(t, err, "no person 5823 in 5810")
	_, err = p.CountTreated(2019, 9, 0, nil)
	assert.ErrorContains(t, err, "no year 2019 and seed 9")
	assert.Zero(t, p.Population(2018, 1))
}

// The table and the CSV rank by cost for the same coverage: the cells
// that cover the same people (median) form a group, the group that covers
// more first, and within a group the cheapest first; the people columns
// are filled.
func TestSweepRankedByCostForTheSameCoverage(t *testing.T) {
	r := &SweepResult{Years: []int{2019}, Cells: []CellResult{
		{Cell: 0, Name: "a", Year: 2019, PeopleCovered: Spread{Median: 100}, Cost: Spread{Median: 50}},
		{Cell: 1, Name: "b", Year: 2019, PeopleCovered: Spread{Median: 120}, Cost: Spread{Median: 90}},
		{Cell: 2, Name: "c", Year: 2019, PeopleCovered: Spread{Median: 100}, Cost: Spread{Median: 40}},
		{Cell: 3, Name: "d", Year: 2019, PeopleCovered: Spread{Median: 120}, Cost: Spread{Median: 80}},
		{Cell: 4, Name: "e", Year: 2019, PeopleCovered: Spread{Median: 100}, Cost: Spread{Median: 40}, SJP: Spread{Median: 9}},
		{Cell: 5, Name: "f", Year: 2018, PeopleCovered: Spread{Median: 1}, Cost: Spread{Median: 1000}},
	}}
	assert.Equal(t, []int{5, 3, 1, 4, 2, 0}, r.Ranked(), "by year, most covered first, then cheapest, then most SJP")

	g := parsePeopleGrid(t)
	res, _ := sweep(t, SweepConfig{Grid: g, Baseline: rules.Default()})
	var cb bytes.Buffer
	require.NoError(t, res.WriteCSV(&cb))
	lines := strings.Split(strings.TrimSpace(cb.String()), "\n")
	require.Len(t, lines, 4)
	head := strings.Split(lines[0], ",")
	col := func(row int, name string) string {
		for i, h := range head {
			if h == name {
				return strings.Split(lines[row], ",")[i]
			}
		}
		t.Fatalf("no column %s", name)
		return ""
	}
	assert.Equal(t, "pbi", col(1, "name")[:3], "covering the city's PBI members covers the most people")
	for row := 1; row <= 3; row++ {
		for _, name := range []string{"people_covered_min", "people_covered_median", "people_gained_max", "people_lost_max", "cost_per_covered_median"} {
			assert.NotEmpty(t, col(row, name), "row %d %s", row, name)
		}
	}
	assert.NotEqual(t, "0", col(1, "people_gained_min"))
	assert.Equal(t, "0", col(2, "people_gained_max"))
	var tb bytes.Buffer
	require.NoError(t, res.WriteTable(&tb))
	for _, want := range []string{"people covered median", "per person covered (Rp)", "Ranked by cost for the same coverage"} {
		assert.Contains(t, tb.String(), want)
	}
	var js bytes.Buffer
	require.NoError(t, res.WriteJSON(&js))
	var back struct {
		Cells []struct {
			PeopleCovered Spread `json:"people_covered"`
			Runs          []struct {
				ReformPeople People `json:"reform_people"`
			} `json:"runs"`
		} `json:"cells"`
	}
	require.NoError(t, json.Unmarshal(js.Bytes(), &back))
	assert.Equal(t, res.Cells[2].PeopleCovered, back.Cells[2].PeopleCovered)
	assert.Equal(t, res.Cells[2].Runs[1].ReformPeople, back.Cells[2].Runs[1].ReformPeople)
}
