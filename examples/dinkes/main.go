// Command dinkes is what a Dinkes verifier runs at the end of a hospital's
// month: it verifies the hospital's claim files (JSON Lines), then prints
// the Berita Acara Hasil Verifikasi summary and the payment schedule.
//
//	go run ./examples/dinkes -claims examples/testdata/month-rsud-2019-03.jsonl \
//	    -inacbg examples/testdata/inacbg-synthetic.csv -budget 20000000
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
	"github.com/shopspring/decimal"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "dinkes:", err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("dinkes", flag.ContinueOnError)
	claims := fs.String("claims", "examples/testdata/month-rsud-2019-03.jsonl", "the hospital's claim files, JSON Lines")
	inacbg := fs.String("inacbg", "examples/testdata/inacbg-synthetic.csv", "the INA-CBG tariff table (CSV)")
	budget := fs.String("budget", "", "the year's Jamkesda budget left, rupiah (optional)")
	year := fs.Int("year", 2019, "the budget year")
	if err := fs.Parse(args); err != nil {
		return err
	}
	tf, err := os.Open(*inacbg)
	if err != nil {
		return err
	}
	table, err := tariff.LoadTable(tf, *inacbg, "INA-CBG table "+*inacbg)
	tf.Close()
	if err != nil {
		return err
	}
	in, err := os.Open(*claims)
	if err != nil {
		return err
	}
	defer in.Close()
	var b *claim.Budget
	if *budget != "" {
		amount, err := decimal.NewFromString(*budget)
		if err != nil {
			return fmt.Errorf("-budget: %v", err)
		}
		b = &claim.Budget{Year: *year, Amount: amount}
	}

	v := claim.NewVerifier(rules.Default(), table)
	fmt.Fprintln(out, "Berkas / files:")
	report, err := claim.VerifyBatch(context.Background(), in, v, b, func(line int, a *claim.Adjudication, err error) error {
		if err != nil {
			fmt.Fprintf(out, "  line %d: %v\n", line, err)
			return nil
		}
		fmt.Fprintf(out, "  %-18s %-12s claimed %10s  payable %10s  %s\n", a.ID, a.Verdict, a.Amounts.Claimed, a.Amounts.Payable, a.Reasons[0].Code)
		return nil
	})
	if err != nil {
		return err
	}
	ba := report.BeritaAcara
	fmt.Fprintf(out, "\nBerita Acara Hasil Verifikasi, %v, services ended in %v\n", ba.Hospitals, ba.ServiceMonths)
	fmt.Fprintf(out, "  files %d (unreadable lines %d), late %d, duplicates: stays %d, SJP %d, lines %d\n",
		ba.Files, ba.Errors, ba.Late.Files, ba.Duplicates.Stays, ba.Duplicates.SJP, ba.Duplicates.Lines)
	fmt.Fprintf(out, "  claimed %s = payable %s + reduced %s + denied %s; deposits netted %s; to transfer %s\n",
		ba.Amounts.Claimed, ba.Amounts.Payable, ba.Amounts.Reduced, ba.Amounts.Denied, ba.Amounts.DepositNetted, ba.PayableNow)
	fmt.Fprintln(out, "  by reason:")
	for _, r := range ba.ByReason {
		fmt.Fprintf(out, "    %-28s lines %3d  reduced %10s  denied %10s  %s\n", r.Code, r.Lines, r.Reduced, r.Denied, r.Ref)
	}
	if bu := report.Budget; bu != nil {
		fmt.Fprintf(out, "  budget %d: paid now %s, carried to %d: %s (%s)\n", bu.Year, bu.PaidNow, bu.CarriedToYear, bu.CarriedOver, bu.Reason.Ref)
	}
	fmt.Fprintln(out, "\nJadwal / schedule:")
	for _, s := range report.Schedules {
		fmt.Fprintf(out, "  services ended by %s: claims due %s, Berita Acara due %s, payment due %s\n    (%s)\n",
			s.ServiceEnd, s.SubmissionDue, s.VerificationDue, s.PaymentDue, s.Ref)
	}
	for _, d := range report.Duties {
		due := "no date set"
		if !d.Due.IsZero() {
			due = "due " + d.Due.String()
		}
		fmt.Fprintf(out, "  %-26s %-10s %s (%s)\n", d.Code, d.Period, due, d.Ref)
	}
	return nil
}
