package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"github.com/kartusehat/kartusehat/server"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// testServer is a server on a free 127.0.0.1 port, called as a client
// would, every exchange checked against the OpenAPI description.
type testServer struct {
	t      *testing.T
	s      *httpServer
	base   string
	log    *syncBuffer
	router routers.Router
	stop   func()
}

func defaultServeConfig() serveConfig {
	return serveConfig{addr: "127.0.0.1:0", maxInput: DefaultMaxInput, maxLine: DefaultMaxLine, maxBatch: DefaultMaxBatch,
		readTimeout: 10 * time.Second, writeTimeout: 10 * time.Second, idleTimeout: time.Minute, shutdownTimeout: 10 * time.Second}
}

func startServer(t *testing.T, cfg serveConfig) *testServer {
	t.Helper()
	logs := &syncBuffer{}
	s, err := newServer(cfg, slog.New(slog.NewJSONHandler(logs, nil)))
	require.NoError(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.serve(ctx, ln) }()
	ts := &testServer{t: t, s: s, base: "http://" + ln.Addr().String(), log: logs, router: openAPIRouter(t, "http://"+ln.Addr().String())}
	var once sync.Once
	ts.stop = func() {
		once.Do(func() {
			cancel()
			require.NoError(t, <-done)
		})
	}
	t.Cleanup(ts.stop)
	return ts
}

var ndjsonOnce sync.Once

// openAPIRouter loads the served OpenAPI document, validates it, and
// routes requests to base against it.
func openAPIRouter(t testing.TB, base string) routers.Router {
	t.Helper()
	ndjsonOnce.Do(func() {
		openapi3filter.RegisterBodyDecoder(mediaNDJSON, func(r io.Reader, _ http.Header, _ *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
			var out []any
			sc := bufio.NewScanner(r)
			sc.Buffer(nil, 64<<20)
			for sc.Scan() {
				if len(bytes.TrimSpace(sc.Bytes())) == 0 {
					continue
				}
				var v any
				if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
					return nil, err
				}
				out = append(out, v)
			}
			return out, sc.Err()
		})
		// The report's tables are several CSV tables one after the other,
		// of different widths: a string, as the description has them.
		openapi3filter.RegisterBodyDecoder("text/csv", func(r io.Reader, _ http.Header, _ *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
			b, err := io.ReadAll(r)
			return string(b), err
		})
	})
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(openAPIBytes())
	require.NoError(t, err)
	require.True(t, doc.IsOpenAPI31OrLater() && !doc.IsOpenAPI32OrLater(), "the description is OpenAPI 3.1")
	require.NoError(t, doc.Validate(loader.Context))
	doc.Servers = openapi3.Servers{{URL: base}}
	router, err := legacy.NewRouter(doc)
	require.NoError(t, err)
	return router
}

// exchange is one request and its response.
type exchange struct {
	status int
	header http.Header
	body   []byte
}

// errorJSON is the error of a problem answer (RFC 9457), as the CLI
// writes it: the code, the first error's pointer and the detail.
func (e exchange) errorJSON(t *testing.T) wireErr {
	t.Helper()
	assert.Equal(t, "application/problem+json", e.header.Get("Content-Type"), string(e.body))
	var p server.Problem
	require.NoError(t, json.Unmarshal(e.body, &p), string(e.body))
	require.NotEmpty(t, p.Errors, string(e.body))
	assert.Equal(t, e.status, p.Status, string(e.body))
	assert.Equal(t, "urn:kartusehat:problem:"+string(p.Code), p.Type)
	assert.Equal(t, p.Code, p.Errors[0].Code)
	assert.Equal(t, p.Detail, p.Errors[0].MessageEN)
	assert.NotEmpty(t, p.Errors[0].Message, "the Indonesian message")
	return wireErr{Code: string(p.Code), Field: p.Errors[0].Pointer, Message: p.Detail, MessageID: p.Errors[0].Message}
}

// call sends a request and checks the response against the OpenAPI
// description; validRequest says the request itself should conform too.
func (ts *testServer) call(method, path, ctype, body string, hdr map[string]string, validRequest bool) exchange {
	t := ts.t
	t.Helper()
	req, err := http.NewRequest(method, ts.base+path, strings.NewReader(body))
	require.NoError(t, err)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	ts.validate(method, path, ctype, body, hdr, validRequest, resp.StatusCode, resp.Header, got)
	return exchange{resp.StatusCode, resp.Header, got}
}

// validate checks one exchange against the OpenAPI description: the
// request (when it is meant to be valid), the status (it must be
// documented) and the response body.
func (ts *testServer) validate(method, path, ctype, body string, hdr map[string]string, validRequest bool, status int, header http.Header, got []byte) {
	ts.t.Helper()
	require.NoError(ts.t, ts.check(method, path, ctype, body, hdr, validRequest, status, header, got), "%s %s -> %d against the OpenAPI description:\n%s", method, path, status, got)
}

func (ts *testServer) check(method, path, ctype, body string, hdr map[string]string, validRequest bool, status int, header http.Header, got []byte) error {
	vreq, _ := http.NewRequest(method, ts.base+path, strings.NewReader(body))
	if ctype != "" {
		vreq.Header.Set("Content-Type", ctype)
	}
	for k, v := range hdr {
		vreq.Header.Set(k, v)
	}
	route, params, err := ts.router.FindRoute(vreq)
	if err != nil {
		// Undocumented paths and methods (404, 405) have no route.
		if status == 404 || status == 405 {
			return nil
		}
		return err
	}
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, IncludeResponseStatus: true}
	in := &openapi3filter.RequestValidationInput{Request: vreq, PathParams: params, Route: route, Options: opts}
	if validRequest {
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			return err
		}
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: status, Header: header, Options: opts}
	out.SetBodyBytes(got)
	return openapi3filter.ValidateResponse(context.Background(), out)
}

