// Package web serves kartusehat's pages for people: the rulebook explorer
// (the parameters in force on a date, their history with citations and
// ambiguities, the instruments, facilities, exclusions, holidays and open
// points, diffs and search), the Dinkes desk (a hospital's month verified
// into a Berita Acara, with its downloads and a printable copy) and the
// reform lab (a simulated year under a baseline and one or more reforms,
// with the table and the chart).
//
// New returns an http.Handler a host mounts at "/". The pages are rendered
// on the server with html/template from embedded assets; each works without
// JavaScript, and a small script (served as a file, so that the
// Content-Security-Policy forbids inline script) adds upload progress and
// table sorting. Indonesian comes first; ?lang=en (kept in a cookie)
// switches to English.
//
// With a token in Options, every page but the login page asks for a
// session, which the login page sets as an HttpOnly, SameSite=Strict
// cookie. Every form (POST) carries a CSRF token. Uploads are bounded, and
// each limit is named in the error that enforces it. No NIK is put into a
// URL or a log line.
package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/internal/mask"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
	"github.com/kartusehat/kartusehat/workbook"
)

// Default limits.
const (
	// DefaultMaxUpload bounds one upload (a month, a sheet, a reform), in
	// bytes.
	DefaultMaxUpload = 64 << 20
	// DefaultMaxFiles bounds the claim files of one uploaded month.
	DefaultMaxFiles = 200_000
	// DefaultMaxReforms bounds the reforms uploaded to one simulation
	// (besides the three chosen by name).
	DefaultMaxReforms = 4
	// DefaultMaxScale bounds a simulation's scale, in per mille of the city.
	DefaultMaxScale = 1000
	// SessionLifetime is how long a login lasts.
	SessionLifetime = 12 * time.Hour
)

// Options configure the pages.
type Options struct {
	// Rulebook is the rulebook the pages show and decide by (nil:
	// rules.Default()).
	Rulebook *rules.Rulebook
	// Table is the INA-CBG table the desk prices with (nil: the
	// rulebook's own).
	Table *tariff.Table
	// Token, if not empty, is asked for on the login page before any
	// other page is shown.
	Token string
	// Logger logs errors and what was done (never a NIK); nil: discard.
	Logger *slog.Logger
	// MaxUpload bounds one upload in bytes (0: DefaultMaxUpload).
	MaxUpload int64
	// MaxFiles bounds the claim files of one month (0: DefaultMaxFiles).
	MaxFiles int
	// MaxScale bounds a simulation's scale in per mille (0:
	// DefaultMaxScale).
	MaxScale int64
	// Reforms holds the reforms offered by name (the *.yaml files at its
	// root, grid files left out), such as os.DirFS("examples/reforms");
	// nil offers none (uploads still work).
	Reforms fs.FS
	// Workbook writes the month's report as an XLSX workbook, with the
	// title block and the claim files in o; nil: workbook.Write, the
	// formatted workbook the CLI writes.
	Workbook func(w io.Writer, r *claim.Report, o workbook.Options) error
	// EKlaim converts an export of E-Klaim records into JSON Lines of
	// claim files (claim.File, one a line); nil: the desk reads each
	// record with interop/eklaim (eklaim.Decode, eklaim.ToFile) under
	// Rulebook, as eklaim.VerifyBatch does.
	EKlaim func(r io.Reader) (io.Reader, error)
	// LoginAttempts is how many wrong tokens one remote address may send
	// in LoginWindow before the login page refuses it, with 429, until
	// the window ends (0: DefaultLoginAttempts). Behind a reverse proxy
	// every visitor has the proxy's address.
	LoginAttempts int
	// Now is the clock of the pages (the date printed on a Berita Acara,
	// sessions); nil: time.Now.
	Now func() time.Time
}

