package rules

import (
	"fmt"
	"math"
	"slices"
	"sync"
	"sync/atomic"
)

// ParamSet is the fixed list of parameters a decision procedure reads,
// declared once (as a package variable) and resolved once per rulebook,
// on the rulebook itself (see Memo): to the values of its parameters in
// each period over which none of them changes and the governing
// instrument stays the same. A ParamSet holds at most 64 parameters.
type ParamSet struct {
	paths []string
	id    uint32 // its number in sets, from 1
	// last holds the resolution on the rulebook resolved last, so that a
	// host deciding on one rulebook finds it with one atomic load rather
	// than a lookup in the rulebook's Memo.
	last atomic.Pointer[resolved]
}

// resolved is a ParamSet on one rulebook: its keys, and its values by
// period.
type resolved struct {
	rb      *Rulebook
	keys    []Key
	periods []period // ascending by from; the first from the zero Date
	// last is the period found last: a host deciding many cases on one
	// date finds it with one load and two comparisons.
	last atomic.Pointer[period]
}

// period is a span of dates, from its from to the next period's, over
// which no parameter of the set changes value and the same instrument
// governs: what a decision on any of its dates reads, resolved once.
type period struct {
	from, until Date // until is the next period's from (past LastDate for the last)
	// vals holds the value in force of each parameter, by index; nil
	// where none is (and past the set's parameters).
	vals *[64]*Value
	// flags holds, by index, which parameters are bools in force and
	// true: a flag is then read without loading its value.
	flags uint64
	// has holds, by index, which parameters have a value in force.
	has uint64
	// instrument is the Short name of the governing instrument, or "".
	instrument string
}

// NewParamSet declares the parameters; a parameter is then named by its
// index in paths.
func NewParamSet(paths ...string) *ParamSet {
	if len(paths) > 64 {
		panic(fmt.Sprintf("rules: a ParamSet holds at most 64 parameters, not %d", len(paths)))
	}
	ps := &ParamSet{paths: paths}
	sets.Lock()
	sets.list = append(sets.list, ps)
	ps.id = uint32(len(sets.list))
	sets.Unlock()
	return ps
}

// sets numbers every ParamSet, so that a Provenance names the set its
// records index by number: a decision's provenance then holds no pointer
// to it, which keeps the decision off the heap.
var sets struct {
	sync.RWMutex
	list []*ParamSet
}

// paramSet returns the ParamSet numbered id.
func paramSet(id uint32) *ParamSet {
	sets.RLock()
	defer sets.RUnlock()
	return sets.list[id-1]
}

// Path returns the path of parameter i, or "" when the set has none.
func (ps *ParamSet) Path(i int) string {
	if i < 0 || i >= len(ps.paths) {
		return ""
	}
	return ps.paths[i]
}

func (ps *ParamSet) keys(rb *Rulebook) []Key { return ps.on(rb).keys }

// on returns the set resolved on rb.
func (ps *ParamSet) on(rb *Rulebook) *resolved {
	if r := ps.last.Load(); r != nil && r.rb == rb {
		return r
	}
	return ps.resolve(rb)
}

// resolve resolves the set on rb, once per rulebook (in its Memo), and
// keeps it as the last resolved.
func (ps *ParamSet) resolve(rb *Rulebook) *resolved {
	r := rb.Memo(ps, func(rb *Rulebook) any { return ps.build(rb) }).(*resolved)
	ps.last.Store(r)
	return r
}

// build finds the keys on rb and the values of each period: a period
// starts on every date a value of the set starts or ends, and on every
// date the governing instrument may change.
func (ps *ParamSet) build(rb *Rulebook) *resolved {
	r := &resolved{rb: rb, keys: make([]Key, len(ps.paths))}
	dates := []Date{{}}
	for i, p := range ps.paths {
		r.keys[i] = rb.Key(p)
		if k := r.keys[i]; k.p != nil {
			for _, v := range k.p.values {
				dates = append(dates, v.From)
				if !v.Until.IsZero() {
					dates = append(dates, v.Until.AddDays(1))
				}
			}
		}
	}
	for _, g := range rb.gov {
		dates = append(dates, g.from)
	}
	slices.SortFunc(dates, Date.Compare)
	dates = slices.Compact(dates)
	for _, d := range dates {
		s := rb.At(d)
		vals := new([64]*Value)
		var flags, has uint64
		for i, k := range r.keys {
			vals[i] = s.Get(k)
			if v := vals[i]; v != nil {
				has |= 1 << i
				if v.Kind == KindBool && v.b {
					flags |= 1 << i
				}
			}
		}
		pd := period{from: d, vals: vals, flags: flags, has: has}
		if i := s.governing(); i >= 0 {
			pd.instrument = rb.instruments[i].Short
		}
		if last := len(r.periods) - 1; last >= 0 && r.periods[last].instrument == pd.instrument && *r.periods[last].vals == *pd.vals {
			continue // the same as the period before: no new one
		}
		r.periods = append(r.periods, pd)
	}
	for i := range len(r.periods) - 1 {
		r.periods[i].until = r.periods[i+1].from
	}
	r.periods[len(r.periods)-1].until = Date{n: math.MaxInt32}
	return r
}

