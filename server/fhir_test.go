package server_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/kartusehat/kartusehat"
	"github.com/kartusehat/kartusehat/interop/fhir"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/server"
	"github.com/kartusehat/kartusehat/tariff"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const testdata = "../examples/testdata/"

func testFile(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(testdata + name)
	require.NoError(t, err)
	return string(b)
}

// syntheticServer serves an Engine that prices with the examples'
// synthetic INA-CBG table (which has the sample month's groups).
func syntheticServer(t testing.TB) *httptest.Server {
	t.Helper()
	f, err := os.Open(testdata + "inacbg-synthetic.csv")
	require.NoError(t, err)
	defer f.Close()
	tb, err := tariff.LoadTable(f, "inacbg-synthetic.csv", "synthetic INA-CBG table")
	require.NoError(t, err)
	eng, err := kartusehat.Default(kartusehat.WithTable(tb))
	require.NoError(t, err)
	h, err := server.New(eng)
	require.NoError(t, err)
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts
}

func post(t testing.TB, ts *httptest.Server, path, ctype, body string) (int, http.Header, string) {
	t.Helper()
	resp, err := http.Post(ts.URL+path, ctype, strings.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, resp.Header, string(b)
}

// The FHIR R4 schema of interop/fhir's tests, compiled once.
var fhirSchema struct {
	once sync.Once
	sch  *jsonschema.Schema
	err  error
}

// validateFHIR checks a resource against HL7's FHIR R4 JSON schema.
func validateFHIR(t testing.TB, body string) {
	t.Helper()
	fhirSchema.once.Do(func() {
		f, err := os.Open("../interop/fhir/testdata/fhir.schema.json.gz")
		if err != nil {
			fhirSchema.err = err
			return
		}
		defer f.Close()
		z, err := gzip.NewReader(f)
		if err != nil {
			fhirSchema.err = err
			return
		}
		doc, err := jsonschema.UnmarshalJSON(z)
		if err != nil {
			fhirSchema.err = err
			return
		}
		c := jsonschema.NewCompiler()
		c.DefaultDraft(jsonschema.Draft6)
		const id = "http://hl7.org/fhir/json-schema/4.0"
		if fhirSchema.err = c.AddResource(id, doc); fhirSchema.err == nil {
			fhirSchema.sch, fhirSchema.err = c.Compile(id)
		}
	})
	require.NoError(t, fhirSchema.err)
	inst, err := jsonschema.UnmarshalJSON(strings.NewReader(body))
	require.NoError(t, err)
	assert.NoError(t, fhirSchema.sch.Validate(inst), body)
}

// TestFHIREligibility: POST /fhir/r4/CoverageEligibilityRequest answers
// the example's CoverageEligibilityResponse (application/fhir+json, valid
// R4); its outcome and reasons are the decision /v1/eligibility gives the
// same facts in the project's JSON, which /v1/eligibility?from=fhir gives
// byte for byte.
func TestFHIREligibility(t *testing.T) {
	ts := syntheticServer(t)
	req := testFile(t, "eligibility-request.fhir.json")
	code, hdr, body := post(t, ts, "/fhir/r4/CoverageEligibilityRequest?pretty=1", "application/fhir+json", req)
	require.Equal(t, 200, code, body)
	assert.Equal(t, "application/fhir+json", hdr.Get("Content-Type"))
	assert.Equal(t, testFile(t, "eligibility-response.fhir.json"), body)
	validateFHIR(t, body)

	code, _, native := post(t, ts, "/v1/eligibility", "application/json", `{"date":"2019-03-04","facts":`+testFile(t, "facts-card-holder.json")+`}`)
	require.Equal(t, 200, code, native)
	code, _, fromFHIR := post(t, ts, "/v1/eligibility?from=fhir", "application/json", req)
	require.Equal(t, 200, code, fromFHIR)
	assert.Equal(t, native, fromFHIR)

	var d struct {
		Eligible bool           `json:"eligible"`
		Reasons  []rules.Reason `json:"reasons"`
		Warnings []rules.Reason `json:"warnings"`
	}
	require.NoError(t, json.Unmarshal([]byte(native), &d))
	var resp fhir.CoverageEligibilityResponse
	require.NoError(t, json.Unmarshal([]byte(body), &resp))
	require.Len(t, resp.Insurance, 1)
	assert.Equal(t, d.Eligible, resp.Insurance[0].Inforce)
	assert.Equal(t, d.Reasons, fhir.Reasons(resp.Extension, fhir.ExtReason))
	assert.Equal(t, len(d.Warnings), len(fhir.Reasons(resp.Extension, fhir.ExtWarning)))
}

// TestFHIRClaim: POST /fhir/r4/Claim answers the example's ClaimResponse.
func TestFHIRClaim(t *testing.T) {
	ts := syntheticServer(t)
	code, hdr, body := post(t, ts, "/fhir/r4/Claim?pretty=1", "application/fhir+json", testFile(t, "claim-stay.fhir.json"))
	require.Equal(t, 200, code, body)
	assert.Equal(t, "application/fhir+json", hdr.Get("Content-Type"))
	assert.Equal(t, testFile(t, "claim-stay-response.fhir.json"), body)
}

// TestFHIRErrors: a resource of the wrong type, one without the
// patient's NIK, or no JSON at all is an OperationOutcome (valid R4) at
// the status of its code, each fault an issue with its place.
func TestFHIRErrors(t *testing.T) {
	ts := syntheticServer(t)
	noNIK := strings.Replace(testFile(t, "eligibility-request.fhir.json"), "https://fhir.kemkes.go.id/id/nik", "urn:other", -1)
	for _, tc := range []struct {
		name, path, body string
		status           int
		want             string
	}{
		{"wrong resource", "/fhir/r4/CoverageEligibilityRequest", `{"resourceType":"Claim"}`, 400,
			`{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-supported","details":{"coding":[{"system":"` + fhir.SystemReason + `","code":"wrong_resource"}],` +
				`"text":"Sumber daya \"Claim\" bukan CoverageEligibilityRequest."},"diagnostics":"A \"Claim\" resource is not a CoverageEligibilityRequest.","expression":["resourceType"]}]}` + "\n"},
		{"wrong resource, claim", "/fhir/r4/Claim", `{"resourceType":"Patient"}`, 400, ""},
		{"no NIK", "/fhir/r4/CoverageEligibilityRequest", noNIK, 400, ""},
		{"not JSON", "/fhir/r4/Claim", `{"resourceType":`, 400, ""},
		{"a NIK as an element", "/fhir/r4/Claim", `{"resourceType":"Claim","3275014508900001":1}`, 400, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, hdr, body := post(t, ts, tc.path, "application/fhir+json", tc.body)
			assert.Equal(t, tc.status, code, body)
			assert.Equal(t, "application/fhir+json", hdr.Get("Content-Type"))
			if tc.want != "" {
				assert.Equal(t, tc.want, body)
			}
			assert.Contains(t, body, `"resourceType":"OperationOutcome"`)
			assert.NotContains(t, body, "3275014508900001")
			validateFHIR(t, body)
		})
	}
	code, _, body := post(t, ts, "/fhir/r4/Claim", "text/plain", "{}")
	assert.Equal(t, 415, code, body)
}

