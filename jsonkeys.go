package kartusehat

import (
	"fmt"
	"reflect"

	"github.com/kartusehat/kartusehat/internal/jsonx"
)

// encoding/json accepts two things a strict input must not: an object
// with the same key twice (the last wins, silently), and a key that
// matches a field only when case is ignored ("Date" for "date", even
// "ſex" for "sex"). jsonx.CheckKeys refuses both, in one pass over
// the bytes that decodeStrict has already decoded: every decoder of the
// command and of the server goes through it.

// checkKeys reports the first duplicate key (bad_json) or key that is not
// exactly a field's name (unknown_field) in data, one JSON value that
// decodes into a value of type t, with the JSON Pointer of the key.
func checkKeys(data []byte, t reflect.Type) *inputError {
	err := jsonx.CheckKeys(data, t)
	if err == nil {
		return nil
	}
	ke := err.(*jsonx.KeyError)
	switch ke.Kind {
	case jsonx.KeyDuplicate:
		return &inputError{Code: CodeBadJSON, Field: ke.Pointer,
			Msg: fmt.Sprintf("duplicate key: %q is given more than once in this object; give it once", ke.Key)}
	case jsonx.KeyCaseMismatch:
		return &inputError{Code: CodeUnknownField, Field: ke.Pointer,
			Msg: fmt.Sprintf("unknown field: keys are case-sensitive; the field is %q", ke.Field)}
	}
	return &inputError{Code: CodeUnknownField, Field: ke.Pointer, Msg: "unknown field: keys are case-sensitive (--help lists the fields)"}
}