// TestOpenAPICheckBites: the check against the description fails on
// requests and responses that do not conform, so the tests that pass it
// say something.
func TestOpenAPICheckBites(t *testing.T) {
	ts := startServer(t, defaultServeConfig())
	jsonHdr := http.Header{"Content-Type": {"application/json"}}
	ndHdr := http.Header{"Content-Type": {mediaNDJSON}}
	problemHdr := http.Header{"Content-Type": {"application/problem+json"}}
	claim := serveInputs(t)["claim"]
	ok := ts.call("POST", "/v1/claim", "application/json", claim, nil, true)
	require.NoError(t, ts.check("POST", "/v1/claim", "application/json", claim, nil, true, 200, ok.header, ok.body))
	tests := []struct {
		name, path, ctype, body string
		validReq                bool
		status                  int
		header                  http.Header
		resp                    string
	}{
		{"undocumented status", "/v1/claim", "application/json", claim, true, 418, jsonHdr, string(ok.body)},
		{"result of the wrong shape", "/v1/claim", "application/json", claim, true, 200, jsonHdr, `{"complete": "yes"}`},
		{"error with an extra field", "/v1/claim", "application/json", claim, true, 400, problemHdr, `{"type": "t", "title": "t", "status": 400, "code": "bad_json", "errors": [{"code": "bad_json", "pointer": "", "detail": "x"}], "nik": "1"}`},
		{"error with an undocumented code", "/v1/claim", "application/json", claim, true, 400, problemHdr, `{"type": "t", "title": "t", "status": 400, "code": "oops", "errors": [{"code": "oops", "pointer": "", "detail": "x"}]}`},
		{"error without its errors", "/v1/claim", "application/json", claim, true, 400, problemHdr, `{"type": "t", "title": "t", "status": 400, "code": "bad_json", "errors": []}`},
		{"error in the old shape", "/v1/claim", "application/json", claim, true, 400, jsonHdr, `{"error": {"code": "bad_json", "pointer": "", "message": "x", "message_en": "x"}}`},
		{"request with an unknown field", "/v1/claim", "application/json", `{"service_end": "2019-03-20", "x": 1}`, true, 200, jsonHdr, string(ok.body)},
		{"request with a value not allowed", "/v1/referral", "application/json", `{"episode": {"care_type": "hospital"}, "facts": {}}`, true, 422, problemHdr, `{"type": "t", "title": "t", "status": 422, "code": "bad_value", "errors": [{"code": "bad_value", "pointer": "/episode/care_type", "detail": "x"}]}`},
		{"request with a short NIK", "/v1/eligibility", "application/json", `{"date": "2019-03-01", "person": {"nik": "3275"}}`, true, 400, problemHdr, `{"type": "t", "title": "t", "status": 400, "code": "bad_value", "errors": [{"code": "bad_value", "pointer": "/person/nik", "detail": "x"}]}`},
		{"batch line without result or error", "/v1/claim/batch", mediaNDJSON, claim, false, 200, ndHdr, `{"line": 1}` + "\n"},
		{"version without revision", "/version", "", "", true, 200, jsonHdr, `{"module": "m", "version": "v", "go": "go", "rulebook": "r"}`},
	}
	for _, tt := range tests {
		method := "POST"
		if tt.ctype == "" {
			method = "GET"
		}
		assert.Error(t, ts.check(method, tt.path, tt.ctype, tt.body, nil, tt.validReq, tt.status, tt.header, []byte(tt.resp)), tt.name)
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	require.NoError(t, err)
	return string(b)
}

// serveInputs are one valid input per operation.
func serveInputs(t *testing.T) map[string]string {
	facts := readFile(t, "../../examples/testdata/facts-card-holder.json")
	return map[string]string{
		"eligibility":      `{"date": "2018-06-01", "facts": ` + facts + `}`,
		"referral":         readFile(t, "../../examples/testdata/episode-idul-fitri.json"),
		"price":            readFile(t, "../../examples/testdata/stay-rsud.json"),
		"claim":            `{"service_end": "2019-03-20", "membership": "card", "inpatient": true, "documents": ["ks_copy", "ktp_copy", "kk_copy"]}`,
		"claim/adjudicate": readFile(t, "../../examples/testdata/claim-stay.json"),
		"stay":             readFile(t, "../../examples/testdata/stay-rsud-claim.json"),
	}
}

func oneLine(t *testing.T, s string) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, json.Compact(&buf, []byte(s)))
	return buf.String()
}

