// Package fault makes the module's one error type, *rules.FieldError, for
// what the root package, the command and the server find themselves: size
// limits, trailing data, and text made safe to show.
package fault

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/kartusehat/kartusehat/internal/fieldtext"
	"github.com/kartusehat/kartusehat/internal/mask"
	"github.com/kartusehat/kartusehat/rules"
)

// New returns a field error of code at the JSON Pointer ptr, with its
// messages in Indonesian (id) and English (en). An empty message is the
// code's own words in that language. Every digit run long enough to be a
// NIK is masked.
func New(code rules.ErrorCode, ptr, id, en string) *rules.FieldError {
	gid, gen := fieldtext.Generic(string(code))
	if id == "" {
		id = gid
	}
	if en == "" {
		en = gen
	}
	return &rules.FieldError{Code: code, Pointer: mask.Digits(ptr), Message: mask.Digits(id), MessageEN: mask.Digits(en)}
}

// Within places err, found in a value nested at the JSON Pointer ptr of
// a larger input, at ptr: every field error it holds is copied with ptr
// before its pointer. Another error becomes a field error at ptr, as
// rules.FieldErrors.AddAll makes it (its cause kept for errors.Is). nil
// stays nil.
func Within(ptr string, err error) error {
	if err == nil {
		return nil
	}
	if fe, ok := err.(*rules.FieldError); ok {
		cp := *fe
		cp.Pointer = ptr + fe.Pointer
		return &cp
	}
	var l rules.FieldErrors
	l.AddAll(err)
	for i, e := range l.List {
		cp := *e
		cp.Pointer = ptr + e.Pointer
		l.List[i] = &cp
	}
	return l.Err()
}

// CodeOf returns the code of the first field error err holds; for an
// error wrapping one of the rules package's sentinels, the code that fits
// (CodeOutOfRange for ErrOutOfRange, CodeNoRules for ErrNoCalendar,
// ErrNoParam and ErrZeroSnapshot, CodeBadValue for ErrDateSyntax and
// ErrDateRange); "" for any other error. (rules.FieldErrors.AddAll gives
// an error the same code.)
func CodeOf(err error) rules.ErrorCode {
	var fe *rules.FieldError
	switch {
	case errors.As(err, &fe):
		return fe.Code
	case errors.Is(err, rules.ErrOutOfRange):
		return rules.CodeOutOfRange
	case errors.Is(err, rules.ErrNoCalendar), errors.Is(err, rules.ErrNoParam), errors.Is(err, rules.ErrZeroSnapshot):
		return rules.CodeNoRules
	case errors.Is(err, rules.ErrDateSyntax), errors.Is(err, rules.ErrDateRange):
		return rules.CodeBadValue
	}
	return ""
}

// Limit is the error of an input over one of the size limits (code
// too_large): whatID and what name the input in Indonesian and English
// ("masukan", "the input"), name the limit (--max-input).
func Limit(whatID, what, name string, limit int64) *rules.FieldError {
	return New(rules.CodeTooLarge, "",
		fmt.Sprintf("%s lebih besar dari %d bita, batas %s", whatID, limit, name),
		fmt.Sprintf("%s is larger than %d bytes, the limit %s", what, limit, name))
}

// ReadLimited reads all of r, the input of one request or command, or
// fails with Limit past limit, the limit named name.
func ReadLimited(r io.Reader, limit int64, name string) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, Limit("masukan", "the input", name, limit)
	}
	return b, nil
}

// TrailingData begins the English message of an input with more than one
// JSON value; TrailingDataID the Indonesian.
const (
	TrailingData   = "trailing data after the JSON value"
	TrailingDataID = "ada data setelah nilai JSON"
)

// WithHint adds a hint (Indonesian, English) to the error of an input
// with trailing data: the single-input paths say where JSON Lines go
// (--batch, /v1/OP/batch); inside a batch there is no hint to give.
func WithHint(e *rules.FieldError, hintID, hint string) *rules.FieldError {
	if e.Code == rules.CodeBadJSON && strings.HasPrefix(e.MessageEN, TrailingData) {
		e.MessageEN += " (" + hint + ")"
		e.Message += " (" + hintID + ")"
	}
	return e
}

// SafeText masks every run of 16 or more digits in s as a NIK prints
// (3275**********01, mask.Digits), so that no full NIK reaches an error
// message or a log line, whatever field it was typed into. It also drops
// Go type names that encoding/json puts in its messages.
func SafeText(s string) string {
	return mask.Digits(goTypeName.ReplaceAllString(s, ""))
}

// goTypeName matches encoding/json's "into Go value of type x.y" and
// "Go struct field x.y of type z".
var goTypeName = regexp.MustCompile(` (into )?Go (value of type [^ ]+|struct field [^ ]+ of type [^ ]+)`)

// Safe returns a copy of e with its pointer and messages through
// SafeText; its code, sentinel and cause are kept for errors.Is.
func Safe(e *rules.FieldError) *rules.FieldError {
	cp := *e
	cp.Pointer = SafeText(e.Pointer)
	cp.Message = SafeText(e.Message)
	cp.MessageEN = SafeText(e.MessageEN)
	return &cp
}
