package tariff

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strconv"

	"github.com/kartusehat/kartusehat/internal/fault"
	"github.com/kartusehat/kartusehat/rules"
)

// Quantity is how many of an item a bill or a claim line counts: 1 to
// MaxQuantity. The zero Quantity is "not given" and counts as 1, so a Go
// caller may leave it out; in JSON, where leaving the key out is how one
// says "not given", an explicit 0 (or -0), a number outside
// 1..MaxQuantity, or a number with a fraction, a decimal point or an
// exponent is refused by UnmarshalJSON rather than billed as 1.
type Quantity int

// Count is the quantity as counted: 1 when it was not given (0).
func (q Quantity) Count() int {
	if q == 0 {
		return 1
	}
	return int(q)
}

// quantityType is the type a JSON error names.
var quantityType = reflect.TypeFor[Quantity]()

// quantityError is the error of a JSON quantity that is a whole number
// outside 1..MaxQuantity (an explicit 0 among them): a *rules.FieldError
// of code rules.CodeOutOfRange wrapping ErrRange, whose pointer the
// decoder of the value holding the quantity fills in. text is the number
// as written; one of 16 digits or more is not echoed (it would read as a
// NIK), only its count of digits.
func quantityError(text string, n int64, digits int) *rules.FieldError {
	var id, en string
	switch {
	case digits > 0:
		id = "bilangan " + strconv.Itoa(digits) + " angka di luar 1 sampai 100000, rentang kuantitas (MaxQuantity)"
		en = "a number of " + strconv.Itoa(digits) + " digits is outside 1 to 100000, the range of a quantity (MaxQuantity)"
	case n == 0:
		id = "kuantitas " + text + " ditolak: kuantitas 1 sampai 100000; kosongkan kolomnya untuk 1"
		en = "quantity " + text + " is refused: a quantity is 1 to 100000; leave the field out for 1"
	case n < 0:
		id = "kuantitas negatif " + text + ": kuantitas 1 sampai 100000"
		en = "negative quantity " + text + ": a quantity is 1 to 100000"
	default:
		id = "kuantitas " + text + " lebih dari 100000, batasnya (MaxQuantity)"
		en = "quantity " + text + " is more than 100000, the limit (MaxQuantity)"
	}
	fe := fault.New(rules.CodeOutOfRange, "", id, en)
	fe.Err = ErrRange
	return fe
}

// UnmarshalJSON reads a whole JSON number from 1 to MaxQuantity; null
// leaves the quantity as it is. Anything but a number, or a number with
// a decimal point or an exponent ("2.0", "1e5"), is a
// *json.UnmarshalTypeError, as for an int; a whole number outside
// 1..MaxQuantity (0 and -0 among them) is a *rules.FieldError of code
// rules.CodeOutOfRange wrapping ErrRange.
func (q *Quantity) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if string(b) == "null" {
		return nil
	}
	if len(b) == 0 || (b[0] != '-' && (b[0] < '0' || b[0] > '9')) {
		return &json.UnmarshalTypeError{Value: jsonKindOf(b), Type: quantityType}
	}
	if bytes.ContainsAny(b, ".eE") {
		return &json.UnmarshalTypeError{Value: "number " + string(b), Type: quantityType}
	}
	if digits := len(bytes.TrimPrefix(b, []byte("-"))); digits >= 16 {
		return quantityError("", MaxQuantity+1, digits)
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		return &json.UnmarshalTypeError{Value: "number " + string(b), Type: quantityType}
	}
	if n < 1 || n > MaxQuantity {
		return quantityError(string(b), n, 0)
	}
	*q = Quantity(n)
	return nil
}

// jsonKindOf names the JSON kind of a value's first byte, as
// encoding/json's errors do.
func jsonKindOf(b []byte) string {
	if len(b) == 0 {
		return "value"
	}
	switch b[0] {
	case '"':
		return "string"
	case '{':
		return "object"
	case '[':
		return "array"
	case 't', 'f':
		return "bool"
	}
	return "value"
}
