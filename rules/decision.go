package rules

import (
	"encoding/json"

	"github.com/kartusehat/kartusehat/internal/jsonx"
)

// Reason is one stated ground of a decision: a stable code for machines, a
// message in Bahasa Indonesia and in English for people, and the article it
// rests on. Codes never change meaning once released; messages may be
// reworded. In JSON the messages are "message" (Bahasa Indonesia, the
// project's first language) and "message_en" (English).
type Reason struct {
	// Code is the stable code: one of the Code constants of the package
	// that gives the reason.
	Code string `json:"code"`
	// ID is the message in Bahasa Indonesia (JSON "message").
	ID string `json:"message"`
	// EN is the message in English (JSON "message_en").
	EN string `json:"message_en"`
	// Ref is the citation, from the rulebook.
	Ref string `json:"ref"`
}

// AppendJSON appends the reason as encoding/json writes it.
func (r *Reason) AppendJSON(b []byte) []byte {
	b = append(b, `{"code":`...)
	b = jsonx.AppendString(b, r.Code)
	b = append(b, `,"message":`...)
	b = jsonx.AppendString(b, r.ID)
	b = append(b, `,"message_en":`...)
	b = jsonx.AppendString(b, r.EN)
	b = append(b, `,"ref":`...)
	b = jsonx.AppendString(b, r.Ref)
	return append(b, '}')
}

// Provenance records what a decision was made from, so that it can be
// replayed and audited: the rulebook and its revision, the date of service,
// the governing instrument, and every parameter read (Params).
//
// The parameters are recorded as the rules run in a compact form: the
// index of the parameter in the values of the decision's parameter set on
// its date (internal/paramset), a byte held in the
// Provenance itself, or a reference to the rulebook's value. They become
// Used records (text) only when asked for with Params or when the
// provenance is encoded as JSON. A decision that reads up to
// inlineRecords parameters records them without allocating. Its JSON form
// is
//
//	{"rulebook": ..., "revision": ..., "date": ..., "instrument": ...,
//	 "params": [{"path": ..., "value": ..., "from": ..., "ref": ...}, ...]}
type Provenance struct {
	Rulebook   string
	Revision   string
	Date       Date
	on         Date   // the date of the records (beside Date: no padding)
	Instrument string // omitted from JSON when empty

	rb  *Rulebook            // the rulebook the records are read from
	idx *[64]*Value          // the values whose indices seq holds
	n   int32                // the number of records
	seq [inlineRecords]uint8 // the first records: an index in idx, or fromRefs
	// more holds the records after the first inlineRecords.
	more []uint8
	// refs holds, in order, a record marked fromRefs: a value of the
	// rulebook, or nil for the next of extra (a record that is not a
	// parameter value: an exclusion applied, a code list matched).
	refs  []*Value
	extra []entry
	// vals are the values of a parameter set on the date, for Read, after
	// ResetReading; unread holds which of them have a value and are not
	// recorded yet, and flags which of them are bools and true (for
	// ReadFlag).
	vals   *[64]*Value
	unread uint64
	flags  uint64
}

// Read returns parameter i of the values the provenance was begun with
// (ResetReading) in force on its date, recorded once, or nil when no
// value is in force (or the provenance was not begun). It is a
// parameter reader held in the decision itself: nothing to set up or copy
// per decision. The Value is the rulebook's own: read it, never write it.
func (p *Provenance) Read(i int) *Value {
	if bit := uint64(1) << i; p.unread&bit != 0 {
		p.unread &^= bit
		p.push(uint8(i))
	}
	if p.vals == nil {
		return nil // not begun
	}
	return p.vals[i]
}

// ReadFlag is Read of a bool parameter, false when it has no value; the
// value is returned for its citation.
//
// The answer comes from the values of the date resolved by Begin, not
// from the value itself: the value is loaded only by a caller that cites
// it.
func (p *Provenance) ReadFlag(i int) (bool, *Value) {
	bit := uint64(1) << i
	if p.unread&bit != 0 {
		p.unread &^= bit
		p.push(uint8(i))
	}
	if p.vals == nil || p.vals[i] == nil {
		return false, &noValue
	}
	return p.flags&bit != 0, p.vals[i]
}

// entry is a record that is not a parameter value. Its path is table.key
// when table is given (joined when it is encoded, not when recorded).
type entry struct {
	table string
	Used
}

