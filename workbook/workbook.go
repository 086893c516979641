// Package workbook writes a month's verification, or a recap, as an
// XLSX workbook Dinkes staff can read as it opens: headers in Bahasa
// Indonesia with the English in a row above them, amounts in a Rupiah
// number format, dates as date cells, counts as whole numbers, the header
// frozen, the columns fitted, an autofilter on each table, totals as SUM
// formulas, a title block on each sheet (the hospital, the period, the
// rulebook's revision, the day it was made) and a sheet of every claim
// file with its verdict and amounts.
//
// It is built on claim.Sheet, the tables the CSV outputs are made of, so
// the workbook and the CSVs hold the same figures. It uses excelize
// (github.com/xuri/excelize/v2), the maintained pure-Go library for the
// Office Open XML formats, through its streaming writer.
//
// The package is pure: no clock is read (the day the workbook is made is
// an option), nothing is kept between calls, and it is safe for
// concurrent use.
package workbook

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/xuri/excelize/v2"
)

// The number formats of the cells, as Excel stores them. Excel shows the
// separators of the reader's locale: set to Indonesian, 54150000 in
// RupiahFormat reads "Rp 54.150.000".
const (
	RupiahFormat = `"Rp "#,##0`
	CountFormat  = `#,##0`
	DateFormat   = `dd/mm/yyyy`
)

// Title is what the title block of each sheet says.
type Title struct {
	// Hospital names the hospital (or hospitals) of the month; empty, the
	// report's hospitals.
	Hospital string
	// Period is the period the figures cover; empty, the report's service
	// months (or the recap's years).
	Period string
	// Rulebook and Revision name the rulebook the figures were made on and
	// its revision (rules.Rulebook's Name and Revision).
	Rulebook string
	Revision string
	// Made is the day the workbook was made. Required: the package reads
	// no clock.
	Made time.Time
}

// Options are the options of Write.
type Options struct {
	Title Title
	// Files are the month's claim files, for the sheet of files (after the
	// Berita Acara); nil, no such sheet.
	Files []claim.FileRow
}

// ErrNoDate is the error of a workbook asked for without the day it is
// made.
var ErrNoDate = errors.New("workbook: Title.Made is required (the day the workbook is made)")

// Write writes the month's report as a workbook: the Berita Acara, the
// claim files (when opts.Files is not nil), the schedule, each year's
// recaps.
func Write(w io.Writer, rep *claim.Report, opts Options) error {
	if rep == nil {
		return errors.New("workbook: no report")
	}
	t := opts.Title
	if t.Hospital == "" {
		t.Hospital = strings.Join(rep.BeritaAcara.Hospitals, ", ")
	}
	if t.Period == "" {
		t.Period = strings.Join(rep.BeritaAcara.ServiceMonths, ", ")
	}
	sheets := []claim.Sheet{rep.BeritaAcaraSheet()}
	if opts.Files != nil {
		sheets = append(sheets, claim.FilesSheet(opts.Files))
	}
	sheets = append(sheets, rep.ScheduleSheet())
	for _, rc := range rep.Recaps {
		sheets = append(sheets, rc.Sheets()...)
	}
	return WriteSheets(w, sheets, t)
}

// WriteRecaps writes the recaps as a workbook, each year's SJP and claims
// a sheet.
func WriteRecaps(w io.Writer, recaps []claim.Recap, t Title) error {
	var sheets []claim.Sheet
	var years []string
	for _, rc := range recaps {
		sheets = append(sheets, rc.Sheets()...)
		years = append(years, strconv.Itoa(rc.Year))
	}
	if t.Period == "" {
		t.Period = strings.Join(years, ", ")
	}
	return WriteSheets(w, sheets, t)
}

