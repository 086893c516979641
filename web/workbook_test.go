package web

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/interop/eklaim"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/workbook"
	"github.com/xuri/excelize/v2"
)

const sampleEKlaim = "../examples/testdata/month-rsud-2019-03.eklaim.jsonl"

// figureIDs are the Berita Acara's figures on the report page, by
// data-testid, and the column of the workbook's Berita Acara sheet that
// holds each in its "total files" row.
var figureIDs = []struct{ testid, col string }{
	{"files", "E"}, {"claimed", "G"}, {"payable", "H"}, {"reduced", "I"}, {"denied", "J"},
}

// digits reads a figure as the page shows it ("Rp 54.150.000", "6") as
// a whole number.
func digits(t testing.TB, s string) int64 {
	t.Helper()
	d := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
	n, err := strconv.ParseInt(d, 10, 64)
	if err != nil {
		t.Fatalf("%q is not a figure", s)
	}
	return n
}

// pageFigures reads the report page's figures by data-testid.
func pageFigures(t testing.TB, body string) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, f := range figureIDs {
		m := regexp.MustCompile(`data-testid="` + f.testid + `">([^<]*)<`).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("the page has no figure %s", f.testid)
		}
		out[f.testid] = digits(t, m[1])
	}
	return out
}

// checkWorkbook reads the desk's workbook back with excelize and checks
// it against the page's figures: the Berita Acara's totals are SUM
// formulas that compute to the page's figures, amounts carry the Rupiah
// format, the header is frozen, the sheet of files has a row per file
// with dates as date cells, and the title block names the hospital,
// the rulebook and the day.
func checkWorkbook(t testing.TB, xlsx []byte, page map[string]int64, files int, made string) {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader(xlsx))
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	defer x.Close()
	list := x.GetSheetList()
	if len(list) < 3 || !strings.HasPrefix(list[0], "Berita Acara") || !strings.HasPrefix(list[1], "Berkas Klaim") {
		t.Fatalf("sheets %v: want the Berita Acara, then the claim files", list)
	}
	ba, fs := list[0], list[1]
	cell := func(sheet, ref string) string {
		v, err := x.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	numFmt := func(sheet, ref string) string {
		id, err := x.GetCellStyle(sheet, ref)
		if err != nil {
			t.Fatal(err)
		}
		st, err := x.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		if st.CustomNumFmt == nil {
			return ""
		}
		return *st.CustomNumFmt
	}
	// The title block.
	for ref, want := range map[string]string{"A2": "Rumah sakit / Hospital: RSUD dr. Chasbullah Abdulmadjid",
		"A4": "Aturan / Rulebook: " + rules.Default().Name(), "A5": "Dibuat / Made: " + made} {
		if got := cell(ba, ref); !strings.HasPrefix(got, want) {
			t.Errorf("%s!%s = %q, want %q…", ba, ref, got, want)
		}
	}
	// Row 9 is the first of the table: the total of the files.
	if got := cell(ba, "B9"); got != "files" {
		t.Fatalf("%s!B9 = %q, want the total of the files", ba, got)
	}
	for _, f := range figureIDs {
		ref := f.col + "9"
		formula, err := x.GetCellFormula(ba, ref)
		if err != nil || !strings.HasPrefix(formula, "SUM(") {
			t.Errorf("%s!%s: formula %q (%v), want a SUM", ba, ref, formula, err)
		}
		v, err := x.CalcCellValue(ba, ref, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatalf("%s!%s: %v", ba, ref, err)
		}
		if v != strconv.FormatInt(page[f.testid], 10) {
			t.Errorf("%s: the workbook computes %s, the page shows %d", f.testid, v, page[f.testid])
		}
		want := workbook.RupiahFormat
		if f.testid == "files" {
			want = workbook.CountFormat
		}
		if got := numFmt(ba, ref); got != want {
			t.Errorf("%s!%s: number format %q, want %q", ba, ref, got, want)
		}
	}
	if got, _ := x.GetCellValue(ba, "G9"); !strings.HasPrefix(got, "Rp ") {
		t.Errorf("%s!G9 shows %q, not in Rupiah", ba, got)
	}
	for _, sh := range []string{ba, fs} {
		p, err := x.GetPanes(sh)
		if err != nil {
			t.Fatal(err)
		}
		if !p.Freeze || p.YSplit != 8 || p.TopLeftCell != "A9" {
			t.Errorf("%s: panes %+v, want the 8 rows of title and header frozen", sh, p)
		}
	}
	// The sheet of files: a row per file, then the total; the admission
	// a date cell; the total of the claims a SUM that equals the page.
	rows, err := x.GetRows(fs)
	if err != nil {
		t.Fatal(err)
	}
	if got := len(rows) - 8 - 1; got != files {
		t.Errorf("the sheet of files has %d file rows, want %d", got, files)
	}
	if got := numFmt(fs, "E9"); got != workbook.DateFormat {
		t.Errorf("%s!E9 (admission): format %q, want a date", fs, got)
	}
	if v := cell(fs, "E9"); strings.Contains(v, "-") {
		t.Errorf("%s!E9 = %q: a date as text", fs, v)
	}
	total := fmt.Sprintf("I%d", 9+files)
	if f, _ := x.GetCellFormula(fs, total); f != fmt.Sprintf("SUM(I9:I%d)", 8+files) {
		t.Errorf("%s!%s: formula %q", fs, total, f)
	}
	if v, err := x.CalcCellValue(fs, total, excelize.Options{RawCellValue: true}); err != nil || v != strconv.FormatInt(page["claimed"], 10) {
		t.Errorf("%s!%s computes %q (%v), the page claims %d", fs, total, v, err, page["claimed"])
	}
	if got := numFmt(fs, total); got != workbook.RupiahFormat {
		t.Errorf("%s!%s: format %q", fs, total, got)
	}
}

