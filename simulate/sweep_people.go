package simulate

import (
	"context"
	"errors"
	"fmt"
	"math/bits"
	"sync"
	"sync/atomic"

	"github.com/kartusehat/kartusehat/eligibility"
)

// The people of a sweep. Run counts people by two passes (see "People"
// in the package documentation): a per-person pass that counts persons
// by the signature the eligibility decision reads, and a treated set
// filled by the encounters' paid claims. A sweep counts them the same
// way, in parts that add up, so that a distributed runner gives the same
// figures:
//
//   - the per-person pass does not depend on the rulebook: the sweep
//     counts each year and seed's signatures once and decides each
//     signature under every cell's rulebook and the baseline's (covered,
//     gained, lost); a distributed runner may instead count a chunk of
//     persons per (cell, year, seed) with CountPeople;
//   - a person is treated if any of their encounters is paid, so treated
//     is not a sum over encounter chunks: the in-process sweep keeps one
//     set per year and seed while a cell runs (a bit per person), and a
//     distributed runner collects the paid persons of each work item
//     (DecidePaid), unites them per block of persons (PersonBlock), and
//     counts each united block once (CountTreated). Uniting sets is exact
//     whatever the order or the grouping.

// PersonBlock is the number of persons in a block of the treated set a
// distributed runner unites (a multiple of 64).
const PersonBlock = 1 << 16

// PeopleCount is a part of the people of a (cell, year, seed): from a
// chunk of persons (Covered, Gained, Lost, JKN) or from a united block of
// the treated set (Treated, TreatedCard). Parts add up (Plus); People
// makes the report's figures from their sum.
type PeopleCount struct {
	// Covered is the persons covered on 1 July under the cell's rulebook;
	// Gained and Lost those covered under it and not the baseline's, and
	// the other way round.
	Covered int64 `json:"covered"`
	Gained  int64 `json:"gained"`
	Lost    int64 `json:"lost"`
	// JKN is the residents in JKN.
	JKN int64 `json:"jkn"`
	// Treated is the distinct persons with a paid claim, TreatedCard
	// those of them who hold a Kartu Sehat.
	Treated     int64 `json:"treated"`
	TreatedCard int64 `json:"treated_card"`
}

// Plus adds d to c.
func (c *PeopleCount) Plus(d PeopleCount) {
	c.Covered += d.Covered
	c.Gained += d.Gained
	c.Lost += d.Lost
	c.JKN += d.JKN
	c.Treated += d.Treated
	c.TreatedCard += d.TreatedCard
}

// Population is the number of persons of a year and seed (0 if the
// sweep runs no such year and seed).
func (p *SweepPlan) Population(year int, seed uint64) int64 {
	g, err := p.gen(year, seed)
	if err != nil {
		return 0
	}
	return g.pop.total()
}

// People makes a (cell, year, seed)'s people from the sum of its parts
// and the cell's cost (Count.Cost): what Run reports for the reform (the
// baseline, for cell -1), with Gained and Lost against the baseline.
func (p *SweepPlan) People(year int, seed uint64, c PeopleCount, cost int64) People {
	g, err := p.gen(year, seed)
	if err != nil {
		return People{}
	}
	return People{Population: g.pop.total(), Residents: g.pop.residents(), JKN: c.JKN,
		Covered: c.Covered, Treated: c.Treated, TreatedCard: c.TreatedCard,
		CostPerCovered: perPerson(cost, c.Covered), CostPerTreated: perPerson(cost, c.Treated),
		Gained: c.Gained, Lost: c.Lost}
}

// CountPeople is the per-person pass over persons [From, To) of the work
// item's year and seed: the persons covered under its cell's rulebook,
// gained and lost against the baseline's, and the residents in JKN.
func (p *SweepPlan) CountPeople(w WorkItem) (PeopleCount, error) {
	g, err := p.gen(w.Year, w.Seed)
	if err != nil {
		return PeopleCount{}, err
	}
	if w.From < 0 || w.To > g.pop.total() || w.From > w.To {
		return PeopleCount{}, fmt.Errorf("simulate: cell %d (%s), year %d, seed %d: no persons [%d, %d) in %d", w.Cell, p.CellName(w.Cell), w.Year, w.Seed, w.From, w.To, g.pop.total())
	}
	var t peopleTally
	g.countPeople(w.From, w.To, &t)
	return p.covered(w.Cell, g, &t)
}

