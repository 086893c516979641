package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/rules"
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

// fileInput is the input of claim adjudicate and claim verify: a claim
// file; its "id" is the host's claim number.
type fileInput struct {
	// ID is the host's claim number, echoed whatever its JSON type; a
	// string or a number is also carried into the result.
	ID json.RawMessage `json:"id,omitempty"`
	claim.File
}

// decodeFile decodes a claim file line: the file, and its id as given.
func decodeFile(raw []byte, in *fileInput) error {
	if err := decodeStrict(raw, in); err != nil {
		return err
	}
	in.File.ID = idText(in.ID)
	return checkAmounts(&in.File)
}

// errAmountOverMax is the message of an amount over tariff.MaxAmount,
// the same in every command (price says it so too) and never echoing
// the amount.
var errAmountOverMax = "the amount is more than " + rupiahText(tariff.MaxAmount) + ", the limit for an amount (MaxAmount)"

// checkAmounts refuses an amount of a claim file over tariff.MaxAmount
// as price does: out_of_range, the limit named.
func checkAmounts(f *claim.File) error {
	over := func(d decimal.Decimal) bool { return d.GreaterThan(maxAmount) }
	for i, l := range f.Lines {
		if over(l.Amount) {
			return &inputError{Code: CodeOutOfRange, Field: fmt.Sprintf("/lines/%d/amount", i), Msg: errAmountOverMax}
		}
		if l.UnitPrice != nil && over(*l.UnitPrice) {
			return &inputError{Code: CodeOutOfRange, Field: fmt.Sprintf("/lines/%d/unit_price", i), Msg: errAmountOverMax}
		}
	}
	for i, d := range f.Deposits {
		if over(d.Amount) {
			return &inputError{Code: CodeOutOfRange, Field: fmt.Sprintf("/deposits/%d/amount", i), Msg: errAmountOverMax}
		}
	}
	return nil
}

var maxAmount = decimal.NewFromInt(tariff.MaxAmount)

// rupiahText writes n as the tariff's messages do: Rp 1,000,000.
func rupiahText(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return "Rp " + s
}

