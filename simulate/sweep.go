package simulate

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
)

// SpreadNote says what a sweep's spread captures, and what it does not;
// every sweep report carries it.
const SpreadNote = "The spread (min, P5, median, P95, max over the seeds; nearest-rank percentiles) " +
	"captures the synthetic world's randomness only: which encounters, hospitals and defects each seed draws. " +
	"It does not capture the uncertainty of the made-up rates (care types, defects, hospital shares), " +
	"the SYNTHETIC hospital types and INA-CBG amounts, or the calibration targets: those are the same in every seed, " +
	"so the true uncertainty of a cost is wider than the band."

// SweepConfig is a sweep: every cell of a grid compared with the
// baseline, for every year and seed.
type SweepConfig struct {
	Grid     *Grid
	Baseline *rules.Rulebook
	// Years, Seeds and Scale override the grid's when set; the seeds
	// run are 1 to Seeds.
	Years []int
	Seeds int
	Scale int64
	// Workers is the number of goroutines (0: runtime.GOMAXPROCS).
	Workers int
	// Progress, if set, is called with the encounters decided so far and
	// the sweep's total (every cell and the baseline, every year and
	// seed), from the workers, concurrently.
	Progress func(done, total int64)
	// Each, if set, receives every cell's comparison with the baseline
	// for one year and seed (today's report of Run), in the order of
	// cells, years and seeds, as soon as the cell is done; the sweep
	// keeps none of them, so memory does not grow with the grid. An
	// error stops the sweep.
	Each func(cell *Cell, c *Comparison) error
}

// Spread is a figure's spread over the seeds, in whole rupiah (or
// counts): the smallest, the nearest-rank 5th percentile, median (the
// lower middle of an even number of seeds), 95th percentile, and the
// largest.
type Spread struct {
	Min    int64 `json:"min"`
	P5     int64 `json:"p5"`
	Median int64 `json:"median"`
	P95    int64 `json:"p95"`
	Max    int64 `json:"max"`
}

