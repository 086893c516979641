package server

import (
	"bytes"
	"net/http"

	"github.com/kartusehat/kartusehat"
)

// mediaProblem is the media type of an error answer: RFC 9457 problem
// details.
const mediaProblem = "application/problem+json"

// Problem is an error answer of the server, RFC 9457 problem details:
// the standard members, then the stable code of the error and the list
// of the input's field errors, each with its code, the JSON Pointer of
// the field (RFC 6901; "" for the input as a whole; for a query
// parameter, its name) and a message in English that never holds a full
// NIK.
type Problem struct {
	// Type identifies the kind of problem: urn:kartusehat:problem:CODE.
	Type string `json:"type"`
	// Title is a short summary of the kind of problem, in English.
	Title string `json:"title"`
	// Status is the HTTP status.
	Status int `json:"status"`
	// Detail is the first error's message.
	Detail string `json:"detail,omitempty"`
	// Code is the first error's stable code.
	Code string `json:"code"`
	// Errors are the input's errors, the first the Detail's.
	Errors []FieldProblem `json:"errors"`
}

// FieldProblem is one error of an input in a Problem.
type FieldProblem struct {
	Code    string `json:"code"`
	Pointer string `json:"pointer"`
	Detail  string `json:"detail"`
}

// problemTitles are the titles of the problems, by code.
var problemTitles = map[string]string{
	kartusehat.CodeBadJSON:      "The input is not one well-formed JSON value",
	kartusehat.CodeUnknownField: "The input has a field the operation does not take",
	kartusehat.CodeMissing:      "A required field is missing",
	kartusehat.CodeBadValue:     "A value is of the wrong type or form, or not allowed",
	kartusehat.CodeOutOfRange:   "A value is outside the range allowed",
	kartusehat.CodeTooLarge:     "The input is over its size limit",
	kartusehat.CodeInconsistent: "Two fields of the input contradict each other",
	kartusehat.CodeRefused:      "The input is well-formed but will not be acted on",
	kartusehat.CodeNoRules:      "The rulebook does not hold what the decision needs",
	kartusehat.CodeInternal:     "A fault of kartusehat",
	kartusehat.CodeTimeout:      "The input did not arrive in time",
	kartusehat.CodeInterrupted:  "The batch was cut by a shutdown",
	CodeUnauthorized:            "The bearer token is missing or wrong",
	CodeMediaType:               "The body's media type is not one the endpoint takes",
	CodeNotFound:                "No such endpoint or resource",
	CodeMethod:                  "The endpoint does not answer this method",
}

// problemOf is the problem of the errors errs (at least one), at the
// status of the first one's code.
func problemOf(errs ...*kartusehat.ErrorJSON) *Problem {
	first := errs[0]
	title := problemTitles[first.Code]
	if title == "" {
		title = http.StatusText(statusOf(first.Code))
	}
	p := &Problem{Type: "urn:kartusehat:problem:" + first.Code, Title: title, Status: statusOf(first.Code),
		Detail: first.Message, Code: first.Code, Errors: make([]FieldProblem, 0, len(errs))}
	for _, e := range errs {
		p.Errors = append(p.Errors, FieldProblem{Code: e.Code, Pointer: e.Field, Detail: e.Message})
	}
	return p
}

// fail answers r with the problem of the errors errs (at least one), at
// the status of the first one's code, and counts it.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, errs ...*kartusehat.ErrorJSON) {
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
