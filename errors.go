package kartusehat

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/kartusehat/kartusehat/internal/jsonfield"
	"github.com/kartusehat/kartusehat/internal/mask"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
	"github.com/shopspring/decimal"
)

// The error codes hosts see: rules.ErrorCode's, as the strings of
// ErrorJSON.Code. They are stable: a code never changes meaning once
// released; messages may be reworded.
const (
	CodeBadJSON      = string(rules.CodeBadJSON)
	CodeUnknownField = string(rules.CodeUnknownField)
	CodeMissing      = string(rules.CodeMissing)
	CodeBadValue     = string(rules.CodeBadValue)
	CodeOutOfRange   = string(rules.CodeOutOfRange)
	CodeTooLarge     = string(rules.CodeTooLarge)
	CodeInconsistent = string(rules.CodeInconsistent)
	CodeRefused      = string(rules.CodeRefused)
	CodeNoRules      = string(rules.CodeNoRules)
	CodeInternal     = string(rules.CodeInternal)
	CodeTimeout      = string(rules.CodeTimeout)
	CodeInterrupted  = string(rules.CodeInterrupted)
)

// ErrorJSON is the one shape of an error, for every subcommand, every
// batch line and the server: a stable code, a JSON Pointer (RFC 6901)
// into the input ("" for the input as a whole), and a message in English
// that never holds a full NIK or a Go type name.
type ErrorJSON struct {
	Code    string `json:"code"`
	Field   string `json:"field"`
	Message string `json:"message"`
}

// HTTPStatus is the HTTP status that fits the error's code, for
// "kartusehat serve": 400 for input that is not well-formed, 413 too
// large, 422 for input well-formed but refused or beyond the rules, 500
// for a fault of kartusehat.
func (e *ErrorJSON) HTTPStatus() int {
	switch e.Code {
	case CodeTooLarge:
		return 413
	case CodeInconsistent, CodeRefused, CodeOutOfRange, CodeNoRules:
		return 422
	case CodeInternal:
		return 500
	case CodeTimeout:
		return 408
	case CodeInterrupted:
		return 503
	}
	return 400
}

// inputError is an error the engine itself finds in an input.
type inputError struct {
	Code  string
	Field string // JSON Pointer
	Msg   string
}

func (e *inputError) Error() string {
	if e.Field == "" {
		return e.Msg
	}
	return e.Field + ": " + e.Msg
}

// scoped places a library's error, whose field is relative to a part of
// the input, at that part's JSON Pointer.
type scoped struct {
	ptr string
	err error
}

func (s *scoped) Error() string { return s.ptr + ": " + s.err.Error() }
func (s *scoped) Unwrap() error { return s.err }

func within(ptr string, err error) error { return &scoped{ptr: ptr, err: err} }

// ErrorOf turns any error into the error shape hosts see. It is the one
// place where error text is made safe: every message passes through
// SafeText.
func ErrorOf(err error) *ErrorJSON {
	out := errorOf(err)
	out.Message = SafeText(out.Message)
	out.Field = SafeText(out.Field)
	return out
}

func errorOf(err error) *ErrorJSON {
	var bre *BatchReadError
	if errors.As(err, &bre) {
		out := errorOf(bre.Err)
		out.Message = fmt.Sprintf("reading line %d: %s; the batch was not read to its end", bre.Line, out.Message)
		return out
	}
	prefix := ""
	var sc *scoped
	if errors.As(err, &sc) {
		prefix, err = sc.ptr, sc.err
	}
	var (
		ie  *inputError
		fe  *rules.FieldError
		lim *LimitError
		ne  net.Error
		cut BatchCut
	)
	switch {
	case errors.As(err, &cut):
		return &ErrorJSON{Code: CodeInterrupted, Field: prefix, Message: cut.Error()}
	case errors.As(err, &ie):
		return &ErrorJSON{Code: ie.Code, Field: prefix + ie.Field, Message: ie.Msg}
	case errors.As(err, &lim):
		return &ErrorJSON{Code: CodeTooLarge, Field: prefix, Message: lim.Error()}
	case errors.As(err, &fe):
		// The library's one field error (the first, when an input has
		// several: ErrorsOf lists them all).
		out := fieldJSON(prefix, fe)
		if fe.Code == rules.CodeNoRules && fe.Kind == nil {
			// The rules' own (no calendar, no parameter): the whole
			// chain says what was asked of them.
			out.Message = trimPkg(err.Error())
		}
		return out
	case errors.As(err, &ne) && ne.Timeout(), errors.Is(err, os.ErrDeadlineExceeded):
		// No address, no Go text: the host's own input was too slow.
		return &ErrorJSON{Code: CodeTimeout, Field: prefix, Message: "the input did not arrive in time: the server's --read-timeout passed while reading it"}
	}
	return &ErrorJSON{Code: CodeBadValue, Field: prefix, Message: trimPkg(err.Error())}
}

