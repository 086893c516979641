package rules

import (
	"iter"

	"github.com/shopspring/decimal"
)

// Snapshot is the rulebook as in force on one date. It is a small value:
// take one per decision with Rulebook.At and pass it by value. Its lookups
// do not allocate.
type Snapshot struct {
	rb   *Rulebook
	date Date
}

// At returns the snapshot of rb in force on d. The zero Rulebook (one not
// built by Load, Parse, Overlay or Default), like a nil one, holds no
// rules: its snapshot is the zero Snapshot, which every decision refuses
// with ErrZeroSnapshot. A zero or out-of-range d gives a snapshot that
// Snapshot.Check refuses with a *FieldError wrapping ErrOutOfRange.
func (rb *Rulebook) At(d Date) Snapshot {
	if rb == nil || rb.memo == nil {
		return Snapshot{}
	}
	return Snapshot{rb: rb, date: d}
}

// Date returns the date of the snapshot.
func (s Snapshot) Date() Date { return s.date }

// Rulebook returns the rulebook the snapshot is taken from.
func (s Snapshot) Rulebook() *Rulebook { return s.rb }

// Revision returns the revision of the rulebook.
func (s Snapshot) Revision() string {
	if s.rb == nil {
		return ""
	}
	return s.rb.revision
}

// Param returns the value of the parameter at path in force on the
// snapshot's date, with its citation.
func (s Snapshot) Param(path string) (Value, error) {
	v, err := s.lookup(path)
	if err != nil {
		return Value{}, err
	}
	return *v, nil
}

// lookup returns a pointer into the immutable rulebook: no copy until the
// caller's.
func (s Snapshot) lookup(path string) (*Value, error) {
	if s.rb == nil {
		return nil, ErrZeroSnapshot
	}
	p, ok := s.rb.params[path]
	if !ok {
		return nil, lookupError(path, s.date, "no such parameter")
	}
	v := p.atPtr(s.date)
	if v == nil {
		return nil, lookupError(path, s.date, "no value in force on this date")
	}
	return v, nil
}

var noValue Value

func (s Snapshot) typed(path string, k Kind) (*Value, error) {
	v, err := s.lookup(path)
	if err != nil {
		return &noValue, err
	}
	if v.Kind != k {
		return &noValue, lookupError(path, s.date, "parameter is of type "+v.Kind.String()+", not "+k.String())
	}
	return v, nil
}

// Amount returns an amount parameter in rupiah.
func (s Snapshot) Amount(path string) (decimal.Decimal, Value, error) {
	v, err := s.typed(path, KindAmount)
	return v.num, *v, err
}

// Percent returns a percent parameter (0 to 100).
func (s Snapshot) Percent(path string) (decimal.Decimal, Value, error) {
	v, err := s.typed(path, KindPercent)
	return v.num, *v, err
}

// Number returns a number parameter.
func (s Snapshot) Number(path string) (decimal.Decimal, Value, error) {
	v, err := s.typed(path, KindNumber)
	return v.num, *v, err
}

// Int returns an int parameter.
func (s Snapshot) Int(path string) (int, Value, error) {
	v, err := s.typed(path, KindInt)
	return v.Int(), *v, err
}

// Bool returns a bool parameter.
func (s Snapshot) Bool(path string) (bool, Value, error) {
	v, err := s.typed(path, KindBool)
	return v.b, *v, err
}

// Text returns a text parameter.
func (s Snapshot) Text(path string) (string, Value, error) {
	v, err := s.typed(path, KindText)
	return v.text, *v, err
}

// Enum returns an enum parameter.
func (s Snapshot) Enum(path string) (string, Value, error) {
	v, err := s.typed(path, KindEnum)
	return v.text, *v, err
}

// List returns a list parameter. The slice is shared and must not be
// modified.
func (s Snapshot) List(path string) ([]string, Value, error) {
	v, err := s.typed(path, KindList)
	return v.list, *v, err
}

// DateParam returns a date parameter.
func (s Snapshot) DateParam(path string) (Date, Value, error) {
	v, err := s.typed(path, KindDate)
	return v.date, *v, err
}

// Values returns every parameter that has a value in force on the
// snapshot's date, sorted by path.
func (s Snapshot) Values() []Value {
	if s.rb == nil {
		return nil
	}
	out := make([]Value, 0, len(s.rb.paths))
	for _, path := range s.rb.paths {
		if v, ok := s.rb.params[path].at(s.date); ok {
			out = append(out, v)
		}
	}
	return out
}

// Instruments returns the scheme's own instruments in force on the
// snapshot's date (Perda, Perwal, Keputusan, circulars), in the order they
// took effect. National instruments and the other sources the rulebook
// cites are in Rulebook.Instruments.
//
// An entry's Ref says where the table's data on it comes from; where that
// is a later text than the snapshot's date, the entry is returned with its
// own id as Ref, so that a snapshot cites nothing not yet in force.
func (s Snapshot) Instruments() []Instrument {
	if s.rb == nil {
		return nil
	}
	var out []Instrument
	for _, in := range s.rb.instruments {
		if in.InForceOn(s.date) && levelRank[in.Level] > 0 {
			out = append(out, s.asOf(in))
		}
	}
	return out
}

