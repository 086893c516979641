package rules

import "unsafe"

// Reason is one stated ground of a decision: a stable code for machines, a
// message in Bahasa Indonesia and in English for people, and the article it
// rests on. Codes never change meaning once released; messages may be
// reworded.
type Reason struct {
	Code string `json:"code"`
	ID   string `json:"id"` // Bahasa Indonesia
	EN   string `json:"en"` // English
	Ref  string `json:"ref"`
}

// Provenance records what a decision was made from, so that it can be
// replayed and audited: the rulebook and its revision, the date of service,
// the governing instrument, and every parameter read.
type Provenance struct {
	Rulebook   string `json:"rulebook"`
	Revision   string `json:"revision"`
	Date       Date   `json:"date"`
	Instrument string `json:"instrument,omitempty"`
	Params     []Used `json:"params"`
}

// Provenance starts the provenance of a decision made on s, with no
// parameters recorded yet.
func (s Snapshot) Provenance() Provenance {
	var p Provenance
	p.Reset(s)
	return p
}

// Reset starts p afresh for a decision made on s, keeping the capacity of
// its slices so that a host deciding in a loop does not allocate.
func (p *Provenance) Reset(s Snapshot) {
	params := p.Params[:0]
	if s.rb == nil {
		*p = Provenance{Date: s.date, Params: params}
		return
	}
	*p = Provenance{Rulebook: s.rb.name, Revision: s.rb.revision, Date: s.date, Params: params}
	if i := s.governing(); i >= 0 {
		p.Instrument = s.rb.instruments[i].Short
	}
}

// Record appends the parameter value v to the provenance, once.
func (p *Provenance) Record(v *Value) {
	// A Value and its copies share their Path's bytes, so the same value is
	// recognised by the address of those bytes and its date, without
	// comparing the (long, alike) paths.
	data := unsafe.StringData(v.Path)
	for i := range p.Params {
		u := &p.Params[i]
		if unsafe.StringData(u.Path) == data && u.From == v.From {
			return
		}
	}
	p.Params = append(p.Params, Used{Path: v.Path, Value: v.Display(), From: v.From, Ref: v.Ref})
}
