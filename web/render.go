package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

//go:embed assets
var assets embed.FS

// pageNames are the templates of assets/templates, one page each.
var pageNames = []string{"login", "home", "error", "rules", "param", "instruments", "facilities", "lists",
	"ambiguities", "diff", "reformdiff", "search", "desk", "job", "report", "print", "lab", "labresult"}

// pageTemplate is a page in each language.
type pageTemplate = template.Template

// langs are the languages of the pages, the first the default.
var langs = []string{"id", "en"}

// parsePages parses every page with the layout, once for each language
// (the t function is bound to the language).
func parsePages() (map[string]map[string]*pageTemplate, error) {
	out := map[string]map[string]*pageTemplate{}
	for _, lang := range langs {
		out[lang] = map[string]*pageTemplate{}
		for _, name := range pageNames {
			t, err := template.New("layout.html").Funcs(funcs(lang)).ParseFS(assets,
				"assets/templates/layout.html", "assets/templates/partials.html", "assets/templates/"+name+".html")
			if err != nil {
				return nil, fmt.Errorf("web: template %s: %w", name, err)
			}
			out[lang][name] = t
		}
	}
	return out, nil
}

// funcs are the templates' functions in lang.
func funcs(lang string) template.FuncMap {
	return template.FuncMap{
		"t":  func(key string) string { return tr(lang, key) },
		"tf": func(key string, a ...any) string { return fmt.Sprintf(tr(lang, key), a...) },
		"rp": func(d decimal.Decimal) string { return rupiah(lang, d) },
		"rpi": func(n int64) string {
			return rupiah(lang, decimal.NewFromInt(n))
		},
		"num": func(n any) string {
			switch v := n.(type) {
			case int:
				return group(lang, int64(v))
			case int64:
				return group(lang, v)
			}
			return fmt.Sprint(n)
		},
		"pct":    func(a, b int64) string { return percentChange(lang, a, b) },
		"ref":    refURL,
		"pick":   func(id, en string) string { return pickLang(lang, id, en) },
		"add":    func(a, b int) int { return a + b },
		"anchor": anchor,
		// label is the text of "label_"+key where there is one, else key.
		"label": func(key string) string {
			if _, ok := messages["label_"+key]; ok {
				return tr(lang, "label_"+key)
			}
			return key
		},
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m
		},
	}
}

func pickLang(lang, id, en string) string {
	if lang == "en" && en != "" {
		return en
	}
	return id
}

// refURL links a citation to the explorer's search.
func refURL(ref string) template.URL {
	return template.URL("/rules/search?q=" + url.QueryEscape(ref))
}

// group writes n with thousands separators: dots in Indonesian, commas
// in English.
func group(lang string, n int64) string {
	sep := "."
	if lang == "en" {
		sep = ","
	}
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	return b.String()
}

// rupiah writes a whole-rupiah amount as Rp 54.150.000.
func rupiah(lang string, d decimal.Decimal) string {
	if !d.IsInteger() {
		return "Rp " + d.String()
	}
	if d.IsNegative() {
		return "-Rp " + group(lang, -d.IntPart())
	}
	return "Rp " + group(lang, d.IntPart())
}

// percentChange is (b - a) / a in per cent, one decimal; "–" when a is 0.
func percentChange(lang string, a, b int64) string {
	if a == 0 {
		return "–"
	}
	p := decimal.NewFromInt(b - a).Mul(decimal.NewFromInt(100)).Div(decimal.NewFromInt(a)).Round(1)
	s := p.StringFixed(1)
	if lang != "en" {
		s = strings.Replace(s, ".", ",", 1)
	}
	if p.IsPositive() {
		s = "+" + s
	}
	return s + " %"
}

// langOf is the request's language: ?lang=, else the lang cookie, else
// Indonesian.
func langOf(r *http.Request) string {
	for _, v := range []string{r.URL.Query().Get("lang"), cookieValue(r, cookieLang)} {
		for _, l := range langs {
			if v == l {
				return l
			}
		}
	}
	return langs[0]
}