// TestServeSameAsCLI: every operation, single and batch, answers exactly
// the bytes the CLI writes for the same input.
func TestServeSameAsCLI(t *testing.T) {
	cfg := defaultServeConfig()
	cfg.inacbg = "../../examples/testdata/inacbg-synthetic.csv"
	ts := startServer(t, cfg)
	inputs := serveInputs(t)
	require.Len(t, inputs, len(server.OpPaths()), "a valid input for every operation served")
	for _, path := range server.OpPaths() {
		t.Run(path, func(t *testing.T) {
			in := inputs[path]
			args := strings.Split(path, "/")
			if path == "price" || path == "claim/adjudicate" || path == "stay" {
				args = append(args, "--inacbg", cfg.inacbg)
			}
			code, want, _ := runCmd(t, in, append(args, "-o", "jsonl")...)
			require.Equal(t, 0, code)
			require.Equal(t, 1, strings.Count(want, "\n"), "-o jsonl: one line")
			ex := ts.call("POST", "/v1/"+path, "application/json", in, nil, true)
			require.Equal(t, 200, ex.status, string(ex.body))
			assert.Equal(t, "application/json", ex.header.Get("Content-Type"))
			assert.Equal(t, ts.s.engine().Book().Revision(), ex.header.Get(revisionHeader))
			assert.Equal(t, want, string(ex.body), "compact by default, as -o jsonl")
			// ?pretty=1: indented, as the CLI writes by default.
			code, wantPretty, _ := runCmd(t, in, args...)
			require.Equal(t, 0, code)
			ex = ts.call("POST", "/v1/"+path+"?pretty=1", "application/json", in, nil, true)
			require.Equal(t, 200, ex.status, string(ex.body))
			assert.Equal(t, wantPretty, string(ex.body))
			assert.Equal(t, oneLine(t, wantPretty)+"\n", want, "the same answer, compact")

			first, wantID := `{"id": 7, `+oneLine(t, in)[1:], "7"
			var withID struct{ ID json.RawMessage }
			require.NoError(t, json.Unmarshal([]byte(in), &withID))
			if withID.ID != nil { // a claim file's own id, its claim number
				first, wantID = oneLine(t, in), string(withID.ID)
			}
			batch := first + "\n\n" + `{"id": "x", "nope": 1}` + "\n" + `[1` + "\n"
			code, wantBatch, _ := runCmd(t, batch, append(args, "--batch")...)
			require.Equal(t, 1, code)
			ex = ts.call("POST", "/v1/"+path+"/batch", mediaNDJSON, batch, nil, false)
			require.Equal(t, 200, ex.status, string(ex.body))
			assert.Equal(t, mediaNDJSON, ex.header.Get("Content-Type"))
			assert.Equal(t, wantBatch, string(ex.body))
			lines := strings.Split(strings.TrimSpace(string(ex.body)), "\n")
			require.Len(t, lines, 3, "one line out per non-blank line in")
			assert.Contains(t, lines[0], `"line":1,"id":`+wantID+`,"result":`)
			assert.Contains(t, lines[1], `"line":3,"id":"x","error":{"code":"unknown_field","pointer":"/nope"`)
			assert.Contains(t, lines[2], `"line":4,"error":{"code":"bad_json"`)
		})
	}
	t.Run("rules", func(t *testing.T) {
		code, want, _ := runCmd(t, "", "rules", "--date", "2019-03-01", "-o", "json")
		require.Equal(t, 0, code)
		ex := ts.call("GET", "/v1/rules?date=2019-03-01&pretty=1", "", "", nil, true)
		require.Equal(t, 200, ex.status)
		assert.True(t, want == string(ex.body), "?pretty=1: the CLI's bytes")
		ex = ts.call("GET", "/v1/rules?date=2019-03-01", "", "", nil, true)
		require.Equal(t, 200, ex.status)
		assert.True(t, oneLine(t, want)+"\n" == string(ex.body), "compact by default")
		ex = ts.call("GET", "/v1/rules?at=2019-03-01", "", "", nil, false)
		require.Equal(t, 200, ex.status)
		assert.True(t, oneLine(t, want)+"\n" == string(ex.body), "?at=, the old name of ?date=")
		code, want, _ = runCmd(t, "", "rules", "--date", "2018-08-22", "-o", "json", "--ambiguities")
		require.Equal(t, 0, code)
		ex = ts.call("GET", "/v1/rules?date=2018-08-22&ambiguities=true&pretty=true", "", "", nil, true)
		assert.True(t, want == string(ex.body), "?pretty=true: the CLI's bytes")
	})
	t.Run("parameters", func(t *testing.T) {
		code, want, _ := runCmd(t, "", "rules", "--param", "tariff.ambulance.city", "-o", "json")
		require.Equal(t, 0, code)
		ex := ts.call("GET", "/v1/parameters/tariff.ambulance.city?pretty=1", "", "", nil, true)
		require.Equal(t, 200, ex.status, string(ex.body))
		assert.Equal(t, want, string(ex.body))
		assert.Equal(t, ts.s.engine().Book().Revision(), ex.header.Get(revisionHeader))
		ex = ts.call("GET", "/v1/parameters/tariff.ambulance.city", "", "", nil, true)
		assert.Equal(t, oneLine(t, want)+"\n", string(ex.body))
		for _, p := range []string{"no.such.param", "batch"} {
			ex = ts.call("GET", "/v1/parameters/"+p, "", "", nil, true)
			assert.Equal(t, 404, ex.status)
			assert.Equal(t, CodeNotFound, ex.errorJSON(t).Code)
		}
		ex = ts.call("GET", "/v1/parameters/tariff.ambulance.city?at=2019-01-01", "", "", nil, false)
		assert.Equal(t, 400, ex.status)
		assert.Equal(t, CodeUnknownField, ex.errorJSON(t).Code)
	})
	t.Run("version", func(t *testing.T) {
		code, want, _ := runCmd(t, "", "version", "-o", "json")
		require.Equal(t, 0, code)
		ex := ts.call("GET", "/version?pretty=1", "", "", nil, true)
		require.Equal(t, 200, ex.status)
		assert.Equal(t, want, string(ex.body))
		ex = ts.call("GET", "/version", "", "", nil, true)
		assert.Equal(t, oneLine(t, want)+"\n", string(ex.body))
	})
	t.Run("readyz", func(t *testing.T) {
		ex := ts.call("GET", "/readyz", "", "", nil, true)
		require.Equal(t, 200, ex.status)
		eng := ts.s.engine()
		assert.Equal(t, `{"status":"ready","rulebook":"`+eng.Book().Name()+`","revision":"`+eng.Book().Revision()+`"}`+"\n", string(ex.body))
	})
	t.Run("healthz", func(t *testing.T) {
		ex := ts.call("GET", "/healthz", "", "", nil, true)
		require.Equal(t, 200, ex.status)
		assert.JSONEq(t, `{"status": "ok"}`, string(ex.body))
	})
	t.Run("openapi", func(t *testing.T) {
		ex := ts.call("GET", "/openapi.json", "", "", nil, true)
		require.Equal(t, 200, ex.status)
		assert.Equal(t, openAPIBytes(), ex.body)
	})
}

