package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

const (
	monthFile = "../../examples/testdata/month-rsud-2019-03.jsonl"
	stayFile  = "../../examples/testdata/claim-stay.json"
	tableFile = "../../examples/testdata/inacbg-synthetic.csv"
)

func TestClaimAdjudicate(t *testing.T) {
	code, out, errOut := runCmd(t, "", "claim", "adjudicate", "--input", stayFile, "--inacbg", tableFile)
	require.Equal(t, 0, code, errOut)
	var a struct {
		Verdict string `json:"verdict"`
		Amounts struct{ Claimed, Payable, Reduced string }
		Lines   []struct{ Verdict, Payable string }
	}
	require.NoError(t, json.Unmarshal([]byte(out), &a))
	assert.Equal(t, "partly_paid", a.Verdict)
	assert.Equal(t, "9000000", a.Amounts.Claimed)
	assert.Equal(t, "8800000", a.Amounts.Payable)
	assert.Equal(t, "200000", a.Amounts.Reduced)
	require.Len(t, a.Lines, 4)
	assert.Equal(t, "2444444", a.Lines[0].Payable)

	// One error shape, the field a JSON Pointer.
	code, out, _ = runCmd(t, `{"hospital": "rsud-cam", "membership": "card", "episode": {"care_type": "inpatient", "admission": "2019-03-04T10:00:00+07:00"}, "lines": [{"date": "2019-03-01", "amount": "1"}]}`, "claim", "adjudicate")
	assert.Equal(t, 1, code)
	assert.JSONEq(t, `{"error": {"code": "inconsistent", "pointer": "/lines/0/date", "message": "2019-03-01 sebelum masuk pada 2019-03-04", "message_en": "2019-03-01 is before the admission on 2019-03-04"}}`, out)

	// The old form of the document check still works, and as "claim check".
	in := `{"service_end": "2019-03-20", "membership": "card", "documents": []}`
	for _, args := range [][]string{{"claim"}, {"claim", "check"}} {
		code, out, _ = runCmd(t, in, args...)
		assert.Equal(t, 0, code)
		assert.Contains(t, out, `"submission_due": "2019-04-14"`)
	}
}

// A batch with bad lines in the middle loses nothing else: every line is
// answered, in order, and the report counts every file.
func TestClaimVerifyBadLines(t *testing.T) {
	month, err := os.ReadFile(monthFile)
	require.NoError(t, err)
	lines := strings.SplitAfter(strings.TrimSpace(string(month)), "\n")
	in := lines[0] + lines[1] + `{"id": "broken", "hospital": 3}` + "\n" + "not json\n" + strings.Join(lines[2:], "") + "\n"
	dir := t.TempDir()
	code, out, errOut := runCmd(t, in, "claim", "verify", "--inacbg", tableFile, "-o", "csv="+dir, "-o", "xlsx="+filepath.Join(dir, "ba.xlsx"))
	assert.Equal(t, 1, code, "a line failed")
	assert.Equal(t, "kartusehat claim verify: 8 lines, 6 done, 2 with errors\n", errOut)
	outLines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, outLines, 9, "8 answers and the report")
	for i, l := range outLines[:8] {
		var item struct {
			Line   int             `json:"line"`
			ID     json.RawMessage `json:"id"`
			Result json.RawMessage `json:"result"`
			Error  *wireErr        `json:"error"`
		}
		require.NoError(t, json.Unmarshal([]byte(l), &item))
		assert.Equal(t, i+1, item.Line)
		assert.True(t, (item.Error == nil) != (item.Result == nil), "line %d", i+1)
		if i == 2 {
			assert.Equal(t, `"broken"`, string(item.ID))
			assert.Equal(t, "/hospital", item.Error.Field)
		}
		if i == 3 {
			assert.Equal(t, CodeBadJSON, item.Error.Code)
		}
	}
	var rep struct {
		Report struct {
			BeritaAcara struct {
				Files, Errors int
				Amounts       struct{ Claimed, Payable string }
				Duplicates    struct{ Stays int }
			} `json:"berita_acara"`
		} `json:"report"`
	}
	require.NoError(t, json.Unmarshal([]byte(outLines[8]), &rep))
	ba := rep.Report.BeritaAcara
	assert.Equal(t, 6, ba.Files)
	assert.Equal(t, 2, ba.Errors)
	assert.Equal(t, "54150000", ba.Amounts.Claimed)
	assert.Equal(t, "28400000", ba.Amounts.Payable)
	assert.Equal(t, 1, ba.Duplicates.Stays)

	csv, err := os.ReadFile(filepath.Join(dir, "berita-acara.csv"))
	require.NoError(t, err)
	assert.Contains(t, string(csv), "total,files,Jumlah berkas,Files verified,6,,54150000,28400000,600000,25150000,")
	x, err := excelize.OpenFile(filepath.Join(dir, "ba.xlsx"))
	require.NoError(t, err)
	defer x.Close()
	assert.Equal(t, []string{"Berita Acara", "Berkas Klaim", "Jadwal", "Rekap SJP 2019", "Rekap Klaim 2019"}, x.GetSheetList())
	// Under the title block (rows 1-5) and the two header rows (7-8).
	v, err := x.GetCellValue("Berita Acara", "G9", excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	assert.Equal(t, "54150000", v)
	v, err = x.GetCellValue("Berita Acara", "G9")
	require.NoError(t, err)
	assert.Equal(t, "Rp 54,150,000", v, "in the Rupiah format")
	v, err = x.GetCellValue("Rekap SJP 2019", "O10")
	require.NoError(t, err)
	assert.Equal(t, "6", v, "card inpatient, total")
	rows, err := x.GetRows("Berkas Klaim")
	require.NoError(t, err)
	assert.Len(t, rows, 8+6+1, "the 6 files read, not the 2 lines that failed, and the TOTAL")
}

