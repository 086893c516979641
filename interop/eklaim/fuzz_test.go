package eklaim

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat/rules"
)

// FuzzDecode: any input reads or gives field errors whose pointers are
// JSON Pointers, never a panic; a record that reads writes back (FromFile)
// to a record that reads to the same file.
func FuzzDecode(f *testing.F) {
	for _, r := range monthRecords(f) {
		f.Add(r)
	}
	f.Add([]byte(`{"data":{"tarif_rs":{"kamar":"1.0","x":1}}}`))
	f.Add([]byte(`{"data":{"nomor_sep":"A","tarif_rs":[]},"grouper":{"special_cmg":[{"tariff":"-1"}]}}`))
	rb := rules.Default()
	f.Fuzz(func(t *testing.T, in []byte) {
		r, err := Decode(in)
		if err == nil {
			var c *Conversion
			c, err = ToFile(r, rb)
			if err == nil {
				rec, ferr := FromFile(&c.File, rb)
				if ferr != nil {
					return // a file E-Klaim cannot hold as it is
				}
				b, merr := json.Marshal(rec)
				if merr != nil {
					t.Fatal(merr)
				}
				back, derr := Decode(b)
				if derr != nil {
					t.Fatalf("a written record does not read: %v\n%s", derr, b)
				}
				if _, terr := ToFile(back, rb); terr != nil {
					t.Fatalf("a written record does not convert: %v\n%s", terr, b)
				}
				return
			}
		}
		l, ok := fieldErrors(err)
		if !ok {
			t.Fatalf("err = %v, want field errors", err)
		}
		for _, e := range l {
			if e.Pointer != "" && !strings.HasPrefix(e.Pointer, "/") {
				t.Fatalf("pointer %q", e.Pointer)
			}
		}
	})
}
