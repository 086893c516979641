// Package month holds what the command line and the server share about
// a hospital's month: the options of its verification (flags of
// "kartusehat claim verify", query parameters of POST /v1/claim/verify)
// and the writers of its report and recap.
package month

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/kartusehat/kartusehat"
	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/internal/fault"
	"github.com/kartusehat/kartusehat/internal/jsonout"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/workbook"
	"github.com/shopspring/decimal"
)

// VerifyOptions are the options of a month's verification, the same
// whichever way it is asked for: the flags of "kartusehat claim verify"
// and the query parameters of POST /v1/claim/verify, of the same names,
// are both registered here and read by Budget.
type VerifyOptions struct {
	budgetYear int
	budget     string
	paid       string
	// CSV is the dialect of the CSV tables (--csv-dialect).
	CSV CSVDialectFlag
}

// Register registers the options as flags (or query parameters) on fs.
func (o *VerifyOptions) Register(fs *flag.FlagSet) {
	fs.IntVar(&o.budgetYear, "budget-year", 0, "the budget year (2017 to 2200); with --budget, split what is payable into paid now and carried to the next year")
	fs.StringVar(&o.budget, "budget", "", "the year's Jamkesda budget, whole rupiah")
	fs.StringVar(&o.paid, "already-paid", "0", "what the year's budget has paid so far, whole rupiah")
	o.CSV.Register(fs)
}

// CSVDialectFlag is the --csv-dialect flag (and query parameter): how the
// CSV tables are written, comma (the default) or excel-id.
type CSVDialectFlag struct{ D claim.CSVDialect }

// Register registers the flag on fs, its value comma.
func (c *CSVDialectFlag) Register(fs *flag.FlagSet) {
	c.D = claim.CSVComma
	fs.Var(c, "csv-dialect", "the CSV tables' dialect: comma (the default: RFC 4180, the columns' keys as headers) or excel-id "+
		"(what a spreadsheet set to Indonesian opens: semicolons, a UTF-8 byte order mark, CRLF, headers in Bahasa Indonesia)")
}

// String implements flag.Value.
func (c *CSVDialectFlag) String() string {
	if c == nil || c.D.Name == "" {
		return claim.CSVComma.Name
	}
	return c.D.Name
}

// Set implements flag.Value.
func (c *CSVDialectFlag) Set(s string) error {
	d, err := claim.ParseCSVDialect(s)
	if err != nil {
		return errors.New("one of comma, excel-id")
	}
	c.D = d
	return nil
}

// OptionError is an option (a flag, or the query parameter of the same
// name) whose value is refused, found before any work is done.
type OptionError struct {
	Name  string // without "--"
	Msg   string
	MsgID string // Msg in Indonesian
}

func (o *OptionError) Error() string { return o.Name + ": " + o.Msg }

// FieldError is the error as the server answers it: a 400 naming the
// parameter.
func (o *OptionError) FieldError() *rules.FieldError {
	return fault.Safe(fault.New(rules.CodeBadValue, o.Name, o.MsgID, o.Msg))
}

// The budget years claim.ApplyBudget takes: checked here too, before the
// month is read (TestBudgetOptionsAsApplyBudget keeps the two together).
const (
	minBudgetYear = 2017
	maxBudgetYear = 2200
)

// rupiahOption parses a budget option: whole rupiah, not negative, at
// most the total a bill may reach.
func rupiahOption(name, value string) (decimal.Decimal, *OptionError) {
	d, err := decimal.NewFromString(value)
	if err != nil || strings.ContainsAny(value, "eE") {
		return decimal.Decimal{}, &OptionError{name, fmt.Sprintf("%q is not an amount: expected whole rupiah in digits (20000000)", value), fmt.Sprintf("%q bukan jumlah uang: diharapkan rupiah bulat dalam angka (20000000)", value)}
	}
	if !d.IsInteger() {
		return decimal.Decimal{}, &OptionError{name, fmt.Sprintf("%s has a fraction of a rupiah: a budget is whole rupiah", value), fmt.Sprintf("%s memuat pecahan rupiah: anggaran dalam rupiah bulat", value)}
	}
	if d.IsNegative() {
		return decimal.Decimal{}, &OptionError{name, fmt.Sprintf("%s is negative", value), fmt.Sprintf("%s negatif", value)}
	}
	if d.GreaterThan(decimal.NewFromInt(maxBudget)) {
		return decimal.Decimal{}, &OptionError{name, fmt.Sprintf("more than Rp %d, the largest budget", int64(maxBudget)), fmt.Sprintf("lebih dari Rp %d, anggaran terbesar", int64(maxBudget))}
	}
	return d, nil
}

