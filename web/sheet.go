package web

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/kartusehat/kartusehat/internal/fault"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/xuri/excelize/v2"
)

// The sheet layout: a hospital's month as a clerk fills it in a
// spreadsheet, one row per bill line. The columns of the claim file
// (claim_id to payer_change_cut_off) are read from the first row of each
// claim (the rows of one claim follow each other and share its
// claim_id); later rows of the claim may repeat them or leave them empty.
// A row is turned into the claim file's JSON (claim.File) and decoded by
// the claim package, so that the sheet is checked as strictly as JSON
// Lines. The template to download is generated from Layout.

// Column is one column of the sheet layout.
type Column struct {
	// Name is the header, as the sheet must have it.
	Name string
	// Path is the claim file's JSON field the column fills, dotted
	// (patient.person.nik); for a line column, the field of the line.
	Path string
	// Line marks a column of the bill line, not of the claim file.
	Line bool
	// Kind is text, number (a whole number), amount (whole rupiah),
	// bool (ya/tidak, yes/no, true/false, 1/0), list (separated by ";"),
	// date (YYYY-MM-DD) or time (YYYY-MM-DDTHH:MM:SS+07:00).
	Kind string
	// ID and EN say what the column holds.
	ID, EN string
	// Example is a value of the template's example row.
	Example string
}

