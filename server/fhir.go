package server

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"

	"github.com/kartusehat/kartusehat"
	"github.com/kartusehat/kartusehat/internal/fault"
	"github.com/kartusehat/kartusehat/interop"
	"github.com/kartusehat/kartusehat/interop/fhir"
	"github.com/kartusehat/kartusehat/rules"
)

// The FHIR R4 endpoints: a hospital's CoverageEligibilityRequest or Claim
// in, the CoverageEligibilityResponse or ClaimResponse out, each decided
// as the same input in the project's JSON is (kartusehat.OpFrom), an
// error as an OperationOutcome at the HTTP status of its code. And the
// hospital's formats on the project's endpoints: ?from=eklaim|fhir (and
// ?to=eklaim|fhir) on /v1/claim/adjudicate, ?from=fhir on
// /v1/eligibility, ?from=sep on /v1/referral, ?from=eklaim|fhir on
// /v1/claim/verify.

// mediaFHIR is FHIR's JSON media type.
const mediaFHIR = "application/fhir+json"

// fhirTypes are the media types a FHIR endpoint takes.
var fhirTypes = map[string]bool{mediaFHIR: true, mediaJSON: true}

// fhirEndpoints are the FHIR endpoints, each the operation it answers
// with, by the resource it takes.
var fhirEndpoints = []struct{ resource, op string }{
	{"CoverageEligibilityRequest", "eligibility"},
	{"Claim", "claim adjudicate"},
}

// fhirRoutes mounts the FHIR endpoints on mux.
func (s *Server) fhirRoutes(mux *http.ServeMux) {
	for _, fe := range fhirEndpoints {
		base := kartusehat.AdjudicateOp
		if fe.op != base.Name {
			base, _ = kartusehat.OpNamed(fe.op)
		}
		op, err := kartusehat.OpFrom(base, kartusehat.FormatFHIR, kartusehat.FormatFHIR)
		if err != nil {
			panic(err) // the library makes both
		}
		mux.Handle("/fhir/r4/"+fe.resource, s.v1(s.method(http.MethodPost, func(w http.ResponseWriter, r *http.Request) {
			s.handleFHIR(w, r, op)
		})))
	}
}

// handleFHIR is POST /fhir/r4/{resource}: one resource in, the answer
// resource out (application/fhir+json), or an OperationOutcome.
func (s *Server) handleFHIR(w http.ResponseWriter, r *http.Request, op *kartusehat.Op) {
	if !s.mediaOK(w, r, fhirTypes, mediaFHIR) {
		return
	}
	eng := s.eng.Load()
	w.Header().Set(revisionHeader, eng.Book().Revision())
	limit := s.cfg.maxInput
	var raw []byte
	var err error
	if r.ContentLength > limit {
		err = fault.Limit("masukan", "the input", "--max-input", limit)
	} else {
		raw, err = fault.ReadLimited(http.MaxBytesReader(w, r.Body, limit+1), limit, "--max-input")
	}
	var res any
	if err == nil {
		_, res, err = eng.Do(op, raw)
	}
	if err != nil {
		ej := kartusehat.ErrorOf(err)
		s.metrics.error(endpointOf(r), ej.Code)
		writeFHIR(w, r, statusOf(ej.Code), outcomeOf(err, ej))
		return
	}
	writeFHIR(w, r, http.StatusOK, res)
}