// idText is the id as the result carries it: a string's text, a number's
// digits, "" for anything else.
func idText(id json.RawMessage) string {
	var s string
	if json.Unmarshal(id, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(id, &n) == nil {
		return n.String()
	}
	return ""
}

// LogValue implements slog.LogValuer: every NIK masked.
func (in *fileInput) LogValue() slog.Value { return eligibility.LogValueMasked(in) }

// adjudicateOp is the operation of claim adjudicate: a claim file in, its
// adjudication out.
var adjudicateOp = &Op{
	Name:    "claim adjudicate",
	Summary: "the verdict on a claim file: every bill line paid, reduced or denied, and the file's amounts",
	input:   func() any { return new(fileInput) },
	do: func(e *Engine, raw []byte) (json.RawMessage, any, error) {
		var in fileInput
		if err := decodeFile(raw, &in); err != nil {
			return idOf(raw), nil, err
		}
		id := in.ID
		a, err := adjudicateFile(e, &in.File, nil, 0)
		if err != nil {
			return id, nil, err
		}
		return id, a, nil
	},
}

// adjudicateFile adjudicates f on the rules of its admission, or verifies
// it in v's month. A file refused before the Verifier sees it is counted
// as failed in v's month all the same.
func adjudicateFile(e *Engine, f *claim.File, v *claim.Verifier, n int) (*claim.Adjudication, error) {
	if f.Episode.Admission.IsZero() {
		if v != nil {
			v.Failed()
		}
		return nil, &inputError{Code: CodeMissing, Field: "/episode/admission", Msg: "required: the date-time of admission"}
	}
	on, err := rules.DateFromTime(f.Episode.Admission)
	if err != nil {
		if v != nil {
			v.Failed()
		}
		return nil, within("/episode/admission", err)
	}
	var a claim.Adjudication
	if v != nil {
		a, err = v.Verify(f, n)
	} else {
		a, err = claim.Adjudicate(f, e.Book.At(on), e.Table)
	}
	if err != nil {
		return nil, err
	}
	return &a, nil
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
	eng := &Engine{Book: rb}
	if c.table != "" {
		f, err := os.Open(c.table)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		if eng.Table, err = loadTable(f, c.table); err != nil {
			return nil, err
		}
	}
	return eng, nil
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
		stop, release := e.batchStop()
		defer release()
		return runBatchWith(eng, adjudicateOp, interruptible(r, stop), e.stdout, e.stderr, c.in.maxLine, batchOptions{stop: stop})
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

// verifyOp is the help of claim verify; each run makes its own operation
// around its month's Verifier.
var verifyOp = &Op{
	Name:    "claim verify",
	Summary: "a hospital's month: every claim file of a JSON Lines batch adjudicated as it is read, duplicates refused, then the month's report (Berita Acara figures, schedule, budget, recap, reporting duties)",
	input:   func() any { return new(fileInput) },
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
// of a batch failed (each reported on its line): the batch was read to
// its end and its report stands.
func lineErrorsOnly(err error) bool {
	var bf batchFailed
	return err == nil || errors.As(err, &bf)
}

// verifyMonth is a month's verification, for claim verify and for
// POST /v1/claim/verify alike: every claim file of the JSON Lines read
// from r adjudicated in the month's Verifier as it is read, its line
// written to w (runBatch's {"line", "id", "result"|"error"}), the
// summary to summary; then the month's report with budget b. The report
// is nil when the batch was not read to its end; else err is nil or
// batchFailed.
//
// The report's accounting is the batch's: every line answered is one of
// the report's files or one of its errors (the Berita Acara's errors are
// the batch's failed lines, whatever stage refused them), so the report,
// its tables, the summary and the Kartusehat-Failed-Lines header give the
// same figures.
func verifyMonth(eng *Engine, r io.Reader, w, summary io.Writer, maxLine int, b *claim.Budget, stop <-chan struct{}) (*claim.Report, error) {
	v := claim.NewVerifier(eng.Book, eng.Table)
	n := 0
	op := &Op{Name: verifyOp.Name, Summary: verifyOp.Summary, input: verifyOp.input,
		do: func(e *Engine, raw []byte) (json.RawMessage, any, error) {
			n++
			var in fileInput
			if err := decodeFile(raw, &in); err != nil {
				v.Failed()
				return idOf(raw), nil, err
			}
			a, err := adjudicateFile(e, &in.File, v, n)
			if err != nil {
				return in.ID, nil, err
			}
			return in.ID, a, nil
		}}
	var st batchStats
	batchErr := runBatchWith(eng, op, r, w, summary, maxLine, batchOptions{stop: stop, stats: &st})
	if !lineErrorsOnly(batchErr) {
		return nil, batchErr
	}
	rep, err := v.Report(b)
	if err != nil {
		return nil, err
	}
	if rep.BeritaAcara.Files != st.ok {
		return nil, &inputError{Code: CodeInternal, Msg: fmt.Sprintf("the report counts %d files where %d lines were decided (please report it)", rep.BeritaAcara.Files, st.ok)}
	}
	rep.BeritaAcara.Errors = st.failed
	return &rep, batchErr
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
	stop, release := e.batchStop()
	defer release()
	rep, batchErr := verifyMonth(eng, interruptible(r, stop), e.stdout, e.stderr, c.in.maxLine, b, stop)
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

// recapOp is the help of claim recap.
var recapOp = &Op{
	Name:    "claim recap",
	Summary: "SJP and claim files by month and by service (card or Dinsos letter, outpatient or inpatient), the layout of the 2017 table; JSON Lines of claim files in",
	input:   func() any { return new(fileInput) },
}

// recapMonth is claim recap, for the CLI and POST /v1/claim/recap
// alike: every claim file of the JSON Lines read from r counted by month
// and service, a line acknowledged to acks (runBatch's lines, with the
// file's service as the result), the summary to summary. done is false
// when the batch was not read to its end; else err is nil or batchFailed.
//
// o's stop and onError are passed to the batch.
func recapMonth(eng *Engine, r io.Reader, acks, summary io.Writer, maxLine int, o batchOptions) (recaps []claim.Recap, done bool, err error) {
	var book claim.RecapBook
	op := &Op{Name: recapOp.Name, Summary: recapOp.Summary, input: recapOp.input,
		do: func(e *Engine, raw []byte) (json.RawMessage, any, error) {
			var in fileInput
			if err := decodeFile(raw, &in); err != nil {
				return idOf(raw), nil, err
			}
			if in.Episode.Admission.IsZero() {
				return in.ID, nil, &inputError{Code: CodeMissing, Field: "/episode/admission", Msg: "required: the date-time of admission"}
			}
			if _, err := rules.DateFromTime(in.Episode.Admission); err != nil {
				return in.ID, nil, within("/episode/admission", err)
			}
			if err := book.Add(&in.File); err != nil {
				return in.ID, nil, err
			}
			return in.ID, struct {
				Service string `json:"service"`
			}{in.Service()}, nil
		}}
	batchErr := runBatchWith(eng, op, r, acks, summary, maxLine, batchOptions{stop: o.stop, onError: o.onError})
	if !lineErrorsOnly(batchErr) {
		return nil, false, batchErr
	}
	return book.Recaps(), true, batchErr
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
	stop, release := e.batchStop()
	defer release()
	recaps, read, batchErr := recapMonth(eng, interruptible(r, stop), io.Discard, e.stderr, c.in.maxLine, batchOptions{stop: stop,
		onError: func(line int, ej *ErrorJSON) {
			fmt.Fprintf(e.stderr, "kartusehat claim recap: line %d: %s\n", line, singleFailed{ej}.Error())
		}})
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