// sheetTitles are the titles of the sheets the claim package makes, by
// the start of their names.
var sheetTitles = []struct{ prefix, title string }{
	{"Berita Acara", "Berita Acara Hasil Verifikasi / Verification report"},
	{"Berkas Klaim", "Daftar berkas klaim / Claim files"},
	{"Jadwal", "Jadwal pengajuan, verifikasi dan pembayaran / Schedule"},
	{"Rekap SJP", "Rekapitulasi SJP / SJP recap"},
	{"Rekap Klaim", "Rekapitulasi klaim / Claims recap"},
}

// The rows of a sheet: the title block, a blank row, the English header,
// the Indonesian header (the autofilter's), then the table.
const (
	titleRows = 5
	enRow     = titleRows + 2 // 1-based
	idRow     = enRow + 1
	firstData = idRow + 1
)

// WriteSheets writes the tables as a workbook, a worksheet each, with the
// title block t. A table whose columns are described gets their formats
// and headers; one without is written as text under its first row.
func WriteSheets(w io.Writer, sheets []claim.Sheet, t Title) error {
	if t.Made.IsZero() {
		return ErrNoDate
	}
	if len(sheets) == 0 {
		return errors.New("workbook: no sheet")
	}
	x := excelize.NewFile()
	defer x.Close()
	st, err := newStyles(x)
	if err != nil {
		return err
	}
	used := map[string]bool{}
	for i, s := range sheets {
		name := uniqueName(sheetName(s.Name), used)
		if i == 0 {
			err = x.SetSheetName("Sheet1", name)
		} else {
			_, err = x.NewSheet(name)
		}
		if err != nil {
			return err
		}
		if err := writeSheet(x, name, s, t, st); err != nil {
			return fmt.Errorf("workbook: sheet %s: %w", name, err)
		}
	}
	_, err = x.WriteTo(w)
	return err
}

// styles are the workbook's cell styles.
type styles struct {
	title, label, headID, headEN int
	text, money, count, date     int
	totalMoney, totalCount       int
	totalText                    int
}

func newStyles(x *excelize.File) (styles, error) {
	var s styles
	border := []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}}
	fill := excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE7F3"}}
	money, count, date := RupiahFormat, CountFormat, DateFormat
	for _, d := range []struct {
		id *int
		s  excelize.Style
	}{
		{&s.title, excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}}},
		{&s.label, excelize.Style{Font: &excelize.Font{Size: 10}}},
		{&s.headEN, excelize.Style{Font: &excelize.Font{Italic: true, Size: 9, Color: "595959"}, Fill: fill, Alignment: &excelize.Alignment{WrapText: true, Vertical: "bottom"}}},
		{&s.headID, excelize.Style{Font: &excelize.Font{Bold: true}, Fill: fill, Border: border, Alignment: &excelize.Alignment{WrapText: true, Vertical: "bottom"}}},
		{&s.text, excelize.Style{}},
		{&s.money, excelize.Style{CustomNumFmt: &money}},
		{&s.count, excelize.Style{CustomNumFmt: &count}},
		{&s.date, excelize.Style{CustomNumFmt: &date}},
		{&s.totalMoney, excelize.Style{CustomNumFmt: &money, Font: &excelize.Font{Bold: true}}},
		{&s.totalCount, excelize.Style{CustomNumFmt: &count, Font: &excelize.Font{Bold: true}}},
		{&s.totalText, excelize.Style{Font: &excelize.Font{Bold: true}}},
	} {
		id, err := x.NewStyle(&d.s)
		if err != nil {
			return s, err
		}
		*d.id = id
	}
	return s, nil
}

// columns are the sheet's columns: as described, or text under the first
// row's names.
func columns(s claim.Sheet) []claim.Column {
	if len(s.Rows) > 0 && len(s.Columns) == len(s.Rows[0]) {
		return s.Columns
	}
	var head []string
	if len(s.Rows) > 0 {
		head = s.Rows[0]
	}
	cols := make([]claim.Column, len(head))
	for i, h := range head {
		cols[i] = claim.Column{Key: h, ID: h, EN: h}
	}
	return cols
}

