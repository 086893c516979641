package kartusehat

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// BenchmarkFormats decides the same input given in each format through
// Do (the CLI's and the server's path): a claim file (the sample month's
// first) natively, as an E-Klaim record and as a FHIR Claim; the card
// holder's eligibility natively and as a FHIR CoverageEligibilityRequest.
// The answer is the project's JSON in every case (not encoded here).
func BenchmarkFormats(b *testing.B) {
	e := syntheticEngine(b)
	compact := func(s string) []byte {
		var buf bytes.Buffer
		if err := json.Compact(&buf, []byte(s)); err != nil {
			b.Fatal(err)
		}
		return buf.Bytes()
	}
	first := func(name string) []byte {
		l, _, _ := strings.Cut(string(readTestdata(b, name)), "\n")
		return []byte(l)
	}
	elig, _ := OpNamed("eligibility")
	eligFHIR, _ := OpFrom(elig, FormatFHIR, "")
	adjEKlaim, _ := OpFrom(AdjudicateOp, FormatEKlaim, "")
	adjFHIR, _ := OpFrom(AdjudicateOp, FormatFHIR, "")
	for _, bc := range []struct {
		name string
		op   *Op
		in   []byte
	}{
		{"adjudicate/native", AdjudicateOp, compact(string(readTestdata(b, "claim-stay.json")))},
		{"adjudicate/eklaim", adjEKlaim, first("month-rsud-2019-03.eklaim.jsonl")},
		{"adjudicate/fhir", adjFHIR, compact(string(readTestdata(b, "claim-stay.fhir.json")))},
		{"eligibility/native", elig, compact(`{"date":"2019-03-04","facts":` + string(readTestdata(b, "facts-card-holder.json")) + `}`)},
		{"eligibility/fhir", eligFHIR, compact(string(readTestdata(b, "eligibility-request.fhir.json")))},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := e.Do(bc.op, bc.in); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
