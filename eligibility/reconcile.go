package eligibility

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/kartusehat/kartusehat/internal/mask"
	"github.com/kartusehat/kartusehat/internal/paramset"
	"github.com/kartusehat/kartusehat/rules"
)

// RecordStatus is a person's state in a registry extract.
type RecordStatus string

// The statuses of a registry extract. The first three make a participant
// (Perda 9/2018 Ps.7(1)-(2), Ps.10(3)); the others do not (Ps.10(2)).
const (
	StatusResident RecordStatus = "resident"
	StatusBorn     RecordStatus = "born"
	StatusMovedIn  RecordStatus = "moved_in"
	StatusDied     RecordStatus = "died"
	StatusMovedOut RecordStatus = "moved_out"
	// StatusInvalid: no longer meets the conditions of participation
	// ("tidak lagi memenuhi keabsahan peserta", Perda 9/2018 Ps.10(2)c);
	// extracts may also write it no_longer_valid.
	StatusInvalid RecordStatus = "invalid"
)

func (s RecordStatus) participant() bool {
	return s == StatusResident || s == StatusBorn || s == StatusMovedIn
}

func parseStatusBytes(b []byte) (RecordStatus, bool) {
	switch string(b) { // compiled without allocating
	case "resident":
		return StatusResident, true
	case "born":
		return StatusBorn, true
	case "moved_in":
		return StatusMovedIn, true
	case "died":
		return StatusDied, true
	case "moved_out":
		return StatusMovedOut, true
	case "invalid", "no_longer_valid":
		return StatusInvalid, true
	}
	return "", false
}

func parseStatus(s string) (RecordStatus, bool) {
	return parseStatusBytes([]byte(s))
}

// Record is one row of a registry extract.
type Record struct {
	NIK    NIK          `json:"nik"`
	KK     string       `json:"kk,omitempty"`
	Status RecordStatus `json:"status"`
	// Date is when the status took effect (birth, move, death), if known.
	Date rules.Date `json:"date,omitzero"`
	// PBI: the person is a PBI member of JKN (contributions paid by a
	// government), where the extract says so (CSV column pbi: true or
	// false, 1 or 0, empty for false).
	PBI bool `json:"pbi,omitempty"`
}

// Format is the encoding of a registry extract.
type Format uint8

// The extract formats.
const (
	// CSV has a header row naming its columns; nik and status are
	// required, kk, date and pbi optional. Another column is an error
	// naming it (a misspelt pbi would otherwise be read as "not PBI"),
	// unless ExtractOptions.IgnoreUnknownColumns.
	CSV Format = iota + 1
	// JSONLines has one JSON object per line with the fields of Record;
	// unknown fields are errors.
	JSONLines
)

// ParseFormat returns the format named csv or jsonl.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(s) {
	case "csv":
		return CSV, nil
	case "jsonl", "ndjson", "jsonlines":
		return JSONLines, nil
	}
	return 0, fmt.Errorf("eligibility: unknown extract format %q (csv or jsonl)", s)
}

// ErrExtract is wrapped by every ExtractError.
var ErrExtract = errors.New("eligibility: bad registry extract")

// ExtractError reports a bad row of an extract, with its file and line.
// It never holds a full NIK.
type ExtractError struct {
	Name string
	Line int
	Msg  string
	Err  error
}

// Error implements the error interface.
func (e *ExtractError) Error() string {
	return fmt.Sprintf("%s:%d: %s", e.Name, e.Line, e.Msg)
}

// Unwrap returns ErrExtract and the underlying error.
func (e *ExtractError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrExtract, e.Err}
	}
	return []error{ErrExtract}
}

// ExtractReader reads a registry extract row by row. Rows must be in
// ascending order of NIK, each NIK once, which lets Reconcile compare two
// extracts of any size in constant memory (sort a CSV with
// "sort -t, -k1,1" after its header).
type ExtractReader struct {
	name   string
	format Format
	sc     *bufio.Scanner
	line   int
	cols   struct{ nik, kk, status, date, pbi, n int }
	prev   NIK
	rows   int
}

// MaxExtractRow bounds the length of one row of an extract, in bytes. A
// row holds a NIK, a KK number, a status and a date, well under 100
// bytes: a longer row means the file is not an extract, or is corrupt. A
// row over the limit is an error naming its line and the limit, and
// Reconcile stops there, as it does on any bad row: skipping it would
// drop a person from the comparison and report them added or removed.
const MaxExtractRow = 64 << 10