// asOf returns the entry with a Ref citable on the snapshot's date.
func (s Snapshot) asOf(in Instrument) Instrument {
	if s.rb.RefInForce(in.Ref, s.date) != nil {
		in.Ref = in.ID
	}
	return in
}

// Governing returns the highest-ranking instrument in force on the
// snapshot's date (a Perda over a Perwal over a Keputusan), the latest
// where two rank the same. It reports false before any instrument.
func (s Snapshot) Governing() (Instrument, bool) {
	i := s.governing()
	if i < 0 {
		return Instrument{}, false
	}
	return s.asOf(s.rb.instruments[i]), true
}

func (s Snapshot) governing() int {
	if s.rb == nil {
		return -1
	}
	// The last span starting on or before the date, by binary search: a
	// rulebook with a calendar per year has many instruments.
	gov := s.rb.gov
	lo, hi := 0, len(gov)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if !s.date.Before(gov[m].from) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == 0 {
		return -1
	}
	return gov[lo-1].idx
}

// ParamRef returns the value of the parameter at path in force on the
// snapshot's date, or nil when there is no such parameter or no value is
// in force. It is Param without a copy: the Value is the rulebook's own
// and must not be modified. (A decision package reads its parameters
// without the path's map access through internal/paramset.)
func (s Snapshot) ParamRef(path string) *Value {
	if s.rb == nil {
		return nil
	}
	p, ok := s.rb.params[path]
	if !ok {
		return nil
	}
	return p.atPtr(s.date)
}

// Facility returns the facility with the given code or alias, whatever its
// partnership on the date; use Facility.PartnerOn to ask.
func (s Snapshot) Facility(code string) (Facility, bool) {
	if s.rb == nil {
		return Facility{}, false
	}
	return s.rb.Facility(code)
}

// FacilityRef is Facility without the copy, for hot paths: the Facility is
// the rulebook's own: read it, never write it.
func (s Snapshot) FacilityRef(code string) (*Facility, bool) {
	if s.rb == nil {
		return nil, false
	}
	f := s.rb.facility(code)
	return f, f != nil
}

// Exclusions returns the exclusions that apply on the snapshot's date,
// each with the citation of that date as its Ref (Exclusion.RefOn) and no
// later Refs.
func (s Snapshot) Exclusions() []Exclusion {
	if s.rb == nil {
		return nil
	}
	var out []Exclusion
	for i := range s.rb.exclusions {
		if x := s.rb.exclusions[i]; x.InForceOn(s.date) {
			x.Ref, x.Refs = x.RefOn(s.date), nil
			out = append(out, x)
		}
	}
	return out
}

// Partners returns the facilities that are partners on the snapshot's
// date, sorted by code, each as the snapshot cites it: Partner holds only
// the partnership in force, and Ref is that partnership's citation (the
// facility's listing may come from a later source).
func (s Snapshot) Partners() []Facility {
	if s.rb == nil {
		return nil
	}
	var out []Facility
	for _, code := range s.rb.facCodes {
		f := *s.rb.facilities[code]
		for _, p := range f.Partner {
			if !s.date.Before(p.From) && (p.Until.IsZero() || !s.date.After(p.Until)) {
				f.Partner = []Partnership{p}
				f.Ref = p.Ref
				if f.ProfileRef != "" && s.rb.RefInForce(f.ProfileRef, s.date) != nil {
					f.ProfileRef = ""
				}
				out = append(out, f)
				break
			}
		}
	}
	return out
}

// ExclusionsInForce yields the exclusions that apply on the snapshot's
// date, without copying them: the Exclusion is the rulebook's own, read
// it, never write it.
func (s Snapshot) ExclusionsInForce() iter.Seq[*Exclusion] {
	return func(yield func(*Exclusion) bool) {
		if s.rb == nil {
			return
		}
		for i := range s.rb.exclusions {
			if x := &s.rb.exclusions[i]; x.InForceOn(s.date) && !yield(x) {
				return
			}
		}
	}
}

// Regions returns the administrative codes of the city.
func (s Snapshot) Regions() *Regions {
	if s.rb == nil {
		return &Regions{}
	}
	return &s.rb.regions
}

// Calendar returns the rulebook's working-day calendar.
func (s Snapshot) Calendar() Calendar { return Calendar{rb: s.rb} }

// CodeList returns the named code list if it applies on the snapshot's
// date. The list is the rulebook's own: read it, never write it.
func (s Snapshot) CodeList(name string) (*CodeList, bool) {
	if s.rb == nil {
		return nil, false
	}
	l, ok := s.rb.codeLists[name]
	if !ok || !l.InForceOn(s.date) {
		return nil, false
	}
	return l, true
}

// TariffTables returns the rulebook's INA-CBG tariff tables that apply on
// the snapshot's date, by name. They are the rulebook's own: read them,
// never write them.
func (s Snapshot) TariffTables() []*TariffTable {
	if s.rb == nil {
		return nil
	}
	var out []*TariffTable
	for _, name := range sortedNames(s.rb.tariffs) {
		if t := s.rb.tariffs[name]; t.InForceOn(s.date) {
			out = append(out, t)
		}
	}
	return out
}
