package kartusehat

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/kartusehat/kartusehat/internal/fault"
	"github.com/kartusehat/kartusehat/internal/jsonfield"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
	"github.com/shopspring/decimal"
)

// ErrorOf returns err as the one error type hosts see, for every
// subcommand, every batch line and the server: a *rules.FieldError with a
// stable code, a JSON Pointer (RFC 6901) into the whole input ("" for the
// input as a whole), and messages in Bahasa Indonesia and English that
// never hold a full NIK or a Go type name. For an input with several bad
// fields it is the first (ErrorsOf lists them all). The result keeps err's
// sentinels: errors.Is(ErrorOf(err), rules.CodeMissing) is
// errors.Is(err, rules.CodeMissing).
func ErrorOf(err error) *rules.FieldError {
	return fault.Safe(errorOf(err))
}

func errorOf(err error) *rules.FieldError {
	var bre *batchReadError
	if errors.As(err, &bre) {
		out := errorOf(bre.Err)
		out.Message = fmt.Sprintf("membaca baris %d: %s; batch tidak terbaca sampai akhir", bre.Line, out.Message)
		out.MessageEN = fmt.Sprintf("reading line %d: %s; the batch was not read to its end", bre.Line, out.MessageEN)
		return out
	}
	prefix := ""
	var sc *scoped
	if errors.As(err, &sc) {
		prefix, err = sc.ptr, sc.err
	}
	var (
		fe  *rules.FieldError
		ne  net.Error
		cut BatchCut
	)
	switch {
	case errors.As(err, &cut):
		out := fault.New(rules.CodeInterrupted, prefix, cut.messageID(), cut.Error())
		out.Err = err
		return out
	case errors.As(err, &fe):
		// The library's one field error (the first, when an input has
		// several: ErrorsOf lists them all).
		out := placed(prefix, fe)
		if fe.Code == rules.CodeNoRules && fe.Kind == nil {
			// The rules' own (no calendar, no parameter): the whole
			// chain says what was asked of them.
			out.MessageEN = trimPkg(err.Error())
		}
		return out
	case errors.As(err, &ne) && ne.Timeout(), errors.Is(err, os.ErrDeadlineExceeded):
		// No address, no Go text: the host's own input was too slow.
		out := fault.New(rules.CodeTimeout, prefix,
			"masukan tidak tiba tepat waktu: --read-timeout server terlewati saat membacanya",
			"the input did not arrive in time: the server's --read-timeout passed while reading it")
		out.Err = err
		return out
	}
	msg := trimPkg(err.Error())
	out := fault.New(rules.CodeBadValue, prefix, "nilai tidak sah: "+msg, msg)
	out.Err = err
	return out
}

// placed is a copy of fe, its pointer relative to prefix.
func placed(prefix string, fe *rules.FieldError) *rules.FieldError {
	cp := *fe
	cp.Pointer = prefix + fe.Pointer
	cp.MessageEN = trimPkg(fe.MessageEN)
	return &cp
}

