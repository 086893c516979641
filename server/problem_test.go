package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestProblemOfSeveralErrors: a problem lists every error of the input,
// at the status and code of the first.
func TestProblemOfSeveralErrors(t *testing.T) {
	p := problemOf(
		&kartusehat.ErrorJSON{Code: kartusehat.CodeInconsistent, Field: "/billing/facility", Message: "a"},
		&kartusehat.ErrorJSON{Code: kartusehat.CodeMissing, Field: "/episode/admission", Message: "b"},
	)
	assert.Equal(t, &Problem{Type: "urn:kartusehat:problem:inconsistent", Title: "Two fields of the input contradict each other",
		Status: 422, Detail: "a", Code: "inconsistent", Errors: []FieldProblem{
			{Code: "inconsistent", Pointer: "/billing/facility", Detail: "a"},
			{Code: "missing", Pointer: "/episode/admission", Detail: "b"},
		}}, p)
	// Every code has a title of its own.
	for _, code := range []string{kartusehat.CodeBadJSON, kartusehat.CodeUnknownField, kartusehat.CodeMissing, kartusehat.CodeBadValue, kartusehat.CodeOutOfRange,
		kartusehat.CodeTooLarge, kartusehat.CodeInconsistent, kartusehat.CodeRefused, kartusehat.CodeNoRules, kartusehat.CodeInternal,
		kartusehat.CodeTimeout, kartusehat.CodeInterrupted, CodeUnauthorized, CodeMediaType, CodeNotFound, CodeMethod} {
		assert.NotEmpty(t, problemTitles[code], code)
	}
}

// TestNoWorkbookWriter: without WithWorkbook the XLSX answers are
// refused before the month is read.
func TestNoWorkbookWriter(t *testing.T) {
	eng, err := kartusehat.Default()
	require.NoError(t, err)
	h, err := New(eng)
	require.NoError(t, err)
	for _, path := range []string{"/v1/claim/verify?format=xlsx", "/v1/claim/recap?format=xlsx"} {
		req := httptest.NewRequest("POST", path, strings.NewReader("{}\n"))
		req.Header.Set("Content-Type", mediaNDJSON)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		assert.Equal(t, http.StatusBadRequest, rec.Code, path)
		assert.Equal(t, mediaProblem, rec.Header().Get("Content-Type"))
		assert.Contains(t, rec.Body.String(), `"pointer":"format","detail":"this server does not write XLSX workbooks: ask for format csv"`)
	}
}
