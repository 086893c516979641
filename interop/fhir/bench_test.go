package fhir

import (
	"encoding/json"
	"testing"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/rules"
)

// BenchmarkEligibility compares a decision from a FHIR
// CoverageEligibilityRequest (decode, read, check, answer) with the same
// from the native facts JSON (decode, check).
func BenchmarkEligibility(b *testing.B) {
	rb := rules.Default()
	f := cardHolder(b)
	on := rules.MustParseDate("2019-03-04")
	s := rb.At(on)
	native, _ := json.Marshal(f)
	req, err := NewEligibilityRequest("r", f, on)
	if err != nil {
		b.Fatal(err)
	}
	fhirJSON, _ := json.Marshal(req)
	b.Run("native", func(b *testing.B) {
		for b.Loop() {
			g, err := eligibility.UnmarshalFacts(native)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := eligibility.Check(g, s); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("fhir", func(b *testing.B) {
		for b.Loop() {
			r, err := DecodeEligibilityRequest(fhirJSON)
			if err != nil {
				b.Fatal(err)
			}
			g, d, err := EligibilityFacts(r)
			if err != nil {
				b.Fatal(err)
			}
			dec, err := eligibility.Check(g, rb.At(d))
			if err != nil {
				b.Fatal(err)
			}
			_ = EligibilityResponse(r, g, &dec)
		}
	})
}

// BenchmarkClaim compares an adjudication from a FHIR Claim with the same
// from the native claim file JSON.
func BenchmarkClaim(b *testing.B) {
	rb := rules.Default()
	tb := table(b)
	f := stays(b)[2]
	s := rb.At(f.Episode.ServiceDate())
	native, _ := json.Marshal(f)
	c, err := NewClaim(f, rb)
	if err != nil {
		b.Fatal(err)
	}
	fhirJSON, _ := json.Marshal(c)
	b.Run("native", func(b *testing.B) {
		for b.Loop() {
			g, err := claim.UnmarshalFile(native)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := claim.Adjudicate(g, s, tb); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("fhir", func(b *testing.B) {
		for b.Loop() {
			cl, err := DecodeClaim(fhirJSON)
			if err != nil {
				b.Fatal(err)
			}
			g, err := ClaimFile(cl, rb)
			if err != nil {
				b.Fatal(err)
			}
			a, err := claim.Adjudicate(g, s, tb)
			if err != nil {
				b.Fatal(err)
			}
			_ = NewClaimResponse(cl, g, &a)
		}
	})
}
