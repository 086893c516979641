package main

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// FuzzCommands drives each operation subcommand end to end, in process,
// with the input as a single input and as a batch: the command never
// panics or reports an internal error, exits 0 or 1, writes JSON, and a
// batch writes exactly one line per non-blank input line.
func FuzzCommands(f *testing.F) {
	for _, name := range []string{"facts-card-holder.json", "episode-idul-fitri.json", "stay-rsud.json", "claim.json", "visits.jsonl"} {
		b, err := os.ReadFile("../../examples/testdata/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
		var c bytes.Buffer
		if json.Compact(&c, b) == nil {
			f.Add(append(c.Bytes(), "\n{\"id\": 1}\n"...))
		}
	}
	f.Add([]byte(`{"episode": {"admission": "0000-01-01T00:00:00Z"}, "facts": {}}`))
	f.Add([]byte(`{"service_end": "9999-12-31", "membership": "card", "documents": []} x`))
	f.Add([]byte("\n\r\n{}\n[]\nnull\n\"3275014508900001\"\n"))
	f.Fuzz(func(t *testing.T, in []byte) {
		want := 0
		for _, l := range bytes.Split(in, []byte("\n")) {
			if len(bytes.TrimSpace(l)) > 0 {
				want++
			}
		}
		for _, op := range Ops {
			args := []string{op.Name, "--date", "2019-03-01"}
			if op.Name != "eligibility" {
				args = args[:1]
			}
			var out, errb bytes.Buffer
			code := run(args, bytes.NewReader(in), &out, &errb)
			if code != 0 && code != 1 {
				t.Fatalf("%s: exit %d: %s", op.Name, code, errb.String())
			}
			if !json.Valid(out.Bytes()) {
				t.Fatalf("%s: output is not JSON: %q", op.Name, out.String())
			}
			if strings.Contains(out.String(), `"code": "internal"`) {
				t.Fatalf("%s: internal error: %s", op.Name, out.String())
			}

			out.Reset()
			errb.Reset()
			code = run(append(args, "--batch"), bytes.NewReader(in), &out, &errb)
			if code != 0 && code != 1 {
				t.Fatalf("%s --batch: exit %d: %s", op.Name, code, errb.String())
			}
			got := 0
			for _, l := range strings.Split(out.String(), "\n") {
				if l == "" {
					continue
				}
				got++
				if !json.Valid([]byte(l)) {
					t.Fatalf("%s --batch: line is not JSON: %q", op.Name, l)
				}
				if strings.Contains(l, `"code":"internal"`) {
					t.Fatalf("%s --batch: internal error: %s", op.Name, l)
				}
			}
			if got != want {
				t.Fatalf("%s --batch: %d lines out for %d lines in", op.Name, got, want)
			}
		}
	})
}
