package kartusehat

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/internal/fault"
	"github.com/kartusehat/kartusehat/rules"
)

// The size limits of inputs. Each is named in the error that enforces it.
const (
	// DefaultMaxInput bounds a single input (--max-input).
	DefaultMaxInput = 4 << 20
	// DefaultMaxLine bounds one line of a batch (--max-line); a longer
	// line is reported as too_large and the batch goes on.
	DefaultMaxLine = 4 << 20
)

// Rulebook files and overlays are bounded by rules.MaxFileSize and
// rules.MaxRulebookSize, in the library.

// batchItem is one line's outcome: the line number, the host's id (raw
// JSON, echoed whatever its type; absent when the line has none), and the
// result or the error.
type batchItem struct {
	Line   int               `json:"line"`
	ID     json.RawMessage   `json:"id,omitempty"`
	Result any               `json:"result,omitempty"`
	Error  *rules.FieldError `json:"error,omitempty"`
}

// BatchFailed is the error of a batch read to its end in which some
// lines failed, each reported on its own line (the CLI then exits 1).
type BatchFailed struct {
	// Failed is the number of lines that failed.
	Failed int
}

func (b BatchFailed) Error() string { return fmt.Sprintf("%d lines failed", b.Failed) }

// lineReader reads lines of any length up to a limit, without
// bufio.Scanner's fixed token size: a longer line is skipped to its end
// and reported, and reading goes on.
type lineReader struct {
	br    *bufio.Reader
	limit int
	buf   []byte
}

// next returns the next line without its line ending; over is true when
// the line was longer than the limit (and is not returned). It returns
// io.EOF after the last line.
func (lr *lineReader) next() (line []byte, over bool, err error) {
	lr.buf = lr.buf[:0]
	read := false
	for {
		frag, err := lr.br.ReadSlice('\n')
		if len(frag) > 0 {
			read = true
		}
		if !over {
			body := frag
			if n := len(body); n > 0 && body[n-1] == '\n' {
				body = body[:n-1]
			}
			if len(lr.buf)+len(body) > lr.limit {
				over = true
				lr.buf = lr.buf[:0]
			} else {
				lr.buf = append(lr.buf, frag...)
			}
		}
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err == io.EOF:
			if !read {
				return nil, false, io.EOF
			}
			return bytes.TrimRight(lr.buf, "\r\n"), over, nil
		case err != nil:
			return nil, false, err
		}
		return bytes.TrimRight(lr.buf, "\r\n"), over, nil
	}
}

// BatchStats are a batch's counts: every line read that was not blank
// is in exactly one of OK and Failed. CutAfter is the last line answered
// when the batch was cut (its context done), else 0.
type BatchStats struct {
	OK, Failed int
	Cut        bool
	CutAfter   int
}

// BatchOptions are the options of RunBatch.
type BatchOptions struct {
	// MaxLine bounds one line, in bytes (DefaultMaxLine when 0): a longer
	// line is reported as too_large and the batch goes on.
	MaxLine int
	// MaxLineName names the limit in the error of a longer line
	// (default "--max-line").
	MaxLineName string
	// Summary, when not nil, receives the batch's one-line summary.
	Summary io.Writer
	// OnError, when not nil, is told of every line that failed.
	OnError func(line int, e *rules.FieldError)
	// From is the format of the claim files of VerifyMonth and RecapMonth:
	// "" for the project's JSON, FormatEKlaim or FormatFHIR (one record
	// or Claim a line). RunBatch takes the operation OpFrom makes instead.
	From string
}

// BatchCut is the error of a batch cut by its context (a shutdown,
// SIGINT or SIGTERM): its last line says after which line.
type BatchCut struct {
	// After is the last line answered.
	After int
}

// messageID is the error's message in Indonesian.
func (e BatchCut) messageID() string {
	return fmt.Sprintf("dihentikan oleh shutdown atau sinyal: batch dipotong setelah baris %d; kirim lagi baris-baris sesudahnya", e.After)
}

