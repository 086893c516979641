package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/kartusehat/kartusehat"
	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/tariff"
	"github.com/shopspring/decimal"
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
	fs.Usage = func() { writeOpHelp(fs.Output(), adjudicateOp, fs) }
	if err := parseFlagsInput(fs, args, &c.in.input); err != nil {
		return err
	}
	if err := c.in.checkOutput(fs); err != nil {
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
		return runBatch(ctx, eng, adjudicateOp, interruptible(r, ctx.Done()), e.stdout, e.stderr, c.in.maxLine)
	}
	raw, err := readLimited(r, int64(c.in.maxInput), "the input", "--max-input")
	var res any
	if err == nil {
		_, res, err = eng.Do(adjudicateOp, raw)
	}
	if err != nil {
		return singleFailed{withHint(ErrorOf(err), "use --batch for JSON Lines")}
	}
	return c.in.write(e.stdout, res)
}

// verifyOptions are the options of a month's verification, the same
// whichever way it is asked for: the flags of "kartusehat claim verify"
// and the query parameters of POST /v1/claim/verify, of the same names,
// are both registered here and read by budget.
type verifyOptions struct {
	budgetYear int
	budget     string
	paid       string
}

func (o *verifyOptions) register(fs *flag.FlagSet) {
	fs.IntVar(&o.budgetYear, "budget-year", 0, "the budget year (2017 to 2200); with --budget, split what is payable into paid now and carried to the next year")
	fs.StringVar(&o.budget, "budget", "", "the year's Jamkesda budget, whole rupiah")
	fs.StringVar(&o.paid, "already-paid", "0", "what the year's budget has paid so far, whole rupiah")
}

// optionError is an option (a flag, or the query parameter of the same
// name) whose value is refused, found before any work is done.
type optionError struct {
	name string // without "--"
	msg  string
}

func (o *optionError) Error() string { return o.name + ": " + o.msg }

// usage is the error as the command line reports it.
func (o *optionError) usage() usageError { return usageError{msg: "--" + o.name + ": " + o.msg} }

// errorJSON is the error as the server answers it: a 400 naming the
// parameter.
func (o *optionError) errorJSON() *ErrorJSON {
	return &ErrorJSON{Code: CodeBadValue, Field: o.name, Message: SafeText(o.msg)}
}

// The budget years claim.ApplyBudget takes: checked here too, before the
// month is read (TestBudgetOptionsAsApplyBudget keeps the two together).
const (
	minBudgetYear = 2017
	maxBudgetYear = 2200
)

// rupiahOption parses a budget option: whole rupiah, not negative, at
// most the total a bill may reach.
func rupiahOption(name, value string) (decimal.Decimal, *optionError) {
	d, err := decimal.NewFromString(value)
	if err != nil || strings.ContainsAny(value, "eE") {
		return decimal.Decimal{}, &optionError{name, fmt.Sprintf("%q is not an amount: expected whole rupiah in digits (20000000)", value)}
	}
	if !d.IsInteger() {
		return decimal.Decimal{}, &optionError{name, fmt.Sprintf("%s has a fraction of a rupiah: a budget is whole rupiah", value)}
	}
	if d.IsNegative() {
		return decimal.Decimal{}, &optionError{name, fmt.Sprintf("%s is negative", value)}
	}
	if d.GreaterThan(decimal.NewFromInt(maxBudget)) {
		return decimal.Decimal{}, &optionError{name, fmt.Sprintf("more than Rp %d, the largest budget", int64(maxBudget))}
	}
	return d, nil
}

// maxBudget bounds the budget options (a quadrillion rupiah).
const maxBudget = 1_000_000_000_000_000

// budgetOf returns the budget the options give, nil for none. Every
// value is checked here, before any file is read: a fraction of a rupiah,
// a negative amount, a year claim.ApplyBudget would refuse.
func (o *verifyOptions) budgetOf() (*claim.Budget, *optionError) {
	if o.budget == "" && o.budgetYear == 0 {
		if o.paid != "0" {
			return nil, &optionError{"already-paid", "goes with budget-year and budget"}
		}
		return nil, nil
	}
	if o.budget == "" {
		return nil, &optionError{"budget", "required with budget-year: the year's budget in rupiah"}
	}
	if o.budgetYear == 0 {
		return nil, &optionError{"budget-year", "required with budget: the budget year"}
	}
	if o.budgetYear < minBudgetYear || o.budgetYear > maxBudgetYear {
		return nil, &optionError{"budget-year", fmt.Sprintf("%d is not a budget year of these rules (%d to %d)", o.budgetYear, minBudgetYear, maxBudgetYear)}
	}
	amount, oe := rupiahOption("budget", o.budget)
	if oe != nil {
		return nil, oe
	}
	already, oe := rupiahOption("already-paid", o.paid)
	if oe != nil {
		return nil, oe
	}
	return &claim.Budget{Year: o.budgetYear, Amount: amount, AlreadyPaid: already}, nil
}

