package server

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/kartusehat/kartusehat"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// TestProblemOfSeveralErrors: a problem lists every error of the input,
// at the status and code of the first.
func TestProblemOfSeveralErrors(t *testing.T) {
	p := problemOf(
		&rules.FieldError{Code: rules.CodeInconsistent, Pointer: "/billing/facility", Message: "a-id", MessageEN: "a"},
		&rules.FieldError{Code: rules.CodeMissing, Pointer: "/episode/admission", Message: "b-id", MessageEN: "b"},
	)
	assert.Equal(t, &Problem{Type: "urn:kartusehat:problem:inconsistent", Title: "Two fields of the input contradict each other",
		Status: 422, Detail: "a", Code: "inconsistent", Errors: []*rules.FieldError{
			{Code: "inconsistent", Pointer: "/billing/facility", Message: "a-id", MessageEN: "a"},
			{Code: "missing", Pointer: "/episode/admission", Message: "b-id", MessageEN: "b"},
		}}, p)
	b, err := json.Marshal(p)
	require.NoError(t, err)
	assert.JSONEq(t, `{"type":"urn:kartusehat:problem:inconsistent","title":"Two fields of the input contradict each other","status":422,"detail":"a","code":"inconsistent",
		"errors":[{"code":"inconsistent","pointer":"/billing/facility","message":"a-id","message_en":"a"},{"code":"missing","pointer":"/episode/admission","message":"b-id","message_en":"b"}]}`, string(b))
	// Every code has a title of its own.
	for _, code := range []rules.ErrorCode{rules.CodeBadJSON, rules.CodeUnknownField, rules.CodeMissing, rules.CodeBadValue, rules.CodeOutOfRange,
		rules.CodeTooLarge, rules.CodeInconsistent, rules.CodeRefused, rules.CodeNoRules, rules.CodeInternal,
		rules.CodeTimeout, rules.CodeInterrupted, CodeUnauthorized, CodeMediaType, CodeNotFound, CodeMethod} {
		assert.NotEmpty(t, problemTitles[code], code)
	}
}

// TestWorkbookByDefault: a server built with no option answers the XLSX
// formats with the formatted workbook of package workbook.
func TestWorkbookByDefault(t *testing.T) {
	eng, err := kartusehat.Default()
	require.NoError(t, err)
	h, err := New(eng)
	require.NoError(t, err)
	month, err := os.ReadFile("../examples/testdata/month-rsud-2019-03.jsonl")
	require.NoError(t, err)
	for path, sheet := range map[string]string{"/v1/claim/verify?format=xlsx": "Berkas Klaim", "/v1/claim/recap?format=xlsx": ""} {
		req := httptest.NewRequest("POST", path, bytes.NewReader(month))
		req.Header.Set("Content-Type", mediaNDJSON)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		require.Equal(t, http.StatusOK, rec.Code, path)
		assert.Equal(t, mediaXLSX, rec.Header().Get("Content-Type"))
		f, err := excelize.OpenReader(rec.Body)
		require.NoError(t, err, path)
		if sheet != "" {
			assert.Contains(t, f.GetSheetList(), sheet, path)
		}
		assert.NotEmpty(t, f.GetSheetList(), path)
		require.NoError(t, f.Close())
	}
}

// TestProblemListsEveryBadField (issue 18 item 3): an eligibility input
// with three bad fields is answered with one problem that lists the
// three, each with its code and JSON Pointer, the first as the problem's
// own code.
func TestProblemListsEveryBadField(t *testing.T) {
	eng, err := kartusehat.Default()
	require.NoError(t, err)
	h, err := New(eng)
	require.NoError(t, err)
	raw, err := os.ReadFile("../examples/testdata/facts-card-holder.json")
	require.NoError(t, err)
	bad := bytes.Replace(raw, []byte(`"kk": "3275010101170001",`), []byte(`"kk": "327501",`), 1)
	bad = bytes.Replace(bad, []byte(`"jkn": {"status": "none"}`), []byte(`"jkn": {"status": "pbi"}`), 1)
	bad = bytes.Replace(bad, []byte(`"valid_through": "2018-12-31",`), nil, 1)
	body := append(append([]byte(`{"date":"2018-06-01","facts":`), bad...), '}')
	req := httptest.NewRequest("POST", "/v1/eligibility", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	require.Equal(t, http.StatusBadRequest, rec.Code, rec.Body.String())
	assert.Equal(t, mediaProblem, rec.Header().Get("Content-Type"))
	var p struct {
		Code   string `json:"code"`
		Errors []struct {
			Code    string `json:"code"`
			Pointer string `json:"pointer"`
		} `json:"errors"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &p))
	assert.Equal(t, "bad_value", p.Code)
	require.Len(t, p.Errors, 3, rec.Body.String())
	for i, want := range [][2]string{{"bad_value", "/facts/person/kk"}, {"missing", "/facts/jkn/pbi_payer"}, {"missing", "/facts/documents/card/valid_through"}} {
		assert.Equal(t, want[0], p.Errors[i].Code)
		assert.Equal(t, want[1], p.Errors[i].Pointer)
	}
}
