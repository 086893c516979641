package eligibility

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// on2019 is the snapshot a reconciliation of February 2019 runs on.
var on2019 = rules.Default().At(rules.MustParseDate("2019-02-28"))

func reader(t testing.TB, name, data string, f Format) *ExtractReader {
	t.Helper()
	er, err := NewExtractReader(strings.NewReader(data), f, name)
	require.NoError(t, err)
	return er
}

// TestReconcile: one row per reason of Perda 9/2018 Ps.10(2) and (3).
func TestReconcile(t *testing.T) {
	prev := `nik,kk,status,date
3275011203850002,3275010101170001,resident,
3275014508900001,3275010101170001,resident,
3275015001500005,3275010101170009,resident,
3275016001600006,3275010101170009,resident,
3275017001700007,3275010101170009,moved_out,2018-01-02
3275051203800008,3275050202170002,resident,
`
	cur := `nik,kk,status,date,name
3275011203850002,3275010101170001,resident,,ignored column
3275012010180003,3275010101170001,born,2018-10-20,
3275014508900001,3275010101170001,died,2019-02-01,
3275015001500005,3275010101170009,moved_out,2019-01-15,
3275016001600006,3275010101170009,invalid,2019-01-31,
3275017001700007,3275010101170009,moved_in,2019-02-10,
3275090101900009,3275090202190003,moved_in,2019-02-11,
`
	var got []string
	curR, err := NewExtractReaderWith(strings.NewReader(cur), CSV, "cur.csv", ExtractOptions{IgnoreUnknownColumns: true})
	require.NoError(t, err)
	sum, err := Reconcile(context.Background(), on2019, reader(t, "prev.csv", prev, CSV), curR, func(c Change) error {
		got = append(got, fmt.Sprintf("%s %s %s %s %s", c.Kind, c.NIK.Digits(), c.Reason, c.Date, c.Ref))
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, []string{
		"added 3275012010180003 born 2018-10-20 Perda 9/2018 Ps.10(3), Ps.7(1)-(2)",
		"removed 3275014508900001 died 2019-02-01 Perda 9/2018 Ps.10(2)",
		"removed 3275015001500005 moved_out 2019-01-15 Perda 9/2018 Ps.10(2)",
		"removed 3275016001600006 no_longer_valid 2019-01-31 Perda 9/2018 Ps.10(2)",
		"added 3275017001700007 new_resident 2019-02-10 Perda 9/2018 Ps.10(3), Ps.7(1)-(2)",
		"removed 3275051203800008 no_longer_valid  Perda 9/2018 Ps.10(2)",
		"added 3275090101900009 new_resident 2019-02-11 Perda 9/2018 Ps.10(3), Ps.7(1)-(2)",
	}, got)
	assert.Equal(t, Summary{Previous: 6, Current: 7, Added: 3, Removed: 4, Unchanged: 1,
		ByReason: map[string]int{"born": 1, "died": 1, "moved_out": 1, "no_longer_valid": 2, "new_resident": 2}}, sum)
}

func TestReconcileJSONLines(t *testing.T) {
	prev := `{"nik":"3275014508900001","status":"resident"}

{"nik":"3275051203800008","kk":"3275050202170002","status":"resident"}
`
	cur := `{"nik":"3275014508900001","status":"resident"}
{"nik":"3275051203800008","kk":"3275050202170002","status":"died","date":"2019-03-01"}
`
	var got []Change
	sum, err := Reconcile(context.Background(), on2019, reader(t, "p.jsonl", prev, JSONLines), reader(t, "c.jsonl", cur, JSONLines), func(c Change) error {
		got = append(got, c)
		return nil
	})
	require.NoError(t, err)
	require.Len(t, got, 1)
	assert.Equal(t, "died", got[0].Reason)
	assert.Equal(t, "2019-03-01", got[0].Date.String())
	assert.Equal(t, 1, sum.Unchanged)
}

func TestReconcileBadInput(t *testing.T) {
	tests := []struct {
		name, data string
		format     Format
		line       int
		msg        string
	}{
		{"out of order", "nik,status\n3275051203800008,resident\n3275014508900001,resident\n", CSV, 3, "ascending order"},
		{"duplicate", "nik,status\n3275014508900001,resident\n3275014508900001,died\n", CSV, 3, "appears twice"},
		{"15-digit NIK", "nik,status\n327501450890000,resident\n", CSV, 2, "16 digits"},
		{"unknown status", "nik,status\n3275014508900001,alive\n", CSV, 2, `status "alive"`},
		{"bad date", "nik,status,date\n3275014508900001,died,2019-02-30\n", CSV, 2, "no such calendar date"},
		{"short KK", "nik,kk,status\n3275014508900001,123,resident\n", CSV, 2, "16 digits"},
		{"field count", "nik,status\n3275014508900001,resident,extra\n", CSV, 2, "3 fields, the header has 2"},
		{"quoted", "nik,status\n\"3275014508900001\",resident\n", CSV, 2, "quoted"},
		{"unknown JSON field", `{"nik":"3275014508900001","stauts":"resident"}`, JSONLines, 1, "stauts"},
		{"JSON bad NIK", `{"nik":"32750145089000x1","status":"resident"}`, JSONLines, 1, "nik"},
		{"JSON without NIK", `{"status":"resident"}`, JSONLines, 1, "nik: required"},
		// A row over MaxExtractRow stops the reading with its line and
		// the limit named: the person on it is not silently dropped.
		{"row over the limit", "nik,status\n3275014508900001,resident\n\n3275014508900002," + strings.Repeat("x", MaxExtractRow) + "\n3275014508900003,resident\n", CSV, 4, "the limit MaxExtractRow"},
		{"JSON row over the limit", `{"nik":"3275014508900001","status":"resident"}` + "\n" + strings.Repeat(" ", MaxExtractRow+1), JSONLines, 2, "longer than 65536 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			er := reader(t, "x", tt.data, tt.format)
			var err error
			for err == nil {
				_, err = er.Next()
			}
			require.NotErrorIs(t, err, io.EOF)
			assert.ErrorIs(t, err, ErrExtract)
			var ee *ExtractError
			require.True(t, errors.As(err, &ee))
			assert.Equal(t, tt.line, ee.Line)
			assert.Contains(t, err.Error(), tt.msg)
			assert.NotContains(t, err.Error(), "01450890", "NIKs are masked in errors")
		})
	}
	_, err := NewExtractReader(strings.NewReader(""), CSV, "empty.csv")
	assert.ErrorIs(t, err, ErrExtract)
	_, err = NewExtractReader(strings.NewReader("name,kk\n"), CSV, "h.csv")
	assert.ErrorContains(t, err, `h.csv:1: unknown column "name" (column 1)`)
	_, err = NewExtractReader(strings.NewReader("kk,status\n"), CSV, "h.csv")
	assert.EqualError(t, err, "h.csv:1: the header has no column nik (the columns of an extract are nik, kk, status, date, pbi; nik and status are required)")

	// An error from emit stops the run.
	stop := errors.New("stop")
	_, err = Reconcile(context.Background(), on2019, reader(t, "p", "nik,status\n", CSV), reader(t, "c", "nik,status\n3275014508900001,born\n", CSV), func(Change) error { return stop })
	assert.ErrorIs(t, err, stop)
}

