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
// server's answers are).
func Line(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}