// fieldJSON maps a library field error, its pointer relative to prefix.
func fieldJSON(prefix string, fe *rules.FieldError) *ErrorJSON {
	return &ErrorJSON{Code: string(fe.Code), Field: prefix + fe.Pointer, Message: trimPkg(fe.MessageEN)}
}

// ErrorsOf is every error err holds, in the shape hosts see: one for
// each library field error of an input with several bad fields (up to
// rules.MaxFieldErrors), else ErrorOf(err) alone. It is for a writer that
// shows them all (a problem detail's "errors"); ErrorOf gives the first.
func ErrorsOf(err error) []*ErrorJSON {
	var l *rules.FieldErrors
	if !errors.As(err, &l) || len(l.List) == 0 {
		return []*ErrorJSON{ErrorOf(err)}
	}
	prefix := ""
	var sc *scoped
	if errors.As(err, &sc) {
		prefix = sc.ptr
	}
	out := make([]*ErrorJSON, len(l.List))
	for i, fe := range l.List {
		out[i] = fieldJSON(prefix, fe)
		out[i].Message = SafeText(out[i].Message)
		out[i].Field = SafeText(out[i].Field)
	}
	return out
}

func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// trimPkg drops a package prefix ("eligibility: ", "rules: ") from a
// message: hosts do not know Go packages.
func trimPkg(msg string) string {
	for _, p := range []string{"eligibility: ", "referral: ", "tariff: ", "claim: ", "rules: ", "json: "} {
		msg = strings.TrimPrefix(msg, p)
		msg = strings.ReplaceAll(msg, ": "+p, ": ")
	}
	return msg
}

// SafeText masks every run of 16 or more digits in s as a NIK prints
// (3275**********01, mask.Digits), so that no full NIK reaches an
// error message or a log line, whatever field it was typed into. It also
// drops Go type names that encoding/json puts in its messages.
func SafeText(s string) string {
	return mask.Digits(goTypeName.ReplaceAllString(s, ""))
}

// goTypeName matches encoding/json's "into Go value of type x.y" and
// "Go struct field x.y of type z".
var goTypeName = regexp.MustCompile(` (into )?Go (value of type [^ ]+|struct field [^ ]+ of type [^ ]+)`)

// decodeError turns an encoding/json error on raw, decoded into a value of
// type t, into an *inputError with the JSON Pointer of the culprit.
func decodeError(raw []byte, t reflect.Type, err error) error {
	var se *json.SyntaxError
	switch {
	case errors.Is(err, io.EOF) && len(strings.TrimSpace(string(raw))) == 0:
		return &inputError{Code: CodeBadJSON, Msg: errNoInput.Error()}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &inputError{Code: CodeBadJSON, Msg: "truncated JSON: the input ends inside a value"}
	case errors.As(err, &se):
		return &inputError{Code: CodeBadJSON, Msg: fmt.Sprintf("JSON syntax error at byte %d: %s", se.Offset, trimPkg(se.Error()))}
	}
	var doc any
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	if dec.Decode(&doc) == nil {
		if ie := locate(doc, t, ""); ie != nil {
			return ie
		}
	}
	return &inputError{Code: CodeBadValue, Msg: trimPkg(err.Error())}
}

var (
	textUnmarshaler = reflect.TypeFor[interface{ UnmarshalText([]byte) error }]()
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	rawMessage      = reflect.TypeFor[json.RawMessage]()
)