// extract generates a sorted CSV extract of n rows on the fly: a registry
// of any size in constant memory. Every 50th person has died and every
// 97th is born in the current one.
type extract struct {
	n, i    int
	current bool
	buf     []byte
}

func (e *extract) Read(p []byte) (int, error) {
	for len(e.buf) < len(p) && e.i <= e.n {
		if e.i == 0 {
			e.buf = append(e.buf, "nik,kk,status,date\n"...)
			e.i++
			continue
		}
		status, date := "resident", ""
		switch {
		case e.current && e.i%50 == 0:
			status, date = "died", "2019-02-01"
		case e.i%97 == 0 && !e.current:
			e.i++
			continue
		case e.i%97 == 0:
			status, date = "born", "2019-01-05"
		}
		// 3275 01 DD MM YY serial: a valid NIK for each i, ascending with i.
		k := e.i / 9999
		e.buf = fmt.Appendf(e.buf, "327501%02d%02d%02d%04d,3275010101170001,%s,%s\n", 1+k/1200%28, 1+k/100%12, k%100, 1+e.i%9999, status, date)
		e.i++
	}
	if len(e.buf) == 0 {
		return 0, io.EOF
	}
	n := copy(p, e.buf)
	e.buf = e.buf[:copy(e.buf, e.buf[n:])]
	return n, nil
}

