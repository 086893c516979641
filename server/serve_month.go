package server

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"github.com/kartusehat/kartusehat"
	"github.com/kartusehat/kartusehat/internal/month"
	"io"
	"mime"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/kartusehat/kartusehat/rules"
)

// A hospital's month over HTTP: POST /v1/claim/verify and
// /v1/claim/recap run verifyMonth and recapMonth, the functions
// "kartusehat claim verify" and "claim recap" run, with the options those
// take as flags given as query parameters of the same names.

// monthServeOps are the month's operations as the server offers them, at
// POST /v1/{path} alone (no /batch: their input is already a batch).
func monthServeOps() []serveOp {
	return []serveOp{{"claim/verify", kartusehat.VerifyOp}, {"claim/recap", kartusehat.RecapOp}}
}

// mediaCSV and mediaXLSX are the media types of the report's tables.
const (
	mediaCSV  = "text/csv; charset=utf-8"
	mediaXLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// failedLinesHeader carries, on an answer made after the last line (a
// recap, a report's tables), how many lines of the batch failed: their
// errors are not in the answer.
const failedLinesHeader = "Kartusehat-Failed-Lines"

// queryOptions sets the flags registered on fs from the query's
// parameters of the same names; the parameters in own are the
// endpoint's and are skipped. A parameter fs does not have, given twice
// or with a value its flag refuses is a bad request.
func queryOptions(fs *flag.FlagSet, q url.Values, own ...string) *rules.FieldError {
	names := append([]string{}, own...)
	fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
	sort.Strings(names)
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if len(q[k]) > 1 {
			return fieldErr(rules.CodeBadValue, k, "diberikan lebih dari sekali", "given more than once")
		}
		isOwn := false
		for _, o := range own {
			isOwn = isOwn || o == k
		}
		if isOwn {
			continue
		}
		if fs.Lookup(k) == nil {
			return fieldErr(rules.CodeUnknownField, k, "parameter tidak dikenal; parameternya "+strings.Join(names, ", "), "no such parameter; the parameters are "+strings.Join(names, ", "))
		}
		if err := fs.Set(k, q.Get(k)); err != nil {
			return fieldErr(rules.CodeBadValue, k, fmt.Sprintf("%q: nilai tidak sah: %v", q.Get(k), err), fmt.Sprintf("%q: %v", q.Get(k), err))
		}
	}
	return nil
}

// answerFormat is the form of the answer the request asks for: ?format=
// when given (it must be one of formats), else the first of text/csv and
// the XLSX media type in Accept, else formats[0].
func answerFormat(r *http.Request, formats ...string) (string, *rules.FieldError) {
	if f, ok := r.URL.Query()["format"]; ok {
		for _, w := range formats {
			if len(f) == 1 && f[0] == w {
				return w, nil
			}
		}
		return "", fieldErr(rules.CodeBadValue, "format", fmt.Sprintf("%q: salah satu dari %s", strings.Join(f, ","), strings.Join(formats, ", ")), fmt.Sprintf("%q: one of %s", strings.Join(f, ","), strings.Join(formats, ", ")))
	}
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if q, err2 := strconv.ParseFloat(params["q"], 64); err != nil || (err2 == nil && q == 0) {
			continue // not a media type, or one refused ("q=0")
		}
		switch mt {
		case "text/csv":
			return "csv", nil
		case mediaXLSX:
			return "xlsx", nil
		}
	}
	return formats[0], nil
}