// maxBudget bounds the budget options (a quadrillion rupiah).
const maxBudget = 1_000_000_000_000_000

// Budget returns the budget the options give, nil for none. Every
// value is checked here, before any file is read: a fraction of a rupiah,
// a negative amount, a year claim.ApplyBudget would refuse.
func (o *VerifyOptions) Budget() (*claim.Budget, *OptionError) {
	if o.budget == "" && o.budgetYear == 0 {
		if o.paid != "0" {
			return nil, &OptionError{"already-paid", "goes with budget-year and budget", "hanya bersama budget-year dan budget"}
		}
		return nil, nil
	}
	if o.budget == "" {
		return nil, &OptionError{"budget", "required with budget-year: the year's budget in rupiah", "wajib bersama budget-year: anggaran tahun itu dalam rupiah"}
	}
	if o.budgetYear == 0 {
		return nil, &OptionError{"budget-year", "required with budget: the budget year", "wajib bersama budget: tahun anggarannya"}
	}
	if o.budgetYear < minBudgetYear || o.budgetYear > maxBudgetYear {
		return nil, &OptionError{"budget-year", fmt.Sprintf("%d is not a budget year of these rules (%d to %d)", o.budgetYear, minBudgetYear, maxBudgetYear), fmt.Sprintf("%d bukan tahun anggaran aturan ini (%d sampai %d)", o.budgetYear, minBudgetYear, maxBudgetYear)}
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

// WriteReportLine writes the month's report as the last line of claim
// verify's output: {"report": {...}} on one line.
func WriteReportLine(w io.Writer, rep *claim.Report) error {
	return json.NewEncoder(w).Encode(struct {
		Report *claim.Report `json:"report"`
	}{rep})
}

// RecapSheets are the recap's tables, each year's SJP and claims.
func RecapSheets(recaps []claim.Recap) []claim.Sheet {
	var sheets []claim.Sheet
	for _, rc := range recaps {
		sheets = append(sheets, rc.Sheets()...)
	}
	return sheets
}

// WriteRecap writes the recap as claim recap -o does: json, or
// csv (the tables one after the other) in dialect d.
func WriteRecap(w io.Writer, recaps []claim.Recap, format string, d claim.CSVDialect) error {
	if format == "csv" {
		return WriteSheetsCSV(w, RecapSheets(recaps), d)
	}
	return jsonout.Indented(w, struct {
		Recaps []claim.Recap `json:"recaps"`
	}{recaps})
}

// WriteSheetsCSV writes tables as CSV in dialect d one after the other,
// each under a "# name" line, a blank line between two; the dialect's
// byte order mark, if any, once at the start.
func WriteSheetsCSV(w io.Writer, sheets []claim.Sheet, d claim.CSVDialect) error {
	eol := "\n"
	if d.CRLF {
		eol = "\r\n"
	}
	if d.BOM {
		if _, err := io.WriteString(w, "\uFEFF"); err != nil {
			return err
		}
		d.BOM = false
	}
	for i, s := range sheets {
		if i > 0 {
			if _, err := io.WriteString(w, eol); err != nil {
				return err
			}
		}
		if _, err := fmt.Fprintf(w, "# %s%s", s.Name, eol); err != nil {
			return err
		}
		if err := s.WriteCSVDialect(w, d); err != nil {
			return err
		}
	}
	return nil
}

// wib is the time zone of Kota Bekasi, Western Indonesian Time.
var wib = time.FixedZone("WIB", 7*3600)

// workbookTitle is the title block of a workbook made at now on the
// engine's rulebook.
func workbookTitle(eng *kartusehat.Engine, now time.Time) workbook.Title {
	book := eng.Book()
	return workbook.Title{Rulebook: book.Name(), Revision: book.Revision(), Made: now.In(wib)}
}

// WriteMonthWorkbook writes the month's report and its files as a
// workbook (claim verify -o xlsx=FILE, POST /v1/claim/verify?format=xlsx),
// made at now.
func WriteMonthWorkbook(w io.Writer, eng *kartusehat.Engine, rep *claim.Report, files []claim.FileRow, now time.Time) error {
	if files == nil {
		files = []claim.FileRow{}
	}
	return workbook.Write(w, rep, workbook.Options{Title: workbookTitle(eng, now), Files: files})
}

// WriteRecapWorkbook writes the recaps as a workbook (claim recap -o
// xlsx=FILE, POST /v1/claim/recap?format=xlsx), made at now.
func WriteRecapWorkbook(w io.Writer, eng *kartusehat.Engine, recaps []claim.Recap, now time.Time) error {
	return workbook.WriteRecaps(w, recaps, workbookTitle(eng, now))
}
