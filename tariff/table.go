// Package tariff prices a Jamkesda episode: what Dinkes pays, line by line,
// at the INA-CBG tariff, at the hospital's own verified tariff less the
// discount for insidental cases, and at the fixed fees for items outside
// the package (Perda 9/2018 Ps.17; Perwal 27.A/2017 Ps.7, Ps.9; Juknis
// 440/Kep.21/2017 IV.b.2.e-f, IV.d).
//
// Price is a pure function of an Episode, the referral Assessment, a
// rules.Snapshot and an INA-CBG Table. Money is decimal.Decimal at the API
// and whole rupiah inside; rounding happens once per line, with the
// rulebook's rounding mode, and the lines add up exactly to the totals.
package tariff

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"strconv"
	"strings"

	"github.com/kartusehat/kartusehat/rules"
)

// Care is inpatient or outpatient in a tariff row.
type Care uint8

// The care types of a tariff row; CareNone is a top-up's.
const (
	CareNone Care = iota
	CareInpatient
	CareOutpatient
)

func parseCare(s string) (Care, bool) {
	switch s {
	case "":
		return CareNone, true
	case "inpatient":
		return CareInpatient, true
	case "outpatient":
		return CareOutpatient, true
	}
	return 0, false
}

// key identifies one amount of a table.
type key struct {
	code       string
	tariffCode string
	regional   uint8
	class      uint8
	care       Care
}

// Table is an INA-CBG tariff table: amounts in whole rupiah by case-mix
// group or special CMG top-up, hospital tariff code, regional, class and
// care type. It is immutable once loaded and safe for concurrent use.
//
// Its rows hold no pointers (codes are numbered, amounts are int64), so
// that a full table of 130,000 rows costs the garbage collector nothing to
// scan.
type Table struct {
	name      string
	revision  string
	sample    bool
	ref       string
	codes     map[string]uint32 // INA-CBG codes, numbered from 1
	tcodes    []string          // hospital tariff codes (AP ... DS, RSCM), few: numbered by place
	rows      map[rowKey]int64  // whole rupiah
	regionals [6]bool           // regionals 1-5 with rows
}

// rowKey is a key with its codes numbered.
type rowKey struct {
	code, tariffCode uint32
	regional, class  uint8
	care             Care
}

// amount is a row's amount, in whole rupiah.
type amount struct {
	rp int64
}

func newTable(name, ref string, sample bool, rows int) *Table {
	return &Table{name: name, ref: ref, sample: sample, codes: map[string]uint32{}, rows: make(map[rowKey]int64, rows)}
}

// number returns the number of a code, numbering it if new.
func (t *Table) number(code string) uint32 {
	n, ok := t.codes[code]
	if !ok {
		n = uint32(len(t.codes) + 1)
		t.codes[code] = n
	}
	return n
}

// tariffNumber returns the number of a hospital tariff code (from 1), 0
// if the table has none of it.
func (t *Table) tariffNumber(tc string) uint32 {
	for i, c := range t.tcodes {
		if c == tc {
			return uint32(i + 1)
		}
	}
	return 0
}

// put adds a row; it reports false if the table has it already.
func (t *Table) put(k key, rp int64) bool {
	tc := t.tariffNumber(k.tariffCode)
	if tc == 0 {
		t.tcodes = append(t.tcodes, k.tariffCode)
		tc = uint32(len(t.tcodes))
	}
	rk := rowKey{code: t.number(k.code), tariffCode: tc, regional: k.regional, class: k.class, care: k.care}
	if _, dup := t.rows[rk]; dup {
		return false
	}
	t.rows[rk] = rp
	if int(k.regional) < len(t.regionals) {
		t.regionals[k.regional] = true
	}
	return true
}

// hasRegional reports whether the table has rows for the regional.
func (t *Table) hasRegional(r uint8) bool { return int(r) < len(t.regionals) && t.regionals[r] }

// Name returns the table's name (its file name, or its rulebook name).
func (t *Table) Name() string { return t.name }

// Revision returns a content hash of the table's rows (sha256:...), which
// bills record.
func (t *Table) Revision() string { return t.revision }

// Sample reports whether the table is a sample, not a real tariff.
func (t *Table) Sample() bool { return t.sample }

// Len returns the number of rows.
func (t *Table) Len() int { return len(t.rows) }

// Ref returns the table's citation.
func (t *Table) Ref() string { return t.ref }

// lookup returns the amount of a row.
func (t *Table) lookup(k key) (amount, bool) {
	code, ok := t.codes[k.code]
	if !ok {
		return amount{}, false
	}
	tc := t.tariffNumber(k.tariffCode)
	if tc == 0 {
		return amount{}, false
	}
	rp, ok := t.rows[rowKey{code: code, tariffCode: tc, regional: k.regional, class: k.class, care: k.care}]
	return amount{rp: rp}, ok
}