// Layout is the sheet layout, in column order.
var Layout = []Column{
	{"claim_id", "id", false, "text", "Nomor klaim rumah sakit; baris-baris satu klaim berurutan", "The hospital's claim number; the rows of a claim follow each other", "RSUD-2019-03-0001"},
	{"hospital", "hospital", false, "text", "Kode rumah sakit di rulebook (rsud-cam)", "The hospital's code in the rulebook (rsud-cam)", "rsud-cam"},
	{"membership", "membership", false, "text", "card (Kartu Sehat/NIK) atau dinsos_letter", "card (Kartu Sehat/NIK) or dinsos_letter", "card"},
	{"nik", "patient.person.nik", false, "text", "NIK pasien (16 angka; isi sebagai teks)", "The patient's NIK (16 digits; as text)", "3275014508900001"},
	{"kk", "patient.person.kk", false, "text", "Nomor Kartu Keluarga", "Family card number", "3275010101170001"},
	{"kk_city", "patient.person.kk_city", false, "text", "Kode kota KK (3275)", "The family card's city code (3275)", "3275"},
	{"registry_status", "patient.person.registry.status", false, "text", "Status di Disdukcapil (living)", "Civil registry status (living)", "living"},
	{"jkn_status", "patient.jkn.status", false, "text", "Status JKN (none, pbi, active, ...)", "JKN status (none, pbi, active, ...)", "none"},
	{"card_valid_through", "patient.documents.card.valid_through", false, "date", "Kartu Sehat berlaku sampai; kosong: tanpa kartu", "Card valid through; empty: no card", "2019-12-31"},
	{"card_activated", "patient.documents.card.activated", false, "bool", "Kartu sudah diaktifkan", "Card activated", "ya"},
	{"ektp_recorded", "patient.documents.ektp.recorded", false, "bool", "e-KTP sudah direkam", "e-KTP recorded", "ya"},
	{"care_type", "episode.care_type", false, "text", "Jenis layanan (inpatient, outpatient)", "Care type (inpatient, outpatient)", "inpatient"},
	{"class", "episode.class", false, "number", "Kelas perawatan", "Ward class", ""},
	{"admission", "episode.admission", false, "time", "Waktu masuk", "Admission time", "2019-03-04T10:00:00+07:00"},
	{"discharge", "episode.discharge", false, "time", "Waktu pulang", "Discharge time", "2019-03-09T11:00:00+07:00"},
	{"referral_from", "episode.referral.from", false, "text", "Faskes perujuk (kode)", "Referring facility (code)", "pkm-pekayon-jaya"},
	{"referral_date", "episode.referral.date", false, "date", "Tanggal rujukan", "Referral date", "2019-03-04"},
	{"referral_reason", "episode.referral.reason", false, "text", "Alasan rujukan (medical)", "Referral reason (medical)", "medical"},
	{"referral_kind", "episode.referral.kind", false, "text", "Jenis rujukan (full)", "Referral kind (full)", "full"},
	{"referral_diagnosis", "episode.referral.diagnosis", false, "text", "Diagnosis rujukan (ICD-10)", "Referral diagnosis (ICD-10)", "J44.1"},
	{"sjp_number", "episode.sjp.number", false, "text", "Nomor SJP", "SJP number", "SJP/2019/03/0001"},
	{"sjp_issued", "episode.sjp.issued", false, "time", "Waktu SJP terbit", "SJP issued at", "2019-03-04T15:00:00+07:00"},
	{"back_referral_sent", "episode.back_referral_sent", false, "bool", "Rujuk balik dikirim", "Back referral sent", "ya"},
	{"diagnoses", "episode.diagnoses", false, "list", "Diagnosis lain (ICD-10; pisahkan dengan ;)", "Other diagnoses (ICD-10; separated by ;)", ""},
	{"principal_diagnosis", "principal.diagnosis", false, "text", "Diagnosis utama (ICD-10)", "Principal diagnosis (ICD-10)", "J44.1"},
	{"principal_procedure", "principal.procedure", false, "text", "Tindakan utama (ICD-9-CM)", "Principal procedure (ICD-9-CM)", ""},
	{"inacbg", "inacbg", false, "text", "Kode INA-CBG", "INA-CBG code", "J-4-16-II"},
	{"documents", "documents", false, "list", "Kode dokumen berkas (pisahkan dengan ;)", "Document codes of the file (separated by ;)", "ks_copy;ktp_copy;kk_copy;inpatient_letter;claim_letter;medical_resume;sjp_copy;inacbg_grouping;exam_results;cost_breakdown"},
	{"submitted", "submitted", false, "date", "Tanggal berkas diterima Dinkes", "Day the file reached Dinkes", "2019-04-10"},
	{"private_agreement", "private_agreement", false, "bool", "Ada perjanjian pribadi RS-pasien", "A private hospital-patient agreement", ""},
	{"deposit_date", "deposits.date", false, "date", "Tanggal uang muka", "Deposit date", ""},
	{"deposit_amount", "deposits.amount", false, "amount", "Uang muka (Rp)", "Deposit (Rp)", ""},
	{"payer_change_date", "payer_change.date", false, "date", "Tanggal alih penjamin", "Payer change date", ""},
	{"payer_change_cut_off", "payer_change.cut_off", false, "bool", "Biaya dipotong saat alih penjamin", "Costs cut off at the change", ""},
	{"line_date", "date", true, "date", "Tanggal baris tagihan", "Bill line date", "2019-03-04"},
	{"line_kind", "kind", true, "text", "Jenis baris (service, top_up, device, ambulance, ...); kosong: service", "Line kind (service, top_up, ...); empty: service", ""},
	{"category", "category", true, "text", "Kategori (room, drug, lab, procedure, ...)", "Category (room, drug, lab, procedure, ...)", "room"},
	{"code", "code", true, "text", "Kode CMG khusus / tingkat ambulans / BMHP", "Special CMG / ambulance tier / consumable code", ""},
	{"icd10", "icd10", true, "text", "Diagnosis baris (ICD-10)", "Line diagnosis (ICD-10)", ""},
	{"icd9cm", "icd9cm", true, "text", "Tindakan baris (ICD-9-CM)", "Line procedure (ICD-9-CM)", ""},
	{"description", "description", true, "text", "Uraian", "Description", "Kamar kelas III, 5 hari"},
	{"quantity", "quantity", true, "number", "Jumlah; kosong: 1", "Quantity; empty: 1", "5"},
	{"unit_price", "unit_price", true, "amount", "Harga satuan (kantong darah, BMHP)", "Unit price (blood bag, consumable)", ""},
	{"amount", "amount", true, "amount", "Jumlah tagihan baris (Rp)", "Amount claimed (Rp)", "2500000"},
	{"insidental_action", "insidental_action", true, "bool", "Tindakan pasien insidentil", "Action for an insidental patient", ""},
	{"medical_indication", "medical_indication", true, "bool", "Ada indikasi medis", "Medical indication stated", ""},
}

