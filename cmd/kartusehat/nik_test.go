package main

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// baseInputs are valid inputs of each operation, as generic JSON.
func baseInputs(t *testing.T) map[string]map[string]any {
	t.Helper()
	load := func(s string) map[string]any {
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(s), &m))
		return m
	}
	return map[string]map[string]any{
		"eligibility": load(`{"date": "2018-06-01", "facts": ` + compact(t, "facts-card-holder.json") + `}`),
		"referral":    load(compact(t, "episode-idul-fitri.json")),
		"price":       load(compact(t, "stay-rsud.json")),
		"claim":       load(`{"service_end": "2019-03-20", "membership": "card", "documents": ["ks_copy"]}`),
	}
}

// setPath sets the value at a help path (a.b[].c) in a generic document,
// making the objects and one-element arrays on the way.
func setPath(doc map[string]any, path string, v any) {
	parts := strings.Split(path, ".")
	cur := doc
	for i, p := range parts {
		last := i == len(parts)-1
		name, arr := strings.CutSuffix(p, "[]")
		if last {
			cur[name] = v
			return
		}
		if arr {
			l, _ := cur[name].([]any)
			if len(l) == 0 {
				l = []any{map[string]any{}}
				cur[name] = l
			}
			m, ok := l[0].(map[string]any)
			if !ok {
				m = map[string]any{}
				l[0] = m
			}
			cur = m
			continue
		}
		m, ok := cur[name].(map[string]any)
		if !ok {
			m = map[string]any{}
			cur[name] = m
		}
		cur = m
	}
}

func clone(m map[string]any) map[string]any {
	b, _ := json.Marshal(m)
	var out map[string]any
	_ = json.Unmarshal(b, &out)
	return out
}

var fullNIK = regexp.MustCompile(`[0-9]{16}`)

// TestNoNIKInErrorsOrLogs puts a NIK into every string field of every
// input type (and in a key), runs each operation single and batch, and
// scans every error, standard error and log line: no full NIK.
func TestNoNIKInErrorsOrLogs(t *testing.T) {
	const nik = "3275016009850003"
	bases := baseInputs(t)
	for _, op := range Ops {
		fields := inputFields(reflect.TypeOf(op.Input()))
		var cases []map[string]any
		for _, f := range fields {
			switch {
			case f.kind == "string", strings.HasPrefix(f.kind, "NIK"), strings.HasPrefix(f.kind, "date"), strings.HasPrefix(f.kind, "amount"), f.kind == "any JSON value":
				doc := clone(bases[op.Name])
				setPath(doc, f.path, nik)
				cases = append(cases, doc)
				doc = clone(bases[op.Name])
				setPath(doc, f.path, "x"+nik+"y")
				cases = append(cases, doc)
			case f.kind == "array of string", f.kind == "array of NIK, 16 digits":
				doc := clone(bases[op.Name])
				setPath(doc, f.path, []any{nik + "0"})
				cases = append(cases, doc)
			}
		}
		require.NotEmpty(t, cases, op.Name)
		doc := clone(bases[op.Name])
		doc[nik] = 1 // a NIK as an unknown key
		cases = append(cases, doc)
		failures := 0
		for _, c := range cases {
			in, _ := json.Marshal(c)
			code, out, errOut := runCmd(t, string(in), op.Name, "--date", "2018-06-01")
			if op.Name != "eligibility" {
				code, out, errOut = runCmd(t, string(in), op.Name)
			}
			if code != 0 {
				failures++
				assert.NotRegexp(t, fullNIK, out, "%s: %s", op.Name, in)
			}
			assert.NotRegexp(t, fullNIK, errOut, "%s: %s", op.Name, in)

			_, out, errOut = runCmd(t, string(in)+"\n", op.Name, "--batch", "--date", "2018-06-01")
			if op.Name != "eligibility" {
				_, out, errOut = runCmd(t, string(in)+"\n", op.Name, "--batch")
			}
			var item struct{ Error json.RawMessage }
			require.NoError(t, json.Unmarshal([]byte(out), &item))
			assert.NotRegexp(t, fullNIK, string(item.Error), "%s: %s", op.Name, in)
			assert.NotRegexp(t, fullNIK, errOut, "%s: %s", op.Name, in)

			// Logged, the decoded input shows no NIK either.
			v := op.Input()
			dec := json.NewDecoder(bytes.NewReader(in))
			dec.DisallowUnknownFields()
			if dec.Decode(v) == nil {
				var logs bytes.Buffer
				slog.New(slog.NewJSONHandler(&logs, nil)).Info("input", "input", v)
				slog.New(slog.NewTextHandler(&logs, nil)).Info("input", "input", v)
				assert.NotRegexp(t, fullNIK, logs.String(), "%s: %s", op.Name, in)
				assert.Regexp(t, `3275\*{10,}(03|30)`, logs.String(), "the masked NIK is logged")
			}
		}
		assert.Greater(t, failures, len(cases)/3, "%s: most NIK-in-the-wrong-field inputs fail", op.Name)
	}
}
