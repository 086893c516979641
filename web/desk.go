package web

import (
	"bytes"
	"context"
	"encoding/csv"
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
	"github.com/kartusehat/kartusehat/rules"
	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
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
}

// deskFormats are the upload formats.
func (s *server) deskFormats() []string {
	f := []string{"auto", "jsonl", "csv", "xlsx"}
	if s.opt.EKlaim != nil {
		f = append(f, "eklaim")
	}
	return f
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

// readMonth reads the uploaded month as JSON Lines, converting a sheet or
// an E-Klaim export.
func (s *server) readMonth(r *http.Request) (data []byte, name, format string, err error) {
	f, h, err := r.FormFile("month")
	if err != nil {
		return nil, "", "", errors.New(s.tr(r, "err_no_file"))
	}
	defer f.Close()
	if h.Size > s.opt.MaxUpload {
		return nil, "", "", fmt.Errorf(s.tr(r, "err_upload_limit"), mib(s.opt.MaxUpload))
	}
	name = path.Base(strings.ReplaceAll(h.Filename, "\\", "/"))
	format = r.PostFormValue("format")
	if format == "" || format == "auto" {
		switch strings.ToLower(path.Ext(name)) {
		case ".csv":
			format = "csv"
		case ".xlsx":
			format = "xlsx"
		default:
			format = "jsonl"
		}
	}
	src := io.LimitReader(f, s.opt.MaxUpload)
	switch format {
	case "jsonl":
		data, err = io.ReadAll(src)
	case "csv":
		data, err = ReadCSV(src)
	case "xlsx":
		data, err = ReadXLSX(src)
	case "eklaim":
		if s.opt.EKlaim == nil {
			return nil, name, format, errors.New(s.tr(r, "err_format"))
		}
		var conv io.Reader
		if conv, err = s.opt.EKlaim(src); err == nil {
			data, err = io.ReadAll(io.LimitReader(conv, s.opt.MaxUpload*4))
		}
	default:
		return nil, name, format, errors.New(s.tr(r, "err_format"))
	}
	if err != nil {
		return nil, name, format, errors.New(mask.Digits(err.Error()))
	}
	return data, name, format, nil
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
	data, name, format, err := s.readMonth(r)
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
	lines := int64(bytes.Count(data, []byte("\n")))
	if len(data) > 0 && data[len(data)-1] != '\n' {
		lines++
	}
	if lines > int64(s.opt.MaxFiles) {
		s.failText(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf(s.tr(r, "err_files_limit"), s.opt.MaxFiles))
		return
	}
	j, ok := s.jobs.start("desk", mask.Digits(name), 30*time.Minute, func(ctx context.Context, j *job) (any, error) {
		j.progress(0, lines)
		return s.verify(ctx, data, budget, j)
	})
	if !ok {
		s.fail(w, r, http.StatusServiceUnavailable, "err_busy")
		return
	}
	s.log.Info("web: desk: verifying", "job", j.id, "format", format, "bytes", len(data), "lines", lines)
	http.Redirect(w, r, "/desk/job/"+j.id, http.StatusSeeOther)
}

// verify runs claim.VerifyBatch over the month.
func (s *server) verify(ctx context.Context, data []byte, budget *claim.Budget, j *job) (*deskResult, error) {
	v := claim.NewVerifier(s.rb, s.opt.Table)
	res := &deskResult{Verified: s.now(), Messages: map[string]rules.Reason{}}
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
	n := int64(0)
	rep, err := claim.VerifyBatch(ctx, bytes.NewReader(data), v, budget, func(line int, a *claim.Adjudication, err error) error {
		n++
		if n%64 == 0 {
			j.progress(n, j.total.Load())
		}
		if err != nil {
			if len(res.Errors) < 1000 {
				res.Errors = append(res.Errors, mask.Digits(err.Error()))
			}
			return nil
		}
		id := mask.Digits(a.ID)
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
		"Date": res.Verified.Format("2006-01-02"), "Workbook": true}
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
		err = s.opt.Workbook(&buf, &res.Report)
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

// DefaultWorkbook writes the report's sheets (claim.Report.Sheets) into a
// plain workbook, a sheet each: the Workbook of Options when none is set.
func DefaultWorkbook(w io.Writer, r *claim.Report) error {
	f := excelize.NewFile()
	defer f.Close()
	for i, sh := range r.Sheets() {
		name := sh.Name
		if len(name) > 31 {
			name = name[:31]
		}
		if i == 0 {
			if err := f.SetSheetName("Sheet1", name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(name); err != nil {
			return err
		}
		for ri, row := range sh.Rows {
			cells := make([]any, len(row))
			for ci, c := range row {
				if n, err := strconv.ParseInt(c, 10, 64); err == nil && ri > 0 {
					cells[ci] = n
				} else {
					cells[ci] = c
				}
			}
			if err := f.SetSheetRow(name, fmt.Sprintf("A%d", ri+1), &cells); err != nil {
				return err
			}
		}
	}
	return f.Write(w)
}