// TestServeErrors: every error class, its status, its code and field.
func TestServeErrors(t *testing.T) {
	tokFile := filepath.Join(t.TempDir(), "token")
	require.NoError(t, os.WriteFile(tokFile, []byte("s3cret-token\n"), 0o600))
	tok, err := readToken(tokFile, "ignored")
	require.NoError(t, err)
	cfg := defaultServeConfig()
	cfg.token = tok
	cfg.maxInput = 2048
	cfg.maxLine = 4096
	cfg.maxBatch = 16 << 10
	ts := startServer(t, cfg)
	auth := map[string]string{"Authorization": "Bearer s3cret-token"}
	in := serveInputs(t)
	big := `{"date": "2018-06-01", "facts": {"person": {"kk": "` + strings.Repeat("1", 3000) + `"}}}`
	tests := []struct {
		name, method, path, ctype, body string
		hdr                             map[string]string
		status                          int
		code, field                     string
	}{
		{"no token", "POST", "/v1/eligibility", "application/json", in["eligibility"], nil, 401, CodeUnauthorized, ""},
		{"wrong token", "POST", "/v1/eligibility", "application/json", in["eligibility"], map[string]string{"Authorization": "Bearer s3cret-tokeN"}, 401, CodeUnauthorized, ""},
		{"token of another length", "POST", "/v1/claim", "application/json", in["claim"], map[string]string{"Authorization": "Bearer s3cret"}, 401, CodeUnauthorized, ""},
		{"basic, not bearer", "GET", "/v1/rules?at=2019-03-01", "", "", map[string]string{"Authorization": "Basic czNjcmV0LXRva2Vu"}, 401, CodeUnauthorized, ""},
		{"token on a batch", "POST", "/v1/claim/batch", mediaNDJSON, in["claim"], nil, 401, CodeUnauthorized, ""},
		{"bad JSON", "POST", "/v1/price", "application/json", `{"episode": {`, auth, 400, CodeBadJSON, ""},
		{"trailing data", "POST", "/v1/claim", "application/json", oneLine(t, in["claim"]) + ` {}`, auth, 400, CodeBadJSON, ""},
		{"empty body", "POST", "/v1/referral", "application/json", ``, auth, 400, CodeBadJSON, ""},
		{"unknown field", "POST", "/v1/claim", "application/json", `{"service_end": "2019-03-20", "sevice": 1}`, auth, 400, CodeUnknownField, "/sevice"},
		{"wrong type", "POST", "/v1/claim", "application/json", `{"service_end": "2019-03-20", "inpatient": "yes"}`, auth, 400, CodeBadValue, "/inpatient"},
		{"missing", "POST", "/v1/claim", "application/json", `{"membership": "card"}`, auth, 400, CodeMissing, "/service_end"},
		{"too large", "POST", "/v1/eligibility", "application/json", big, auth, 413, CodeTooLarge, ""},
		{"batch too large", "POST", "/v1/eligibility/batch", mediaNDJSON, strings.Repeat(oneLine(t, in["claim"])+"\n", 200), auth, 413, CodeTooLarge, ""},
		{"no media type", "POST", "/v1/eligibility", "", in["eligibility"], auth, 415, CodeMediaType, ""},
		{"text/plain", "POST", "/v1/eligibility", "text/plain", in["eligibility"], auth, 415, CodeMediaType, ""},
		{"latin-1 JSON", "POST", "/v1/eligibility", "application/json; charset=iso-8859-1", in["eligibility"], auth, 415, CodeMediaType, ""},
		{"JSON to batch", "POST", "/v1/claim/batch", "application/json", in["claim"], auth, 415, CodeMediaType, ""},
		{"host decision refused", "POST", "/v1/referral", "application/json", `{"eligibility": {"eligible": true}, "episode": {}, "facts": {}}`, auth, 422, CodeRefused, "/eligibility"},
		{"far date", "POST", "/v1/claim", "application/json", `{"service_end": "9999-12-31", "membership": "card"}`, auth, 422, CodeOutOfRange, ""},
		{"unknown operation", "POST", "/v1/simulate", "application/json", `{}`, auth, 404, CodeNotFound, ""},
		{"unknown path", "GET", "/v2/eligibility", "", "", nil, 404, CodeNotFound, ""},
		{"GET on an operation", "GET", "/v1/eligibility", "", "", auth, 405, CodeMethod, ""},
		{"POST on version", "POST", "/version", "application/json", `{}`, nil, 405, CodeMethod, ""},
		{"rules without a date", "GET", "/v1/rules", "", "", auth, 400, CodeMissing, "date"},
		{"rules with both date and at", "GET", "/v1/rules?date=2019-03-01&at=2019-03-01", "", "", auth, 400, CodeBadValue, "at"},
		{"rules with a bad date", "GET", "/v1/rules?date=2019-02-30", "", "", auth, 400, CodeBadValue, "date"},
		{"rules with a bad date", "GET", "/v1/rules?at=2019-02-30", "", "", auth, 400, CodeBadValue, "at"},
		{"GET on no operation", "GET", "/v1/nope", "", "", auth, 404, CodeNotFound, ""},
		{"GET on no operation's batch", "GET", "/v1/nope/batch", "", "", auth, 404, CodeNotFound, ""},
		{"rules with an unknown parameter", "GET", "/v1/rules?at=2019-03-01&foo=1", "", "", auth, 400, CodeUnknownField, "foo"},
		{"rules with ambiguities=maybe", "GET", "/v1/rules?at=2019-03-01&ambiguities=maybe", "", "", auth, 400, CodeBadValue, "ambiguities"},
		{"rules with at twice", "GET", "/v1/rules?at=2019-03-01&at=2019-04-01", "", "", auth, 400, CodeBadValue, "at"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := ts.call(tt.method, tt.path, tt.ctype, tt.body, tt.hdr, false)
			require.Equal(t, tt.status, ex.status, string(ex.body))
			e := ex.errorJSON(t)
			assert.Equal(t, tt.code, e.Code, e.Message)
			if tt.field != "" {
				assert.Equal(t, tt.field, e.Field)
			}
			assert.Equal(t, tt.status, server.StatusOf(rules.ErrorCode(e.Code)), "the documented mapping")
			if tt.status == 401 {
				assert.Equal(t, `Bearer realm="kartusehat"`, ex.header.Get("WWW-Authenticate"))
			}
		})
	}
	t.Run("right token", func(t *testing.T) {
		ex := ts.call("POST", "/v1/eligibility", "application/json", in["eligibility"], auth, true)
		assert.Equal(t, 200, ex.status, string(ex.body))
		// The scheme is case-insensitive (RFC 9110 11.1).
		for _, scheme := range []string{"bearer", "BEARER", "BeArEr"} {
			ex = ts.call("POST", "/v1/eligibility", "application/json", in["eligibility"], map[string]string{"Authorization": scheme + " s3cret-token"}, true)
			assert.Equal(t, 200, ex.status, scheme)
		}
		ex = ts.call("GET", "/healthz", "", "", nil, true)
		assert.Equal(t, 200, ex.status, "health needs no token")
	})
	t.Run("errors that name the right thing", func(t *testing.T) {
		ts := ts.on(t)
		ex := ts.call("POST", "/v1/eligibility", "application/json", `{"facts": {}}`, auth, false)
		require.Equal(t, 400, ex.status)
		assert.Equal(t, errJSON(CodeMissing, "/date", `required: the date of service, "date": "YYYY-MM-DD"`), ex.errorJSON(t).en(), "no command-line flag over HTTP")
		ex = ts.call("POST", "/v1/claim", "application/json", oneLine(t, in["claim"])+` {}`, auth, false)
		require.Equal(t, 400, ex.status)
		assert.True(t, strings.HasSuffix(ex.errorJSON(t).Message, "(POST JSON Lines to /v1/claim/batch)"), ex.errorJSON(t).Message)
		ex = ts.call("POST", "/v1/claim/batch", mediaNDJSON, oneLine(t, in["claim"])+" {}\n", auth, false)
		require.Equal(t, 200, ex.status)
		assert.NotContains(t, string(ex.body), "--batch")
		assert.Contains(t, string(ex.body), `trailing data after the JSON value at byte`)
		// A leading byte-order mark is skipped, single and batch.
		ex = ts.call("POST", "/v1/claim", "application/json", "\ufeff"+in["claim"], auth, false)
		assert.Equal(t, 200, ex.status, string(ex.body))
		ex = ts.call("POST", "/v1/claim/batch", mediaNDJSON, "\ufeff"+oneLine(t, in["claim"])+"\n", auth, false)
		assert.Contains(t, string(ex.body), `{"line":1,"result":`)
	})
	t.Run("long batch line goes on", func(t *testing.T) {
		body := oneLine(t, in["claim"]) + "\n" + `{"x": "` + strings.Repeat("y", 5000) + `"}` + "\n" + oneLine(t, in["claim"]) + "\n"
		ex := ts.call("POST", "/v1/claim/batch", mediaNDJSON, body, auth, false)
		require.Equal(t, 200, ex.status)
		lines := strings.Split(strings.TrimSpace(string(ex.body)), "\n")
		require.Len(t, lines, 3)
		assert.Contains(t, lines[1], `"line":2,"error":{"code":"too_large"`)
		assert.Contains(t, lines[2], `"line":3,"result":`)
	})
	t.Run("chunked batch over the limit ends with an error line", func(t *testing.T) {
		pr, pw := io.Pipe()
		go func() {
			line := oneLine(t, in["claim"]) + "\n"
			for range 200 {
				if _, err := pw.Write([]byte(line)); err != nil {
					return
				}
			}
			pw.Close()
		}()
		req, _ := http.NewRequest("POST", ts.base+"/v1/claim/batch", pr)
		req.Header.Set("Content-Type", mediaNDJSON)
		req.Header.Set("Authorization", "Bearer s3cret-token")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		assert.True(t, resp.Close, "a chunked batch's connection is not kept")
		got, _ := io.ReadAll(resp.Body)
		pr.CloseWithError(errors.New("done"))
		lines := strings.Split(strings.TrimSpace(string(got)), "\n")
		require.Greater(t, len(lines), 10)
		assert.Less(t, len(lines), 200)
		assert.JSONEq(t, `{"error": {"code": "too_large", "pointer": "", "message": "batch lebih besar dari 16384 bita, batas --max-batch", "message_en": "the batch is larger than 16384 bytes, the limit --max-batch"}}`, lines[len(lines)-1])
		for i, l := range lines[:len(lines)-1] {
			assert.Contains(t, l, `{"line":`+strconv.Itoa(i+1)+`,"result":`)
		}
	})
	t.Run("no NIK in the access log", func(t *testing.T) {
		ex := ts.call("POST", "/v1/3275014508900001", "application/json", in["eligibility"], auth, false)
		assert.Equal(t, 404, ex.status)
		assert.NotContains(t, ts.log.String(), "3275014508900001")
		assert.NotContains(t, ts.log.String(), "s3cret-token")
		assert.Contains(t, ts.log.String(), `"path":"/v1/3275**********01"`)
	})
}