// ErrTable is wrapped by every TableError.
var ErrTable = errors.New("tariff: bad tariff table")

// TableError reports a bad row of a tariff table file, with its line.
type TableError struct {
	Name string
	Line int
	Msg  string
}

// Error implements the error interface.
func (e *TableError) Error() string { return fmt.Sprintf("%s:%d: %s", e.Name, e.Line, e.Msg) }

// Unwrap returns ErrTable.
func (e *TableError) Unwrap() error { return ErrTable }

// LoadTable reads a full INA-CBG tariff table from CSV, streaming: a
// header naming the columns code, tariff_code, regional, class, care and
// amount (in any order; other columns ignored), then one row per amount.
// Lines starting with # are comments.
// class and care are empty for a special CMG top-up. ref is the table's
// citation (the Permenkes it comes from). Every error names the line.
func LoadTable(r io.Reader, name, ref string) (*Table, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), 64<<10)
	t := newTable(name, ref, false, 1<<12)
	h := sha256.New()
	line := 0
	fail := func(format string, args ...any) error {
		return &TableError{Name: name, Line: line, Msg: fmt.Sprintf(format, args...)}
	}
	var col struct{ code, tc, reg, class, care, amount, n int }
	// Lines starting with # are comments (a table says what it is there).
	for {
		if !sc.Scan() {
			if err := sc.Err(); err != nil {
				return nil, &TableError{Name: name, Line: line + 1, Msg: err.Error()}
			}
			return nil, &TableError{Name: name, Line: line + 1, Msg: "empty table: it starts with a header (code,tariff_code,regional,class,care,amount)"}
		}
		line++
		if !bytes.HasPrefix(sc.Bytes(), []byte("#")) {
			break
		}
	}
	header := strings.Split(strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff")), ",")
	col.code, col.tc, col.reg, col.class, col.care, col.amount, col.n = -1, -1, -1, -1, -1, -1, len(header)
	for i, f := range header {
		switch strings.TrimSpace(f) {
		case "code":
			col.code = i
		case "tariff_code":
			col.tc = i
		case "regional":
			col.reg = i
		case "class":
			col.class = i
		case "care":
			col.care = i
		case "amount":
			col.amount = i
		}
	}
	if col.code < 0 || col.tc < 0 || col.reg < 0 || col.class < 0 || col.care < 0 || col.amount < 0 {
		return nil, fail("the header must name code, tariff_code, regional, class, care and amount (found %q)", sc.Text())
	}
	fields := make([][]byte, 0, col.n)
	interned := map[string]string{}
	intern := func(b []byte) string {
		if s, ok := interned[string(b)]; ok { // no allocation on a hit
			return s
		}
		s := strings.ToUpper(string(b))
		interned[string(b)] = s
		return s
	}
	for sc.Scan() {
		line++
		b := bytes.TrimRight(sc.Bytes(), "\r")
		if len(bytes.TrimSpace(b)) == 0 || b[0] == '#' {
			continue
		}
		if bytes.IndexByte(b, '"') >= 0 {
			return nil, fail("quoted fields are not supported in a tariff table")
		}
		fields = fields[:0]
		for {
			i := bytes.IndexByte(b, ',')
			if i < 0 {
				fields = append(fields, b)
				break
			}
			fields = append(fields, b[:i])
			b = b[i+1:]
		}
		if len(fields) != col.n {
			return nil, fail("%d fields, the header has %d", len(fields), col.n)
		}
		k, rp, err := parseRow(fields[col.code], fields[col.tc], fields[col.reg], fields[col.class], fields[col.care], fields[col.amount], intern)
		if err != "" {
			return nil, fail("%s", err)
		}
		if !t.put(k, rp) {
			return nil, fail("row %s %s regional %d class %d given twice", k.code, k.tariffCode, k.regional, k.class)
		}
		hashRow(h, k, rp)
	}
	if err := sc.Err(); err != nil {
		return nil, &TableError{Name: name, Line: line + 1, Msg: err.Error()}
	}
	if len(t.rows) == 0 {
		return nil, fail("no rows")
	}
	t.revision = "sha256:" + hex.EncodeToString(h.Sum(nil))
	return t, nil
}

