package jsonx

import (
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// Problem is why a strict decoder refused an input, in the terms of a
// rules.FieldError (which this package cannot import): a code, the JSON
// Pointer of the culprit ("" when unknown or the input as a whole), and
// what is wrong in Indonesian and English, with no Go type name.
type Problem struct {
	Code    string // bad_json, unknown_field, bad_value
	Pointer string
	ID, EN  string
	Err     error // the decoder's error, when it says more than the words
}

// DecodeProblem describes err, the error of a json.Decoder (with
// DisallowUnknownFields) on data. An error of a type's own UnmarshalJSON
// or UnmarshalText (a NIK, a date) has no pointer: encoding/json does not
// say where; the caller locates it (Locate) if it can.
func DecodeProblem(data []byte, err error) Problem {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		id, en := typeWords(te.Type)
		return Problem{Code: "bad_value", Pointer: Pointer(te.Field),
			ID: fmt.Sprintf("diharapkan %s, ditemukan JSON %s", id, te.Value),
			EN: fmt.Sprintf("expected %s, found a JSON %s", en, te.Value)}
	case errors.As(err, &se):
		msg := strings.TrimPrefix(se.Error(), "json: ")
		return Problem{Code: "bad_json", ID: fmt.Sprintf("kesalahan sintaks JSON pada byte %d: %s", se.Offset, msg),
			EN: fmt.Sprintf("JSON syntax error at byte %d: %s", se.Offset, msg), Err: err}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		ptr := FindKey(data, name)
		if ptr == "" {
			ptr = "/" + EscapePointer(name)
		}
		return Problem{Code: "unknown_field", Pointer: ptr, ID: "kolom tidak dikenal (periksa ejaannya)", EN: "unknown field (check its spelling)"}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		if len(strings.TrimSpace(string(data))) == 0 {
			return Problem{Code: "bad_json", ID: "masukan kosong: berikan satu objek JSON", EN: "empty input: give one JSON object", Err: err}
		}
		return Problem{Code: "bad_json", ID: "JSON terpotong: masukan berakhir di tengah nilai", EN: "truncated JSON: the input ends inside a value", Err: err}
	}
	return Problem{Code: "bad_value", EN: err.Error(), Err: err}
}

// KeyProblem describes the *KeyError of CheckKeys.
func KeyProblem(ke *KeyError) Problem {
	switch ke.Kind {
	case KeyDuplicate:
		return Problem{Code: "unknown_field", Pointer: ke.Pointer, ID: "kunci ganda: diberikan lebih dari sekali dalam objek ini; berikan sekali saja", EN: ke.Message(), Err: ke}
	case KeyCaseMismatch:
		return Problem{Code: "unknown_field", Pointer: ke.Pointer, ID: fmt.Sprintf("kolom tidak dikenal: kunci membedakan huruf besar dan kecil; kolomnya %q", ke.Field), EN: ke.Message(), Err: ke}
	}
	return Problem{Code: "unknown_field", Pointer: ke.Pointer, ID: "kolom tidak dikenal (periksa ejaannya)", EN: ke.Message(), Err: ke}
}

var textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()

// typeWords names what a value of type t looks like in JSON, in
// Indonesian and English, without a Go type name.
func typeWords(t reflect.Type) (id, en string) {
	if t == nil {
		return "nilai lain", "another value"
	}
	if reflect.PointerTo(t).Implements(textUnmarshaler) {
		return "teks", "a string"
	}
	switch t.Kind() {
	case reflect.String:
		return "teks", "a string"
	case reflect.Bool:
		return "true atau false", "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return "bilangan bulat", "a whole number"
	case reflect.Float32, reflect.Float64:
		return "bilangan", "a number"
	case reflect.Struct, reflect.Map:
		return "objek", "an object"
	case reflect.Slice, reflect.Array:
		return "larik", "an array"
	case reflect.Pointer:
		return typeWords(t.Elem())
	}
	return "nilai lain", "another value"
}

// FindKey returns the JSON Pointer of the first object key named name in
// data (keys visited in sorted order), or "".
func FindKey(data []byte, name string) string {
	return Locate(data, func(key string, v any) bool { return key == name })
}

// Locate returns the JSON Pointer of the first value of data for which
// hit is true, visiting object keys in sorted order, with the key it
// stands under (an array's elements stand under the array's key); "" if
// none, or if data is not JSON.
func Locate(data []byte, hit func(key string, v any) bool) string {
	var doc any
	if json.Unmarshal(data, &doc) != nil {
		return ""
	}
	var walk func(v any, ptr, key string) (string, bool)
	walk = func(v any, ptr, key string) (string, bool) {
		if ptr != "" && hit(key, v) {
			return ptr, true
		}
		switch t := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(t))
			for k := range t {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				if r, ok := walk(t[k], ptr+"/"+EscapePointer(k), k); ok {
					return r, true
				}
			}
		case []any:
			for i, e := range t {
				if r, ok := walk(e, ptr+"/"+strconv.Itoa(i), key); ok {
					return r, true
				}
			}
		}
		return "", false
	}
	r, _ := walk(doc, "", "")
	return r
}
