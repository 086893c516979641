package kartusehat

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// fastAgrees checks the fast eligibility decoder against DecodeStrict on
// raw: when the strict path refuses raw, the fast one must not have
// handled it; when the fast one handles raw, the strict one gives the
// same value. It reports whether the fast path handled raw.
func fastAgrees(t testing.TB, raw []byte) bool {
	t.Helper()
	fast, ok := decodeEligibilityFast(raw)
	var slow eligibilityInput
	err := decodeStrict(raw, &slow)
	if err != nil {
		if ok {
			t.Fatalf("%q: the fast path handled an input the strict one refuses (%v): %+v", raw, err, fast)
		}
		return false
	}
	if ok && !reflect.DeepEqual(fast, slow) {
		t.Fatalf("%q: the fast path gives\n%#v\nthe strict one\n%#v", raw, fast, slow)
	}
	return ok
}

// factsObjects returns every object of the files of examples/testdata
// that has a "person" (the facts of a person), compacted.
func factsObjects(t testing.TB) [][]byte {
	t.Helper()
	paths, err := filepath.Glob("examples/testdata/*.json*")
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if _, ok := v["person"]; ok {
				b, err := json.Marshal(v)
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, b)
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		for dec.More() {
			var v any
			if err := dec.Decode(&v); err != nil {
				break // not JSON (an FHIR file is, a CSV is not)
			}
			walk(v)
		}
	}
	if len(out) < 10 {
		t.Fatalf("only %d facts objects in examples/testdata", len(out))
	}
	return out
}

