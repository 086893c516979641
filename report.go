package kartusehat

import (
	"fmt"

	"github.com/kartusehat/kartusehat/internal/fault"
	"github.com/kartusehat/kartusehat/rules"
)

// RulesReport is the rulebook in force on a date: what "kartusehat rules
// -o json" writes and GET /v1/rules serves.
type RulesReport struct {
	Rulebook    string             `json:"rulebook"`
	Revision    string             `json:"revision"`
	Overlays    []string           `json:"overlays,omitempty"`
	Date        rules.Date         `json:"date"`
	Governing   *rules.Instrument  `json:"governing,omitempty"`
	Instruments []rules.Instrument `json:"instruments_in_force"`
	Parameters  []rules.Value      `json:"parameters"`
	Exclusions  []rules.Exclusion  `json:"exclusions"`
	Partners    []rules.Facility   `json:"partner_facilities"`
	Holidays    []int              `json:"holiday_years"`
	Ambiguities []rules.Param      `json:"ambiguities,omitempty"`
}

// Rules is the report of the rulebook in force on date: what "kartusehat
// rules --date DATE -o json" writes (and GET /v1/rules?date=DATE serves);
// with ambiguities, every ambiguity the rulebook settles too.
func (e *Engine) Rules(date rules.Date, ambiguities bool) *RulesReport {
	rb := e.book
	s := rb.At(date)
	rep := &RulesReport{
		Rulebook: rb.Name(), Revision: rb.Revision(), Overlays: rb.Overlays(), Date: date,
		Instruments: s.Instruments(), Parameters: s.Values(), Exclusions: s.Exclusions(),
		Holidays: rb.HolidayYears(),
	}
	if g, ok := s.Governing(); ok {
		rep.Governing = &g
	}
	rep.Partners = s.Partners()
	// Arrays, never null, on a date no instrument speaks for.
	rep.Instruments = nonNil(rep.Instruments)
	rep.Parameters = nonNil(rep.Parameters)
	rep.Exclusions = nonNil(rep.Exclusions)
	rep.Partners = nonNil(rep.Partners)
	rep.Holidays = nonNil(rep.Holidays)
	if ambiguities {
		rep.Ambiguities = rb.Ambiguities()
	}
	return rep
}

// ParamHistory is a parameter's history: what "kartusehat rules --param
// PATH -o json" writes and GET /v1/parameters/{path} answers.
type ParamHistory struct {
	Rulebook    string        `json:"rulebook"`
	Revision    string        `json:"revision"`
	Path        string        `json:"path"`
	Type        string        `json:"type"`
	Description string        `json:"description,omitempty"`
	Options     []string      `json:"options,omitempty"`
	Ambiguity   string        `json:"ambiguity,omitempty"`
	Values      []rules.Value `json:"values"`
}

// errNoParam is the error for a parameter path the rulebook lacks.
type errNoParam struct{ path string }

func (e errNoParam) Error() string {
	return fmt.Sprintf("no parameter %q in the rulebook (kartusehat rules --date DATE lists them)", e.path)
}

// ParamHistory is the history of the parameter at path: every dated
// value, each with its citation, oldest first.
func (e *Engine) ParamHistory(path string) (*ParamHistory, error) {
	p, ok := e.book.Param(path)
	if !ok {
		return nil, errNoParam{fault.SafeText(path)}
	}
	return &ParamHistory{Rulebook: e.book.Name(), Revision: e.book.Revision(), Path: p.Path, Type: p.Kind.String(),
		Description: p.Description, Options: p.Options, Ambiguity: p.Ambiguity, Values: nonNil(p.Values)}, nil
}

// nonNil is s, or an empty slice for nil: a JSON array, never null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