// ErrSheet is the Kind of every error of an uploaded sheet (ReadCSV,
// ReadXLSX): errors.Is(err, ErrSheet).
var ErrSheet = errors.New("web: invalid sheet")

// sheetError is a problem of an uploaded sheet, as the module's one field
// error: a *rules.FieldError of code whose Pointer names the row and the
// column as /rows/{row}/{column}, row the row's number as the spreadsheet
// shows it (the header being row 1) and column its header; /rows/{row}
// for a row as a whole, "" for the sheet as a whole (row 0). Its messages
// (Indonesian id, English en) begin with the row and the column, as the
// desk page shows them; a NIK typed into the wrong cell is masked.
func sheetError(code rules.ErrorCode, row int, column, id, en string) *rules.FieldError {
	ptr := ""
	switch {
	case row > 0 && column == "":
		ptr = "/rows/" + strconv.Itoa(row)
		id = fmt.Sprintf("baris %d: %s", row, id)
		en = fmt.Sprintf("row %d: %s", row, en)
	case row > 0:
		ptr = "/rows/" + strconv.Itoa(row) + "/" + strings.ReplaceAll(strings.ReplaceAll(column, "~", "~0"), "/", "~1")
		id = fmt.Sprintf("baris %d, kolom %s: %s", row, column, id)
		en = fmt.Sprintf("row %d, column %s: %s", row, column, en)
	}
	fe := fault.New(code, ptr, id, en)
	fe.Kind = ErrSheet
	return fe
}

// TemplateRows are the template's rows: the header and an example row.
func TemplateRows() [][]string {
	h, ex := make([]string, len(Layout)), make([]string, len(Layout))
	for i, c := range Layout {
		h[i], ex[i] = c.Name, c.Example
	}
	return [][]string{h, ex}
}

// WriteTemplateCSV writes the template as CSV.
func WriteTemplateCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.WriteAll(TemplateRows()); err != nil {
		return err
	}
	return cw.Error()
}

// WriteTemplateXLSX writes the template as a workbook: the sheet
// "klaim" (header and example row, every cell text so that a NIK keeps its
// digits) and the sheet "kolom" describing each column.
func WriteTemplateXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "klaim"); err != nil {
		return err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, NumFmt: 49})
	if err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(len(Layout))
	_ = f.SetColStyle("klaim", "A:"+last, text)
	for r, row := range TemplateRows() {
		for c, v := range row {
			cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if err := f.SetCellStr("klaim", cell, v); err != nil {
				return err
			}
		}
	}
	_ = f.SetCellStyle("klaim", "A1", last+"1", bold)
	_ = f.SetPanes("klaim", &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	if _, err := f.NewSheet("kolom"); err != nil {
		return err
	}
	_ = f.SetSheetRow("kolom", "A1", &[]string{"kolom", "jenis", "keterangan", "description"})
	for i, c := range Layout {
		_ = f.SetSheetRow("kolom", fmt.Sprintf("A%d", i+2), &[]string{c.Name, c.Kind, c.ID, c.EN})
	}
	return f.Write(w)
}

// ReadCSV reads a sheet in the layout from CSV (comma or semicolon
// separated, with or without a BOM) and returns the month as JSON Lines.
func ReadCSV(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	cr := csv.NewReader(bytes.NewReader(data))
	if first, _, _ := bytes.Cut(data, []byte("\n")); bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		cr.Comma = ';'
	}
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, sheetError(rules.CodeBadValue, 0, "", "bukan CSV: "+err.Error(), "not CSV: "+err.Error())
	}
	return rowsToJSONL(rows)
}

