package claim

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/kartusehat/kartusehat/rules"
)

// Sheet is a table of the month's report as Dinkes staff keep it in a
// spreadsheet: a name and rows of cells, the first row the header (the
// columns' keys). Whole numbers are written as digits, so that a
// spreadsheet reads them as numbers; dates as YYYY-MM-DD.
type Sheet struct {
	Name string
	Rows [][]string
	// Columns describe the columns, one each, in order: their names in
	// Bahasa Indonesia and English and what they hold. A sheet without
	// them is all text.
	Columns []Column
	// Sums are the cells that add up other cells of the sheet: a workbook
	// writes them as SUM formulas.
	Sums []Sum
}

// Kind is what a column holds, so that a spreadsheet formats it.
type Kind uint8

// The kinds of a column.
const (
	Text  Kind = iota // text, as it is
	Money             // whole rupiah
	Count             // a whole number of things
	Date              // a day, YYYY-MM-DD
)

// Column is a column of a Sheet: its key (the CSV header), its header in
// Bahasa Indonesia and in English, and its kind.
type Column struct {
	Key  string
	ID   string
	EN   string
	Kind Kind
}

// Sum says that the cell at Row, Col (indices into Rows, the header row
// 0) is the sum of the cells From to To, both included: of column Col in
// those rows, or, Across, of row Row in those columns.
type Sum struct {
	Row, Col int
	From, To int
	Across   bool
}

// CSVDialect is how a sheet is written as CSV.
type CSVDialect struct {
	// Name is the dialect's name, as the CLI's --csv-dialect takes it.
	Name string
	// Comma separates the fields.
	Comma rune
	// BOM starts the output with the UTF-8 byte order mark.
	BOM bool
	// CRLF ends the records with \r\n.
	CRLF bool
	// Indonesian heads the columns with their names in Bahasa Indonesia
	// instead of their keys.
	Indonesian bool
}

// The CSV dialects: Comma, RFC 4180 with the columns' keys, the default;
// ExcelID, what a spreadsheet set to Indonesian opens with a double
// click: semicolons (the Indonesian list separator, the comma being the
// decimal one), a UTF-8 byte order mark (without it the Indonesian names
// lose their accents), CRLF, and the headers in Bahasa Indonesia.
var (
	CSVComma   = CSVDialect{Name: "comma", Comma: ','}
	CSVExcelID = CSVDialect{Name: "excel-id", Comma: ';', BOM: true, CRLF: true, Indonesian: true}
)

// ErrCSVDialect is the error of a CSV dialect that is not one of the
// package's.
var ErrCSVDialect = errors.New("claim: the CSV dialect is not comma or excel-id")

// ParseCSVDialect returns the dialect of that name: "comma" (or "") or
// "excel-id".
func ParseCSVDialect(name string) (CSVDialect, error) {
	switch name {
	case "", CSVComma.Name:
		return CSVComma, nil
	case CSVExcelID.Name:
		return CSVExcelID, nil
	}
	return CSVDialect{}, fmt.Errorf("%w: %q", ErrCSVDialect, name)
}

// utf8BOM is the UTF-8 byte order mark.
const utf8BOM = "\uFEFF"

// WriteCSV writes the sheet as CSV (RFC 4180).
func (s Sheet) WriteCSV(w io.Writer) error { return s.WriteCSVDialect(w, CSVComma) }

