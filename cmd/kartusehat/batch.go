package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/kartusehat/kartusehat/eligibility"
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

// limitError reports an input over one of the size limits.
type limitError struct {
	What  string // "the input", "line 12", "overlay reform.yaml"
	Name  string // the limit's name: --max-input, --max-line, the overlay limit
	Limit int64
}

func (e *limitError) Error() string {
	return fmt.Sprintf("%s is larger than %d bytes, the limit %s", e.What, e.Limit, e.Name)
}

// readLimited reads all of r, or fails with a *limitError past limit.
func readLimited(r io.Reader, limit int64, what, name string) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, &limitError{What: what, Name: name, Limit: limit}
	}
	return b, nil
}

// batchItem is one line's outcome: the line number, the host's id (raw
// JSON, echoed whatever its type; absent when the line has none), and the
// result or the error.
type batchItem struct {
	Line   int             `json:"line"`
	ID     json.RawMessage `json:"id,omitempty"`
	Result any             `json:"result,omitempty"`
	Error  *ErrorJSON      `json:"error,omitempty"`
}

// batchFailed is the error of a batch in which some lines failed: the
// command exits 1. The summary is already on standard error.
type batchFailed struct{ failed int }

func (b batchFailed) Error() string { return fmt.Sprintf("%d lines failed", b.failed) }

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

// batchStats are a batch's counts: every line read that was not blank
// is in exactly one of ok and failed. cutAfter is the last line answered
// when the batch was cut (a stop), else 0.
type batchStats struct {
	ok, failed int
	cut        bool
	cutAfter   int
}

// batchOptions are runBatchWith's options beyond runBatch's.
type batchOptions struct {
	// stop, when closed, stops the batch: the line in progress is
	// finished, no new line is decided, and a last line says where it
	// was cut (a shutdown, SIGINT or SIGTERM).
	stop <-chan struct{}
	// stats, when not nil, receives the batch's counts.
	stats *batchStats
	// onError, when not nil, is told of every line that failed.
	onError func(line int, e *ErrorJSON)
}

// errBatchCut is the error of a batch cut by a stop: its last line says
// after which line.
type errBatchCut struct{ after int }

func (e errBatchCut) Error() string {
	return fmt.Sprintf("stopped by a shutdown or a signal: the batch was cut after line %d; send the lines after it again", e.after)
}

// batchReadError is a batch whose input could not be read to its end:
// the lines before line were answered, the rest were not.
type batchReadError struct {
	line int
	err  error
}

func (e *batchReadError) Error() string {
	return fmt.Sprintf("reading line %d: %v; the batch was not read to its end", e.line, e.err)
}

func (e *batchReadError) Unwrap() error { return e.err }

// cutLine is the last line of a batch cut by a stop: the error and the
// last line answered, so that a client knows which lines to send again.
type cutLine struct {
	CutAfterLine int        `json:"cut_after_line"`
	Error        *ErrorJSON `json:"error"`
}

// writeCutLine writes the last line of a batch cut after line n.
func writeCutLine(w io.Writer, n int) error {
	b, _ := json.Marshal(cutLine{CutAfterLine: n, Error: ErrorOf(&inputError{Code: CodeInterrupted, Msg: errBatchCut{n}.Error()})})
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

// runBatch decides JSON Lines from r with op, writing one line to w per
// input line: {"line", "id", "result"} or {"line", "id", "error"}. Blank
// lines are skipped (and counted in line numbers). A line over maxLine
// bytes is reported as too_large and the batch goes on. The summary goes
// to summary; the error is batchFailed when any line failed.
func runBatch(e *Engine, op *Op, r io.Reader, w io.Writer, summary io.Writer, maxLine int) error {
	return runBatchWith(e, op, r, w, summary, maxLine, batchOptions{})
}

// runBatchWith is runBatch with options. A read error or a write error
// ends the batch with an error naming the line it stopped at, never a
// batchFailed (which says the batch was read to its end). A stop ends it
// with a cut line and errBatchCut.
func runBatchWith(e *Engine, op *Op, r io.Reader, w io.Writer, summary io.Writer, maxLine int, o batchOptions) error {
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
	writeErr := func(err error) error {
		return fmt.Errorf("writing the output at line %d: %w; the output is incomplete", lineNo, err)
	}
	for {
		if stopped(o.stop) {
			cut = true
			break
		}
		text, over, err := lr.next()
		if err == io.EOF {
			break
		}
		if stopped(o.stop) {
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
			item.Error = ErrorOf(&limitError{What: fmt.Sprintf("line %d", lineNo), Name: "--max-line", Limit: int64(maxLine)})
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
			item.Result, item.Error = nil, ErrorOf(&inputError{Code: CodeInternal, Msg: "the result could not be written as JSON"})
			ok--
			failed++
			if err := enc.Encode(&item); err != nil {
				return writeErr(err)
			}
		}
		answered = lineNo
		if item.Error != nil && o.onError != nil {
			o.onError(lineNo, item.Error)
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
	if o.stats != nil {
		*o.stats = batchStats{ok: ok, failed: failed, cut: cut, cutAfter: answered}
	}
	fmt.Fprintf(summary, "kartusehat %s: %d lines, %d done, %d with errors", op.Name, ok+failed, ok, failed)
	switch {
	case cut:
		fmt.Fprintf(summary, "; cut after line %d by a stop\n", answered)
		return errBatchCut{answered}
	case readErr != nil:
		fmt.Fprintf(summary, "; reading stopped at line %d\n", lineNo+1)
		return &batchReadError{line: lineNo + 1, err: readErr}
	}
	fmt.Fprintln(summary)
	if failed > 0 {
		return batchFailed{failed: failed}
	}
	return nil
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

// errStopped is the read of a batch's input given up on a stop.
var errStopped = errors.New("stopped")

// stopReader is a reader whose Read gives up, with errStopped, when stop
// is closed, even while the read underneath waits (a terminal, a pipe
// with nothing in it): the command line's batch then ends at once. Each
// Read reads in its own goroutine; one given up on is left to finish on
// its own, its bytes not read.
type stopReader struct {
	r    io.Reader
	stop <-chan struct{}
	res  chan readResult // the read in progress, nil when none
	buf  []byte
}

type readResult struct {
	n   int
	err error
}

// interruptible returns r, reading until stop is closed.
func interruptible(r io.Reader, stop <-chan struct{}) io.Reader {
	return &stopReader{r: r, stop: stop}
}

func (s *stopReader) Read(p []byte) (int, error) {
	if s.res == nil {
		if cap(s.buf) < len(p) {
			s.buf = make([]byte, len(p))
		}
		buf := s.buf[:len(p)]
		ch := make(chan readResult, 1)
		s.res = ch
		go func() {
			n, err := s.r.Read(buf)
			ch <- readResult{n, err}
		}()
	}
	select {
	case r := <-s.res:
		s.res = nil
		return copy(p, s.buf[:r.n]), r.err
	case <-s.stop:
		return 0, errStopped
	}
}