// TestFromQuery: ?from= and ?to= on the project's endpoints; a format an
// operation does not read is a bad request naming the parameter.
func TestFromQuery(t *testing.T) {
	ts := syntheticServer(t)
	record := testFile(t, "claim-rsud-2019-03-0001.eklaim.json")
	code, _, body := post(t, ts, "/v1/claim/adjudicate?from=eklaim&to=eklaim", "application/json", record)
	require.Equal(t, 200, code, body)
	assert.Contains(t, body, `"nomor_sep":"SJP/2019/03/0001","verdict":"partly_paid","tarif_rs":[{"kategori":"prosedur_non_bedah","status":"reduced","diajukan":"2000000","dibayar":"1955556","dikurangi":"44444","ditolak":"0"`)

	code, _, body = post(t, ts, "/v1/price?from=eklaim", "application/json", record)
	assert.Equal(t, 400, code)
	assert.Contains(t, body, `"errors":[{"code":"bad_value","pointer":"from","message":"from=eklaim to=: price hanya membaca dan menjawab JSON proyek ini","message_en":"from=eklaim to=: price reads and answers the project's JSON only"}]`)

	var lines bytes.Buffer
	lines.WriteString(strings.ReplaceAll(record, "\n", ""))
	lines.WriteString("\n")
	code, _, body = post(t, ts, "/v1/claim/adjudicate/batch?from=eklaim", "application/x-ndjson", lines.String())
	require.Equal(t, 200, code, body)
	assert.True(t, strings.HasPrefix(body, `{"line":1,"id":"RSUD-2019-03-0001","result":{"id":"RSUD-2019-03-0001","hospital":"rsud-cam"`), body)
}