// parseRow checks and converts one row; it returns a message on error.
// intern turns a code into its upper-case string, once per distinct code.
func parseRow(code, tc, reg, class, care, amount []byte, intern func([]byte) string) (key, int64, string) {
	var k key
	if !validCode(code) {
		return k, 0, fmt.Sprintf("code %q is neither an INA-CBG group (K-1-17-I) nor a special CMG (YY01)", code)
	}
	if len(tc) < 2 || len(tc) > 6 {
		return k, 0, fmt.Sprintf("tariff_code %q is not a hospital tariff code (AP ... DS, RSCM)", tc)
	}
	r, ok := smallInt(reg)
	if !ok || r < 1 || r > 5 {
		return k, 0, fmt.Sprintf("regional %q is not 1-5", reg)
	}
	cl := 0
	if len(class) > 0 {
		if cl, ok = smallInt(class); !ok || cl < 0 || cl > 3 {
			return k, 0, fmt.Sprintf("class %q is not 1-3", class)
		}
	}
	var c Care
	switch string(care) {
	case "":
	case "inpatient":
		c = CareInpatient
	case "outpatient":
		c = CareOutpatient
	default:
		return k, 0, fmt.Sprintf("care %q is not inpatient or outpatient", care)
	}
	if len(amount) > 0 && amount[0] == '-' {
		return k, 0, fmt.Sprintf("negative amount %s", amount)
	}
	if len(amount) == 0 || len(amount) > 15 || !allDigits(amount) {
		return k, 0, fmt.Sprintf("amount %q is not whole rupiah", amount)
	}
	var a int64
	for _, ch := range amount {
		a = a*10 + int64(ch-'0')
	}
	k = key{code: intern(code), tariffCode: intern(tc), regional: uint8(r), class: uint8(cl), care: c}
	return k, a, ""
}

func smallInt(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 3 || !allDigits(b) {
		return 0, false
	}
	n := 0
	for _, ch := range b {
		n = n*10 + int(ch-'0')
	}
	return n, true
}

// hashRow adds a row to the table's revision hash in a canonical form.
func hashRow(h hash.Hash, k key, amount int64) {
	var buf [64]byte
	b := append(buf[:0], k.code...)
	b = append(b, ',')
	b = append(b, k.tariffCode...)
	b = append(b, ',', '0'+k.regional, ',', '0'+k.class, ',', '0'+byte(k.care), ',')
	b = strconv.AppendInt(b, amount, 10)
	b = append(b, '\n')
	h.Write(b)
}

// validCode accepts an INA-CBG group code (letter, digit, group number,
// severity I/II/III or 0: A-4-12-I, K-1-17-I, Q-5-44-0) or a special CMG
// code (two letters and two digits: YY01, RR04, DD01).
func validCode[T string | []byte](b T) bool {
	if len(b) == 4 && isLetter(b[0]) && isLetter(b[1]) && isDigit(b[2]) && isDigit(b[3]) {
		return true
	}
	// L-D-NN-S: letter, digit, one or two digits, severity.
	if len(b) < 7 || !isLetter(b[0]) || b[1] != '-' || !isDigit(b[2]) || b[3] != '-' {
		return false
	}
	rest := b[4:]
	i := -1
	for k := 0; k < len(rest); k++ {
		if rest[k] == '-' {
			i = k
			break
		}
	}
	if i < 1 || i > 2 || !allDigits(rest[:i]) {
		return false
	}
	switch string(rest[i+1:]) {
	case "I", "II", "III", "0", "X", "i", "ii", "iii", "x":
		return true
	}
	return false
}

func isLetter(c byte) bool { return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func allDigits[T string | []byte](b T) bool {
	for k := 0; k < len(b); k++ {
		if !isDigit(b[k]) {
			return false
		}
	}
	return len(b) > 0
}

// RulebookTable returns the rulebook's own tariff table in force on the
// snapshot's date (the embedded Kota Bekasi rulebook has only a sample),
// built once per rulebook.
func RulebookTable(s rules.Snapshot) (*Table, error) {
	tables := s.TariffTables()
	if len(tables) == 0 {
		return nil, fmt.Errorf("tariff: the rulebook has no INA-CBG table in force on %s: load one with LoadTable", s.Date())
	}
	src := tables[len(tables)-1]
	type memoKey struct{ name string }
	t := s.Rulebook().Memo(memoKey{src.Name}, func(*rules.Rulebook) any {
		t := newTable(src.Name, src.Ref, src.Sample, len(src.Rows))
		h := sha256.New()
		for _, r := range src.Rows {
			c, _ := parseCare(r.Care)
			k := key{code: strings.ToUpper(r.Code), tariffCode: strings.ToUpper(r.TariffCode), regional: uint8(r.Regional), class: uint8(r.Class), care: c}
			t.put(k, r.Amount)
			hashRow(h, k, r.Amount)
		}
		t.revision = "sha256:" + hex.EncodeToString(h.Sum(nil))
		return t
	}).(*Table)
	return t, nil
}
