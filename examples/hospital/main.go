// Command hospital walks one stay through a hospital information system
// (SIMRS) the way the clerk sees it: admission, eligibility, referral,
// the SJP deadline, discharge, the bill and the claim file.
//
//	go run ./examples/hospital
package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/simulate"
	"github.com/kartusehat/kartusehat/tariff"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "hospital:", err)
		os.Exit(1)
	}
}

var wib = time.FixedZone("WIB", 7*3600)

func run(w io.Writer) error {
	rb := rules.Default()
	nik := eligibility.MustParseNIK("3275014508900001")
	admission := time.Date(2019, 5, 31, 10, 0, 0, 0, wib) // Friday before Idul Fitri 1440
	today, err := rules.DateFromTime(admission)
	if err != nil {
		return err
	}
	s := rb.At(today)
	line := strings.Repeat("-", 72)

	fmt.Fprintf(w, "%s\nPENDAFTARAN RAWAT INAP / ADMISSION   RSUD dr. Chasbullah Abdulmadjid\n%s\n", line, line)
	fmt.Fprintf(w, "Pasien       NIK %s, KK Kota Bekasi, e-KTP direkam\n", nik)
	fmt.Fprintf(w, "Masuk        %s, rujukan Puskesmas Bekasi Jaya (K35.8 apendisitis)\n", admission.Format("Mon 02 Jan 2006 15:04 MST"))

	// 1. Is she a participant today?
	facts := &eligibility.Facts{
		Person: eligibility.Person{NIK: nik, KK: "3275010101170001", KKCity: "3275",
			Registry: eligibility.Registry{Status: eligibility.Living}},
		Documents: eligibility.Documents{EKTP: &eligibility.EKTP{NIK: nik, Recorded: true}},
	}
	d, err := eligibility.Check(facts, s)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n[1] Kepesertaan  %s (%s)\n", yesNo(d.Eligible), d.Basis)
	for _, r := range d.Reasons {
		fmt.Fprintf(w, "    - %s [%s]\n", r.ID, r.Ref)
	}
	for _, r := range d.Warnings {
		fmt.Fprintf(w, "    ! %s [%s]\n", r.ID, r.Ref)
	}

	// 2. The pathway at admission: the referral, and what is owed by when.
	ep := &referral.Episode{PatientNIK: nik, Facility: "rsud-cam", CareType: referral.Inpatient, Admission: admission,
		Referral:  &referral.Referral{From: "pkm-bekasi-jaya", Date: s.Date(), Reason: "medical", Kind: "full", Diagnosis: "K35.8"},
		Diagnoses: []string{"K35.8"}, BackReferralSent: true, AsOf: admission}
	a, err := referral.Assess(ep, &d, s)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n[2] Rujukan      ditanggung: %s, pembayar: %s\n", yesNo(a.Covered), a.Payer)
	sjp, ok := a.Deadline("sjp_inpatient")
	if !ok {
		return fmt.Errorf("no SJP deadline in the assessment")
	}
	fmt.Fprintf(w, "\n[3] SJP          wajib paling lambat %s\n    (%s) [%s]\n", sjp.Due.Format("Mon 02 Jan 2006 15:04 MST"), sjp.ID, sjp.Ref)

	// 3. Discharge: Dinkes issued the SJP on Tuesday 4 June; she goes home on the 5th.
	ep.SJP = &referral.SJP{Number: "SJP/2019/06/0042", NIK: nik, Issued: time.Date(2019, 6, 4, 9, 30, 0, 0, wib)}
	ep.Discharge = time.Date(2019, 6, 5, 11, 0, 0, 0, wib)
	ep.AsOf = ep.Discharge
	if a, err = referral.Assess(ep, &d, s); err != nil {
		return err
	}
	sjp, _ = a.Deadline("sjp_inpatient")
	fmt.Fprintf(w, "\n[4] Pulang       %s; SJP %s diterbitkan %s: %s\n", ep.Discharge.Format("Mon 02 Jan 2006 15:04"), ep.SJP.Number, ep.SJP.Issued.Format("02 Jan"), sjp.Status)

	// 4. The bill (INA-CBG amounts from the SYNTHETIC simulation table).
	table, err := simulate.SyntheticTable()
	if err != nil {
		return err
	}
	bill, err := tariff.Price(&tariff.Episode{Facility: "rsud-cam", CareType: referral.Inpatient, INACBG: "K-1-17-I",
		Items: []tariff.Item{{Kind: "ambulance", Tier: "city"}}}, &a, s, table)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n[5] Tagihan      (tabel INA-CBG SINTETIS, bukan tarif resmi)\n")
	for _, l := range bill.Lines {
		fmt.Fprintf(w, "    %-12s %-10s Rp %13s  %s [%s]\n", l.Kind, l.Code, rupiah(l.Rupiah()), l.Payer, l.Ref)
	}
	fmt.Fprintf(w, "    %-23s Rp %13s\n", "Dibayar Dinkes", rupiah(bill.TotalFor(referral.PayerJamkesda).IntPart()))

	// 5. The claim file, checked on the day the service ended.
	end, err := rules.DateFromTime(ep.Discharge)
	if err != nil {
		return err
	}
	c := &claim.Claim{ServiceEnd: end, Membership: "card", Inpatient: true,
		Documents: []string{"ks_copy", "ktp_copy", "kk_copy", "inpatient_letter", "claim_letter", "sjp_copy",
			"inacbg_grouping", "exam_results", "cost_breakdown"}}
	res, err := claim.Check(c, rb.At(end))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n[6] Berkas klaim lengkap: %s\n", yesNo(res.Complete))
	for _, m := range res.Missing {
		fmt.Fprintf(w, "    kurang: %s [%s]\n", m.ID, m.Ref)
		c.Documents = append(c.Documents, m.Code) // the clerk adds it
	}
	if res, err = claim.Check(c, rb.At(end)); err != nil {
		return err
	}
	fmt.Fprintf(w, "    setelah dilengkapi: %s\n", yesNo(res.Complete))
	tl := res.Timeline
	fmt.Fprintf(w, "    kirim ke Dinkes paling lambat %s, berita acara verifikasi %s, pembayaran %s\n    [%s]\n%s\n",
		tl.SubmissionDue, tl.VerificationDue, tl.PaymentDue, tl.Ref, line)
	return nil
}

func yesNo(b bool) string {
	if b {
		return "YA"
	}
	return "TIDAK"
}

// rupiah writes n with dots between thousands, the Indonesian way.
func rupiah(n int64) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(c)
	}
	return b.String()
}
