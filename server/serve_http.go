package server

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/kartusehat/kartusehat"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/kartusehat/kartusehat/internal/fault"
	"github.com/kartusehat/kartusehat/rules"
)

// The media types of the server.
const (
	mediaJSON   = "application/json"
	mediaNDJSON = "application/x-ndjson"
)

// revisionHeader carries the revision of the rulebook that decided an
// answer: after a reload a host can tell which one did.
const revisionHeader = "Kartusehat-Revision"

// ndjsonTypes are the media types a batch body may be sent as.
var ndjsonTypes = map[string]bool{mediaNDJSON: true, "application/jsonl": true, "application/x-jsonlines": true}

//go:embed serve_openapi.json
var openAPIDoc []byte

// routes is the Server's handler: the access log and metrics around the
// endpoints.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/v1/{op}", s.v1(s.method(http.MethodPost, s.handleOp)))
	mux.Handle("/v1/{op}/batch", s.v1(s.method(http.MethodPost, s.handleBatch)))
	for _, so := range serveOps() {
		if so.path != so.op.Name { // the others are /v1/{op}
			mux.Handle("/v1/"+so.path, s.v1(s.method(http.MethodPost, s.handleOp)))
			mux.Handle("/v1/"+so.path+"/batch", s.v1(s.method(http.MethodPost, s.handleBatch)))
		}
	}
	s.fhirRoutes(mux)
	mux.Handle("/v1/claim/verify", s.v1(s.method(http.MethodPost, s.handleVerify)))
	mux.Handle("/v1/claim/recap", s.v1(s.method(http.MethodPost, s.handleRecap)))
	mux.Handle("/v1/rules", s.v1(s.method(http.MethodGet, s.handleRules)))
	mux.Handle("/healthz", s.method(http.MethodGet, func(w http.ResponseWriter, r *http.Request) {
		writeHTTPJSON(w, r, http.StatusOK, map[string]string{"status": "ok"})
	}))
	mux.Handle("/readyz", s.method(http.MethodGet, s.handleReady))
	mux.Handle("/version", s.method(http.MethodGet, func(w http.ResponseWriter, r *http.Request) {
		writeHTTPJSON(w, r, http.StatusOK, s.version(s.eng.Load().Book()))
	}))
	if s.cfg.metrics {
		mux.Handle("/metrics", s.method(http.MethodGet, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
			s.metrics.write(w)
			writeRuntimeMetrics(w)
		}))
	}
	if s.cfg.openAPI {
		mux.Handle("/openapi.json", s.method(http.MethodGet, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", mediaJSON)
			w.Write(openAPIBytes())
		}))
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if s.cfg.pages != nil && !strings.HasPrefix(r.URL.Path, "/v1/") {
			s.cfg.pages.ServeHTTP(w, r)
			return
		}
		s.fail(w, r, fieldErr(CodeNotFound, "", "endpoint tidak dikenal (GET /openapi.json mendaftarnya)", "no such endpoint (GET /openapi.json lists them)"))
	})
	// /v1/parameters/{path} has a mux of its own: on the one mux its
	// pattern would conflict with /v1/{op}/batch (/v1/parameters/batch
	// matches both).
	params := http.NewServeMux()
	params.Handle("/v1/parameters/{path}", s.v1(s.method(http.MethodGet, s.handleParameter)))
	params.Handle("/", mux)
	root := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/v1/parameters/") {
			params.ServeHTTP(w, r)
			return
		}
		mux.ServeHTTP(w, r)
	})
	return s.logged(root)
}

// method answers only m (and HEAD for GET); any other method is a 405 in
// the error shape.
func (s *Server) method(m string, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != m && !(m == http.MethodGet && r.Method == http.MethodHead) {
			if strings.Contains(r.Pattern, "{op}") {
				if _, ok := serveOpAt(opPath(r)); !ok {
					s.opOf(w, r) // no such operation: a 404, whatever the method
					return
				}
			}
			w.Header().Set("Allow", m)
			s.fail(w, r, fieldErr(CodeMethod, "", fmt.Sprintf("endpoint ini hanya menjawab %s", m), fmt.Sprintf("this endpoint answers %s only", m)))
			return
		}
		h(w, r)
	})
}

