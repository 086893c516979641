package web

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/rules"
)

// benchServer is the pages' handler, with a visitor's cookies.
func benchServer(b *testing.B) (*server, []*http.Cookie) {
	h, err := New(Options{Reforms: os.DirFS("../examples/reforms"), Table: testTable(b)})
	if err != nil {
		b.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	return h.(*server), rec.Result().Cookies()
}

func benchPage(b *testing.B, path string) {
	s, cookies := benchServer(b)
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest("GET", path, nil)
		for _, c := range cookies {
			req.AddCookie(c)
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("%s: %d", path, rec.Code)
		}
	}
}

// The explorer's pages must render in 50 ms or less (issue #20).
func BenchmarkExplorerRules(b *testing.B)      { benchPage(b, "/rules?date=2019-03-01") }
func BenchmarkExplorerParam(b *testing.B)      { benchPage(b, "/rules/param?path=tariff.ambulance.city") }
func BenchmarkExplorerFacilities(b *testing.B) { benchPage(b, "/rules/facilities") }
func BenchmarkExplorerDiff(b *testing.B)       { benchPage(b, "/rules/diff?from=2018-08-22&to=2018-08-23") }
func BenchmarkExplorerSearch(b *testing.B)     { benchPage(b, "/rules/search?q=Ps.16") }

// bigMonth is the sample month repeated to n lines or more.
func bigMonth(b *testing.B, n int) []byte {
	one, err := os.ReadFile(sampleMonth)
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	for lines := 0; lines < n; lines += bytes.Count(one, []byte("\n")) {
		buf.Write(one)
	}
	return buf.Bytes()
}

// BenchmarkDeskVerify is the desk's verification of a month (the sample
// repeated to 10,000 files), with what the page keeps; BenchmarkCLIVerify
// is claim.VerifyBatch alone on the same month, as the CLI runs it.
func BenchmarkDeskVerify(b *testing.B) {
	s, _ := benchServer(b)
	data := bigMonth(b, 10_000)
	b.ReportAllocs()
	for b.Loop() {
		j := &job{finish: make(chan struct{})}
		if _, err := s.verify(context.Background(), &month{data: data}, nil, j); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCLIVerify(b *testing.B) {
	data := bigMonth(b, 10_000)
	t := testTable(b)
	b.ReportAllocs()
	for b.Loop() {
		_, err := claim.VerifyBatch(context.Background(), bytes.NewReader(data), claim.NewVerifier(rules.Default(), t), nil,
			func(int, *claim.Adjudication, error) error { return nil })
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDeskWorkbook is the desk's workbook of a 10,000-file month
// (the download's work once the month is verified).
func BenchmarkDeskWorkbook(b *testing.B) {
	s, _ := benchServer(b)
	res, err := s.verify(context.Background(), &month{data: bigMonth(b, 10_000)}, nil, &job{finish: make(chan struct{})})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		var buf bytes.Buffer
		if err := s.opt.Workbook(&buf, &res.Report, s.workbookOptions(res)); err != nil {
			b.Fatal(err)
		}
	}
}
