package workbook

import (
	"archive/zip"
	"bufio"
	"bytes"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

var made = time.Date(2019, 4, 30, 9, 0, 0, 0, time.FixedZone("WIB", 7*3600))

// month verifies the sample month (examples/testdata), the files one
// after another, and gives the report and the rows of the files.
func month(t *testing.T) (*claim.Report, []claim.FileRow) {
	t.Helper()
	f, err := os.Open("../examples/testdata/inacbg-synthetic.csv")
	require.NoError(t, err)
	defer f.Close()
	table, err := tariff.LoadTable(f, "inacbg-synthetic.csv", "SYNTHETIC test table")
	require.NoError(t, err)
	in, err := os.Open("../examples/testdata/month-rsud-2019-03.jsonl")
	require.NoError(t, err)
	defer in.Close()
	v := claim.NewVerifier(rules.Default(), table)
	var rows []claim.FileRow
	sc := bufio.NewScanner(in)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		file, err := claim.UnmarshalFile(sc.Bytes())
		require.NoError(t, err)
		a, err := v.Verify(file, n)
		require.NoError(t, err)
		rows = append(rows, claim.FileRowOf(n, file, &a))
	}
	require.NoError(t, sc.Err())
	rep, err := v.Report(nil)
	require.NoError(t, err)
	return &rep, rows
}

func open(t *testing.T, b []byte) *excelize.File {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader(b))
	require.NoError(t, err)
	t.Cleanup(func() { x.Close() })
	return x
}

func raw(t *testing.T, x *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := x.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	return v
}

func shown(t *testing.T, x *excelize.File, sheet, cell string) string {
	t.Helper()
	v, err := x.GetCellValue(sheet, cell)
	require.NoError(t, err)
	return v
}

func numFmt(t *testing.T, x *excelize.File, sheet, cell string) string {
	t.Helper()
	id, err := x.GetCellStyle(sheet, cell)
	require.NoError(t, err)
	st, err := x.GetStyle(id)
	require.NoError(t, err)
	if st.CustomNumFmt == nil {
		return ""
	}
	return *st.CustomNumFmt
}

// sheetXML is the XML of the n-th worksheet (1-based) of the workbook.
func sheetXML(t *testing.T, b []byte, n int) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	f, err := z.Open("xl/worksheets/sheet" + strconv.Itoa(n) + ".xml")
	require.NoError(t, err)
	defer f.Close()
	x, err := io.ReadAll(f)
	require.NoError(t, err)
	return string(x)
}