// at returns the period holding d.
func (r *resolved) at(d Date) *period {
	if p := r.last.Load(); p != nil && d.n >= p.from.n && d.n < p.until.n {
		return p
	}
	p := r.search(d)
	r.last.Store(p)
	return p
}

// search finds the period holding d.
func (r *resolved) search(d Date) *period {
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

// noVals reads as no value in force, for a zero snapshot.
var noVals [64]*Value

// Reader reads the set's parameters on the snapshot's date and records
// each one read, once, in prov.
func (ps *ParamSet) Reader(s Snapshot, prov *Provenance) ParamReader {
	return ParamReader{vals: ps.values(s), prov: prov, ps: ps, s: s}
}

// values returns the set's values on the snapshot's date, by index.
func (ps *ParamSet) values(s Snapshot) *[64]*Value {
	if s.rb == nil {
		return &noVals
	}
	return ps.on(s.rb).at(s.date).vals
}

// Begin resets prov for a decision made on s (as Provenance.Reset does)
// and makes it read the set's parameters on s (Provenance.Read): Reset and
// Reader at once, held in the provenance itself, with the governing
// instrument and the values of the date found by one lookup. The
// provenance reads them until it is next reset.
func (ps *ParamSet) Begin(s Snapshot, prov *Provenance) {
	if s.rb == nil {
		prov.Reset(s)
		return
	}
	pd := ps.on(s.rb).at(s.date)
	prov.reset(s, pd.instrument, pd, ps.id)
}

// ParamReader reads a ParamSet's parameters for one decision. It is a
// small value; it does not allocate except to grow the provenance.
type ParamReader struct {
	vals     *[64]*Value // the set's values on the date, by index
	prov     *Provenance
	recorded uint64
	ps       *ParamSet
	s        Snapshot
}

// Get returns parameter i in force on the date, recorded in the
// provenance, or nil when no value is in force. The Value is the
// rulebook's own: read it, never write it.
//
// Get is small enough to be inlined: a parameter read again costs a load
// and a bit test.
func (r *ParamReader) Get(i int) *Value {
	if r.recorded&(1<<i) == 0 {
		return r.record(i)
	}
	return r.vals[i]
}

// record returns parameter i, not read before, and records it when it has
// a value.
func (r *ParamReader) record(i int) *Value {
	if r.vals == nil || i < 0 || i >= 64 { // the zero ParamReader reads nothing
		return nil
	}
	v := r.vals[i]
	if v == nil {
		return nil
	}
	r.recorded |= 1 << i
	if p := r.prov; p.set == r.ps.id && p.rb == r.s.rb && p.on == r.s.date {
		p.push(uint8(i)) // the common case, inline
	} else {
		p.recordParam(r.ps.id, i, r.s, v)
	}
	return v
}

// Lookup is Get with an error naming the parameter when no value is in
// force.
func (r *ParamReader) Lookup(i int) (*Value, error) {
	if v := r.Get(i); v != nil {
		return v, nil
	}
	if r.ps == nil {
		return nil, ErrZeroParamReader
	}
	return nil, lookupError(r.ps.paths[i], r.s.date, "no value in force on this date")
}

// Flag returns a bool parameter, false when it has no value; the value is
// returned for its citation.
func (r *ParamReader) Flag(i int) (bool, *Value) {
	v := r.Get(i)
	if v == nil {
		return false, &noValue
	}
	return v.Kind == KindBool && v.b, v
}

// Recorded returns which parameters were read, as a bit set by index: a
// nested decision (a newborn's parent) shares it through SetRecorded.
func (r *ParamReader) Recorded() uint64 { return r.recorded }

// SetRecorded sets which parameters count as already recorded.
func (r *ParamReader) SetRecorded(bits uint64) { r.recorded = bits }
