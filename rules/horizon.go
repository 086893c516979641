package rules

import (
	"fmt"
	"time"
)

// IsZero reports whether s is the zero Snapshot, which holds no rulebook.
func (s Snapshot) IsZero() bool { return s.rb == nil }

// Check returns ErrZeroSnapshot for the zero Snapshot, and a *FieldError
// wrapping ErrOutOfRange for a snapshot whose date is zero or outside
// FirstDate..LastDate. Every
// decision package calls it first.
//
// The common case, a snapshot in range, is small enough to be inlined.
func (s Snapshot) Check() error {
	if s.rb != nil && s.date.n >= firstN && s.date.n <= lastN {
		return nil
	}
	return s.check()
}

// firstN and lastN are the day numbers of FirstDate and LastDate, as
// constants (a test holds them to the dates).
const firstN, lastN = 307, 3652365

// check is Check of a snapshot that is zero or out of range.
func (s Snapshot) check() error {
	if s.rb == nil {
		return ErrZeroSnapshot
	}
	if s.date.IsZero() || s.date.Before(FirstDate) || s.date.After(LastDate) {
		return rangeError("the date of the snapshot", s.date.String())
	}
	return nil
}

// KnownThrough returns the last date the rulebook speaks of: the latest
// of its instruments' dates, its parameter values' dates, and the last day
// of its latest holiday year. A decision after it is made on the rules as
// last known then, which may since have changed (see Snapshot.Beyond).
func (rb *Rulebook) KnownThrough() Date { return rb.known }

// knownThrough computes KnownThrough, once, when the rulebook is built.
func (rb *Rulebook) knownThrough() Date {
	var last Date
	later := func(d Date) {
		if d.After(last) {
			last = d
		}
	}
	for _, in := range rb.instruments {
		later(in.InForce)
		later(in.Repealed)
	}
	for _, p := range rb.params {
		for i := range p.values {
			later(p.values[i].From)
		}
	}
	if n := len(rb.years); n > 0 {
		if d, ok := DateOf(rb.years[n-1], time.December, 31); ok {
			later(d)
		}
	}
	return last
}

// Beyond reports whether the snapshot's date is after the last date its
// rulebook speaks of, and then the warning every decision made on it
// carries: "rules as last known on ...", citing the governing instrument.
func (s Snapshot) Beyond() (Reason, bool) {
	if !s.IsBeyond() {
		return Reason{}, false
	}
	return s.beyond(), true
}

// IsBeyond reports whether Beyond has a warning, at the cost of a
// comparison: hot paths ask it first.
func (s Snapshot) IsBeyond() bool {
	return s.rb != nil && !s.rb.known.IsZero() && s.date.After(s.rb.known)
}

// beyond is the warning of Beyond.
func (s Snapshot) beyond() Reason {
	last := s.rb.known
	r := Reason{
		Code: CodeRulesAsLastKnown,
		ID:   fmt.Sprintf("Tanggal %s melewati data terakhir rulebook; diputuskan menurut aturan yang terakhir diketahui pada %s", s.date, last),
		EN:   fmt.Sprintf("%s is after the last date the rulebook knows of; decided on the rules as last known on %s", s.date, last),
	}
	if g, ok := s.Governing(); ok {
		r.Ref = g.Short
	}
	return r
}

// CodeRulesAsLastKnown is the code of the warning Beyond gives: the date
// is after the last date the rulebook knows of, and the decision is made
// on the rules as last known.
const CodeRulesAsLastKnown = "rules_as_last_known"