// lineErrorsOnly reports whether err is nil or only says that some lines
// of a batch failed: the batch was read to its end and its report stands.
func lineErrorsOnly(err error) bool { return kartusehat.LineErrorsOnly(err) }

// verifyMonth is a month's verification, for claim verify and for
// POST /v1/claim/verify alike (the library's Engine.VerifyMonth).
func verifyMonth(ctx context.Context, eng *Engine, r io.Reader, w, summary io.Writer, maxLine int, b *claim.Budget) (*claim.Report, error) {
	return eng.VerifyMonth(ctx, r, w, kartusehat.BatchOptions{MaxLine: maxLine, Summary: summary}, b)
}

// writeReportLine writes the month's report as the last line of claim
// verify's output: {"report": {...}} on one line.
func writeReportLine(w io.Writer, rep *claim.Report) error {
	return json.NewEncoder(w).Encode(struct {
		Report *claim.Report `json:"report"`
	}{rep})
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
	var o verifyOptions
	o.register(fs)
	fs.Usage = func() { writeOpHelp(fs.Output(), verifyOp, fs) }
	if err := parseFlagsInput(fs, args, &c.in.input); err != nil {
		return err
	}
	report, csvDir, xlsx := out.file("json"), out.file("csv"), out.file("xlsx")
	b, oe := o.budgetOf()
	if oe != nil {
		return oe.usage()
	}
	eng, r, done, err := c.open(e)
	if err != nil {
		return err
	}
	defer done()
	ctx, release := e.batchStop()
	defer release()
	rep, batchErr := verifyMonth(ctx, eng, interruptible(r, ctx.Done()), e.stdout, e.stderr, c.in.maxLine, b)
	if rep == nil {
		return batchErr
	}
	if report != "" {
		if err := writeFileJSON(report, rep); err != nil {
			return err
		}
	} else if err := writeReportLine(e.stdout, rep); err != nil {
		return err
	}
	if err := writeSheets(rep.Sheets(), csvDir, xlsx); err != nil {
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

// writeSheets writes the tables as CSV files into dir and as a workbook
// to xlsx; an empty name skips that form.
func writeSheets(sheets []claim.Sheet, dir, xlsx string) error {
	if dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		for _, s := range sheets {
			f, err := os.Create(filepath.Join(dir, sheetFileName(s.Name)+".csv"))
			if err != nil {
				return err
			}
			if err := s.WriteCSV(f); err != nil {
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
		if err := writeWorkbook(f, sheets); err != nil {
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
func recapMonth(ctx context.Context, eng *Engine, r io.Reader, acks, summary io.Writer, maxLine int, onError func(line int, e *ErrorJSON)) (recaps []claim.Recap, done bool, err error) {
	return eng.RecapMonth(ctx, r, acks, kartusehat.BatchOptions{MaxLine: maxLine, Summary: summary, OnError: onError})
}

// recapSheets are the recap's tables, each year's SJP and claims.
func recapSheets(recaps []claim.Recap) []claim.Sheet {
	var sheets []claim.Sheet
	for _, rc := range recaps {
		sheets = append(sheets, rc.Sheets()...)
	}
	return sheets
}

// writeRecap writes the recap as claim recap -o does: json, or
// csv (the tables one after the other).
func writeRecap(w io.Writer, recaps []claim.Recap, format string) error {
	if format == "csv" {
		return writeSheetsCSV(w, recapSheets(recaps))
	}
	return writeJSON(w, struct {
		Recaps []claim.Recap `json:"recaps"`
	}{recaps})
}

// writeSheetsCSV writes tables as CSV one after the other, each under a
// "# name" line, a blank line between two.
func writeSheetsCSV(w io.Writer, sheets []claim.Sheet) error {
	for i, s := range sheets {
		if i > 0 {
			if _, err := fmt.Fprintln(w); err != nil {
				return err
			}
		}
		if _, err := fmt.Fprintf(w, "# %s\n", s.Name); err != nil {
			return err
		}
		if err := s.WriteCSV(w); err != nil {
			return err
		}
	}
	return nil
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
	fs.Usage = func() { writeOpHelp(fs.Output(), recapOp, fs) }
	if err := parseFlagsInput(fs, args, &c.in.input); err != nil {
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
		})
	if !read {
		return batchErr
	}
	if err := writeRecap(e.stdout, recaps, format); err != nil {
		return err
	}
	if err := writeSheets(recapSheets(recaps), "", xlsx); err != nil {
		return err
	}
	return batchErr
}
