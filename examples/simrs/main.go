// Command simrs is the common job of a hospital information system
// (SIMRS) done through the one door, the root package kartusehat: one
// Stay value filled as the stay goes on, and the Engine asked at each
// step: eligibility and the referral at admission, the price at
// discharge, the claim file's check and its adjudication.
//
//	go run ./examples/simrs
package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/kartusehat/kartusehat"
	"github.com/shopspring/decimal"
)

func main() {
	if err := run(os.Stdout, "examples/testdata/inacbg-synthetic.csv"); err != nil {
		fmt.Fprintln(os.Stderr, "simrs:", kartusehat.ErrorOf(err).MessageEN)
		os.Exit(1)
	}
}

var wib = time.FixedZone("WIB", 7*3600)

// run does the job, pricing on the INA-CBG table in the CSV file table.
func run(w io.Writer, table string) error {
	// The INA-CBG amounts come from a SYNTHETIC table, not the official
	// tariff: the rulebook's own sample cannot price a Bekasi stay.
	f, err := os.Open(table)
	if err != nil {
		return err
	}
	defer f.Close()
	t, err := kartusehat.LoadTable(f, table, "SYNTHETIC INA-CBG table of the examples")
	if err != nil {
		return err
	}
	eng, err := kartusehat.Default(kartusehat.WithTable(t))
	if err != nil {
		return err
	}
	nik, err := kartusehat.ParseNIK("3275014508900001")
	if err != nil {
		return err
	}
	day := func(s string) kartusehat.Date { d, _ := kartusehat.ParseDate(s); return d }

	// Admission: the patient's facts and the episode.
	stay := kartusehat.Stay{
		Facts: kartusehat.Facts{
			Person: kartusehat.Person{NIK: nik, KK: "3275010101170001", KKCity: "3275",
				Registry: kartusehat.Registry{Status: kartusehat.Living}},
			Documents: kartusehat.Documents{EKTP: &kartusehat.EKTP{NIK: nik, Recorded: true},
				Card: &kartusehat.Card{NIKs: []kartusehat.NIK{nik}, ValidThrough: day("2019-12-31"), Activated: true}},
		},
		Episode: kartusehat.Episode{PatientNIK: nik, Facility: "rsud-cam", CareType: kartusehat.Inpatient,
			Admission: time.Date(2019, 3, 4, 10, 0, 0, 0, wib),
			Referral: &kartusehat.Referral{From: "pkm-pekayon-jaya", Date: day("2019-03-04"),
				Reason: "medical", Kind: "full", Diagnosis: "K35.8"},
			Diagnoses: []string{"K35.8"}, BackReferralSent: true},
	}
	d, err := eng.Admit(&stay)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "admission: eligible %v (%s), covered %v, payer %s\n", d.Eligibility.Eligible, d.Eligibility.Basis, d.Assessment.Covered, d.Assessment.Payer)
	for _, m := range d.Assessment.Missing {
		fmt.Fprintf(w, "  missing: %s [%s]\n", m.Code, m.Ref)
	}

	// Discharge: the SJP came, the patient goes home, the bill is priced.
	stay.Episode.SJP = &kartusehat.SJP{Number: "SJP/2019/03/0001", NIK: nik, Issued: time.Date(2019, 3, 5, 9, 0, 0, 0, wib)}
	stay.Episode.Discharge = time.Date(2019, 3, 9, 11, 0, 0, 0, wib)
	stay.Billing = &kartusehat.Billing{INACBG: "K-1-17-I", Items: []kartusehat.Item{{Kind: "ambulance", Tier: "city"}}}
	if d, err = eng.Price(&stay); err != nil {
		return err
	}
	fmt.Fprintf(w, "discharge: covered %v, bill Rp %s\n", d.Assessment.Covered, d.Bill.Total().StringFixed(0))

	// The claim file: its documents checked, then adjudicated line by line.
	docs := []string{"ks_copy", "ktp_copy", "kk_copy", "inpatient_letter", "claim_letter", "medical_resume",
		"sjp_copy", "inacbg_grouping", "exam_results", "cost_breakdown"}
	res, err := eng.CheckClaim(&stay, &kartusehat.ClaimDocuments{Membership: "card", Documents: docs})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "claim file complete %v, due at Dinkes by %s\n", res.Complete, res.Timeline.SubmissionDue)
	stay.Claim = &kartusehat.ClaimFile{ID: "RSUD-2019-03-0001", Membership: "card",
		Principal: kartusehat.Principal{Diagnosis: "K35.8"}, INACBG: "K-1-17-I", Documents: docs,
		Lines: []kartusehat.Line{
			{Date: day("2019-03-04"), Category: "room", Description: "Kamar kelas III, 5 hari", Amount: decimal.NewFromInt(2500000)},
			{Date: day("2019-03-05"), Category: "procedure", ICD9CM: "47.09", Description: "Apendektomi", Amount: decimal.NewFromInt(6000000)},
		}}
	adj, err := eng.Adjudicate(&stay)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "adjudication: %s, claimed Rp %s, payable Rp %s\n", adj.Verdict, adj.Amounts.Claimed.StringFixed(0), adj.Amounts.Payable.StringFixed(0))
	for i, l := range adj.Lines {
		fmt.Fprintf(w, "  line %d %-9s Rp %s of Rp %s\n", i+1, l.Verdict, l.Payable.StringFixed(0), l.Claimed.StringFixed(0))
	}

	// The same facts given twice must agree: a bill for another hospital
	// is refused, naming both fields.
	stay.Billing.Facility = "rs-ananda"
	_, err = eng.Price(&stay)
	e := kartusehat.ErrorOf(err)
	fmt.Fprintf(w, "billing at rs-ananda: %s %s: %s\n", e.Code, e.Pointer, e.MessageEN)
	return nil
}