// ErrorsOf is every error err holds, as ErrorOf gives them: one for each
// field error of an input with several bad fields (up to
// rules.MaxFieldErrors), else ErrorOf(err) alone. It is for a writer that
// shows them all (a problem detail's "errors"); ErrorOf gives the first.
func ErrorsOf(err error) []*rules.FieldError {
	var l *rules.FieldErrors
	if !errors.As(err, &l) || len(l.List) == 0 {
		return []*rules.FieldError{ErrorOf(err)}
	}
	prefix := ""
	var sc *scoped
	if errors.As(err, &sc) {
		prefix = sc.ptr
	}
	out := make([]*rules.FieldError, len(l.List))
	for i, fe := range l.List {
		out[i] = fault.Safe(placed(prefix, fe))
	}
	return out
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

// inputErr is an error the engine itself finds in an input, at the JSON
// Pointer ptr, in Indonesian (id) and English (en).
func inputErr(code rules.ErrorCode, ptr, id, en string) *rules.FieldError {
	return fault.New(code, ptr, id, en)
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

// decodeError turns an encoding/json error on raw, decoded into a value of
// type t, into a *rules.FieldError with the JSON Pointer of the culprit.
func decodeError(raw []byte, t reflect.Type, err error) error {
	var se *json.SyntaxError
	switch {
	case errors.Is(err, io.EOF) && len(strings.TrimSpace(string(raw))) == 0:
		return inputErr(rules.CodeBadJSON, "", "masukan kosong: diharapkan satu objek JSON", errNoInput.Error())
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return inputErr(rules.CodeBadJSON, "", "JSON terpotong: masukan berakhir di dalam sebuah nilai", "truncated JSON: the input ends inside a value")
	case errors.As(err, &se):
		return inputErr(rules.CodeBadJSON, "", fmt.Sprintf("kesalahan sintaks JSON pada bita ke-%d: %s", se.Offset, trimPkg(se.Error())), fmt.Sprintf("JSON syntax error at byte %d: %s", se.Offset, trimPkg(se.Error())))
	}
	var doc any
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	if dec.Decode(&doc) == nil {
		if ie := locate(doc, t, ""); ie != nil {
			return ie
		}
	}
	if fe := (*rules.FieldError)(nil); errors.As(err, &fe) {
		return placed("", fe)
	}
	msg := trimPkg(err.Error())
	return inputErr(rules.CodeBadValue, "", "nilai tidak sah: "+msg, msg)
}

var (
	textUnmarshaler = reflect.TypeFor[interface{ UnmarshalText([]byte) error }]()
	jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()
	rawMessage      = reflect.TypeFor[json.RawMessage]()
)

// locate walks the generic document v beside the Go type t and returns
// the first (in sorted key order) value that does not decode into its
// field, or key the type does not have.
func locate(v any, t reflect.Type, ptr string) *rules.FieldError {
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
			return inputErr(rules.CodeBadValue, ptr, "diharapkan objek JSON, ditemukan "+jsonKindID(v), "expected a JSON object, found "+jsonKind(v))
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
				return inputErr(rules.CodeUnknownField, ptr+"/"+escapePointer(k), "kolom tidak dikenal (periksa ejaannya; --help mendaftar kolomnya)", "unknown field (check its spelling; --help lists the fields)")
			}
			if ie := locate(m[k], ft, ptr+"/"+escapePointer(k)); ie != nil {
				return ie
			}
		}
	case reflect.Slice, reflect.Array:
		l, ok := v.([]any)
		if !ok {
			return inputErr(rules.CodeBadValue, ptr, "diharapkan larik JSON, ditemukan "+jsonKindID(v), "expected a JSON array, found "+jsonKind(v))
		}
		for i, e := range l {
			if ie := locate(e, t.Elem(), ptr+"/"+strconv.Itoa(i)); ie != nil {
				return ie
			}
		}
	case reflect.Map:
		m, ok := v.(map[string]any)
		if !ok {
			return inputErr(rules.CodeBadValue, ptr, "diharapkan objek JSON, ditemukan "+jsonKindID(v), "expected a JSON object, found "+jsonKind(v))
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
func leafError(ptr string, t reflect.Type, v any, err error) *rules.FieldError {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if n, ok := v.(json.Number); ok && isNumberKind(t.Kind()) {
			if isIntKind(t.Kind()) && strings.ContainsAny(string(n), ".eE") {
				return inputErr(rules.CodeBadValue, ptr, fmt.Sprintf("diharapkan %s, ditulis dengan angka saja (tanpa titik desimal, tanpa eksponen), ditemukan %s", kindWordID(t), n), fmt.Sprintf("a %s is expected, written in digits only (no decimal point, no exponent), found %s", kindWord(t), n))
			}
			if isIntKind(t.Kind()) && strings.HasPrefix(string(n), "-") && t.Kind() >= reflect.Uint {
				return inputErr(rules.CodeOutOfRange, ptr, fmt.Sprintf("diharapkan %s, ditemukan %s", kindWordID(t), n), fmt.Sprintf("a %s is expected, found %s", kindWord(t), n))
			}
			if len(n) >= 16 {
				// Not echoed: it would be masked as a NIK.
				digits := len(strings.TrimPrefix(string(n), "-"))
				return inputErr(rules.CodeOutOfRange, ptr, fmt.Sprintf("bilangan %d angka di luar rentang %s", digits, kindWordID(t)), fmt.Sprintf("a number of %d digits is out of range for a %s", digits, kindWord(t)))
			}
			return inputErr(rules.CodeOutOfRange, ptr, fmt.Sprintf("%s di luar rentang %s", n, kindWordID(t)), fmt.Sprintf("%s is out of range for a %s", n, kindWord(t)))
		}
		return inputErr(rules.CodeBadValue, ptr, fmt.Sprintf("diharapkan %s, ditemukan %s", kindWordID(t), jsonKindID(v)), fmt.Sprintf("expected a %s, found %s", kindWord(t), jsonKind(v)))
	}
	if fe := (*rules.FieldError)(nil); errors.As(err, &fe) {
		// The library's own error for the value (a NIK, a date, a
		// quantity of 0 or beyond tariff.MaxQuantity): its code, its
		// words and its sentinels, at the value's place.
		out := placed(ptr, fe)
		if errors.Is(err, tariff.ErrRange) {
			out.Code = rules.CodeOutOfRange
		}
		return out
	}
	if errors.Is(err, tariff.ErrRange) {
		msg := trimPkg(err.Error())
		return inputErr(rules.CodeOutOfRange, ptr, "di luar rentang: "+msg, msg)
	}
	if t == decimalType {
		// Not the decimal library's own text: what an amount looks like.
		return inputErr(rules.CodeBadValue, ptr, `bukan jumlah uang: diharapkan bilangan rupiah dalam angka desimal, sebagai string atau bilangan ("360000"); bukan heksadesimal, NaN atau tak hingga`, `not an amount: expected a number of rupiah in decimal digits, as a string or a number ("360000"); no hexadecimal, NaN or infinity`)
	}
	msg := trimPkg(err.Error())
	return inputErr(rules.CodeBadValue, ptr, "nilai tidak sah: "+msg, msg)
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

// kindWordID names a Go type the way a host thinks of its JSON, in
// Indonesian.
func kindWordID(t reflect.Type) string {
	switch {
	case t.Kind() == reflect.String:
		return "string"
	case t.Kind() == reflect.Bool:
		return "boolean (true atau false)"
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Int64:
		return "bilangan bulat"
	case t.Kind() >= reflect.Uint && t.Kind() <= reflect.Uintptr:
		return "bilangan bulat mulai 0"
	case t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64:
		return "bilangan"
	case reflect.PointerTo(t).Implements(textUnmarshaler):
		return "string"
	}
	return "nilai"
}

func jsonKindID(v any) string {
	switch v.(type) {
	case map[string]any:
		return "objek"
	case []any:
		return "larik"
	case string:
		return "string"
	case json.Number:
		return "bilangan"
	case bool:
		return "boolean"
	}
	return "null"
}
