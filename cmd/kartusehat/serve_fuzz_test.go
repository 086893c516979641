package main

import (
	"bytes"
	"encoding/json"
	"github.com/kartusehat/kartusehat/server"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// handlerServer is a server without a listener, its handler called
// directly, its log discarded.
func handlerServer(tb testing.TB, cfg serveConfig) *httpServer {
	tb.Helper()
	s, err := newServer(cfg, slog.New(slog.NewJSONHandler(io.Discard, nil)))
	require.NoError(tb, err)
	return s
}

// FuzzServe sends any method, path, media type and body to the handler:
// it never panics, answers a documented status, and every answer but a
// batch's or a GET's is one JSON value, in the error shape when it is not
// a 200, with no full NIK in it that the request did not hold.
func FuzzServe(f *testing.F) {
	f.Add("POST", "/v1/eligibility", "application/json", `{"date": "2019-03-01", "person": {"nik": "3275014508900001"}}`)
	f.Add("POST", "/v1/price/batch", mediaNDJSON, "{}\n{\"id\": 1}\n[")
	f.Add("POST", "/v1/claim", "application/json; charset=utf-8", `{"service_end": "2019-03-20", "membership": "card"}`)
	f.Add("GET", "/v1/rules?at=2019-03-01", "", "")
	f.Add("PUT", "/v1/referral", "text/plain", "x")
	f.Add("POST", "/v1/claim/verify?budget-year=2019&budget=20000000", mediaNDJSON, "{\"id\": \"a\", \"hospital\": \"rsud-cam\"}\n[\n")
	f.Add("POST", "/v1/claim/verify?format=csv", mediaNDJSON, "{}\n")
	f.Add("POST", "/v1/claim/recap?format=xlsx", mediaNDJSON, "{\"episode\": {\"admission\": \"2019-03-04T10:00:00+07:00\"}}\n")
	// Answers the description once did not hold (issue 17).
	f.Add("POST", "/v1/eligibility", "application/json", `{"date": "2016-06-01", "facts": {  "person": {    "nik": "3275014508900001",    "kk": "3275010101170001",    "kk_city": "3275",    "registry": {"status": "living"}  },  "jkn": {"status": "none"},  "documents": {    "card": {      "niks": ["3275014508900001", "3275011203850002"],      "kk": "3275010101170001",      "valid_through": "2018-12-31",      "activated": true    },    "ektp": {"nik": "3275014508900001", "recorded": true}  }}}`)
	f.Add("GET", "/v1/rules?at=0001-01-01", "", "")
	f.Add("GET", "/v1/nope", "", "")
	f.Add("GET", "/v1/rules?at=2019-03-01&ambiguities=maybe", "", "")
	f.Add("GET", "/v1/rules?date=2019-03-01&pretty=1", "", "")
	f.Add("GET", "/v1/parameters/tariff.ambulance.city", "", "")
	f.Add("GET", "/v1/parameters/batch?pretty=true", "", "")
	f.Add("POST", "/v1/parameters/tariff.ambulance.city", "application/json", "{}")
	f.Add("GET", "/readyz?pretty=1", "", "")
	f.Add("GET", "/metrics", "", "")
	cfg := defaultServeConfig()
	cfg.maxInput, cfg.maxLine, cfg.maxBatch = 1<<16, 1<<12, 1<<16
	s := handlerServer(f, cfg)
	// Every answer is checked against the OpenAPI description served.
	api := &testServer{base: "http://127.0.0.1", router: openAPIRouter(f, "http://127.0.0.1")}
	documented := map[int]bool{200: true, 400: true, 401: true, 404: true, 405: true, 408: true, 413: true, 415: true, 422: true, 503: true}
	f.Fuzz(func(t *testing.T, method, path, ctype, body string) {
		if !strings.HasPrefix(path, "/") || strings.ContainsAny(path, " \r\n\t#%") || strings.ContainsAny(method, " \r\n\t") || method == "" || method == "CONNECT" {
			return
		}
		req, err := http.NewRequest(method, "http://127.0.0.1"+path, strings.NewReader(body))
		if err != nil {
			return
		}
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		rec := httptest.NewRecorder()
		s.h.ServeHTTP(rec, req)
		if rec.Code == 301 || rec.Code == 307 || rec.Code == 308 {
			return // the router cleaning a path ("/v1/./claim")
		}
		if !documented[rec.Code] {
			t.Fatalf("%s %s: undocumented status %d: %s", method, path, rec.Code, rec.Body)
		}
		out := rec.Body.Bytes()
		if method != http.MethodHead {
			if err := api.check(method, path, ctype, body, nil, false, rec.Code, rec.Header(), out); err != nil {
				t.Fatalf("%s %s -> %d against the OpenAPI description: %v\n%s", method, path, rec.Code, err, out)
			}
		}
		if rec.Code != 200 {
			var e server.Problem
			if err := json.Unmarshal(out, &e); err != nil || e.Code == "" || len(e.Errors) == 0 {
				t.Fatalf("%s %s: %d without the problem shape: %q", method, path, rec.Code, out)
			}
			if server.StatusOf(e.Code) != rec.Code || e.Status != rec.Code {
				t.Fatalf("%s %s: %d for code %s", method, path, rec.Code, e.Code)
			}
		}
		if req.URL.Path == "/metrics" && rec.Code == 200 {
			// Counters and runtime figures, never from a request (the
			// labels are routes and codes): go_gc_gomemlimit_bytes is
			// math.MaxInt64 when no limit is set, 19 digits.
			return
		}
		for _, m := range nikLike.FindAll(out, -1) {
			if !bytes.Contains([]byte(body), m) {
				t.Fatalf("a NIK-like number the request did not hold: %s", m)
			}
			if rec.Code != 200 {
				t.Fatalf("a full NIK in an error: %s", out)
			}
		}
	})
}

// nikLike matches a run of 16 or more digits: anything that may be a NIK.
var nikLike = regexp.MustCompile(`[0-9]{16,}`)
