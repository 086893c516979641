package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kartusehat/kartusehat"
	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/internal/month"
	"github.com/kartusehat/kartusehat/tariff"
)

// cmdClaim is "kartusehat claim": the subcommands check (the file's
// documents and timeline; also the old form "kartusehat claim" with
// flags), adjudicate (a claim file line by line), verify (a hospital's
// month) and recap (SJP and claims by month and service).
func cmdClaim(e *env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "check":
			return opCommand("claim")(e, args[1:])
		case "adjudicate":
			return cmdClaimAdjudicate(e, args[1:])
		case "verify":
			return cmdClaimVerify(e, args[1:])
		case "recap":
			return cmdClaimRecap(e, args[1:])
		}
	}
	return opCommand("claim")(e, args)
}

// claimFlags are the flags of claim adjudicate, verify and recap.
type claimFlags struct {
	bf    bookFlags
	in    inputFlags
	table string
}

func (c *claimFlags) register(e *env, name string, op *Op) *flag.FlagSet {
	fs := newFlagSet("claim "+name, e)
	c.bf.register(fs)
	c.in.register(fs, op)
	fs.StringVar(&c.table, "inacbg", "", "INA-CBG tariff table (CSV); default: the rulebook's own table (a sample in the embedded rulebook)")
	return fs
}

func (c *claimFlags) engine() (*Engine, error) {
	if c.in.maxInput <= 0 || c.in.maxLine <= 0 {
		return nil, usageError{msg: "--max-input and --max-line must be positive"}
	}
	rb, err := c.bf.load()
	if err != nil {
		return nil, err
	}
	var t *tariff.Table
	if c.table != "" {
		f, err := os.Open(c.table)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		if t, err = loadTable(f, c.table); err != nil {
			return nil, err
		}
	}
	return kartusehat.New(rb, kartusehat.WithTable(t))
}

// maxTableLine is the longest line of an INA-CBG table tariff.LoadTable
// reads (its scanner's buffer).
const maxTableLine = 64 << 10

// loadTable loads the INA-CBG table named name (--inacbg) from r, an
// over-long line named by its limit rather than by the scanner.
func loadTable(r io.Reader, name string) (*tariff.Table, error) {
	t, err := tariff.LoadTable(r, name, "host-supplied INA-CBG table "+name)
	// tariff.LoadTable formats the scanner's error into its own: its text.
	if err != nil && (errors.Is(err, bufio.ErrTooLong) || strings.Contains(err.Error(), bufio.ErrTooLong.Error())) {
		return nil, fmt.Errorf("--inacbg %s: a line is longer than %d bytes, the limit of a table line (is it a CSV file?)", name, maxTableLine)
	}
	return t, err
}

// open makes the engine and opens the input: what every claim subcommand
// does once its flags are parsed. The caller calls done when finished.
func (c *claimFlags) open(e *env) (eng *Engine, r io.Reader, done func(), err error) {
	if eng, err = c.engine(); err != nil {
		return nil, nil, nil, err
	}
	if r, done, err = openInput(e, c.in.input); err != nil {
		return nil, nil, nil, err
	}
	return eng, r, done, nil
}

func cmdClaimAdjudicate(e *env, args []string) error {
	var c claimFlags
	fs := c.register(e, "adjudicate", adjudicateOp)
	var ff formatFlags
	ff.register(fs, adjudicateOp)
	fs.Usage = func() { writeOpHelp(fs.Output(), adjudicateOp, fs) }
	if err := parseFlagsInput(fs, args, &c.in.input); err != nil {
		return err
	}
	if err := c.in.checkOutput(fs); err != nil {
		return err
	}
	op, err := ff.op(fs, adjudicateOp)
	if err != nil {
		return err
	}
	eng, r, done, err := c.open(e)
	if err != nil {
		return err
	}
	defer done()
	if c.in.batch {
		ctx, release := e.batchStop()
		defer release()
		return runBatch(ctx, eng, op, interruptible(r, ctx.Done()), e.stdout, e.stderr, c.in.maxLine)
	}
	raw, err := readLimited(r, int64(c.in.maxInput), "--max-input")
	var res any
	if err == nil {
		_, res, err = eng.Do(op, raw)
	}
	if err != nil {
		return singleFailed{withHint(ErrorOf(err))}
	}
	return c.in.write(e.stdout, res)
}

