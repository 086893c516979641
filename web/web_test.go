package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kartusehat/kartusehat"
	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
)

const (
	sampleMonth = "../examples/testdata/month-rsud-2019-03.jsonl"
	sampleTable = "../examples/testdata/inacbg-synthetic.csv"
)

// testTable is the synthetic INA-CBG table the CLI's examples price with.
func testTable(t testing.TB) *tariff.Table {
	t.Helper()
	f, err := os.Open(sampleTable)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tb, err := tariff.LoadTable(f, "inacbg-synthetic.csv", "host-supplied INA-CBG table inacbg-synthetic.csv")
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

// newTestServer starts the pages with the embedded rulebook and the
// example reforms.
func newTestServer(t testing.TB, mod func(*Options)) *httptest.Server {
	t.Helper()
	o := Options{Reforms: os.DirFS("../examples/reforms"), MaxScale: 50, Table: testTable(t)}
	if mod != nil {
		mod(&o)
	}
	h, err := New(o)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts
}

// client is a browser-like client: cookies kept, redirects followed.
type client struct {
	t    testing.TB
	base string
	c    *http.Client
}

func newClient(t testing.TB, ts *httptest.Server) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, base: ts.URL, c: &http.Client{Jar: jar}}
}

func (c *client) get(path string) (int, string) {
	c.t.Helper()
	res, err := c.c.Get(c.base + path)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf reads the CSRF token of the page at path.
func (c *client) csrf(path string) string {
	c.t.Helper()
	_, body := c.get(path)
	m := csrfRE.FindStringSubmatch(body)
	if m == nil {
		c.t.Fatalf("%s: no CSRF token in the page", path)
	}
	return m[1]
}

// post sends a multipart form: fields, and files by field name.
func (c *client) post(path string, fields map[string]string, files map[string][]byte) (int, string, *http.Response) {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	for k, v := range files {
		fw, _ := mw.CreateFormFile(k, k+".upload")
		_, _ = fw.Write(v)
	}
	mw.Close()
	res, err := c.c.Post(c.base+path, mw.FormDataContentType(), &buf)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b), res
}

// waitJob follows a job's page until it is done.
func (c *client) waitJob(res *http.Response) (int, string, string) {
	c.t.Helper()
	path := res.Request.URL.Path
	for range 600 {
		st, body := c.get(path)
		if !strings.Contains(body, `http-equiv="refresh"`) {
			return st, body, path
		}
		time.Sleep(100 * time.Millisecond)
	}
	c.t.Fatalf("%s: not done in a minute", path)
	return 0, "", ""
}

func TestPagesRender(t *testing.T) {
	ts := newTestServer(t, nil)
	for _, tc := range []struct{ path, want string }{
		{"/", "Penjelajah aturan"},
		{"/?lang=en", "Rulebook explorer"},
		{"/rules?date=2019-03-01", "tariff.ambulance.city"},
		{"/rules?date=2016-01-01", "Parameter"},
		{"/rules/param?path=tariff.ambulance.city", "Lini masa"},
		{"/rules/instruments", "Perda 9/2018"},
		{"/rules/facilities", "rsud-cam"},
		{"/rules/lists", "Kalender libur"},
		{"/rules/ambiguities", "tafsiran"},
		{"/rules/diff?from=2018-08-22&to=2018-08-23", "parameter berbeda"},
		{"/rules/reform", "discount-type-b-25.yaml"},
		{"/rules/reform?name=discount-type-b-25.yaml", "tariff.insidental.discount.type_b"},
		{"/rules/reform?name=discount-type-b-25.yaml", "Diskon RS tipe B 25%"},
		{"/rules/search?q=Ps.16", "Perda 9/2018 Ps.16"},
		{"/rules/search?q=Z41.1", "cosmetic"},
		{"/rules/search?q=rsud", "rsud-cam"},
		{"/desk", "claim_id"},
		{"/lab", "discount-type-b-25.yaml"},
	} {
		st, body := newClient(t, ts).get(tc.path)
		if st != http.StatusOK {
			t.Errorf("%s: status %d", tc.path, st)
		}
		if !strings.Contains(body, tc.want) {
			t.Errorf("%s: no %q in the page", tc.path, tc.want)
		}
		if strings.Contains(body, "⟦") {
			t.Errorf("%s: a text without translation: %s", tc.path, regexp.MustCompile(`⟦[^⟧]*⟧`).FindString(body))
		}
	}
	// English pages too.
	c := newClient(t, ts)
	for _, p := range []string{"/rules", "/rules/lists", "/desk", "/lab", "/rules/diff"} {
		_, body := c.get(p + "?lang=en")
		if strings.Contains(body, "⟦") {
			t.Errorf("%s (en): a text without translation", p)
		}
	}
	// The lang cookie keeps English.
	if _, body := c.get("/desk"); !strings.Contains(body, "The Dinkes desk") {
		t.Errorf("the lang cookie did not keep English")
	}
}