// TestVerifyFromEKlaim is the acceptance of issue #19 over HTTP: the
// sample month as E-Klaim records through /v1/claim/verify?from=eklaim
// ends with the native month's report line, byte for byte.
func TestVerifyFromEKlaim(t *testing.T) {
	ts := syntheticServer(t)
	last := func(s string) string {
		l := strings.Split(strings.TrimSpace(s), "\n")
		return l[len(l)-1]
	}
	code, _, native := post(t, ts, "/v1/claim/verify", "application/x-ndjson", testFile(t, "month-rsud-2019-03.jsonl"))
	require.Equal(t, 200, code, native)
	code, _, ek := post(t, ts, "/v1/claim/verify?from=eklaim", "application/x-ndjson", testFile(t, "month-rsud-2019-03.eklaim.jsonl"))
	require.Equal(t, 200, code, ek)
	assert.True(t, strings.HasPrefix(last(native), `{"report":{"berita_acara":`), last(native))
	assert.Equal(t, last(native), last(ek))

	code, _, nativeRecap := post(t, ts, "/v1/claim/recap", "application/x-ndjson", testFile(t, "month-rsud-2019-03.jsonl"))
	require.Equal(t, 200, code, nativeRecap)
	code, _, ekRecap := post(t, ts, "/v1/claim/recap?from=eklaim", "application/x-ndjson", testFile(t, "month-rsud-2019-03.eklaim.jsonl"))
	require.Equal(t, 200, code, ekRecap)
	assert.Equal(t, nativeRecap, ekRecap)

	code, _, body := post(t, ts, "/v1/claim/verify?from=sep", "application/x-ndjson", "")
	assert.Equal(t, 400, code)
	assert.Contains(t, body, `"pointer":"from"`)
}

// TestFHIRTooLarge: an error of the engine rather than of the reading (a
// body over --max-input) is an OperationOutcome too, valid R4, at its
// status.
func TestFHIRTooLarge(t *testing.T) {
	eng, err := kartusehat.Default()
	require.NoError(t, err)
	h, err := server.New(eng, server.WithLimits(server.Limits{MaxInput: 100}))
	require.NoError(t, err)
	ts := httptest.NewServer(h)
	defer ts.Close()
	code, hdr, body := post(t, ts, "/fhir/r4/CoverageEligibilityRequest", "application/fhir+json", testFile(t, "eligibility-request.fhir.json"))
	assert.Equal(t, 413, code)
	assert.Equal(t, "application/fhir+json", hdr.Get("Content-Type"))
	assert.Equal(t, `{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"too-costly","details":{"coding":[{"system":"`+fhir.SystemReason+
		`","code":"too_large"}],"text":"masukan lebih besar dari 100 bita, batas --max-input"},"diagnostics":"the input is larger than 100 bytes, the limit --max-input"}]}`+"\n", body)
	validateFHIR(t, body)
}