// fixedNow is the pages' clock in the workbook tests: 10 April 2019,
// 23:30 UTC, already the 11th in Kota Bekasi.
func fixedNow() time.Time { return time.Date(2019, 4, 10, 23, 30, 0, 0, time.UTC) }

func TestDeskWorkbook(t *testing.T) {
	ts := newTestServer(t, func(o *Options) { o.Now = fixedNow })
	c := newClient(t, ts)
	month, _ := os.ReadFile(sampleMonth)
	_, _, res := c.post("/desk/verify", map[string]string{"csrf": c.csrf("/desk"), "format": "jsonl"}, map[string][]byte{"month": month})
	_, body, path := c.waitJob(res)
	page := pageFigures(t, body)
	want := verifyDirect(t, month).BeritaAcara
	if page["claimed"] != want.Amounts.Claimed.IntPart() || page["files"] != int64(want.Files) {
		t.Fatalf("the page shows %v, VerifyBatch %+v", page, want.Amounts)
	}
	resp, err := c.c.Get(c.base + path + "/workbook.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf bytes.Buffer
	_, _ = buf.ReadFrom(resp.Body)
	if ct := resp.Header.Get("Content-Type"); ct != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Errorf("Content-Type %q", ct)
	}
	checkWorkbook(t, buf.Bytes(), page, want.Files, "11/04/2019")
	// The report and the printed Berita Acara name the hospital.
	if !strings.Contains(body, "RSUD dr. Chasbullah Abdulmadjid (<code>rsud-cam</code>)") {
		t.Error("the report does not name the hospital")
	}
	_, pr := c.get(path + "/print")
	for _, want := range []string{"RSUD dr. Chasbullah Abdulmadjid (rsud-cam)", "<td>Maret 2019</td>", "<td>11 April 2019</td>"} {
		if !strings.Contains(pr, want) {
			t.Errorf("the printed Berita Acara does not say %s", want)
		}
	}
	if _, pr := c.get(path + "/print?lang=en"); !strings.Contains(pr, "<td>March 2019</td>") || !strings.Contains(pr, "<td>11 April 2019</td>") {
		t.Error("the printed Berita Acara in English: no March 2019 or no 11 April 2019")
	}
	if bytes.Contains(buf.Bytes(), []byte("3275014508900001")) {
		t.Error("the workbook holds a NIK")
	}
}

