package server_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat"
	"github.com/kartusehat/kartusehat/server"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMountInHostMux: a host mounts the handler in its own mux under a
// prefix, beside its own route, and calls both.
func TestMountInHostMux(t *testing.T) {
	eng, err := kartusehat.Default()
	require.NoError(t, err)
	h, err := server.New(eng, server.WithToken("s3cret"), server.WithLimits(server.Limits{MaxInput: 4096}))
	require.NoError(t, err)
	mux := http.NewServeMux()
	mux.Handle("/kartusehat/", http.StripPrefix("/kartusehat", h))
	mux.HandleFunc("GET /host/ping", func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "pong") })
	ts := httptest.NewServer(mux)
	defer ts.Close()

	call := func(method, path, ctype, body string, token bool) (int, http.Header, string) {
		t.Helper()
		req, err := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
		require.NoError(t, err)
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		if token {
			req.Header.Set("Authorization", "Bearer s3cret")
		}
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		require.NoError(t, err)
		return resp.StatusCode, resp.Header, string(b)
	}

	code, _, body := call("GET", "/host/ping", "", "", false)
	assert.Equal(t, 200, code)
	assert.Equal(t, "pong", body)

	code, _, body = call("GET", "/kartusehat/healthz", "", "", false)
	assert.Equal(t, 200, code)
	assert.Equal(t, `{"status":"ok"}`+"\n", body)

	claimIn := `{"service_end": "2019-03-20", "membership": "card", "documents": ["ks_copy"]}`
	code, hdr, body := call("POST", "/kartusehat/v1/claim", "application/json", claimIn, true)
	assert.Equal(t, 200, code, body)
	assert.Equal(t, eng.Book().Revision(), hdr.Get("Kartusehat-Revision"))
	assert.Contains(t, body, `"submission_due":"2019-04-14"`)

	// The token is required, and the problem names the code.
	code, hdr, body = call("POST", "/kartusehat/v1/claim", "application/json", claimIn, false)
	assert.Equal(t, 401, code)
	assert.Equal(t, `Bearer realm="kartusehat"`, hdr.Get("WWW-Authenticate"))
	assert.Contains(t, body, `"code":"unauthorized"`)

	// The limit given by the host.
	code, _, body = call("POST", "/kartusehat/v1/claim", "application/json", `{"pad":"`+strings.Repeat("x", 5000)+`"}`, true)
	assert.Equal(t, 413, code)
	assert.Contains(t, body, `"code":"too_large"`)

	// A batch under the prefix, streamed.
	code, _, body = call("POST", "/kartusehat/v1/claim/batch", "application/x-ndjson", claimIn+"\n{}\n", true)
	assert.Equal(t, 200, code)
	lines := strings.Split(strings.TrimSpace(body), "\n")
	require.Len(t, lines, 2)
	assert.Contains(t, lines[0], `{"line":1,"result":`)
	assert.Contains(t, lines[1], `{"line":2,"error":{"code":"missing","pointer":"/service_end"`)

	// Metrics off: /metrics is not the handler's.
	h2, err := server.New(eng, server.WithMetrics(false), server.WithOpenAPI(false))
	require.NoError(t, err)
	for _, p := range []string{"/metrics", "/openapi.json"} {
		rec := httptest.NewRecorder()
		h2.ServeHTTP(rec, httptest.NewRequest("GET", p, nil))
		assert.Equal(t, 404, rec.Code, p)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	assert.Equal(t, 200, rec.Code)
	assert.Contains(t, rec.Body.String(), "go_goroutines")
}
