package main

import (
	"bufio"
	"encoding/json"
	"fmt"

	"github.com/kartusehat/kartusehat/eligibility"
)

func cmdReconcile(e *env, args []string) error {
	fs := newFlagSet("reconcile", e)
	prevName := fs.String("previous", "", "the earlier registry extract (required)")
	curName := fs.String("current", "", "the later registry extract (required)")
	format := fs.String("format", "csv", "extract format: csv or jsonl")
	allowEmpty := fs.Bool("allow-empty", false, "accept an extract with no rows (every participant of the other one then changes)")
	var bf bookFlags
	bf.register(fs)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: kartusehat reconcile --previous FILE --current FILE [--format csv|jsonl] [--allow-empty]\n\n"+
			"The participants added and removed between two registry extracts sorted by NIK, as JSON Lines;\n"+
			"the summary on standard error. CSV extracts start with the header nik,kk,status,date.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	// The rulebook is loaded so that a bad --rules or --overlay fails
	// here as everywhere; the changes' citations are the Perda's own.
	if _, err := bf.load(); err != nil {
		return err
	}
	if *prevName == "" || *curName == "" {
		return usageError{"--previous FILE and --current FILE are required"}
	}
	f, err := eligibility.ParseFormat(*format)
	if err != nil {
		return usageError{err.Error()}
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
	prev, err := eligibility.NewExtractReader(bufio.NewReaderSize(pr, 1<<20), f, *prevName)
	if err != nil {
		return err
	}
	cur, err := eligibility.NewExtractReader(bufio.NewReaderSize(cr, 1<<20), f, *curName)
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
	sum, err := eligibility.Reconcile(prev, cur, func(c eligibility.Change) error {
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
