package web

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/workbook"
)

// syncBuffer is a log sink safe for the background jobs.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var nikRE = regexp.MustCompile(`\d{16}`)

func TestNoNIKInLogsOrURLs(t *testing.T) {
	var logs syncBuffer
	ts := newTestServer(t, func(o *Options) { o.Logger = slog.New(slog.NewJSONHandler(&logs, nil)) })
	c := newClient(t, ts)
	month, _ := os.ReadFile(sampleMonth)
	// A broken line quoting a NIK, so that an error text holds one.
	month = append(month, []byte(`{"id":"3275014508900009","hospital":"3275014508900009","lines":"x"}`+"\n")...)
	tok := c.csrf("/desk")
	_, _, res := c.post("/desk/verify", map[string]string{"csrf": tok}, map[string][]byte{"month": month})
	if nikRE.MatchString(res.Request.URL.String()) {
		t.Errorf("a NIK in the URL %s", res.Request.URL)
	}
	_, body, path := c.waitJob(res)
	if nikRE.MatchString(path) {
		t.Errorf("a NIK in the job's URL %s", path)
	}
	if m := nikRE.FindString(body); m != "" {
		t.Errorf("a NIK on the report page: %s", m)
	}
	if !strings.Contains(body, "line 7: ") {
		t.Error("the bad line's error is not on the page")
	}
	for _, p := range []string{"/lines.csv", "/sheet/0.csv"} {
		if _, b := c.get(path + p); nikRE.MatchString(b) {
			t.Errorf("%s: a NIK", p)
		}
	}
	if m := nikRE.FindString(logs.String()); m != "" {
		t.Errorf("a NIK in the log: %s", m)
	}
	if !strings.Contains(logs.String(), "web: desk: verified") {
		t.Errorf("the log says nothing of the verification: %s", logs.String())
	}
}

func TestReformUpload(t *testing.T) {
	ts := newTestServer(t, nil)
	c := newClient(t, ts)
	overlay := []byte(`rulebook:
  name: Ambulans 300 ribu
parameters:
  tariff:
    ambulance:
      city:
        values:
          2019-01-01: {value: 300000, ref: "Perda 9/2018 Ps.16(4)"}
`)
	tok := c.csrf("/rules/reform")
	st, body, _ := c.post("/rules/reform", map[string]string{"csrf": tok}, map[string][]byte{"reform": overlay})
	if st != http.StatusOK || !strings.Contains(body, "tariff.ambulance.city") || !strings.Contains(body, "Rp 300.000") || !strings.Contains(body, "Rp 200.000") {
		t.Errorf("uploaded reform: status %d, the change (Rp 200.000 → Rp 300.000) not listed", st)
	}
	tok = c.csrf("/rules/reform")
	st, body, _ = c.post("/rules/reform", map[string]string{"csrf": tok}, map[string][]byte{"reform": []byte("parameters: [")})
	if st != http.StatusBadRequest || !strings.Contains(body, "Reformasi tidak dapat diterapkan") {
		t.Errorf("a broken overlay: status %d", st)
	}
	// The lab takes an uploaded reform after the chosen ones.
	tok = c.csrf("/lab")
	_, _, res := c.post("/lab/run", map[string]string{"csrf": tok, "reform1": "discount-type-b-25.yaml", "year": "2019", "scale": "2", "seed": "1"},
		map[string][]byte{"upload": overlay})
	if _, body, _ := c.waitJob(res); !strings.Contains(body, "discount-type-b-25.yaml → upload.upload") {
		t.Error("the lab did not apply the chosen reform, then the uploaded one")
	}
}

