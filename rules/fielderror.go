package rules

import (
	"errors"
	"strconv"
	"strings"

	"github.com/kartusehat/kartusehat/internal/fieldtext"
	"github.com/kartusehat/kartusehat/internal/mask"
)

// ErrorCode is the stable code of a *FieldError: what kind of problem an
// input has. A code never changes meaning once released; messages may be
// reworded. An ErrorCode is itself an error, so that
// errors.Is(err, rules.CodeMissing) asks whether err (or any error it
// holds) is a field error of that code.
type ErrorCode string

// The error codes.
const (
	// CodeBadJSON: the input is not one well-formed JSON value (syntax,
	// truncated, empty, trailing data).
	CodeBadJSON ErrorCode = "bad_json"
	// CodeUnknownField: a field the input type does not have (often a
	// typo), or a key given twice.
	CodeUnknownField ErrorCode = "unknown_field"
	// CodeMissing: a required field is absent.
	CodeMissing ErrorCode = "missing"
	// CodeBadValue: a value of the wrong JSON type or form, or not among
	// the allowed values.
	CodeBadValue ErrorCode = "bad_value"
	// CodeOutOfRange: a number, amount or date outside the range
	// allowed, or one the rulebook cannot speak for.
	CodeOutOfRange ErrorCode = "out_of_range"
	// CodeTooLarge: an input or line over its size limit.
	CodeTooLarge ErrorCode = "too_large"
	// CodeInconsistent: two fields contradict each other.
	CodeInconsistent ErrorCode = "inconsistent"
	// CodeRefused: a well-formed input that will not be acted on (a
	// decision supplied by the host).
	CodeRefused ErrorCode = "refused"
	// CodeNoRules: the rulebook does not hold what the decision needs (a
	// holiday calendar for the year, a parameter on the date).
	CodeNoRules ErrorCode = "no_rules"
	// CodeInternal: a fault of kartusehat itself.
	CodeInternal ErrorCode = "internal"
	// CodeTimeout: the input did not arrive in time.
	CodeTimeout ErrorCode = "timeout"
	// CodeInterrupted: a batch cut by a shutdown or a signal.
	CodeInterrupted ErrorCode = "interrupted"
)

// Error returns the code itself.
func (c ErrorCode) Error() string { return string(c) }

// generic is the message of a code in Indonesian and English, for a
// field error whose maker gives no words of its own in a language.
func (c ErrorCode) generic() (id, en string) { return fieldtext.Generic(string(c)) }

// FieldError is the one error type of the module's packages for an input
// they refuse: a stable Code, the place of the culprit as an RFC 6901
// JSON Pointer relative to the value checked ("" for the value as a
// whole; the module places a nested value's errors in its input), and
// what is wrong in Indonesian (Message) and English (MessageEN).
//
// The JSON key of the place is "pointer", as in the "errors" member of
// an RFC 9457 problem detail (its example uses "pointer" for the same
// thing), and because it is a JSON Pointer, not a Go field path.
//
// The messages never hold a full NIK (a run of 16 or more digits is
// masked as 3275**********01) nor a Go type name. A FieldError matches
// its code in errors.Is, and unwraps to the package's sentinel
// (eligibility.ErrFacts, referral.ErrEpisode, claim.ErrClaim, ...) and to
// its cause, if any.
type FieldError struct {
	Code      ErrorCode `json:"code"`
	Pointer   string    `json:"pointer"`
	Message   string    `json:"message"`
	MessageEN string    `json:"message_en"`
	// Kind is the sentinel of the package that refused the input, for
	// errors.Is; nil if none.
	Kind error `json:"-"`
	// Err is the cause (a sentinel such as ErrOutOfRange, or an error of
	// another package), for errors.Is and errors.As; nil if none.
	Err error `json:"-"`
}

// newFieldError returns a field error of code at pointer, with its
// messages in Indonesian (id) and English (en). An empty message is the
// code's own words in that language. Every digit run long enough to be a
// NIK is masked.
func newFieldError(code ErrorCode, pointer, id, en string) *FieldError {
	gid, gen := code.generic()
	if id == "" {
		id = gid
	}
	if en == "" {
		en = gen
	}
	return &FieldError{Code: code, Pointer: mask.Digits(pointer), Message: mask.Digits(id), MessageEN: mask.Digits(en)}
}

// Error returns the pointer and the English message ("/person/kk: a KK
// number has 16 digits"), masked.
func (e *FieldError) Error() string {
	msg := e.MessageEN
	if msg == "" {
		_, msg = e.Code.generic()
	}
	if e.Pointer == "" {
		return mask.Digits(msg)
	}
	return mask.Digits(e.Pointer + ": " + msg)
}

