package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
)

// batchItem is one line's result: the host's id, the line number, and
// the result or the error.
type batchItem struct {
	ID     string     `json:"id,omitempty"`
	Line   int        `json:"line"`
	Result any        `json:"result,omitempty"`
	Error  *errorJSON `json:"error,omitempty"`
}

// runBatch reads JSON Lines from the named input (a file, or - for
// standard input), each an object with an optional "id" and the fields of
// T, decoded strictly; process turns it into a result. One line of output
// per line of input; a bad line is reported on its own line and the batch
// goes on.
func runBatch[T any](e *env, input, name string, process func(*T) (any, error)) error {
	r, done, err := openInput(e, input)
	if err != nil {
		return err
	}
	defer done()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 4<<20)
	w := bufio.NewWriter(e.stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	line, ok, failed := 0, 0, 0
	for sc.Scan() {
		line++
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 {
			continue
		}
		item := batchItem{Line: line}
		var id struct {
			ID string `json:"id"`
		}
		_ = json.Unmarshal(text, &id)
		item.ID = id.ID
		in := new(T)
		dec := json.NewDecoder(bytes.NewReader(text))
		dec.DisallowUnknownFields()
		err := dec.Decode(in)
		var res any
		if err == nil {
			res, err = process(in)
		}
		if err != nil {
			item.Error = toErrorJSON(err)
			failed++
		} else {
			item.Result = res
			ok++
		}
		if err := enc.Encode(item); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("line %d: %w", line+1, err)
	}
	fmt.Fprintf(e.stderr, "kartusehat %s: %d done, %d with errors\n", name, ok, failed)
	return nil
}