func TestWrite(t *testing.T) {
	rep, files := month(t)
	var buf bytes.Buffer
	require.NoError(t, Write(&buf, rep, Options{Title: Title{Rulebook: "Kartu Sehat Kota Bekasi", Revision: "abc123", Made: made}, Files: files}))
	x := open(t, buf.Bytes())
	assert.Equal(t, []string{"Berita Acara", "Berkas Klaim", "Jadwal", "Rekap SJP 2019", "Rekap Klaim 2019"}, x.GetSheetList())

	t.Run("title block", func(t *testing.T) {
		for _, c := range []struct{ sheet, cell, want string }{
			{"Berita Acara", "A1", "Berita Acara Hasil Verifikasi / Verification report"},
			{"Berita Acara", "A2", "Rumah sakit / Hospital: rsud-cam"},
			{"Berita Acara", "A3", "Periode / Period: 2019-03"},
			{"Berita Acara", "A4", "Aturan / Rulebook: Kartu Sehat Kota Bekasi, revisi / revision abc123"},
			{"Berita Acara", "A5", "Dibuat / Made: 30/04/2019"},
			{"Berkas Klaim", "A1", "Daftar berkas klaim / Claim files"},
			{"Rekap Klaim 2019", "A1", "Rekapitulasi klaim / Claims recap 2019"},
			{"Rekap Klaim 2019", "A5", "Dibuat / Made: 30/04/2019"},
		} {
			assert.Equal(t, c.want, shown(t, x, c.sheet, c.cell), "%s %s", c.sheet, c.cell)
		}
	})

	t.Run("headers", func(t *testing.T) {
		rows, err := x.GetRows("Berita Acara")
		require.NoError(t, err)
		assert.Equal(t, []string{"Section", "Key", "Item (Indonesian)", "Description", "Files", "Lines", "Claimed", "Payable", "Reduced", "Denied", "Citation"}, rows[enRow-1])
		assert.Equal(t, []string{"Bagian", "Kode", "Uraian", "Uraian (bahasa Inggris)", "Jumlah berkas", "Jumlah baris", "Diajukan", "Layak bayar", "Dikurangi", "Ditolak", "Dasar hukum"}, rows[idRow-1])
		rows, err = x.GetRows("Rekap SJP 2019")
		require.NoError(t, err)
		assert.Equal(t, []string{"No", "Jenis Pelayanan", "Januari", "Februari", "Maret"}, rows[idRow-1][:5])
		assert.Equal(t, []string{"No.", "Service", "January", "February", "March"}, rows[enRow-1][:5])
	})

	t.Run("formats", func(t *testing.T) {
		// Row 9 is the Berita Acara's total: 54.150.000 claimed.
		assert.Equal(t, "54150000", raw(t, x, "Berita Acara", "G9"))
		assert.Equal(t, RupiahFormat, numFmt(t, x, "Berita Acara", "G9"))
		assert.Equal(t, "Rp 54,150,000", shown(t, x, "Berita Acara", "G9"), "excelize shows the en-US separators; Excel, the reader's")
		assert.Equal(t, CountFormat, numFmt(t, x, "Berita Acara", "E9"))
		assert.Equal(t, "6", raw(t, x, "Berita Acara", "E9"))
		ct, err := x.GetCellType("Berita Acara", "G9")
		require.NoError(t, err)
		assert.NotEqual(t, excelize.CellTypeSharedString, ct, "a number, not text")
		assert.NotEqual(t, excelize.CellTypeInlineString, ct, "a number, not text")
		// The schedule's first due day: a date cell shown dd/mm/yyyy.
		assert.Equal(t, DateFormat, numFmt(t, x, "Jadwal", "G9"))
		assert.Equal(t, rep.Schedules[0].SubmissionDue.String(), "2019-04-14")
		assert.Equal(t, "14/04/2019", shown(t, x, "Jadwal", "G9"))
		assert.Equal(t, "43569", raw(t, x, "Jadwal", "G9"), "Excel's serial day of 2019-04-14")
		// Text stays text.
		assert.Equal(t, "", numFmt(t, x, "Berita Acara", "A9"))
		assert.Equal(t, "total", shown(t, x, "Berita Acara", "A9"))
	})

	t.Run("formulas equal the report's totals", func(t *testing.T) {
		ba := rep.BeritaAcara
		for _, c := range []struct {
			cell, formula, want string
		}{
			// The total row is the sum of the verdicts' rows, 14 onwards.
			{"E9", "SUM(E14:E15)", "6"},
			{"G9", "SUM(G14:G15)", ba.Amounts.Claimed.String()},
			{"H9", "SUM(H14:H15)", ba.Amounts.Payable.String()},
			{"I9", "SUM(I14:I15)", ba.Amounts.Reduced.String()},
			{"J9", "SUM(J14:J15)", ba.Amounts.Denied.String()},
		} {
			f, err := x.GetCellFormula("Berita Acara", c.cell)
			require.NoError(t, err)
			assert.Equal(t, c.formula, f, c.cell)
			v, err := x.CalcCellValue("Berita Acara", c.cell, excelize.Options{RawCellValue: true})
			require.NoError(t, err)
			assert.Equal(t, c.want, v, c.cell)
		}
		assert.Equal(t, "54150000", ba.Amounts.Claimed.String())
		assert.Equal(t, "28400000", ba.Amounts.Payable.String())
		// The formula is computed, not its cached value read: a verdict's
		// row changed, the total follows.
		y := open(t, buf.Bytes())
		require.NoError(t, y.SetCellValue("Berita Acara", "G14", 0))
		v, err := y.CalcCellValue("Berita Acara", "G9", excelize.Options{RawCellValue: true})
		require.NoError(t, err)
		assert.Equal(t, "18000000", v, "the refused files' claims alone")
		require.Len(t, ba.ByVerdict, 2, "the verdicts' rows are 14 and 15")

		// The files' TOTAL row: after the 6 files, row 15.
		assert.Equal(t, "TOTAL", shown(t, x, "Berkas Klaim", "B15"))
		for _, c := range []struct{ cell, want string }{
			{"I15", ba.Amounts.Claimed.String()}, {"J15", ba.Amounts.Payable.String()},
			{"K15", ba.Amounts.Reduced.String()}, {"L15", ba.Amounts.Denied.String()},
			{"M15", ba.Amounts.DepositNetted.String()}, {"N15", ba.Amounts.Transfer.String()},
		} {
			f, err := x.GetCellFormula("Berkas Klaim", c.cell)
			require.NoError(t, err)
			assert.Equal(t, "SUM("+c.cell[:1]+"9:"+c.cell[:1]+"14)", f)
			v, err := x.CalcCellValue("Berkas Klaim", c.cell, excelize.Options{RawCellValue: true})
			require.NoError(t, err)
			assert.Equal(t, c.want, v, c.cell)
			assert.Equal(t, RupiahFormat, numFmt(t, x, "Berkas Klaim", c.cell))
		}

		// The recap: each row's total the sum of its months, the TOTAL row
		// the sum of the rows.
		rc := rep.Recaps[0]
		f, err := x.GetCellFormula("Rekap SJP 2019", "O10")
		require.NoError(t, err)
		assert.Equal(t, "SUM(C10:N10)", f)
		v, err = x.CalcCellValue("Rekap SJP 2019", "O10", excelize.Options{RawCellValue: true})
		require.NoError(t, err)
		assert.Equal(t, "6", v, "card inpatient")
		assert.Equal(t, 6, rc.SJP.Rows[1].Total)
		f, err = x.GetCellFormula("Rekap SJP 2019", "O13")
		require.NoError(t, err)
		assert.Equal(t, "SUM(O9:O12)", f)
		v, err = x.CalcCellValue("Rekap SJP 2019", "O13", excelize.Options{RawCellValue: true})
		require.NoError(t, err)
		assert.Equal(t, "6", v)
		assert.Equal(t, rc.SJP.Total.Total, 6)
		v, err = x.CalcCellValue("Rekap SJP 2019", "E13", excelize.Options{RawCellValue: true})
		require.NoError(t, err)
		assert.Equal(t, "6", v, "March")
	})

	t.Run("frozen header", func(t *testing.T) {
		for _, s := range x.GetSheetList() {
			p, err := x.GetPanes(s)
			require.NoError(t, err)
			assert.True(t, p.Freeze, s)
			assert.Equal(t, 8, p.YSplit, s)
			assert.Equal(t, 0, p.XSplit, s)
			assert.Equal(t, "A9", p.TopLeftCell, s)
		}
	})

	t.Run("widths", func(t *testing.T) {
		for _, c := range []struct {
			sheet, col string
			want       float64
		}{
			{"Berita Acara", "G", 15},  // "Rp 54,150,000" and 2
			{"Berita Acara", "E", 8},   // "berkas" (the header wraps) and 2
			{"Jadwal", "G", 12},        // "dd/mm/yyyy" and 2
			{"Berita Acara", "K", 60},  // the citations, cut at the maximum
			{"Rekap SJP 2019", "A", 6}, // "No", widened to the minimum
		} {
			w, err := x.GetColWidth(c.sheet, c.col)
			require.NoError(t, err)
			assert.Equal(t, c.want, w, "%s %s", c.sheet, c.col)
		}
	})

	t.Run("autofilter", func(t *testing.T) {
		b := buf.Bytes()
		for n, want := range map[int]string{
			1: `<autoFilter ref="$A$8:$K$` + itoa(8+len(rep.BeritaAcaraSheet().Rows)-1) + `"`,
			2: `<autoFilter ref="$A$8:$Q$14"`, // the 6 files, not their TOTAL
			3: `<autoFilter ref="$A$8:$H$`,
			4: `<autoFilter ref="$A$8:$O$12"`, // the 4 services, not the TOTAL
		} {
			assert.Contains(t, sheetXML(t, b, n), want, "sheet %d", n)
		}
		names := map[string]string{}
		for _, d := range x.GetDefinedName() {
			if d.Name == "_xlnm._FilterDatabase" {
				names[d.Scope] = d.RefersTo
			}
		}
		assert.Equal(t, "'Berkas Klaim'!$A$8:$Q$14", names["Berkas Klaim"])
	})

	t.Run("files sheet", func(t *testing.T) {
		rows, err := x.GetRows("Berkas Klaim")
		require.NoError(t, err)
		require.Len(t, rows, 15, "title, blank, 2 headers, 6 files, TOTAL")
		assert.Equal(t, []string{"No", "Nomor berkas", "Rumah sakit", "Jenis pelayanan", "Tanggal masuk", "Tanggal selesai", "Kode putusan", "Putusan",
			"Diajukan", "Layak bayar", "Dikurangi", "Ditolak", "Deposit diperhitungkan", "Ditransfer", "Kode alasan", "Alasan", "Dasar hukum"}, rows[7])
		first := rows[8]
		assert.Equal(t, []string{"1", "RSUD-2019-03-0001", "rsud-cam", "card_inpatient", "04/03/2019", "09/03/2019"}, first[:6])
		assert.Equal(t, DateFormat, numFmt(t, x, "Berkas Klaim", "E9"))
		for i, f := range files {
			r := rows[8+i]
			assert.Equal(t, f.ID, r[1])
			assert.Equal(t, string(f.Verdict), r[6])
			assert.Equal(t, f.Amounts.Claimed.String(), raw(t, x, "Berkas Klaim", "I"+itoa(9+i)))
			assert.Equal(t, f.Amounts.Payable.String(), raw(t, x, "Berkas Klaim", "J"+itoa(9+i)))
		}
		// No NIK in the workbook.
		nik := regexp.MustCompile(`\b32\d{14}\b`)
		for _, r := range rows {
			assert.False(t, nik.MatchString(strings.Join(r, " ")), "%v", r)
		}
	})
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestWriteErrors(t *testing.T) {
	rep, _ := month(t)
	var buf bytes.Buffer
	assert.ErrorIs(t, Write(&buf, rep, Options{}), ErrNoDate)
	assert.Error(t, Write(&buf, nil, Options{Title: Title{Made: made}}))
	bad := claim.Sheet{Name: "x", Rows: [][]string{{"a"}, {"1.5"}}, Columns: []claim.Column{{Key: "a", ID: "a", EN: "a", Kind: claim.Money}}}
	assert.ErrorContains(t, WriteSheets(&buf, []claim.Sheet{bad}, Title{Made: made}), `sheet x: row 1, column a: "1.5" is not a whole number`)
	assert.Equal(t, 0, buf.Len(), "nothing is written on an error")
}

func TestWriteRecaps(t *testing.T) {
	rep, _ := month(t)
	var buf bytes.Buffer
	require.NoError(t, WriteRecaps(&buf, rep.Recaps, Title{Made: made}))
	x := open(t, buf.Bytes())
	assert.Equal(t, []string{"Rekap SJP 2019", "Rekap Klaim 2019"}, x.GetSheetList())
	assert.Equal(t, "Periode / Period: 2019", shown(t, x, "Rekap SJP 2019", "A3"))
	assert.Equal(t, "Rumah sakit / Hospital: -", shown(t, x, "Rekap SJP 2019", "A2"))
}

func TestNames(t *testing.T) {
	used := map[string]bool{}
	assert.Equal(t, "a-b", uniqueName(sheetName("a/b"), used))
	assert.Equal(t, "A-B (2)", uniqueName(sheetName("A/B"), used))
	long := strings.Repeat("x", 40)
	assert.Equal(t, strings.Repeat("x", 31), uniqueName(sheetName(long), used))
	assert.Equal(t, strings.Repeat("x", 27)+" (2)", uniqueName(sheetName(long), used))
	assert.Equal(t, "Sheet", sheetName(""))
}

func TestShownLen(t *testing.T) {
	for _, c := range []struct {
		k    claim.Kind
		v    string
		want int
	}{
		{claim.Money, "54150000", 13}, // Rp 54,150,000
		{claim.Money, "0", 4},         // Rp 0
		{claim.Money, "-1000", 9},     // Rp -1,000
		{claim.Count, "1000", 5},
		{claim.Count, "999", 3},
		{claim.Date, "2019-04-14", 10},
		{claim.Text, "Rawat Inap KS", 13},
		{claim.Text, "Pembayaran", 10},
	} {
		assert.Equal(t, c.want, shownLen(c.k, c.v), "%v %q", c.k, c.v)
	}
}

// The files sheet says why a file was partly paid or refused: the first
// line reduced or denied, or the file's first reason.
func TestFileReasons(t *testing.T) {
	_, files := month(t)
	var got [][3]string
	for _, f := range files {
		got = append(got, [3]string{f.ID, string(f.Verdict), f.Reason.Code})
	}
	assert.Equal(t, [][3]string{
		{"RSUD-2019-03-0001", "partly_paid", "reduced_to_inacbg"},
		{"RSUD-2019-03-0002", "partly_paid", "reduced_to_inacbg"},
		{"RSUD-2019-03-0003", "refused", "duplicate_stay"},
		{"RSUD-2019-03-0004", "partly_paid", "reduced_to_inacbg"},
		{"RSUD-2019-03-0005", "partly_paid", "before_payer_change"},
		{"RSUD-2019-03-0006", "refused", "private_agreement"},
	}, got)
	for _, f := range files {
		assert.NotEmpty(t, f.Reason.Ref, f.ID)
		assert.NotEmpty(t, f.Reason.ID, f.ID)
	}
}

// Write keeps nothing between calls: workbooks written at once hold the
// same cells.
func TestWriteConcurrent(t *testing.T) {
	rep, files := month(t)
	const n = 4
	out := make([][]byte, n)
	errs := make(chan error, n)
	for i := range n {
		go func() {
			var buf bytes.Buffer
			err := Write(&buf, rep, Options{Title: Title{Made: made}, Files: files})
			out[i] = buf.Bytes()
			errs <- err
		}()
	}
	for range n {
		require.NoError(t, <-errs)
	}
	cells := func(b []byte) [][]string {
		x := open(t, b)
		var all [][]string
		for _, s := range x.GetSheetList() {
			rows, err := x.GetRows(s)
			require.NoError(t, err)
			all = append(all, rows...)
		}
		return all
	}
	want := cells(out[0])
	for i := 1; i < n; i++ {
		assert.Equal(t, want, cells(out[i]))
	}
}
