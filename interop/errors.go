// Package interop holds what the readers of the hospital's own formats
// share: the reader's own codes of a fault (the Kind of the module's one
// field error, *rules.FieldError, that a reader returns), and the list of
// fields a reader found but has no counterpart for. The readers are in the
// subpackages: eklaim (the Ministry of Health's E-Klaim set_claim_data
// record and the grouper's result), vclaim (a VClaim-style SEP and
// referral) and fhir (FHIR R4 as SATUSEHAT takes it).
//
// A reader's error is a *rules.FieldError (several: a *rules.FieldErrors)
// at a JSON Pointer (RFC 6901) into the record as given, with the stable
// code hosts see (Code.ErrorCode) and the reader's own Code as its Kind:
// errors.Is(err, interop.CodeNoPatientID) and errors.Is(err, ErrInterop)
// find it; the FHIR OperationOutcome (fhir.Outcome) shows the reader's
// code.
package interop

import (
	"errors"
	"strings"

	"github.com/kartusehat/kartusehat/internal/fault"
	"github.com/kartusehat/kartusehat/rules"
)

// ErrInterop is matched (errors.Is) by every field error of the readers.
var ErrInterop = errors.New("interop: invalid record")

// Code is a reader's own code of a fault of a record, finer than the
// stable rules.ErrorCode (ErrorCode gives it): it is the Kind of the
// reader's *rules.FieldError, so errors.Is(err, CodeTotalMismatch) asks
// whether err holds a fault of that code. A Code matches ErrInterop.
type Code string

// The readers' codes.
const (
	CodeUnknownField   Code = "unknown_field"  // a field or category the format does not have
	CodeMissing        Code = "missing"        // a field the conversion needs is absent
	CodeBadValue       Code = "bad_value"      // a value of the wrong type or out of its range
	CodeTotalMismatch  Code = "total_mismatch" // parts that do not add up to their total
	CodeWrongResource  Code = "wrong_resource" // a FHIR resource of another type
	CodeNoPatientID    Code = "no_patient_id"  // a FHIR resource without the patient's NIK
	CodeNotJamkesda    Code = "payor_not_jamkesda"
	CodeUnknownFacilty Code = "unknown_facility" // a hospital code the rulebook does not list
)

// Codes lists the readers' codes.
func Codes() []Code {
	return []Code{CodeUnknownField, CodeMissing, CodeBadValue, CodeTotalMismatch,
		CodeWrongResource, CodeNoPatientID, CodeNotJamkesda, CodeUnknownFacilty}
}

// Error returns "interop: " and the code.
func (c Code) Error() string { return "interop: " + string(c) }

// Is reports whether target is ErrInterop.
func (c Code) Is(target error) bool { return target == ErrInterop }

// ErrorCode is the stable code hosts see for a fault of code c (the
// reader's own code is in the FHIR OperationOutcome).
func (c Code) ErrorCode() rules.ErrorCode {
	switch c {
	case CodeUnknownField:
		return rules.CodeUnknownField
	case CodeMissing, CodeNoPatientID:
		return rules.CodeMissing
	case CodeTotalMismatch:
		return rules.CodeInconsistent
	case CodeNotJamkesda:
		return rules.CodeRefused
	case CodeUnknownFacilty:
		return rules.CodeOutOfRange
	}
	return rules.CodeBadValue
}

// NewError returns a reader's field error of code at pointer (a JSON
// Pointer into the record as given), with its messages in Indonesian (id)
// and English (en): its Code is code.ErrorCode(), its Kind code. Every
// digit run long enough to be a NIK is masked.
func NewError(code Code, pointer, id, en string) *rules.FieldError {
	fe := fault.New(code.ErrorCode(), pointer, id, en)
	fe.Kind = code
	return fe
}

// CodeOf returns the reader's code of the field error fe: its Kind when
// that is a Code, else its stable code as a Code.
func CodeOf(fe *rules.FieldError) Code {
	if c, ok := fe.Kind.(Code); ok {
		return c
	}
	return Code(fe.Code)
}

// Unmapped is a field of the record that the conversion read but that has
// no counterpart in the project's input: it is reported, never dropped in
// silence.
type Unmapped struct {
	Pointer string `json:"pointer"`
	// Note says why the field has no counterpart, in English.
	Note string `json:"note"`
}

// Pointer appends the reference tokens to base, escaped as RFC 6901 asks
// (~ as ~0, / as ~1).
func Pointer(base string, tokens ...string) string {
	var b strings.Builder
	b.WriteString(base)
	for _, t := range tokens {
		b.WriteByte('/')
		t = strings.ReplaceAll(t, "~", "~0")
		b.WriteString(strings.ReplaceAll(t, "/", "~1"))
	}
	return b.String()
}
