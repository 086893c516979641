package rules

import (
	"fmt"
	"sync"
	"sync/atomic"
)

// ParamSet is the fixed list of parameters a decision procedure reads,
// declared once (as a package variable) and resolved to Keys once per
// rulebook, on the rulebook itself (see Memo). A ParamSet holds at most 64
// parameters.
type ParamSet struct {
	paths []string
	id    uint32 // its number in sets, from 1
	// last holds the keys of the rulebook resolved last, so that a host
	// deciding on one rulebook finds them with one atomic load rather
	// than a lookup in the rulebook's Memo.
	last atomic.Pointer[resolved]
}

// resolved is a ParamSet's keys on one rulebook.
type resolved struct {
	rb   *Rulebook
	keys []Key
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

// Path returns the path of parameter i.
func (ps *ParamSet) Path(i int) string { return ps.paths[i] }

func (ps *ParamSet) keys(rb *Rulebook) []Key {
	if r := ps.last.Load(); r != nil && r.rb == rb {
		return r.keys
	}
	return ps.resolve(rb)
}

// resolve finds the keys on rb, once per rulebook (in its Memo), and
// keeps them as the last resolved.
func (ps *ParamSet) resolve(rb *Rulebook) []Key {
	r := rb.Memo(ps, func(rb *Rulebook) any {
		k := make([]Key, len(ps.paths))
		for i, p := range ps.paths {
			k[i] = rb.Key(p)
		}
		return &resolved{rb: rb, keys: k}
	}).(*resolved)
	ps.last.Store(r)
	return r.keys
}

// Reader reads the set's parameters on the snapshot's date and records
// each one read, once, in prov.
func (ps *ParamSet) Reader(s Snapshot, prov *Provenance) ParamReader {
	if s.rb == nil {
		return ParamReader{ps: ps, s: s, keys: make([]Key, len(ps.paths)), prov: prov}
	}
	return ParamReader{ps: ps, s: s, keys: ps.keys(s.rb), prov: prov}
}

// ParamReader reads a ParamSet's parameters for one decision. It is a
// small value; it does not allocate except to grow the provenance.
type ParamReader struct {
	ps       *ParamSet
	s        Snapshot
	keys     []Key
	prov     *Provenance
	recorded uint64
}

// Get returns parameter i in force on the date, recorded in the
// provenance, or nil when no value is in force. The Value is the
// rulebook's own: read it, never write it.
func (r *ParamReader) Get(i int) *Value {
	v := r.s.Get(r.keys[i])
	if v != nil && r.recorded&(1<<i) == 0 {
		r.recorded |= 1 << i
		if p := r.prov; p.set == r.ps.id && p.rb == r.s.rb && p.on == r.s.date {
			p.push(uint8(i)) // the common case, inline
		} else {
			p.recordParam(r.ps.id, i, r.s, v)
		}
	}
	return v
}

// Lookup is Get with an error naming the parameter when no value is in
// force.
func (r *ParamReader) Lookup(i int) (*Value, error) {
	if v := r.Get(i); v != nil {
		return v, nil
	}
	return nil, &LookupError{Path: r.ps.paths[i], Date: r.s.date, Msg: "no value in force on this date"}
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

// Message is a reason's stable code and its words in Bahasa Indonesia and
// English; With adds the citation.
type Message struct {
	Code, ID, EN string
}

// With returns the Reason with the citation ref.
func (m Message) With(ref string) Reason {
	return Reason{Code: m.Code, ID: m.ID, EN: m.EN, Ref: ref}
}
