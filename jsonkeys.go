package kartusehat

import (
	"fmt"
	"reflect"

	"github.com/kartusehat/kartusehat/internal/jsonx"
	"github.com/kartusehat/kartusehat/rules"
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
func checkKeys(data []byte, t reflect.Type) *rules.FieldError {
	err := jsonx.CheckKeys(data, t)
	if err == nil {
		return nil
	}
	ke := err.(*jsonx.KeyError)
	switch ke.Kind {
	case jsonx.KeyDuplicate:
		return inputErr(rules.CodeBadJSON, ke.Pointer,
			fmt.Sprintf("kunci ganda: %q diberikan lebih dari sekali dalam objek ini; berikan sekali saja", ke.Key),
			fmt.Sprintf("duplicate key: %q is given more than once in this object; give it once", ke.Key))
	case jsonx.KeyCaseMismatch:
		return inputErr(rules.CodeUnknownField, ke.Pointer,
			fmt.Sprintf("kolom tidak dikenal: huruf besar dan kecil pada kunci dibedakan; kolomnya %q", ke.Field),
			fmt.Sprintf("unknown field: keys are case-sensitive; the field is %q", ke.Field))
	}
	return inputErr(rules.CodeUnknownField, ke.Pointer, "kolom tidak dikenal: huruf besar dan kecil pada kunci dibedakan (--help mendaftar kolomnya)", "unknown field: keys are case-sensitive (--help lists the fields)")
}
