// Package interop holds what the readers of the hospital's own formats
// share: the field error that names the place in the record as given (a
// JSON Pointer, RFC 6901), and the list of fields a reader found but has no
// counterpart for. The readers are in the subpackages: eklaim (the
// Ministry of Health's E-Klaim set_claim_data record and the grouper's
// result), vclaim (a VClaim-style SEP and referral) and fhir (FHIR R4 as
// SATUSEHAT takes it).
//
// This file is the only one that defines the error type: when the
// project's rules.FieldError lands, FieldError becomes an alias of it.
package interop

import (
	"errors"
	"strings"
)

// ErrInterop is wrapped by every error of the readers.
var ErrInterop = errors.New("interop: invalid record")

// The codes of a field error.
const (
	CodeUnknownField   = "unknown_field"  // a field or category the format does not have
	CodeMissing        = "missing"        // a field the conversion needs is absent
	CodeBadValue       = "bad_value"      // a value of the wrong type or out of its range
	CodeTotalMismatch  = "total_mismatch" // parts that do not add up to their total
	CodeWrongResource  = "wrong_resource" // a FHIR resource of another type
	CodeNoPatientID    = "no_patient_id"  // a FHIR resource without the patient's NIK
	CodeNotJamkesda    = "payor_not_jamkesda"
	CodeUnknownFacilty = "unknown_facility" // a hospital code the rulebook does not list
)

// FieldError is one fault of a record, at Pointer (a JSON Pointer into the
// record as given: /data/tarif_rs/kamar), with a stable Code and a message
// in Bahasa Indonesia and in English. It never holds a NIK in clear.
type FieldError struct {
	Code    string `json:"code"`
	Pointer string `json:"pointer"`
	ID      string `json:"message"`
	EN      string `json:"message_en"`
}

// Error returns the pointer and the English message.
func (e *FieldError) Error() string {
	return "interop: " + e.Pointer + ": " + e.EN
}

// Unwrap makes every FieldError match ErrInterop.
func (e *FieldError) Unwrap() error { return ErrInterop }

// Errors is every fault found in one record, in the order found.
type Errors []*FieldError

// Error joins the faults.
func (l Errors) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap returns the faults, so errors.As finds the first *FieldError.
func (l Errors) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// Add appends a fault.
func (l *Errors) Add(code, pointer, id, en string) {
	*l = append(*l, &FieldError{Code: code, Pointer: pointer, ID: id, EN: en})
}

// Err is nil when there is no fault, else l.
func (l Errors) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
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
