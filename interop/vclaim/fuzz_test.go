package vclaim

import (
	"testing"

	"github.com/kartusehat/kartusehat/rules"
)

// FuzzDecode: any input reads or gives field errors, never a panic.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(sep))
	f.Add([]byte(`{"t_sep":{"klsRawat":{"klsRawatHak":1}}}`))
	rb := rules.Default()
	f.Fuzz(func(t *testing.T, in []byte) {
		i, err := Decode(in)
		if err == nil {
			if _, err = ToEpisode(i, rb); err == nil {
				return
			}
		}
		_, ok := fieldErrors(err)
		if !ok {
			t.Fatalf("err = %v, want field errors", err)
		}
	})
}