// ExtractOptions loosen how an extract is read. The zero value is the
// strict reading.
type ExtractOptions struct {
	// IgnoreUnknownColumns reads a CSV extract with columns other than
	// nik, kk, status, date and pbi, ignoring them. Without it such a
	// column is an error that names it. JSON Lines extracts always
	// refuse unknown keys.
	IgnoreUnknownColumns bool
}

// ExtractColumns are the columns of a CSV extract, in their usual order.
var ExtractColumns = []string{"nik", "kk", "status", "date", "pbi"}

// NewExtractReader reads an extract of the given format from r, strictly
// (NewExtractReaderWith with the zero ExtractOptions); name is used in
// error messages.
func NewExtractReader(r io.Reader, format Format, name string) (*ExtractReader, error) {
	return NewExtractReaderWith(r, format, name, ExtractOptions{})
}

// NewExtractReaderWith reads an extract of the given format from r with
// the given options; name is used in error messages. A CSV extract's
// header is read and checked here: a column it does not know, or one
// named twice, is an *ExtractError naming it and the close match.
func NewExtractReaderWith(r io.Reader, format Format, name string, opts ExtractOptions) (*ExtractReader, error) {
	if format != CSV && format != JSONLines {
		return nil, fmt.Errorf("eligibility: unknown extract format %d", format)
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4<<10), MaxExtractRow)
	er := &ExtractReader{name: name, format: format, sc: sc}
	if format == CSV {
		if err := er.header(opts); err != nil {
			return nil, err
		}
	}
	return er, nil
}

// scanError reports the scanner's error on line, in words: a row over
// MaxExtractRow names the limit.
func (er *ExtractReader) scanError(line int, err error) error {
	if errors.Is(err, bufio.ErrTooLong) {
		return &ExtractError{Name: er.name, Line: line, Err: err,
			Msg: fmt.Sprintf("a row longer than %d bytes, the limit MaxExtractRow: an extract row holds a NIK, a KK number, a status and a date; is this file an extract, and is it whole?", MaxExtractRow)}
	}
	return &ExtractError{Name: er.name, Line: line, Msg: err.Error(), Err: err}
}

func (er *ExtractReader) fail(format string, args ...any) error {
	return &ExtractError{Name: er.name, Line: er.line, Msg: fmt.Sprintf(format, args...)}
}

func (er *ExtractReader) header(opts ExtractOptions) error {
	if !er.sc.Scan() {
		if err := er.sc.Err(); err != nil {
			return er.scanError(1, err)
		}
		return &ExtractError{Name: er.name, Line: 1, Msg: "empty extract: a CSV extract starts with a header row (nik,kk,status,date)"}
	}
	er.line = 1
	c := &er.cols
	c.nik, c.kk, c.status, c.date, c.pbi = -1, -1, -1, -1, -1
	fields := strings.Split(strings.TrimSpace(strings.TrimPrefix(er.sc.Text(), "\ufeff")), ",")
	c.n = len(fields)
	known := 0
	var unknown []int
	for i, f := range fields {
		var col *int
		switch strings.ToLower(strings.TrimSpace(f)) {
		case "nik":
			col = &c.nik
		case "kk":
			col = &c.kk
		case "status":
			col = &c.status
		case "date":
			col = &c.date
		case "pbi":
			col = &c.pbi
		default:
			unknown = append(unknown, i)
			continue
		}
		if *col >= 0 {
			return er.fail("column %s is named twice (columns %d and %d)", strings.ToLower(strings.TrimSpace(f)), *col+1, i+1)
		}
		*col = i
		known++
	}
	if known == 0 {
		// The row is not quoted: a headerless extract's first row holds a NIK.
		return er.fail("the first line must be a header naming the columns nik and status (nik,kk,status,date); it names %d columns, none of them nik and status: is the header missing?", c.n)
	}
	if len(unknown) > 0 && !opts.IgnoreUnknownColumns {
		i := unknown[0]
		name := strings.TrimSpace(fields[i])
		msg := fmt.Sprintf("unknown column %q (column %d): the columns of an extract are %s", mask.Digits(name), i+1, strings.Join(ExtractColumns, ", "))
		if m := closeColumn(name, c); m != "" {
			msg += "; did you mean " + m + "?"
		}
		if len(unknown) > 1 {
			msg += fmt.Sprintf(" (%d unknown columns in all)", len(unknown))
		}
		return er.fail("%s; to ignore unknown columns, pass --ignore-unknown-columns (ExtractOptions.IgnoreUnknownColumns)", msg)
	}
	for _, req := range []struct {
		name string
		col  int
	}{{"nik", c.nik}, {"status", c.status}} {
		if req.col < 0 {
			return er.fail("the header has no column %s (the columns of an extract are %s; nik and status are required)", req.name, strings.Join(ExtractColumns, ", "))
		}
	}
	return nil
}

