// Package paramset is the plumbing the decision packages (eligibility,
// referral, tariff, claim, simulate) share to read the rulebook's
// parameters and record them in a decision's provenance: a Set declared
// once per package, resolved once per rulebook, and a Reader per decision.
// A host never needs it: it reads a decision's provenance
// (rules.Provenance) and the rulebook (rules.Snapshot).
package paramset

import (
	"errors"
	"fmt"
	"slices"
	"sync/atomic"

	"github.com/kartusehat/kartusehat/rules"
)

// ErrZeroReader is the error of Lookup on the zero Reader, which reads
// nothing: take one with Set.Reader.
var ErrZeroReader = errors.New("rules: the zero ParamReader reads nothing: take one with ParamSet.Reader")

// Set is the fixed list of parameters a decision procedure reads,
// declared once (as a package variable) and resolved once per rulebook,
// on the rulebook itself (see rules.Rulebook.Memo): to the values of its
// parameters in each period over which none of them changes and the
// governing instrument stays the same. A Set holds at most 64 parameters.
type Set struct {
	paths []string
	// last holds the resolution on the rulebook resolved last, so that a
	// host deciding on one rulebook finds it with one atomic load rather
	// than a lookup in the rulebook's Memo.
	last atomic.Pointer[resolved]
}

// resolved is a Set on one rulebook: its values by period.
type resolved struct {
	rb      *rules.Rulebook
	periods []period // ascending by from; the first from the zero Date
	// last is the period found last: a host deciding many cases on one
	// date finds it with one load and two comparisons.
	last atomic.Pointer[period]
}

// period is a span of dates, from its from to the next period's, over
// which no parameter of the set changes value and the same instrument
// governs: what a decision on any of its dates reads, resolved once.
type period struct {
	from, until rules.Date // until is the next period's from; none for the last (open)
	open        bool       // the last period: no until
	// vals holds the value in force of each parameter, by index; nil
	// where none is (and past the set's parameters).
	vals *[64]*rules.Value
	// flags holds, by index, which parameters are bools in force and
	// true: a flag is then read without loading its value.
	flags uint64
	// has holds, by index, which parameters have a value in force.
	has uint64
	// instrument is the Short name of the governing instrument, or "".
	instrument string
}

// New declares the parameters; a parameter is then named by its index in
// paths. It panics on more than 64 paths (a programming error in a
// package variable).
func New(paths ...string) *Set {
	if len(paths) > 64 {
		panic(fmt.Sprintf("rules: a ParamSet holds at most 64 parameters, not %d", len(paths)))
	}
	return &Set{paths: paths}
}

// Path returns the path of parameter i, or "" when the set has none.
func (ps *Set) Path(i int) string {
	if i < 0 || i >= len(ps.paths) {
		return ""
	}
	return ps.paths[i]
}

// on returns the set resolved on rb.
func (ps *Set) on(rb *rules.Rulebook) *resolved {
	if r := ps.last.Load(); r != nil && r.rb == rb {
		return r
	}
	return ps.resolve(rb)
}

// resolve resolves the set on rb, once per rulebook (in its Memo), and
// keeps it as the last resolved.
func (ps *Set) resolve(rb *rules.Rulebook) *resolved {
	r := rb.Memo(ps, func(rb *rules.Rulebook) any { return ps.build(rb) }).(*resolved)
	ps.last.Store(r)
	return r
}

// build finds the values of each period: a period starts on every date a
// value of the set starts or ends, and on every date the governing
// instrument may change.
func (ps *Set) build(rb *rules.Rulebook) *resolved {
	r := &resolved{rb: rb}
	dates := []rules.Date{{}}
	for _, p := range ps.paths {
		if prm, ok := rb.Param(p); ok {
			for _, v := range prm.Values {
				dates = append(dates, v.From)
				if !v.Until.IsZero() {
					dates = append(dates, v.Until.AddDays(1))
				}
			}
		}
	}
	for _, in := range rb.Instruments() {
		dates = append(dates, in.InForce)
		if !in.Repealed.IsZero() {
			dates = append(dates, in.Repealed)
		}
	}
	slices.SortFunc(dates, rules.Date.Compare)
	dates = slices.Compact(dates)
	for _, d := range dates {
		s := rb.At(d)
		vals := new([64]*rules.Value)
		var flags, has uint64
		for i, p := range ps.paths {
			vals[i] = s.ParamRef(p)
			if v := vals[i]; v != nil {
				has |= 1 << i
				if v.Kind == rules.KindBool && v.Bool() {
					flags |= 1 << i
				}
			}
		}
		pd := period{from: d, vals: vals, flags: flags, has: has}
		if in, ok := s.Governing(); ok {
			pd.instrument = in.Short
		}
		if last := len(r.periods) - 1; last >= 0 && r.periods[last].instrument == pd.instrument && *r.periods[last].vals == *pd.vals {
			continue // the same as the period before: no new one
		}
		r.periods = append(r.periods, pd)
	}
	for i := range len(r.periods) - 1 {
		r.periods[i].until = r.periods[i+1].from
	}
	r.periods[len(r.periods)-1].open = true
	return r
}

