package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat/simulate"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// --csv-dialect excel-id: claim recap -o csv and claim verify -o csv=DIR
// write semicolons, a UTF-8 byte order mark (once, at the start), CRLF and
// the headers in Bahasa Indonesia; the server's ?csv-dialect=excel-id
// answers the same bytes. The default stays comma.
func TestCSVDialectExcelID(t *testing.T) {
	month := readFile(t, monthFile)
	code, out, errOut := runCmd(t, month, "claim", "recap", "-o", "csv", "--csv-dialect", "excel-id")
	require.Equal(t, 0, code, errOut)
	assert.True(t, strings.HasPrefix(out, "\uFEFF# Rekap SJP 2019\r\nNo;Jenis Pelayanan;Januari;"), out[:60])
	assert.Equal(t, 1, strings.Count(out, "\uFEFF"), "one byte order mark")
	assert.Contains(t, out, "\r\n2;Rawat Inap KS;0;0;6;0;0;0;0;0;0;0;0;0;6\r\n")
	assert.Contains(t, out, "\r\n\r\n# Rekap Klaim 2019\r\n")
	assert.NotContains(t, strings.ReplaceAll(out, "\r\n", ""), "\n", "every line ends in CRLF")

	code, comma, _ := runCmd(t, month, "claim", "recap", "-o", "csv", "--csv-dialect", "comma")
	require.Equal(t, 0, code)
	code, def, _ := runCmd(t, month, "claim", "recap", "-o", "csv")
	require.Equal(t, 0, code)
	assert.Equal(t, def, comma)
	assert.True(t, strings.HasPrefix(def, "# Rekap SJP 2019\nNo,Jenis Pelayanan,Januari,"))

	code, _, errOut = runCmd(t, month, "claim", "recap", "-o", "csv", "--csv-dialect", "excel")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "one of comma, excel-id")

	dir := t.TempDir()
	code, _, errOut = runCmd(t, month, "claim", "verify", "--inacbg", tableFile, "-o", "csv="+dir, "--csv-dialect", "excel-id")
	require.Equal(t, 0, code, errOut)
	ba, err := os.ReadFile(filepath.Join(dir, "berita-acara.csv"))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(ba), "\uFEFFBagian;Kode;Uraian;Uraian (bahasa Inggris);Jumlah berkas;Jumlah baris;Diajukan;Layak bayar;Dikurangi;Ditolak;Dasar hukum\r\n"))
	assert.Contains(t, string(ba), "\r\ntotal;files;Jumlah berkas;Files verified;6;;54150000;28400000;600000;25150000;")

	cfg := defaultServeConfig()
	cfg.inacbg = tableFile
	ts := startServer(t, cfg)
	ex := ts.call("POST", "/v1/claim/recap?format=csv&csv-dialect=excel-id", mediaNDJSON, month, nil, true)
	require.Equal(t, 200, ex.status, string(ex.body))
	assert.Equal(t, out, string(ex.body), "the CLI's bytes")
	ex = ts.call("POST", "/v1/claim/verify?format=csv&csv-dialect=excel-id", mediaNDJSON, month, nil, true)
	require.Equal(t, 200, ex.status, string(ex.body))
	assert.True(t, strings.HasPrefix(string(ex.body), "\uFEFF# Berita Acara\r\n"+strings.TrimPrefix(string(ba), "\uFEFF")), string(ex.body[:80]))
	ex = ts.call("POST", "/v1/claim/verify?format=csv&csv-dialect=tab", mediaNDJSON, month, nil, false)
	require.Equal(t, 400, ex.status)
	e := ex.errorJSON(t)
	assert.Equal(t, CodeBadValue, e.Code)
	assert.Equal(t, "csv-dialect", e.Field)
	assert.Equal(t, `"tab": one of comma, excel-id`, e.Message)
}

// simulate -o csv: the table as CSV, its total row the JSON's totals, its
// difference and % change computed from them; -o csv=FILE the same bytes.
func TestSimulateCSV(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "table.csv")
	code, out, errs := runCmd(t, "", simulateArgs(t, "-o", "csv", "--chart", "none", "-o", "csv="+file)...)
	require.Equal(t, 0, code, errs)
	assert.Equal(t, readFile(t, file), out)
	code, js, errs := runCmd(t, "", simulateArgs(t, "-o", "json", "--chart", "none")...)
	require.Equal(t, 0, code, errs)
	var c struct {
		Baseline, Reform struct {
			Total struct {
				Paid, Cost  int64
				PatientCost int64 `json:"patient_cost"`
			}
		}
	}
	require.NoError(t, json.Unmarshal([]byte(js), &c))
	lines := strings.Split(out, "\n")
	assert.Equal(t, "section,key,baseline_paid,reform_paid,baseline_cost,reform_cost,difference_cost,change_cost_pct,"+
		"baseline_patient_cost,reform_patient_cost,difference_patient_cost,change_patient_cost_pct", lines[0])
	require.Greater(t, len(lines), 14)
	total := strings.Split(lines[13], ",")
	b, r := c.Baseline.Total, c.Reform.Total
	require.Positive(t, b.Cost)
	i := func(n int64) string { return strconv.FormatInt(n, 10) }
	pct := func(x, y int64) string {
		return simulate.ChangeOf(x, y).String()
	}
	assert.Equal(t, []string{"total", "total", i(b.Paid), i(r.Paid), i(b.Cost), i(r.Cost), i(r.Cost - b.Cost)}, total[:7])
	assert.Equal(t, strings.TrimPrefix(strings.TrimSuffix(pct(b.Cost, r.Cost), "%"), "+"), total[7])
	assert.Equal(t, []string{i(b.PatientCost), i(r.PatientCost), i(r.PatientCost - b.PatientCost)}, total[8:11])

	code, text, _ := runCmd(t, "", simulateArgs(t, "--chart", "none")...)
	require.Equal(t, 0, code)
	assert.Contains(t, text, "Jamkesda difference  % change  patient baseline  patient reform  patient difference  % change")
	assert.Regexp(t, `\n\s+total\s+[\d,]+\s+[\d,]+\s+`+regexp.QuoteMeta(group(b.Cost))+`\s+`+regexp.QuoteMeta(group(r.Cost))+`\s+[-+][\d,]+\s+`+regexp.QuoteMeta(pct(b.Cost, r.Cost))+`\s+`+regexp.QuoteMeta(group(b.PatientCost)), text)
}

// group writes n with commas between thousands, as the text table does.
func group(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
