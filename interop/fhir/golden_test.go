package fhir

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/rules"
)

// golden compares v, as indented JSON, with the file in
// examples/testdata (KARTUSEHAT_UPDATE=1 rewrites it), and checks that the
// file validates against the FHIR R4 schema.
func golden(t *testing.T, name string, v any) []byte {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	path := "../../examples/testdata/" + name
	if os.Getenv("KARTUSEHAT_UPDATE") != "" {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want, b) {
		t.Errorf("%s is not what the code writes: run with KARTUSEHAT_UPDATE=1", name)
	}
	validateJSON(t, want)
	return want
}

// TestExamples writes the FHIR examples of examples/testdata: the card
// holder's eligibility request and its answer, and the stay's Claim and
// ClaimResponse; each read back gives the native decision. (The
// CodeSystem is not kept as a file: every package's new code would change
// it; TestReasonCodeSystem checks it.)
func TestExamples(t *testing.T) {
	rb := rules.Default()
	on := rules.MustParseDate("2019-03-04")
	facts := cardHolder(t)
	req, err := NewEligibilityRequest("ks-nik-2019-03-04", facts, on)
	if err != nil {
		t.Fatal(err)
	}
	in := golden(t, "eligibility-request.fhir.json", req)
	r, err := DecodeEligibilityRequest(in)
	if err != nil {
		t.Fatal(err)
	}
	f, d, err := EligibilityFacts(r)
	if err != nil {
		t.Fatal(err)
	}
	dec, err := eligibility.Check(f, rb.At(d))
	if err != nil || !dec.Eligible {
		t.Fatalf("decision %+v, %v", dec, err)
	}
	golden(t, "eligibility-response.fhir.json", EligibilityResponse(r, f, &dec))

	file := stays(t)[0]
	c, err := NewClaim(file, rb)
	if err != nil {
		t.Fatal(err)
	}
	c.ID = "rsud-2019-03-0001"
	cin := golden(t, "claim-stay.fhir.json", c)
	back, err := DecodeClaim(cin)
	if err != nil {
		t.Fatal(err)
	}
	g, err := ClaimFile(back, rb)
	if err != nil {
		t.Fatal(err)
	}
	a, err := claimAdjudicate(g, rb, table(t))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "claim-stay-response.fhir.json", NewClaimResponse(back, g, &a))
}