// covered decides each signature of t under cell c's rulebook and the
// baseline's.
func (p *SweepPlan) covered(c int, g *Generator, t *peopleTally) (PeopleCount, error) {
	rb, err := p.rulebook(c)
	if err != nil {
		return PeopleCount{}, err
	}
	out := PeopleCount{JKN: t.jkn}
	var d eligibility.Decision
	for s, n := range t.bySignature {
		if n == 0 {
			continue
		}
		bc, err := g.covers(signature(s), p.world, &d)
		if err != nil {
			return PeopleCount{}, fmt.Errorf("simulate: year %d, seed %d: the per-person pass under the baseline: %w", g.plan.year, g.seed, err)
		}
		rc := bc
		if c >= 0 {
			if rc, err = g.covers(signature(s), rb, &d); err != nil {
				return PeopleCount{}, fmt.Errorf("simulate: cell %d (%s), year %d, seed %d: the per-person pass: %w", c, p.CellName(c), g.plan.year, g.seed, err)
			}
		}
		switch {
		case rc:
			out.Covered += n
			if !bc {
				out.Gained += n
			}
		case bc:
			out.Lost += n
		}
	}
	return out, nil
}

// DecidePaid is Decide that also calls paid with the person of every
// paid encounter (a person may come more than once); paid may be nil.
func (p *SweepPlan) DecidePaid(w WorkItem, paid func(person int64)) (Count, error) {
	rb, err := p.rulebook(w.Cell)
	if err != nil {
		return Count{}, err
	}
	g, err := p.gen(w.Year, w.Seed)
	if err != nil {
		return Count{}, err
	}
	t := newTally()
	d := &Decider{Rulebook: rb, Table: p.table}
	if err := p.decideRange(w, g, d, t, &Encounter{}, paid); err != nil {
		return Count{}, err
	}
	return t.total, nil
}

// CountTreated counts the persons of a united block of the treated set:
// bit i of words is person from+i (from a multiple of 64; the words may
// run past the population, their bits there unset). It returns Treated
// and TreatedCard.
func (p *SweepPlan) CountTreated(year int, seed uint64, from int64, words []uint64) (PeopleCount, error) {
	g, err := p.gen(year, seed)
	if err != nil {
		return PeopleCount{}, err
	}
	n := g.pop.total()
	if from < 0 || from%64 != 0 || from >= n {
		return PeopleCount{}, fmt.Errorf("simulate: year %d, seed %d: no block of persons from %d in %d", year, seed, from, n)
	}
	lo, hi := g.pop.start[catCard], g.pop.start[catCard+1]
	var out PeopleCount
	for i, w := range words {
		for w != 0 {
			b := int64(bits.TrailingZeros64(w))
			w &= w - 1
			x := from + 64*int64(i) + b
			if x >= n {
				return PeopleCount{}, fmt.Errorf("simulate: year %d, seed %d: no person %d in %d", year, seed, x, n)
			}
			out.Treated++
			if x >= lo && x < hi {
				out.TreatedCard++
			}
		}
	}
	return out, nil
}

// countTreated counts a whole treated set of a year and seed.
func (p *SweepPlan) countTreated(g *Generator, t treated) PeopleCount {
	return PeopleCount{Treated: t.count(0, g.pop.total()), TreatedCard: t.count(g.pop.start[catCard], g.pop.start[catCard+1])}
}

// personPass counts every year and seed's persons by signature, with the
// workers: one tally per year and seed.
func (p *SweepPlan) personPass(ctx context.Context, workers int) ([]*peopleTally, error) {
	var items []WorkItem
	for k, g := range p.gens {
		for from := int64(0); from < g.pop.total(); from += personChunk {
			items = append(items, WorkItem{Cell: k, From: from, To: min(from+personChunk, g.pop.total())})
		}
	}
	parts := make([][]peopleTally, workers)
	errs := make([]error, workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mine := make([]peopleTally, len(p.gens))
			parts[w] = mine
			for {
				if err := ctx.Err(); err != nil {
					errs[w] = err
					return
				}
				i := next.Add(1) - 1
				if i >= int64(len(items)) {
					return
				}
				it := items[i] // Cell holds the year and seed's index here
				p.gens[it.Cell].countPeople(it.From, it.To, &mine[it.Cell])
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	out := make([]*peopleTally, len(p.gens))
	for k := range out {
		out[k] = &peopleTally{}
		for _, mine := range parts {
			out[k].jkn += mine[k].jkn
			for s, n := range mine[k].bySignature {
				out[k].bySignature[s] += n
			}
		}
	}
	return out, nil
}
