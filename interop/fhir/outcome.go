package fhir

import (
	"errors"
	"sort"
	"strconv"
	"strings"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/interop"
	"github.com/kartusehat/kartusehat/interop/eklaim"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
)

// OperationOutcome is the FHIR R4 resource a FHIR endpoint answers an
// error with.
type OperationOutcome struct {
	ResourceType string  `json:"resourceType"`
	Issue        []Issue `json:"issue"`
}

// Issue is one issue of an OperationOutcome.
type Issue struct {
	Severity    string           `json:"severity"`
	Code        string           `json:"code"`
	Details     *CodeableConcept `json:"details,omitempty"`
	Diagnostics string           `json:"diagnostics,omitempty"`
	Expression  []string         `json:"expression,omitempty"`
}

// issueCode is the FHIR issue type of a field error's code.
func issueCode(code interop.Code) string {
	switch code {
	case interop.CodeMissing, interop.CodeNoPatientID:
		return "required"
	case interop.CodeWrongResource:
		return "not-supported"
	case interop.CodeUnknownField:
		return "structure"
	case interop.CodeUnknownFacilty:
		return "not-found"
	case interop.CodeNotJamkesda:
		return "business-rule"
	}
	return "invalid"
}

// Outcome renders err as an OperationOutcome: one issue per field error
// it holds (a *rules.FieldError, or several in a *rules.FieldErrors), each
// with the reader's own code (interop.CodeOf, in SystemReason), its
// messages and its place as a FHIRPath expression; another error is one
// issue of type processing. A nil error gives an outcome with one
// informational issue.
func Outcome(err error) OperationOutcome {
	o := OperationOutcome{ResourceType: "OperationOutcome"}
	if err == nil {
		o.Issue = []Issue{{Severity: "information", Code: "informational", Diagnostics: "OK"}}
		return o
	}
	var list []*rules.FieldError
	var l *rules.FieldErrors
	var fe *rules.FieldError
	switch {
	case errors.As(err, &l):
		list = l.List
	case errors.As(err, &fe):
		list = []*rules.FieldError{fe}
	}
	for _, e := range list {
		code := interop.CodeOf(e)
		is := Issue{Severity: "error", Code: issueCode(code),
			Details:     &CodeableConcept{Coding: []Coding{{System: SystemReason, Code: string(code)}}, Text: e.Message},
			Diagnostics: e.MessageEN}
		if e.Pointer != "" {
			is.Expression = []string{FHIRPath(e.Pointer)}
		}
		o.Issue = append(o.Issue, is)
	}
	if len(o.Issue) == 0 {
		o.Issue = []Issue{{Severity: "error", Code: "processing", Diagnostics: err.Error()}}
	}
	return o
}

// FHIRPath turns a JSON Pointer into the FHIRPath expression of the same
// element (/contained/0/identifier -> contained[0].identifier).
func FHIRPath(pointer string) string {
	var b strings.Builder
	for i, t := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		t = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
		if _, err := strconv.Atoi(t); err == nil && i > 0 {
			b.WriteString("[" + t + "]")
			continue
		}
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(t)
	}
	return b.String()
}

// CodeSystem is the FHIR R4 CodeSystem resource.
type CodeSystem struct {
	ResourceType  string    `json:"resourceType"`
	ID            string    `json:"id,omitempty"`
	URL           string    `json:"url"`
	Name          string    `json:"name"`
	Title         string    `json:"title,omitempty"`
	Status        string    `json:"status"`
	CaseSensitive bool      `json:"caseSensitive"`
	Content       string    `json:"content"`
	Count         int       `json:"count"`
	Concept       []Concept `json:"concept"`
}

// Concept is one code of a CodeSystem.
type Concept struct {
	Code    string `json:"code"`
	Display string `json:"display,omitempty"`
}

// ReasonCodeSystem publishes the project's reason codes (every package's
// Codes(), the readers' field error codes and E-Klaim's warnings) as a
// FHIR CodeSystem, sorted, each once.
func ReasonCodeSystem() CodeSystem {
	seen := map[string]bool{}
	var codes []string
	add := func(l ...string) {
		for _, c := range l {
			if c != "" && !seen[c] {
				seen[c] = true
				codes = append(codes, c)
			}
		}
	}
	add(eligibility.Codes()...)
	add(referral.Codes()...)
	add(tariff.Codes()...)
	add(claim.Codes()...)
	add(eklaim.Codes()...)
	for _, c := range interop.Codes() {
		add(string(c))
	}
	sort.Strings(codes)
	cs := CodeSystem{ResourceType: "CodeSystem", ID: "kartusehat-reason", URL: SystemReason, Name: "KartuSehatReason",
		Title: "kartusehat reason codes", Status: "active", CaseSensitive: true, Content: "complete", Count: len(codes)}
	for _, c := range codes {
		cs.Concept = append(cs.Concept, Concept{Code: c, Display: strings.ReplaceAll(c, "_", " ")})
	}
	return cs
}
