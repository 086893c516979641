package simulate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kartusehat/kartusehat/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const sweepInstrument = `
instrument:
  id: Skenario Diskon B 2019
  level: perwal
  title: Skenario simulasi (hipotetis)
  in_force: 2019-01-01
  ref: Skenario Diskon B 2019
`

// A small grid: three discounts, with and without the puskesmas referral.
const smallGrid = `name: kecil
years: [2019]
seeds: 3
scale: 2
` + sweepInstrument + `axes:
  - parameter: tariff.insidental.discount.type_b
    values: [10, 20, 30]
    ref: Skenario Diskon B 2019 Ps.1
  - overlays: [none, referral.yaml]
`

func gridFS(grid string) fstest.MapFS {
	return fstest.MapFS{
		"grids/grid.yaml":     {Data: []byte(grid)},
		"grids/referral.yaml": {Data: []byte(referralDropped)},
	}
}

func parseGrid(t testing.TB, grid string) *Grid {
	t.Helper()
	g, err := ParseGrid(gridFS(grid), "grids/grid.yaml", rules.Default())
	require.NoError(t, err)
	return g
}

// The example grid parses into the product of its axes: the type B
// discount from 10 % to 30 % in steps of 2.5 points (9 values) times
// with and without the puskesmas referral, the last axis fastest.
func TestParseExampleGrid(t *testing.T) {
	g, err := ParseGrid(os.DirFS("../examples/reforms"), "sweep-type-b-discount.grid.yaml", rules.Default())
	require.NoError(t, err)
	require.Len(t, g.Cells, 18)
	assert.Equal(t, []int{2019}, g.Years)
	assert.Equal(t, 10, g.Seeds)
	assert.Equal(t, "type_b=10, no overlay", g.Cells[0].Name)
	assert.Equal(t, "type_b=10, no-puskesmas-referral", g.Cells[1].Name)
	assert.Equal(t, "type_b=12.5, no overlay", g.Cells[2].Name)
	assert.Equal(t, "type_b=30, no-puskesmas-referral", g.Cells[17].Name)
	assert.Equal(t, []Setting{{Parameter: "tariff.insidental.discount.type_b", Value: "12.5"}, {Overlay: "none"}}, g.Cells[2].Settings)
	// The cell's rulebook holds the swept value from the instrument's
	// date, and the Perwal's 20 % before it.
	rb, err := g.Cells[3].rulebook(rules.Default())
	require.NoError(t, err)
	for _, tc := range []struct {
		on   rules.Date
		want string
	}{{rules.MustDate(2018, 12, 31), "20"}, {rules.MustDate(2019, 1, 1), "12.5"}} {
		v, _, err := rb.At(tc.on).Percent("tariff.insidental.discount.type_b")
		require.NoError(t, err)
		assert.Equal(t, tc.want, v.String(), tc.on)
	}
	v, _, err := rb.At(rules.MustDate(2019, 6, 1)).Bool("referral.puskesmas_referral_required")
	require.NoError(t, err)
	assert.False(t, v, "the second axis' overlay applies after the first")
}

