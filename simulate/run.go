package simulate

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
	"github.com/shopspring/decimal"
)

// Config is one simulation run: a city year under a baseline rulebook and
// a reform.
type Config struct {
	Year int
	Seed uint64
	// Baseline and Reform are the rulebooks compared; Reform is usually
	// Baseline with an overlay (rules.Rulebook.Overlay), and nil runs the
	// baseline alone. The synthetic world (WithWorld) is applied to both
	// by Run.
	Baseline, Reform *rules.Rulebook
	// ReformName labels the reform in the report (default: Label).
	ReformName string
	// Workers is the number of goroutines (0: runtime.GOMAXPROCS).
	Workers int
	// Scale is per mille of the city's volume (0: 1000, the whole city).
	Scale int64
	// Progress, if set, is called with the number of encounters done and
	// the year's total after each chunk; it is called from the workers,
	// concurrently.
	Progress func(done, total int64)
}

// chunk is how many consecutive encounters a worker takes at a time,
// personChunk how many persons in the per-person pass.
const (
	chunk       = 4096
	personChunk = 1 << 16
)

// perPerson is cost/n in whole rupiah, half up (0 when n is 0).
func perPerson(cost, n int64) int64 {
	if n == 0 {
		return 0
	}
	return (cost + n/2) / n
}

