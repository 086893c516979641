package server

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"

	"github.com/kartusehat/kartusehat"
	"github.com/kartusehat/kartusehat/interop"
	"github.com/kartusehat/kartusehat/interop/fhir"
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
		err = &kartusehat.LimitError{What: "the input", Name: "--max-input", Limit: limit}
	} else {
		raw, err = readLimited(http.MaxBytesReader(w, r.Body, limit+1), limit, "the input", "--max-input")
	}
	var res any
	if err == nil {
		_, res, err = eng.Do(op, raw)
	}
	if err != nil {
		ej := kartusehat.ErrorOf(err)
		s.metrics.error(endpointOf(r), ej.Code)
		writeFHIR(w, r, ej.HTTPStatus(), outcomeOf(err, ej))
		return
	}
	writeFHIR(w, r, http.StatusOK, res)
}

// writeFHIR answers r with the resource v at status.
func writeFHIR(w http.ResponseWriter, r *http.Request, status int, v any) {
	var buf bytes.Buffer
	if err := encodeHTTP(&buf, r, v); err != nil {
		status, v = http.StatusInternalServerError, outcomeOf(nil, &kartusehat.ErrorJSON{Code: kartusehat.CodeInternal, Message: "the answer could not be written as JSON"})
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
func outcomeOf(err error, ej *kartusehat.ErrorJSON) fhir.OperationOutcome {
	var l interop.Errors
	if err != nil && errors.As(err, &l) {
		o := fhir.Outcome(l)
		for i := range o.Issue { // a key of the input may be a NIK
			is := &o.Issue[i]
			is.Diagnostics = kartusehat.SafeText(is.Diagnostics)
			if is.Details != nil {
				is.Details.Text = kartusehat.SafeText(is.Details.Text)
			}
			for j := range is.Expression {
				is.Expression[j] = kartusehat.SafeText(is.Expression[j])
			}
		}
		return o
	}
	is := fhir.Issue{Severity: "error", Code: fhirIssueCode(ej.Code),
		Details:     &fhir.CodeableConcept{Coding: []fhir.Coding{{System: fhir.SystemReason, Code: ej.Code}}},
		Diagnostics: ej.Message}
	if ej.Field != "" {
		is.Expression = []string{kartusehat.SafeText(fhir.FHIRPath(ej.Field))}
	}
	return fhir.OperationOutcome{ResourceType: "OperationOutcome", Issue: []fhir.Issue{is}}
}

// fhirIssueCode is the FHIR issue type (IssueType) of an error code.
func fhirIssueCode(code string) string {
	switch code {
	case kartusehat.CodeBadJSON, kartusehat.CodeUnknownField:
		return "structure"
	case kartusehat.CodeMissing:
		return "required"
	case kartusehat.CodeTooLarge:
		return "too-costly"
	case kartusehat.CodeRefused, kartusehat.CodeInconsistent:
		return "business-rule"
	case kartusehat.CodeNoRules, kartusehat.CodeOutOfRange:
		return "not-supported"
	case kartusehat.CodeInternal:
		return "exception"
	case kartusehat.CodeTimeout:
		return "timeout"
	case CodeUnauthorized:
		return "security"
	}
	return "invalid"
}

// formatOp is the operation a request to /v1/{op} (or its batch) asks
// for with ?from= and ?to= (kartusehat.OpFrom), or the error of a format
// the operation does not take.
func formatOp(r *http.Request, op *kartusehat.Op) (*kartusehat.Op, *kartusehat.ErrorJSON) {
	if r.URL.RawQuery == "" {
		return op, nil
	}
	q := r.URL.Query()
	for _, k := range []string{"from", "to"} {
		if len(q[k]) > 1 {
			return nil, &kartusehat.ErrorJSON{Code: kartusehat.CodeBadValue, Field: k, Message: "given more than once"}
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
		return nil, &kartusehat.ErrorJSON{Code: ej.Code, Field: field, Message: kartusehat.SafeText(fmt.Sprintf("from=%s to=%s: %s", from, to, ej.Message))}
	}
	return o, nil
}

// monthFrom checks ?from= of /v1/claim/verify: the claim files of a
// month are the project's JSON, E-Klaim records or FHIR Claims.
func monthFrom(from string) *kartusehat.ErrorJSON {
	switch from {
	case "", kartusehat.FormatEKlaim, kartusehat.FormatFHIR:
		return nil
	}
	return &kartusehat.ErrorJSON{Code: kartusehat.CodeBadValue, Field: "from",
		Message: kartusehat.SafeText(fmt.Sprintf("%q: the claim files of a month are the project's JSON, eklaim or fhir", from))}
}
