package main

import (
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/kartusehat/kartusehat"
	"github.com/kartusehat/kartusehat/internal/engineopt"
	"github.com/kartusehat/kartusehat/internal/jsonout"
	"github.com/kartusehat/kartusehat/rules"
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

// writeJSON writes v indented (jsonout.Indented).
func writeJSON(w io.Writer, v any) error { return jsonout.Indented(w, v) }

// writeJSONLine writes v compact, on one line (jsonout.Line).
func writeJSONLine(w io.Writer, v any) error { return jsonout.Line(w, v) }

// inputFlags are the flags of every operation subcommand for its input.
type inputFlags struct {
	input    string
	batch    bool
	maxInput int
	maxLine  int
	output   *outputFlag
}

func (f *inputFlags) register(fs *flag.FlagSet, op *Op) {
	fs.StringVar(&f.input, "input", "-", "the input (or the one argument): a JSON file, with --batch JSON Lines; - for standard input")
	fs.BoolVar(&f.batch, "batch", false, `JSON Lines in (each input may carry an "id"), one {"line", "id", "result"|"error"} line out per line`)
	fs.IntVar(&f.maxInput, "max-input", DefaultMaxInput, "the largest single input, in bytes")
	fs.IntVar(&f.maxLine, "max-line", DefaultMaxLine, "the largest batch line, in bytes; a longer line is reported and the batch goes on")
	if op != verifyOp && op != recapOp {
		f.output = outputOf(fs, []string{"json", "jsonl"}, nil)
	}
}

// checkOutput checks -o against --batch: a batch writes JSON Lines; a
// single input writes indented JSON (json) or one line (jsonl).
func (f *inputFlags) checkOutput(fs *flag.FlagSet) error {
	if f.batch && f.output.format("jsonl") != "jsonl" {
		return usageError{msg: "-o json: a batch writes JSON Lines (-o jsonl)", usage: synopsis(fs)}
	}
	return nil
}

// write writes a single input's result in the -o format.
func (f *inputFlags) write(w io.Writer, v any) error {
	if f.output.format("json") == "jsonl" {
		return writeJSONLine(w, v)
	}
	return writeJSON(w, v)
}

// opCommand is the subcommand of an operation: the flags, the rulebook,
// then one input or a batch through the Engine.
func opCommand(name string) func(e *env, args []string) error {
	return func(e *env, args []string) error {
		op, _ := OpNamed(name)
		fs := newFlagSet(name, e)
		var bf bookFlags
		bf.register(fs)
		var in inputFlags
		in.register(fs, op)
		var ff formatFlags
		ff.register(fs, op)
		var date, table *string
		switch name {
		case "eligibility":
			date = fs.String("date", "", "date of service, YYYY-MM-DD, for inputs that carry none")
			alias(fs, e, "facts", "input", nil)
		case "price", "stay":
			table = fs.String("inacbg", "", "INA-CBG tariff table (CSV); default: the rulebook's own table (a sample in the embedded rulebook)")
		}
		fs.Usage = func() { writeOpHelp(fs.Output(), op, fs) }
		if err := parseFlagsInput(fs, args, &in.input); err != nil {
			return err
		}
		if err := in.checkOutput(fs); err != nil {
			return err
		}
		run, err := ff.op(fs, op)
		if err != nil {
			return err
		}
		if in.maxInput <= 0 || in.maxLine <= 0 {
			return usageError{msg: "--max-input and --max-line must be positive"}
		}
		opts := []kartusehat.Option{func(e *kartusehat.Engine) error { engineopt.SetDateSetting(e, "--date"); return nil }}
		if date != nil && *date != "" {
			d, err := rules.ParseDate(*date)
			if err != nil {
				return usageError{msg: fmt.Sprintf("--date: %v", ErrorOf(err).MessageEN)}
			}
			opts = append(opts, kartusehat.WithDate(d))
		}
		rb, err := bf.load()
		if err != nil {
			return err
		}
		if table != nil && *table != "" {
			f, err := os.Open(*table)
			if err != nil {
				return err
			}
			t, err := loadTable(f, *table)
			f.Close()
			if err != nil {
				return err
			}
			opts = append(opts, kartusehat.WithTable(t))
		}
		eng, err := kartusehat.New(rb, opts...)
		if err != nil {
			return err
		}
		r, done, err := openInput(e, in.input)
		if err != nil {
			return err
		}
		defer done()
		if in.batch {
			ctx, release := e.batchStop()
			defer release()
			return runBatch(ctx, eng, run, interruptible(r, ctx.Done()), e.stdout, e.stderr, in.maxLine)
		}
		raw, err := readLimited(r, int64(in.maxInput), "--max-input")
		var res any
		if err == nil {
			_, res, err = eng.Do(run, raw)
		}
		if err != nil {
			return singleFailed{withHint(ErrorOf(err))}
		}
		return in.write(e.stdout, res)
	}
}

// singleFailed is the error of a single input: the error goes to
// standard output as {"error": {...}} (rules.FieldError's JSON), a line in
// English to standard error, and the command exits 1.
type singleFailed struct{ e *ErrorJSON }

func (s singleFailed) Error() string {
	if s.e.Pointer == "" {
		return string(s.e.Code) + ": " + s.e.MessageEN
	}
	return string(s.e.Code) + ": " + s.e.Pointer + ": " + s.e.MessageEN
}
