package rules

import (
	"bytes"
	"errors"
	"io/fs"
	"strings"
	"testing"
)

// FuzzParse feeds arbitrary bytes to the loader: it must never panic, and
// every error it returns must be an loadErrors of positioned errors.
func FuzzParse(f *testing.F) {
	f.Add([]byte(base))
	f.Add([]byte(reform))
	f.Add([]byte("parameters: {a: {type: amount, values: {2017-01-01: {value: 1, ref: x}}}}"))
	f.Add([]byte("holidays: {2019: {ref: x, days: [{date: 2019-01-01, name: y, kind: cuti_bersama}]}}"))
	f.Add([]byte("a: &x [*x]"))
	f.Add([]byte("- - - -"))
	_ = fs.WalkDir(DefaultFS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := fs.ReadFile(DefaultFS(), p)
			f.Add(data)
		}
		return nil
	})
	f.Fuzz(func(t *testing.T, data []byte) {
		rb, err := Parse("fuzz.yaml", bytes.NewReader(data))
		if err != nil {
			var list loadErrors
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error is not an loadErrors: %v", err)
			}
			for _, e := range list {
				if !strings.HasPrefix(e.Error(), "fuzz.yaml") {
					t.Fatalf("error does not name the file: %v", e)
				}
			}
			return
		}
		// A rulebook that loads answers questions without panicking.
		s := rb.At(MustParseDate("2019-03-01"))
		_ = s.Values()
		_, _ = s.Governing()
		_ = rb.Revision()
		// And an overlay of the same bytes onto a rulebook never panics.
		if small, err := Parse("base.yaml", strings.NewReader(base)); err == nil {
			_, _ = small.Overlay("fuzz.yaml", bytes.NewReader(data))
		}
	})
}

// FuzzParseDate checks that a parsed date round-trips through its text.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2018-08-23", "2019-02-29", "0001-01-01", "9999-12-31", "2018-8-23", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		if d.String() != s {
			t.Fatalf("ParseDate(%q).String() = %q", s, d.String())
		}
		var back Date
		if err := back.UnmarshalText([]byte(d.String())); err != nil || back != d {
			t.Fatalf("round trip of %q: %v, %v", s, back, err)
		}
	})
}

// FuzzRefInForce: any string, any date; never a panic, and a ref found in
// force parses into sources of the table.
func FuzzRefInForce(f *testing.F) {
	for _, s := range []string{"Perda 9/2018 Ps.16(4)", "Juknis 440/Kep.21/2017 IV.b.2.c; Perwal 27.A/2017 Ps.7(1)b",
		"Jannah 2019 app. B (interview E)", "Dakta 2018-06-08 (JKN aktif)", "kartusehat convention (x)", "; ", "Perda", "Perda 9/2018;x"} {
		f.Add(s, int64(500))
	}
	rb := Default()
	f.Fuzz(func(t *testing.T, ref string, day int64) {
		d := MustParseDate("2017-01-01").AddDays(int(day % 5000)) // 2003 to 2030
		err := rb.RefInForce(ref, d)
		cs, perr := rb.ParseRef(ref)
		if err == nil {
			if perr != nil {
				t.Fatalf("%q in force on %s but does not parse: %v", ref, d, perr)
			}
			for _, c := range cs {
				if _, ok := rb.Instrument(c.Source); !ok {
					t.Fatalf("%q: unknown source %q", ref, c.Source)
				}
			}
		}
	})
}