// closeColumn returns the known column, not yet in the header, that name
// most likely means: one that name holds or that holds it (is_pbi, pbi),
// or one a few edits away (satus, stauts: status; a third of its length,
// at least one); "" when none.
func closeColumn(name string, c *struct{ nik, kk, status, date, pbi, n int }) string {
	name = strings.ToLower(name)
	free := map[string]bool{"nik": c.nik < 0, "kk": c.kk < 0, "status": c.status < 0, "date": c.date < 0, "pbi": c.pbi < 0}
	best, bestD := "", 3
	for _, k := range ExtractColumns {
		if !free[k] {
			continue
		}
		d, most := editDistance(name, k), max(1, len(k)/3)
		if d > most && len(k) >= 3 && strings.Contains(name, k) {
			d = most
		}
		if d <= most && d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance of a and b, by rune.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 {
		return len(ra) // a column name is short: no match
	}
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// Rows returns the number of rows read so far.
func (er *ExtractReader) Rows() int { return er.rows }

// Next returns the next row, or io.EOF after the last. Blank lines are
// skipped.
func (er *ExtractReader) Next() (Record, error) {
	for er.sc.Scan() {
		er.line++
		b := er.sc.Bytes()
		if len(bytes.TrimSpace(b)) == 0 {
			continue
		}
		var rec Record
		var err error
		if er.format == CSV {
			rec, err = er.csvRow(b)
		} else {
			rec, err = er.jsonRow(b)
		}
		if err != nil {
			return Record{}, err
		}
		if er.rows > 0 {
			switch cmp := bytes.Compare(rec.NIK.d[:], er.prev.d[:]); {
			case cmp == 0:
				return Record{}, er.fail("NIK %s appears twice", rec.NIK)
			case cmp < 0:
				return Record{}, er.fail("NIK %s comes after %s: rows must be in ascending order of NIK", rec.NIK, er.prev)
			}
		}
		er.prev = rec.NIK
		er.rows++
		return rec, nil
	}
	if err := er.sc.Err(); err != nil {
		return Record{}, er.scanError(er.line+1, err)
	}
	return Record{}, io.EOF
}

// csvRow splits a row on commas. Extracts hold codes and dates only, so
// quoted fields are not supported: a quote is an error, not a guess.
func (er *ExtractReader) csvRow(b []byte) (Record, error) {
	if bytes.IndexByte(b, '"') >= 0 {
		return Record{}, er.fail("quoted fields are not supported in an extract")
	}
	b = bytes.TrimRight(b, "\r")
	var fields [16][]byte
	n := 0
	for start := 0; ; {
		i := bytes.IndexByte(b[start:], ',')
		if n < len(fields) {
			if i < 0 {
				fields[n] = b[start:]
			} else {
				fields[n] = b[start : start+i]
			}
		}
		n++
		if i < 0 {
			break
		}
		start += i + 1
	}
	c := &er.cols
	if n != c.n {
		return Record{}, er.fail("%d fields, the header has %d", n, c.n)
	}
	if c.nik >= len(fields) || c.status >= len(fields) || c.kk >= len(fields) || c.date >= len(fields) || c.pbi >= len(fields) {
		return Record{}, er.fail("too many columns")
	}
	var rec Record
	var err error
	if rec.NIK, err = parseNIK(fields[c.nik]); err != nil {
		return Record{}, &ExtractError{Name: er.name, Line: er.line, Msg: "nik: " + err.Error(), Err: err}
	}
	st, ok := parseStatusBytes(fields[c.status])
	if !ok {
		return Record{}, er.fail("status %q is not resident, born, moved_in, died, moved_out or invalid", fields[c.status])
	}
	rec.Status = st
	if c.kk >= 0 && len(fields[c.kk]) > 0 {
		if !isDigits(fields[c.kk], 16) {
			return Record{}, er.fail("kk: a KK number has 16 digits")
		}
		rec.KK = string(fields[c.kk])
	}
	if c.pbi >= 0 {
		switch string(fields[c.pbi]) {
		case "", "false", "0":
		case "true", "1":
			rec.PBI = true
		default:
			return Record{}, er.fail("pbi %q is not true, false, 1 or 0", fields[c.pbi])
		}
	}
	if c.date >= 0 && len(fields[c.date]) > 0 {
		if rec.Date, err = rules.ParseDate(string(fields[c.date])); err != nil {
			return Record{}, &ExtractError{Name: er.name, Line: er.line, Msg: "date: " + err.Error(), Err: err}
		}
	}
	return rec, nil
}

func (er *ExtractReader) jsonRow(b []byte) (Record, error) {
	var rec Record
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rec); err != nil {
		return Record{}, &ExtractError{Name: er.name, Line: er.line, Msg: jsonFieldError(b, err).Error(), Err: err}
	}
	if err := keysError(b, recordType); err != nil {
		return Record{}, &ExtractError{Name: er.name, Line: er.line, Msg: err.Error(), Err: err.(*rules.FieldError).Err}
	}
	if rec.NIK.IsZero() {
		return Record{}, er.fail("nik: required")
	}
	st, ok := parseStatus(string(rec.Status))
	if ok {
		rec.Status = st
	}
	if !ok {
		return Record{}, er.fail("status %q is not resident, born, moved_in, died, moved_out or invalid", rec.Status)
	}
	if rec.KK != "" && !isDigits(rec.KK, 16) {
		return Record{}, er.fail("kk: a KK number has 16 digits")
	}
	return rec, nil
}

// ChangeKind is an addition to or a removal from the participant list.
type ChangeKind string

// The change kinds (penambahan and pengurangan peserta, Perda 9/2018
// Ps.10(1)).
const (
	Added   ChangeKind = "added"
	Removed ChangeKind = "removed"
)

// Change is one addition or removal between two extracts, with its reason
// and the article it rests on.
type Change struct {
	Kind   ChangeKind `json:"change"`
	NIK    NIK        `json:"nik"`
	KK     string     `json:"kk,omitempty"`
	Reason string     `json:"reason"` // died, moved_out, no_longer_valid, became_pbi, born, new_resident, newly_eligible, left_pbi
	Date   rules.Date `json:"date,omitzero"`
	Ref    string     `json:"ref"`
}

// Summary counts what a reconciliation saw and found.
type Summary struct {
	Previous  int            `json:"previous_rows"`
	Current   int            `json:"current_rows"`
	Added     int            `json:"added"`
	Removed   int            `json:"removed"`
	Unchanged int            `json:"unchanged_participants"`
	ByReason  map[string]int `json:"by_reason"`
}

// Reconcile compares two registry extracts, both in ascending order of
// NIK, under the rules in force on the snapshot's date (the date of the
// current extract), and calls emit for each participant added or removed
// between them (rekonsiliasi, Perda 9/2018 Ps.1(28), Ps.10): a participant
// in previous who in current has died, moved out, lost validity, become a
// PBI member of JKN (where the rulebook excludes PBI members) or is missing
// is removed; a participant in current who was not one in previous is
// added, as born, as a new resident, as newly eligible (valid again) or as
// having left PBI. The reasons and their citations are the rulebook's
// (participants.removal_reasons, participants.addition_reasons); a change
// whose reason the rulebook does not list on the date is an error. It
// reads both streams once, in constant memory whatever their size, and
// stops at the first bad row or the first error emit returns.
//
// It also stops when ctx is cancelled, checking it between rows (a read
// already blocked in an extract is not interrupted), and then returns an
// error wrapping ctx.Err() that names the rows of each extract read so
// far; the Summary is then partial, with no row counts.
func Reconcile(ctx context.Context, s rules.Snapshot, previous, current *ExtractReader, emit func(Change) error) (Summary, error) {
	sum := Summary{ByReason: map[string]int{}}
	rc, err := newReconciler(s)
	if err != nil {
		return sum, err
	}
	next := func(er *ExtractReader) (Record, bool, error) {
		r, err := er.Next()
		if err == io.EOF {
			return Record{}, false, nil
		}
		return r, err == nil, err
	}
	p, pok, err := next(previous)
	if err != nil {
		return sum, err
	}
	c, cok, err := next(current)
	if err != nil {
		return sum, err
	}
	out := func(ch Change) error {
		if ch.Kind == Added {
			sum.Added++
		} else {
			sum.Removed++
		}
		sum.ByReason[ch.Reason]++
		return emit(ch)
	}
	cancelled := ctx.Done() // nil when ctx is never cancelled
	for pok || cok {
		if cancelled != nil {
			select {
			case <-cancelled:
				return sum, fmt.Errorf("eligibility: reconciliation stopped having read %d rows of the previous extract and %d of the current one: %w", previous.Rows(), current.Rows(), ctx.Err())
			default:
			}
		}
		var cmp int
		switch {
		case !cok:
			cmp = -1
		case !pok:
			cmp = 1
		default:
			cmp = bytes.Compare(p.NIK.d[:], c.NIK.d[:])
		}
		var ch Change
		var have bool
		switch {
		case cmp < 0: // only in previous
			if rc.participant(p) {
				ch, have = Change{Kind: Removed, NIK: p.NIK, KK: p.KK, Reason: "no_longer_valid"}, true
			}
		case cmp > 0: // only in current
			if rc.participant(c) {
				ch, have = addition(nil, c), true
			}
		default:
			switch pp, cp := rc.participant(p), rc.participant(c); {
			case pp && !cp:
				ch, have = rc.removal(c), true
			case !pp && cp:
				ch, have = addition(&p, c), true
			case pp:
				sum.Unchanged++
			}
		}
		if have {
			if err := rc.cite(&ch); err != nil {
				return sum, err
			}
		}
		if have {
			if err := out(ch); err != nil {
				return sum, err
			}
		}
		if cmp <= 0 {
			if p, pok, err = next(previous); err != nil {
				return sum, err
			}
		}
		if cmp >= 0 {
			if c, cok, err = next(current); err != nil {
				return sum, err
			}
		}
	}
	sum.Previous, sum.Current = previous.Rows(), current.Rows()
	return sum, nil
}

// reconciler holds the rulebook's lists for one reconciliation.
type reconciler struct {
	removals, additions *rules.Value
	pbi                 *rules.Value // participants.pbi_exclusion.payers; nil before it is in force
	pbiExcluded         bool
}

var reconcileParams = paramset.New(
	"participants.removal_reasons",
	"participants.addition_reasons",
	"participants.pbi_exclusion.payers",
)

func newReconciler(s rules.Snapshot) (*reconciler, error) {
	if s.IsZero() {
		return nil, rules.ErrZeroSnapshot
	}
	var prov rules.Provenance
	r := reconcileParams.Reader(s, &prov)
	rc := &reconciler{}
	var err error
	if rc.removals, err = r.Lookup(0); err != nil {
		return nil, err
	}
	if rc.additions, err = r.Lookup(1); err != nil {
		return nil, err
	}
	if v := r.Get(2); v != nil {
		rc.pbi, rc.pbiExcluded = v, len(v.List()) > 0
	}
	return rc, nil
}

// participant tells whether the row makes a participant: a living
// resident, not a PBI member where PBI members are excluded.
func (rc *reconciler) participant(r Record) bool {
	return r.Status.participant() && !(r.PBI && rc.pbiExcluded)
}

func (rc *reconciler) removal(c Record) Change {
	ch := Change{Kind: Removed, NIK: c.NIK, KK: c.KK, Date: c.Date}
	switch c.Status {
	case StatusDied:
		ch.Reason = "died"
	case StatusMovedOut:
		ch.Reason = "moved_out"
	case StatusInvalid:
		ch.Reason = "no_longer_valid"
	default: // still a resident, now a PBI member
		ch.Reason = "became_pbi"
	}
	return ch
}

// addition is the change for c, a participant now; p is the person's
// previous row, if any.
func addition(p *Record, c Record) Change {
	ch := Change{Kind: Added, NIK: c.NIK, KK: c.KK, Date: c.Date, Reason: "new_resident"}
	switch {
	case c.Status == StatusBorn:
		ch.Reason = "born"
	case p != nil && p.Status.participant(): // a resident before, a PBI member then
		ch.Reason = "left_pbi"
	case p != nil && p.Status == StatusInvalid:
		ch.Reason = "newly_eligible"
	}
	return ch
}

// cite gives the change the citation of the rule that makes it: the
// rulebook's list of reasons, or for a resident who became or stopped
// being a PBI member the PBI exclusion (participants.pbi_exclusion.payers);
// an error if that rule does not hold its reason on the date.
func (rc *reconciler) cite(ch *Change) error {
	if ch.Reason == "became_pbi" || ch.Reason == "left_pbi" {
		if !rc.pbiExcluded {
			return fmt.Errorf("eligibility: %s %s (%s): participants.pbi_exclusion.payers excludes no PBI member on the date", ch.Kind, ch.NIK, ch.Reason)
		}
		ch.Ref = rc.pbi.Ref
		return nil
	}
	list := rc.removals
	if ch.Kind == Added {
		list = rc.additions
	}
	if !list.Contains(ch.Reason) {
		return fmt.Errorf("eligibility: %s %s (%s): %s (from %s: %s) holds no reason %q",
			ch.Kind, ch.NIK, ch.Reason, list.Path, list.From, list.Display(), ch.Reason)
	}
	ch.Ref = list.Ref
	return nil
}
