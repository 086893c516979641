package kartusehat

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/internal/jsonout"
	"github.com/kartusehat/kartusehat/tariff"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// compactFile reads a testdata input as one JSON line.
func compactFile(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile("examples/testdata/" + name)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, json.Compact(&buf, b))
	return buf.String()
}

func defaultEngine(t testing.TB, opts ...Option) *Engine {
	t.Helper()
	e, err := Default(opts...)
	require.NoError(t, err)
	return e
}

// TestLineReaderLongLines: lines far longer than the reader's buffer are
// read whole up to the limit, and skipped past it, never lost.
func TestLineReaderLongLines(t *testing.T) {
	long := strings.Repeat("a", 200<<10)
	in := "x\n" + long + "\n" + long + "b\n" + "y"
	lr := &lineReader{br: bufio.NewReaderSize(strings.NewReader(in), 16), limit: len(long)}
	var got []string
	for {
		l, over, err := lr.next()
		if err != nil {
			break
		}
		if over {
			got = append(got, "OVER")
		} else {
			got = append(got, string(l))
		}
	}
	require.Len(t, got, 4)
	assert.Equal(t, "x", got[0])
	assert.Equal(t, long, got[1])
	assert.Equal(t, "OVER", got[2])
	assert.Equal(t, "y", got[3])
}

// flushRecorder is a writer that can flush, as an http.ResponseWriter.
type flushRecorder struct {
	bytes.Buffer
	flushes []int // the lines written at each flush
}

func (f *flushRecorder) Flush() { f.flushes = append(f.flushes, strings.Count(f.String(), "\n")) }

// TestBatchStreams: a writer that can flush gets each line as it is
// decided, for the server.
func TestBatchStreams(t *testing.T) {
	in := `{"service_end": "2019-03-20", "membership": "card", "documents": []}` + "\n" + `{}` + "\n" + `x` + "\n"
	var w flushRecorder
	var summary bytes.Buffer
	op, _ := OpNamed("claim")
	st, err := defaultEngine(t).RunBatch(context.Background(), op, strings.NewReader(in), &w, BatchOptions{Summary: &summary})
	assert.Equal(t, BatchFailed{Failed: 2}, err)
	assert.Equal(t, BatchStats{OK: 1, Failed: 2}, st)
	assert.Equal(t, []int{1, 2, 3}, w.flushes)
	assert.Equal(t, "kartusehat claim: 3 lines, 1 done, 2 with errors\n", summary.String())
}

// TestBatchCutByContext: a batch whose context is done decides no line
// and says where it was cut.
func TestBatchCutByContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var w bytes.Buffer
	op, _ := OpNamed("claim")
	st, err := defaultEngine(t).RunBatch(ctx, op, strings.NewReader("{}\n{}\n"), &w, BatchOptions{})
	assert.Equal(t, BatchCut{After: 0}, err)
	assert.Equal(t, BatchStats{Cut: true}, st)
	assert.Equal(t, `{"cut_after_line":0,"error":{"code":"interrupted","pointer":"","message":"dihentikan oleh shutdown atau sinyal: batch dipotong setelah baris 0; kirim lagi baris-baris sesudahnya","message_en":"stopped by a shutdown or a signal: the batch was cut after line 0; send the lines after it again"}}`+"\n", w.String())
}

// The batch runner's own JSON writers give the bytes encoding/json's
// Encoder gives, line for line: for eligibility, referral and price,
// good lines and bad, ids of every JSON type (spaced, with <, > and &).
func TestBatchJSONAsEncoder(t *testing.T) {
	facts := compactFile(t, "facts-card-holder.json")
	stay := compactFile(t, "stay-rsud.json")
	episode := compactFile(t, "episode-idul-fitri.json")
	ids := []string{`"a-1"`, `7`, `{ "desk" : "<A&B>" }`, `[1, 2]`, `null`, ``}
	withID := func(id, line string) string {
		if id == "" {
			return line
		}
		return `{"id": ` + id + `,` + line[1:]
	}
	var elig, price, ref strings.Builder
	for i, id := range ids {
		line := `{"date":"2018-06-01","facts":` + facts + `}`
		if i == 3 {
			line = `{"date":"2019-03-01","facts":` + facts + `}` // a resident under the Perda
		}
		elig.WriteString(withID(id, line) + "\n")
		price.WriteString(withID(id, stay) + "\n")
		ref.WriteString(withID(id, episode) + "\n")
	}
	elig.WriteString(`{"id":"bad","date":"2018-06-01","facts":{"person":{}}}` + "\n")
	e := defaultEngine(t, WithTable(synthetic(t)))
	for _, c := range []struct{ op, in string }{{"eligibility", elig.String()}, {"price", price.String()}, {"referral", ref.String()}} {
		op, _ := OpNamed(c.op)
		outputs := [2]string{}
		for i, fast := range []bool{false, true} {
			fastJSON = fast
			var out bytes.Buffer
			_, _ = e.RunBatch(context.Background(), op, strings.NewReader(c.in), &out, BatchOptions{})
			outputs[i] = out.String()
		}
		fastJSON = true
		require.NotEmpty(t, outputs[0], c.op)
		require.Contains(t, outputs[0], `"result"`, c.op)
		require.Equal(t, outputs[0], outputs[1], c.op)
	}
	for _, r := range []any{&eligibility.Decision{}, &referralOutput{}, &priceOutput{}} {
		_, done := appendItem(nil, &batchItem{Line: 1, Result: r})
		require.True(t, done, "%T is written by the fast path", r)
	}
}