func TestGeneratedExtractIsSorted(t *testing.T) {
	prev, err := NewExtractReader(&extract{n: 30000}, CSV, "prev")
	require.NoError(t, err)
	cur, err := NewExtractReader(&extract{n: 30000, current: true}, CSV, "cur")
	require.NoError(t, err)
	sum, err := Reconcile(context.Background(), on2019, prev, cur, func(Change) error { return nil })
	require.NoError(t, err)
	assert.Equal(t, 30000/97-30000/(50*97), sum.ByReason["born"], "one in 97 born, less those who also died")
	assert.Equal(t, 30000/50-30000/(50*97), sum.ByReason["died"])
}

// BenchmarkReconcile reconciles two city-sized extracts of 3 million rows
// each and reports rows per second.
func BenchmarkReconcile(b *testing.B) {
	const rows = 3_000_000
	// Generated once, outside the timing: about 150 MB each.
	prevData, _ := io.ReadAll(&extract{n: rows})
	curData, _ := io.ReadAll(&extract{n: rows, current: true})
	b.SetBytes(int64(len(prevData) + len(curData)))
	for b.Loop() {
		prev, _ := NewExtractReader(bytes.NewReader(prevData), CSV, "prev")
		cur, _ := NewExtractReader(bytes.NewReader(curData), CSV, "cur")
		if _, err := Reconcile(context.Background(), on2019, prev, cur, func(Change) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(2*rows*b.N)/b.Elapsed().Seconds(), "rows/s")
}

// TestReconcileEligibleAndPBI: "Penambahan peserta ... adalah setiap
// kejadian yang menyebabkan seseorang ... memenuhi kriteria menjadi peserta"
// (Perda 9/2018 Ps.10(3)): a person valid again is added; a resident who
// becomes a PBI member of JKN leaves ("selain Peserta PBI", Ps.7(1)), and
// one who leaves PBI comes back.
func TestReconcileEligibleAndPBI(t *testing.T) {
	prev := `nik,status,pbi
3275011203850002,resident,
3275014508900001,invalid,
3275015001500005,resident,true
3275016001600006,resident,
`
	cur := `nik,status,pbi
3275011203850002,resident,true
3275014508900001,resident,false
3275015001500005,resident,0
3275016001600006,no_longer_valid,
`
	var got []string
	sum, err := Reconcile(context.Background(), on2019, reader(t, "p", prev, CSV), reader(t, "c", cur, CSV), func(c Change) error {
		got = append(got, fmt.Sprintf("%s %s %s", c.Kind, c.Reason, c.Ref))
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, []string{
		"removed became_pbi Perda 9/2018 Ps.7(1), Ps.14(5)",
		"added newly_eligible Perda 9/2018 Ps.10(3), Ps.7(1)-(2)",
		"added left_pbi Perda 9/2018 Ps.7(1), Ps.14(5)",
		"removed no_longer_valid Perda 9/2018 Ps.10(2)",
	}, got)
	assert.Equal(t, map[string]int{"became_pbi": 1, "newly_eligible": 1, "left_pbi": 1, "no_longer_valid": 1}, sum.ByReason)

	// The same in JSON Lines, where no_longer_valid is the status's other name.
	got = nil
	_, err = Reconcile(context.Background(), on2019, reader(t, "p.jsonl", `{"nik":"3275016001600006","status":"resident"}`+"\n", JSONLines),
		reader(t, "c.jsonl", `{"nik":"3275016001600006","status":"no_longer_valid"}`+"\n", JSONLines), func(c Change) error {
			got = append(got, fmt.Sprintf("%s %s", c.Kind, c.Reason))
			return nil
		})
	require.NoError(t, err)
	assert.Equal(t, []string{"removed no_longer_valid"}, got)

	// Under Perwal 27.A/2017 (from 2017-05-15) the reasons are its own;
	// under Perwal 115/2016, the day before, a birth is not yet one.
	got = nil
	_, err = Reconcile(context.Background(), rules.Default().At(rules.MustParseDate("2017-05-15")),
		reader(t, "p", "nik,status\n3275011203850002,resident\n", CSV),
		reader(t, "c", "nik,status,date\n3275011203850002,died,2017-05-10\n", CSV), func(c Change) error {
			got = append(got, fmt.Sprintf("%s %s %s", c.Kind, c.Reason, c.Ref))
			return nil
		})
	require.NoError(t, err)
	// A death cites the rule that removes the dead, not the Dinkes
	// statement on JKN members (participants.pbi_exclusion.payers).
	assert.Equal(t, []string{"removed died Perwal 27.A/2017 Ps.1(13), Ps.4a"}, got)
	_, err = Reconcile(context.Background(), rules.Default().At(rules.MustParseDate("2017-05-14")),
		reader(t, "p", "nik,status\n", CSV), reader(t, "c", "nik,status\n3275012010170003,born\n", CSV), func(Change) error { return nil })
	assert.ErrorContains(t, err, `participants.addition_reasons (from 2017-01-01: new_resident, newly_eligible) holds no reason "born"`)
	_, err = Reconcile(context.Background(), rules.Default().At(rules.MustParseDate("2016-12-31")), reader(t, "p", "nik,status\n", CSV), reader(t, "c", "nik,status\n", CSV), func(Change) error { return nil })
	assert.Error(t, err, "no rules before 2017")
	_, err = Reconcile(context.Background(), rules.Snapshot{}, reader(t, "p", "nik,status\n", CSV), reader(t, "c", "nik,status\n", CSV), func(Change) error { return nil })
	assert.ErrorIs(t, err, rules.ErrZeroSnapshot)

	_, err = NewExtractReader(strings.NewReader("nik,status,pbi\n3275011203850002,resident,ya\n"), CSV, "x")
	require.NoError(t, err)
	er := reader(t, "x", "nik,status,pbi\n3275011203850002,resident,ya\n", CSV)
	_, err = er.Next()
	assert.ErrorContains(t, err, `x:2: pbi "ya" is not true, false, 1 or 0`)
}

// An unknown or misspelt column was ignored: with is_pbi in place of pbi,
// a person who became a PBI member was kept. It is an error naming the
// column and the close match; IgnoreUnknownColumns reads it as before.
func TestReconcileUnknownColumn(t *testing.T) {
	prev := "nik,kk,status,pbi\n3275014508900001,3275010101170001,resident,false\n"
	tests := []struct{ header, want string }{
		{"nik,kk,status,is_pbi", `c.csv:1: unknown column "is_pbi" (column 4): the columns of an extract are nik, kk, status, date, pbi; did you mean pbi?; to ignore unknown columns, pass --ignore-unknown-columns (ExtractOptions.IgnoreUnknownColumns)`},
		{"nik,kk,satus,pbi", `c.csv:1: unknown column "satus" (column 3): the columns of an extract are nik, kk, status, date, pbi; did you mean status?; to ignore unknown columns, pass --ignore-unknown-columns (ExtractOptions.IgnoreUnknownColumns)`},
		{"nik,kk,status,PBI_member", `c.csv:1: unknown column "PBI_member" (column 4): the columns of an extract are nik, kk, status, date, pbi; did you mean pbi?; to ignore unknown columns, pass --ignore-unknown-columns (ExtractOptions.IgnoreUnknownColumns)`},
		{"nik,kk,status,tanggal", `c.csv:1: unknown column "tanggal" (column 4): the columns of an extract are nik, kk, status, date, pbi; to ignore unknown columns, pass --ignore-unknown-columns (ExtractOptions.IgnoreUnknownColumns)`},
		{"nik,kk,status,x,y", `c.csv:1: unknown column "x" (column 4): the columns of an extract are nik, kk, status, date, pbi (2 unknown columns in all); to ignore unknown columns, pass --ignore-unknown-columns (ExtractOptions.IgnoreUnknownColumns)`},
		{"nik,kk,status,", `c.csv:1: unknown column "" (column 4): the columns of an extract are nik, kk, status, date, pbi; to ignore unknown columns, pass --ignore-unknown-columns (ExtractOptions.IgnoreUnknownColumns)`},
		{"nik,kk,status,3275014508900001", `c.csv:1: unknown column "3275**********01" (column 4)`},
		{"nik,kk,status,pbi,PBI", `c.csv:1: column pbi is named twice (columns 4 and 5)`},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			cur := tt.header + "\n3275014508900001,3275010101170001,resident,true" + strings.Repeat(",", strings.Count(tt.header, ",")-3) + "\n"
			_, err := NewExtractReader(strings.NewReader(cur), CSV, "c.csv")
			require.ErrorIs(t, err, ErrExtract)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), "01450890")
		})
	}

	// With the column spelt right, the person who became PBI is removed.
	cur := "nik,kk,status,pbi\n3275014508900001,3275010101170001,resident,true\n"
	var got []string
	_, err := Reconcile(context.Background(), on2019, reader(t, "p.csv", prev, CSV), reader(t, "c.csv", cur, CSV), func(c Change) error {
		got = append(got, string(c.Kind)+" "+c.Reason)
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, []string{"removed became_pbi"}, got)

	// Ignoring is explicit: then is_pbi is read as no column at all.
	cur = "nik,kk,status,is_pbi\n3275014508900001,3275010101170001,resident,true\n"
	c, err := NewExtractReaderWith(strings.NewReader(cur), CSV, "c.csv", ExtractOptions{IgnoreUnknownColumns: true})
	require.NoError(t, err)
	got = nil
	_, err = Reconcile(context.Background(), on2019, reader(t, "p.csv", prev, CSV), c, func(c Change) error {
		got = append(got, string(c.Kind)+" "+c.Reason)
		return nil
	})
	require.NoError(t, err)
	assert.Empty(t, got)
}