// server is the handler New returns.
type server struct {
	opt   Options
	rb    *rules.Rulebook
	log   *slog.Logger
	key   []byte // signs sessions and CSRF tokens
	pages map[string]map[string]*pageTemplate
	mux   *http.ServeMux
	jobs  *jobs
	now   func() time.Time
	// logins throttles wrong tokens by remote address.
	logins *throttle

	refOnce sync.Once
	refList []reformFile
}

// New returns the pages' handler, to be mounted at "/".
func New(opts Options) (http.Handler, error) {
	if opts.Rulebook == nil {
		opts.Rulebook = rules.Default()
	}
	if opts.MaxUpload <= 0 {
		opts.MaxUpload = DefaultMaxUpload
	}
	if opts.MaxFiles <= 0 {
		opts.MaxFiles = DefaultMaxFiles
	}
	if opts.MaxScale <= 0 {
		opts.MaxScale = DefaultMaxScale
	}
	if opts.Workbook == nil {
		opts.Workbook = workbook.Write
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.LoginAttempts <= 0 {
		opts.LoginAttempts = DefaultLoginAttempts
	}
	lg := opts.Logger
	if lg == nil {
		lg = slog.New(slog.DiscardHandler)
	}
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("web: no random key: %w", err)
	}
	s := &server{opt: opts, rb: opts.Rulebook, log: lg, key: key, jobs: newJobs(32), now: opts.Now,
		logins: newThrottle(opts.LoginAttempts, LoginWindow)}
	var err error
	if s.pages, err = parsePages(); err != nil {
		return nil, err
	}
	s.routes()
	return s, nil
}

// ServeHTTP sets the security headers, the language and the CSRF cookie,
// asks for a session where a token is set, and refuses a POST without a
// valid CSRF token.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "+
		"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	if strings.HasPrefix(r.URL.Path, "/static/") {
		s.mux.ServeHTTP(w, r)
		return
	}
	h.Set("Cache-Control", "no-store")
	if s.opt.Token != "" && r.URL.Path != "/login" && !s.validSession(r) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead {
			http.Redirect(w, r, "/login", http.StatusSeeOther)
			return
		}
		s.fail(w, r, http.StatusUnauthorized, "err_login_needed")
		return
	}
	if r.Method == http.MethodPost && !s.csrfOK(w, r) {
		return
	}
	s.mux.ServeHTTP(w, r)
}

// Cookie names.
const (
	cookieSession = "ks_session"
	cookieCSRF    = "ks_csrf"
	cookieLang    = "lang"
	fieldCSRF     = "csrf"
)

func (s *server) mac(parts ...string) string {
	m := hmac.New(sha256.New, s.key)
	for _, p := range parts {
		io.WriteString(m, p)
		m.Write([]byte{0})
	}
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func randomText() string {
	b := make([]byte, 18)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// newSession returns a session cookie's value: the time it was made, a
// nonce, and their MAC.
func (s *server) newSession() string {
	ts := strconv.FormatInt(s.now().Unix(), 10)
	n := randomText()
	return ts + "." + n + "." + s.mac("session", ts, n)
}

func (s *server) validSession(r *http.Request) bool {
	c, err := r.Cookie(cookieSession)
	if err != nil {
		return false
	}
	p := strings.Split(c.Value, ".")
	if len(p) != 3 || subtle.ConstantTimeCompare([]byte(p[2]), []byte(s.mac("session", p[0], p[1]))) != 1 {
		return false
	}
	ts, err := strconv.ParseInt(p[0], 10, 64)
	if err != nil {
		return false
	}
	age := s.now().Sub(time.Unix(ts, 0))
	return age >= -time.Minute && age < SessionLifetime
}

// csrfSeed returns the visitor's CSRF cookie, setting a new one if it has
// none.
func (s *server) csrfSeed(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(cookieCSRF); err == nil && len(c.Value) >= 16 && len(c.Value) <= 64 {
		return c.Value
	}
	v := randomText()
	http.SetCookie(w, &http.Cookie{Name: cookieCSRF, Value: v, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil})
	// The same request's forms carry the token of this new cookie.
	r.AddCookie(&http.Cookie{Name: cookieCSRF, Value: v})
	return v
}

// csrfToken is the token the forms of a page carry: the MAC of the
// visitor's CSRF cookie.
func (s *server) csrfToken(w http.ResponseWriter, r *http.Request) string {
	return s.mac("csrf", s.csrfSeed(w, r))
}

// csrfOK checks a POST's CSRF token against the visitor's cookie, and
// answers 403 when it does not match. A multipart form is parsed here,
// within the upload limit.
func (s *server) csrfOK(w http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(w, r.Body, s.opt.MaxUpload+1<<20)
	var got string
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		// Kept in memory, within the limit: an upload holds personal
		// data, which is not to be written to temporary files.
		if err := r.ParseMultipartForm(s.opt.MaxUpload + 1<<20); err != nil {
			s.uploadError(w, r, err)
			return false
		}
	} else if err := r.ParseForm(); err != nil {
		s.uploadError(w, r, err)
		return false
	}
	got = r.PostFormValue(fieldCSRF)
	c, err := r.Cookie(cookieCSRF)
	if err != nil || got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(s.mac("csrf", c.Value))) != 1 {
		s.fail(w, r, http.StatusForbidden, "err_csrf")
		return false
	}
	return true
}