// locate walks the generic document v beside the Go type t and returns
// the first (in sorted key order) value that does not decode into its
// field, or key the type does not have.
func locate(v any, t reflect.Type, ptr string) *inputError {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if v == nil {
		return nil // null leaves a field as it is
	}
	if t == rawMessage {
		return nil
	}
	if reflect.PointerTo(t).Implements(jsonUnmarshaler) || reflect.PointerTo(t).Implements(textUnmarshaler) || isLeaf(t) {
		b, _ := json.Marshal(v)
		if err := json.Unmarshal(b, reflect.New(t).Interface()); err != nil {
			return leafError(ptr, t, v, err)
		}
		return nil
	}
	switch t.Kind() {
	case reflect.Struct:
		m, ok := v.(map[string]any)
		if !ok {
			return &inputError{Code: CodeBadValue, Field: ptr, Msg: "expected a JSON object, found " + jsonKind(v)}
		}
		fields := jsonfield.Map(t)
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			ft, ok := fields[k]
			if !ok {
				return &inputError{Code: CodeUnknownField, Field: ptr + "/" + escapePointer(k), Msg: "unknown field (check its spelling; --help lists the fields)"}
			}
			if ie := locate(m[k], ft, ptr+"/"+escapePointer(k)); ie != nil {
				return ie
			}
		}
	case reflect.Slice, reflect.Array:
		l, ok := v.([]any)
		if !ok {
			return &inputError{Code: CodeBadValue, Field: ptr, Msg: "expected a JSON array, found " + jsonKind(v)}
		}
		for i, e := range l {
			if ie := locate(e, t.Elem(), ptr+"/"+strconv.Itoa(i)); ie != nil {
				return ie
			}
		}
	case reflect.Map:
		m, ok := v.(map[string]any)
		if !ok {
			return &inputError{Code: CodeBadValue, Field: ptr, Msg: "expected a JSON object, found " + jsonKind(v)}
		}
		for k, e := range m {
			if ie := locate(e, t.Elem(), ptr+"/"+escapePointer(k)); ie != nil {
				return ie
			}
		}
	}
	return nil
}

func isLeaf(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Struct, reflect.Slice, reflect.Array, reflect.Map, reflect.Interface:
		return false
	}
	return true
}

// leafError describes a value that does not decode into its type.
func leafError(ptr string, t reflect.Type, v any, err error) *inputError {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if n, ok := v.(json.Number); ok && isNumberKind(t.Kind()) {
			if isIntKind(t.Kind()) && strings.ContainsAny(string(n), ".eE") {
				return &inputError{Code: CodeBadValue, Field: ptr, Msg: fmt.Sprintf("a %s is expected, written in digits only (no decimal point, no exponent), found %s", kindWord(t), n)}
			}
			if isIntKind(t.Kind()) && strings.HasPrefix(string(n), "-") && t.Kind() >= reflect.Uint {
				return &inputError{Code: CodeOutOfRange, Field: ptr, Msg: fmt.Sprintf("a %s is expected, found %s", kindWord(t), n)}
			}
			if len(n) >= 16 {
				// Not echoed: it would be masked as a NIK.
				return &inputError{Code: CodeOutOfRange, Field: ptr, Msg: fmt.Sprintf("a number of %d digits is out of range for a %s", len(strings.TrimPrefix(string(n), "-")), kindWord(t))}
			}
			return &inputError{Code: CodeOutOfRange, Field: ptr, Msg: fmt.Sprintf("%s is out of range for a %s", n, kindWord(t))}
		}
		return &inputError{Code: CodeBadValue, Field: ptr, Msg: fmt.Sprintf("expected a %s, found %s", kindWord(t), jsonKind(v))}
	}
	if errors.Is(err, tariff.ErrRange) {
		// A quantity of 0 or beyond tariff.MaxQuantity: the message
		// names the range (and echoes no number long enough to be a NIK).
		return &inputError{Code: CodeOutOfRange, Field: ptr, Msg: trimPkg(err.Error())}
	}
	if t == decimalType {
		// Not the decimal library's own text: what an amount looks like.
		return &inputError{Code: CodeBadValue, Field: ptr, Msg: `not an amount: expected a number of rupiah in decimal digits, as a string or a number ("360000"); no hexadecimal, NaN or infinity`}
	}
	return &inputError{Code: CodeBadValue, Field: ptr, Msg: trimPkg(err.Error())}
}

// decimalType is the type of every amount of the inputs.
var decimalType = reflect.TypeFor[decimal.Decimal]()

func isIntKind(k reflect.Kind) bool {
	return k >= reflect.Int && k <= reflect.Uintptr
}

func isNumberKind(k reflect.Kind) bool {
	return k >= reflect.Int && k <= reflect.Float64
}

// kindWord names a Go type the way a host thinks of its JSON.
func kindWord(t reflect.Type) string {
	switch {
	case t.Kind() == reflect.String:
		return "string"
	case t.Kind() == reflect.Bool:
		return "boolean (true or false)"
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Int64:
		return "whole number"
	case t.Kind() >= reflect.Uint && t.Kind() <= reflect.Uintptr:
		return "whole number from 0"
	case t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64:
		return "number"
	case reflect.PointerTo(t).Implements(textUnmarshaler):
		return "string"
	}
	return "value"
}

func jsonKind(v any) string {
	switch v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	}
	return "null"
}
