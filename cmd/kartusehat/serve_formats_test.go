package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestServeFormatsHoldToTheDescription: the FHIR endpoints and the
// ?from= and ?to= options answer as the OpenAPI description says, errors
// included (an OperationOutcome on the FHIR endpoints, a problem at
// "from" on the others).
func TestServeFormatsHoldToTheDescription(t *testing.T) {
	cfg := defaultServeConfig()
	cfg.inacbg = "../../examples/testdata/inacbg-synthetic.csv"
	ts := startServer(t, cfg)
	record := readFile(t, "../../examples/testdata/claim-rsud-2019-03-0001.eklaim.json")
	for _, tc := range []struct {
		name, path, ctype, body string
		valid                   bool
		status                  int
		contains                string
	}{
		{"FHIR wrong resource", "/fhir/r4/CoverageEligibilityRequest", "application/fhir+json", `{"resourceType":"Claim"}`, false, 400,
			`"code":"not-supported"`},
		{"FHIR claim, not JSON", "/fhir/r4/Claim", "application/fhir+json", `{`, false, 400, `"resourceType":"OperationOutcome"`},
		{"FHIR claim", "/fhir/r4/Claim", "application/fhir+json", readFile(t, "../../examples/testdata/claim-stay.fhir.json"), true, 200,
			`"resourceType":"ClaimResponse"`},
		{"eligibility from fhir to fhir", "/v1/eligibility?from=fhir&to=fhir", "application/json",
			readFile(t, "../../examples/testdata/eligibility-request.fhir.json"), true, 200, `"resourceType":"CoverageEligibilityResponse"`},
		{"adjudicate from eklaim", "/v1/claim/adjudicate?from=eklaim", "application/json", record, true, 200, `"verdict":"partly_paid"`},
		{"adjudicate from eklaim to eklaim", "/v1/claim/adjudicate?from=eklaim&to=eklaim", "application/json", record, true, 200, `"kategori":"kamar"`},
		{"referral from sep", "/v1/referral?from=sep", "application/json",
			readFile(t, "../../examples/testdata/referral-sep-rsud-2019-03-0001.json"), true, 200, `"unmapped":[]`},
		{"price from eklaim", "/v1/price?from=eklaim", "application/json", "{}", false, 400, `"pointer":"from"`},
		{"verify from eklaim", "/v1/claim/verify?from=eklaim", mediaNDJSON,
			readFile(t, "../../examples/testdata/month-rsud-2019-03.eklaim.jsonl"), true, 200, `{"report":{"berita_acara":`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := ts.call("POST", tc.path, tc.ctype, tc.body, nil, tc.valid)
			assert.Equal(t, tc.status, e.status, string(e.body))
			assert.True(t, strings.Contains(string(e.body), tc.contains), string(e.body))
		})
	}
}
