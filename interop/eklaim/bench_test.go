package eklaim

import (
	"encoding/json"
	"testing"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/rules"
)

// BenchmarkDecision compares a stay's decision from its E-Klaim record
// (decode, convert, adjudicate) with the same from the native JSON
// (decode, adjudicate): the conversion should add about one JSON decode.
func BenchmarkDecision(b *testing.B) {
	rb := rules.Default()
	tb := table(b)
	rec := monthRecords(b)[1]
	r, err := Decode(rec)
	if err != nil {
		b.Fatal(err)
	}
	c, err := ToFile(r, rb)
	if err != nil {
		b.Fatal(err)
	}
	native, err := json.Marshal(&c.File)
	if err != nil {
		b.Fatal(err)
	}
	s := rb.At(c.File.Episode.ServiceDate())
	b.Run("native", func(b *testing.B) {
		for b.Loop() {
			f, err := claim.UnmarshalFile(native)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := claim.Adjudicate(f, s, tb); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("eklaim", func(b *testing.B) {
		for b.Loop() {
			r, err := Decode(rec)
			if err != nil {
				b.Fatal(err)
			}
			c, err := ToFile(r, rb)
			if err != nil {
				b.Fatal(err)
			}
			a, err := claim.Adjudicate(&c.File, s, tb)
			if err != nil {
				b.Fatal(err)
			}
			_ = Write(c, &a)
		}
	})
	b.Run("native_decode_only", func(b *testing.B) {
		for b.Loop() {
			if _, err := claim.UnmarshalFile(native); err != nil {
				b.Fatal(err)
			}
		}
	})
}
