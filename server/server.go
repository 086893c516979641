// Package server is the kartusehat engine behind HTTP: an http.Handler a
// host mounts in its own mux (under a prefix, with http.StripPrefix),
// with options for the bearer token, the size limits, the log, the
// metrics and the OpenAPI document. "kartusehat serve" is this handler
// with a listener, signals and flags around it.
//
// The endpoints: POST /v1/{op} (one JSON input) and /v1/{op}/batch (JSON
// Lines, streamed) for every operation of the engine, POST
// /v1/claim/verify and /v1/claim/recap (a hospital's month), GET
// /v1/rules, /v1/parameters/{path}, /healthz, /readyz, /version,
// /metrics and /openapi.json. Errors are RFC 9457 problem details
// (application/problem+json) carrying the engine's stable code and JSON
// Pointer.
package server

import (
	"context"
	"crypto/sha256"
	"errors"
	"log/slog"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/kartusehat/kartusehat"
	"github.com/kartusehat/kartusehat/rules"
)

// The server's own error codes, beside the engine's. Like those, they
// are stable.
const (
	// CodeUnauthorized: a /v1 call without the bearer token the server
	// was started with, or with another one.
	CodeUnauthorized rules.ErrorCode = "unauthorized"
	// CodeMediaType: a request body of a media type the endpoint does not
	// take.
	CodeMediaType rules.ErrorCode = "unsupported_media_type"
	// CodeNotFound: no such endpoint (or operation).
	CodeNotFound rules.ErrorCode = "not_found"
	// CodeMethod: the endpoint does not answer that HTTP method.
	CodeMethod rules.ErrorCode = "method_not_allowed"
)

// statusOf is the HTTP status of an error code: the server's own codes
// and the module's: 400 for input that is not what the operation takes,
// 413 for a body over its limit, 422 for well-formed input it will not
// decide, 500 for a fault of kartusehat. README "serve" documents the
// table.
func statusOf(code rules.ErrorCode) int {
	switch code {
	case CodeUnauthorized:
		return http.StatusUnauthorized
	case CodeMediaType:
		return http.StatusUnsupportedMediaType
	case CodeNotFound:
		return http.StatusNotFound
	case CodeMethod:
		return http.StatusMethodNotAllowed
	case rules.CodeTooLarge:
		return http.StatusRequestEntityTooLarge
	case rules.CodeInconsistent, rules.CodeRefused, rules.CodeOutOfRange, rules.CodeNoRules:
		return http.StatusUnprocessableEntity
	case rules.CodeInternal:
		return http.StatusInternalServerError
	case rules.CodeTimeout:
		return http.StatusRequestTimeout
	case rules.CodeInterrupted:
		return http.StatusServiceUnavailable
	}
	return http.StatusBadRequest
}

// The defaults of the limits.
const (
	// DefaultMaxInput bounds a single request body.
	DefaultMaxInput = kartusehat.DefaultMaxInput
	// DefaultMaxLine bounds one line of a batch.
	DefaultMaxLine = kartusehat.DefaultMaxLine
	// DefaultMaxBatch bounds a whole batch request body.
	DefaultMaxBatch = 1 << 30
	// DefaultLineTimeout bounds, in a batch, the time to read or write
	// one line.
	DefaultLineTimeout = 30 * time.Second
)

// Limits are the sizes the server takes and the time a batch may wait
// between two lines. A zero field is its default.
type Limits struct {
	// MaxInput bounds a single request body, in bytes.
	MaxInput int64
	// MaxLine bounds one line of a batch, in bytes: a longer line is
	// reported as too_large and the batch goes on.
	MaxLine int
	// MaxBatch bounds a whole batch request body, in bytes.
	MaxBatch int64
	// ReadTimeout and WriteTimeout bound, in a batch, the time to read
	// the next line and to write an answer line.
	ReadTimeout, WriteTimeout time.Duration
}

// config is what the options set.
type config struct {
	maxInput     int64
	maxLine      int
	maxBatch     int64
	readTimeout  time.Duration
	writeTimeout time.Duration
	token        *[sha256.Size]byte
	log          *slog.Logger
	metrics      bool
	openAPI      bool
	version      func(*rules.Rulebook) any
	pages        http.Handler
}

// Option sets up a Server.
type Option func(*config) error

// WithToken requires "Authorization: Bearer TOKEN" on every /v1 call;
// "" requires none. Only the token's hash is kept.
func WithToken(token string) Option {
	return func(c *config) error {
		if token == "" {
			c.token = nil
			return nil
		}
		h := sha256.Sum256([]byte(token))
		c.token = &h
		return nil
	}
}

// WithLimits sets the size limits and the batch's line timeouts.
func WithLimits(l Limits) Option {
	return func(c *config) error {
		if l.MaxInput < 0 || l.MaxLine < 0 || l.MaxBatch < 0 || l.ReadTimeout < 0 || l.WriteTimeout < 0 {
			return errors.New("server: the limits must not be negative")
		}
		if l.MaxInput > 0 {
			c.maxInput = l.MaxInput
		}
		if l.MaxLine > 0 {
			c.maxLine = l.MaxLine
		}
		if l.MaxBatch > 0 {
			c.maxBatch = l.MaxBatch
		}
		if l.ReadTimeout > 0 {
			c.readTimeout = l.ReadTimeout
		}
		if l.WriteTimeout > 0 {
			c.writeTimeout = l.WriteTimeout
		}
		return nil
	}
}