// A bad grid is refused before any work: each problem with file:line,
// the cell and the field.
func TestParseGridRefuses(t *testing.T) {
	for _, tc := range []struct {
		name, grid string
		want       []string
	}{
		{"unknown key", "name: x\nyears: [2019]\nseedz: 3\n" + sweepInstrument + "axes:\n  - overlays: [referral.yaml]\n",
			[]string{`grids/grid.yaml:3: unknown key "seedz" in the grid`}},
		{"unknown key in an axis", "name: x\n" + sweepInstrument + "axes:\n  - parameter: tariff.insidental.discount.type_b\n    value: [10]\n",
			[]string{`grids/grid.yaml:11: unknown key "value" in axis 1`}},
		{"unknown parameter", "name: x\n" + sweepInstrument + "axes:\n  - parameter: tariff.insidental.discount.typ_b\n    values: [10]\n",
			[]string{`grids/grid.yaml:10: axis 1: unknown parameter "tariff.insidental.discount.typ_b"`}},
		{"a percent over 100", "name: x\n" + sweepInstrument + "axes:\n  - parameter: tariff.insidental.discount.type_b\n    values: [10, 120]\n",
			[]string{`grids/grid.yaml:11: cell 1 (type_b=120): axis 1: tariff.insidental.discount.type_b: 120 is outside 0-100`}},
		{"a bad value in a grid of two axes: the first cell that holds it", "name: x\n" + sweepInstrument + "axes:\n  - parameter: tariff.insidental.discount.type_b\n    values: [10, -5]\n  - overlays: [none, referral.yaml]\n",
			[]string{`grids/grid.yaml:11: cell 2 (type_b=-5, no overlay): axis 1: tariff.insidental.discount.type_b: -5 is negative`}},
		{"a value outside the options", "name: x\n" + sweepInstrument + "axes:\n  - parameter: money.rounding.mode\n    values: [half_even, half_up]\n",
			[]string{`grids/grid.yaml:11: cell 1 (mode=half_up): axis 1: money.rounding.mode: "half_up" is not one of its options (half_away_from_zero, half_even, toward_zero, away_from_zero)`}},
		{"a list entry outside the options", "name: x\n" + sweepInstrument + "axes:\n  - parameter: tariff.insidental.ownership\n    values: [[private], [private, public]]\n",
			[]string{`cell 1 (ownership=[private public]): axis 1: tariff.insidental.ownership: "public" is not one of its options (private, government)`}},
		{"a bool that is not", "name: x\n" + sweepInstrument + "axes:\n  - parameter: referral.puskesmas_referral_required\n    values: [yes]\n",
			[]string{`"yes" is not true or false`}},
		{"no axes", "name: x\nyears: [2019]\n", []string{"grids/grid.yaml:1: the grid is empty: give at least one axis under axes"}},
		{"empty axes", "name: x\naxes: []\n", []string{"grids/grid.yaml:2: the grid is empty"}},
		{"an empty file", "", []string{"the grid is empty"}},
		{"an empty range", "name: x\n" + sweepInstrument + "axes:\n  - parameter: tariff.insidental.discount.type_b\n    from: 30\n    to: 10\n    step: 2.5\n",
			[]string{"axis 1: a range needs from <= to and a positive step"}},
		{"no instrument", "name: x\naxes:\n  - parameter: tariff.insidental.discount.type_b\n    values: [10]\n",
			[]string{"grids/grid.yaml:3: axis 1: a parameter's values cite an instrument"}},
		{"a missing overlay", "name: x\naxes:\n  - overlays: [none, nope.yaml]\n", []string{"grids/grid.yaml:3: axis 1: overlay nope.yaml:"}},
		{"a value the rulebook refuses: the cell is named", "name: x\n" + sweepInstrument + "axes:\n  - overlays: [none, referral.yaml]\n  - parameter: tariff.insidental.discount.type_b\n    values: [10]\n    effective: 2016-01-01\n",
			[]string{"grids/grid.yaml:12: cell 0 (no overlay, type_b=10): "}},
		{"years out of range", "years: [1990]\naxes:\n  - overlays: [none]\n", []string{"grids/grid.yaml:1: a year must be a whole number from 2017 to 2100"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseGrid(gridFS(tc.grid), "grids/grid.yaml", rules.Default())
			require.Error(t, err)
			var ge *GridError
			require.True(t, errors.As(err, &ge), "%v", err)
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func sweep(t testing.TB, cfg SweepConfig) (*SweepResult, []byte) {
	t.Helper()
	var each bytes.Buffer
	cfg.Each = func(c *Cell, cmp *Comparison) error {
		each.WriteString(c.Name + "\n")
		return cmp.WriteJSON(&each)
	}
	r, err := Sweep(context.Background(), cfg)
	require.NoError(t, err)
	return r, each.Bytes()
}

func sweepBytes(t testing.TB, r *SweepResult) []byte {
	var b bytes.Buffer
	require.NoError(t, r.WriteJSON(&b))
	require.NoError(t, r.WriteCSV(&b))
	require.NoError(t, r.WriteTable(&b))
	return b.Bytes()
}

// The same sweep gives the same bytes on 1 worker and on 3, in its
// result and in every cell's comparison.
func TestSweepSameOnOneAndNWorkers(t *testing.T) {
	g := parseGrid(t, smallGrid)
	r1, e1 := sweep(t, SweepConfig{Grid: g, Baseline: rules.Default(), Workers: 1})
	r3, e3 := sweep(t, SweepConfig{Grid: g, Baseline: rules.Default(), Workers: 3})
	assert.Equal(t, string(sweepBytes(t, r1)), string(sweepBytes(t, r3)))
	assert.Equal(t, string(e1), string(e3))
	assert.Len(t, r1.Cells, 6)
	assert.Equal(t, 6*3, bytes.Count(e1, []byte(`"seed":`)), "one comparison per cell and seed")
}

// Each cell's per-seed totals are Run's for the same rulebooks, seed and
// scale: the sweep is today's report, cell by cell. The spread is the
// seeds' order statistics.
func TestSweepIsRunPerCell(t *testing.T) {
	g := parseGrid(t, smallGrid)
	r, _ := sweep(t, SweepConfig{Grid: g, Baseline: rules.Default(), Seeds: 2})
	require.Len(t, r.Cells, 6)
	for _, c := range []int{1, 4} {
		cr := r.Cells[c]
		rb, err := g.Cells[c].rulebook(rules.Default())
		require.NoError(t, err)
		costs := []int64{}
		for _, run := range cr.Runs {
			cmp := run2(t, Config{Year: 2019, Seed: run.Seed, Baseline: rules.Default(), Reform: rb, Scale: 2})
			assert.Equal(t, cmp.Baseline.Total, run.Baseline, "cell %d seed %d", c, run.Seed)
			assert.Equal(t, cmp.Reform.Total, run.Reform, "cell %d seed %d", c, run.Seed)
			costs = append(costs, run.Reform.Cost)
		}
		assert.Equal(t, min(costs[0], costs[1]), cr.Cost.Min)
		assert.Equal(t, max(costs[0], costs[1]), cr.Cost.Max)
		assert.Equal(t, cr.Cost.Min, cr.Cost.Median, "the median of two seeds is the lower")
		assert.Positive(t, cr.PeopleCovered.Min, "people are counted (TestSweepPeopleAreRuns)")
	}
	// Dropping the referral covers more and costs more than keeping it.
	assert.Greater(t, r.Cells[1].SJP.Median, r.Cells[0].SJP.Median)
	assert.Greater(t, r.Cells[1].Difference.Median, int64(0))
	assert.Equal(t, int64(0), r.Cells[2].Difference.Max, "type B at 20 %% is the baseline's rule")
}

func run2(t testing.TB, cfg Config) *Comparison { return run(t, cfg) }

// The work items a distributed runner decides add up to the in-process
// sweep's per-seed totals.
func TestSweepPlanItemsAddUp(t *testing.T) {
	g := parseGrid(t, smallGrid)
	cfg := SweepConfig{Grid: g, Baseline: rules.Default(), Seeds: 2}
	r, _ := sweep(t, cfg)
	p, err := NewSweepPlan(cfg)
	require.NoError(t, err)
	type key struct {
		cell int
		seed uint64
	}
	sums := map[key]Count{}
	for _, it := range p.Items(1000) {
		c, err := p.Decide(it)
		require.NoError(t, err)
		s := sums[key{it.Cell, it.Seed}]
		s.plus(c)
		sums[key{it.Cell, it.Seed}] = s
	}
	for _, cr := range r.Cells {
		for _, run := range cr.Runs {
			assert.Equal(t, run.Reform, sums[key{cr.Cell, run.Seed}])
			assert.Equal(t, run.Baseline, sums[key{-1, run.Seed}])
		}
	}
	_, err = p.Decide(WorkItem{Cell: 9, Year: 2019, Seed: 1, To: 1})
	assert.ErrorContains(t, err, "no cell 9")
	_, err = p.Decide(WorkItem{Cell: 0, Year: 2019, Seed: 7, To: 1})
	assert.ErrorContains(t, err, "no year 2019 and seed 7")
	_, err = p.Decide(WorkItem{Cell: 0, Year: 2019, Seed: 1, From: 5, To: 1 << 40})
	assert.ErrorContains(t, err, "cell 0 (type_b=10, no overlay), year 2019, seed 1: no encounters")
}

func TestSpreadOf(t *testing.T) {
	for _, tc := range []struct {
		in   []int64
		want Spread
	}{
		{nil, Spread{}},
		{[]int64{7}, Spread{7, 7, 7, 7, 7}},
		{[]int64{3, 1}, Spread{1, 1, 1, 3, 3}},
		{[]int64{5, 1, 4, 2, 3}, Spread{1, 1, 3, 5, 5}},
		// 20 values 1..20: P5 is rank 1, the median rank 10, P95 rank 19.
		{[]int64{20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, Spread{1, 1, 10, 19, 20}},
	} {
		assert.Equal(t, tc.want, spreadOf(tc.in), "%v", tc.in)
	}
}

// The outputs: JSON with the note on the spread, a CSV row per cell
// ranked by cost, and the table.
func TestSweepOutputs(t *testing.T) {
	g := parseGrid(t, smallGrid)
	r, _ := sweep(t, SweepConfig{Grid: g, Baseline: rules.Default(), Seeds: 2})
	var js bytes.Buffer
	require.NoError(t, r.WriteJSON(&js))
	var back map[string]any
	require.NoError(t, json.Unmarshal(js.Bytes(), &back))
	assert.Contains(t, back["spread_note"], "synthetic world's randomness")
	var cb bytes.Buffer
	require.NoError(t, r.WriteCSV(&cb))
	lines := strings.Split(strings.TrimSpace(cb.String()), "\n")
	require.Len(t, lines, 7)
	assert.True(t, strings.HasPrefix(lines[0], "rank,year,cell,name,seeds,cost_min,cost_p5,cost_median"))
	assert.Contains(t, lines[0], "people_covered_max")
	prev := int64(-1)
	for _, i := range r.Ranked() {
		require.Equal(t, r.Cells[0].PeopleCovered.Median, r.Cells[i].PeopleCovered.Median, "one group: the grid does not change cover")
		assert.GreaterOrEqual(t, r.Cells[i].Cost.Median, prev)
		prev = r.Cells[i].Cost.Median
	}
	var tb bytes.Buffer
	require.NoError(t, r.WriteTable(&tb))
	assert.Contains(t, tb.String(), "6 cells x 2 seeds x 1 years at 2 per mille")
	assert.Contains(t, tb.String(), "does not capture the uncertainty of the made-up rates")
}

// A failure names the cell, year and seed; a cancelled sweep stops.
func TestSweepErrors(t *testing.T) {
	g := parseGrid(t, smallGrid)
	_, err := Sweep(context.Background(), SweepConfig{Grid: g})
	assert.ErrorContains(t, err, "baseline")
	_, err = Sweep(context.Background(), SweepConfig{Baseline: rules.Default()})
	assert.ErrorContains(t, err, "at least one cell")
	_, err = Sweep(context.Background(), SweepConfig{Grid: g, Baseline: rules.Default(), Years: []int{2027}})
	assert.ErrorIs(t, err, rules.ErrNoCalendar)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = Sweep(ctx, SweepConfig{Grid: g, Baseline: rules.Default()})
	assert.ErrorIs(t, err, context.Canceled)
	stop := errors.New("disk full")
	_, err = Sweep(context.Background(), SweepConfig{Grid: g, Baseline: rules.Default(), Each: func(*Cell, *Comparison) error { return stop }})
	assert.ErrorIs(t, err, stop)
}
