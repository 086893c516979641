package eklaim

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"slices"
	"sync"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/rules"
)

// maxLine bounds one record of a batch (as claim.VerifyBatch bounds a
// file's line).
const maxLine = 16 << 20

// VerifyBatch verifies a hospital's month given as E-Klaim records, one
// Record a line (JSON Lines), with claim.VerifyBatch: each record is read
// with ToFile under rb and handed on as the native file, so the report is
// the one the same month as native files gives. emit gets each line's
// adjudication, with the reading's warnings added to its notes, or its
// error: a record that does not read gives a *claim.BatchError wrapping
// the field errors (a *rules.FieldError, several in a *rules.FieldErrors)
// and the batch goes on. The
// *Adjudication is valid until emit returns.
func VerifyBatch(ctx context.Context, r io.Reader, rb *rules.Rulebook, v *claim.Verifier, budget *claim.Budget,
	emit func(line int, a *claim.Adjudication, err error) error) (claim.Report, error) {
	pr, pw := io.Pipe()
	var mu sync.Mutex
	faults := map[int]error{}
	warnings := map[int][]rules.Reason{}
	go func() {
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 0, 64<<10), maxLine)
		var buf []byte
		n := 0
		for sc.Scan() {
			n++
			line := bytes.TrimSpace(sc.Bytes())
			buf = buf[:0]
			if len(line) == 0 {
				buf = append(buf, '\n')
			} else if rec, err := Decode(line); err != nil {
				mu.Lock()
				faults[n] = err
				mu.Unlock()
				buf = append(buf, "{\"eklaim\":\"unreadable\"}\n"...)
			} else if c, err := ToFile(rec, rb); err != nil {
				mu.Lock()
				faults[n] = err
				mu.Unlock()
				buf = append(buf, "{\"eklaim\":\"unreadable\"}\n"...)
			} else {
				if len(c.Warnings) > 0 {
					mu.Lock()
					warnings[n] = c.Warnings
					mu.Unlock()
				}
				b, err := json.Marshal(&c.File)
				if err != nil {
					mu.Lock()
					faults[n] = err
					mu.Unlock()
					b = []byte(`{"eklaim":"unreadable"}`)
				}
				buf = append(append(buf, b...), '\n')
			}
			if _, err := pw.Write(buf); err != nil {
				return
			}
		}
		pw.CloseWithError(sc.Err())
	}()
	defer pr.Close()
	return claim.VerifyBatch(ctx, pr, v, budget, func(line int, a *claim.Adjudication, err error) error {
		mu.Lock()
		fault, w := faults[line], warnings[line]
		delete(faults, line)
		delete(warnings, line)
		mu.Unlock()
		if fault != nil {
			id := ""
			var be *claim.BatchError
			if ok := asBatch(err, &be); ok {
				id = be.ID
			}
			return emit(line, nil, &claim.BatchError{Line: line, ID: id, Err: fault})
		}
		if a != nil && len(w) > 0 {
			b := *a
			b.Notes = append(slices.Clip(a.Notes), w...)
			return emit(line, &b, err)
		}
		return emit(line, a, err)
	})
}

func asBatch(err error, be **claim.BatchError) bool {
	if e, ok := err.(*claim.BatchError); ok {
		*be = e
		return true
	}
	return false
}