// TestServeBatchStreams: a batch line's result arrives before the client
// has sent the next line.
func TestServeBatchStreams(t *testing.T) {
	ts := startServer(t, defaultServeConfig())
	line, pw, resp := openClaimBatch(t, ts.base, 10*time.Second)
	defer pw.Close()
	defer resp.Body.Close()
	br := bufio.NewReader(resp.Body)
	for i := 1; i <= 3; i++ {
		got, err := br.ReadString('\n')
		require.NoError(t, err)
		assert.Contains(t, got, `{"line":`+strconv.Itoa(i)+`,"result":{"complete":false`)
		if i < 3 {
			_, err = pw.Write([]byte(line))
			require.NoError(t, err)
		}
	}
	pw.Close()
	_, err := br.ReadString('\n')
	assert.Equal(t, io.EOF, err)
}

// openClaimBatch opens a claim batch on the server at base, writes one
// line to it and waits for the response to start, the body still open:
// the line, the body's writer and the response.
func openClaimBatch(t *testing.T, base string, wait time.Duration) (string, *io.PipeWriter, *http.Response) {
	t.Helper()
	line := oneLine(t, serveInputs(t)["claim"]) + "\n"
	pw, resp := openBatchAt(t, base, "/v1/claim/batch", line, wait)
	return line, pw, resp
}

