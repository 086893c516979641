package workbook_test

import (
	"bytes"
	"fmt"
	"time"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/workbook"
	"github.com/xuri/excelize/v2"
)

// A table of the claim package written as a workbook: the title block,
// the headers in English and in Bahasa Indonesia, the data from row 9,
// the TOTAL a SUM formula.
func ExampleWriteSheets() {
	files := []claim.FileRow{{No: 1, ID: "RSUD-1", Verdict: claim.FilePaid}, {No: 2, ID: "RSUD-2", Verdict: claim.FileRefused}}
	sheet := claim.FilesSheet(files)
	var buf bytes.Buffer
	made := time.Date(2019, 4, 30, 0, 0, 0, 0, time.UTC)
	if err := workbook.WriteSheets(&buf, []claim.Sheet{sheet}, workbook.Title{Hospital: "RSUD", Period: "2019-03", Made: made}); err != nil {
		panic(err)
	}
	x, err := excelize.OpenReader(&buf)
	if err != nil {
		panic(err)
	}
	defer x.Close()
	for _, cell := range []string{"A1", "A2", "A5", "B7", "B8", "B9", "H10", "B11"} {
		v, _ := x.GetCellValue("Berkas Klaim", cell)
		fmt.Printf("%s: %s\n", cell, v)
	}
	f, _ := x.GetCellFormula("Berkas Klaim", "I11")
	fmt.Println("I11:", f)
	// Output:
	// A1: Daftar berkas klaim / Claim files
	// A2: Rumah sakit / Hospital: RSUD
	// A5: Dibuat / Made: 30/04/2019
	// B7: File number
	// B8: Nomor berkas
	// B9: RSUD-1
	// H10: Ditolak
	// B11: TOTAL
	// I11: SUM(I9:I10)
}
