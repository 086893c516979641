package main

import (
	"bufio"
	"bytes"
	"github.com/kartusehat/kartusehat/server"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kartusehat/kartusehat/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// on is the test server as the subtest t calls it: its checks fail t.
func (ts *testServer) on(t *testing.T) *testServer {
	c := *ts
	c.t = t
	return &c
}

// monthWithBadLines is the month of the examples with two bad lines
// after its second file: a claim file of the wrong type and a line that
// is not JSON.
func monthWithBadLines(t *testing.T) string {
	t.Helper()
	lines := strings.SplitAfter(strings.TrimSpace(readFile(t, monthFile)), "\n")
	return lines[0] + lines[1] + `{"id": "broken", "hospital": 3}` + "\n" + "not json\n" + strings.Join(lines[2:], "") + "\n"
}

// workbook is an XLSX workbook's content: its sheets, in order, and the
// cells of each. (excelize writes the parts of a workbook in no fixed
// order, so two writings of one workbook differ in their bytes.)
func workbook(t *testing.T, b []byte) [][][]string {
	t.Helper()
	x, err := excelize.OpenReader(bytes.NewReader(b))
	require.NoError(t, err)
	defer x.Close()
	var out [][][]string
	for _, name := range x.GetSheetList() {
		rows, err := x.GetRows(name)
		require.NoError(t, err)
		out = append(out, append([][]string{{name}}, rows...))
	}
	require.NotEmpty(t, out)
	return out
}

// csvOfDir is the report's tables the CLI writes into a --csv directory,
// read back in the order of the sheets, as writeSheetsCSV puts them one
// after the other.
func csvOfDir(t *testing.T, dir string, names ...string) string {
	t.Helper()
	var b strings.Builder
	for i, n := range names {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString("# " + n + "\n" + readFile(t, filepath.Join(dir, sheetFileName(n)+".csv")))
	}
	return b.String()
}

// TestServeClaimVerify: POST /v1/claim/verify answers the bytes claim
// verify writes for the same month and options, as JSON Lines, as CSV
// and as XLSX; bad lines in the middle are answered on their lines and
// the rest of the month goes on.
func TestServeClaimVerify(t *testing.T) {
	cfg := defaultServeConfig()
	cfg.inacbg = tableFile
	ts := startServer(t, cfg)
	good := readFile(t, monthFile)
	bad := monthWithBadLines(t)
	budget := []string{"--budget-year", "2019", "--budget", "20000000", "--already-paid", "1500000"}
	query := "?budget-year=2019&budget=20000000&already-paid=1500000"

	for _, tt := range []struct {
		name, in string
		valid    bool
		code     int
	}{{"good month", good, true, 0}, {"bad lines in the middle", bad, false, 1}} {
		t.Run(tt.name, func(t *testing.T) {
			ts := ts.on(t)
			dir := t.TempDir()
			xlsx := filepath.Join(dir, "ba.xlsx")
			args := append([]string{"claim", "verify", "--inacbg", tableFile, "-o", "csv=" + dir, "-o", "xlsx=" + xlsx}, budget...)
			code, want, _ := runCmd(t, tt.in, args...)
			require.Equal(t, tt.code, code)

			ex := ts.call("POST", "/v1/claim/verify"+query, mediaNDJSON, tt.in, nil, tt.valid)
			require.Equal(t, 200, ex.status, string(ex.body))
			assert.Equal(t, mediaNDJSON, ex.header.Get("Content-Type"))
			assert.Equal(t, ts.s.engine().Book().Revision(), ex.header.Get(revisionHeader))
			assert.Equal(t, want, string(ex.body), "the CLI's bytes")
			lines := strings.Split(strings.TrimSpace(string(ex.body)), "\n")
			last := lines[len(lines)-1]
			assert.True(t, strings.HasPrefix(last, `{"report":{"berita_acara":`), last)
			assert.Contains(t, last, `"budget":{"year":2019,"budget":"20000000","already_paid":"1500000","remaining":"18500000"`)
			if tt.code != 0 {
				require.Len(t, lines, 9, "8 answers and the report")
				assert.Contains(t, lines[2], `{"line":3,"id":"broken","error":{"code":"bad_value","pointer":"/hospital"`)
				assert.Contains(t, lines[3], `{"line":4,"error":{"code":"bad_json"`)
				assert.Contains(t, lines[4], `{"line":5,"id":`)
				assert.Contains(t, lines[4], `"result":{`)
				assert.Contains(t, last, `"files":6,"errors":2,`)
			}
			failed := "0"
			if tt.code != 0 {
				failed = "2"
			}

			wantCSV := csvOfDir(t, dir, "Berita Acara", "Jadwal", "Rekap SJP 2019", "Rekap Klaim 2019")
			for _, how := range []struct {
				path string
				hdr  map[string]string
			}{
				{"/v1/claim/verify" + query + "&format=csv", nil},
				{"/v1/claim/verify" + query, map[string]string{"Accept": "text/csv"}},
			} {
				ex = ts.call("POST", how.path, mediaNDJSON, tt.in, how.hdr, tt.valid)
				require.Equal(t, 200, ex.status, string(ex.body))
				assert.Equal(t, mediaCSV, ex.header.Get("Content-Type"))
				assert.Equal(t, failed, ex.header.Get(failedLinesHeader))
				assert.Equal(t, wantCSV, string(ex.body), "the CLI's --csv tables")
			}
			assert.Contains(t, wantCSV, "# Berita Acara\nsection,key,")

			wantX, err := os.ReadFile(xlsx)
			require.NoError(t, err)
			for _, how := range []struct {
				path string
				hdr  map[string]string
			}{
				{"/v1/claim/verify" + query + "&format=xlsx", nil},
				{"/v1/claim/verify" + query, map[string]string{"Accept": "text/html, " + mediaXLSX}},
			} {
				ex = ts.call("POST", how.path, mediaNDJSON, tt.in, how.hdr, tt.valid)
				require.Equal(t, 200, ex.status, string(ex.body))
				assert.Equal(t, mediaXLSX, ex.header.Get("Content-Type"))
				assert.Equal(t, failed, ex.header.Get(failedLinesHeader))
				assert.Equal(t, workbook(t, wantX), workbook(t, ex.body), "the CLI's --xlsx workbook")
			}
			x, err := excelize.OpenReader(bytes.NewReader(ex.body))
			require.NoError(t, err)
			defer x.Close()
			v, err := x.GetCellValue("Berita Acara", "G9", excelize.Options{RawCellValue: true})
			require.NoError(t, err)
			assert.Equal(t, "54150000", v, "claimed")
		})
	}

	t.Run("no budget", func(t *testing.T) {
		ts := ts.on(t)
		code, want, _ := runCmd(t, good, "claim", "verify", "--inacbg", tableFile)
		require.Equal(t, 0, code)
		ex := ts.call("POST", "/v1/claim/verify", mediaNDJSON, good, nil, true)
		require.Equal(t, 200, ex.status)
		assert.Equal(t, want, string(ex.body))
		assert.NotContains(t, string(ex.body), `"budget":{`)
	})
}

// TestServeOneAccounting: over HTTP, as on the command line, every line
// of a month is one of the report's files or one of its errors, and the
// report line, the CSV tables and the Kartusehat-Failed-Lines header say
// the same.
func TestServeOneAccounting(t *testing.T) {
	cfg := defaultServeConfig()
	cfg.inacbg = tableFile
	cfg.maxLine = 65536
	ts := startServer(t, cfg)
	in := monthWithUndatedFiles(t)
	dir := t.TempDir()
	code, want, _ := runCmd(t, in, "claim", "verify", "--inacbg", tableFile, "--max-line", "65536", "-o", "csv="+dir)
	require.Equal(t, 1, code)
	ex := ts.call("POST", "/v1/claim/verify", mediaNDJSON, in, nil, false)
	require.Equal(t, 200, ex.status)
	assert.Equal(t, want, string(ex.body), "the CLI's bytes")
	assert.Contains(t, string(ex.body), `"files":6,"errors":4,`)
	ex = ts.call("POST", "/v1/claim/verify?format=csv", mediaNDJSON, in, nil, false)
	require.Equal(t, 200, ex.status)
	assert.Equal(t, "4", ex.header.Get(failedLinesHeader))
	assert.Contains(t, string(ex.body), "total,errors,Baris yang tidak dapat dibaca,Lines that could not be read,4,")
	assert.Equal(t, csvOfDir(t, dir, "Berita Acara", "Jadwal", "Rekap SJP 2019", "Rekap Klaim 2019"), string(ex.body))
}

// TestServeClaimVerifyStreams: a file's result arrives before the client
// has sent the next file; the report comes after the last.
func TestServeClaimVerifyStreams(t *testing.T) {
	cfg := defaultServeConfig()
	cfg.inacbg = tableFile
	ts := startServer(t, cfg)
	files := strings.SplitAfter(strings.TrimSpace(readFile(t, monthFile)), "\n")
	pr, pw := io.Pipe()
	defer pw.Close()
	req, _ := http.NewRequest("POST", ts.base+"/v1/claim/verify", pr)
	req.Header.Set("Content-Type", mediaNDJSON)
	respc := make(chan *http.Response, 1)
	go func() {
		if resp, err := http.DefaultClient.Do(req); err == nil {
			respc <- resp
		}
	}()
	_, err := pw.Write([]byte(files[0]))
	require.NoError(t, err)
	var resp *http.Response
	select {
	case resp = <-respc:
	case <-time.After(10 * time.Second):
		t.Fatal("no response while the month is still open")
	}
	defer resp.Body.Close()
	br := bufio.NewReader(resp.Body)
	got, err := br.ReadString('\n')
	require.NoError(t, err)
	assert.Contains(t, got, `{"line":1,"id":`)
	_, err = pw.Write([]byte(strings.TrimSpace(files[1]) + "\n"))
	require.NoError(t, err)
	got, err = br.ReadString('\n')
	require.NoError(t, err)
	assert.Contains(t, got, `{"line":2,"id":`)
	pw.Close()
	got, err = br.ReadString('\n')
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(got, `{"report":{"berita_acara":`))
	assert.Contains(t, got, `"files":2,`)
	_, err = br.ReadString('\n')
	assert.Equal(t, io.EOF, err)
}