// spreadOf is the spread of xs (nearest rank: the p-th percentile is the
// value at rank ceil(p N / 100)).
func spreadOf(xs []int64) Spread {
	if len(xs) == 0 {
		return Spread{}
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	rank := func(p int) int64 {
		r := (p*len(s) + 99) / 100
		return s[max(r, 1)-1]
	}
	return Spread{Min: s[0], P5: rank(5), Median: rank(50), P95: rank(95), Max: s[len(s)-1]}
}

// SeedRun is one seed's totals of a cell in a year: the encounters'
// (Count) and the people's (People), under the baseline and the reform,
// as Run reports them; the reform's Gained and Lost are against the
// baseline (Run's Difference.People).
type SeedRun struct {
	Seed           uint64 `json:"seed"`
	Baseline       Count  `json:"baseline"`
	Reform         Count  `json:"reform"`
	BaselinePeople People `json:"baseline_people"`
	ReformPeople   People `json:"reform_people"`
}

// CellResult is one cell of a sweep in one year: each seed's totals and
// the spread of each figure over the seeds.
type CellResult struct {
	Cell     int       `json:"cell"`
	Name     string    `json:"name"`
	Settings []Setting `json:"settings"`
	Year     int       `json:"year"`
	Runs     []SeedRun `json:"runs"`
	// Cost is what Jamkesda pays under the reform, Difference the reform's
	// cost minus the baseline's, PatientCost what patients or other payers
	// owe under the reform; BaselineCost is the baseline's cost.
	Cost         Spread `json:"cost"`
	Difference   Spread `json:"difference"`
	PatientCost  Spread `json:"patient_cost"`
	BaselineCost Spread `json:"baseline_cost"`
	// SJP (encounters covered) and Paid (claims paid) under the reform.
	SJP  Spread `json:"sjp"`
	Paid Spread `json:"paid"`
	// PeopleCovered is the persons covered on 1 July under the reform,
	// PeopleGained and PeopleLost those who gain or lose cover against the
	// baseline, and CostPerCovered the reform's cost per person covered
	// (whole rupiah, half up).
	PeopleCovered  Spread `json:"people_covered"`
	PeopleGained   Spread `json:"people_gained"`
	PeopleLost     Spread `json:"people_lost"`
	CostPerCovered Spread `json:"cost_per_covered"`
}

// SweepResult is a sweep's outcome: per cell and year, the seeds'
// totals and their spread.
type SweepResult struct {
	Grid     string `json:"grid"`
	File     string `json:"file"`
	Years    []int  `json:"years"`
	Seeds    int    `json:"seeds"`
	Scale    int64  `json:"scale_permill"`
	Baseline string `json:"baseline"`
	// Encounters is the number of encounters decided, under every
	// rulebook (the baseline and each cell), every year and seed.
	Encounters int64        `json:"encounters"`
	World      string       `json:"world"`
	Table      string       `json:"inacbg_table"`
	Spread     string       `json:"spread_note"`
	Cells      []CellResult `json:"cells"`
}

// WorkItem is a sweep's unit of work: encounters [From, To) of a year and
// seed decided under one cell's rulebook (Cell -1: the baseline).
type WorkItem struct {
	Cell int    `json:"cell"`
	Year int    `json:"year"`
	Seed uint64 `json:"seed"`
	From int64  `json:"from"`
	To   int64  `json:"to"`
}

// SweepPlan is a sweep made ready to run: the baseline on the synthetic
// world, the synthetic INA-CBG table, and the generator of every year
// and seed. The in-process runner (Sweep) and a distributed one (the
// beam module) both decide work items with its Decide, so they give the
// same totals. It is safe for concurrent use.
type SweepPlan struct {
	grid  *Grid
	base  *rules.Rulebook // the baseline as given
	world *rules.Rulebook // the baseline on the synthetic world
	years []int
	seeds int
	scale int64
	table *tariff.Table
	gens  []*Generator // by year, then seed

	mu    sync.Mutex
	cells map[int]*rules.Rulebook // the cells' rulebooks on the synthetic world, a few at a time
}

// NewSweepPlan checks the configuration and prepares the sweep.
func NewSweepPlan(cfg SweepConfig) (*SweepPlan, error) {
	if cfg.Grid == nil || len(cfg.Grid.Cells) == 0 {
		return nil, errors.New("simulate: a sweep needs a grid with at least one cell")
	}
	if cfg.Baseline == nil {
		return nil, errors.New("simulate: a sweep needs a baseline rulebook")
	}
	p := &SweepPlan{grid: cfg.Grid, base: cfg.Baseline, years: cfg.Years, seeds: cfg.Seeds, scale: cfg.Scale, cells: map[int]*rules.Rulebook{}}
	if len(p.years) == 0 {
		p.years = cfg.Grid.Years
	}
	if p.seeds == 0 {
		p.seeds = cfg.Grid.Seeds
	}
	if p.scale == 0 {
		p.scale = cfg.Grid.Scale
	}
	if len(p.years) == 0 || p.seeds <= 0 || p.scale <= 0 {
		return nil, fmt.Errorf("simulate: a sweep needs years, seeds and a scale: %v, %d, %d", p.years, p.seeds, p.scale)
	}
	var err error
	if p.world, err = WithWorld(cfg.Baseline); err != nil {
		return nil, fmt.Errorf("simulate: the synthetic world does not apply to the baseline: %w", err)
	}
	if p.table, err = SyntheticTable(); err != nil {
		return nil, err
	}
	for _, y := range p.years {
		for s := 1; s <= p.seeds; s++ {
			g, err := NewGenerator(p.world, y, uint64(s), p.scale)
			if err != nil {
				return nil, err
			}
			p.gens = append(p.gens, g)
		}
	}
	return p, nil
}

// Grid is the plan's grid.
func (p *SweepPlan) Grid() *Grid { return p.grid }

// Years, Seeds and Scale are what the plan runs.
func (p *SweepPlan) Years() []int { return slices.Clone(p.years) }

// Seeds is the number of seeds (1 to Seeds).
func (p *SweepPlan) Seeds() int { return p.seeds }

// Scale is the volume in per mille of the city.
func (p *SweepPlan) Scale() int64 { return p.scale }

func (p *SweepPlan) gen(year int, seed uint64) (*Generator, error) {
	y := slices.Index(p.years, year)
	if y < 0 || seed < 1 || seed > uint64(p.seeds) {
		return nil, fmt.Errorf("simulate: the sweep runs no year %d and seed %d", year, seed)
	}
	return p.gens[y*p.seeds+int(seed-1)], nil
}

// Len is the number of encounters of a year and seed.
func (p *SweepPlan) Len(year int, seed uint64) int64 {
	g, err := p.gen(year, seed)
	if err != nil {
		return 0
	}
	return g.Len()
}

// Items lists every work item of the sweep, the baseline first, then
// the cells, by year, seed and chunks of at most chunk encounters.
func (p *SweepPlan) Items(chunk int64) []WorkItem {
	if chunk <= 0 {
		chunk = 4096
	}
	var out []WorkItem
	for c := -1; c < len(p.grid.Cells); c++ {
		for _, y := range p.years {
			for s := 1; s <= p.seeds; s++ {
				n := p.Len(y, uint64(s))
				for from := int64(0); from < n; from += chunk {
					out = append(out, WorkItem{Cell: c, Year: y, Seed: uint64(s), From: from, To: min(from+chunk, n)})
				}
			}
		}
	}
	return out
}

// CellName names cell c (-1: the baseline).
func (p *SweepPlan) CellName(c int) string {
	if c < 0 || c >= len(p.grid.Cells) {
		return "baseline"
	}
	return p.grid.Cells[c].Name
}

// rulebook is cell c's rulebook on the synthetic world (-1: the
// baseline's), built on first use and kept for a few cells.
func (p *SweepPlan) rulebook(c int) (*rules.Rulebook, error) {
	if c == -1 {
		return p.world, nil
	}
	if c < -1 || c >= len(p.grid.Cells) {
		return nil, fmt.Errorf("simulate: the grid has no cell %d", c)
	}
	p.mu.Lock()
	rb := p.cells[c]
	p.mu.Unlock()
	if rb != nil {
		return rb, nil
	}
	rb, err := p.buildCell(c)
	if err != nil {
		return nil, err
	}
	p.mu.Lock()
	if len(p.cells) >= 16 {
		clear(p.cells)
	}
	p.cells[c] = rb
	p.mu.Unlock()
	return rb, nil
}

func (p *SweepPlan) buildCell(c int) (*rules.Rulebook, error) {
	cell := &p.grid.Cells[c]
	rb, err := cell.rulebook(p.base)
	if err != nil {
		return nil, fmt.Errorf("simulate: cell %d (%s): %w", c, cell.Name, err)
	}
	w, err := WithWorld(rb)
	if err != nil {
		return nil, fmt.Errorf("simulate: cell %d (%s): the synthetic world does not apply: %w", c, cell.Name, err)
	}
	return w, nil
}

// Decide decides the work item's encounters under its cell's rulebook
// and returns their total. An error names the cell, year, seed and
// encounter.
func (p *SweepPlan) Decide(w WorkItem) (Count, error) { return p.DecidePaid(w, nil) }

// decideRange is the one loop both runners use; paid, if set, is called
// with the person of each paid encounter.
func (p *SweepPlan) decideRange(w WorkItem, g *Generator, d *Decider, t *tally, e *Encounter, paid func(int64)) error {
	if w.From < 0 || w.To > g.Len() || w.From > w.To {
		return fmt.Errorf("simulate: cell %d (%s), year %d, seed %d: no encounters [%d, %d) in %d", w.Cell, p.CellName(w.Cell), w.Year, w.Seed, w.From, w.To, g.Len())
	}
	var o Outcome
	for i := w.From; i < w.To; i++ {
		g.Fill(i, e)
		if err := d.Decide(e, &o); err != nil {
			return fmt.Errorf("simulate: cell %d (%s), year %d, seed %d: encounter %d: %w", w.Cell, p.CellName(w.Cell), w.Year, w.Seed, i, err)
		}
		t.add(e, &o)
		if o.Paid && paid != nil {
			paid(e.Person)
		}
	}
	return nil
}

// Sweep runs every cell of the grid against the baseline, for every year
// and seed, on all cores: the baseline first, then cell after cell, each
// cell's (year, seed, chunk) work items shared by the workers. A cell's
// comparisons go to cfg.Each as soon as it is done, and only their
// totals are kept, so memory grows with cells x years x seeds totals,
// never with encounters. People are counted as Run counts them: a
// per-person pass per year and seed before the cells (persons by the
// signature the eligibility decision reads, decided under each cell's
// rulebook), and while a cell runs, a treated set (one bit per person)
// per year and seed, dropped when the cell is done. The tallies are integer sums, so the result is
// the same, byte for byte, whatever the number of workers.
func Sweep(ctx context.Context, cfg SweepConfig) (*SweepResult, error) {
	p, err := NewSweepPlan(cfg)
	if err != nil {
		return nil, err
	}
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	var perRulebook int64
	for _, g := range p.gens {
		perRulebook += g.Len()
	}
	total := perRulebook * int64(len(p.grid.Cells)+1)
	var done atomic.Int64
	res := &SweepResult{Grid: p.grid.Name, File: p.grid.File, Years: p.years, Seeds: p.seeds, Scale: p.scale,
		Baseline: Label(cfg.Baseline), Encounters: total, World: WorldName, Table: TableName, Spread: SpreadNote}
	persons, err := p.personPass(ctx, workers)
	if err != nil {
		return nil, err
	}
	// people is cell c's people of year and seed k, from the per-person
	// pass and the cell's treated set.
	people := func(c, k int, tr treated, cost int64) (People, error) {
		g := p.gens[k]
		pc, err := p.covered(c, g, persons[k])
		if err != nil {
			return People{}, err
		}
		pc.Plus(p.countTreated(g, tr))
		return p.People(g.plan.year, g.seed, pc, cost), nil
	}
	baseTallies, baseTreated, err := p.runCell(ctx, -1, workers, cfg.Progress, &done, total)
	if err != nil {
		return nil, err
	}
	baseReports := make([]Report, len(baseTallies))
	for i, t := range baseTallies {
		baseReports[i] = t.report(Label(cfg.Baseline), p.world.Revision())
		if baseReports[i].People, err = people(-1, i, baseTreated[i], t.total.Cost); err != nil {
			return nil, err
		}
	}
	for c := range p.grid.Cells {
		cell := &p.grid.Cells[c]
		tallies, tr, err := p.runCell(ctx, c, workers, cfg.Progress, &done, total)
		if err != nil {
			return nil, err
		}
		rb, err := p.rulebook(c)
		if err != nil {
			return nil, err
		}
		for y, year := range p.years {
			cr := CellResult{Cell: c, Name: cell.Name, Settings: cell.Settings, Year: year}
			for s := 1; s <= p.seeds; s++ {
				k := y*p.seeds + s - 1
				b := &baseReports[k]
				rp, err := people(c, k, tr[k], tallies[k].total.Cost)
				if err != nil {
					return nil, err
				}
				cr.Runs = append(cr.Runs, SeedRun{Seed: uint64(s), Baseline: b.Total, Reform: tallies[k].total,
					BaselinePeople: b.People, ReformPeople: rp})
				if cfg.Each != nil {
					cmp := &Comparison{Year: year, Seed: uint64(s), Scale: p.scale, Encounters: p.gens[k].Len(),
						World: WorldName, Table: TableName, Baseline: *b,
						Reform: tallies[k].report(cell.Name, rb.Revision())}
					cmp.Difference = difference(&cmp.Baseline, &cmp.Reform)
					// The report's reform counts no Gained and Lost: the
					// difference does (as in Run).
					cmp.Reform.People = rp
					cmp.Reform.People.Gained, cmp.Reform.People.Lost = 0, 0
					cmp.Difference.People = cmp.Reform.People.minus(b.People, rp)
					if err := cfg.Each(cell, cmp); err != nil {
						return nil, err
					}
				}
			}
			cr.spreads()
			res.Cells = append(res.Cells, cr)
		}
	}
	return res, nil
}

// spreads computes the spreads from the runs.
func (cr *CellResult) spreads() {
	pick := func(f func(r *SeedRun) int64) Spread {
		xs := make([]int64, len(cr.Runs))
		for i := range cr.Runs {
			xs[i] = f(&cr.Runs[i])
		}
		return spreadOf(xs)
	}
	cr.Cost = pick(func(r *SeedRun) int64 { return r.Reform.Cost })
	cr.Difference = pick(func(r *SeedRun) int64 { return r.Reform.Cost - r.Baseline.Cost })
	cr.PatientCost = pick(func(r *SeedRun) int64 { return r.Reform.PatientCost })
	cr.BaselineCost = pick(func(r *SeedRun) int64 { return r.Baseline.Cost })
	cr.SJP = pick(func(r *SeedRun) int64 { return r.Reform.SJP })
	cr.Paid = pick(func(r *SeedRun) int64 { return r.Reform.Paid })
	cr.PeopleCovered = pick(func(r *SeedRun) int64 { return r.ReformPeople.Covered })
	cr.PeopleGained = pick(func(r *SeedRun) int64 { return r.ReformPeople.Gained })
	cr.PeopleLost = pick(func(r *SeedRun) int64 { return r.ReformPeople.Lost })
	cr.CostPerCovered = pick(func(r *SeedRun) int64 { return r.ReformPeople.CostPerCovered })
}

// runCell decides every year and seed of cell c with the workers and
// returns a tally and a treated set (the persons with a paid claim) per
// year and seed.
func (p *SweepPlan) runCell(ctx context.Context, c, workers int, progress func(int64, int64), done *atomic.Int64, total int64) ([]*tally, []treated, error) {
	rb, err := p.rulebook(c)
	if err != nil {
		return nil, nil, err
	}
	sets := make([]treated, len(p.gens))
	marks := make([]func(int64), len(p.gens))
	for k, g := range p.gens {
		sets[k] = newTreated(g.pop.total())
		marks[k] = sets[k].set
	}
	var items []WorkItem
	for _, y := range p.years {
		for s := 1; s <= p.seeds; s++ {
			n := p.Len(y, uint64(s))
			for from := int64(0); from < n; from += chunk {
				items = append(items, WorkItem{Cell: c, Year: y, Seed: uint64(s), From: from, To: min(from+chunk, n)})
			}
		}
	}
	var next atomic.Int64
	parts := make([][]*tally, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mine := make([]*tally, len(p.gens))
			parts[w] = mine
			d := &Decider{Rulebook: rb, Table: p.table}
			var e Encounter
			for {
				if err := ctx.Err(); err != nil {
					errs[w] = err
					return
				}
				i := next.Add(1) - 1
				if i >= int64(len(items)) {
					return
				}
				it := items[i]
				k := slices.Index(p.years, it.Year)*p.seeds + int(it.Seed-1)
				if mine[k] == nil {
					mine[k] = newTally()
				}
				if err := p.decideRange(it, p.gens[k], d, mine[k], &e, marks[k]); err != nil {
					errs[w] = err
					next.Store(int64(len(items))) // the others stop too
					return
				}
				n := done.Add(it.To - it.From)
				if progress != nil {
					progress(n, total)
				}
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, nil, err
	}
	out := make([]*tally, len(p.gens))
	for k := range out {
		out[k] = newTally()
		for _, mine := range parts {
			if mine[k] != nil {
				out[k].merge(mine[k])
			}
		}
	}
	return out, sets, nil
}
