package rules

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors, for use with errors.Is: those of a rulebook load,
// wrapped by the loader's errors, then those of dates, calendars and snapshots.
var (
	// ErrSyntax: the file is not well-formed YAML.
	ErrSyntax = errors.New("rules: YAML syntax")
	// ErrUnknownKey: a key the schema does not have (often a typo).
	ErrUnknownKey = errors.New("rules: unknown key")
	// ErrMissing: a required key is absent.
	ErrMissing = errors.New("rules: missing key")
	// ErrType: a value of the wrong YAML type or of an unparsable form.
	ErrType = errors.New("rules: wrong type")
	// ErrOrder: dated values or dates not in ascending order.
	ErrOrder = errors.New("rules: dates out of order")
	// ErrOverlap: two dated values in force on the same day.
	ErrOverlap = errors.New("rules: overlapping dates")
	// ErrNegative: a negative amount.
	ErrNegative = errors.New("rules: negative amount")
	// ErrRange: a number outside its allowed range (a percentage outside 0-100).
	ErrRange = errors.New("rules: value out of range")
	// ErrEnum: a value not among the allowed options.
	ErrEnum = errors.New("rules: unknown enum value")
	// ErrNoCitation: a value without the article it comes from.
	ErrNoCitation = errors.New("rules: value without citation")
	// ErrDuplicate: the same parameter, facility, exclusion, instrument or
	// holiday year defined twice.
	ErrDuplicate = errors.New("rules: duplicate definition")
	// ErrReference: a reference to something the rulebook does not define
	// (a facility in an unknown kecamatan).
	ErrReference = errors.New("rules: unknown reference")
	// ErrIncomplete: a rulebook that is not whole: a part (file) it lists
	// is missing or empty, a file is not among its parts, or a section
	// or parameter its decisions read is absent or empty.
	ErrIncomplete = errors.New("rules: incomplete rulebook")

	// The errors of references, dates, calendars, snapshots and limits.
	// ErrCitation is wrapped by the errors of RefInForce and of the loader for
	// a ref that names an unknown source or a source not citable on its date.
	ErrCitation = errors.New("rules: citation not valid on its date")

	// ErrDateRange is wrapped by the error of ParseDate for input of the right form
	// that names no calendar day (month 13, 30 February).
	ErrDateRange = errors.New("rules: no such calendar date")

	// ErrDateSyntax is wrapped by the error of ParseDate for input that is not of the
	// form YYYY-MM-DD.
	ErrDateSyntax = errors.New("rules: date is not of the form YYYY-MM-DD")

	// ErrNoCalendar is wrapped by the error of a working-day question about
	// a year whose holidays the rulebook does not hold. The calendar never
	// guesses that such a year has no holidays.
	ErrNoCalendar = errors.New("rules: no holiday calendar for the year")

	// ErrNoParam is wrapped by the error of a parameter a snapshot
	// cannot give: unknown, of another kind than asked, or with no value
	// in force on the date.
	ErrNoParam = errors.New("rules: no such parameter in force")

	// ErrOutOfRange is wrapped by the error of a date outside the range
	// the rules can speak for.
	ErrOutOfRange = errors.New("rules: date outside the range the rules can speak for")

	// ErrTooLarge: a rulebook file or an overlay over MaxFileSize, or a
	// rulebook directory over MaxRulebookSize.
	ErrTooLarge = errors.New("rules: input too large")

	// ErrZeroRulebook is the error of Overlay on the zero (or a nil)
	// Rulebook, which holds no rules: build one with Load, Parse or Default.
	ErrZeroRulebook = errors.New("rules: the zero Rulebook holds no rules: build one with Load, Parse or Default")

	// ErrZeroSnapshot is returned by the decision packages for the zero
	// Snapshot, which holds no rulebook: take a snapshot with Rulebook.At.
	ErrZeroSnapshot = errors.New("rules: the zero Snapshot holds no rulebook: take one with Rulebook.At")

	// ErrZeroTime is the error of DateFromTime for the zero time.Time, which
	// is no time given rather than the first instant of year 1.
	ErrZeroTime = errors.New("rules: the zero time.Time is no date: no time was given")
)

// loadError is one problem found while loading or validating a rulebook file.
// It names the file, the line and column, and the parameter path where
// there is one.
type loadError struct {
	File   string // file name as given to the loader
	Line   int    // 1-based; 0 when unknown
	Column int    // 1-based; 0 when unknown
	Path   string // parameter or table path, such as tariff.ambulance.city
	Msg    string // what is wrong, in words
	Err    error  // one of the sentinel errors above
}

// Error implements the error interface.
func (e *loadError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	b.WriteString(": ")
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns the underlying error, for errors.Is and errors.As.
func (e *loadError) Unwrap() error { return e.Err }

// loadErrors is every problem found in one load, in file and line order. A
// loader reports all of them at once so that a rulebook author can fix a
// file in one pass.
type loadErrors []*loadError

// maxErrors bounds how many problems one load collects.
const maxErrors = 50

// Error joins the messages, one a line.
func (l loadErrors) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap returns the errors of the list, so that errors.Is and errors.As
// look into each of them.
func (l loadErrors) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// errs collects errors during a load.
type errs struct {
	list loadErrors
}

func (c *errs) add(e *loadError) {
	if len(c.list) < maxErrors {
		c.list = append(c.list, e)
	}
}

func (c *errs) err() error {
	if len(c.list) == 0 {
		return nil
	}
	return c.list
}

// lookupError is the error of a parameter that a snapshot cannot give:
// unknown, of another kind than asked, or with no value in force on the
// date. It is a *FieldError of code CodeNoRules wrapping ErrNoParam.
func lookupError(path string, d Date, msg string) *FieldError {
	id, ok := lookupIndonesian[msg]
	if !ok { // parameter is of type X, not Y
		id = strings.Replace(strings.Replace(msg, "parameter is of type ", "parameter bertipe ", 1), ", not ", ", bukan ", 1)
	}
	fe := newFieldError(CodeNoRules, "", fmt.Sprintf("%s pada %s: %s", path, d, id), fmt.Sprintf("%s at %s: %s", path, d, msg))
	fe.Err = ErrNoParam
	return fe
}

// lookupIndonesian is the Indonesian of lookupError's messages.
var lookupIndonesian = map[string]string{
	"no such parameter":              "tidak ada parameter itu",
	"no value in force on this date": "tidak ada nilai yang berlaku pada tanggal ini",
}