// TestServeClaimRecap: POST /v1/claim/recap answers claim recap's bytes,
// as JSON, CSV and XLSX; a bad line is counted in the header and the
// rest recapped.
func TestServeClaimRecap(t *testing.T) {
	ts := startServer(t, defaultServeConfig())
	for _, tt := range []struct {
		name, in, failed string
		valid            bool
		code             int
	}{{"good month", readFile(t, monthFile), "0", true, 0}, {"bad lines in the middle", monthWithBadLines(t), "2", false, 1}} {
		t.Run(tt.name, func(t *testing.T) {
			ts := ts.on(t)
			xlsx := filepath.Join(t.TempDir(), "recap.xlsx")
			code, wantJSON, _ := runCmd(t, tt.in, "claim", "recap", "-o", "xlsx="+xlsx)
			require.Equal(t, tt.code, code)
			code, wantCSV, _ := runCmd(t, tt.in, "claim", "recap", "-o", "csv")
			require.Equal(t, tt.code, code)
			wantX, err := os.ReadFile(xlsx)
			require.NoError(t, err)
			assert.Contains(t, wantCSV, "2,Rawat Inap KS,0,0,6,0,0,0,0,0,0,0,0,0,6\n", "the bad lines left out, the rest counted")

			for _, c := range []struct {
				path   string
				hdr    map[string]string
				media  string
				want   []byte
				format string
			}{
				{"/v1/claim/recap", nil, mediaJSON, []byte(wantJSON), "json"},
				{"/v1/claim/recap?format=json", nil, mediaJSON, []byte(wantJSON), "json"},
				{"/v1/claim/recap?format=csv", nil, mediaCSV, []byte(wantCSV), "csv"},
				{"/v1/claim/recap", map[string]string{"Accept": "text/csv;q=0.9"}, mediaCSV, []byte(wantCSV), "csv"},
				{"/v1/claim/recap", map[string]string{"Accept": "text/csv;q=0, application/json"}, mediaJSON, []byte(wantJSON), "csv refused"},
				{"/v1/claim/recap?format=xlsx", nil, mediaXLSX, wantX, "xlsx"},
				{"/v1/claim/recap?format=json", map[string]string{"Accept": "text/csv"}, mediaJSON, []byte(wantJSON), "?format wins"},
			} {
				ex := ts.call("POST", c.path, mediaNDJSON, tt.in, c.hdr, tt.valid)
				require.Equal(t, 200, ex.status, string(ex.body))
				assert.Equal(t, c.media, ex.header.Get("Content-Type"), c.format)
				assert.Equal(t, tt.failed, ex.header.Get(failedLinesHeader), c.format)
				if c.format == "xlsx" {
					assert.Equal(t, workbook(t, c.want), workbook(t, ex.body), "the CLI's --xlsx workbook")
				} else {
					assert.Equal(t, string(c.want), string(ex.body), "%s: the CLI's bytes", c.format)
				}
			}
		})
	}
}

