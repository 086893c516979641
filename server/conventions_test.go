package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestServePretty: ?pretty=1 (or true) indents every JSON answer,
// errors too; without it, or with 0, an answer is one line.
func TestServePretty(t *testing.T) {
	eng, err := kartusehat.Default()
	require.NoError(t, err)
	s, err := New(eng)
	require.NoError(t, err)
	for _, tt := range []struct {
		target string
		status int
	}{{"/version", 200}, {"/readyz", 200}, {"/v1/rules?date=2019-03-01", 200}, {"/v1/rules?date=2019-02-30", 400},
		{"/v1/parameters/services.inpatient_class", 200}, {"/v1/nope", 404}} {
		for _, p := range []string{"", "pretty=0", "pretty=1", "pretty=true"} {
			target := tt.target
			if p != "" {
				target += map[bool]string{true: "&", false: "?"}[strings.Contains(target, "?")] + p
			}
			rec := httptest.NewRecorder()
			s.ServeHTTP(rec, httptest.NewRequest("GET", target, nil))
			require.Equal(t, tt.status, rec.Code, target)
			body := rec.Body.String()
			indented := strings.HasSuffix(p, "1") || strings.HasSuffix(p, "true")
			assert.Equal(t, indented, strings.Contains(body, "\n  "), target)
			if !indented {
				assert.Equal(t, 1, strings.Count(body, "\n"), target)
			}
			assert.True(t, json.Valid([]byte(body)), target)
		}
	}
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/v1/parameters/services.inpatient_class", nil))
	var h kartusehat.ParamHistory
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &h))
	assert.Equal(t, "services.inpatient_class", h.Path)
	assert.NotEmpty(t, h.Values)
}

func TestStatusOfEveryCode(t *testing.T) {
	want := map[rules.ErrorCode]int{
		rules.CodeBadJSON: 400, rules.CodeUnknownField: 400, rules.CodeMissing: 400, rules.CodeBadValue: 400,
		rules.CodeOutOfRange: 422, rules.CodeInconsistent: 422, rules.CodeRefused: 422, rules.CodeNoRules: 422,
		rules.CodeTooLarge: 413, CodeUnauthorized: 401, CodeMediaType: 415, CodeNotFound: 404, CodeMethod: 405, rules.CodeInternal: 500,
		rules.CodeTimeout: 408, rules.CodeInterrupted: 503,
	}
	for code, status := range want {
		assert.Equal(t, status, StatusOf(code), code)
	}
	// Every code is in the OpenAPI description's enum.
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]struct {
					Enum []string `json:"enum"`
				} `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	require.NoError(t, json.Unmarshal(openAPIBytes(), &doc))
	enum := doc.Components.Schemas["Error"].Properties["code"].Enum
	assert.Len(t, enum, len(want))
	for _, c := range enum {
		assert.Contains(t, want, rules.ErrorCode(c))
	}
	// The problem's codes are the same.
	assert.Equal(t, enum, doc.Components.Schemas["Problem"].Properties["code"].Enum)
}
