package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

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
