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

// chunk is how many consecutive encounters a worker takes at a time.
const chunk = 4096

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
	var next, done atomic.Int64
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
					return
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
				}
				n := done.Add(end - start)
				if cfg.Progress != nil {
					cfg.Progress(n, total)
				}
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
// rulebook, reusing its buffers: use one per goroutine. It remembers the
// claim stage's answer for a claim's Documents slice: do not change a
// slice's contents between calls (the generator never does).
type Decider struct {
	Rulebook *rules.Rulebook
	Table    *tariff.Table

	d eligibility.Decision
	a referral.Assessment
	b tariff.Bill
	// claims memoises the claim stage: its answer depends only on the
	// claim's fields, and the generator shares one Documents slice among
	// the claims with the same documents (the slice is the key).
	claims map[claimKey]claimAnswer
}

type claimKey struct {
	end                              rules.Date
	membership                       string
	inpatient, emergency, insidental bool
	docs                             *string
	ndocs                            int
}

type claimAnswer struct {
	ok     bool
	reason string
}

// Decide decides e under the decider's rulebook: eligibility.CheckInto,
// referral.AssessInto, tariff.PriceInto and, for a covered encounter, the
// claim stage.
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
		var le *rules.LookupError
		if !errors.As(err, &le) {
			return err
		}
		o.Unpriced = true // no tariff rules in force yet (before Perwal 27.A/2017)
	} else {
		o.Insidental = x.b.Basis == "hospital_tariff"
		total = x.b.Total.IntPart()
	}
	switch {
	case !x.d.Eligible:
		o.Reason = "eligibility." + firstCode(x.d.Reasons)
	case !x.a.Covered:
		o.Reason = "referral." + firstCode(x.a.Reasons)
	}
	if o.Reason != "" {
		o.PatientCost = total
		return nil
	}
	o.SJP = true
	ok, reason, err := x.claim(e, o.Insidental)
	if err != nil {
		return err
	}
	if !ok {
		o.Reason = reason
		o.PatientCost = 0 // a claim file returned to the hospital: nobody pays yet
		return nil
	}
	o.Paid = true
	if o.Unpriced {
		return nil
	}
	o.Cost = x.b.TotalFor(referral.PayerJamkesda).IntPart()
	o.PatientCost = total - o.Cost
	return nil
}

// claim is the claim stage: is the file complete under the rules in
// force on the day the service ended? Before the claim rules are in force
// (Perwal 27.A/2017, 2017-05-12) there is nothing to check.
func (x *Decider) claim(e *Encounter, insidental bool) (ok bool, reason string, err error) {
	c := &e.Claim
	c.Insidental = insidental
	memo := c.Submitted.IsZero() && len(c.Documents) > 0 && !c.AMHPKhusus && !c.Device && !c.Deposit
	var k claimKey
	if memo {
		k = claimKey{c.ServiceEnd, c.Membership, c.Inpatient, c.Emergency, c.Insidental, &c.Documents[0], len(c.Documents)}
		if a, ok := x.claims[k]; ok {
			return a.ok, a.reason, nil
		}
	}
	a, err := x.checkClaim(c)
	if err != nil {
		return false, "", err
	}
	if memo {
		if x.claims == nil {
			x.claims = map[claimKey]claimAnswer{}
		}
		x.claims[k] = a
	}
	return a.ok, a.reason, nil
}

// checkClaim is the claim stage itself. When claim adjudication lands,
// it is the one call to change.
func (x *Decider) checkClaim(c *claim.Claim) (claimAnswer, error) {
	r, err := claim.Check(c, x.Rulebook.At(c.ServiceEnd))
	if err != nil {
		var le *rules.LookupError
		if errors.As(err, &le) {
			return claimAnswer{ok: true}, nil // no claim rules in force yet
		}
		return claimAnswer{}, err
	}
	if !r.Complete {
		return claimAnswer{reason: "claim.incomplete." + r.Missing[0].Code}, nil
	}
	return claimAnswer{ok: true}, nil
}

func firstCode(rs []rules.Reason) string {
	if len(rs) == 0 {
		return "unknown"
	}
	return rs[0].Code
}
