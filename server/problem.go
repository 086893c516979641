package server

import (
	"bytes"
	"net/http"

	"github.com/kartusehat/kartusehat/rules"
)

// mediaProblem is the media type of an error answer: RFC 9457 problem
// details.
const mediaProblem = "application/problem+json"

// Problem is an error answer of the server, RFC 9457 problem details:
// the standard members, then the stable code of the error and the list
// of the input's field errors, each the module's one error type,
// *rules.FieldError: its code, the JSON Pointer of the field (RFC 6901; ""
// for the input as a whole; for a query parameter, its name) and its
// messages in Bahasa Indonesia and English, that never hold a full NIK.
type Problem struct {
	// Type identifies the kind of problem: urn:kartusehat:problem:CODE.
	Type string `json:"type"`
	// Title is a short summary of the kind of problem, in English.
	Title string `json:"title"`
	// Status is the HTTP status.
	Status int `json:"status"`
	// Detail is the first error's message in English.
	Detail string `json:"detail,omitempty"`
	// Code is the first error's stable code.
	Code rules.ErrorCode `json:"code"`
	// Errors are the input's errors, the first the Detail's.
	Errors []*rules.FieldError `json:"errors"`
}

// problemTitles are the titles of the problems, by code.
var problemTitles = map[rules.ErrorCode]string{
	rules.CodeBadJSON:      "The input is not one well-formed JSON value",
	rules.CodeUnknownField: "The input has a field the operation does not take",
	rules.CodeMissing:      "A required field is missing",
	rules.CodeBadValue:     "A value is of the wrong type or form, or not allowed",
	rules.CodeOutOfRange:   "A value is outside the range allowed",
	rules.CodeTooLarge:     "The input is over its size limit",
	rules.CodeInconsistent: "Two fields of the input contradict each other",
	rules.CodeRefused:      "The input is well-formed but will not be acted on",
	rules.CodeNoRules:      "The rulebook does not hold what the decision needs",
	rules.CodeInternal:     "A fault of kartusehat",
	rules.CodeTimeout:      "The input did not arrive in time",
	rules.CodeInterrupted:  "The batch was cut by a shutdown",
	CodeUnauthorized:       "The bearer token is missing or wrong",
	CodeMediaType:          "The body's media type is not one the endpoint takes",
	CodeNotFound:           "No such endpoint or resource",
	CodeMethod:             "The endpoint does not answer this method",
}

// problemOf is the problem of the errors errs (at least one), at the
// status of the first one's code.
func problemOf(errs ...*rules.FieldError) *Problem {
	first := errs[0]
	title := problemTitles[first.Code]
	if title == "" {
		title = http.StatusText(statusOf(first.Code))
	}
	return &Problem{Type: "urn:kartusehat:problem:" + string(first.Code), Title: title, Status: statusOf(first.Code),
		Detail: first.MessageEN, Code: first.Code, Errors: errs}
}

// fail answers r with the problem of the errors errs (at least one), at
// the status of the first one's code, and counts it.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, errs ...*rules.FieldError) {
	s.metrics.error(endpointOf(r), errs[0].Code)
	writeProblem(w, r, problemOf(errs...))
}

// writeProblem answers r with p: compact, or indented on ?pretty=1.
func writeProblem(w http.ResponseWriter, r *http.Request, p *Problem) {
	var buf bytes.Buffer
	_ = encodeHTTP(&buf, r, p) // strings and numbers: it cannot fail
	w.Header().Set("Content-Type", mediaProblem)
	w.WriteHeader(p.Status)
	w.Write(buf.Bytes())
}
