package workbook

import (
	"fmt"
	"io"
	"testing"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/shopspring/decimal"
)

// BenchmarkFiles10k: the sheet of files of a 10,000-file month.
func BenchmarkFiles10k(b *testing.B) {
	rows := make([]claim.FileRow, 10_000)
	d := rules.MustParseDate("2019-03-04")
	for i := range rows {
		amt := decimal.NewFromInt(int64(1_000_000 + i))
		rows[i] = claim.FileRow{No: i + 1, ID: fmt.Sprintf("RSUD-2019-03-%05d", i+1), Hospital: "rsud-cam", Service: "card_inpatient",
			Admission: d, End: d, Verdict: claim.FilePaid, Amounts: claim.Amounts{Claimed: amt, Payable: amt, Transfer: amt},
			Reason: rules.Reason{Code: "payable", ID: "Berkas layak bayar.", Ref: "Perda 9/2018"}}
	}
	sheets := []claim.Sheet{claim.FilesSheet(rows)}
	b.ReportAllocs()
	for b.Loop() {
		if err := WriteSheets(io.Discard, sheets, Title{Made: made}); err != nil {
			b.Fatal(err)
		}
	}
}