// path returns the record's path.
func (e *entry) path() string {
	if e.table == "" {
		return e.Path
	}
	return e.table + "." + e.Path
}

// inlineRecords is how many records a Provenance holds without
// allocating.
const inlineRecords = 40

// fromRefs marks a record held in refs rather than as an index in idx (a
// parameter set has at most 64 parameters).
const fromRefs = 0xff

// Provenance starts the provenance of a decision made on s, with no
// parameters recorded yet.
func (s Snapshot) Provenance() Provenance {
	var p Provenance
	p.Reset(s)
	return p
}

// Reset starts p afresh for a decision made on s, keeping the capacity of
// its records so that a host deciding in a loop does not allocate.
func (p *Provenance) Reset(s Snapshot) {
	if s.rb == nil {
		p.reset(s, "", nil, 0, 0)
		return
	}
	instrument := ""
	if i := s.governing(); i >= 0 {
		instrument = s.rb.instruments[i].Short
	}
	p.reset(s, instrument, nil, 0, 0)
}

// ResetReading is plumbing for the decision packages (internal/paramset): it
// is Reset with the governing instrument on the date already found
// (instrument), and makes the provenance Read vals, the values of a
// parameter set on s by index, of which has marks those in force and
// flags the bools in force and true. vals must not change afterwards.
func (p *Provenance) ResetReading(s Snapshot, instrument string, vals *[64]*Value, flags, has uint64) {
	p.reset(s, instrument, vals, flags, has)
}

// reset is Reset with the governing instrument on the date already
// found, and the provenance made to Read vals when not nil.
func (p *Provenance) reset(s Snapshot, instrument string, vals *[64]*Value, flags, has uint64) {
	p.Date, p.Instrument = s.date, instrument
	if s.rb == nil {
		p.Rulebook, p.Revision = "", ""
	} else {
		p.Rulebook, p.Revision = s.rb.name, s.rb.revision
	}
	p.rb, p.on = s.rb, s.date
	p.idx, p.vals, p.flags, p.unread = vals, vals, flags, has
	// The records past n are never read, but a reused provenance is
	// cleared to equal a fresh one, field for field.
	if p.n != 0 {
		p.seq = [inlineRecords]uint8{} // stores, not a call
		p.n = 0
	}
	if len(p.more) != 0 {
		p.more = p.more[:0]
	}
	if len(p.refs) != 0 {
		clear(p.refs) // let the old rulebook go
		p.refs = p.refs[:0]
	}
	if len(p.extra) != 0 {
		clear(p.extra)
		p.extra = p.extra[:0]
	}
}

// Grow makes room for n more records held as references (Record, Add)
// without allocating.
func (p *Provenance) Grow(n int) {
	if cap(p.refs)-len(p.refs) < n {
		refs := make([]*Value, len(p.refs), len(p.refs)+n)
		copy(refs, p.refs)
		p.refs = refs
	}
}

func (p *Provenance) push(b uint8) {
	if p.n < inlineRecords {
		p.seq[p.n] = b
	} else {
		p.more = append(p.more, b)
	}
	p.n++
}

// at returns record i as an index in idx, or fromRefs.
func (p *Provenance) at(i int) uint8 {
	if i < inlineRecords {
		return p.seq[i]
	}
	return p.more[i-inlineRecords]
}

// Record adds the parameter value v to the provenance, once. v must be a
// value of the rulebook (as Snapshot.ParamRef and Read return it) and
// must not change afterwards; record a value of your own with Add.
func (p *Provenance) Record(v *Value) {
	for i := 0; i < int(p.n); i++ {
		if p.at(i) != fromRefs {
			if p.value(i) == v {
				return
			}
		}
	}
	for _, r := range p.refs {
		if r == v {
			return
		}
	}
	p.push(fromRefs)
	p.refs = append(p.refs, v)
}

// RecordIndex is plumbing for the decision packages (internal/paramset): it
// adds vals[i], a value in force on s of a parameter set (as a rulebook's
// parameters are resolved by date, never changed afterwards), not
// recorded before by the caller. The record is the index i when the
// provenance records indices in vals (it was begun on them with
// ResetReading, or records on s and has none yet), a reference otherwise.
func (p *Provenance) RecordIndex(vals *[64]*Value, i int, s Snapshot) {
	if p.idx == vals || p.idx == nil && s.rb == p.rb && s.date == p.on {
		p.idx = vals
		p.push(uint8(i))
		return
	}
	p.push(fromRefs)
	p.refs = append(p.refs, vals[i])
}