func writeSheet(x *excelize.File, name string, s claim.Sheet, t Title, st styles) error {
	cols := columns(s)
	if len(cols) == 0 {
		return nil
	}
	data := s.Rows[1:]
	// A total that closes the table stays out of the autofilter, so that
	// sorting and filtering move the rows, not the total.
	lastFiltered := len(data)
	if n := len(s.Rows) - 1; n > 0 {
		for _, sum := range s.Sums {
			if sum.Row == n && !sum.Across {
				lastFiltered = n - 1
				break
			}
		}
	}
	lastCol, err := excelize.ColumnNumberToName(len(cols))
	if err != nil {
		return err
	}
	if err := x.AutoFilter(name, fmt.Sprintf("A%d:%s%d", idRow, lastCol, idRow+max(lastFiltered, 1)), nil); err != nil {
		return err
	}
	sw, err := x.NewStreamWriter(name)
	if err != nil {
		return err
	}
	for i, w := range widths(cols, data) {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: idRow, TopLeftCell: fmt.Sprintf("A%d", firstData), ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	title := s.Name
	for _, h := range sheetTitles {
		if strings.HasPrefix(s.Name, h.prefix) {
			title = h.title + s.Name[len(h.prefix):]
			break
		}
	}
	rev := t.Revision
	if t.Rulebook != "" {
		rev = t.Rulebook + ", revisi / revision " + t.Revision
	}
	block := [titleRows][]any{
		{excelize.Cell{StyleID: st.title, Value: title}},
		{excelize.Cell{StyleID: st.label, Value: "Rumah sakit / Hospital: " + orDash(t.Hospital)}},
		{excelize.Cell{StyleID: st.label, Value: "Periode / Period: " + orDash(t.Period)}},
		{excelize.Cell{StyleID: st.label, Value: "Aturan / Rulebook: " + orDash(rev)}},
		{excelize.Cell{StyleID: st.label, Value: "Dibuat / Made: " + t.Made.Format("02/01/2006")}},
	}
	for r, row := range block {
		if err := sw.SetRow(fmt.Sprintf("A%d", r+1), row); err != nil {
			return err
		}
	}
	en, id := make([]any, len(cols)), make([]any, len(cols))
	for c, col := range cols {
		en[c] = excelize.Cell{StyleID: st.headEN, Value: col.EN}
		id[c] = excelize.Cell{StyleID: st.headID, Value: col.ID}
	}
	if err := sw.SetRow(fmt.Sprintf("A%d", enRow), en); err != nil {
		return err
	}
	if err := sw.SetRow(fmt.Sprintf("A%d", idRow), id); err != nil {
		return err
	}
	formulas := map[[2]int]string{}
	for _, sum := range s.Sums {
		f, err := formula(sum)
		if err != nil {
			return err
		}
		formulas[[2]int{sum.Row, sum.Col}] = f
	}
	totalRows := map[int]bool{}
	for _, sum := range s.Sums {
		if !sum.Across {
			totalRows[sum.Row] = true
		}
	}
	cells := make([]any, len(cols))
	for r, row := range data {
		bold := totalRows[r+1]
		for c := range cols {
			v := ""
			if c < len(row) {
				v = row[c]
			}
			cell, err := cellOf(cols[c].Kind, v, bold, st)
			if err != nil {
				return fmt.Errorf("row %d, column %s: %w", r+1, cols[c].Key, err)
			}
			if f, ok := formulas[[2]int{r + 1, c}]; ok {
				cell.Formula = f
			}
			cells[c] = cell
		}
		if err := sw.SetRow(fmt.Sprintf("A%d", firstData+r), cells); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// cellOf is the cell of the value v in a column of kind k: a number for
// money and counts, a date for dates, text otherwise; an empty value is
// an empty cell.
func cellOf(k claim.Kind, v string, bold bool, st styles) (excelize.Cell, error) {
	text := st.text
	if bold {
		text = st.totalText
	}
	if v == "" {
		return excelize.Cell{StyleID: text}, nil
	}
	switch k {
	case claim.Money, claim.Count:
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return excelize.Cell{}, fmt.Errorf("%q is not a whole number", v)
		}
		style := st.money
		switch {
		case k == claim.Count && bold:
			style = st.totalCount
		case k == claim.Count:
			style = st.count
		case bold:
			style = st.totalMoney
		}
		return excelize.Cell{StyleID: style, Value: n}, nil
	case claim.Date:
		d, err := time.Parse(time.DateOnly, v)
		if err != nil {
			return excelize.Cell{}, fmt.Errorf("%q is not a date (YYYY-MM-DD)", v)
		}
		return excelize.Cell{StyleID: st.date, Value: d}, nil
	}
	return excelize.Cell{StyleID: text, Value: v}, nil
}

// formula is the SUM formula of the sum, in the workbook's rows.
func formula(s claim.Sum) (string, error) {
	if s.From > s.To || s.From < 0 {
		return "", fmt.Errorf("the sum at row %d, column %d adds %d to %d", s.Row, s.Col, s.From, s.To)
	}
	var a, b string
	var err error
	if s.Across {
		row := firstData + s.Row - 1
		if a, err = excelize.CoordinatesToCellName(s.From+1, row); err != nil {
			return "", err
		}
		b, err = excelize.CoordinatesToCellName(s.To+1, row)
	} else {
		if a, err = excelize.CoordinatesToCellName(s.Col+1, firstData+s.From-1); err != nil {
			return "", err
		}
		b, err = excelize.CoordinatesToCellName(s.Col+1, firstData+s.To-1)
	}
	if err != nil {
		return "", err
	}
	return "SUM(" + a + ":" + b + ")", nil
}

// The bounds of a column's width, in characters.
const (
	minWidth = 6
	maxWidth = 60
)

// widths fits each column to its longest header word or value as shown:
// money with "Rp " and a separator every three digits, dates as
// dd/mm/yyyy. Headers wrap, so only their longest word counts.
func widths(cols []claim.Column, rows [][]string) []float64 {
	out := make([]float64, len(cols))
	for c, col := range cols {
		n := 0
		for _, h := range []string{col.ID, col.EN} {
			for _, word := range strings.Fields(h) {
				n = max(n, utf8.RuneCountInString(word))
			}
		}
		for _, row := range rows {
			if c < len(row) {
				n = max(n, shownLen(col.Kind, row[c]))
			}
		}
		out[c] = float64(min(max(n+2, minWidth), maxWidth))
	}
	return out
}

// shownLen is how many characters the value v of a column of kind k
// takes as the workbook shows it.
func shownLen(k claim.Kind, v string) int {
	switch k {
	case claim.Money, claim.Count:
		digits := len(strings.TrimPrefix(v, "-"))
		n := len(v) + (digits-1)/3
		if k == claim.Money {
			n += 3 // "Rp "
		}
		return n
	case claim.Date:
		if v != "" {
			return len("dd/mm/yyyy")
		}
	}
	return utf8.RuneCountInString(v)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// sheetName fits a table's name to a worksheet's: at most 31 characters,
// none of []:*?/\.
func sheetName(s string) string {
	b := []rune{}
	for _, r := range s {
		switch r {
		case '[', ']', ':', '*', '?', '/', '\\':
			r = '-'
		}
		b = append(b, r)
	}
	if len(b) > 31 {
		b = b[:31]
	}
	if len(b) == 0 {
		return "Sheet"
	}
	return string(b)
}

// uniqueName makes a worksheet's name unique among those used (Excel
// compares them without regard to case).
func uniqueName(name string, used map[string]bool) string {
	n := name
	for i := 2; used[strings.ToLower(n)]; i++ {
		suffix := " (" + strconv.Itoa(i) + ")"
		r := []rune(name)
		if len(r)+len(suffix) > 31 {
			r = r[:31-len(suffix)]
		}
		n = string(r) + suffix
	}
	used[strings.ToLower(n)] = true
	return n
}
