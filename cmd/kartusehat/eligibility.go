package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
)

// openInput opens a file name, or standard input for "" or "-".
func openInput(e *env, name string) (io.Reader, func(), error) {
	if name == "" || name == "-" {
		return e.stdin, func() {}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	return f, func() { f.Close() }, nil
}

// readJSON decodes the named input (a file, or - for standard input)
// strictly into v: unknown fields are errors.
func readJSON(e *env, name string, v any) error {
	r, done, err := openInput(e, name)
	if err != nil {
		return err
	}
	defer done()
	dec := json.NewDecoder(io.LimitReader(r, 4<<20))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// batchLine is one line of a batch: the facts, with the date of service
// and an identifier of the host's own.
type batchLine struct {
	ID    string          `json:"id,omitempty"`
	Date  rules.Date      `json:"date,omitzero"`
	Facts json.RawMessage `json:"facts"`
}

// errorJSON is how an error travels to hosts.
type errorJSON struct {
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

func toErrorJSON(err error) *errorJSON {
	var ef *eligibility.FieldError
	var rf *referral.FieldError
	var tf *tariff.FieldError
	var cf *claim.FieldError
	switch {
	case errors.As(err, &cf):
		return &errorJSON{Field: cf.Field, Message: cf.Msg}
	case errors.As(err, &ef):
		return &errorJSON{Field: ef.Field, Message: ef.Msg}
	case errors.As(err, &rf):
		return &errorJSON{Field: rf.Field, Message: rf.Msg}
	case errors.As(err, &tf):
		return &errorJSON{Field: tf.Field, Message: tf.Msg}
	}
	return &errorJSON{Message: err.Error()}
}

func cmdEligibility(e *env, args []string) error {
	fs := newFlagSet("eligibility", e)
	var bf bookFlags
	bf.register(fs)
	date := fs.String("date", "", "date of service, YYYY-MM-DD (required; in batch mode, the default for lines without one)")
	in := fs.String("facts", "-", "facts JSON file, - for standard input")
	batch := fs.Bool("batch", false, `read JSON Lines of {"id":..., "date":..., "facts":{...}} and write one result per line`)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	var on rules.Date
	if *date != "" {
		var err error
		if on, err = rules.ParseDate(*date); err != nil {
			return usageError{fmt.Sprintf("--date: %v", err)}
		}
	} else if !*batch {
		return usageError{"--date DATE is required"}
	}
	rb, err := bf.load()
	if err != nil {
		return err
	}
	if *batch {
		return eligibilityBatch(e, rb, on, *in)
	}
	r, done, err := openInput(e, *in)
	if err != nil {
		return err
	}
	defer done()
	facts, err := eligibility.DecodeFacts(r)
	if err != nil {
		return err
	}
	d, err := eligibility.Check(facts, rb.At(on))
	if err != nil {
		return err
	}
	return writeJSON(e.stdout, d)
}

func eligibilityBatch(e *env, rb *rules.Rulebook, def rules.Date, input string) error {
	return runBatch(e, input, "eligibility", func(bl *batchLine) (any, error) {
		if len(bl.Facts) == 0 {
			return nil, errors.New(`a batch line is {"id":..., "date":..., "facts":{...}}`)
		}
		facts, err := eligibility.UnmarshalFacts(bl.Facts)
		if err != nil {
			return nil, err
		}
		on := bl.Date
		if on.IsZero() {
			on = def
		}
		if on.IsZero() {
			return nil, errors.New("no date: give one on the line or with --date")
		}
		d, err := eligibility.Check(facts, rb.At(on))
		if err != nil {
			return nil, err
		}
		return &d, nil
	})
}

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
