package main

import (
	"context"
	"errors"
	"fmt"
	"github.com/kartusehat/kartusehat"
	"github.com/kartusehat/kartusehat/examples/reforms"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/server"
	"github.com/kartusehat/kartusehat/tariff"
	"github.com/kartusehat/kartusehat/web"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"
)

// The server's own error codes (see package server).
const (
	CodeUnauthorized = string(server.CodeUnauthorized)
	CodeMediaType    = string(server.CodeMediaType)
	CodeNotFound     = string(server.CodeNotFound)
	CodeMethod       = string(server.CodeMethod)
)

// The server's defaults.
const (
	// DefaultAddr is where serve listens: this machine only.
	DefaultAddr = "127.0.0.1:8080"
	// DefaultMaxBatch bounds a whole batch request body (--max-batch).
	DefaultMaxBatch = server.DefaultMaxBatch
	// TokenEnv is the environment variable that may hold the bearer token.
	TokenEnv = "KARTUSEHAT_TOKEN"
)

// serveConfig is what "kartusehat serve" is started with.
type serveConfig struct {
	addr            string
	book            bookFlags
	inacbg          string
	token           string // "" for none
	maxInput        int64
	maxLine         int
	maxBatch        int64
	readTimeout     time.Duration
	writeTimeout    time.Duration
	idleTimeout     time.Duration
	shutdownTimeout time.Duration
	watch           time.Duration
	// pages serves the web pages at "/" (--pages); reforms is the
	// directory of the reforms they offer ("": the embedded samples).
	pages   bool
	reforms string
}

// httpServer is "kartusehat serve": the library's handler (package
// server) with the rulebook loaded from disk, reloaded on SIGHUP and
// --watch, behind a listener.
type httpServer struct {
	cfg serveConfig
	h   *server.Server
	log *slog.Logger
	// reloadMu serialises reloads (SIGHUP and --watch).
	reloadMu sync.Mutex
}

// engine is the Engine in use.
func (s *httpServer) engine() *Engine { return s.h.Engine() }

// stop tells the batches in flight that the server is shutting down.
func (s *httpServer) stop() { s.h.Stop() }

// newServer loads the rulebook (and table) of cfg: a server that cannot
// load them does not start.
func newServer(cfg serveConfig, log *slog.Logger) (*httpServer, error) {
	s := &httpServer{cfg: cfg, log: log}
	eng, err := s.loadEngine()
	if err != nil {
		return nil, err
	}
	opts := []server.Option{server.WithToken(cfg.token), server.WithLogger(log),
		server.WithLimits(server.Limits{MaxInput: cfg.maxInput, MaxLine: cfg.maxLine, MaxBatch: cfg.maxBatch,
			ReadTimeout: cfg.readTimeout, WriteTimeout: cfg.writeTimeout}),
		server.WithVersion(func(rb *rules.Rulebook) any { return buildVersion(rb) })}
	if cfg.pages {
		var ref fs.FS = reforms.FS
		if cfg.reforms != "" {
			ref = os.DirFS(cfg.reforms)
		}
		pages, err := web.New(web.Options{Rulebook: eng.Book(), Table: eng.Table(), Token: cfg.token, Logger: log, Reforms: ref})
		if err != nil {
			return nil, err
		}
		opts = append(opts, server.WithPages(pages))
	}
	s.h, err = server.New(eng, opts...)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// loadEngine builds an Engine from the rulebook directory, overlays and
// INA-CBG table of the configuration, read afresh.
func (s *httpServer) loadEngine() (*Engine, error) {
	rb, err := s.cfg.book.load()
	if err != nil {
		return nil, err
	}
	var t *tariff.Table
	if s.cfg.inacbg != "" {
		f, err := os.Open(s.cfg.inacbg)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		if t, err = loadTable(f, s.cfg.inacbg); err != nil {
			return nil, err
		}
	}
	return kartusehat.New(rb, kartusehat.WithTable(t))
}

// Reload loads the rulebook again (what SIGHUP and --watch do). A
// rulebook that fails to load is refused and logged with its errors
// (file:line each), and the one in use is kept. Requests in flight finish
// on the Engine they started with.
func (s *httpServer) Reload() error {
	s.reloadMu.Lock()
	defer s.reloadMu.Unlock()
	old := s.engine()
	eng, err := s.loadEngine()
	if err != nil {
		s.h.ReloadFailed()
		s.log.Error("rulebook reload refused; the rulebook in use is kept",
			"revision", old.Book().Revision(), "errors", strings.Split(SafeText(err.Error()), "\n"))
		return err
	}
	s.h.SetEngine(eng)
	s.log.Info("rulebook reloaded", "from", old.Book().Revision(), "revision", eng.Book().Revision(), "rulebook", eng.Book().Name())
	return nil
}

// serve answers on ln until ctx is done, then shuts down gracefully:
// it stops accepting, lets the requests in flight finish (for up to the
// shutdown timeout) and returns.
func (s *httpServer) serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s.h,
		ReadHeaderTimeout: min(s.cfg.readTimeout, 10*time.Second),
		ReadTimeout:       s.cfg.readTimeout,
		WriteTimeout:      s.cfg.writeTimeout,
		IdleTimeout:       s.cfg.idleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	served := make(chan error, 1)
	go func() { served <- hs.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down: finishing the requests in flight", "timeout", s.cfg.shutdownTimeout.String())
	s.stop()
	sctx, cancel := context.WithTimeout(context.Background(), s.cfg.shutdownTimeout)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		hs.Close()
		return fmt.Errorf("shutdown: requests still running after %s were cut: %w", s.cfg.shutdownTimeout, err)
	}
	if err := <-served; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	s.log.Info("stopped")
	return nil
}