// WithLogger logs to l: an access log line per request at level info
// (never a body, so never a NIK), warnings and errors. Its handler's
// level is the log's level; slog.DiscardHandler turns it off. Without
// this option the server does not log.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) error {
		if l == nil {
			l = slog.New(slog.DiscardHandler)
		}
		c.log = l
		return nil
	}
}

// WithMetrics serves GET /metrics (the Prometheus text format: the
// project's counters and histograms, go_* and process_*) when on, the
// default; off, /metrics is not found.
func WithMetrics(on bool) Option {
	return func(c *config) error { c.metrics = on; return nil }
}

// WithOpenAPI serves GET /openapi.json, the OpenAPI 3.1 description of
// the endpoints, when on, the default.
func WithOpenAPI(on bool) Option {
	return func(c *config) error { c.openAPI = on; return nil }
}

// WithVersion answers GET /version with what v gives for the rulebook in
// use (the CLI gives the module, Go and rulebook versions); without it,
// the rulebook's name and revision.
func WithVersion(v func(*rules.Rulebook) any) Option {
	return func(c *config) error { c.version = v; return nil }
}

// WithPages serves h at every path the API does not answer (any path
// outside /v1/ that is not /healthz, /readyz, /version, /metrics or
// /openapi.json): the web pages of package web, mounted at "/". Without
// it such a path is a 404 problem.
func WithPages(h http.Handler) Option {
	return func(c *config) error { c.pages = h; return nil }
}

// Server is the engine behind HTTP, an http.Handler. The engine in use
// is swapped whole by SetEngine (a reload); a request loads it once and
// is decided on it to the end (a batch, every line of it). A Server is
// safe for concurrent use.
type Server struct {
	cfg     config
	eng     atomic.Pointer[kartusehat.Engine]
	log     *slog.Logger
	metrics *metrics
	handler http.Handler
	// stopping is closed when a shutdown begins (Stop): the batches in
	// flight finish their line in progress, read no more and say where
	// they were cut.
	stopping <-chan struct{}
	stopCtx  context.Context
	stopFunc context.CancelFunc
}

// New makes the handler of eng.
func New(eng *kartusehat.Engine, opts ...Option) (*Server, error) {
	if eng == nil {
		return nil, errors.New("server: no engine")
	}
	c := config{maxInput: DefaultMaxInput, maxLine: DefaultMaxLine, maxBatch: DefaultMaxBatch,
		readTimeout: DefaultLineTimeout, writeTimeout: DefaultLineTimeout, metrics: true, openAPI: true,
		log: slog.New(slog.DiscardHandler)}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&c); err != nil {
			return nil, err
		}
	}
	s := &Server{cfg: c, log: c.log, metrics: newMetrics()}
	s.stopCtx, s.stopFunc = context.WithCancel(context.Background())
	s.stopping = s.stopCtx.Done()
	s.eng.Store(eng)
	s.metrics.rulebook(eng.Book().Name(), eng.Book().Revision())
	s.handler = s.routes()
	return s, nil
}

// ServeHTTP answers r.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Engine is the engine in use.
func (s *Server) Engine() *kartusehat.Engine { return s.eng.Load() }

// SetEngine puts eng in use for the requests that arrive from now on
// (a reload); the requests in flight finish on the engine they began
// with. It is counted as a reload in the metrics.
func (s *Server) SetEngine(eng *kartusehat.Engine) {
	if eng == nil {
		return
	}
	s.eng.Store(eng)
	s.metrics.reload(true)
	s.metrics.rulebook(eng.Book().Name(), eng.Book().Revision())
}

// ReloadFailed counts a reload that failed (the engine in use is kept)
// in the metrics.
func (s *Server) ReloadFailed() { s.metrics.reload(false) }

// Stop tells the batches in flight that the server is shutting down:
// each finishes its line in progress, reads no more and ends with a line
// saying after which line it was cut. Call it before
// http.Server.Shutdown.
func (s *Server) Stop() { s.stopFunc() }

// TokenRequired reports whether the /v1 calls need the bearer token.
func (s *Server) TokenRequired() bool { return s.cfg.token != nil }

// OpenAPI returns the OpenAPI 3.1 description of the endpoints, as GET
// /openapi.json serves it: a host that mounts the handler under a prefix
// may serve it with its own servers entry.
func OpenAPI() []byte { return append([]byte(nil), openAPIBytes()...) }

// OpPaths are the paths of the operations the server offers at POST
// /v1/{path} and /v1/{path}/batch: the engine's operations and
// claim/adjudicate.
func OpPaths() []string {
	var names []string
	for _, so := range serveOps() {
		names = append(names, so.path)
	}
	return names
}

// StatusOf is the HTTP status of an error code: 401, 404, 405 and 415
// for the server's own codes; for the engine's, 400 for input that is not
// what the operation takes, 413 for a body over its limit, 422 for
// well-formed input it will not decide, 500 for a fault of kartusehat.
func StatusOf(code rules.ErrorCode) int { return statusOf(code) }

// Required lists the input fields the operation named op refuses as
// missing when they are absent, by path ("episode.admission"): the
// OpenAPI schemas mark them required.
func Required(op string) []string { return append([]string(nil), requiredInput[op]...) }