// TestKeysOfMaps: a map's keys are the host's, not fields: any case is
// kept; duplicates are found past the small-object list.
func TestKeysOfMaps(t *testing.T) {
	assert.Nil(t, checkKeys([]byte(`{"A":1,"a":2}`), reflect.TypeFor[map[string]int]()))
	assert.Equal(t, "/a", checkKeys([]byte(`[{},{"A":1,"a":2,"a":3}]`), reflect.TypeFor[[]map[string]int]()).Pointer[2:])
	var b strings.Builder
	b.WriteString("{")
	for i := range 40 {
		b.WriteString(`"k` + itoa(i) + `":1,`)
	}
	b.WriteString(`"k33":2}`)
	assert.Equal(t, "/k33", checkKeys([]byte(b.String()), reflect.TypeFor[map[string]int]()).Pointer)
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// BenchmarkCheckKeys: the key check on one eligibility batch line, beside
// the strict decode it follows (the check's cost on a batch).
func BenchmarkCheckKeys(b *testing.B) {
	line := []byte(`{"id":1,"date":"2018-06-01","facts":` + compactFile(b, "facts-card-holder.json") + `}`)
	typ := reflect.TypeFor[*eligibilityInput]()
	b.Run("check", func(b *testing.B) {
		b.SetBytes(int64(len(line)))
		for b.Loop() {
			if checkKeys(line, typ) != nil {
				b.Fatal("refused")
			}
		}
	})
	b.Run("decode", func(b *testing.B) {
		b.SetBytes(int64(len(line)))
		for b.Loop() {
			var in eligibilityInput
			if err := json.Unmarshal(line, &in); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// synthetic is the synthetic INA-CBG table of the examples.
func synthetic(t testing.TB) *tariff.Table {
	t.Helper()
	f, err := os.Open("examples/testdata/inacbg-synthetic.csv")
	require.NoError(t, err)
	defer f.Close()
	tb, err := tariff.LoadTable(f, "inacbg-synthetic.csv", "synthetic INA-CBG table")
	require.NoError(t, err)
	return tb
}

// TestLineAsEncoder: jsonout.Line, which writes the server's answers and
// the CLI's -o jsonl, writes a result that appends its own JSON byte for
// byte as encoding/json's Encoder (HTML left unescaped) writes it, for
// every operation's result on the example inputs.
func TestLineAsEncoder(t *testing.T) {
	facts := compactFile(t, "facts-card-holder.json")
	e := defaultEngine(t, WithTable(synthetic(t)))
	cases := []struct{ op, in string }{
		{"eligibility", `{"date":"2018-06-01","facts":` + facts + `}`},
		{"eligibility", `{"date":"2019-03-01","facts":` + facts + `}`},
		{"referral", compactFile(t, "episode-idul-fitri.json")},
		{"price", compactFile(t, "stay-rsud.json")},
	}
	for _, c := range cases {
		op, _ := OpNamed(c.op)
		_, res, err := e.Do(op, []byte(c.in))
		require.NoError(t, err, c.op)
		var want, got bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		require.NoError(t, enc.Encode(res), c.op)
		require.NoError(t, jsonout.Line(&got, res), c.op)
		require.Equal(t, want.String(), got.String(), c.op)
		require.Contains(t, got.String(), `"provenance"`, c.op)
	}
}
