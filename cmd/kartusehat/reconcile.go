package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"

	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/rules"
)

func cmdReconcile(e *env, args []string) error {
	fs := newFlagSet("reconcile", e)
	date := fs.String("date", "", "the date of the current extract, YYYY-MM-DD: the rules in force that day give the reasons and their citations (required)")
	prevName := fs.String("previous", "", "the earlier registry extract (required; or the first argument)")
	curName := fs.String("current", "", "the later registry extract (required; or the second argument)")
	format := fs.String("input-format", "csv", "the extracts' format: csv or jsonl")
	alias(fs, e, "format", "input-format", nil)
	outputOf(fs, []string{"jsonl"}, nil)
	allowEmpty := fs.Bool("allow-empty", false, "accept an extract with no rows (every participant of the other one then changes)")
	ignoreUnknown := fs.Bool("ignore-unknown-columns", false, "read CSV extracts with columns other than nik, kk, status, date and pbi, ignoring them (without it such a column is an error)")
	var bf bookFlags
	bf.register(fs)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: kartusehat reconcile --date DATE PREVIOUS CURRENT [--input-format csv|jsonl] [--allow-empty] [flags]\n\n"+
			"The participants added and removed between two registry extracts sorted by NIK, as JSON Lines, each with\n"+
			"the reason and citation the rules in force on DATE give; the summary on standard error. CSV extracts start\n"+
			"with the header nik,kk,status,date (and an optional pbi column); another column is an error naming it,\n"+
			"unless --ignore-unknown-columns.\n\nFlags:\n")
		printDefaults(fs)
	}
	rest, err := parseFlagsArgs(fs, args, 2)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		if len(rest) != 2 || *prevName != "" || *curName != "" {
			return usageError{msg: "give the two extracts, the previous then the current, as arguments or as --previous and --current", usage: synopsis(fs)}
		}
		*prevName, *curName = rest[0], rest[1]
	}
	// The changes' reasons and citations are the rulebook's on the date.
	rb, err := bf.load()
	if err != nil {
		return err
	}
	if *prevName == "" || *curName == "" || *date == "" {
		return usageError{msg: "--previous FILE, --current FILE and --date DATE are required"}
	}
	on, err := rules.ParseDate(*date)
	if err != nil {
		return usageError{msg: fmt.Sprintf("--date: %v", err)}
	}
	f, err := eligibility.ParseFormat(*format)
	if err != nil {
		return usageError{msg: err.Error()}
	}
	pr, pdone, err := openInput(e, *prevName)
	if err != nil {
		return err
	}
	defer pdone()
	cr, cdone, err := openInput(e, *curName)
	if err != nil {
		return err
	}
	defer cdone()
	opts := eligibility.ExtractOptions{IgnoreUnknownColumns: *ignoreUnknown}
	prev, err := eligibility.NewExtractReaderWith(bufio.NewReaderSize(pr, 1<<20), f, *prevName, opts)
	if err != nil {
		return err
	}
	cur, err := eligibility.NewExtractReaderWith(bufio.NewReaderSize(cr, 1<<20), f, *curName, opts)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(e.stdout, 1<<16)
	enc := json.NewEncoder(w)
	// Reconcile reads the first row of each extract before it emits
	// anything: an extract with no rows is refused before a line is
	// written, unless --allow-empty.
	checkEmpty := func() error {
		if *allowEmpty {
			return nil
		}
		for _, x := range []struct {
			er   *eligibility.ExtractReader
			name string
		}{{prev, *prevName}, {cur, *curName}} {
			if x.er.Rows() == 0 {
				return fmt.Errorf("the extract %s has no rows: every participant of the other extract would change; pass --allow-empty if that is intended", x.name)
			}
		}
		return nil
	}
	checked := false
	sum, err := eligibility.Reconcile(context.Background(), rb.At(on), prev, cur, func(c eligibility.Change) error {
		if !checked {
			checked = true
			if err := checkEmpty(); err != nil {
				return err
			}
		}
		return enc.Encode(c)
	})
	if err == nil && !checked {
		err = checkEmpty()
	}
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		return err
	}
	b, _ := json.Marshal(sum)
	fmt.Fprintf(e.stderr, "%s\n", b)
	return nil
}