// openBatchAt opens a batch on the server at base and path, writes line
// to it and waits (at most wait) for the response to start, the body
// still open: the body's writer and the response.
func openBatchAt(t *testing.T, base, path, line string, wait time.Duration) (*io.PipeWriter, *http.Response) {
	t.Helper()
	pr, pw := io.Pipe()
	req, _ := http.NewRequest("POST", base+path, pr)
	req.Header.Set("Content-Type", mediaNDJSON)
	respc := make(chan *http.Response, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			respc <- resp
		}
	}()
	_, err := pw.Write([]byte(line))
	require.NoError(t, err)
	select {
	case resp := <-respc:
		return pw, resp
	case <-time.After(wait):
		t.Fatal("no response while the batch is still open")
	}
	return nil, nil
}

// copyRulebook writes the embedded rulebook to a directory, to be changed.
func copyRulebook(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.CopyFS(dir, rules.DefaultFS()))
	return dir
}

// revisionOf reads a result's rulebook revisions (every provenance in it).
var revisionRE = regexp.MustCompile(`"revision": ?"(sha256:[0-9a-f]+)"`)

func revisions(body []byte) map[string]bool {
	out := map[string]bool{}
	for _, m := range revisionRE.FindAllSubmatch(body, -1) {
		out[string(m[1])] = true
	}
	return out
}

const reformOverlay = `rulebook:
  name: Ambulans 300 ribu
parameters:
  tariff:
    ambulance:
      city:
        values:
          2019-01-01: {value: 300000, ref: "Rancangan Perwal 2018 Ps.1"}
instruments:
  - {id: Rancangan Perwal 2018, level: perwal, title: Rancangan Peraturan Wali Kota, in_force: 2019-01-01, ref: Rancangan Perwal 2018}
`

