package main

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestServePages (issue 20): serve answers the web pages at "/" beside the
// API: a page is HTML with its security headers, the API's paths keep
// their JSON (an unknown /v1 path stays a problem, not a page), and
// --pages=false serves the API alone.
func TestServePages(t *testing.T) {
	get := func(base, path string) (*http.Response, string) {
		t.Helper()
		res, err := http.Get(base + path)
		require.NoError(t, err)
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		return res, string(b)
	}
	cfg := defaultServeConfig()
	cfg.pages = true
	ts := startServer(t, cfg)
	for _, path := range []string{"/", "/rules", "/desk", "/lab"} {
		res, body := get(ts.base, path)
		assert.Equal(t, http.StatusOK, res.StatusCode, path)
		assert.True(t, strings.HasPrefix(res.Header.Get("Content-Type"), "text/html"), path)
		assert.NotEmpty(t, res.Header.Get("Content-Security-Policy"), path)
		assert.Contains(t, body, `<html lang="id"`, path)
	}
	_, lab := get(ts.base, "/lab")
	assert.Contains(t, lab, "no-puskesmas-referral", "the embedded sample reforms are offered")
	res, body := get(ts.base, "/healthz")
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.JSONEq(t, `{"status":"ok"}`, body)
	res, _ = get(ts.base, "/v1/nothing/here")
	assert.Equal(t, http.StatusNotFound, res.StatusCode)
	assert.Equal(t, "application/problem+json", res.Header.Get("Content-Type"))

	cfg.pages = false
	api := startServer(t, cfg)
	res, _ = get(api.base, "/rules")
	assert.Equal(t, http.StatusNotFound, res.StatusCode)
	assert.Equal(t, "application/problem+json", res.Header.Get("Content-Type"))
}
