package claim

import (
	"bytes"
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The CSV dialects: comma (RFC 4180, the keys as headers) and excel-id
// (semicolons, a byte order mark, CRLF, the headers in Bahasa Indonesia).
func TestSheetCSVDialects(t *testing.T) {
	var book RecapBook
	f := File{Membership: "dinsos_letter", Episode: referral.Episode{CareType: referral.Inpatient, Admission: wib("2017-12-04 09:00")}}
	require.NoError(t, book.Add(&f))
	sh := book.Recaps()[0].Sheets()[0]
	sh.Rows = sh.Rows[:2]
	for _, c := range []struct {
		name, want string
	}{
		{"", "No,Jenis Pelayanan,Januari,Februari,Maret,April,Mei,Juni,Juli,Agustus,September,Oktober,November,Desember,Total\n" +
			"1,Rawat Jalan KS,0,0,0,0,0,0,0,0,0,0,0,0,0\n"},
		{"comma", "No,Jenis Pelayanan,Januari,Februari,Maret,April,Mei,Juni,Juli,Agustus,September,Oktober,November,Desember,Total\n" +
			"1,Rawat Jalan KS,0,0,0,0,0,0,0,0,0,0,0,0,0\n"},
		{"excel-id", "\uFEFFNo;Jenis Pelayanan;Januari;Februari;Maret;April;Mei;Juni;Juli;Agustus;September;Oktober;November;Desember;Total\r\n" +
			"1;Rawat Jalan KS;0;0;0;0;0;0;0;0;0;0;0;0;0\r\n"},
	} {
		d, err := ParseCSVDialect(c.name)
		require.NoError(t, err)
		var buf bytes.Buffer
		require.NoError(t, sh.WriteCSVDialect(&buf, d))
		assert.Equal(t, c.want, buf.String(), c.name)
	}
	_, err := ParseCSVDialect("excel")
	assert.ErrorIs(t, err, ErrCSVDialect)
	assert.EqualError(t, err, `claim: the CSV dialect is not comma or excel-id: "excel"`)

	// The Berita Acara: the keys in comma, the Indonesian names in excel-id;
	// a field with the separator is quoted.
	ba := (&Report{}).BeritaAcaraSheet()
	var buf bytes.Buffer
	require.NoError(t, ba.WriteCSV(&buf))
	assert.True(t, strings.HasPrefix(buf.String(), "section,key,uraian,description,files,lines,claimed,payable,reduced,denied,ref\n"), buf.String())
	buf.Reset()
	require.NoError(t, ba.WriteCSVDialect(&buf, CSVExcelID))
	assert.True(t, strings.HasPrefix(buf.String(), "\uFEFFBagian;Kode;Uraian;Uraian (bahasa Inggris);Jumlah berkas;Jumlah baris;Diajukan;Layak bayar;Dikurangi;Ditolak;Dasar hukum\r\n"), buf.String())
	sc := Sheet{Name: "x", Rows: [][]string{{"a"}, {"x;y"}}}
	buf.Reset()
	require.NoError(t, sc.WriteCSVDialect(&buf, CSVExcelID))
	assert.Equal(t, "\uFEFFa\r\n\"x;y\"\r\n", buf.String(), "no columns described: the first row stays the header")
}

// The sheet of claim files: a row per file, its first reason, and a
// TOTAL whose amounts are sums of the rows above.
func TestFilesSheet(t *testing.T) {
	rp := func(s string) decimal.Decimal { return decimal.RequireFromString(s) }
	rows := []FileRow{
		{No: 1, ID: "A", Hospital: "rsud", Service: "card_inpatient", Admission: rules.MustParseDate("2019-03-04"), End: rules.MustParseDate("2019-03-09"),
			Verdict: FilePartlyPaid, Amounts: Amounts{Claimed: rp("9000000"), Payable: rp("8800000"), Reduced: rp("200000"), Denied: rp("0"), DepositNetted: rp("500000"), Transfer: rp("8300000")},
			Reason: rules.Reason{Code: "reduced_to_inacbg", ID: "Dikurangi", Ref: "Perda 9/2018 Ps.17(1)"}},
		{No: 2, ID: "B", Hospital: "rsud", Service: "card_inpatient", Admission: rules.MustParseDate("2019-03-05"), End: rules.MustParseDate("2019-03-06"),
			Verdict: FileRefused, Amounts: Amounts{Claimed: rp("1000000"), Payable: rp("0"), Reduced: rp("0"), Denied: rp("1000000"), DepositNetted: rp("0"), Transfer: rp("0")}},
	}
	s := FilesSheet(rows)
	assert.Equal(t, "Berkas Klaim", s.Name)
	require.Len(t, s.Rows, 4)
	require.Len(t, s.Columns, len(s.Rows[0]))
	assert.Equal(t, []string{"1", "A", "rsud", "card_inpatient", "2019-03-04", "2019-03-09", "partly_paid", "Dibayar sebagian",
		"9000000", "8800000", "200000", "0", "500000", "8300000", "reduced_to_inacbg", "Dikurangi", "Perda 9/2018 Ps.17(1)"}, s.Rows[1])
	assert.Equal(t, "Ditolak", s.Rows[2][7])
	assert.Equal(t, []string{"", "TOTAL", "", "", "", "", "", "", "10000000", "8800000", "200000", "1000000", "500000", "8300000", "", "", ""}, s.Rows[3])
	require.Len(t, s.Sums, 6)
	assert.Equal(t, Sum{Row: 3, Col: 8, From: 1, To: 2}, s.Sums[0])
	assert.Equal(t, Sum{Row: 3, Col: 13, From: 1, To: 2}, s.Sums[5])
	for i, c := range s.Columns {
		assert.Equal(t, c.Key, s.Rows[0][i])
		assert.NotEmpty(t, c.ID)
		assert.NotEmpty(t, c.EN)
	}
	empty := FilesSheet(nil)
	assert.Len(t, empty.Rows, 2, "the header and a TOTAL of zero")
	assert.Empty(t, empty.Sums)
}