func (e BatchCut) Error() string {
	return fmt.Sprintf("stopped by a shutdown or a signal: the batch was cut after line %d; send the lines after it again", e.After)
}

// batchReadError is a batch whose input could not be read to its end:
// the lines before Line were answered, the rest were not.
type batchReadError struct {
	Line int
	Err  error
}

func (e *batchReadError) Error() string {
	return fmt.Sprintf("reading line %d: %v; the batch was not read to its end", e.Line, e.Err)
}

func (e *batchReadError) Unwrap() error { return e.Err }

// cutLine is the last line of a batch cut by a stop: the error and the
// last line answered, so that a client knows which lines to send again.
type cutLine struct {
	CutAfterLine int               `json:"cut_after_line"`
	Error        *rules.FieldError `json:"error"`
}

// writeCutLine writes the last line of a batch cut after line n.
func writeCutLine(w io.Writer, n int) error {
	b, _ := json.Marshal(cutLine{CutAfterLine: n, Error: ErrorOf(BatchCut{n})})
	_, err := w.Write(append(b, '\n'))
	return err
}

// stopped reports whether stop is closed.
func stopped(stop <-chan struct{}) bool {
	select {
	case <-stop:
		return true
	default:
		return false
	}
}

// RunBatch decides JSON Lines from r with op, writing one line to w per
// input line: {"line", "id", "result"} or {"line", "id", "error"}. Blank
// lines are skipped (and counted in line numbers). A line over
// o.MaxLine bytes is reported as too_large and the batch goes on. A
// writer that can flush (an http.ResponseWriter) gets each line as it is
// decided.
//
// The error is BatchFailed when the batch was read to its end and some
// lines failed. A read error or a write error ends the batch with an
// error naming the line it stopped at, never a BatchFailed. When ctx is
// done the line in progress is finished, no new line is decided, a last
// line {"cut_after_line", "error"} says where the batch was cut, and the
// error is BatchCut.
func (e *Engine) RunBatch(ctx context.Context, op *Op, r io.Reader, w io.Writer, o BatchOptions) (BatchStats, error) {
	maxLine := o.MaxLine
	if maxLine <= 0 {
		maxLine = DefaultMaxLine
	}
	limitName := o.MaxLineName
	if limitName == "" {
		limitName = "--max-line"
	}
	summary := o.Summary
	if summary == nil {
		summary = io.Discard
	}
	stop := ctx.Done()
	var st BatchStats
	lr := &lineReader{br: bufio.NewReaderSize(r, 64<<10), limit: maxLine}
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false) // JSON, not HTML: as appendItem writes it
	// A writer that can flush (an http.ResponseWriter) gets each line as
	// it is decided; others get 64 KiB at a time.
	flusher, _ := w.(interface{ Flush() })
	lineNo, ok, failed := 0, 0, 0
	answered := 0 // the last line answered (blank lines are not)
	var readErr error
	cut := false
	out := make([]byte, 0, 16<<10)
	writeErr := func(err error) (BatchStats, error) {
		return st, fmt.Errorf("writing the output at line %d: %w; the output is incomplete", lineNo, err)
	}
	for {
		if stopped(stop) {
			cut = true
			break
		}
		text, over, err := lr.next()
		if err == io.EOF {
			break
		}
		if stopped(stop) {
			// Read after the stop (or cut short by it): not decided.
			cut = true
			break
		}
		if err != nil {
			readErr = err
			break
		}
		lineNo++
		item := batchItem{Line: lineNo}
		if over {
			item.Error = ErrorOf(fault.Limit(fmt.Sprintf("baris %d", lineNo), fmt.Sprintf("line %d", lineNo), limitName, int64(maxLine)))
		} else {
			if lineNo == 1 {
				text = bytes.TrimPrefix(text, utf8BOM)
			}
			text = bytes.TrimSpace(text)
			if len(text) == 0 {
				continue
			}
			id, res, err := e.Do(op, text)
			item.ID = validID(id)
			if err != nil {
				item.Error = ErrorOf(err)
			} else {
				item.Result = res
			}
		}
		if item.Error != nil {
			failed++
		} else {
			ok++
		}
		if line, done := appendItem(out[:0], &item); done {
			out = line
			if _, err := bw.Write(out); err != nil {
				return writeErr(err)
			}
		} else if err := enc.Encode(&item); err != nil {
			// A result that cannot be encoded is this line's error.
			item.Result, item.Error = nil, ErrorOf(inputErr(rules.CodeInternal, "", "hasilnya tidak dapat ditulis sebagai JSON", "the result could not be written as JSON"))
			ok--
			failed++
			if err := enc.Encode(&item); err != nil {
				return writeErr(err)
			}
		}
		answered = lineNo
		if item.Error != nil && o.OnError != nil {
			o.OnError(lineNo, item.Error)
		}
		if flusher != nil {
			if err := bw.Flush(); err != nil {
				return writeErr(err)
			}
			flusher.Flush()
		}
	}
	if cut {
		if err := writeCutLine(bw, answered); err != nil {
			return writeErr(err)
		}
	}
	if err := bw.Flush(); err != nil {
		return writeErr(err)
	}
	st = BatchStats{OK: ok, Failed: failed, Cut: cut}
	if cut {
		st.CutAfter = answered
	}
	fmt.Fprintf(summary, "kartusehat %s: %d lines, %d done, %d with errors", op.Name, ok+failed, ok, failed)
	switch {
	case cut:
		fmt.Fprintf(summary, "; cut after line %d by a stop\n", answered)
		return st, BatchCut{answered}
	case readErr != nil:
		fmt.Fprintf(summary, "; reading stopped at line %d\n", lineNo+1)
		return st, &batchReadError{Line: lineNo + 1, Err: readErr}
	}
	fmt.Fprintln(summary)
	if failed > 0 {
		return st, BatchFailed{Failed: failed}
	}
	return st, nil
}