// WriteCSVDialect writes the sheet as CSV in the dialect d.
func (s Sheet) WriteCSVDialect(w io.Writer, d CSVDialect) error {
	if d.BOM {
		if _, err := io.WriteString(w, utf8BOM); err != nil {
			return err
		}
	}
	cw := csv.NewWriter(w)
	if d.Comma != 0 {
		cw.Comma = d.Comma
	}
	cw.UseCRLF = d.CRLF
	rows := s.Rows
	if d.Indonesian && len(rows) > 0 && len(s.Columns) == len(rows[0]) {
		head := make([]string, len(s.Columns))
		for i, c := range s.Columns {
			head[i] = c.ID
		}
		rows = append([][]string{head}, rows[1:]...)
	}
	if err := cw.WriteAll(rows); err != nil {
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
	// The total files and amounts are the sum of the verdicts' rows.
	var sums []Sum
	if n := len(ba.ByVerdict); n > 0 {
		from := len(rows)
		for _, c := range []int{4, 6, 7, 8, 9} {
			sums = append(sums, Sum{Row: 1, Col: c, From: from, To: from + n - 1})
		}
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
	return Sheet{Name: "Berita Acara", Rows: rows, Columns: beritaAcaraColumns, Sums: sums}
}

var beritaAcaraColumns = []Column{
	{"section", "Bagian", "Section", Text},
	{"key", "Kode", "Key", Text},
	{"uraian", "Uraian", "Item (Indonesian)", Text},
	{"description", "Uraian (bahasa Inggris)", "Description", Text},
	{"files", "Jumlah berkas", "Files", Count},
	{"lines", "Jumlah baris", "Lines", Count},
	{"claimed", "Diajukan", "Claimed", Money},
	{"payable", "Layak bayar", "Payable", Money},
	{"reduced", "Dikurangi", "Reduced", Money},
	{"denied", "Ditolak", "Denied", Money},
	{"ref", "Dasar hukum", "Citation", Text},
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
	return Sheet{Name: "Jadwal", Rows: rows, Columns: scheduleColumns}
}

var scheduleColumns = []Column{
	{"kind", "Jenis", "Kind", Text},
	{"period", "Periode", "Period", Text},
	{"code", "Kode", "Code", Text},
	{"uraian", "Uraian", "Item (Indonesian)", Text},
	{"description", "Uraian (bahasa Inggris)", "Description", Text},
	{"who", "Pelaksana", "Who", Text},
	{"due", "Batas waktu", "Due", Date},
	{"ref", "Dasar hukum", "Citation", Text},
}

var (
	monthNames   = [12]string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}
	monthNamesEN = [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
)

// recapColumns are the columns of a recap table: No, the service, the
// months, the total.
func recapColumns() []Column {
	cols := []Column{{"No", "No", "No.", Count}, {"Jenis Pelayanan", "Jenis Pelayanan", "Service", Text}}
	for m := range monthNames {
		cols = append(cols, Column{monthNames[m], monthNames[m], monthNamesEN[m], Count})
	}
	return append(cols, Column{"Total", "Total", "Total", Count})
}

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
		// Each row's total is the sum of its months; the TOTAL row, the
		// sum of the rows above it.
		last, total := len(rows)-1, len(header)-1
		var sums []Sum
		for i := 1; i < last; i++ {
			sums = append(sums, Sum{Row: i, Col: total, From: 2, To: total - 1, Across: true})
		}
		if last > 1 {
			for c := 2; c <= total; c++ {
				sums = append(sums, Sum{Row: last, Col: c, From: 1, To: last - 1})
			}
		}
		return Sheet{Name: fmt.Sprintf("%s %d", name, r.Year), Rows: rows, Columns: recapColumns(), Sums: sums}
	}
	return []Sheet{table("Rekap SJP", r.SJP), table("Rekap Klaim", r.Claims)}
}

// FileRow is a claim file of the month as the sheet of files lists it:
// its verdict and amounts, and the first reason of its verdict. It holds
// no NIK.
type FileRow struct {
	// No is the file's number in the month, as given to Verifier.Verify.
	No        int
	ID        string
	Hospital  string
	Service   string
	Admission rules.Date
	// End is the day the service ended.
	End     rules.Date
	Verdict FileVerdict
	Amounts Amounts
	// Reason is why: for a file partly paid, the first reason of its first
	// line reduced or denied; for any other, the file's first reason.
	Reason rules.Reason
}

