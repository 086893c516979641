package web

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/internal/mask"
	"github.com/kartusehat/kartusehat/interop/eklaim"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/workbook"
	"github.com/shopspring/decimal"
)

// The Dinkes desk: /desk and below.

func (s *server) deskRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /desk", s.deskPage)
	m.HandleFunc("POST /desk/verify", s.deskVerify)
	m.HandleFunc("GET /desk/template.csv", s.deskTemplate)
	m.HandleFunc("GET /desk/template.xlsx", s.deskTemplate)
	m.HandleFunc("GET /desk/job/{id}", s.deskJob)
	m.HandleFunc("GET /desk/job/{id}/print", s.deskJob)
	m.HandleFunc("GET /desk/job/{id}/lines.csv", s.deskDownload)
	m.HandleFunc("GET /desk/job/{id}/sheet/{n}", s.deskDownload)
	m.HandleFunc("GET /desk/job/{id}/workbook.xlsx", s.deskDownload)
}

// maxProblems bounds the refused and reduced lines a result keeps.
const maxProblems = 20_000

// problem is a bill line (Line > 0) or a file (Line 0) refused or
// reduced, with one reason.
type problem struct {
	File    string
	Line    int
	Verdict string
	Claimed decimal.Decimal
	Payable decimal.Decimal
	Reduced decimal.Decimal
	Denied  decimal.Decimal
	Code    string
	ID, EN  string
	Ref     string
}

// deskResult is a verified month.
type deskResult struct {
	Source   string
	Format   string
	Verified time.Time
	Report   claim.Report
	Problems []problem
	Cut      int      // problems beyond maxProblems, not kept
	Errors   []string // the lines that gave no adjudication, masked
	// Messages are the words of each reason code met, for the Berita
	// Acara's table by reason.
	Messages map[string]rules.Reason
	Sheets   []claim.Sheet
	// Files are the rows of the workbook's sheet of files (IDs masked
	// as on the page).
	Files []claim.FileRow
	// Warnings counts the points the reading of E-Klaim records noted.
	Warnings int
}

// deskFormats are the upload formats (auto: by the file's name, an
// E-Klaim export ending in .eklaim.jsonl).
func (s *server) deskFormats() []string {
	return []string{"auto", "jsonl", "csv", "xlsx", "eklaim"}
}

// deskPage is GET /desk: the upload form and the sheet layout.
func (s *server) deskPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, "desk", "desk_title", map[string]any{"Layout": Layout, "Formats": s.deskFormats(),
		"MaxUpload": mib(s.opt.MaxUpload), "MaxFiles": s.opt.MaxFiles, "Year": s.today().Year()})
}