// TestDeskEKlaim uploads the sample month as E-Klaim records: the desk
// reads them with interop/eklaim and gives the figures of the native
// month, and those of eklaim.VerifyBatch.
func TestDeskEKlaim(t *testing.T) {
	ts := newTestServer(t, nil)
	c := newClient(t, ts)
	native, _ := os.ReadFile(sampleMonth)
	ek, err := os.ReadFile(sampleEKlaim)
	if err != nil {
		t.Fatal(err)
	}
	upload := func(format string, data []byte) (string, string) {
		_, _, res := c.post("/desk/verify", map[string]string{"csrf": c.csrf("/desk"), "format": format}, map[string][]byte{"month": data})
		st, body, path := c.waitJob(res)
		if st != 200 {
			t.Fatalf("%s: status %d: %.300s", format, st, body)
		}
		return body, path
	}
	nb, _ := upload("jsonl", native)
	eb, epath := upload("eklaim", ek)
	np, ep := pageFigures(t, nb), pageFigures(t, eb)
	direct, err := eklaim.VerifyBatch(context.Background(), bytes.NewReader(ek), rules.Default(),
		claim.NewVerifier(rules.Default(), testTable(t)), nil, func(int, *claim.Adjudication, error) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range figureIDs {
		if np[f.testid] != ep[f.testid] {
			t.Errorf("%s: E-Klaim month %d, native month %d", f.testid, ep[f.testid], np[f.testid])
		}
	}
	if np["files"] == 0 || ep["claimed"] != direct.BeritaAcara.Amounts.Claimed.IntPart() || ep["payable"] != direct.BeritaAcara.Amounts.Payable.IntPart() {
		t.Errorf("the desk's E-Klaim month %v, eklaim.VerifyBatch %+v", ep, direct.BeritaAcara.Amounts)
	}
	if got := regexp.MustCompile(`data-testid="payable-now"><strong>([^<]*)<`).FindStringSubmatch(eb); got == nil ||
		digits(t, got[1]) != direct.BeritaAcara.PayableNow.IntPart() {
		t.Errorf("payable now %v, eklaim.VerifyBatch %s", got, direct.BeritaAcara.PayableNow)
	}
	// The workbook of the E-Klaim month holds the same figures.
	_, xlsx := c.get(epath + "/workbook.xlsx")
	checkWorkbook(t, []byte(xlsx), ep, int(ep["files"]), "")

	// A record that does not read is a line in error, with its field
	// error; the rest of the month goes on.
	lines := bytes.SplitAfter(ek, []byte("\n"))
	bad := bytes.Replace(lines[1], []byte(`"tgl_masuk":"`), []byte(`"tgl_masuk":"x`), 1)
	if bytes.Equal(bad, lines[1]) {
		t.Fatal("the second record has no tgl_masuk: the test tests nothing")
	}
	broken := bytes.Join([][]byte{lines[0], bad, bytes.Join(lines[2:], nil)}, nil)
	bb, _ := upload("eklaim", broken)
	if !strings.Contains(bb, `data-testid="errors">1<`) {
		t.Errorf("a bad record is not counted as an error: %.400s", bb[strings.Index(bb, "data-testid=\"files\""):])
	}
	if !strings.Contains(bb, "line 2") {
		t.Error("the bad record's line is not named")
	}
	if bp := pageFigures(t, bb); bp["files"] != np["files"]-1 {
		t.Errorf("files %d after a bad record, want %d", bp["files"], np["files"]-1)
	}
	// A kode_tarif that is not the hospital's class is a point noted,
	// not a fault: the file is verified, and the page counts the note.
	odd := bytes.Replace(ek, []byte(`"kode_tarif":"BP"`), []byte(`"kode_tarif":"AP"`), 1)
	if bytes.Equal(odd, ek) {
		t.Fatal("the first record has no kode_tarif BP: the test tests nothing")
	}
	ob, _ := upload("eklaim", odd)
	if !strings.Contains(ob, tr("id", "eklaim_warnings")+": 1<") {
		t.Error("the kode_tarif's warning is not counted on the page")
	}
	if op := pageFigures(t, ob); op["files"] != np["files"] {
		t.Errorf("files %d with a warning, want %d", op["files"], np["files"])
	}
	// Format "auto": a name ending in .eklaim.jsonl is E-Klaim.
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("csrf", c.csrf("/desk"))
	_ = mw.WriteField("format", "auto")
	fw, _ := mw.CreateFormFile("month", "month-rsud-2019-03.eklaim.jsonl")
	_, _ = fw.Write(ek)
	mw.Close()
	res, err := c.c.Post(c.base+"/desk/verify", mw.FormDataContentType(), &body)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if _, ab, _ := c.waitJob(res); pageFigures(t, ab)["claimed"] != np["claimed"] || !strings.Contains(ab, `data-testid="errors">0<`) {
		t.Error("an upload named *.eklaim.jsonl is not read as E-Klaim records")
	}
}

func TestEpisodeOf(t *testing.T) {
	for _, tc := range []struct{ line, want string }{
		{`{"id":"A","episode":{"care_type":"inpatient"},"x":1}`, `{"care_type":"inpatient"}`},
		{`{"episode" : {"a":{"b":"}"}}}`, `{"a":{"b":"}"}}`},
		{`{"note":"say \"episode\": {x}","episode":{"s":"a\\\"}"}}`, `{"s":"a\\\"}"}`},
		{`{"episode":null}`, ``},
		{`{"episode":{"a":1`, ``},
		{`{"id":"A"}`, ``},
		{`{"episode"`, ``},
	} {
		if got := string(episodeOf([]byte(tc.line))); got != tc.want {
			t.Errorf("episodeOf(%s) = %q, want %q", tc.line, got, tc.want)
		}
	}
}

// TestFileRowDates: the rows the desk keeps have the dates of the rows
// made from the files decoded in full.
func TestFileRowDates(t *testing.T) {
	month, _ := os.ReadFile(sampleMonth)
	v := claim.NewVerifier(rules.Default(), testTable(t))
	n := 0
	for line := range bytes.Lines(month) {
		f, err := claim.UnmarshalFile(bytes.TrimSpace(line))
		if err != nil {
			t.Fatal(err)
		}
		n++
		a, err := v.Verify(f, n)
		if err != nil {
			t.Fatal(err)
		}
		want, got := claim.FileRowOf(n, f, &a), fileRow(n, line, &a)
		if got.Admission != want.Admission || got.End != want.End || want.Admission.IsZero() || want.End.IsZero() {
			t.Errorf("file %d: dates %s–%s, want %s–%s", n, got.Admission, got.End, want.Admission, want.End)
		}
	}
	if n != 6 {
		t.Fatalf("%d files", n)
	}
}
