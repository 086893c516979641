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
	if err := parseFlags(fs, args); err != nil {
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
	sum, err := eligibility.Reconcile(prev, cur, func(c eligibility.Change) error { return enc.Encode(c) })
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