// deskTemplate is GET /desk/template.csv and .xlsx.
func (s *server) deskTemplate(w http.ResponseWriter, r *http.Request) {
	var buf bytes.Buffer
	var err error
	if strings.HasSuffix(r.URL.Path, ".xlsx") {
		err = WriteTemplateXLSX(&buf)
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		w.Header().Set("Content-Disposition", `attachment; filename="templat-klaim.xlsx"`)
	} else {
		err = WriteTemplateCSV(&buf)
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="templat-klaim.csv"`)
	}
	if err != nil {
		s.log.Error("web: template", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	_, _ = w.Write(buf.Bytes())
}

// month is an uploaded month as JSON Lines of claim files, with what
// the reading found on its lines.
type month struct {
	data         []byte
	name, format string
	// faults are the lines (from 1) of an E-Klaim export whose record
	// did not read, with the reason: the batch goes on without them.
	faults map[int]error
	// warnings are the points an E-Klaim record's reading noted, by
	// line (a kode_tarif not the hospital's class).
	warnings map[int][]rules.Reason
}

// readMonth reads the uploaded month as JSON Lines, converting a sheet or
// an E-Klaim export.
func (s *server) readMonth(r *http.Request) (m month, err error) {
	f, h, err := r.FormFile("month")
	if err != nil {
		return m, errors.New(s.tr(r, "err_no_file"))
	}
	defer f.Close()
	if h.Size > s.opt.MaxUpload {
		return m, fmt.Errorf(s.tr(r, "err_upload_limit"), mib(s.opt.MaxUpload))
	}
	m.name = path.Base(strings.ReplaceAll(h.Filename, "\\", "/"))
	m.format = r.PostFormValue("format")
	if m.format == "" || m.format == "auto" {
		low := strings.ToLower(m.name)
		switch {
		case strings.HasSuffix(low, ".csv"):
			m.format = "csv"
		case strings.HasSuffix(low, ".xlsx"):
			m.format = "xlsx"
		case strings.HasSuffix(low, ".eklaim.jsonl"):
			m.format = "eklaim"
		default:
			m.format = "jsonl"
		}
	}
	src := io.LimitReader(f, s.opt.MaxUpload)
	switch m.format {
	case "jsonl":
		m.data, err = io.ReadAll(src)
	case "csv":
		m.data, err = ReadCSV(src)
	case "xlsx":
		m.data, err = ReadXLSX(src)
	case "eklaim":
		if s.opt.EKlaim == nil {
			err = s.readEKlaim(src, &m)
			break
		}
		var conv io.Reader
		if conv, err = s.opt.EKlaim(src); err == nil {
			m.data, err = io.ReadAll(io.LimitReader(conv, s.opt.MaxUpload*4))
		}
	default:
		return m, errors.New(s.tr(r, "err_format"))
	}
	if err != nil {
		var fe *rules.FieldError
		if errors.As(err, &fe) && errors.Is(err, ErrSheet) {
			// A sheet's row and column, in the page's language.
			return m, errors.New(mask.Digits(pickLang(langOf(r), fe.Message, fe.MessageEN)))
		}
		return m, errors.New(mask.Digits(err.Error()))
	}
	return m, nil
}

// maxEKlaimRecord bounds one E-Klaim record of an upload, as
// eklaim.VerifyBatch bounds it.
const maxEKlaimRecord = 16 << 20

// readEKlaim reads a month of E-Klaim records, one a line (JSON Lines),
// into m as native claim files, with eklaim.Decode and eklaim.ToFile
// under the pages' rulebook, line for line (as eklaim.VerifyBatch reads
// them): a record that does not read leaves a line the verifier refuses
// and its fault in m.faults, so that the line numbers stay the upload's
// and the fault is counted and shown.
func (s *server) readEKlaim(r io.Reader, m *month) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxEKlaimRecord)
	var out bytes.Buffer
	n := 0
	for sc.Scan() {
		n++
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) > 0 {
			if err := s.eklaimLine(line, n, &out, m); err != nil {
				if m.faults == nil {
					m.faults = map[int]error{}
				}
				m.faults[n] = err
				// A line the verifier refuses, so that the Berita
				// Acara counts it among the errors.
				out.WriteString(`{"eklaim":"unreadable"}`)
			}
		}
		out.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return fmt.Errorf("E-Klaim: line %d is longer than %d bytes", n+1, maxEKlaimRecord)
		}
		return err
	}
	m.data = out.Bytes()
	return nil
}

// eklaimLine writes the record of line n as a claim file's JSON, without
// the newline.
func (s *server) eklaimLine(line []byte, n int, out *bytes.Buffer, m *month) error {
	rec, err := eklaim.Decode(line)
	if err != nil {
		return err
	}
	c, err := eklaim.ToFile(rec, s.rb)
	if err != nil {
		return err
	}
	b, err := json.Marshal(&c.File)
	if err != nil {
		return err
	}
	if len(c.Warnings) > 0 {
		if m.warnings == nil {
			m.warnings = map[int][]rules.Reason{}
		}
		m.warnings[n] = c.Warnings
	}
	out.Write(b)
	return nil
}

// budgetOf reads the optional budget fields; nil when none is given.
func (s *server) budgetOf(r *http.Request) (*claim.Budget, error) {
	y, a, p := strings.TrimSpace(r.PostFormValue("budget_year")), strings.TrimSpace(r.PostFormValue("budget")), strings.TrimSpace(r.PostFormValue("already_paid"))
	if a == "" {
		return nil, nil
	}
	year, err := strconv.Atoi(y)
	if err != nil || year < 2000 || year > 9999 {
		return nil, fmt.Errorf(s.tr(r, "err_field"), "budget_year")
	}
	amt, err := decimal.NewFromString(strings.ReplaceAll(a, ".", ""))
	if err != nil || amt.IsNegative() || !amt.IsInteger() {
		return nil, fmt.Errorf(s.tr(r, "err_field"), "budget")
	}
	b := &claim.Budget{Year: year, Amount: amt}
	if p != "" {
		if b.AlreadyPaid, err = decimal.NewFromString(strings.ReplaceAll(p, ".", "")); err != nil || b.AlreadyPaid.IsNegative() || !b.AlreadyPaid.IsInteger() {
			return nil, fmt.Errorf(s.tr(r, "err_field"), "already_paid")
		}
	}
	return b, nil
}

// deskVerify is POST /desk/verify: the month is verified in the
// background; the answer redirects to its page.
func (s *server) deskVerify(w http.ResponseWriter, r *http.Request) {
	m, err := s.readMonth(r)
	if err != nil {
		status := http.StatusBadRequest
		if strings.Contains(err.Error(), mib(s.opt.MaxUpload)) {
			status = http.StatusRequestEntityTooLarge
		}
		s.failText(w, r, status, err.Error())
		return
	}
	budget, err := s.budgetOf(r)
	if err != nil {
		s.failText(w, r, http.StatusBadRequest, err.Error())
		return
	}
	lines := int64(bytes.Count(m.data, []byte("\n")))
	if len(m.data) > 0 && m.data[len(m.data)-1] != '\n' {
		lines++
	}
	if lines > int64(s.opt.MaxFiles) {
		s.failText(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf(s.tr(r, "err_files_limit"), s.opt.MaxFiles))
		return
	}
	j, ok := s.jobs.start("desk", mask.Digits(m.name), 30*time.Minute, func(ctx context.Context, j *job) (any, error) {
		j.progress(0, lines)
		return s.verify(ctx, &m, budget, j)
	})
	if !ok {
		s.fail(w, r, http.StatusServiceUnavailable, "err_busy")
		return
	}
	s.log.Info("web: desk: verifying", "job", j.id, "format", m.format, "bytes", len(m.data), "lines", lines)
	http.Redirect(w, r, "/desk/job/"+j.id, http.StatusSeeOther)
}

// verify runs claim.VerifyBatch over the month, keeping each file's row
// for the workbook's sheet of files.
func (s *server) verify(ctx context.Context, m *month, budget *claim.Budget, j *job) (*deskResult, error) {
	v := claim.NewVerifier(s.rb, s.opt.Table)
	res := &deskResult{Verified: s.now(), Messages: map[string]rules.Reason{}, Files: []claim.FileRow{}}
	add := func(p problem) {
		if _, ok := res.Messages[p.Code]; !ok {
			res.Messages[p.Code] = rules.Reason{Code: p.Code, ID: p.ID, EN: p.EN}
		}
		if len(res.Problems) >= maxProblems {
			res.Cut++
			return
		}
		res.Problems = append(res.Problems, p)
	}
	lines := lineReader{data: m.data}
	n, files := int64(0), 0
	rep, err := claim.VerifyBatch(ctx, bytes.NewReader(m.data), v, budget, func(line int, a *claim.Adjudication, err error) error {
		n++
		if n%64 == 0 {
			j.progress(n, j.total.Load())
		}
		if fault := m.faults[line]; fault != nil {
			err = &claim.BatchError{Line: line, Err: fault}
		}
		if err != nil {
			if len(res.Errors) < 1000 {
				res.Errors = append(res.Errors, mask.Digits(err.Error()))
			}
			return nil
		}
		files++
		id := mask.Digits(a.ID)
		row := fileRow(files, lines.line(line), a)
		row.ID = id
		res.Files = append(res.Files, row)
		res.Warnings += len(m.warnings[line])
		// A partly paid file's own reason says it is payable: its
		// lines carry the reasons.
		if a.Verdict == claim.FileRefused || a.Verdict == claim.FileIncomplete {
			for _, rs := range a.Reasons {
				add(problem{File: id, Verdict: string(a.Verdict), Claimed: a.Amounts.Claimed, Payable: a.Amounts.Payable,
					Reduced: a.Amounts.Reduced, Denied: a.Amounts.Denied, Code: rs.Code, ID: rs.ID, EN: rs.EN, Ref: rs.Ref})
			}
		}
		for _, l := range a.Lines {
			if l.Verdict == claim.Paid {
				continue
			}
			for _, rs := range l.Reasons {
				add(problem{File: id, Line: l.Line, Verdict: string(l.Verdict), Claimed: l.Claimed, Payable: l.Payable,
					Reduced: l.Reduced, Denied: l.Denied, Code: rs.Code, ID: rs.ID, EN: rs.EN, Ref: rs.Ref})
			}
		}
		return nil
	})
	if err != nil {
		return nil, errors.New(mask.Digits(err.Error()))
	}
	j.progress(n, n)
	res.Report = rep
	res.Sheets = rep.Sheets()
	s.log.Info("web: desk: verified", "job", j.id, "files", rep.BeritaAcara.Files, "errors", rep.BeritaAcara.Errors)
	return res, nil
}

// lineReader finds the lines of JSON Lines by number, going forward.
type lineReader struct {
	data []byte
	off  int // the start of line n+1
	n    int
}

// line returns line k (from 1); nil when k is behind the lines already
// passed or beyond the end.
func (l *lineReader) line(k int) []byte {
	for l.n < k-1 && l.off < len(l.data) {
		i := bytes.IndexByte(l.data[l.off:], '\n')
		if i < 0 {
			l.off = len(l.data)
		} else {
			l.off += i + 1
		}
		l.n++
	}
	if l.n != k-1 || l.off >= len(l.data) {
		return nil
	}
	end := bytes.IndexByte(l.data[l.off:], '\n')
	if end < 0 {
		end = len(l.data) - l.off
	}
	return l.data[l.off : l.off+end]
}

// fileRow is the sheet of files' row of the n-th file, adjudicated as a,
// with its dates read from its line: the episode's object alone is
// decoded (the file was decoded in full, and checked, by the verifier).
func fileRow(n int, line []byte, a *claim.Adjudication) claim.FileRow {
	var f claim.File
	if ep := episodeOf(line); ep == nil || json.Unmarshal(ep, &f.Episode) != nil {
		return claim.FileRowOf(n, nil, a)
	}
	return claim.FileRowOf(n, &f, a)
}

// episodeOf returns the value of the key "episode" in a claim file's
// JSON, which only the file's top level has (a key within a string has
// its quotes escaped); nil when there is none.
func episodeOf(line []byte) []byte {
	const key = `"episode"`
	i := bytes.Index(line, []byte(key))
	if i < 0 {
		return nil
	}
	rest := bytes.TrimLeft(line[i+len(key):], " \t\r")
	if len(rest) == 0 || rest[0] != ':' {
		return nil
	}
	rest = bytes.TrimLeft(rest[1:], " \t\r")
	if len(rest) == 0 || rest[0] != '{' {
		return nil
	}
	// The object ends where its braces balance, outside strings.
	depth, inStr, esc := 0, false, false
	for j, c := range rest {
		switch {
		case esc:
			esc = false
		case inStr && c == '\\':
			esc = true
		case c == '"':
			inStr = !inStr
		case inStr:
		case c == '{':
			depth++
		case c == '}':
			depth--
			if depth == 0 {
				return rest[:j+1]
			}
		}
	}
	return nil
}

// deskResultOf returns the finished job of the request, or answers.
func (s *server) deskResultOf(w http.ResponseWriter, r *http.Request, kind string) (*job, bool) {
	j, ok := s.jobs.get(r.PathValue("id"), kind)
	if !ok {
		s.fail(w, r, http.StatusNotFound, "err_no_job")
		return nil, false
	}
	return j, true
}

// deskJob is GET /desk/job/{id} (progress, then the report) and
// /desk/job/{id}/print (the printable Berita Acara).
func (s *server) deskJob(w http.ResponseWriter, r *http.Request) {
	j, ok := s.deskResultOf(w, r, "desk")
	if !ok {
		return
	}
	if !j.finished() {
		s.renderPage(w, r, "job", &page{Title: "job_desk", Refresh: 1, Data: map[string]any{"Percent": j.Percent(), "Done": j.done.Load(), "Total": j.total.Load()}})
		return
	}
	if j.err != "" {
		s.failText(w, r, http.StatusUnprocessableEntity, j.err)
		return
	}
	res := j.result.(*deskResult)
	d := map[string]any{"ID": j.id, "R": res, "BA": &res.Report.BeritaAcara, "Source": j.label,
		"Workbook": true, "Hospitals": s.hospitals(res),
		"LongDate": longDate(langOf(r), res.Verified.In(wib))}
	var period []string
	for _, m := range res.Report.BeritaAcara.ServiceMonths {
		period = append(period, monthYear(langOf(r), m))
	}
	d["Period"] = strings.Join(period, ", ")
	if strings.HasSuffix(r.URL.Path, "/print") {
		s.renderPage(w, r, "print", &page{Title: "print_title", Nav: "desk", Data: d})
		return
	}
	s.renderPage(w, r, "report", &page{Title: "report_title", Nav: "desk", Data: d})
}

// deskDownload is GET /desk/job/{id}/lines.csv, /sheet/{n} (a sheet of
// the report as CSV) and /workbook.xlsx.
func (s *server) deskDownload(w http.ResponseWriter, r *http.Request) {
	j, ok := s.deskResultOf(w, r, "desk")
	if !ok {
		return
	}
	if !j.finished() || j.err != "" {
		s.fail(w, r, http.StatusConflict, "err_not_ready")
		return
	}
	res := j.result.(*deskResult)
	var buf bytes.Buffer
	var err error
	var name, ctype string
	switch {
	case strings.HasSuffix(r.URL.Path, "/workbook.xlsx"):
		name, ctype = "berita-acara.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		err = s.opt.Workbook(&buf, &res.Report, s.workbookOptions(res))
	case strings.HasSuffix(r.URL.Path, "/lines.csv"):
		name, ctype = "baris-ditolak-dikurangi.csv", "text/csv; charset=utf-8"
		sh := claim.Sheet{Name: "lines", Rows: [][]string{{"claim_id", "line", "verdict", "claimed", "payable", "reduced", "denied", "code", "reason", "reason_en", "ref"}}}
		for _, p := range res.Problems {
			sh.Rows = append(sh.Rows, []string{p.File, strconv.Itoa(p.Line), p.Verdict, p.Claimed.String(), p.Payable.String(),
				p.Reduced.String(), p.Denied.String(), p.Code, p.ID, p.EN, p.Ref})
		}
		err = sh.WriteCSV(&buf)
	default:
		n, perr := strconv.Atoi(strings.TrimSuffix(r.PathValue("n"), ".csv"))
		if perr != nil || n < 0 || n >= len(res.Sheets) {
			s.fail(w, r, http.StatusNotFound, "err_not_found")
			return
		}
		name, ctype = res.Sheets[n].Name+".csv", "text/csv; charset=utf-8"
		err = res.Sheets[n].WriteCSV(&buf)
	}
	if err == nil && r.URL.Query().Get("excel") == "id" && strings.HasPrefix(ctype, "text/csv") {
		// For a spreadsheet in the Indonesian locale: a BOM, and
		// semicolons (its list separator) between the fields.
		rows, rerr := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
		if rerr == nil {
			var out bytes.Buffer
			out.WriteString("\ufeff")
			cw := csv.NewWriter(&out)
			cw.Comma = ';'
			err = cw.WriteAll(rows)
			buf = out
		} else {
			err = rerr
		}
	}
	if err != nil {
		s.log.Error("web: download", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	_, _ = w.Write(buf.Bytes())
}

// hospital is a hospital of the month: its code, and its name in the
// rulebook (the code when the rulebook has none).
type hospital struct{ Code, Name string }

// hospitals are the month's hospitals, by name.
func (s *server) hospitals(res *deskResult) []hospital {
	var out []hospital
	for _, code := range res.Report.BeritaAcara.Hospitals {
		h := hospital{Code: code, Name: code}
		if f, ok := s.rb.Facility(code); ok && f.Name != "" {
			h.Name = f.Name
		}
		out = append(out, h)
	}
	return out
}

// fullMonths are the months' names, by language.
var fullMonths = map[string][12]string{
	"id": {"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"},
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
}

// longDate writes a day as a letter does: 2 Desember 2026 (2 December
// 2026).
func longDate(lang string, t time.Time) string {
	names, ok := fullMonths[lang]
	if !ok {
		names = fullMonths["id"]
	}
	return strconv.Itoa(t.Day()) + " " + names[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// monthYear writes a YYYY-MM month as Maret 2019 (March 2019); anything
// else as it is.
func monthYear(lang, ym string) string {
	t, err := time.Parse("2006-01", ym)
	if err != nil {
		return ym
	}
	names, ok := fullMonths[lang]
	if !ok {
		names = fullMonths["id"]
	}
	return names[t.Month()-1] + " " + strconv.Itoa(t.Year())
}

// wib is the time zone of Kota Bekasi, Western Indonesian Time.
var wib = time.FixedZone("WIB", 7*3600)

// workbookOptions are the workbook's options for the verified month: the
// hospitals by name, the service months, the rulebook's revision, the
// day it is made (by the pages' clock, in Kota Bekasi) and the sheet of
// files.
func (s *server) workbookOptions(res *deskResult) workbook.Options {
	var names []string
	for _, h := range s.hospitals(res) {
		names = append(names, h.Name)
	}
	return workbook.Options{Title: workbook.Title{Hospital: strings.Join(names, ", "),
		Rulebook: s.rb.Name(), Revision: s.rb.Revision(), Made: s.now().In(wib)}, Files: res.Files}
}