// uploadError answers a body that could not be read: 413 naming the
// limit for one too large.
func (s *server) uploadError(w http.ResponseWriter, r *http.Request, err error) {
	var mb *http.MaxBytesError
	if errors.As(err, &mb) {
		s.failText(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf(s.tr(r, "err_upload_limit"), mib(s.opt.MaxUpload)))
		return
	}
	s.failText(w, r, http.StatusBadRequest, s.tr(r, "err_bad_form")+": "+mask.Digits(err.Error()))
}

// mib writes a byte count in MiB.
func mib(n int64) string {
	if n%(1<<20) == 0 {
		return strconv.FormatInt(n>>20, 10) + " MiB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

// login is GET and POST /login.
func (s *server) login(w http.ResponseWriter, r *http.Request) {
	if s.opt.Token == "" {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	d := map[string]any{}
	if r.Method == http.MethodPost {
		key := remoteKey(r.RemoteAddr)
		if until, ok := s.logins.blocked(key, s.now()); ok {
			wait := max(until.Sub(s.now()).Round(time.Second), time.Second)
			s.log.Warn("web: login throttled", "remote", r.RemoteAddr)
			w.Header().Set("Retry-After", strconv.Itoa(int(wait/time.Second)))
			w.WriteHeader(http.StatusTooManyRequests)
			d["Error"] = fmt.Sprintf(s.tr(r, "err_login_throttled"), s.opt.LoginAttempts,
				int(LoginWindow/time.Minute), until.In(wib).Format("15:04"))
			s.render(w, r, "login", "login_title", d)
			return
		}
		tok := r.PostFormValue("token")
		if subtle.ConstantTimeCompare([]byte(tok), []byte(s.opt.Token)) == 1 {
			s.logins.reset(key)
			http.SetCookie(w, &http.Cookie{Name: cookieSession, Value: s.newSession(), Path: "/", HttpOnly: true,
				SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil, MaxAge: int(SessionLifetime / time.Second)})
			s.log.Info("web: login", "remote", r.RemoteAddr)
			http.Redirect(w, r, "/", http.StatusSeeOther)
			return
		}
		s.logins.fail(key, s.now())
		s.log.Warn("web: login refused", "remote", r.RemoteAddr)
		w.WriteHeader(http.StatusUnauthorized)
		d["Error"] = s.tr(r, "err_bad_token")
	}
	s.render(w, r, "login", "login_title", d)
}

// logout is POST /logout.
func (s *server) logout(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: cookieSession, Value: "", Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode, MaxAge: -1})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