// TestFastEligibilityFiles: every facts object of examples/testdata, under
// "facts", at the top level and as the file gives it, is handled by the
// fast path and decodes as DecodeStrict decodes it; so does every line of
// visits.jsonl.
func TestFastEligibilityFiles(t *testing.T) {
	var inputs [][]byte
	for _, f := range factsObjects(t) {
		inputs = append(inputs,
			[]byte(`{"id":"x-1","date":"2019-03-01","facts":`+string(f)+`}`),
			[]byte(`{"date":"2019-03-01","facts":`+string(f)+`}`),
			[]byte(strings.Replace(string(f), "{", `{"id":7,"date":"2018-06-01",`, 1)),
			f)
	}
	for _, name := range []string{"facts-card-holder.json", "visits.jsonl"} {
		data, err := os.ReadFile(filepath.Join("examples/testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(name, ".jsonl") {
			inputs = append(inputs, bytes.Split(bytes.TrimSpace(data), []byte("\n"))...)
		} else {
			inputs = append(inputs, data)
		}
	}
	for _, raw := range inputs {
		if !fastAgrees(t, raw) {
			t.Errorf("%s: not handled by the fast path", raw)
		}
	}
}

// TestFastEligibilityCases: the plain cases the fast path handles, and
// everything else, which it leaves to DecodeStrict and its errors.
func TestFastEligibilityCases(t *testing.T) {
	const person = `"person":{"nik":"3275014508900001","kk":"3275010101170001","kk_city":"3275","registry":{"status":"living"}}`
	for _, tc := range []struct {
		in      string
		handled bool
	}{
		// Handled.
		{`{}`, true},
		{` {"date":"2018-06-01"} ` + "\n\t\r", true},
		{`{"date":"","facts":null}`, true},
		{`{"date":null,"facts":{}}`, true},
		{`{"id":null,"facts":{}}`, true},
		{`{"id":"a b","facts":{}}`, true},
		{`{"id":-12.5e+3,"facts":{}}`, true},
		{`{"id":0,"facts":{}}`, true},
		{`{"id":true,"facts":{}}`, true},
		{`{"id":false,"facts":{}}`, true},
		{`{"facts":{` + person + `}}`, true},
		{`{` + person + `}`, true},
		{`{"parent":null}`, true},
		{`{"person":null,"jkn":null,"documents":null}`, true},
		{`{"facts":{"person":{"nik":"","kk":null,"dinsos_poor_list":true,"institution":"detainee","registry":{"status":"died","date":"2019-02-28"}}}}`, true},
		{`{"facts":{"jkn":{"status":"pbi","pbi_payer":"city"}}}`, true},
		{`{"facts":{"documents":{"card":null,"ektp":null,"dinsos_letter":null,"birth":null}}}`, true},
		{`{"facts":{"documents":{"card":{"niks":[],"kk":"3275010101170001","valid_through":"2019-12-31","activated":false}}}}`, true},
		{`{"facts":{"documents":{"card":{"niks":null}}}}`, true},
		{`{"facts":{"documents":{"card":{"niks":["3275014508900001", null, ""]}}}}`, true},
		{`{"facts":{"documents":{"card":{},"ektp":{"nik":null,"recorded":null}}}}`, true},
		{`{"facts":{"documents":{"dinsos_letter":{"category":"poor","date":"2019-01-02","number":"460/12"}}}}`, true},
		{`{"facts":{"documents":{"birth":{"kind":"birth_letter","parent_nik":"3275014508900001","date":"2019-01-02"}},"parent":{` + person + `}}}`, true},
		{`{"facts":{"person":{"registry":{"status":"living","date":"2016-02-29"}}}}`, true},

		// Not handled: the strict path decides, or gives its error.
		{``, false},
		{`null`, false},
		{`[]`, false},
		{"\ufeff{}", false},                        // a byte-order mark
		{`{}{}`, false},                            // trailing data
		{`{} x`, false},                            // trailing data
		{`{"date":"2018-06-01",}`, false},          // a trailing comma
		{`{"date":"2018-06-01"`, false},            // truncated
		{`{"Date":"2018-06-01"}`, false},           // another case
		{`{"date":"2018-06-01","date":""}`, false}, // a duplicate
		{`{"facts":{},"facts":{}}`, false},
		{`{"person":{},"person":{}}`, false},
		{`{"facts":{"person":{"kk":"1","kk":"2"}}}`, false},
		{`{"facts":{"person":{},"person":{}}}`, false},
		{`{"facts":{},"person":{}}`, true}, // both: refused as inconsistent after decoding, on either path
		{`{"extra":1}`, false},             // unknown
		{`{"facts":{"person":{"name":"x"}}}`, false},
		{`{"date":"2018-02-30"}`, false}, // no such date
		{`{"date":"18-06-01"}`, false},
		{`{"date":20180601}`, false},
		{`{"facts":{"person":{"nik":"3275014508900000"}}}`, false}, // serial 0000
		{`{"facts":{"person":{"nik":3275014508900001}}}`, false},
		{`{"facts":{"person":{"kk":"32750101\u00301170001"}}}`, false}, // an escape
		{`{"facts":{"person":{"kk":"a\"b"}}}`, false},
		{"{\"facts\":{\"person\":{\"kk\":\"a\tb\"}}}", false}, // a control character
		{`{"facts":{"person":{"kk":"é"}}}`, false},            // not ASCII
		{`{"facts":{"person":{"dinsos_poor_list":"true"}}}`, false},
		{`{"facts":{"person":{"dinsos_poor_list":truex}}}`, false},
		{`{"facts":{"person":{"dinsos_poor_list":nul}}}`, false},
		{`{"facts":{"documents":{"card":{"niks":"3275014508900001"}}}}`, false},
		{`{"facts":{"documents":{"card":{"niks":["3275014508900001",]}}}}`, false},
		{`{"facts":{"documents":{"card":{"niks":[1]}}}}`, false},
		{`{"id":{"a":1},"facts":{}}`, false},
		{`{"id":[1],"facts":{}}`, false},
		{`{"id":01,"facts":{}}`, false},
		{`{"id":1.,"facts":{}}`, false},
		{`{"id":"\u0041","facts":{}}`, false},
		{`{"facts":{"parent":{"parent":{}}}}`, false}, // deeper than the fast path goes
		{`{"facts":[]}`, false},
		{`{"facts":{"person":[]}}`, false},
	} {
		if got := fastAgrees(t, []byte(tc.in)); got != tc.handled {
			t.Errorf("%s: handled %v, want %v", tc.in, got, tc.handled)
		}
	}
}

// FuzzFastFacts: whenever the fast eligibility decoder handles an input,
// DecodeStrict gives the same value; whenever DecodeStrict refuses one,
// the fast decoder has not handled it.
func FuzzFastFacts(f *testing.F) {
	for _, raw := range factsObjects(f) {
		f.Add(raw)
		f.Add([]byte(`{"id":"a","date":"2019-03-01","facts":` + string(raw) + `}`))
	}
	f.Add([]byte(`{"facts":{"documents":{"card":{"niks":["3275014508900001", null, ""]}}},"id":null,"date":null}`))
	f.Add([]byte(`{"facts":{"documents":{"birth":{"kind":"birth_letter","parent_nik":"3275014508900001","date":"2019-01-02"},"dinsos_letter":{"category":"poor","date":"2019-01-02"}},"parent":{"person":null}}}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		fastAgrees(t, raw)
	})
}

// BenchmarkDecodeEligibility: the server's eligibility input decoded by
// the fast path, and by DecodeStrict.
func BenchmarkDecodeEligibility(b *testing.B) {
	raw := []byte(`{"date":"2018-06-01","facts":{"person":{"nik":"3275014508900001","kk":"3275010101170001","kk_city":"3275","registry":{"status":"living"}},"jkn":{"status":"none"},"documents":{"card":{"niks":["3275014508900001","3275011203850002"],"kk":"3275010101170001","valid_through":"2018-12-31","activated":true},"ektp":{"nik":"3275014508900001","recorded":true}}}}`)
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, ok := decodeEligibilityFast(raw); !ok {
				b.Fatal("not handled")
			}
		}
	})
	b.Run("strict", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			var in eligibilityInput
			if err := decodeStrict(raw, &in); err != nil {
				b.Fatal(err)
			}
		}
	})
}
