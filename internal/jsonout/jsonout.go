// Package jsonout writes JSON as the command line and the server write
// it: <, > and & left as they are (a citation holds "&"), JSON, not HTML.
package jsonout

import (
	"encoding/json"
	"io"
)

// Indented writes v indented by two spaces, with a newline at the end.
func Indented(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// Line writes v compact, on one line (as the batch lines and the
// server's answers are). A value that writes its own JSON (an
// AppendJSON method, as the decisions have) is written by it, without
// reflection and without encoding/json compacting what MarshalJSON
// returns: the bytes are the same, as the packages' tests check.
func Line(w io.Writer, v any) error {
	var b []byte
	switch a := v.(type) {
	case appender:
		b = a.AppendJSON(make([]byte, 0, 2048))
	case appenderErr:
		var err error
		if b, err = a.AppendJSON(make([]byte, 0, 2048)); err != nil {
			return err
		}
	default:
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return enc.Encode(v)
	}
	_, err := w.Write(append(b, '\n'))
	return err
}

// appender and appenderErr are values that append their own compact
// JSON, as encoding/json would write it.
type (
	appender    interface{ AppendJSON([]byte) []byte }
	appenderErr interface {
		AppendJSON([]byte) ([]byte, error)
	}
)
