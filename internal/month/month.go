// Package month holds what the command line and the server share about
// a hospital's month: the options of its verification (flags of
// "kartusehat claim verify", query parameters of POST /v1/claim/verify)
// and the writers of its report and recap.
package month

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/kartusehat/kartusehat"
	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/internal/jsonout"
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
}

// Register registers the options as flags (or query parameters) on fs.
func (o *VerifyOptions) Register(fs *flag.FlagSet) {
	fs.IntVar(&o.budgetYear, "budget-year", 0, "the budget year (2017 to 2200); with --budget, split what is payable into paid now and carried to the next year")
	fs.StringVar(&o.budget, "budget", "", "the year's Jamkesda budget, whole rupiah")
	fs.StringVar(&o.paid, "already-paid", "0", "what the year's budget has paid so far, whole rupiah")
}

// OptionError is an option (a flag, or the query parameter of the same
// name) whose value is refused, found before any work is done.
type OptionError struct {
	Name string // without "--"
	Msg  string
}

func (o *OptionError) Error() string { return o.Name + ": " + o.Msg }

// ErrorJSON is the error as the server answers it: a 400 naming the
// parameter.
func (o *OptionError) ErrorJSON() *kartusehat.ErrorJSON {
	return &kartusehat.ErrorJSON{Code: kartusehat.CodeBadValue, Field: o.Name, Message: kartusehat.SafeText(o.Msg)}
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
		return decimal.Decimal{}, &OptionError{name, fmt.Sprintf("%q is not an amount: expected whole rupiah in digits (20000000)", value)}
	}
	if !d.IsInteger() {
		return decimal.Decimal{}, &OptionError{name, fmt.Sprintf("%s has a fraction of a rupiah: a budget is whole rupiah", value)}
	}
	if d.IsNegative() {
		return decimal.Decimal{}, &OptionError{name, fmt.Sprintf("%s is negative", value)}
	}
	if d.GreaterThan(decimal.NewFromInt(maxBudget)) {
		return decimal.Decimal{}, &OptionError{name, fmt.Sprintf("more than Rp %d, the largest budget", int64(maxBudget))}
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
			return nil, &OptionError{"already-paid", "goes with budget-year and budget"}
		}
		return nil, nil
	}
	if o.budget == "" {
		return nil, &OptionError{"budget", "required with budget-year: the year's budget in rupiah"}
	}
	if o.budgetYear == 0 {
		return nil, &OptionError{"budget-year", "required with budget: the budget year"}
	}
	if o.budgetYear < minBudgetYear || o.budgetYear > maxBudgetYear {
		return nil, &OptionError{"budget-year", fmt.Sprintf("%d is not a budget year of these rules (%d to %d)", o.budgetYear, minBudgetYear, maxBudgetYear)}
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
// csv (the tables one after the other).
func WriteRecap(w io.Writer, recaps []claim.Recap, format string) error {
	if format == "csv" {
		return WriteSheetsCSV(w, RecapSheets(recaps))
	}
	return jsonout.Indented(w, struct {
		Recaps []claim.Recap `json:"recaps"`
	}{recaps})
}

// WriteSheetsCSV writes tables as CSV one after the other, each under a
// "# name" line, a blank line between two.
func WriteSheetsCSV(w io.Writer, sheets []claim.Sheet) error {
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