// FileRowOf is the row of file f, the n-th of the month, adjudicated as
// a.
func FileRowOf(n int, f *File, a *Adjudication) FileRow {
	r := FileRow{No: n, ID: a.ID, Hospital: a.Hospital, Service: a.Service, Verdict: a.Verdict, Amounts: a.Amounts}
	if f != nil {
		if d, err := rules.DateFromTime(f.Episode.Admission); err == nil {
			r.Admission = d
		}
		r.End = f.serviceEnd()
	}
	// A file partly paid: the first line reduced or denied says why;
	// any other, the file's first reason.
	if a.Verdict == FilePartlyPaid {
		for _, l := range a.Lines {
			if len(l.Reasons) > 0 && l.Verdict != Paid {
				r.Reason = l.Reasons[0]
				return r
			}
		}
	}
	if len(a.Reasons) > 0 {
		r.Reason = a.Reasons[0]
	}
	return r
}

// verdictNames are the verdicts of a file in Bahasa Indonesia.
var verdictNames = map[FileVerdict]string{
	FilePaid:       "Dibayar penuh",
	FilePartlyPaid: "Dibayar sebagian",
	FileIncomplete: "Dikembalikan (berkas tidak lengkap)",
	FileRefused:    "Ditolak",
}

var filesColumns = []Column{
	{"no", "No", "No.", Count},
	{"id", "Nomor berkas", "File number", Text},
	{"hospital", "Rumah sakit", "Hospital", Text},
	{"service", "Jenis pelayanan", "Service", Text},
	{"admission", "Tanggal masuk", "Admitted", Date},
	{"service_end", "Tanggal selesai", "Service ended", Date},
	{"verdict", "Kode putusan", "Verdict", Text},
	{"putusan", "Putusan", "Verdict (Indonesian)", Text},
	{"claimed", "Diajukan", "Claimed", Money},
	{"payable", "Layak bayar", "Payable", Money},
	{"reduced", "Dikurangi", "Reduced", Money},
	{"denied", "Ditolak", "Denied", Money},
	{"deposit_netted", "Deposit diperhitungkan", "Deposit netted", Money},
	{"transfer", "Ditransfer", "Transfer", Money},
	{"reason", "Kode alasan", "Reason code", Text},
	{"alasan", "Alasan", "Reason (Indonesian)", Text},
	{"ref", "Dasar hukum", "Citation", Text},
}

// FilesSheet is the sheet of every claim file of the month, in the order
// given, with its verdict and amounts, and a TOTAL row whose amounts are
// the sums of the files'.
func FilesSheet(files []FileRow) Sheet {
	header := make([]string, len(filesColumns))
	for i, c := range filesColumns {
		header[i] = c.Key
	}
	rows := make([][]string, 0, len(files)+2)
	rows = append(rows, header)
	date := func(d rules.Date) string {
		if d.IsZero() {
			return ""
		}
		return d.String()
	}
	var t amountSum
	for _, f := range files {
		a := f.Amounts
		t.add(a)
		rows = append(rows, []string{strconv.Itoa(f.No), f.ID, f.Hospital, f.Service, date(f.Admission), date(f.End),
			string(f.Verdict), verdictNames[f.Verdict], a.Claimed.String(), a.Payable.String(), a.Reduced.String(), a.Denied.String(),
			a.DepositNetted.String(), a.Transfer.String(), f.Reason.Code, f.Reason.ID, f.Reason.Ref})
	}
	total := []string{"", "TOTAL", "", "", "", "", "", "", t.Claimed.String(), t.Payable.String(), t.Reduced.String(), t.Denied.String(),
		t.DepositNetted.String(), t.Transfer.String(), "", "", ""}
	rows = append(rows, total)
	var sums []Sum
	if n := len(files); n > 0 {
		for c := 8; c <= 13; c++ {
			sums = append(sums, Sum{Row: n + 1, Col: c, From: 1, To: n})
		}
	}
	return Sheet{Name: "Berkas Klaim", Rows: rows, Columns: filesColumns, Sums: sums}
}

// amountSum adds up files' amounts.
type amountSum struct{ Amounts }

func (s *amountSum) add(a Amounts) {
	s.Claimed = s.Claimed.Add(a.Claimed)
	s.Payable = s.Payable.Add(a.Payable)
	s.Reduced = s.Reduced.Add(a.Reduced)
	s.Denied = s.Denied.Add(a.Denied)
	s.DepositNetted = s.DepositNetted.Add(a.DepositNetted)
	s.Transfer = s.Transfer.Add(a.Transfer)
}