// utf8BOM is the byte-order mark some editors put at the start of a
// UTF-8 file; it is skipped there.
var utf8BOM = []byte("\xef\xbb\xbf")

// appendJSONer is a result that writes its own JSON, without reflection.
type appendJSONer interface {
	AppendJSON([]byte) ([]byte, error)
}

// decisionWriter is an eligibility decision as an appendJSONer.
type decisionWriter struct{ d *eligibility.Decision }

func (w decisionWriter) AppendJSON(b []byte) ([]byte, error) { return appendDecision(b, w.d), nil }

// fastJSON turns on appendItem (tests compare both ways).
var fastJSON = true

// appendItem appends the batch line of a result that writes its own JSON,
// byte for byte as encoding/json's Encoder writes item (compact, <, > and
// & left as they are, a newline at the end), and reports true; false for
// any other item, which the Encoder writes.
func appendItem(b []byte, item *batchItem) ([]byte, bool) {
	if !fastJSON || item.Error != nil {
		return b, false
	}
	var r appendJSONer
	switch v := item.Result.(type) {
	case *eligibility.Decision:
		r = decisionWriter{v}
	case appendJSONer:
		r = v
	default:
		return b, false
	}
	start := len(b)
	b = append(b, `{"line":`...)
	b = strconv.AppendInt(b, int64(item.Line), 10)
	if len(item.ID) > 0 {
		b = append(b, `,"id":`...)
		if !bytes.ContainsAny(item.ID, " \t\r\n") {
			b = append(b, item.ID...) // compact already
		} else {
			var c bytes.Buffer
			if json.Compact(&c, item.ID) != nil {
				return b[:start], false
			}
			b = append(b, c.Bytes()...)
		}
	}
	b = append(b, `,"result":`...)
	b, err := r.AppendJSON(b)
	if err != nil {
		return b[:start], false // the Encoder reports it
	}
	return append(b, '}', '\n'), true
}

// validID returns the id if it is valid JSON (it always is after a
// successful decode); an id that json would reject is dropped.
func validID(id json.RawMessage) json.RawMessage {
	if len(id) == 0 || !json.Valid(id) {
		return nil
	}
	return id
}