// ReadXLSX reads a sheet in the layout from the first sheet of a workbook
// and returns the month as JSON Lines.
func ReadXLSX(r io.Reader) ([]byte, error) {
	f, err := excelize.OpenReader(r)
	if err != nil {
		return nil, sheetError(rules.CodeBadValue, 0, "", "bukan buku kerja XLSX: "+err.Error(), "not an XLSX workbook: "+err.Error())
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		return nil, sheetError(rules.CodeBadValue, 0, "", "lembar pertama tidak terbaca: "+err.Error(), err.Error())
	}
	return rowsToJSONL(rows)
}

// rowsToJSONL turns the rows (the first the header) into JSON Lines, one
// claim file a line.
func rowsToJSONL(rows [][]string) ([]byte, error) {
	if len(rows) == 0 {
		return nil, sheetError(rules.CodeMissing, 1, "", "lembar kosong: baris pertama harus judul kolom", "the sheet is empty: the first row must be the header")
	}
	idx := map[string]int{}
	known := map[string]bool{}
	for _, c := range Layout {
		known[c.Name] = true
	}
	for i, h := range rows[0] {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if h == "" {
			continue
		}
		if !known[h] {
			return nil, sheetError(rules.CodeUnknownField, 1, h, "kolom tidak dikenal (templat mencantumkan kolom-kolomnya)", "unknown column (the template lists the columns)")
		}
		if _, dup := idx[h]; dup {
			return nil, sheetError(rules.CodeUnknownField, 1, h, "kolom diberikan dua kali", "column given twice")
		}
		idx[h] = i
	}
	for _, need := range []string{"claim_id", "hospital", "amount"} {
		if _, ok := idx[need]; !ok {
			return nil, sheetError(rules.CodeMissing, 1, need, "kolom wajib tidak ada", "required column missing")
		}
	}
	var out bytes.Buffer
	var file map[string]any
	var lines []any
	curID := ""
	flush := func() error {
		if file == nil {
			return nil
		}
		file["lines"] = lines
		b, err := json.Marshal(file)
		if err != nil {
			return err
		}
		out.Write(b)
		out.WriteByte('\n')
		file, lines = nil, nil
		return nil
	}
	for n, row := range rows[1:] {
		rowNo := n + 2
		cell := func(name string) string {
			i, ok := idx[name]
			if !ok || i >= len(row) {
				return ""
			}
			return strings.TrimSpace(row[i])
		}
		empty := true
		for _, v := range row {
			empty = empty && strings.TrimSpace(v) == ""
		}
		if empty {
			continue
		}
		id := cell("claim_id")
		if id == "" {
			return nil, sheetError(rules.CodeMissing, rowNo, "claim_id", "kosong: setiap baris menyebut klaimnya", "empty: every row names its claim")
		}
		if id != curID {
			if err := flush(); err != nil {
				return nil, err
			}
			curID = id
			file = map[string]any{}
			for _, c := range Layout {
				if c.Line {
					continue
				}
				if err := setCell(file, c, cell(c.Name), rowNo); err != nil {
					return nil, err
				}
			}
			derive(file)
		}
		line := map[string]any{}
		for _, c := range Layout {
			if !c.Line {
				continue
			}
			if err := setCell(line, c, cell(c.Name), rowNo); err != nil {
				return nil, err
			}
		}
		lines = append(lines, line)
	}
	if err := flush(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// setCell puts a cell's value at the column's path in m; an empty cell is
// left out.
func setCell(m map[string]any, c Column, v string, row int) error {
	if v == "" {
		return nil
	}
	var val any
	switch c.Kind {
	case "number":
		n, err := strconv.Atoi(v)
		if err != nil {
			return sheetError(rules.CodeBadValue, row, c.Name, fmt.Sprintf("%q bukan bilangan bulat", truncate(v, 30)), fmt.Sprintf("%q is not a whole number", truncate(v, 30)))
		}
		val = n
	case "amount":
		v = strings.NewReplacer(".", "", ",", "", " ", "", "Rp", "").Replace(v)
		if _, err := strconv.ParseInt(v, 10, 64); err != nil {
			return sheetError(rules.CodeBadValue, row, c.Name, fmt.Sprintf("%q bukan jumlah dalam rupiah utuh", truncate(v, 30)), fmt.Sprintf("%q is not an amount in whole rupiah", truncate(v, 30)))
		}
		val = v
	case "bool":
		switch strings.ToLower(v) {
		case "ya", "y", "yes", "true", "1", "benar":
			val = true
		case "tidak", "t", "no", "false", "0", "salah":
			val = false
		default:
			return sheetError(rules.CodeBadValue, row, c.Name, fmt.Sprintf("%q bukan ya/tidak (yes/no)", truncate(v, 30)), fmt.Sprintf("%q is not ya/tidak (yes/no)", truncate(v, 30)))
		}
	case "list":
		var l []string
		for _, p := range strings.Split(v, ";") {
			if p = strings.TrimSpace(p); p != "" {
				l = append(l, p)
			}
		}
		val = l
	default:
		val = v
	}
	parts := strings.Split(c.Path, ".")
	if parts[0] == "deposits" {
		// One deposit a claim in the sheet.
		if _, ok := m["deposits"]; !ok {
			m["deposits"] = []any{map[string]any{}}
		}
		m["deposits"].([]any)[0].(map[string]any)[parts[1]] = val
		return nil
	}
	cur := m
	for _, p := range parts[:len(parts)-1] {
		next, ok := cur[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			cur[p] = next
		}
		cur = next
	}
	cur[parts[len(parts)-1]] = val
	return nil
}

// derive fills what the sheet does not repeat: the card and the e-KTP
// hold the patient's NIK, and so does the SJP.
func derive(file map[string]any) {
	get := func(path ...string) (map[string]any, bool) {
		cur := file
		for _, p := range path {
			next, ok := cur[p].(map[string]any)
			if !ok {
				return nil, false
			}
			cur = next
		}
		return cur, true
	}
	person, ok := get("patient", "person")
	if !ok {
		return
	}
	nik, ok := person["nik"].(string)
	if !ok {
		return
	}
	if card, ok := get("patient", "documents", "card"); ok {
		card["niks"] = []string{nik}
	}
	if ektp, ok := get("patient", "documents", "ektp"); ok {
		ektp["nik"] = nik
	}
	if sjp, ok := get("episode", "sjp"); ok {
		sjp["nik"] = nik
	}
}

// FileRows writes claim files given as JSON Lines in the layout, one
// row per bill line (the header first): what a clerk's sheet of the same
// month holds. Fields the layout has no column for are dropped.
func FileRows(jsonl []byte) ([][]string, error) {
	rows := [][]string{TemplateRows()[0]}
	for n, raw := range bytes.Split(jsonl, []byte("\n")) {
		if len(bytes.TrimSpace(raw)) == 0 {
			continue
		}
		var file map[string]any
		if err := json.Unmarshal(raw, &file); err != nil {
			return nil, fmt.Errorf("line %d: %w", n+1, err)
		}
		lines, _ := file["lines"].([]any)
		if len(lines) == 0 {
			lines = []any{map[string]any{}}
		}
		for _, l := range lines {
			lm, _ := l.(map[string]any)
			row := make([]string, len(Layout))
			for i, c := range Layout {
				src := file
				if c.Line {
					src = lm
				}
				row[i] = cellOf(src, c)
			}
			rows = append(rows, row)
		}
	}
	return rows, nil
}

func cellOf(m map[string]any, c Column) string {
	parts := strings.Split(c.Path, ".")
	var cur any = m
	for i, p := range parts {
		if p == "deposits" && i == 0 {
			ds, _ := m["deposits"].([]any)
			if len(ds) == 0 {
				return ""
			}
			cur = ds[0]
			continue
		}
		mm, ok := cur.(map[string]any)
		if !ok {
			return ""
		}
		cur = mm[p]
	}
	switch v := cur.(type) {
	case nil:
		return ""
	case string:
		return v
	case bool:
		if v {
			return "ya"
		}
		return "tidak"
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case []any:
		var s []string
		for _, x := range v {
			s = append(s, fmt.Sprint(x))
		}
		return strings.Join(s, ";")
	}
	return fmt.Sprint(cur)
}