func TestBadInput(t *testing.T) {
	ts := newTestServer(t, nil)
	c := newClient(t, ts)
	for _, tc := range []struct {
		path string
		st   int
		want string
	}{
		{"/rules?date=2019-13-01", 400, "Tanggal date tidak sah"},
		{"/rules/diff?from=x", 400, "from"},
		{"/rules/param?path=no.such", 404, "no.such"},
		{"/rules/reform?name=../../go.mod", 404, "no reform"},
		{"/desk/job/nope", 404, "Pekerjaan tidak ditemukan"},
		{"/lab/job/nope/chart.svg", 404, "Pekerjaan"},
		{"/nothing", 404, "Halaman tidak ditemukan"},
	} {
		st, body := c.get(tc.path)
		if st != tc.st || !strings.Contains(body, tc.want) {
			t.Errorf("%s: status %d, want %d with %q", tc.path, st, tc.st, tc.want)
		}
	}
	tok := c.csrf("/lab")
	for _, f := range []map[string]string{
		{"year": "1999", "scale": "1", "seed": "1"},
		{"year": "2019", "scale": "0", "seed": "1"},
		{"year": "2019", "scale": "1", "seed": "-1"},
		{"year": "2019", "scale": "1", "seed": "1", "reform1": "nope.yaml"},
	} {
		f["csrf"] = tok
		if st, _, _ := c.post("/lab/run", f, nil); st != http.StatusBadRequest {
			t.Errorf("lab %v: status %d, want 400", f, st)
		}
	}
	tok = c.csrf("/desk")
	for _, f := range []map[string]string{{"format": "nope"}, {"format": "csv"}, {"budget": "x"}} {
		f["csrf"] = tok
		if st, _, _ := c.post("/desk/verify", f, map[string][]byte{"month": []byte("claim_id\n")}); st != http.StatusBadRequest {
			t.Errorf("desk %v: status %d, want 400", f, st)
		}
	}
	if st, _, _ := c.post("/desk/verify", map[string]string{"csrf": tok}, nil); st != http.StatusBadRequest {
		t.Errorf("desk without a file: status %d", st)
	}
	// A sheet's error names its row and column in the page's language.
	for path, want := range map[string]string{"/desk/verify": "baris 2, kolom amount:", "/desk/verify?lang=en": "row 2, column amount:"} {
		st, body, _ := c.post(path, map[string]string{"csrf": tok, "format": "csv"}, map[string][]byte{"month": []byte("claim_id,hospital,amount\nA,rsud-cam,12x\n")})
		if st != http.StatusBadRequest || !strings.Contains(body, want) || strings.Contains(body, "/rows/") {
			t.Errorf("desk %s, a bad amount: status %d, want %q in the page", path, st, want)
		}
	}
}

func TestDeskBudgetAndXLSX(t *testing.T) {
	ts := newTestServer(t, nil)
	c := newClient(t, ts)
	month, _ := os.ReadFile(sampleMonth)
	rows, _ := FileRows(month)
	var xl bytes.Buffer
	if err := writeRowsXLSX(&xl, rows); err != nil {
		t.Fatal(err)
	}
	tok := c.csrf("/desk")
	_, _, res := c.post("/desk/verify", map[string]string{"csrf": tok, "format": "xlsx", "budget_year": "2019", "budget": "20000000"},
		map[string][]byte{"month": xl.Bytes()})
	_, body, path := c.waitJob(res)
	want := verifyDirect(t, month).BeritaAcara
	if !strings.Contains(body, `data-testid="payable-now"><strong>`+rupiah("id", want.PayableNow)) {
		t.Error("XLSX upload: payable now differs from the JSON Lines month")
	}
	// Payable now Rp 27.900.000 against a budget of Rp 20.000.000: the rest
	// is carried to 2020 (Perwal 27.A/2017 Ps.5(2)).
	if !strings.Contains(body, `data-testid="budget-paid-now">Rp 20.000.000`) || !strings.Contains(body, `data-testid="budget-carried">Rp 7.900.000 → 2020`) {
		t.Errorf("budget split not shown as Rp 20.000.000 now and Rp 7.900.000 carried to 2020")
	}
	if st, b := c.get(path + "/workbook.xlsx"); st != 200 || !strings.HasPrefix(b, "PK") {
		t.Errorf("workbook: status %d", st)
	}
}