func TestSecurityHeaders(t *testing.T) {
	ts := newTestServer(t, nil)
	res, err := http.Get(ts.URL + "/rules")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	for k, want := range map[string]string{
		"Content-Security-Policy": "script-src 'self'",
		"X-Content-Type-Options":  "nosniff",
		"X-Frame-Options":         "DENY",
		"Referrer-Policy":         "no-referrer",
		"Cache-Control":           "no-store",
	} {
		if !strings.Contains(res.Header.Get(k), want) {
			t.Errorf("%s = %q, want %q in it", k, res.Header.Get(k), want)
		}
	}
	// No inline script anywhere: every <script> has a src.
	c := newClient(t, ts)
	for _, p := range []string{"/", "/rules", "/desk", "/lab"} {
		_, body := c.get(p)
		if regexp.MustCompile(`<script(?:\s+[^>]*)?>\s*[^<\s]`).MatchString(body) || strings.Contains(body, " onclick=") || strings.Contains(body, "style=") {
			t.Errorf("%s: inline script or style", p)
		}
	}
}

func TestCSRFRefused(t *testing.T) {
	ts := newTestServer(t, nil)
	c := newClient(t, ts)
	month, _ := os.ReadFile(sampleMonth)
	c.get("/desk") // the CSRF cookie
	for _, tok := range []string{"", "forged"} {
		st, body, _ := c.post("/desk/verify", map[string]string{"csrf": tok}, map[string][]byte{"month": month})
		if st != http.StatusForbidden || !strings.Contains(body, "CSRF") {
			t.Errorf("token %q: status %d, want 403 naming CSRF", tok, st)
		}
	}
	// Another visitor's token does not do.
	other := newClient(t, ts)
	tok := other.csrf("/desk")
	if st, _, _ := c.post("/desk/verify", map[string]string{"csrf": tok}, map[string][]byte{"month": month}); st != http.StatusForbidden {
		t.Errorf("another visitor's token: status %d, want 403", st)
	}
	// A plain form too.
	res, err := c.c.PostForm(ts.URL+"/rules/reform", url.Values{"csrf": {"x"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("urlencoded form without a valid token: status %d", res.StatusCode)
	}
}

func TestLogin(t *testing.T) {
	ts := newTestServer(t, func(o *Options) { o.Token = "rahasia-123" })
	c := newClient(t, ts)
	st, body := c.get("/rules")
	if st != http.StatusOK || !strings.Contains(body, `name="token"`) {
		t.Fatalf("without a session: status %d, not the login page", st)
	}
	tok := c.csrf("/login")
	st, body, _ = c.post("/login", map[string]string{"csrf": tok, "token": "salah"}, nil)
	if st != http.StatusUnauthorized || !strings.Contains(body, "Token salah") {
		t.Errorf("wrong token: status %d", st)
	}
	// A POST without a session is refused before its CSRF is read.
	if st, _, _ := c.post("/desk/verify", map[string]string{"csrf": tok}, nil); st != http.StatusUnauthorized {
		t.Errorf("POST without a session: status %d, want 401", st)
	}
	st, _, res := c.post("/login", map[string]string{"csrf": tok, "token": "rahasia-123"}, nil)
	if st != http.StatusOK || res.Request.URL.Path != "/" {
		t.Fatalf("login: status %d at %s", st, res.Request.URL.Path)
	}
	u, _ := url.Parse(ts.URL)
	var session *http.Cookie
	for _, ck := range c.c.Jar.Cookies(u) {
		if ck.Name == cookieSession {
			session = ck
		}
	}
	if session == nil {
		t.Fatal("no session cookie")
	}
	// The jar hides the attributes: read them from a fresh login.
	res2, _ := http.Post(ts.URL+"/login", "application/x-www-form-urlencoded", strings.NewReader("csrf=x&token=rahasia-123"))
	res2.Body.Close()
	if res2.StatusCode != http.StatusForbidden {
		t.Errorf("login without CSRF: status %d, want 403", res2.StatusCode)
	}
	c2 := newClient(t, ts)
	tok2 := c2.csrf("/login")
	var buf bytes.Buffer
	buf.WriteString(url.Values{"csrf": {tok2}, "token": {"rahasia-123"}}.Encode())
	req, _ := http.NewRequest("POST", ts.URL+"/login", &buf)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, ck := range c2.c.Jar.Cookies(u) {
		req.AddCookie(ck)
	}
	raw, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	raw.Body.Close()
	setc := strings.Join(raw.Header.Values("Set-Cookie"), "\n")
	for _, want := range []string{cookieSession + "=", "HttpOnly", "SameSite=Strict"} {
		if !strings.Contains(setc, want) {
			t.Errorf("session cookie %q lacks %s", setc, want)
		}
	}
	if st, body := c.get("/rules"); st != http.StatusOK || !strings.Contains(body, "tariff.ambulance.city") {
		t.Errorf("with a session: status %d", st)
	}
	// A forged session is refused.
	c3 := newClient(t, ts)
	c3.c.Jar.SetCookies(u, []*http.Cookie{{Name: cookieSession, Value: "1.2.3"}})
	if _, body := c3.get("/rules"); !strings.Contains(body, `name="token"`) {
		t.Error("a forged session was let in")
	}
}

func TestUploadLimit(t *testing.T) {
	ts := newTestServer(t, func(o *Options) { o.MaxUpload = 1 << 20; o.MaxFiles = 3 })
	c := newClient(t, ts)
	tok := c.csrf("/desk")
	big := bytes.Repeat([]byte("x"), 3<<20)
	st, body, _ := c.post("/desk/verify", map[string]string{"csrf": tok}, map[string][]byte{"month": big})
	if st != http.StatusRequestEntityTooLarge || !strings.Contains(body, "1 MiB") || !strings.Contains(body, "MaxUpload") {
		t.Errorf("too large: status %d, want 413 naming 1 MiB and MaxUpload", st)
	}
	month, _ := os.ReadFile(sampleMonth)
	tok = c.csrf("/desk")
	st, body, _ = c.post("/desk/verify", map[string]string{"csrf": tok}, map[string][]byte{"month": month})
	if st != http.StatusRequestEntityTooLarge || !strings.Contains(body, "MaxFiles") || !strings.Contains(body, "3") {
		t.Errorf("too many files: status %d, want 413 naming MaxFiles", st)
	}
}

// verifyDirect is the report the CLI gives for the sample month: the
// engine's VerifyMonth, which "kartusehat claim verify" and POST
// /v1/claim/verify run, on the same rulebook and table; it is
// claim.VerifyBatch's too.
func verifyDirect(t testing.TB, data []byte) claim.Report {
	t.Helper()
	eng, err := kartusehat.New(rules.Default(), kartusehat.WithTable(testTable(t)))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := eng.VerifyMonth(context.Background(), bytes.NewReader(data), io.Discard, kartusehat.BatchOptions{Summary: io.Discard}, nil)
	if err != nil {
		t.Fatal(err)
	}
	lib, err := claim.VerifyBatch(context.Background(), bytes.NewReader(data), claim.NewVerifier(rules.Default(), testTable(t)), nil,
		func(int, *claim.Adjudication, error) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	cli, _ := json.Marshal(rep.BeritaAcara)
	direct, _ := json.Marshal(lib.BeritaAcara)
	if !bytes.Equal(cli, direct) {
		t.Fatalf("the CLI's month %s, claim.VerifyBatch's %s", cli, direct)
	}
	return *rep
}

func TestDeskSampleMonth(t *testing.T) {
	ts := newTestServer(t, nil)
	c := newClient(t, ts)
	month, _ := os.ReadFile(sampleMonth)
	want := verifyDirect(t, month)
	tok := c.csrf("/desk")
	_, _, res := c.post("/desk/verify", map[string]string{"csrf": tok}, map[string][]byte{"month": month})
	st, body, path := c.waitJob(res)
	if st != http.StatusOK {
		t.Fatalf("report: status %d: %s", st, body)
	}
	ba := want.BeritaAcara
	for id, v := range map[string]string{
		"files": itoa(ba.Files), "claimed": rupiah("id", ba.Amounts.Claimed), "payable": rupiah("id", ba.Amounts.Payable),
		"reduced": rupiah("id", ba.Amounts.Reduced), "denied": rupiah("id", ba.Amounts.Denied), "payable-now": "<strong>" + rupiah("id", ba.PayableNow),
	} {
		if !strings.Contains(body, `data-testid="`+id+`">`+v) {
			t.Errorf("%s: want %s on the page", id, v)
		}
	}
	for _, r := range ba.ByReason {
		if !strings.Contains(body, `<code class="note">`+r.Code+"</code>") {
			t.Errorf("reason %s missing", r.Code)
		}
	}
	if strings.Contains(body, "3275014508900001") {
		t.Error("a NIK on the page")
	}
	// Downloads.
	for _, p := range []string{"/lines.csv", "/sheet/0.csv", "/workbook.xlsx", "/print"} {
		if st, b := c.get(path + p); st != http.StatusOK || len(b) == 0 {
			t.Errorf("%s: status %d", p, st)
		}
	}
	if _, b := c.get(path + "/print"); !strings.Contains(b, "Verifikator Dinkes") || !strings.Contains(b, "rsud-cam") {
		t.Error("print: no signature lines or hospital")
	}
	if _, b := c.get(path + "/lines.csv"); !strings.Contains(b, "Perwal") && !strings.Contains(b, "Juknis") {
		t.Error("lines.csv: no citation")
	}
}

func itoa(n int) string { return group("id", int64(n)) }

func TestSheetRoundTrip(t *testing.T) {
	month, _ := os.ReadFile(sampleMonth)
	rows, err := FileRows(month)
	if err != nil {
		t.Fatal(err)
	}
	var csvBuf bytes.Buffer
	cw := newCSV(&csvBuf)
	_ = cw.WriteAll(rows)
	back, err := ReadCSV(&csvBuf)
	if err != nil {
		t.Fatal(err)
	}
	a, b := verifyDirect(t, month), verifyDirect(t, back)
	if !a.BeritaAcara.Amounts.Claimed.Equal(b.BeritaAcara.Amounts.Claimed) || !a.BeritaAcara.PayableNow.Equal(b.BeritaAcara.PayableNow) ||
		a.BeritaAcara.Files != b.BeritaAcara.Files || len(a.BeritaAcara.ByReason) != len(b.BeritaAcara.ByReason) {
		t.Errorf("the month read back from its sheet verifies differently:\n%+v\n%+v", a.BeritaAcara, b.BeritaAcara)
	}
	if a.BeritaAcara.Errors != 0 || b.BeritaAcara.Errors != 0 {
		t.Errorf("%d lines of the sheet did not decode", b.BeritaAcara.Errors)
	}
	// Errors name the row and column (as the pointer /rows/{row}/{column}
	// and in both messages), and mask a NIK.
	for _, tc := range []struct {
		csv, want       string
		code            rules.ErrorCode
		pointer, wantID string
	}{
		{"", "empty", rules.CodeMissing, "/rows/1", "baris 1: lembar kosong: baris pertama harus judul kolom"},
		{"claim_id,hospital,amount,bogus\n", "bogus", rules.CodeUnknownField, "/rows/1/bogus", "baris 1, kolom bogus: kolom tidak dikenal (templat mencantumkan kolom-kolomnya)"},
		{"claim_id,hospital,amount,amount\n", "column given twice", rules.CodeUnknownField, "/rows/1/amount", "baris 1, kolom amount: kolom diberikan dua kali"},
		{"claim_id,hospital\n", "amount", rules.CodeMissing, "/rows/1/amount", "baris 1, kolom amount: kolom wajib tidak ada"},
		{"claim_id,hospital,amount\nA,rsud-cam,12x\n", "row 2, column amount", rules.CodeBadValue, "/rows/2/amount", `baris 2, kolom amount: "12x" bukan jumlah dalam rupiah utuh`},
		{"claim_id,hospital,amount,class\nA,rsud-cam,1,x\n", `row 2, column class: "x" is not a whole number`, rules.CodeBadValue, "/rows/2/class", `baris 2, kolom class: "x" bukan bilangan bulat`},
		{"claim_id,hospital,amount\nA,rsud-cam,1\n,rsud-cam,2\n", "row 3, column claim_id: empty", rules.CodeMissing, "/rows/3/claim_id", "baris 3, kolom claim_id: kosong: setiap baris menyebut klaimnya"},
		{"claim_id,hospital,amount,card_activated\nA,rsud-cam,1,3275014508900001\n", "3275**********01", rules.CodeBadValue, "/rows/2/card_activated", `baris 2, kolom card_activated: "3275**********01" bukan ya/tidak (yes/no)`},
		{"a,\"b\n", "not CSV: ", rules.CodeBadValue, "", ""},
	} {
		_, err := ReadCSV(strings.NewReader(tc.csv))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q in it", tc.csv, err, tc.want)
			continue
		}
		var fe *rules.FieldError
		if !errors.As(err, &fe) || !errors.Is(err, ErrSheet) || fe.Code != tc.code || fe.Pointer != tc.pointer ||
			tc.wantID != "" && fe.Message != tc.wantID || !strings.Contains(fe.MessageEN, tc.want) {
			t.Errorf("%q: %#v, want %s at %q, %q", tc.csv, fe, tc.code, tc.pointer, tc.wantID)
		}
	}
	if _, err := ReadXLSX(strings.NewReader("not a zip")); !errors.Is(err, ErrSheet) || !strings.HasPrefix(err.Error(), "not an XLSX workbook: ") {
		t.Errorf("ReadXLSX of a text: %v", err)
	}
}

func TestDeskCSVUpload(t *testing.T) {
	ts := newTestServer(t, nil)
	c := newClient(t, ts)
	month, _ := os.ReadFile(sampleMonth)
	rows, _ := FileRows(month)
	var buf bytes.Buffer
	_ = newCSV(&buf).WriteAll(rows)
	tok := c.csrf("/desk")
	_, _, res := c.post("/desk/verify", map[string]string{"csrf": tok, "format": "csv"}, map[string][]byte{"month": buf.Bytes()})
	_, body, _ := c.waitJob(res)
	want := verifyDirect(t, month).BeritaAcara
	if !strings.Contains(body, `data-testid="claimed">`+rupiah("id", want.Amounts.Claimed)) {
		t.Errorf("CSV upload: claimed differs from the JSON Lines month")
	}
}

func TestTemplates(t *testing.T) {
	var a, b bytes.Buffer
	if err := WriteTemplateCSV(&a); err != nil || !strings.HasPrefix(a.String(), "claim_id,hospital,") {
		t.Errorf("CSV template: %v %q", err, a.String())
	}
	if err := WriteTemplateXLSX(&b); err != nil {
		t.Fatal(err)
	}
	jl, err := ReadXLSX(&b)
	if err != nil {
		t.Fatal(err)
	}
	f, err := claim.UnmarshalFile(bytes.TrimSpace(jl))
	if err != nil {
		t.Fatalf("the template's example row is no claim file: %v", err)
	}
	if f.Hospital != "rsud-cam" || len(f.Lines) != 1 || f.Lines[0].Amount.IntPart() != 2500000 {
		t.Errorf("example row read as %+v", f)
	}
}

func TestLab(t *testing.T) {
	ts := newTestServer(t, nil)
	c := newClient(t, ts)
	tok := c.csrf("/lab")
	_, _, res := c.post("/lab/run", map[string]string{"csrf": tok, "reform1": "discount-type-b-25.yaml", "reform2": "no-puskesmas-referral.yaml",
		"year": "2019", "scale": "5", "seed": "3"}, nil)
	st, body, path := c.waitJob(res)
	if st != http.StatusOK || !strings.Contains(body, `id="lab-table"`) || !strings.Contains(body, "discount-type-b-25.yaml → no-puskesmas-referral.yaml") {
		t.Fatalf("lab: status %d", st)
	}
	if st, svg := c.get(path + "/chart.svg"); st != http.StatusOK || !strings.Contains(svg, "<svg") {
		t.Errorf("chart: status %d", st)
	}
	// The chart speaks the page's language: its months and its x axis's
	// note; the legend lies beneath, with the difference series.
	for _, tc := range []struct{ lang, month, note string }{{"id", ">Agu<", " kunjungan<"}, {"en", ">Aug<", " encounters<"}} {
		_, svg := c.get(path + "/chart.svg?lang=" + tc.lang)
		for _, want := range []string{tc.month, tc.note, "selisih / difference (reform - baseline)", ">Rp 0<"} {
			if !strings.Contains(svg, want) {
				t.Errorf("chart in %s: no %q", tc.lang, want)
			}
		}
	}
	// The difference alone, on its own axis: a reform that changes the
	// cost gets it, with the chart's rupiah ticks.
	if !strings.Contains(body, `id="chart-diff"`) {
		t.Error("no chart of the difference")
	}
	if st, svg := c.get(path + "/difference.svg?lang=id"); st != http.StatusOK || !strings.Contains(svg, ">Agu<") ||
		!strings.Contains(svg, "Selisih biaya Jamkesda per bulan") || !strings.Contains(svg, ">Rp 0<") {
		t.Errorf("difference chart: status %d", st)
	}
	// The page gives the <img> the chart's own size (24 × 14 cm at 96
	// pixels to the inch), so that it keeps its shape.
	if want := `width="907" height="529"`; !strings.Contains(body, want) {
		t.Errorf("the chart's <img> is not %s", want)
	}
	// Without a reform nothing differs: no chart of the difference.
	_, _, res = c.post("/lab/run", map[string]string{"csrf": c.csrf("/lab"), "year": "2019", "scale": "1", "seed": "1"}, nil)
	_, same, spath := c.waitJob(res)
	if strings.Contains(same, `id="chart-diff"`) || !strings.Contains(same, `id="chart"`) {
		t.Error("a run without a reform: want the chart and no chart of the difference")
	}
	if st, _ := c.get(spath + "/difference.svg"); st != http.StatusNotFound {
		t.Errorf("the difference of a run without a reform: status %d, want 404", st)
	}
	tok = c.csrf("/lab")
	if st, body, _ := c.post("/lab/run", map[string]string{"csrf": tok, "year": "2019", "scale": "5000", "seed": "1"}, nil); st != http.StatusBadRequest || !strings.Contains(body, "MaxScale") {
		t.Errorf("scale over the limit: status %d", st)
	}
}

func TestDiffDates(t *testing.T) {
	changes, _ := diffDates(rules.Default(), rules.MustDate(2018, 8, 22), rules.MustDate(2018, 8, 23))
	if len(changes) == 0 {
		t.Fatal("no parameter changed on 2018-08-23")
	}
	for _, c := range changes {
		if c.NewFrom != "2018-08-23" && c.OldFrom == c.NewFrom {
			t.Errorf("%s listed but unchanged", c.Path)
		}
	}
	if same, _ := diffDates(rules.Default(), rules.MustDate(2019, 3, 1), rules.MustDate(2019, 3, 1)); len(same) != 0 {
		t.Errorf("a date against itself: %d changes", len(same))
	}
}