// JSON Lines extracts refuse an unknown key, naming it.
func TestReconcileJSONUnknownKey(t *testing.T) {
	for _, row := range []string{
		`{"nik":"3275014508900001","status":"resident","is_pbi":true}`,
		`{"nik":"3275014508900001","status":"resident","PBI":true}`,
	} {
		er := reader(t, "c.jsonl", row+"\n", JSONLines)
		_, err := er.Next()
		require.ErrorIs(t, err, ErrExtract)
		assert.Contains(t, err.Error(), "c.jsonl:1: ")
		assert.Regexp(t, `is_pbi|PBI`, err.Error())
	}
}

// A cancelled context stops a reconciliation between rows: nothing is
// emitted after the cancel, the error wraps context.Canceled and says how
// many rows of each extract were read, and the Summary has no row counts.
func TestReconcileCancelled(t *testing.T) {
	for _, tc := range []struct {
		name     string
		cancelAt int // cancel before the start when 0, else in emit of this change
		msg      string
	}{
		{"before the start", 0, "eligibility: reconciliation stopped having read 1 rows of the previous extract and 1 of the current one: context canceled"},
		// The first change is person 50 (died); the reader has the next
		// row of each extract in hand.
		{"after the first change", 1, "eligibility: reconciliation stopped having read 51 rows of the previous extract and 51 of the current one: context canceled"},
		// The changes are persons 50, 97 (born), 100, 150, 194 (born),
		// 200, 250, 291 (born), 300, 350; the previous extract lacks 97,
		// 194 and 291: 350-3+1 rows of it read, 350+1 of the current.
		{"after ten changes", 10, "eligibility: reconciliation stopped having read 348 rows of the previous extract and 351 of the current one: context canceled"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			prev, err := NewExtractReader(&extract{n: 3000}, CSV, "prev")
			require.NoError(t, err)
			cur, err := NewExtractReader(&extract{n: 3000, current: true}, CSV, "cur")
			require.NoError(t, err)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tc.cancelAt == 0 {
				cancel()
			}
			n := 0
			sum, err := Reconcile(ctx, on2019, prev, cur, func(Change) error {
				n++
				if n == tc.cancelAt {
					cancel()
				}
				return nil
			})
			require.ErrorIs(t, err, context.Canceled)
			assert.EqualError(t, err, tc.msg)
			assert.Equal(t, tc.cancelAt, n, "changes emitted")
			assert.Equal(t, tc.cancelAt, sum.Added+sum.Removed)
			assert.Zero(t, sum.Previous, "no row counts after a cancel")
			assert.Zero(t, sum.Current)
		})
	}
}