// v1 guards the /v1 endpoints with the bearer token, when there is one.
func (s *Server) v1(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.authorized(r) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="kartusehat"`)
			s.fail(w, r, fieldErr(CodeUnauthorized, "", `server ini mewajibkan "Authorization: Bearer TOKEN" dengan tokennya`, `this server requires "Authorization: Bearer TOKEN" with its token`))
			return
		}
		h.ServeHTTP(w, r)
	})
}

// serveOp is an operation of the Engine as the server offers it, at
// POST /v1/{path} and /v1/{path}/batch.
type serveOp struct {
	path string
	op   *kartusehat.Op
}

// serveOps are the server's operations: the Engine's Ops, each at its
// name, claim adjudicate at claim/adjudicate, and the whole stay at stay.
// (claim verify and claim recap, a month's batch with its report at the
// end, are served at /v1/claim/verify and /v1/claim/recap alone: see
// serve_month.go.)
func serveOps() []serveOp {
	out := make([]serveOp, 0, len(kartusehat.Ops)+2)
	for _, op := range kartusehat.Ops {
		out = append(out, serveOp{op.Name, op})
	}
	return append(out, serveOp{"claim/adjudicate", kartusehat.AdjudicateOp}, serveOp{"stay", kartusehat.StayOp})
}

// serveOpList is serveOps, built once: serveOpAt runs on every request.
var serveOpList = sync.OnceValue(serveOps)

// serveOpAt returns the operation served at path.
func serveOpAt(path string) (*kartusehat.Op, bool) {
	for _, so := range serveOpList() {
		if so.path == path {
			return so.op, true
		}
	}
	return nil, false
}

// opPath is the operation path of a request to an operation's endpoint
// ("price", "claim/adjudicate").
func opPath(r *http.Request) string {
	if v := r.PathValue("op"); v != "" {
		return v
	}
	p := strings.TrimPrefix(r.Pattern, "/v1/")
	return strings.TrimSuffix(p, "/batch")
}

// opOf returns the operation the path names, or answers 404.
func (s *Server) opOf(w http.ResponseWriter, r *http.Request) (*kartusehat.Op, bool) {
	op, ok := serveOpAt(opPath(r))
	if !ok {
		var names []string
		for _, so := range serveOps() {
			names = append(names, so.path)
		}
		s.fail(w, r, fieldErr(CodeNotFound, "", "operasi tidak dikenal; operasinya "+strings.Join(names, ", "), "no such operation; the operations are "+strings.Join(names, ", ")))
	}
	return op, ok
}

// mediaOK checks the request's Content-Type against the allowed types,
// or answers 415.
func (s *Server) mediaOK(w http.ResponseWriter, r *http.Request, allowed map[string]bool, want string) bool {
	ct := r.Header.Get("Content-Type")
	if allowed[ct] { // a bare media type, as clients send it: nothing to parse
		return true
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err == nil && allowed[mt] {
		if cs, ok := params["charset"]; !ok || strings.EqualFold(cs, "utf-8") {
			return true
		}
	}
	w.Header().Set("Accept-Post", want)
	s.fail(w, r, fieldErr(CodeMediaType, "", fmt.Sprintf("kirim badan permintaan sebagai %s (UTF-8)", want), fmt.Sprintf("send the body as %s (UTF-8)", want)))
	return false
}

// handleOp is POST /v1/{op}: one input, the CLI's output or its error.
func (s *Server) handleOp(w http.ResponseWriter, r *http.Request) {
	op, ok := s.opOf(w, r)
	if !ok || !s.mediaOK(w, r, map[string]bool{mediaJSON: true}, mediaJSON) {
		return
	}
	op, ej := formatOp(r, op)
	if ej != nil {
		s.fail(w, r, ej)
		return
	}
	eng := s.eng.Load()
	w.Header().Set(revisionHeader, eng.Book().Revision())
	limit := s.cfg.maxInput
	var raw []byte
	var err error
	in, out := getBuf(), getBuf() // pooled: see pool.go
	defer putBuf(in)
	defer putBuf(out)
	if r.ContentLength > limit {
		err = fault.Limit("masukan", "the input", "--max-input", limit)
	} else {
		raw, err = readLimitedInto(in, http.MaxBytesReader(w, r.Body, limit+1), limit, "--max-input")
	}
	var res any
	if err == nil {
		_, res, err = eng.Do(op, raw)
	}
	if err != nil {
		// Every bad field of the input, up to rules.MaxFieldErrors, in
		// the problem's list; the first is the problem's own.
		errs := kartusehat.ErrorsOf(err)
		errs[0] = fault.WithHint(errs[0], "POST JSON Lines ke /v1/"+opPath(r)+"/batch", "POST JSON Lines to /v1/"+opPath(r)+"/batch")
		s.fail(w, r, errs...)
		return
	}
	body, err := appendHTTP((*out)[:0], r, res)
	*out = body
	if err != nil {
		s.fail(w, r, fieldErr(rules.CodeInternal, "", "hasilnya tidak dapat ditulis sebagai JSON", "the result could not be written as JSON"))
		return
	}
	w.Header().Set("Content-Type", mediaJSON)
	w.WriteHeader(http.StatusOK)
	w.Write(body)
}

// handleBatch is POST /v1/{op}/batch: JSON Lines in, one result or error
// line out per input line, each written and flushed as soon as it is
// decided, all on the Engine in use when the request arrived.
func (s *Server) handleBatch(w http.ResponseWriter, r *http.Request) {
	op, ok := s.opOf(w, r)
	if !ok {
		return
	}
	op, ej := formatOp(r, op)
	if ej != nil {
		s.fail(w, r, ej)
		return
	}
	s.streamLines(w, r, op, func(eng *kartusehat.Engine, body io.Reader, sw *streamWriter, summary io.Writer) error {
		return runBatch(s.stopCtx, eng, op, body, sw, summary, s.cfg.maxLine)
	})
}

// startBatch checks a JSON Lines request's media type and declared length
// (a 415 or 413, answered here) and returns the Engine in use, its
// revision in the response's header; nil when it has answered.
func (s *Server) startBatch(w http.ResponseWriter, r *http.Request) *kartusehat.Engine {
	if !s.mediaOK(w, r, ndjsonTypes, mediaNDJSON) {
		return nil
	}
	if r.ContentLength > s.cfg.maxBatch {
		s.fail(w, r, s.batchLimit())
		return nil
	}
	eng := s.eng.Load()
	w.Header().Set(revisionHeader, eng.Book().Revision())
	return eng
}

// streamLines answers a batch as a stream of JSON Lines: run reads the
// body and writes its lines to sw, each handed to the client as soon as
// it is flushed, all on the Engine in use when the request arrived. The
// status is 200 once streaming starts; a body cut at --max-batch ends
// with a lone {"error": ...} line.
func (s *Server) streamLines(w http.ResponseWriter, r *http.Request, op *kartusehat.Op, run func(eng *kartusehat.Engine, body io.Reader, sw *streamWriter, summary io.Writer) error) {
	eng := s.startBatch(w, r)
	if eng == nil {
		return
	}
	rc := http.NewResponseController(w)
	// Results stream while the body is still being read.
	_ = rc.EnableFullDuplex()
	w.Header().Set("Content-Type", mediaNDJSON)
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if r.ContentLength < 0 {
		// A body of unknown length may run past --max-batch after the
		// answer has begun; the connection is then closed, so say so now
		// rather than let the client reuse it.
		w.Header().Set("Connection", "close")
	}
	w.WriteHeader(http.StatusOK)
	sw := &streamWriter{w: w, deadlines: deadlines{rc: rc, read: s.cfg.readTimeout, write: s.cfg.writeTimeout}}
	sw.extend()
	defer s.haltOnStop(&sw.deadlines)()
	var summary bytes.Buffer
	body := http.MaxBytesReader(w, r.Body, s.cfg.maxBatch)
	err := run(eng, body, sw, &summary)
	var bf batchFailed
	var mbe *http.MaxBytesError
	var cut errBatchCut
	lines, failed := sw.lines, 0
	switch {
	case err == nil:
	case errors.As(err, &bf):
		failed = bf.Failed
	case errors.As(err, &cut):
		// The last line says where the batch was cut; the response ends
		// cleanly.
		s.metrics.error(endpointOf(r), rules.CodeInterrupted)
		s.log.Warn("batch cut by the shutdown", "path", r.URL.Path, "cut_after_line", cut.After)
	case errors.As(err, &mbe):
		// The lines read so far are answered; the rest of the body is not
		// read. The last line says so.
		line, _ := json.Marshal(map[string]*rules.FieldError{"error": s.batchLimit()})
		sw.Write(append(line, '\n'))
		sw.Flush()
		s.metrics.error(endpointOf(r), rules.CodeTooLarge)
	default:
		// Cut short (a body that broke off; a month's report that could
		// not be made): the last line says so, if the client still reads.
		ej := kartusehat.ErrorOf(err)
		line, _ := json.Marshal(map[string]*rules.FieldError{"error": ej})
		sw.Write(append(line, '\n'))
		sw.Flush()
		s.metrics.error(endpointOf(r), ej.Code)
		s.log.Warn("batch cut short", "path", r.URL.Path, "lines", lines, "error", fault.SafeText(err.Error()))
	}
	s.metrics.batchLines(endpointOf(r), lines-failed, failed)
	s.log.Info("batch", "op", op.Name, "summary", strings.TrimSpace(summary.String()))
}

// deadlines moves a batch's read and write deadlines on with every line:
// for a batch they bound the time between two lines, not the whole
// stream. Once halted (a shutdown) the read deadline is in the past, so
// that a read waiting for a line that does not come returns at once.
type deadlines struct {
	rc          *http.ResponseController
	read, write time.Duration
	mu          sync.Mutex
	halted      bool
}

func (d *deadlines) extend() {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := time.Now()
	if !d.halted {
		_ = d.rc.SetReadDeadline(now.Add(d.read))
	}
	_ = d.rc.SetWriteDeadline(now.Add(d.write))
}

func (d *deadlines) halt() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.halted = true
	_ = d.rc.SetReadDeadline(time.Now())
}

// haltOnStop halts d's reads when the server begins to shut down, until
// the returned function is called (when the handler is done).
func (s *Server) haltOnStop(d *deadlines) (done func()) {
	ch := make(chan struct{})
	go func() {
		select {
		case <-s.stopping:
			d.halt()
		case <-ch:
		}
	}()
	return func() { close(ch) }
}

// streamWriter hands each batch line to the client as it is decided, and
// moves the read and write deadlines on with every line.
type streamWriter struct {
	w http.ResponseWriter
	deadlines
	lines int
}

func (sw *streamWriter) Write(p []byte) (int, error) { return sw.w.Write(p) }

// Flush is called by runBatch after every line: it hands the line to the
// client and moves the deadlines on.
func (sw *streamWriter) Flush() {
	sw.lines++
	sw.extend()
	_ = sw.rc.Flush()
}

// handleRules is GET /v1/rules?date=DATE: the CLI's "rules -o json".
// ?at= is the deprecated name of ?date=.
func (s *Server) handleRules(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	for k, v := range q {
		if k != "date" && k != "at" && k != "ambiguities" && k != "pretty" {
			s.fail(w, r, fieldErr(rules.CodeUnknownField, k, "parameter tidak dikenal; parameternya date, ambiguities, pretty", "no such parameter; the parameters are date, ambiguities, pretty"))
			return
		}
		if len(v) > 1 {
			s.fail(w, r, fieldErr(rules.CodeBadValue, k, "diberikan lebih dari sekali", "given more than once"))
			return
		}
	}
	name := "date"
	if q.Has("at") {
		if q.Has("date") {
			s.fail(w, r, fieldErr(rules.CodeBadValue, "at", "at adalah nama lama date: berikan salah satunya", "at is the old name of date: give one of them"))
			return
		}
		name = "at"
	}
	at := q.Get(name)
	if at == "" {
		s.fail(w, r, fieldErr(rules.CodeMissing, "date", "wajib diisi: tanggalnya, ?date=YYYY-MM-DD", "required: the date, ?date=YYYY-MM-DD"))
		return
	}
	date, err := rules.ParseDate(at)
	if err != nil {
		ej := kartusehat.ErrorOf(err)
		ej.Pointer = name
		s.fail(w, r, ej)
		return
	}
	amb := false
	if v, ok := q["ambiguities"]; ok {
		switch v[0] {
		case "true", "1":
			amb = true
		case "false", "0":
		default:
			s.fail(w, r, fieldErr(rules.CodeBadValue, "ambiguities", fmt.Sprintf("%q: true, false, 1 atau 0", v[0]), fmt.Sprintf("%q: true, false, 1 or 0", v[0])))
			return
		}
	}
	eng := s.eng.Load()
	w.Header().Set(revisionHeader, eng.Book().Revision())
	writeHTTPJSON(w, r, http.StatusOK, eng.Rules(date, amb))
}

// handleParameter is GET /v1/parameters/{path}: a parameter's history,
// every dated value with its citation (the CLI's "rules --param PATH -o
// json").
func (s *Server) handleParameter(w http.ResponseWriter, r *http.Request) {
	for k := range r.URL.Query() {
		if k != "pretty" {
			s.fail(w, r, fieldErr(rules.CodeUnknownField, k, "parameter tidak dikenal; parameternya pretty", "no such parameter; the parameters are pretty"))
			return
		}
	}
	eng := s.eng.Load()
	w.Header().Set(revisionHeader, eng.Book().Revision())
	h, err := eng.ParamHistory(r.PathValue("path"))
	if err != nil {
		s.fail(w, r, fieldErr(CodeNotFound, "path", "parameter tidak ada dalam buku aturan: "+err.Error(), err.Error()))
		return
	}
	writeHTTPJSON(w, r, http.StatusOK, h)
}

// handleReady is GET /readyz: 200 when a rulebook is loaded and valid
// (the one in use passed the loader's checks, and its date's snapshot
// answers), 503 otherwise. /healthz only says the process answers.
func (s *Server) handleReady(w http.ResponseWriter, r *http.Request) {
	eng := s.eng.Load()
	if eng == nil || eng.Book() == nil {
		w.Header().Set("Retry-After", "1")
		writeHTTPJSON(w, r, http.StatusServiceUnavailable, struct {
			Status string `json:"status"`
			Reason string `json:"reason"`
		}{"not_ready", "no rulebook loaded"})
		return
	}
	writeHTTPJSON(w, r, http.StatusOK, struct {
		Status   string `json:"status"`
		Rulebook string `json:"rulebook"`
		Revision string `json:"revision"`
	}{"ready", eng.Book().Name(), eng.Book().Revision()})
}

// pretty reports whether the request asks for indented JSON: ?pretty=1
// (or true). Without it the server answers compact JSON, one line.
func pretty(r *http.Request) bool {
	if r == nil || r.URL.RawQuery == "" {
		return false
	}
	switch r.URL.Query().Get("pretty") {
	case "1", "true":
		return true
	}
	return false
}

// encodeHTTP writes v as the answer to r: compact, or indented on
// ?pretty=1.
func encodeHTTP(w io.Writer, r *http.Request, v any) error {
	if pretty(r) {
		return writeJSON(w, v)
	}
	return writeJSONLine(w, v)
}

// writeHTTPJSON answers r with v as JSON at status: compact, or indented
// on ?pretty=1.
func writeHTTPJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	var buf bytes.Buffer
	if err := encodeHTTP(&buf, r, v); err != nil {
		writeProblem(w, r, problemOf(fieldErr(rules.CodeInternal, "", "jawabannya tidak dapat ditulis sebagai JSON", "the answer could not be written as JSON")))
		return
	}
	w.Header().Set("Content-Type", mediaJSON)
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// endpointOf names a request's endpoint for metrics and the log: the
// route, with the operation filled in ("/v1/price/batch"), never the raw
// path (which a client may fill with anything).
func endpointOf(r *http.Request) string {
	p := r.Pattern
	if p == "" || p == "/" {
		return "other"
	}
	if strings.Contains(p, "{op}") {
		if _, ok := serveOpAt(r.PathValue("op")); !ok {
			return "other"
		}
		p = strings.Replace(p, "{op}", r.PathValue("op"), 1)
	}
	return p
}

// statusRecorder remembers the status and size of a response.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (sr *statusRecorder) WriteHeader(code int) {
	if sr.status == 0 {
		sr.status = code
	}
	sr.ResponseWriter.WriteHeader(code)
}

func (sr *statusRecorder) Write(p []byte) (int, error) {
	if sr.status == 0 {
		sr.status = http.StatusOK
	}
	n, err := sr.ResponseWriter.Write(p)
	sr.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection (flush,
// deadlines, full duplex).
func (sr *statusRecorder) Unwrap() http.ResponseWriter { return sr.ResponseWriter }

// logged writes one access log line per request (method, path, endpoint,
// status, size, duration; never a body, so never a NIK) and counts it in
// the metrics.
func (s *Server) logged(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		d := time.Since(start)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		ep := endpointOf(r)
		s.metrics.request(ep, rec.status, d)
		if !s.log.Enabled(r.Context(), slog.LevelInfo) {
			return // --log-level warn, error or off
		}
		// LogAttrs: the same line as Info's key-value pairs, without
		// boxing each value.
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request", slog.String("method", r.Method),
			slog.String("path", fault.SafeText(r.URL.Path)), slog.String("endpoint", ep),
			slog.Int("status", rec.status), slog.Int64("bytes", rec.bytes),
			slog.Float64("duration_ms", float64(d.Microseconds())/1000), slog.String("remote", r.RemoteAddr))
	})
}

// version is the answer of GET /version for the rulebook rb.
func (s *Server) version(rb *rules.Rulebook) any {
	if s.cfg.version != nil {
		return s.cfg.version(rb)
	}
	return struct {
		Rulebook         string `json:"rulebook"`
		RulebookRevision string `json:"rulebook_revision"`
	}{rb.Name(), rb.Revision()}
}

// authorized reports whether r carries the server's bearer token. The
// hashes are compared in constant time, so neither the token's bytes nor
// its length leak through timing.
func (s *Server) authorized(r *http.Request) bool {
	if s.cfg.token == nil {
		return true
	}
	// The scheme is case-insensitive (RFC 9110 11.1): "bearer" too.
	auth := r.Header.Get("Authorization")
	scheme, given, ok := strings.Cut(auth, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	h := sha256.Sum256([]byte(strings.TrimSpace(given)))
	return subtle.ConstantTimeCompare(h[:], s.cfg.token[:]) == 1
}