// TestServeMonthErrors: a bad query parameter is a 400 in the error shape
// naming it, before any line is read; the other error classes are those
// of every batch.
func TestServeMonthErrors(t *testing.T) {
	cfg := defaultServeConfig()
	cfg.maxBatch = 4 << 10
	ts := startServer(t, cfg)
	month := readFile(t, monthFile)
	tests := []struct {
		name, method, path, ctype, body string
		status                          int
		code, field, msg                string
	}{
		{"unknown parameter", "POST", "/v1/claim/verify?budget_year=2019", mediaNDJSON, month, 400, CodeUnknownField, "budget_year", "the parameters are already-paid, budget, budget-year, csv-dialect, format"},
		{"a year that is not a number", "POST", "/v1/claim/verify?budget-year=2019a&budget=1", mediaNDJSON, month, 400, CodeBadValue, "budget-year", `"2019a"`},
		{"a budget without its year", "POST", "/v1/claim/verify?budget=20000000", mediaNDJSON, month, 400, CodeBadValue, "budget-year", "required with budget: the budget year"},
		{"a year without its budget", "POST", "/v1/claim/verify?budget-year=2019", mediaNDJSON, month, 400, CodeBadValue, "budget", "required with budget-year"},
		{"already paid alone", "POST", "/v1/claim/verify?already-paid=5", mediaNDJSON, month, 400, CodeBadValue, "already-paid", "goes with budget-year and budget"},
		{"a budget that is not an amount", "POST", "/v1/claim/verify?budget-year=2019&budget=20jt", mediaNDJSON, month, 400, CodeBadValue, "budget", `"20jt" is not an amount`},
		{"a budget with a fraction", "POST", "/v1/claim/verify?budget-year=2019&budget=100.7", mediaNDJSON, month, 400, CodeBadValue, "budget", "100.7 has a fraction of a rupiah: a budget is whole rupiah"},
		{"a negative budget", "POST", "/v1/claim/verify?budget-year=2019&budget=-5", mediaNDJSON, month, 400, CodeBadValue, "budget", "-5 is negative"},
		{"a budget in exponent form", "POST", "/v1/claim/verify?budget-year=2019&budget=1e9", mediaNDJSON, month, 400, CodeBadValue, "budget", `"1e9" is not an amount`},
		{"a negative already paid", "POST", "/v1/claim/verify?budget-year=2019&budget=5&already-paid=-1", mediaNDJSON, month, 400, CodeBadValue, "already-paid", "-1 is negative"},
		{"a year out of range", "POST", "/v1/claim/verify?budget-year=99999&budget=5", mediaNDJSON, month, 400, CodeBadValue, "budget-year", "99999 is not a budget year of these rules (2017 to 2200)"},
		{"a bad budget in csv form", "POST", "/v1/claim/verify?format=csv&budget-year=2019&budget=-5", mediaNDJSON, month, 400, CodeBadValue, "budget", "-5 is negative"},
		{"a parameter twice", "POST", "/v1/claim/verify?budget-year=2019&budget-year=2020&budget=1", mediaNDJSON, month, 400, CodeBadValue, "budget-year", "more than once"},
		{"verify in a format it has not", "POST", "/v1/claim/verify?format=json", mediaNDJSON, month, 400, CodeBadValue, "format", "one of ndjson, csv, xlsx"},
		{"recap in a format it has not", "POST", "/v1/claim/recap?format=pdf", mediaNDJSON, month, 400, CodeBadValue, "format", "one of json, csv, xlsx"},
		{"recap has no budget", "POST", "/v1/claim/recap?budget=1", mediaNDJSON, month, 400, CodeUnknownField, "budget", "the parameters are csv-dialect, format"},
		{"JSON to verify", "POST", "/v1/claim/verify", mediaJSON, month, 415, CodeMediaType, "", ""},
		{"JSON to recap", "POST", "/v1/claim/recap", mediaJSON, month, 415, CodeMediaType, "", ""},
		{"GET on verify", "GET", "/v1/claim/verify", "", "", 405, CodeMethod, "", ""},
		{"verify too large", "POST", "/v1/claim/verify", mediaNDJSON, strings.Repeat(month, 2), 413, CodeTooLarge, "", ""},
		{"recap too large", "POST", "/v1/claim/recap", mediaNDJSON, strings.Repeat(month, 2), 413, CodeTooLarge, "", ""},
		{"no verify batch", "POST", "/v1/claim/verify/batch", mediaNDJSON, month, 404, CodeNotFound, "", ""},
	}
	require.Greater(t, len(month)*2, 4<<10)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := ts.on(t)
			ex := ts.call(tt.method, tt.path, tt.ctype, tt.body, nil, false)
			require.Equal(t, tt.status, ex.status, string(ex.body))
			e := ex.errorJSON(t)
			assert.Equal(t, tt.code, e.Code, e.Message)
			assert.Equal(t, tt.field, e.Field)
			assert.Contains(t, e.Message, tt.msg)
			assert.Equal(t, tt.status, server.StatusOf(rules.ErrorCode(e.Code)))
		})
	}
	// The CLI refuses the same options with the same words, before it
	// reads a line: no result line, exit 2.
	for _, tt := range []struct {
		args []string
		msg  string
	}{
		{[]string{"--budget", "20000000"}, "--budget-year: required with budget: the budget year"},
		{[]string{"--budget-year", "2019", "--budget", "100.7"}, "--budget: 100.7 has a fraction of a rupiah: a budget is whole rupiah"},
		{[]string{"--budget-year", "2019", "--budget", "-5"}, "--budget: -5 is negative"},
		{[]string{"--budget-year", "99999", "--budget", "5"}, "--budget-year: 99999 is not a budget year of these rules (2017 to 2200)"},
		{[]string{"--budget-year", "2019", "--budget", "5", "--already-paid", "0.5"}, "--already-paid: 0.5 has a fraction of a rupiah"},
	} {
		code, out, errOut := runCmd(t, month, append([]string{"claim", "verify"}, tt.args...)...)
		assert.Equal(t, 2, code, tt.args)
		assert.Empty(t, out, "no work before the options are checked: %v", tt.args)
		assert.Contains(t, errOut, tt.msg)
	}
}

// TestServeMonthDeadlines: the read and write timeouts bound the time
// between two lines of a month whose answer comes after the last line,
// not the whole month.
func TestServeMonthDeadlines(t *testing.T) {
	cfg := defaultServeConfig()
	cfg.readTimeout, cfg.writeTimeout = time.Second, time.Second
	ts := startServer(t, cfg)
	files := strings.SplitAfter(strings.TrimSpace(readFile(t, monthFile)), "\n")
	pr, pw := io.Pipe()
	go func() {
		for _, f := range files {
			if _, err := pw.Write([]byte(strings.TrimSpace(f) + "\n")); err != nil {
				return
			}
			time.Sleep(cfg.readTimeout / 4)
		}
		pw.Close()
	}()
	start := time.Now()
	req, _ := http.NewRequest("POST", ts.base+"/v1/claim/recap?format=csv", pr)
	req.Header.Set("Content-Type", mediaNDJSON)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Greater(t, time.Since(start), cfg.readTimeout, "the month took longer than one timeout")
	assert.Equal(t, 200, resp.StatusCode, string(got))
	assert.Contains(t, string(got), "2,Rawat Inap KS,0,0,6,0,0,0,0,0,0,0,0,0,6\n")
}
