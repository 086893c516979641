package fhir

import (
	"encoding/json"
	"testing"

	"github.com/kartusehat/kartusehat/rules"
)

// FuzzEligibilityRequest: any input reads or gives field errors that
// render as an OperationOutcome, never a panic.
func FuzzEligibilityRequest(f *testing.F) {
	req, err := NewEligibilityRequest("r", cardHolder(f), rules.MustParseDate("2019-03-04"))
	if err != nil {
		f.Fatal(err)
	}
	b, _ := json.Marshal(req)
	f.Add(b)
	f.Add([]byte(`{"resourceType":"CoverageEligibilityRequest","patient":{"reference":"#"},"contained":[1]}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		r, err := DecodeEligibilityRequest(in)
		if err == nil {
			if _, _, err = EligibilityFacts(r); err == nil {
				return
			}
		}
		l, ok := fieldErrors(err)
		if !ok {
			t.Fatalf("err = %v, want field errors", err)
		}
		if o := Outcome(err); len(o.Issue) != len(l) {
			t.Fatalf("%d issues for %d faults", len(o.Issue), len(l))
		}
	})
}

// FuzzClaim: any input reads as a claim file or gives field errors,
// never a panic.
func FuzzClaim(f *testing.F) {
	rb := rules.Default()
	c, err := NewClaim(stays(f)[2], rb)
	if err != nil {
		f.Fatal(err)
	}
	b, _ := json.Marshal(c)
	f.Add(b)
	f.Add([]byte(`{"resourceType":"Claim","item":[{"net":{"value":1e400}}],"subType":{}}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		cl, err := DecodeClaim(in)
		if err == nil {
			if _, err = ClaimFile(cl, rb); err == nil {
				return
			}
		}
		_, ok := fieldErrors(err)
		if !ok {
			t.Fatalf("err = %v, want field errors", err)
		}
	})
}
