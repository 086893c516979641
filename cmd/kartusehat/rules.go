package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/kartusehat/kartusehat/rules"
)

// rulesReport is the JSON form of "kartusehat rules".
type rulesReport struct {
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
func (e *Engine) Rules(date rules.Date, ambiguities bool) *rulesReport {
	rb := e.Book
	s := rb.At(date)
	rep := &rulesReport{
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

func cmdRules(e *env, args []string) error {
	fs := newFlagSet("rules", e)
	var bf bookFlags
	bf.register(fs)
	at := fs.String("date", "", "date of service, YYYY-MM-DD (required, unless --param)")
	alias(fs, e, "at", "date", nil)
	out := outputOf(fs, []string{"text", "json"}, nil)
	boolAlias(fs, e, "json", "output", "json")
	amb := fs.Bool("ambiguities", false, "also list every ambiguity the rulebook settles, with all its values")
	wide := fs.Bool("wide", false, "do not wrap the text at 100 columns: one line per parameter")
	param := fs.String("param", "", "print the history of the parameter at PATH (such as tariff.ambulance.city): every dated value with its citation")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: kartusehat rules --date DATE [-o text|json] [--ambiguities] [--wide] | --param PATH [-o text|json]\n\n"+
			"The rulebook in force on DATE: its instruments, every parameter with its citation,\n"+
			"the exclusions, the partner facilities and the holiday years. With --param PATH, the\n"+
			"history of one parameter: every value it has had, from when, with its citation.\n\nFlags:\n")
		printDefaults(fs)
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *param != "" {
		if *at != "" || *amb || *wide {
			return usageError{msg: "--param prints a parameter's whole history: --date, --ambiguities and --wide do not apply", usage: synopsis(fs)}
		}
		rb, err := bf.load()
		if err != nil {
			return err
		}
		h, err := (&Engine{Book: rb}).ParamHistory(*param)
		if err != nil {
			return err
		}
		if out.format("text") == "json" {
			return writeJSON(e.stdout, h)
		}
		return writeParamText(e.stdout, h)
	}
	if *at == "" {
		return usageError{msg: "--date DATE is required (for example --date 2019-03-01)", usage: synopsis(fs)}
	}
	date, err := rules.ParseDate(*at)
	if err != nil {
		return usageError{msg: fmt.Sprintf("--date: %v", err)}
	}
	rb, err := bf.load()
	if err != nil {
		return err
	}
	rep := (&Engine{Book: rb}).Rules(date, *amb)
	if out.format("text") == "json" {
		return writeJSON(e.stdout, rep)
	}
	width := textWidth
	if *wide {
		width = 0
	}
	return writeRulesText(e, rep, width)
}

// paramHistory is a parameter's history: what "kartusehat rules --param
// PATH -o json" writes and GET /v1/parameters/{path} answers.
type paramHistory struct {
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
func (e *Engine) ParamHistory(path string) (*paramHistory, error) {
	p, ok := e.Book.Param(path)
	if !ok {
		return nil, errNoParam{SafeText(path)}
	}
	return &paramHistory{Rulebook: e.Book.Name(), Revision: e.Book.Revision(), Path: p.Path, Type: p.Kind.String(),
		Description: p.Description, Options: p.Options, Ambiguity: p.Ambiguity, Values: nonNil(p.Values)}, nil
}

// writeParamText writes a parameter's history as text.
func writeParamText(w io.Writer, h *paramHistory) error {
	fmt.Fprintf(w, "%s (%s)\n", h.Path, h.Type)
	h.Ambiguity = strings.TrimSpace(h.Ambiguity)
	if h.Description != "" {
		fmt.Fprintln(w, wrap("  "+h.Description, textWidth, 2))
	}
	if len(h.Options) > 0 {
		fmt.Fprintf(w, "  options: %s\n", strings.Join(h.Options, ", "))
	}
	if h.Ambiguity != "" {
		fmt.Fprintln(w, wrap("  ambiguity: "+h.Ambiguity, textWidth, 4))
	}
	fmt.Fprintln(w, "\nValues:")
	for i, v := range h.Values {
		until := "open-ended"
		switch {
		case !v.Until.IsZero():
			until = "until " + v.Until.String()
		case i+1 < len(h.Values):
			until = "until " + h.Values[i+1].From.AddDays(-1).String()
		}
		fmt.Fprintf(w, "  from %s (%s): %s\n", v.From, until, v.Display())
		fmt.Fprintln(w, wrap("    "+v.Ref, textWidth, 4))
		if v.Note != "" {
			fmt.Fprintln(w, wrap("    note: "+v.Note, textWidth, 4))
		}
	}
	return nil
}

// textWidth is the width "rules" wraps its text at, unless --wide.
const textWidth = 100

// writeRulesText writes the report as text, wrapped at width columns (0:
// no wrapping, one line per parameter, aligned).
func writeRulesText(e *env, rep *rulesReport, width int) error {
	w := e.stdout
	fmt.Fprintf(w, "%s\nrevision %s\n", rep.Rulebook, rep.Revision)
	for _, o := range rep.Overlays {
		fmt.Fprintf(w, "overlay  %s\n", o)
	}
	fmt.Fprintf(w, "in force on %s", rep.Date)
	if rep.Governing != nil {
		fmt.Fprintf(w, " under %s", rep.Governing.Short)
	}
	fmt.Fprintln(w)
	if len(rep.Instruments) == 0 {
		fmt.Fprintln(w, "\nNo instrument of the rulebook is in force on this date.")
	} else {
		fmt.Fprintln(w, "\nInstruments in force:")
		for _, in := range rep.Instruments {
			fmt.Fprintf(w, "  %-36s since %s\n", in.Short, in.InForce)
		}
	}
	fmt.Fprintln(w, "\nParameters:")
	if width == 0 {
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		for _, v := range rep.Parameters {
			fmt.Fprintf(tw, "  %s\t%s\t%s\tsince %s\n", v.Path, v.Display(), v.Ref, v.From)
		}
		tw.Flush()
	} else {
		pw := 0
		for _, v := range rep.Parameters {
			pw = max(pw, len(v.Path))
		}
		pw = min(pw, 44)
		for _, v := range rep.Parameters {
			head := fmt.Sprintf("  %-*s  %s", pw, v.Path, v.Display())
			tail := fmt.Sprintf("%s  since %s", v.Ref, v.From)
			if len(head)+2+len(tail) <= width {
				fmt.Fprintf(w, "%s  %s\n", head, tail)
				continue
			}
			fmt.Fprintln(w, wrap(head, width, pw+4))
			fmt.Fprintln(w, wrap(strings.Repeat(" ", pw+4)+tail, width, pw+4))
		}
	}
	fmt.Fprintln(w, "\nNot covered:")
	for _, x := range rep.Exclusions {
		fmt.Fprintln(w, wrapIf(fmt.Sprintf("  %2d. %-30s %s", x.Number, x.Code, x.Ref), width, 6))
	}
	fmt.Fprintf(w, "\nPartner facilities: %d (kartusehat rules -o json lists them)\n", len(rep.Partners))
	fmt.Fprintf(w, "Holiday calendar years: %v\n", rep.Holidays)
	if len(rep.Ambiguities) > 0 {
		fmt.Fprintln(w, "\nAmbiguities settled by parameters:")
		for _, p := range rep.Ambiguities {
			fmt.Fprintf(w, "\n  %s\n%s\n", p.Path, wrapIf("    "+p.Ambiguity, width, 4))
			for _, v := range p.Values {
				fmt.Fprintln(w, wrapIf(fmt.Sprintf("    from %s: %s (%s)", v.From, v.Display(), v.Ref), width, 6))
			}
		}
	}
	return nil
}

// nonNil is s, or an empty slice for nil: a JSON array, never null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