// watch polls the files the rulebook is loaded from every interval and
// reloads when any changed, until ctx is done. It takes their state now
// and polls in its own goroutine.
func (s *httpServer) watch(ctx context.Context, interval time.Duration) {
	last := s.fingerprint()
	go s.poll(ctx, interval, last)
}

func (s *httpServer) poll(ctx context.Context, interval time.Duration, last string) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if fp := s.fingerprint(); fp != last {
			last = fp
			s.log.Info("rulebook files changed: reloading")
			_ = s.Reload() // logged by Reload
		}
	}
}

// fingerprint is the name, size and modification time of every file the
// rulebook is loaded from.
func (s *httpServer) fingerprint() string {
	var b strings.Builder
	add := func(name string) {
		if fi, err := os.Stat(name); err == nil {
			fmt.Fprintf(&b, "%s %d %d\n", name, fi.Size(), fi.ModTime().UnixNano())
		} else {
			fmt.Fprintf(&b, "%s missing\n", name)
		}
	}
	if dir := s.cfg.book.dir; dir != "" {
		if ents, err := os.ReadDir(dir); err == nil {
			for _, e := range ents {
				add(dir + string(os.PathSeparator) + e.Name())
			}
		}
	}
	for _, o := range s.cfg.book.overlays {
		add(o)
	}
	if s.cfg.inacbg != "" {
		add(s.cfg.inacbg)
	}
	return b.String()
}

const serveUsage = `Usage: kartusehat serve [--addr 127.0.0.1:8080] [--rules DIR] [--overlay FILE]... [--inacbg TABLE.csv]
                        [--token-file FILE] [--watch 2s] [--log-level info] [limits and timeouts]

The decisions as a local HTTP JSON service, on the same Engine, the same
JSON and the same error shape as the other subcommands:

  POST /v1/OP          one JSON input (application/json)
  POST /v1/OP/batch    JSON Lines (application/x-ndjson), streamed
                       OP is one of: %s
  POST /v1/claim/verify  a hospital's month (JSON Lines of claim files): each
                       file's line as decided, then {"report": ...}, as
                       "claim verify"; ?budget-year=Y&budget=RP&already-paid=RP;
                       ?format=csv or xlsx (or Accept) for the report's tables
  POST /v1/claim/recap   SJP and claims by month and service, as "claim recap";
                       ?format=json, csv or xlsx
  GET  /v1/rules?date=DATE   the rules in force on DATE (as "rules -o json")
  GET  /v1/parameters/PATH   a parameter's history (as "rules --param PATH -o json")
  GET  /healthz (the process answers), /readyz (a valid rulebook is loaded),
       /version, /metrics (the project's, go_* and process_*), /openapi.json
  GET  /       the web pages: the rulebook explorer, the Dinkes desk, the
               reform lab (in Bahasa Indonesia, ?lang=en for English); with a
               token they ask for it on a login page. They keep the rulebook
               loaded at start (a reload reaches the API, not the pages).

Answers are compact JSON, one line; ?pretty=1 indents them.

It listens on 127.0.0.1 unless --addr says otherwise. With --token-file
(or the environment variable KARTUSEHAT_TOKEN) every /v1 call needs
"Authorization: Bearer TOKEN". SIGHUP (or a change seen by --watch) loads
the rulebook again; one that fails to load is refused and the one in use
kept. SIGTERM or SIGINT stops it after the requests in flight finish: a
batch in flight finishes its line in progress and ends with a line saying
after which line it was cut.
The log (JSON, a line per request at level info) goes to standard error;
--log-level sets its level (warn, error: no access log; off: no log).

Flags:
`