func TestClaimRecap(t *testing.T) {
	code, out, errOut := runCmd(t, "", "claim", "recap", "-o", "csv", "--input", monthFile)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "# Rekap SJP 2019\nNo,Jenis Pelayanan,Januari,")
	assert.Contains(t, out, "2,Rawat Inap KS,0,0,6,0,0,0,0,0,0,0,0,0,6\n")
	code, out, _ = runCmd(t, "", "claim", "recap", "--input", monthFile)
	require.Equal(t, 0, code)
	var r struct {
		Recaps []struct {
			Year int
			SJP  struct{ Total struct{ Total int } }
		}
	}
	require.NoError(t, json.NewDecoder(bytes.NewReader([]byte(out))).Decode(&r))
	require.Len(t, r.Recaps, 1)
	assert.Equal(t, 6, r.Recaps[0].SJP.Total.Total)
	code, _, _ = runCmd(t, "", "claim", "recap", "-o", "pdf")
	assert.Equal(t, 2, code)
}

// monthWithUndatedFiles is the month of the examples with, after its
// second file, a file with no admission, one admitted in a year beyond
// the rules, a line that is not JSON and a line over --max-line 65536.
func monthWithUndatedFiles(t *testing.T) string {
	t.Helper()
	lines := strings.SplitAfter(strings.TrimSpace(readFile(t, monthFile)), "\n")
	admission := regexp.MustCompile(`"admission":"2019-[^"]*",`)
	noAdmission := admission.ReplaceAllString(strings.TrimSpace(lines[2]), "")
	require.NotEqual(t, strings.TrimSpace(lines[2]), noAdmission, "the third file's admission is removed")
	farAdmission := admission.ReplaceAllString(strings.TrimSpace(lines[3]), `"admission":"0000-06-01T10:00:00+07:00",`)
	require.NotEqual(t, strings.TrimSpace(lines[3]), farAdmission)
	noAdmission = strings.Replace(noAdmission, `"id":"RSUD-2019-03-0003"`, `"id":"none"`, 1)
	farAdmission = strings.Replace(farAdmission, `"id":"RSUD-2019-03-0004"`, `"id":"far"`, 1)
	long := `{"id": "long", "x": "` + strings.Repeat("a", 70000) + `"}`
	return lines[0] + lines[1] + noAdmission + "\n" + farAdmission + "\n" + "not json\n" + long + "\n" + strings.Join(lines[2:], "") + "\n"
}

// TestClaimVerifyOneAccounting: every line of a month is one of the
// report's files or one of its errors, whatever refused it (the JSON, the
// size of the line, a missing or out-of-range admission, the
// adjudication), and every surface gives the same figures: the summary
// on standard error, the report line, the CSV and the XLSX tables.
func TestClaimVerifyOneAccounting(t *testing.T) {
	in := monthWithUndatedFiles(t)
	dir := t.TempDir()
	code, out, errOut := runCmd(t, in, "claim", "verify", "--inacbg", tableFile, "--max-line", "65536", "-o", "csv="+dir, "-o", "xlsx="+filepath.Join(dir, "ba.xlsx"))
	assert.Equal(t, 1, code)
	assert.Equal(t, "kartusehat claim verify: 10 lines, 6 done, 4 with errors\n", errOut)
	outLines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, outLines, 11, "10 answers and the report")
	var rep struct {
		Report struct {
			BeritaAcara struct{ Files, Errors int } `json:"berita_acara"`
		} `json:"report"`
	}
	require.NoError(t, json.Unmarshal([]byte(outLines[10]), &rep))
	assert.Equal(t, 6, rep.Report.BeritaAcara.Files)
	assert.Equal(t, 4, rep.Report.BeritaAcara.Errors)
	csv, err := os.ReadFile(filepath.Join(dir, "berita-acara.csv"))
	require.NoError(t, err)
	assert.Contains(t, string(csv), "total,errors,Baris yang tidak dapat dibaca,Lines that could not be read,4,")
	x, err := excelize.OpenFile(filepath.Join(dir, "ba.xlsx"))
	require.NoError(t, err)
	defer x.Close()
	rows, err := x.GetRows("Berita Acara")
	require.NoError(t, err)
	found := false
	for _, r := range rows {
		if len(r) > 4 && r[1] == "errors" {
			found = true
			assert.Equal(t, "4", r[4])
		}
	}
	assert.True(t, found, "the XLSX has the errors row")
}
