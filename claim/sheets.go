package claim

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
)

// Sheet is a table of the month's report as Dinkes staff keep it in a
// spreadsheet: a name and rows of cells, the first row the header. Whole
// numbers are written as digits, so that a spreadsheet reads them as
// numbers.
type Sheet struct {
	Name string
	Rows [][]string
}

// WriteCSV writes the sheet as CSV (RFC 4180).
func (s Sheet) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.WriteAll(s.Rows); err != nil {
		return err
	}
	return cw.Error()
}

// Sheets returns the report as spreadsheet tables: the Berita Acara
// figures, the schedule and the reporting duties, and each year's recap
// of SJP and of claims in the layout of the 2017 table (Jannah 2019 app.
// J).
func (r *Report) Sheets() []Sheet {
	out := []Sheet{r.BeritaAcaraSheet(), r.ScheduleSheet()}
	for _, rc := range r.Recaps {
		out = append(out, rc.Sheets()...)
	}
	return out
}

// BeritaAcaraSheet is the Berita Acara Hasil Verifikasi figures as one
// table: section, key, names, files, lines, amounts, citation.
func (r *Report) BeritaAcaraSheet() Sheet {
	ba := &r.BeritaAcara
	rows := [][]string{{"section", "key", "uraian", "description", "files", "lines", "claimed", "payable", "reduced", "denied", "ref"}}
	a := ba.Amounts
	rows = append(rows,
		[]string{"total", "files", "Jumlah berkas", "Files verified", strconv.Itoa(ba.Files), "", a.Claimed.String(), a.Payable.String(), a.Reduced.String(), a.Denied.String(), ba.Ref},
		[]string{"total", "errors", "Baris yang tidak dapat dibaca", "Lines that could not be read", strconv.Itoa(ba.Errors), "", "", "", "", "", ""},
		[]string{"total", "deposit_netted", "Deposit pasien diperhitungkan", "Deposits netted", "", "", "", a.DepositNetted.String(), "", "", ba.DepositRef},
		[]string{"total", "transfer", "Ditransfer ke RS", "Transferred to the hospital", "", "", "", a.Transfer.String(), "", "", ""},
		[]string{"total", "payable_now", "Layak bayar sekarang", "Payable now (files paid or partly paid)", "", "", "", ba.PayableNow.String(), "", "", ""},
	)
	tally := func(section string, t Tally) []string {
		return []string{section, t.Key, t.ID, t.EN, strconv.Itoa(t.Files), "", t.Claimed.String(), t.Payable.String(), t.Reduced.String(), t.Denied.String(), ""}
	}
	for _, t := range ba.ByVerdict {
		rows = append(rows, tally("by_verdict", t))
	}
	for _, t := range ba.ByService {
		rows = append(rows, tally("by_service", t))
	}
	for _, t := range ba.ByReason {
		rows = append(rows, []string{"by_reason", t.Code, "", "", strconv.Itoa(t.Files), strconv.Itoa(t.Lines), "", "", t.Reduced.String(), t.Denied.String(), t.Ref})
	}
	late := ba.Late
	late.ID, late.EN = "Diajukan terlambat", "Submitted late"
	rows = append(rows, tally("late", late))
	d := ba.Duplicates
	rows = append(rows,
		[]string{"duplicates", "stays", "Masa perawatan tumpang tindih", "Overlapping stays", strconv.Itoa(d.Stays), "", "", "", "", "", ""},
		[]string{"duplicates", "sjp", "SJP ditagihkan dua kali", "SJP claimed twice", strconv.Itoa(d.SJP), "", "", "", "", "", ""},
		[]string{"duplicates", "lines", "Baris tagihan ganda", "Lines billed twice", "", strconv.Itoa(d.Lines), "", "", "", "", ""},
		[]string{"duplicates", "overlaps", "Tumpang tindih dengan RS lain (diperiksa)", "Overlapping another hospital's stay (reviewed)", strconv.Itoa(d.Overlaps), "", "", "", "", "", ""},
	)
	if b := r.Budget; b != nil {
		rows = append(rows,
			[]string{"budget", "budget", "Anggaran " + strconv.Itoa(b.Year), "Budget " + strconv.Itoa(b.Year), "", "", "", b.Budget.String(), "", "", b.Reason.Ref},
			[]string{"budget", "already_paid", "Sudah dibayar", "Already paid", "", "", "", b.AlreadyPaid.String(), "", "", ""},
			[]string{"budget", "paid_now", "Dibayar sekarang", "Paid now", "", "", "", b.PaidNow.String(), "", "", b.Reason.Ref},
			[]string{"budget", "carried_over", fmt.Sprintf("Dibayarkan pada anggaran %d", b.CarriedToYear), "Carried to the next budget year", "", "", "", b.CarriedOver.String(), "", "", b.Reason.Ref},
		)
	}
	return Sheet{Name: "Berita Acara", Rows: rows}
}

// ScheduleSheet is the schedule of every service month and the reporting
// duties.
func (r *Report) ScheduleSheet() Sheet {
	rows := [][]string{{"kind", "period", "code", "uraian", "description", "who", "due", "ref"}}
	for _, s := range r.Schedules {
		p := s.ServiceEnd.String()[:7]
		rows = append(rows,
			[]string{"schedule", p, "submission_due", "Batas pengajuan klaim (bulan " + s.SubmissionMonth + ")", "Claims reach Dinkes by", "hospital", s.SubmissionDue.String(), s.Steps.Submission},
			[]string{"schedule", p, "verification_due", "Berita Acara Hasil Verifikasi diserahkan", "Berita Acara handed over by", "verifiers", s.VerificationDue.String(), s.Steps.Verification},
			[]string{"schedule", p, "payment_due", "Pembayaran melalui transfer", "Payment by transfer by", "Dinkes treasurer", s.PaymentDue.String(), s.Steps.Payment},
		)
	}
	for _, d := range r.Duties {
		due := ""
		if !d.Due.IsZero() {
			due = d.Due.String()
		}
		rows = append(rows, []string{"duty", d.Period, d.Code, d.ID, d.EN, d.Who, due, d.Ref})
	}
	return Sheet{Name: "Jadwal", Rows: rows}
}

var monthNames = [12]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}

// Sheets returns the recap's two tables, SJP and claims, each in the
// layout of the 2017 table: No, Jenis Pelayanan, January to December,
// Total, and a TOTAL row.
func (r Recap) Sheets() []Sheet {
	r = r.finished()
	table := func(name string, t RecapTable) Sheet {
		header := append([]string{"No", "Jenis Pelayanan"}, monthNames[:]...)
		header = append(header, "Total")
		rows := [][]string{header}
		row := func(no string, x RecapRow) []string {
			cells := []string{no, x.ID}
			for _, n := range x.Months {
				cells = append(cells, strconv.Itoa(n))
			}
			return append(cells, strconv.Itoa(x.Total))
		}
		for i, x := range t.Rows {
			rows = append(rows, row(strconv.Itoa(i+1), x))
		}
		rows = append(rows, row("", t.Total))
		return Sheet{Name: fmt.Sprintf("%s %d", name, r.Year), Rows: rows}
	}
	return []Sheet{table("Rekap SJP", r.SJP), table("Rekap Klaim", r.Claims)}
}