func cmdServe(e *env, args []string) error {
	fs := newFlagSet("serve", e)
	var cfg serveConfig
	cfg.book.register(fs)
	fs.StringVar(&cfg.addr, "addr", DefaultAddr, "host:port to listen on (port 0: any free port, logged)")
	fs.StringVar(&cfg.inacbg, "inacbg", "", "INA-CBG tariff table (CSV) for price; default: the rulebook's own")
	tokenFile := fs.String("token-file", "", "file holding the bearer token every /v1 call must carry (default: $"+TokenEnv+" if set, else none)")
	maxInput := fs.Int("max-input", DefaultMaxInput, "the largest single request body, in bytes")
	fs.IntVar(&cfg.maxLine, "max-line", DefaultMaxLine, "the largest batch line, in bytes; a longer line is reported and the batch goes on")
	fs.Int64Var(&cfg.maxBatch, "max-batch", DefaultMaxBatch, "the largest batch request body, in bytes")
	fs.DurationVar(&cfg.readTimeout, "read-timeout", 30*time.Second, "time to read a request (for a batch: between two lines)")
	fs.DurationVar(&cfg.writeTimeout, "write-timeout", 30*time.Second, "time to write a response (for a batch: between two lines)")
	fs.DurationVar(&cfg.idleTimeout, "idle-timeout", 2*time.Minute, "how long an idle keep-alive connection is kept")
	fs.DurationVar(&cfg.shutdownTimeout, "shutdown-timeout", 30*time.Second, "how long a shutdown waits for the requests in flight")
	fs.DurationVar(&cfg.watch, "watch", 0, "poll the rulebook, overlay and table files this often and reload on a change (0: only on SIGHUP)")
	fs.BoolVar(&cfg.pages, "pages", true, "serve the web pages at / (the rulebook explorer, the Dinkes desk, the reform lab); --pages=false serves the API alone")
	fs.StringVar(&cfg.reforms, "reforms", "", "directory of the reform overlays (*.yaml) the pages offer (default: the project's sample reforms, built in)")
	logLevel := fs.String("log-level", "info", "the log's level: debug, info, warn, error, or off (no log); the access log is at info, a line per request")
	fs.Usage = func() {
		names := server.OpPaths()
		fmt.Fprintf(fs.Output(), serveUsage, strings.Join(names, ", "))
		printDefaults(fs)
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *maxInput <= 0 || cfg.maxLine <= 0 || cfg.maxBatch <= 0 {
		return usageError{msg: "--max-input, --max-line and --max-batch must be positive"}
	}
	if cfg.readTimeout <= 0 || cfg.writeTimeout <= 0 || cfg.idleTimeout <= 0 || cfg.shutdownTimeout <= 0 || cfg.watch < 0 {
		return usageError{msg: "the timeouts must be positive (and --watch 0 or positive)"}
	}
	cfg.maxInput = int64(*maxInput)
	tok, err := readToken(*tokenFile, os.Getenv(TokenEnv))
	if err != nil {
		return usageError{msg: err.Error()}
	}
	cfg.token = tok
	log, err := newLogger(e.stderr, *logLevel)
	if err != nil {
		return usageError{msg: err.Error(), usage: synopsis(fs)}
	}
	s, err := newServer(cfg, log)
	if err != nil {
		return err
	}
	// The signals are ours before anyone can learn where we listen: a
	// SIGHUP just after the start reloads, it does not kill.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return err
	}
	if host, _, _ := net.SplitHostPort(cfg.addr); !isLoopback(host) {
		log.Warn("listening beyond this machine: every host that can reach this address can call the service", "addr", cfg.addr, "token_required", s.h.TokenRequired())
	}
	eng := s.engine()
	log.Info("listening", "addr", ln.Addr().String(), "rulebook", eng.Book().Name(), "revision", eng.Book().Revision(), "token_required", s.h.TokenRequired())

	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				log.Info("SIGHUP: reloading the rulebook")
				_ = s.Reload()
			}
		}
	}()
	if cfg.watch > 0 {
		s.watch(ctx, cfg.watch)
	}
	return s.serve(ctx, ln)
}

// newLogger is the server's log at level (--log-level): JSON lines on w,
// or nothing for "off".
func newLogger(w io.Writer, level string) (*slog.Logger, error) {
	var l slog.Level
	switch level {
	case "off":
		return slog.New(slog.DiscardHandler), nil
	case "debug":
		l = slog.LevelDebug
	case "info":
		l = slog.LevelInfo
	case "warn":
		l = slog.LevelWarn
	case "error":
		l = slog.LevelError
	default:
		return nil, fmt.Errorf("--log-level %q: debug, info, warn, error or off", SafeText(level))
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l})), nil
}

// readToken reads the bearer token from a file (first line, trimmed), or
// else takes the environment's; "" means no token.
func readToken(file, fromEnv string) (string, error) {
	if file == "" {
		return strings.TrimSpace(fromEnv), nil
	}
	f, err := os.Open(file)
	if err != nil {
		return "", fmt.Errorf("--token-file: %v", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, 4096))
	if err != nil {
		return "", fmt.Errorf("--token-file: %v", err)
	}
	tok := strings.TrimSpace(string(b))
	if tok == "" || strings.ContainsAny(tok, " \t\r\n") {
		return "", fmt.Errorf("--token-file %s: expected one token of visible characters on one line", file)
	}
	return tok, nil
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