// at returns the period holding d.
func (r *resolved) at(d rules.Date) *period {
	if p := r.last.Load(); p != nil && !d.Before(p.from) && (p.open || d.Before(p.until)) {
		return p
	}
	p := r.search(d)
	r.last.Store(p)
	return p
}

// search finds the period holding d.
func (r *resolved) search(d rules.Date) *period {
	// The last period starting on or before d, by binary search; the
	// first starts on the zero Date, before every date.
	ps := r.periods
	lo, hi := 1, len(ps)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if !d.Before(ps[m].from) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return &ps[lo-1]
}

// Value returns parameter i in force on the snapshot's date, without
// recording it, or nil when no value is in force. The Value is the
// rulebook's own: read it, never write it.
func (ps *Set) Value(s rules.Snapshot, i int) *rules.Value {
	if i < 0 || i >= len(ps.paths) {
		return nil
	}
	return ps.values(s)[i]
}

// noVals reads as no value in force, for a zero snapshot.
var noVals [64]*rules.Value

// Reader reads the set's parameters on the snapshot's date and records
// each one read, once, in prov.
func (ps *Set) Reader(s rules.Snapshot, prov *rules.Provenance) Reader {
	return Reader{vals: ps.values(s), prov: prov, ps: ps, s: s}
}

// values returns the set's values on the snapshot's date, by index.
func (ps *Set) values(s rules.Snapshot) *[64]*rules.Value {
	rb := s.Rulebook()
	if rb == nil {
		return &noVals
	}
	return ps.on(rb).at(s.Date()).vals
}

// Begin resets prov for a decision made on s (as Provenance.Reset does)
// and makes it read the set's parameters on s (Provenance.Read): Reset and
// Reader at once, held in the provenance itself, with the governing
// instrument and the values of the date found by one lookup. The
// provenance reads them until it is next reset.
func (ps *Set) Begin(s rules.Snapshot, prov *rules.Provenance) {
	rb := s.Rulebook()
	if rb == nil {
		prov.Reset(s)
		return
	}
	pd := ps.on(rb).at(s.Date())
	prov.ResetReading(s, pd.instrument, pd.vals, pd.flags, pd.has)
}

// Reader reads a Set's parameters for one decision. It is a small value;
// it does not allocate except to grow the provenance.
type Reader struct {
	vals     *[64]*rules.Value // the set's values on the date, by index
	prov     *rules.Provenance
	recorded uint64
	ps       *Set
	s        rules.Snapshot
}

// Get returns parameter i in force on the date, recorded in the
// provenance, or nil when no value is in force. The Value is the
// rulebook's own: read it, never write it.
//
// Get is small enough to be inlined: a parameter read again costs a load
// and a bit test.
func (r *Reader) Get(i int) *rules.Value {
	if r.recorded&(1<<i) == 0 {
		return r.record(i)
	}
	return r.vals[i]
}

// record returns parameter i, not read before, and records it when it has
// a value.
func (r *Reader) record(i int) *rules.Value {
	if r.vals == nil || i < 0 || i >= 64 { // the zero Reader reads nothing
		return nil
	}
	v := r.vals[i]
	if v == nil {
		return nil
	}
	r.recorded |= 1 << i
	r.prov.RecordIndex(r.vals, i, r.s)
	return v
}

// Lookup is Get with an error naming the parameter when no value is in
// force.
func (r *Reader) Lookup(i int) (*rules.Value, error) {
	if v := r.Get(i); v != nil {
		return v, nil
	}
	if r.ps == nil {
		return nil, ErrZeroReader
	}
	_, err := r.s.Param(r.ps.paths[i])
	if err == nil { // cannot happen: the value was looked up on this date
		err = fmt.Errorf("rules: %s: no value in force on %s", r.ps.paths[i], r.s.Date())
	}
	return nil, err
}

// Flag returns a bool parameter, false when it has no value; the value is
// returned for its citation.
func (r *Reader) Flag(i int) (bool, *rules.Value) {
	v := r.Get(i)
	if v == nil {
		return false, &noValue
	}
	return v.Kind == rules.KindBool && v.Bool(), v
}

// noValue is the value Flag returns when none is in force.
var noValue rules.Value

// Recorded returns which parameters were read, as a bit set by index: a
// nested decision (a newborn's parent) shares it through SetRecorded.
func (r *Reader) Recorded() uint64 { return r.recorded }

// SetRecorded sets which parameters count as already recorded.
func (r *Reader) SetRecorded(bits uint64) { r.recorded = bits }
