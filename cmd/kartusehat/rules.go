package main

import (
	"fmt"
	"github.com/kartusehat/kartusehat"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/kartusehat/kartusehat/rules"
)

// rulesReport is the JSON form of "kartusehat rules".
type rulesReport = kartusehat.RulesReport

// paramHistory is a parameter's history.
type paramHistory = kartusehat.ParamHistory

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
		h, err := newEngine(rb).ParamHistory(*param)
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
	rep := newEngine(rb).Rules(date, *amb)
	if out.format("text") == "json" {
		return writeJSON(e.stdout, rep)
	}
	width := textWidth
	if *wide {
		width = 0
	}
	return writeRulesText(e, rep, width)
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

// newEngine is an Engine on rb, which is never nil here.
func newEngine(rb *rules.Rulebook) *Engine {
	e, err := kartusehat.New(rb)
	if err != nil {
		panic(err) // rb is a loaded rulebook
	}
	return e
}