func TestFormatting(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{group("id", 54150000), "54.150.000"},
		{group("en", 54150000), "54,150,000"},
		{group("id", -1575000), "-1.575.000"},
		{group("id", 999), "999"},
		{percentChange("id", 1000, 1025), "+2,5 %"},
		{percentChange("en", 1000, 990), "-1.0 %"},
		{percentChange("id", 0, 5), "–"},
		{display(ptr(rules.Default().At(rules.MustDate(2019, 3, 1)).Param("tariff.ambulance.city"))), "Rp 200.000"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	p, _ := rules.Default().Param("calendar.cuti_bersama")
	if r := readings(p); len(r) != 2 || r[0] != (reading{"non_working_day", true}) || r[1] != (reading{"working_day", false}) {
		t.Errorf("the readings of calendar.cuti_bersama: %+v", r)
	}
	if p, _ := rules.Default().Param("tariff.ambulance.city"); readings(p) != nil {
		t.Error("readings of an amount")
	}
}

func ptr(v rules.Value, _ error) *rules.Value { return &v }

func TestSearch(t *testing.T) {
	rb := rules.Default()
	refs, icd, _ := search(rb, "Ps.16")
	if len(refs) == 0 || len(icd) != 0 {
		t.Errorf("Ps.16: %d citations, %d ICD hits", len(refs), len(icd))
	}
	for _, h := range refs {
		if !strings.Contains(strings.ToLower(h.Ref+h.Title+h.Detail), "ps.16") {
			t.Errorf("hit %+v does not hold Ps.16", h)
		}
	}
	if _, icd, _ = search(rb, "z41.1"); len(icd) == 0 {
		t.Error("Z41.1: no exclusion")
	}
	if _, _, facs := search(rb, "rsud-cam"); len(facs) != 1 {
		t.Errorf("rsud-cam: %d facilities", len(facs))
	}
	// A joined citation finds each of its sources.
	joined, _, _ := search(rb, "Perwal 27.A/2017 Ps.11(2)c; Juknis 440/Kep.21/2017 V.3")
	one, _, _ := search(rb, "Juknis 440/Kep.21/2017 V.3")
	if len(one) == 0 || len(joined) < len(one) {
		t.Errorf("a joined citation: %d hits, its second part alone %d", len(joined), len(one))
	}
	if a, b, c := search(rb, "  "); a != nil || b != nil || c != nil {
		t.Error("an empty query finds something")
	}
}

func TestEnglishResultsAndLogout(t *testing.T) {
	ts := newTestServer(t, func(o *Options) { o.Token = "t0ken-web" })
	c := newClient(t, ts)
	tok := c.csrf("/login")
	if st, _, _ := c.post("/login", map[string]string{"csrf": tok, "token": "t0ken-web"}, nil); st != http.StatusOK {
		t.Fatalf("login: %d", st)
	}
	month, _ := os.ReadFile(sampleMonth)
	tok = c.csrf("/desk?lang=en")
	_, _, res := c.post("/desk/verify", map[string]string{"csrf": tok, "budget_year": "2019", "budget": "20000000"}, map[string][]byte{"month": month})
	_, body, path := c.waitJob(res)
	_, print := c.get(path + "/print")
	tok = c.csrf("/lab")
	_, _, res = c.post("/lab/run", map[string]string{"csrf": tok, "reform1": "jkn-active-covered.yaml", "year": "2019", "scale": "2", "seed": "1"}, nil)
	_, lab, _ := c.waitJob(res)
	for name, b := range map[string]string{"report": body, "print": print, "lab": lab} {
		if !strings.Contains(b, `lang="en"`) || strings.Contains(b, "⟦") {
			t.Errorf("%s in English: untranslated text or not English", name)
		}
	}
	if !strings.Contains(body, "Payable now") || !strings.Contains(print, "Dinkes verifier") || !strings.Contains(lab, "% change") {
		t.Error("the English pages lack their English words")
	}
	tok = c.csrf("/desk")
	if st, body, _ := c.post("/logout", map[string]string{"csrf": tok}, nil); st != http.StatusOK || !strings.Contains(body, `name="token"`) {
		t.Errorf("logout: status %d, not back at the login page", st)
	}
	if _, body := c.get("/rules"); !strings.Contains(body, `name="token"`) {
		t.Error("after logout the pages are still open")
	}
}

func TestParamTree(t *testing.T) {
	snap := rules.Default().At(rules.MustDate(2019, 3, 1))
	root := &paramNode{}
	for _, v := range snap.Values() {
		root.add(strings.Split(v.Path, "."), rowOf(&v, rules.Date{}))
	}
	if root.Count != len(snap.Values()) {
		t.Errorf("the tree holds %d parameters, the snapshot %d", root.Count, len(snap.Values()))
	}
	var walk func(n *paramNode) int
	walk = func(n *paramNode) int {
		sum := len(n.Rows)
		for _, r := range n.Rows {
			if r.Path != n.Path+"."+r.Leaf && n.Path != "" {
				t.Errorf("%s under %s", r.Path, n.Path)
			}
		}
		for _, c := range n.Children {
			sum += walk(c)
		}
		if sum != n.Count {
			t.Errorf("%s: count %d, leaves %d", n.Path, n.Count, sum)
		}
		return sum
	}
	walk(root)
	var amb *paramNode
	for _, c := range root.Children {
		if c.Name == "tariff" {
			for _, d := range c.Children {
				if d.Name == "ambulance" {
					amb = d
				}
			}
		}
	}
	if amb == nil || amb.Path != "tariff.ambulance" || amb.Depth != 2 {
		t.Fatalf("no node tariff.ambulance at depth 2: %+v", amb)
	}
}

func TestJobProgressAndBound(t *testing.T) {
	h, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := h.(*server)
	s.jobs = newJobs(2)
	release := make(chan struct{})
	block := func(ctx context.Context, j *job) (any, error) {
		j.progress(50, 100)
		<-release
		return nil, errors.New("stopped")
	}
	a, ok1 := s.jobs.start("lab", "", time.Minute, block)
	_, ok2 := s.jobs.start("lab", "", time.Minute, block)
	if _, ok3 := s.jobs.start("lab", "", time.Minute, block); !ok1 || !ok2 || ok3 {
		t.Fatalf("two slots: started %v %v %v", ok1, ok2, ok3)
	}
	// The running job's page refreshes itself and shows its progress.
	for a.Percent() != 50 {
		time.Sleep(time.Millisecond)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/lab/job/"+a.id, nil))
	body := rec.Body.String()
	if rec.Code != 200 || !strings.Contains(body, `<meta http-equiv="refresh" content="1">`) || !strings.Contains(body, `<progress max="100" value="50"`) {
		t.Errorf("the job's page: %d, no refresh or progress at 50 %%", rec.Code)
	}
	// A job of the other kind is not found under this one.
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/desk/job/"+a.id, nil))
	if rec.Code != http.StatusNotFound {
		t.Errorf("a lab job under /desk: %d", rec.Code)
	}
	close(release)
	<-a.finish
	// A finished job makes room; its error is its page.
	if _, ok := s.jobs.start("lab", "", time.Minute, block); !ok {
		t.Error("no room after a job ended")
	}
	if _, ok := s.jobs.get(a.id, "lab"); ok {
		t.Error("the oldest ended job was kept")
	}
}

func TestHooksAndExcelCSV(t *testing.T) {
	month, _ := os.ReadFile(sampleMonth)
	var gotReport bool
	ts := newTestServer(t, func(o *Options) {
		// An E-Klaim converter: here the export is already JSON Lines
		// behind a header line.
		o.EKlaim = func(r io.Reader) (io.Reader, error) {
			b, err := io.ReadAll(r)
			if err != nil {
				return nil, err
			}
			_, rest, _ := bytes.Cut(b, []byte("\n"))
			return bytes.NewReader(rest), nil
		}
		o.Workbook = func(w io.Writer, r *claim.Report, wo workbook.Options) error {
			gotReport = r.BeritaAcara.Files == 6 && len(wo.Files) == 6 && !wo.Title.Made.IsZero()
			_, err := io.WriteString(w, "PK workbook")
			return err
		}
	})
	c := newClient(t, ts)
	if _, body := c.get("/desk"); !strings.Contains(body, `value="eklaim"`) {
		t.Error("the E-Klaim format is not offered with Options.EKlaim")
	}
	tok := c.csrf("/desk")
	_, _, res := c.post("/desk/verify", map[string]string{"csrf": tok, "format": "eklaim"},
		map[string][]byte{"month": append([]byte("E-KLAIM EXPORT\n"), month...)})
	_, body, path := c.waitJob(res)
	want := verifyDirect(t, month).BeritaAcara
	if !strings.Contains(body, `data-testid="claimed">`+rupiah("id", want.Amounts.Claimed)) {
		t.Error("the E-Klaim hook's month verifies differently")
	}
	if _, b := c.get(path + "/workbook.xlsx"); b != "PK workbook" || !gotReport {
		t.Errorf("Options.Workbook not called with the report: %q", b)
	}
	_, b := c.get(path + "/sheet/0.csv?excel=id")
	if !strings.HasPrefix(b, "\ufeff") || !strings.Contains(strings.SplitN(b, "\n", 2)[0], ";") {
		t.Errorf("the Indonesian-locale CSV has no BOM or no semicolons: %.80q", b)
	}
	_, plain := c.get(path + "/sheet/0.csv")
	if strings.HasPrefix(plain, "\ufeff") || len(strings.Split(plain, "\n")) != len(strings.Split(b, "\n")) {
		t.Error("the plain CSV and the semicolon CSV differ in rows, or the plain one has a BOM")
	}
}

func TestLabSeveralUploads(t *testing.T) {
	ts := newTestServer(t, nil)
	c := newClient(t, ts)
	a, _ := os.ReadFile("../examples/reforms/discount-type-b-25.yaml")
	b, _ := os.ReadFile("../examples/reforms/no-puskesmas-referral.yaml")
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	_ = mw.WriteField("csrf", c.csrf("/lab"))
	for k, v := range map[string]string{"year": "2019", "scale": "2", "seed": "1"} {
		_ = mw.WriteField(k, v)
	}
	for _, f := range []struct {
		name string
		data []byte
	}{{"satu.yaml", a}, {"dua.yaml", b}} {
		fw, _ := mw.CreateFormFile("upload", f.name)
		_, _ = fw.Write(f.data)
	}
	mw.Close()
	res, err := c.c.Post(ts.URL+"/lab/run", mw.FormDataContentType(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if _, body, _ := c.waitJob(res); !strings.Contains(body, "satu.yaml → dua.yaml") {
		t.Error("two uploaded reforms not applied in order")
	}
}

// TestPrintHeadingOnce: the printed Berita Acara names itself once, as
// its title; its table of figures has a heading of its own (the report
// page keeps the Berita Acara's name on that table).
func TestPrintHeadingOnce(t *testing.T) {
	ts := newTestServer(t, nil)
	c := newClient(t, ts)
	month, _ := os.ReadFile(sampleMonth)
	tok := c.csrf("/desk")
	_, _, res := c.post("/desk/verify", map[string]string{"csrf": tok}, map[string][]byte{"month": month})
	_, report, path := c.waitJob(res)
	_, print := c.get(path + "/print")
	heading := regexp.MustCompile(`<h[12][^>]*>Berita Acara Hasil Verifikasi</h[12]>`)
	if n := len(heading.FindAllString(print, -1)); n != 1 {
		t.Errorf("the printed Berita Acara has %d headings of its name, want 1", n)
	}
	if !strings.Contains(print, ">Ringkasan hasil verifikasi</h2>") {
		t.Error("the printed figures have no heading of their own")
	}
	if !strings.Contains(report, ">Berita Acara Hasil Verifikasi</h2>") {
		t.Error("the report page's table lost its name")
	}
}