// Run simulates the year under both rulebooks: every generated encounter
// goes through eligibility, referral, tariff and claim under each, and
// the tallies are summed in whole rupiah, so the comparison is the same,
// byte for byte, whatever the number of workers. Memory does not grow
// with the number of encounters.
func Run(ctx context.Context, cfg Config) (*Comparison, error) {
	if cfg.Baseline == nil {
		return nil, errors.New("simulate: a run needs a baseline rulebook")
	}
	only := cfg.Reform == nil // the baseline alone: the reform is the baseline
	if only {
		cfg.Reform = cfg.Baseline
	}
	if cfg.Scale == 0 {
		cfg.Scale = 1000
	}
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	base, err := WithWorld(cfg.Baseline)
	if err != nil {
		return nil, fmt.Errorf("simulate: the synthetic world does not apply to the baseline: %w", err)
	}
	reform, err := WithWorld(cfg.Reform)
	if err != nil {
		return nil, fmt.Errorf("simulate: the synthetic world does not apply to the reform: %w", err)
	}
	gen, err := NewGenerator(base, cfg.Year, cfg.Seed, cfg.Scale)
	if err != nil {
		return nil, err
	}
	table, err := SyntheticTable()
	if err != nil {
		return nil, err
	}
	name := cfg.ReformName
	if name == "" {
		name = Label(cfg.Reform)
	}
	total := gen.Len()
	var next, done, nextPerson atomic.Int64
	bt := newTreated(gen.pop.total())
	rt := bt
	if !only {
		rt = newTreated(gen.pop.total())
	}
	people := make([]*peopleTally, workers)
	parts := make([]*pair, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p := &pair{base: newTally(), reform: newTally()}
			parts[w] = p
			bw := &Decider{Rulebook: base, Table: table}
			rw := &Decider{Rulebook: reform, Table: table}
			var e Encounter
			var bo, ro Outcome
			for {
				if ctx.Err() != nil {
					errs[w] = ctx.Err()
					return
				}
				start := next.Add(chunk) - chunk
				if start >= total {
					break
				}
				end := min(start+chunk, total)
				for i := start; i < end; i++ {
					gen.Fill(i, &e)
					if err := bw.Decide(&e, &bo); err != nil {
						errs[w] = fmt.Errorf("simulate: encounter %d under the baseline: %w", i, err)
						return
					}
					if only {
						ro = bo
					} else if err := rw.Decide(&e, &ro); err != nil {
						errs[w] = fmt.Errorf("simulate: encounter %d under the reform: %w", i, err)
						return
					}
					p.base.add(&e, &bo)
					p.reform.add(&e, &ro)
					if bo.Paid {
						bt.set(e.Person)
					}
					if ro.Paid && !only {
						rt.set(e.Person)
					}
				}
				n := done.Add(end - start)
				if cfg.Progress != nil {
					cfg.Progress(n, total)
				}
			}
			// The per-person pass: every person once, by signature.
			pt := &peopleTally{}
			people[w] = pt // the merge skips a worker that returned early: its error ends the run
			for {
				if ctx.Err() != nil {
					errs[w] = ctx.Err()
					return
				}
				start := nextPerson.Add(personChunk) - personChunk
				if start >= gen.pop.total() {
					return
				}
				gen.countPeople(start, min(start+personChunk, gen.pop.total()), pt)
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	b, r := newTally(), newTally()
	for _, p := range parts {
		b.merge(p.base)
		r.merge(p.reform)
	}
	c := &Comparison{Year: cfg.Year, Seed: cfg.Seed, Encounters: total, Scale: cfg.Scale,
		World: WorldName, Table: TableName,
		Baseline: b.report(Label(cfg.Baseline), base.Revision()),
		Reform:   r.report(name, reform.Revision())}
	c.Difference = difference(&c.Baseline, &c.Reform)
	var pt peopleTally
	for _, p := range people {
		if p == nil {
			continue
		}
		pt.jkn += p.jkn
		for s, n := range p.bySignature {
			pt.bySignature[s] += n
		}
	}
	var bd eligibility.Decision
	for s, n := range pt.bySignature {
		if n == 0 {
			continue
		}
		bc, err := gen.covers(signature(s), base, &bd)
		if err != nil {
			return nil, fmt.Errorf("simulate: the per-person pass under the baseline: %w", err)
		}
		rc := bc
		if !only {
			if rc, err = gen.covers(signature(s), reform, &bd); err != nil {
				return nil, fmt.Errorf("simulate: the per-person pass under the reform: %w", err)
			}
		}
		if bc {
			c.Baseline.People.Covered += n
		}
		if rc {
			c.Reform.People.Covered += n
		}
		switch {
		case rc && !bc:
			c.Difference.People.Gained += n
		case bc && !rc:
			c.Difference.People.Lost += n
		}
	}
	for _, x := range [...]struct {
		r *Report
		t treated
	}{{&c.Baseline, bt}, {&c.Reform, rt}} {
		p := &x.r.People
		p.Population, p.Residents, p.JKN = gen.pop.total(), gen.pop.residents(), pt.jkn
		p.Treated = x.t.count(0, gen.pop.total())
		p.TreatedCard = x.t.count(gen.pop.start[catCard], gen.pop.start[catCard+1])
		p.CostPerCovered = perPerson(x.r.Total.Cost, p.Covered)
		p.CostPerTreated = perPerson(x.r.Total.Cost, p.Treated)
	}
	c.Difference.People = c.Reform.People.minus(c.Baseline.People, c.Difference.People)
	return c, nil
}

// Label names a rulebook in a report: its overlays' names (a reform's),
// or its own name when it has none.
func Label(rb *rules.Rulebook) string {
	if o := rb.Overlays(); len(o) > 0 {
		return strings.Join(o, " + ")
	}
	return rb.Name()
}

type pair struct{ base, reform *tally }

// Outcome is what the rules decided for one encounter under one
// rulebook.
type Outcome struct {
	// Paid: Jamkesda pays the claim.
	Paid bool
	// SJP: Dinkes issues the service guarantee (the pathway is covered),
	// whatever becomes of the claim.
	SJP bool
	// Reason is the code of the first ground of refusal, prefixed by the
	// deciding package (eligibility.pbi_member, referral.referral_missing,
	// claim.incomplete); empty when paid.
	Reason string
	// Cost is what Jamkesda pays, PatientCost what the patient or another
	// payer owes, in whole rupiah.
	Cost, PatientCost int64
	// Insidental: billed at the hospital's own tariff.
	Insidental bool
	// Unpriced: the rulebook has no tariff rules in force on the date of
	// service (before Perwal 27.A/2017), so the cost is unknown (zero).
	Unpriced bool
}

// Decider runs one encounter through the decision packages under one
// rulebook, reusing its buffers: use one per goroutine.
type Decider struct {
	Rulebook *rules.Rulebook
	Table    *tariff.Table

	d   eligibility.Decision
	a   referral.Assessment
	b   tariff.Bill
	adj claim.Adjudicator
	res claim.Adjudication // the claim's, reused from encounter to encounter
	f   claim.File
	// joined remembers the strings join made: a year repeats a few
	// reason and package codes a million times.
	joined  map[[2]string]string
	amounts map[int64]decimal.Decimal
}

// jamkesdaRupiah is what the bill leaves Jamkesda to pay, in whole
// rupiah (the bill's TotalFor Jamkesda, without making a decimal).
func jamkesdaRupiah(b *tariff.Bill) int64 {
	for _, t := range b.Totals {
		if t.Payer == referral.PayerJamkesda {
			return t.Rupiah()
		}
	}
	return 0
}

// amount is n whole rupiah as a decimal, made once per decider: a year's
// bills repeat the tariff's few amounts. A decimal never changes, so the
// claim files may share it.
func (x *Decider) amount(n int64) decimal.Decimal {
	if d, ok := x.amounts[n]; ok {
		return d
	}
	if x.amounts == nil {
		x.amounts = map[int64]decimal.Decimal{}
	}
	d := decimal.NewFromInt(n)
	if len(x.amounts) < 4096 {
		x.amounts[n] = d
	}
	return d
}

// join is a+b, made once per decider.
func (x *Decider) join(a, b string) string {
	k := [2]string{a, b}
	if s, ok := x.joined[k]; ok {
		return s
	}
	if x.joined == nil {
		x.joined = map[[2]string]string{}
	}
	s := a + b
	if len(x.joined) < 4096 {
		x.joined[k] = s
	}
	return s
}

// Decide decides e under the decider's rulebook: eligibility.CheckInto,
// referral.AssessInto, tariff.PriceInto and, for a covered encounter, the
// claim file adjudicated line by line (claim.Adjudicator).
func (x *Decider) Decide(e *Encounter, o *Outcome) error {
	*o = Outcome{}
	s := x.Rulebook.At(e.Episode.ServiceDate())
	if err := eligibility.CheckInto(&x.d, &e.Facts, s); err != nil {
		return err
	}
	if err := referral.AssessInto(&x.a, &e.Episode, &x.d, s); err != nil {
		return err
	}
	var total int64
	if err := tariff.PriceInto(&x.b, &e.Billing, &x.a, s, x.Table); err != nil {
		if !errors.Is(err, rules.ErrNoParam) {
			return err
		}
		o.Unpriced = true // no tariff rules in force yet (before Perwal 27.A/2017)
	} else {
		o.Insidental = x.b.Basis == "hospital_tariff"
		total = x.b.TotalRupiah()
	}
	switch {
	case !x.d.Eligible:
		o.Reason = x.join("eligibility.", firstCode(x.d.Reasons))
	case !x.a.Covered:
		o.Reason = x.join("referral.", firstCode(x.a.Reasons))
	}
	if o.Reason != "" {
		o.PatientCost = total
		return nil
	}
	o.SJP = true
	if o.Unpriced {
		o.Paid = true // no tariff or claim rules in force yet: the cost is unknown
		return nil
	}
	ok, payable, reason, err := x.claim(e, s, o.Insidental)
	if err != nil {
		return err
	}
	if !ok {
		o.Reason = reason
		o.PatientCost = 0 // a file refused or returned to the hospital: nobody pays yet
		return nil
	}
	o.Paid = true
	o.Cost = payable
	o.PatientCost = total - jamkesdaRupiah(&x.b)
	return nil
}

// claim is the claim stage: the hospital's claim file, built from the
// encounter and the bill, adjudicated line by line on the eligibility
// decision and the pathway assessment already made
// (claim.Adjudicator.AdjudicateDecidedInto) under the rules in force on the
// date of service. It returns what
// Jamkesda pays, or the ground on which the file is refused or returned.
// Before the claim rules are in force (Perwal 27.A/2017, 2017-05-15)
// there is nothing to adjudicate and the bill stands.
func (x *Decider) claim(e *Encounter, s rules.Snapshot, insidental bool) (ok bool, payable int64, reason string, err error) {
	f := x.file(e, insidental)
	a := &x.res
	err = x.adj.AdjudicateDecidedInto(a, f, s, x.Table, &x.d, &x.a)
	if err != nil {
		if errors.Is(err, rules.ErrNoParam) {
			return true, jamkesdaRupiah(&x.b), "", nil // no claim rules in force yet
		}
		return false, 0, "", err
	}
	switch a.Verdict {
	case claim.FilePaid, claim.FilePartlyPaid:
		return true, a.Amounts.Payable.IntPart(), "", nil
	case claim.FileIncomplete:
		if len(a.Missing) > 0 {
			return false, 0, x.join("claim.incomplete.", a.Missing[0].Code), nil
		}
		return false, 0, "claim.incomplete", nil
	}
	return false, 0, x.join("claim.", firstCode(a.Reasons)), nil
}

// file fills the decider's claim file for e: the hospital claims the
// priced lines of its bill (the INA-CBG package, or its own tariff for an
// insidental case, and the items outside the package), with Dinkes's
// approvals for an insidental case.
func (x *Decider) file(e *Encounter, insidental bool) *claim.File {
	f := &x.f
	on := e.Episode.ServiceDate()
	*f = claim.File{Hospital: e.Episode.Facility, Membership: e.Claim.Membership, Patient: e.Facts, Episode: e.Episode,
		Principal: claim.Principal{Diagnosis: e.diag[0]}, INACBG: e.Billing.INACBG, Documents: e.Claim.Documents,
		Lines: f.Lines[:0], Approvals: f.Approvals[:0]}
	if insidental {
		f.Insidental = e.Billing.Insidental.Services
		for _, l := range e.Billing.Insidental.Lines {
			f.Lines = append(f.Lines, claim.Line{Date: on, Category: "intensive", Description: l.Description, Amount: *l.Amount, InsidentalAction: true})
			f.Approvals = append(f.Approvals, claim.Approval{Kind: claim.ApprovalDinkesAction, Line: len(f.Lines), Date: on})
		}
		f.Approvals = append(f.Approvals, claim.Approval{Kind: claim.ApprovalDinkesDischarge, Date: e.Claim.ServiceEnd})
	}
	for i := range x.b.Lines {
		switch l := &x.b.Lines[i]; l.Kind {
		case "inacbg":
			if !insidental {
				f.Lines = append(f.Lines, claim.Line{Date: on, Category: "package", Description: x.join("paket INA-CBG ", l.Code), Amount: x.amount(l.Rupiah())})
			}
		case "ambulance":
			f.Lines = append(f.Lines, claim.Line{Date: on, Kind: "ambulance", Code: l.Code, Description: l.Description, Amount: x.amount(l.Rupiah())})
		}
	}
	return f
}

func firstCode(rs []rules.Reason) string {
	if len(rs) == 0 {
		return "unknown"
	}
	return rs[0].Code
}