// writeFHIR answers r with the resource v at status.
func writeFHIR(w http.ResponseWriter, r *http.Request, status int, v any) {
	var buf bytes.Buffer
	if err := encodeHTTP(&buf, r, v); err != nil {
		status, v = http.StatusInternalServerError, outcomeOf(nil, fieldErr(rules.CodeInternal, "", "jawabannya tidak dapat ditulis sebagai JSON", "the answer could not be written as JSON"))
		buf.Reset()
		_ = encodeHTTP(&buf, r, v)
	}
	w.Header().Set("Content-Type", mediaFHIR)
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// outcomeOf is the OperationOutcome of err: one issue per field error of
// the reading (each with its reader's code, its messages in Bahasa
// Indonesia and English, and its place as a FHIRPath expression), else
// one issue of the error shape ej, its message made safe.
func outcomeOf(err error, ej *rules.FieldError) fhir.OperationOutcome {
	if err != nil && errors.Is(err, interop.ErrInterop) {
		o := fhir.Outcome(err)
		for i := range o.Issue { // a key of the input may be a NIK
			is := &o.Issue[i]
			is.Diagnostics = fault.SafeText(is.Diagnostics)
			if is.Details != nil {
				is.Details.Text = fault.SafeText(is.Details.Text)
			}
			for j := range is.Expression {
				is.Expression[j] = fault.SafeText(is.Expression[j])
			}
		}
		return o
	}
	is := fhir.Issue{Severity: "error", Code: fhirIssueCode(ej.Code),
		Details:     &fhir.CodeableConcept{Coding: []fhir.Coding{{System: fhir.SystemReason, Code: string(ej.Code)}}, Text: fault.SafeText(ej.Message)},
		Diagnostics: fault.SafeText(ej.MessageEN)}
	if ej.Pointer != "" {
		is.Expression = []string{fault.SafeText(fhir.FHIRPath(ej.Pointer))}
	}
	return fhir.OperationOutcome{ResourceType: "OperationOutcome", Issue: []fhir.Issue{is}}
}

// fhirIssueCode is the FHIR issue type (IssueType) of an error code.
func fhirIssueCode(code rules.ErrorCode) string {
	switch code {
	case rules.CodeBadJSON, rules.CodeUnknownField:
		return "structure"
	case rules.CodeMissing:
		return "required"
	case rules.CodeTooLarge:
		return "too-costly"
	case rules.CodeRefused, rules.CodeInconsistent:
		return "business-rule"
	case rules.CodeNoRules, rules.CodeOutOfRange:
		return "not-supported"
	case rules.CodeInternal:
		return "exception"
	case rules.CodeTimeout:
		return "timeout"
	case CodeUnauthorized:
		return "security"
	}
	return "invalid"
}

// formatOp is the operation a request to /v1/{op} (or its batch) asks
// for with ?from= and ?to= (kartusehat.OpFrom), or the error of a format
// the operation does not take.
func formatOp(r *http.Request, op *kartusehat.Op) (*kartusehat.Op, *rules.FieldError) {
	if r.URL.RawQuery == "" {
		return op, nil
	}
	q := r.URL.Query()
	for _, k := range []string{"from", "to"} {
		if len(q[k]) > 1 {
			return nil, fieldErr(rules.CodeBadValue, k, "diberikan lebih dari sekali", "given more than once")
		}
	}
	from, to := q.Get("from"), q.Get("to")
	o, err := kartusehat.OpFrom(op, from, to)
	if err != nil {
		ej := kartusehat.ErrorOf(err)
		field := "from"
		if from == "" {
			field = "to"
		}
		return nil, fieldErr(ej.Code, field, fault.SafeText(fmt.Sprintf("from=%s to=%s: %s", from, to, ej.Message)),
			fault.SafeText(fmt.Sprintf("from=%s to=%s: %s", from, to, ej.MessageEN)))
	}
	return o, nil
}

// monthFrom checks ?from= of /v1/claim/verify: the claim files of a
// month are the project's JSON, E-Klaim records or FHIR Claims.
func monthFrom(from string) *rules.FieldError {
	switch from {
	case "", kartusehat.FormatEKlaim, kartusehat.FormatFHIR:
		return nil
	}
	return fieldErr(rules.CodeBadValue, "from",
		fault.SafeText(fmt.Sprintf("%q: berkas klaim sebulan adalah JSON proyek ini, eklaim atau fhir", from)),
		fault.SafeText(fmt.Sprintf("%q: the claim files of a month are the project's JSON, eklaim or fhir", from)))
}