// WithKind returns a copy of e as an error of the package whose sentinel
// is kind (a decoder reporting a NIK's or a date's own error as its
// input's); e's own sentinel and cause stay causes, for errors.Is.
func (e *FieldError) WithKind(kind error) *FieldError {
	cp := *e
	switch {
	case e.Kind == nil || e.Kind == kind:
	case e.Err == nil:
		cp.Err = e.Kind
	default:
		cp.Err = errors.Join(e.Kind, e.Err)
	}
	cp.Kind = kind
	return &cp
}

// Is reports whether target is the error's code.
func (e *FieldError) Is(target error) bool {
	c, ok := target.(ErrorCode)
	return ok && c == e.Code
}

// Unwrap returns the package's sentinel and the cause, those not nil.
func (e *FieldError) Unwrap() []error {
	switch {
	case e.Kind == nil && e.Err == nil:
		return nil
	case e.Kind == nil:
		return []error{e.Err}
	case e.Err == nil:
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

// FieldErrors is every problem found in one input, in the order found,
// up to MaxFieldErrors. Its zero value is empty and ready to use: a
// validator adds to it and returns Err. errors.Is and errors.As look into
// each error.
type FieldErrors struct {
	List []*FieldError `json:"errors"`
	// More counts the errors found past the cap and not kept.
	More int `json:"more,omitempty"`
}

// Add appends e, or counts it once the list holds MaxFieldErrors. A nil e
// is ignored; a *FieldErrors e adds each of its errors.
func (l *FieldErrors) Add(e *FieldError) {
	if e == nil {
		return
	}
	if len(l.List) >= MaxFieldErrors {
		l.More++
		return
	}
	l.List = append(l.List, e)
}

// AddAll adds every field error that err holds (a *FieldError, a
// *FieldErrors, or errors joined); another error is added as a field
// error at the value as a whole, of the code that fits its sentinel (CodeBadValue
// if none), its text masked.
func (l *FieldErrors) AddAll(err error) {
	switch e := err.(type) {
	case nil:
	case *FieldError:
		l.Add(e)
	case *FieldErrors:
		for _, fe := range e.List {
			l.Add(fe)
		}
		l.More += e.More
	case interface{ Unwrap() []error }:
		for _, x := range e.Unwrap() {
			l.AddAll(x)
		}
	default:
		code := codeOf(err)
		if code == "" {
			code = CodeBadValue
		}
		msg := err.Error()
		for strings.HasPrefix(msg, "rules: ") {
			msg = msg[len("rules: "):]
		}
		fe := newFieldError(code, "", "", msg)
		fe.Err = err
		l.Add(fe)
	}
}

// Len is how many errors were found, kept or not.
func (l *FieldErrors) Len() int { return len(l.List) + l.More }

// Err returns nil when no error was added, the *FieldError itself when
// one was, and the list otherwise.
func (l *FieldErrors) Err() error {
	switch {
	case l.Len() == 0:
		return nil
	case len(l.List) == 1 && l.More == 0:
		return l.List[0]
	}
	cp := *l
	return &cp
}

// Error lists the errors, "; " between them, and "and N more" past the
// cap.
func (l *FieldErrors) Error() string {
	var b strings.Builder
	for i, e := range l.List {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(e.Error())
	}
	if l.More > 0 {
		b.WriteString("; and ")
		b.WriteString(strconv.Itoa(l.More))
		b.WriteString(" more")
	}
	return b.String()
}

// Unwrap returns the errors of the list, for errors.Is and errors.As.
func (l *FieldErrors) Unwrap() []error {
	out := make([]error, len(l.List))
	for i, e := range l.List {
		out[i] = e
	}
	return out
}

// codeOf returns the code of the first field error err holds; for an
// error wrapping one of the rules package's sentinels, the code that fits
// (CodeOutOfRange for ErrOutOfRange, CodeNoRules for ErrNoCalendar,
// ErrNoParam and ErrZeroSnapshot, CodeBadValue for ErrDateSyntax and
// ErrDateRange); "" for any other error.
func codeOf(err error) ErrorCode {
	var fe *FieldError
	switch {
	case errors.As(err, &fe):
		return fe.Code
	case errors.Is(err, ErrOutOfRange):
		return CodeOutOfRange
	case errors.Is(err, ErrNoCalendar), errors.Is(err, ErrNoParam), errors.Is(err, ErrZeroSnapshot):
		return CodeNoRules
	case errors.Is(err, ErrDateSyntax), errors.Is(err, ErrDateRange):
		return CodeBadValue
	}
	return ""
}