// value returns the rulebook value of record i, an index in idx.
func (p *Provenance) value(i int) *Value {
	return p.idx[p.at(i)]
}

// Add adds a record that is not a parameter value of the rulebook, such as
// an exclusion applied or a code list matched, after those recorded so far.
func (p *Provenance) Add(u Used) {
	p.push(fromRefs)
	p.refs = append(p.refs, nil)
	p.extra = append(p.extra, entry{Used: u})
}

// AddEntry adds a record of an entry of one of the rulebook's tables,
// such as an exclusion applied ("exclusions", its code, "applies") or a
// code list matched ("code_lists", its name, the code): its path is
// table.key, joined only when the provenance is encoded or asked for, so
// that recording it does not allocate.
func (p *Provenance) AddEntry(table, key, value string, from Date, ref string) {
	p.push(fromRefs)
	p.refs = append(p.refs, nil)
	p.extra = append(p.extra, entry{table: table, Used: Used{Path: key, Value: value, From: from, Ref: ref}})
}

// Len returns the number of records.
func (p *Provenance) Len() int { return int(p.n) }

// Params returns the records, in the order they were made, as text. The
// slice is new: the caller may keep it.
func (p *Provenance) Params() []Used { return p.AppendParams(make([]Used, 0, p.n)) }

// AppendParams appends the records to dst and returns it.
func (p *Provenance) AppendParams(dst []Used) []Used {
	p.each(func(path, value string, from Date, ref string) {
		dst = append(dst, Used{Path: path, Value: value, From: from, Ref: ref})
	})
	return dst
}

// each calls f for each record, in order, without copying the rulebook's
// text.
func (p *Provenance) each(f func(path, value string, from Date, ref string)) {
	r, x := 0, 0
	for i := 0; i < int(p.n); i++ {
		var v *Value
		if b := p.at(i); b != fromRefs {
			v = p.idx[b]
		} else {
			v = p.refs[r]
			r++
			if v == nil {
				e := &p.extra[x]
				x++
				f(e.path(), e.Value, e.From, e.Ref)
				continue
			}
		}
		if v == nil {
			continue // cannot happen: the value was read on this date
		}
		f(v.Path, v.Display(), v.From, v.Ref)
	}
}

// MarshalJSON writes the provenance, its records as text.
func (p Provenance) MarshalJSON() ([]byte, error) {
	return p.AppendJSON(make([]byte, 0, 256+160*p.n)), nil
}

// AppendJSON appends the JSON form of p to b, as MarshalJSON writes it
// (without escaping <, > and &, which an encoding/json Encoder does
// afterwards when told to).
func (p *Provenance) AppendJSON(b []byte) []byte {
	b = append(b, `{"rulebook":`...)
	b = jsonx.AppendString(b, p.Rulebook)
	b = append(b, `,"revision":`...)
	b = jsonx.AppendString(b, p.Revision)
	b = append(b, `,"date":"`...)
	b = p.Date.AppendText(b)
	b = append(b, '"')
	if p.Instrument != "" {
		b = append(b, `,"instrument":`...)
		b = jsonx.AppendString(b, p.Instrument)
	}
	b = append(b, `,"params":[`...)
	first := true
	p.each(func(path, value string, from Date, ref string) {
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, `{"path":`...)
		b = jsonx.AppendString(b, path)
		b = append(b, `,"value":`...)
		b = jsonx.AppendString(b, value)
		b = append(b, `,"from":"`...)
		b = from.AppendText(b)
		b = append(b, `","ref":`...)
		b = jsonx.AppendString(b, ref)
		b = append(b, '}')
	})
	return append(b, "]}"...)
}

// jsonProvenance is the JSON form of a Provenance, for decoding.
type jsonProvenance struct {
	Rulebook   string `json:"rulebook"`
	Revision   string `json:"revision"`
	Date       Date   `json:"date"`
	Instrument string `json:"instrument,omitempty"`
	Params     []Used `json:"params"`
}

// UnmarshalJSON reads a provenance written by MarshalJSON; its records are
// kept as text.
func (p *Provenance) UnmarshalJSON(data []byte) error {
	var j jsonProvenance
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	*p = Provenance{Rulebook: j.Rulebook, Revision: j.Revision, Date: j.Date, Instrument: j.Instrument}
	for _, u := range j.Params {
		p.Add(u)
	}
	return nil
}