// TestServeReload: a good rulebook replaces the one in use while requests
// run, each request decided whole on one of them; a broken one is refused
// with its file:line errors and the old one kept.
func TestServeReload(t *testing.T) {
	dir := copyRulebook(t)
	overlay := filepath.Join(t.TempDir(), "reform.yaml")
	require.NoError(t, os.WriteFile(overlay, []byte("rulebook:\n  name: none yet\n"), 0o600))
	cfg := defaultServeConfig()
	cfg.book = bookFlags{dir: dir, overlays: multiFlag{overlay}}
	cfg.inacbg = "../../examples/testdata/inacbg-synthetic.csv"
	ts := startServer(t, cfg)
	price := serveInputs(t)["price"]
	oldRev := ts.s.engine().Book().Revision()

	// A batch opened before the reload is decided on the old rulebook to
	// its last line.
	pr, pw := io.Pipe()
	req, _ := http.NewRequest("POST", ts.base+"/v1/price/batch", pr)
	req.Header.Set("Content-Type", mediaNDJSON)
	batchDone := make(chan []byte, 1)
	var batchRev string
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			batchDone <- nil
			return
		}
		batchRev = resp.Header.Get(revisionHeader)
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		batchDone <- b
	}()
	_, err := pw.Write([]byte(oneLine(t, price) + "\n"))
	require.NoError(t, err)

	// Requests run throughout.
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	seen := map[string]int{}
	var failures []string
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				resp, err := http.Post(ts.base+"/v1/price", "application/json", strings.NewReader(price))
				if err != nil {
					mu.Lock()
					failures = append(failures, err.Error())
					mu.Unlock()
					return
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				revs := revisions(b)
				mu.Lock()
				if resp.StatusCode != 200 || len(revs) != 1 {
					failures = append(failures, strconv.Itoa(resp.StatusCode)+" "+string(b))
				}
				for r := range revs {
					seen[r]++
				}
				mu.Unlock()
			}
		})
	}
	// waitSeen waits until requests were decided on revision rev.
	waitSeen := func(rev string) {
		require.Eventually(t, func() bool {
			mu.Lock()
			defer mu.Unlock()
			return seen[rev] >= 3
		}, 30*time.Second, 5*time.Millisecond)
	}
	waitSeen(oldRev)

	// A good reform.
	require.NoError(t, os.WriteFile(overlay, []byte(reformOverlay), 0o600))
	require.NoError(t, ts.s.Reload())
	newRev := ts.s.engine().Book().Revision()
	require.NotEqual(t, oldRev, newRev)
	waitSeen(newRev)

	// A broken rulebook: refused, the reform kept.
	f, err := os.OpenFile(filepath.Join(dir, "tariff.yaml"), os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString("\nbogus_key: 1\n")
	require.NoError(t, err)
	require.NoError(t, f.Close())
	err = ts.s.Reload()
	require.Error(t, err)
	assert.Equal(t, newRev, ts.s.engine().Book().Revision())
	mu.Lock()
	before := seen[newRev]
	mu.Unlock()
	require.Eventually(t, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return seen[newRev] >= before+3
	}, 30*time.Second, 5*time.Millisecond, "requests go on, on the kept rulebook")
	close(stop)
	wg.Wait()

	_, err = pw.Write([]byte(oneLine(t, price) + "\n"))
	require.NoError(t, err)
	pw.Close()
	batch := <-batchDone
	require.NotNil(t, batch)
	lines := strings.Split(strings.TrimSpace(string(batch)), "\n")
	require.Len(t, lines, 2)
	for _, l := range lines {
		assert.Equal(t, map[string]bool{oldRev: true}, revisions([]byte(l)), "a batch stays on the rulebook it started with")
	}
	assert.Equal(t, oldRev, batchRev)

	assert.Empty(t, failures)
	assert.Positive(t, seen[oldRev], "requests decided before the reload")
	assert.Positive(t, seen[newRev], "requests decided after it")
	assert.Len(t, seen, 2)

	ex := ts.call("GET", "/version", "", "", nil, true)
	var v versionInfo
	require.NoError(t, json.Unmarshal(ex.body, &v))
	assert.Equal(t, newRev, v.RulebookRevision, "/version shows the revision in use")
	ex = ts.call("POST", "/v1/price", "application/json", price, nil, true)
	assert.Contains(t, string(ex.body), `"amount":"300000"`, "the reform's ambulance fee")

	logs := ts.log.String()
	assert.Contains(t, logs, `"msg":"rulebook reloaded"`)
	assert.Contains(t, logs, `"msg":"rulebook reload refused; the rulebook in use is kept"`)
	assert.Regexp(t, `tariff\.yaml:\d+:\d+: unknown key \\"bogus_key\\"`, logs, "the refusal names file:line")

	ex = ts.call("GET", "/metrics", "", "", nil, true)
	assert.Contains(t, string(ex.body), `kartusehat_rulebook_reloads_total{result="failed"} 1`)
	assert.Contains(t, string(ex.body), `kartusehat_rulebook_reloads_total{result="ok"} 1`)
	assert.Contains(t, string(ex.body), `kartusehat_rulebook_info{name="Kota Bekasi Jamkesda (KS-NIK)",revision="`+newRev+`"} 1`)
}

// TestServeWatch: --watch reloads when a file changes.
func TestServeWatch(t *testing.T) {
	overlay := filepath.Join(t.TempDir(), "reform.yaml")
	require.NoError(t, os.WriteFile(overlay, []byte("rulebook:\n  name: none yet\n"), 0o600))
	cfg := defaultServeConfig()
	cfg.book = bookFlags{overlays: multiFlag{overlay}}
	ts := startServer(t, cfg)
	old := ts.s.engine().Book().Revision()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ts.s.watch(ctx, 20*time.Millisecond)
	require.NoError(t, os.WriteFile(overlay, []byte(reformOverlay), 0o600))
	require.Eventually(t, func() bool { return ts.s.engine().Book().Revision() != old }, 5*time.Second, 20*time.Millisecond)
}

// TestServeMetrics: the exposition is well-formed: every sample under its
// TYPE, histogram buckets cumulative up to +Inf = count.
func TestServeMetrics(t *testing.T) {
	ts := startServer(t, defaultServeConfig())
	in := serveInputs(t)
	for range 3 {
		ts.call("POST", "/v1/claim", "application/json", in["claim"], nil, true)
	}
	ts.call("POST", "/v1/claim", "application/json", `{`, nil, false)
	ex := ts.call("GET", "/metrics", "", "", nil, true)
	require.Equal(t, 200, ex.status)
	assert.Equal(t, "text/plain; version=0.0.4; charset=utf-8", ex.header.Get("Content-Type"))
	body := string(ex.body)
	assert.Contains(t, body, `kartusehat_http_requests_total{endpoint="/v1/claim",status="200"} 3`+"\n")
	assert.Contains(t, body, `kartusehat_http_requests_total{endpoint="/v1/claim",status="400"} 1`+"\n")
	assert.Contains(t, body, `kartusehat_http_errors_total{endpoint="/v1/claim",code="bad_json"} 1`+"\n")
	assert.Contains(t, body, `kartusehat_http_request_duration_seconds_count{endpoint="/v1/claim"} 4`+"\n")
	assert.Contains(t, body, `kartusehat_http_request_duration_seconds_bucket{endpoint="/v1/claim",le="+Inf"} 4`+"\n")

	sample := regexp.MustCompile(`^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="(\\.|[^"\\])*",?)*\})? (-?[0-9.eE+-]+|\+Inf)$`)
	types := map[string]string{}
	var lastBucket = map[string]int64{}
	for _, l := range strings.Split(strings.TrimSuffix(body, "\n"), "\n") {
		if f := strings.Fields(l); len(f) >= 4 && f[0] == "#" && f[1] == "TYPE" {
			types[f[2]] = f[3]
			continue
		}
		if strings.HasPrefix(l, "# HELP ") {
			continue
		}
		m := sample.FindStringSubmatch(l)
		require.NotNil(t, m, "not a sample line: %q", l)
		name := m[1]
		base := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(name, "_bucket"), "_sum"), "_count")
		require.Contains(t, types, base, "a TYPE before %q", l)
		if strings.HasSuffix(name, "_bucket") {
			v, err := strconv.ParseInt(m[len(m)-1], 10, 64)
			require.NoError(t, err)
			key := l[:strings.Index(l, ",le=")]
			require.GreaterOrEqual(t, v, lastBucket[key], "cumulative buckets: %q", l)
			lastBucket[key] = v
		}
	}
}