func cmdClaimVerify(e *env, args []string) error {
	var c claimFlags
	fs := c.register(e, "verify", verifyOp)
	c.in.batch = true
	out := &outputFlag{formats: []string{"jsonl"}, files: []string{"json", "csv", "xlsx"}}
	fs.Var(out, "output", "output, -o for short, repeatable: jsonl (the default: each file's adjudication a line, then the report "+
		"as the last line, {\"report\": {...}}); json=FILE: the report to FILE instead of as the last line; "+
		"csv=DIR: also the report's tables as CSV files into the directory DIR; xlsx=FILE: also the tables as an XLSX workbook")
	fs.Var(out, "o", "the same as --output")
	alias(fs, e, "report", "output", func(v string) string { return "json=" + v })
	alias(fs, e, "csv", "output", func(v string) string { return "csv=" + v })
	alias(fs, e, "xlsx", "output", func(v string) string { return "xlsx=" + v })
	var o month.VerifyOptions
	o.Register(fs)
	var ff formatFlags
	ff.register(fs, verifyOp)
	fs.Usage = func() { writeOpHelp(fs.Output(), verifyOp, fs) }
	if err := parseFlagsInput(fs, args, &c.in.input); err != nil {
		return err
	}
	if err := ff.monthFrom(fs); err != nil {
		return err
	}
	report, csvDir, xlsx := out.file("json"), out.file("csv"), out.file("xlsx")
	b, oe := o.Budget()
	if oe != nil {
		return usageError{msg: "--" + oe.Name + ": " + oe.Msg}
	}
	eng, r, done, err := c.open(e)
	if err != nil {
		return err
	}
	defer done()
	ctx, release := e.batchStop()
	defer release()
	bo := kartusehat.BatchOptions{MaxLine: c.in.maxLine, Summary: e.stderr, From: ff.from}
	var rep *claim.Report
	var files []claim.FileRow
	var batchErr error
	if xlsx != "" { // the workbook's sheet of files: a row per file kept
		rep, files, batchErr = eng.VerifyMonthFiles(ctx, interruptible(r, ctx.Done()), e.stdout, bo, b)
	} else {
		rep, batchErr = eng.VerifyMonth(ctx, interruptible(r, ctx.Done()), e.stdout, bo, b)
	}
	if rep == nil {
		return batchErr
	}
	if report != "" {
		if err := writeFileJSON(report, rep); err != nil {
			return err
		}
	} else if err := month.WriteReportLine(e.stdout, rep); err != nil {
		return err
	}
	if err := writeSheets(rep.Sheets(), csvDir, o.CSV.D, xlsx, func(w io.Writer) error {
		return month.WriteMonthWorkbook(w, eng, rep, files, time.Now())
	}); err != nil {
		return err
	}
	return batchErr
}

func writeFileJSON(name string, v any) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	if err := writeJSON(f, v); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// writeSheets writes the tables as CSV files in dialect d into dir, and
// the workbook book writes to the file xlsx; an empty name skips that
// form.
func writeSheets(sheets []claim.Sheet, dir string, d claim.CSVDialect, xlsx string, book func(io.Writer) error) error {
	if dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		for _, s := range sheets {
			f, err := os.Create(filepath.Join(dir, sheetFileName(s.Name)+".csv"))
			if err != nil {
				return err
			}
			if err := s.WriteCSVDialect(f, d); err != nil {
				f.Close()
				return err
			}
			if err := f.Close(); err != nil {
				return err
			}
		}
	}
	if xlsx != "" {
		f, err := os.Create(xlsx)
		if err != nil {
			return err
		}
		if err := book(f); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	}
	return nil
}

func sheetFileName(name string) string {
	return strings.ToLower(strings.ReplaceAll(name, " ", "-"))
}

// recapMonth is claim recap, for the CLI and POST /v1/claim/recap
// alike (the library's Engine.RecapMonth).
func recapMonth(ctx context.Context, eng *Engine, r io.Reader, acks, summary io.Writer, maxLine int, onError func(line int, e *ErrorJSON), from string) (recaps []claim.Recap, done bool, err error) {
	return eng.RecapMonth(ctx, r, acks, kartusehat.BatchOptions{MaxLine: maxLine, Summary: summary, OnError: onError, From: from})
}

func cmdClaimRecap(e *env, args []string) error {
	var c claimFlags
	fs := c.register(e, "recap", recapOp)
	out := &outputFlag{formats: []string{"json", "csv"}, files: []string{"xlsx"}}
	fs.Var(out, "output", "output, -o for short: json (the default) or csv (the SJP and claims tables one after the other) "+
		"on standard output; xlsx=FILE: also the recap as an XLSX workbook to FILE")
	fs.Var(out, "o", "the same as --output")
	alias(fs, e, "format", "output", nil)
	alias(fs, e, "xlsx", "output", func(v string) string { return "xlsx=" + v })
	var dialect month.CSVDialectFlag
	dialect.Register(fs)
	var ff formatFlags
	ff.register(fs, verifyOp) // a month, as claim verify's
	fs.Usage = func() { writeOpHelp(fs.Output(), recapOp, fs) }
	if err := parseFlagsInput(fs, args, &c.in.input); err != nil {
		return err
	}
	if err := ff.monthFrom(fs); err != nil {
		return err
	}
	format, xlsx := out.format("json"), out.file("xlsx")
	eng, r, done, err := c.open(e)
	if err != nil {
		return err
	}
	defer done()
	// The per-line acknowledgements go nowhere: recap writes the tables.
	// Each line that failed is named on standard error, before the
	// summary.
	ctx, release := e.batchStop()
	defer release()
	recaps, read, batchErr := recapMonth(ctx, eng, interruptible(r, ctx.Done()), io.Discard, e.stderr, c.in.maxLine,
		func(line int, ej *ErrorJSON) {
			fmt.Fprintf(e.stderr, "kartusehat claim recap: line %d: %s\n", line, singleFailed{ej}.Error())
		}, ff.from)
	if !read {
		return batchErr
	}
	if err := month.WriteRecap(e.stdout, recaps, format, dialect.D); err != nil {
		return err
	}
	if err := writeSheets(nil, "", dialect.D, xlsx, func(w io.Writer) error {
		return month.WriteRecapWorkbook(w, eng, recaps, time.Now())
	}); err != nil {
		return err
	}
	return batchErr
}
