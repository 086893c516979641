package main

import (
	"encoding/json"
	"fmt"
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

func cmdRules(e *env, args []string) error {
	fs := newFlagSet("rules", e)
	var bf bookFlags
	bf.register(fs)
	at := fs.String("at", "", "date of service, YYYY-MM-DD (required)")
	asJSON := fs.Bool("json", false, "write JSON")
	amb := fs.Bool("ambiguities", false, "also list every ambiguity the rulebook settles, with all its values")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *at == "" {
		return usageError{"--at DATE is required (for example --at 2019-03-01)"}
	}
	date, err := rules.ParseDate(*at)
	if err != nil {
		return usageError{fmt.Sprintf("--at: %v", err)}
	}
	rb, err := bf.load()
	if err != nil {
		return err
	}
	s := rb.At(date)
	rep := rulesReport{
		Rulebook: rb.Name(), Revision: rb.Revision(), Overlays: rb.Overlays(), Date: date,
		Instruments: s.Instruments(), Parameters: s.Values(), Exclusions: s.Exclusions(),
		Holidays: rb.HolidayYears(),
	}
	if g, ok := s.Governing(); ok {
		rep.Governing = &g
	}
	rep.Partners = s.Partners()
	if *amb {
		rep.Ambiguities = rb.Ambiguities()
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	return writeRulesText(e, rep)
}

func writeRulesText(e *env, rep rulesReport) error {
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
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, v := range rep.Parameters {
		fmt.Fprintf(tw, "  %s\t%s\t%s\tsince %s\n", v.Path, v.Display(), v.Ref, v.From)
	}
	tw.Flush()
	fmt.Fprintln(w, "\nNot covered:")
	for _, x := range rep.Exclusions {
		fmt.Fprintf(w, "  %2d. %-30s %s\n", x.Number, x.Code, x.Ref)
	}
	fmt.Fprintf(w, "\nPartner facilities: %d (kartusehat rules --json lists them)\n", len(rep.Partners))
	fmt.Fprintf(w, "Holiday calendar years: %v\n", rep.Holidays)
	if len(rep.Ambiguities) > 0 {
		fmt.Fprintln(w, "\nAmbiguities settled by parameters:")
		for _, p := range rep.Ambiguities {
			fmt.Fprintf(w, "\n  %s\n    %s\n", p.Path, p.Ambiguity)
			for _, v := range p.Values {
				fmt.Fprintf(w, "    from %s: %s (%s)\n", v.From, v.Display(), v.Ref)
			}
		}
	}
	return nil
}