func cookieValue(r *http.Request, name string) string {
	if c, err := r.Cookie(name); err == nil {
		return c.Value
	}
	return ""
}

// page is what the layout reads.
type page struct {
	Lang      string
	Title     string
	Nav       string // the section: rules, desk, lab
	CSRF      string
	Switch    template.URL // this page in the other language
	SwitchTo  string
	LoginUsed bool
	Refresh   int // seconds; 0: none
	Data      any
}

// tr is the key in the request's language.
func (s *server) tr(r *http.Request, key string) string { return tr(langOf(r), key) }

// render writes the page name with data, in the request's language.
func (s *server) render(w http.ResponseWriter, r *http.Request, name, titleKey string, data any) {
	s.renderPage(w, r, name, &page{Title: titleKey, Data: data})
}

func (s *server) renderPage(w http.ResponseWriter, r *http.Request, name string, p *page) {
	lang := langOf(r)
	if q := r.URL.Query().Get("lang"); q == lang && cookieValue(r, cookieLang) != lang {
		http.SetCookie(w, &http.Cookie{Name: cookieLang, Value: lang, Path: "/", SameSite: http.SameSiteStrictMode, MaxAge: 365 * 24 * 3600})
	}
	p.Lang = lang
	p.Title = tr(lang, p.Title)
	p.CSRF = s.csrfToken(w, r)
	p.LoginUsed = s.opt.Token != ""
	if p.Nav == "" {
		p.Nav = strings.SplitN(strings.TrimPrefix(r.URL.Path, "/"), "/", 2)[0]
	}
	other := "en"
	if lang == "en" {
		other = "id"
	}
	u := *r.URL
	q := u.Query()
	q.Set("lang", other)
	u.RawQuery = q.Encode()
	if r.Method != http.MethodGet {
		u = url.URL{Path: "/", RawQuery: "lang=" + other}
	}
	sw := u.RequestURI()
	if !strings.HasPrefix(sw, "/") || strings.HasPrefix(sw, "//") {
		sw = "/?lang=" + other // never a link to another host
	}
	p.Switch = template.URL(sw)
	p.SwitchTo = other
	var buf bytes.Buffer
	if err := s.pages[lang][name].Execute(&buf, p); err != nil {
		s.log.Error("web: render", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, _ = w.Write(buf.Bytes())
}

// fail answers with the error page and the message key.
func (s *server) fail(w http.ResponseWriter, r *http.Request, status int, key string) {
	s.failText(w, r, status, s.tr(r, key))
}

// failText answers with the error page and msg, which must hold no NIK
// (callers mask).
func (s *server) failText(w http.ResponseWriter, r *http.Request, status int, msg string) {
	w.WriteHeader(status)
	s.renderPage(w, r, "error", &page{Title: "error_title", Data: map[string]any{"Status": status, "Message": msg}})
}

// routes registers the pages.
func (s *server) routes() {
	m := http.NewServeMux()
	static, _ := fs.Sub(assets, "assets/static")
	m.Handle("GET /static/", http.StripPrefix("/static/", http.FileServerFS(static)))
	m.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/static/icon.svg", http.StatusMovedPermanently)
	})
	m.HandleFunc("GET /login", s.login)
	m.HandleFunc("POST /login", s.login)
	m.HandleFunc("POST /logout", s.logout)
	m.HandleFunc("GET /{$}", s.home)
	s.explorerRoutes(m)
	s.deskRoutes(m)
	s.labRoutes(m)
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { s.fail(w, r, http.StatusNotFound, "err_not_found") })
	s.mux = m
}

// home is GET /.
func (s *server) home(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, "home", "home_title", map[string]any{"Name": s.rb.Name(), "Revision": s.rb.Revision(), "Through": s.rb.KnownThrough()})
}