// handleVerify is POST /v1/claim/verify: a hospital's month, JSON Lines
// of claim files in. As JSON Lines (the default) it streams each file's
// result as it is decided and ends with the report line, {"report":
// ...}: the bytes claim verify writes. As csv or xlsx it answers the
// report's tables (claim verify --csv, --xlsx) once the month is read.
func (s *Server) handleVerify(w http.ResponseWriter, r *http.Request) {
	format, ej := answerFormat(r, "ndjson", "csv", "xlsx")
	if ej != nil {
		s.fail(w, r, ej)
		return
	}
	var o month.VerifyOptions
	fs := flag.NewFlagSet("claim verify", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	o.Register(fs)
	if ej := queryOptions(fs, r.URL.Query(), "format", "pretty", "from"); ej != nil {
		s.fail(w, r, ej)
		return
	}
	from := r.URL.Query().Get("from")
	if ej := monthFrom(from); ej != nil {
		s.fail(w, r, ej)
		return
	}
	budget, oe := o.Budget()
	if oe != nil {
		s.fail(w, r, oe.FieldError())
		return
	}
	if format == "ndjson" {
		s.streamLines(w, r, kartusehat.VerifyOp, func(eng *kartusehat.Engine, body io.Reader, sw *streamWriter, summary io.Writer) error {
			rep, err := verifyMonth(s.stopCtx, eng, body, sw, summary, s.cfg.maxLine, budget, from)
			if rep == nil {
				return err
			}
			if err := month.WriteReportLine(sw, rep); err != nil {
				return err
			}
			_ = sw.rc.Flush()
			return err
		})
		return
	}
	s.answerWhole(w, r, kartusehat.VerifyOp, format, func(eng *kartusehat.Engine, body io.Reader, acks, summary, out io.Writer) error {
		bo := kartusehat.BatchOptions{MaxLine: s.cfg.maxLine, Summary: summary, From: from}
		if format == "csv" {
			rep, err := eng.VerifyMonth(s.stopCtx, body, acks, bo, budget)
			if rep == nil {
				return err
			}
			if werr := month.WriteSheetsCSV(out, rep.Sheets(), o.CSV.D); werr != nil {
				return werr
			}
			return err
		}
		rep, files, err := eng.VerifyMonthFiles(s.stopCtx, body, acks, bo, budget)
		if rep == nil {
			return err
		}
		if werr := month.WriteMonthWorkbook(out, eng, rep, files, time.Now()); werr != nil {
			return werr
		}
		return err
	})
}

// handleRecap is POST /v1/claim/recap: SJP and claim files by month and
// service, JSON Lines of claim files in; the answer is claim recap's
// (-o json or csv; xlsx as claim recap -o xlsx=FILE writes it).
func (s *Server) handleRecap(w http.ResponseWriter, r *http.Request) {
	format, ej := answerFormat(r, "json", "csv", "xlsx")
	if ej != nil {
		s.fail(w, r, ej)
		return
	}
	fs := flag.NewFlagSet("claim recap", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var dialect month.CSVDialectFlag
	dialect.Register(fs)
	if ej := queryOptions(fs, r.URL.Query(), "format", "pretty", "from"); ej != nil {
		s.fail(w, r, ej)
		return
	}
	from := r.URL.Query().Get("from")
	if ej := monthFrom(from); ej != nil {
		s.fail(w, r, ej)
		return
	}
	s.answerWhole(w, r, kartusehat.RecapOp, format, func(eng *kartusehat.Engine, body io.Reader, acks, summary, out io.Writer) error {
		recaps, read, err := recapMonth(s.stopCtx, eng, body, acks, summary, s.cfg.maxLine, from)
		if !read {
			return err
		}
		var werr error
		if format == "xlsx" {
			werr = month.WriteRecapWorkbook(out, eng, recaps, time.Now())
		} else {
			werr = month.WriteRecap(out, recaps, format, dialect.D)
		}
		if werr != nil {
			return werr
		}
		return err
	})
}

// answerWhole answers a month's batch whose answer is made after its last
// line (a recap, a report's tables): run reads the body to its end, its
// lines' acknowledgements counted, not sent, and writes the answer to out,
// which is sent whole, in the format's media type, with the number of
// lines that failed in the Kartusehat-Failed-Lines header. A body over
// --max-batch is a 413.
func (s *Server) answerWhole(w http.ResponseWriter, r *http.Request, op *kartusehat.Op, format string, run func(eng *kartusehat.Engine, body io.Reader, acks, summary, out io.Writer) error) {
	eng := s.startBatch(w, r)
	if eng == nil {
		return
	}
	var out, summary bytes.Buffer
	acks := &lineCounter{deadlines: deadlines{rc: http.NewResponseController(w), read: s.cfg.readTimeout, write: s.cfg.writeTimeout}}
	acks.extend()
	defer s.haltOnStop(&acks.deadlines)()
	err := run(eng, http.MaxBytesReader(w, r.Body, s.cfg.maxBatch), acks, &summary, &out)
	var bf batchFailed
	var mbe *http.MaxBytesError
	switch {
	case err == nil:
	case errors.As(err, &bf):
	case errors.As(err, &mbe):
		s.fail(w, r, s.batchLimit())
		return
	default:
		s.fail(w, r, kartusehat.ErrorOf(err))
		return
	}
	s.metrics.batchLines(endpointOf(r), acks.lines-bf.Failed, bf.Failed)
	s.log.Info("batch", "op", op.Name, "summary", strings.TrimSpace(summary.String()))
	switch format {
	case "csv":
		w.Header().Set("Content-Type", mediaCSV)
	case "xlsx":
		w.Header().Set("Content-Type", mediaXLSX)
	default:
		w.Header().Set("Content-Type", mediaJSON)
	}
	w.Header().Set(failedLinesHeader, strconv.Itoa(bf.Failed))
	w.WriteHeader(http.StatusOK)
	w.Write(out.Bytes())
}

// lineCounter takes a batch's lines that are not sent: it counts them,
// keeps nothing, and moves the read and write deadlines on with every
// line, as streamWriter does, so that they bound the time between two
// lines and not the whole month.
type lineCounter struct {
	deadlines
	lines int
}

func (c *lineCounter) Write(p []byte) (int, error) { return len(p), nil }

// Flush is called by runBatch after every line.
func (c *lineCounter) Flush() {
	c.lines++
	c.extend()
}