// TestOpenAPIInputFields: the description has both endpoints of every
// operation of the Engine (the month's operations have one), and its
// input schema has every field the help
// lists, of the same kind.
func TestOpenAPIInputFields(t *testing.T) {
	var doc struct {
		Paths      map[string]json.RawMessage `json:"paths"`
		Components struct {
			Schemas map[string]map[string]any `json:"schemas"`
		} `json:"components"`
	}
	require.NoError(t, json.Unmarshal(openAPIBytes(), &doc))
	kinds := map[string]string{"string": "string", "boolean": "boolean", "whole number": "integer", "object": "object"}
	month := map[string]bool{}
	for _, so := range monthServeOps() {
		month[so.path] = true
	}
	for _, so := range append(serveOps(), monthServeOps()...) {
		op := so.op
		assert.Contains(t, doc.Paths, "/v1/"+so.path)
		if !month[so.path] {
			assert.Contains(t, doc.Paths, "/v1/"+so.path+"/batch")
		}
		root := doc.Components.Schemas[inputSchemaName(so.path)]
		require.NotNil(t, root, op.Name)
		fields := inputFields(reflect.TypeOf(op.Input()))
		require.NotEmpty(t, fields)
		for _, f := range fields {
			s := root
			for _, part := range strings.Split(f.path, ".") {
				name, arr := strings.CutSuffix(part, "[]")
				props, _ := s["properties"].(map[string]any)
				next, ok := props[name].(map[string]any)
				require.True(t, ok, "%s: %s is in the schema", op.Name, f.path)
				if arr {
					next, _ = next["items"].(map[string]any)
				}
				if ref, ok := next["$ref"].(string); ok {
					next = doc.Components.Schemas[strings.TrimPrefix(ref, "#/components/schemas/")]
				}
				s = next
			}
			if k, ok := kinds[f.kind]; ok {
				assert.Equal(t, k, s["type"], "%s: %s", op.Name, f.path)
			}
			if strings.HasPrefix(f.kind, "array") {
				assert.Equal(t, "array", s["type"], "%s: %s", op.Name, f.path)
			}
		}
	}
}

func TestReadToken(t *testing.T) {
	dir := t.TempDir()
	write := func(s string) string {
		name := filepath.Join(dir, strconv.Itoa(len(s)))
		require.NoError(t, os.WriteFile(name, []byte(s), 0o600))
		return name
	}
	tok, err := readToken("", " from-env \n")
	require.NoError(t, err)
	assert.Equal(t, "from-env", tok)
	tok, err = readToken("", "")
	require.NoError(t, err)
	assert.Equal(t, "", tok, "no token: none required")
	tok, err = readToken(write("abc\n"), "from-env")
	require.NoError(t, err)
	assert.Equal(t, "abc", tok, "the file wins")
	_, err = readToken(write(" \n"), "")
	assert.Error(t, err)
	_, err = readToken(write("two words\n"), "")
	assert.Error(t, err)
	_, err = readToken(filepath.Join(dir, "absent"), "")
	assert.Error(t, err)
}

// TestServeCommandLine: usage errors exit 2, a rulebook that does not
// load stops the server before it listens (exit 1), --help exits 0.
func TestServeCommandLine(t *testing.T) {
	broken := copyRulebook(t)
	require.NoError(t, os.WriteFile(filepath.Join(broken, "extra.yaml"), []byte("bogus_key: 1\n"), 0o600))
	tests := []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"serve", "--help"}, 0, "POST /v1/OP"},
		{[]string{"serve", "--max-input", "0"}, 2, "must be positive"},
		{[]string{"serve", "--read-timeout", "-1s"}, 2, "timeouts must be positive"},
		{[]string{"serve", "--token-file", filepath.Join(t.TempDir(), "absent")}, 2, "--token-file"},
		{[]string{"serve", "extra"}, 2, "unexpected argument"},
		{[]string{"serve", "--rules", broken, "--addr", "127.0.0.1:0"}, 1, `extra.yaml:1:1: unknown key "bogus_key"`},
		{[]string{"serve", "--addr", "127.0.0.1:99999"}, 1, "invalid port"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, out, errOut := runCmd(t, "", tt.args...)
			assert.Equal(t, tt.code, code, errOut)
			if tt.code == 0 { // the help, on standard output
				assert.Contains(t, out, tt.err)
				assert.Empty(t, errOut)
				return
			}
			assert.Contains(t, errOut, tt.err)
		})
	}
}
