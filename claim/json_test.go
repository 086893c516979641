package claim

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/kartusehat/kartusehat/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// plainAdjudication is an Adjudication without its methods: encoding/json
// writes it by reflection from the field tags.
type plainAdjudication Adjudication

// reflected is what encoding/json writes for a by reflection, as an
// Encoder that leaves <, > and & as they are.
func reflected(t *testing.T, a *Adjudication, html bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(html)
	require.NoError(t, enc.Encode((*plainAdjudication)(a)))
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// The adjudication's own JSON is encoding/json's, byte for byte: for
// files of every shape, duplicates refused after the fact, odd text.
func TestAdjudicationJSON(t *testing.T) {
	tb := table(t)
	fs := files(t)
	odd := stay()
	odd.ID = "<RS&\"x\"\n\u2028\x01é>"
	odd.Lines[0].Amount = rp("2500000.4")
	fs = append(fs, odd)
	v := NewVerifier(rules.Default(), tb)
	var as []Adjudication
	for i, f := range fs {
		a, err := Adjudicate(f, rules.Default().At(f.Episode.ServiceDate()), tb)
		if err != nil {
			continue
		}
		as = append(as, a)
		// Verified twice: the second is refused as a duplicate.
		for range 2 {
			if a, err := v.Verify(f, i+1); err == nil {
				as = append(as, a)
			}
		}
	}
	as = append(as, Adjudication{}) // nil slices: null
	require.Greater(t, len(as), 20)
	for i := range as {
		a := &as[i]
		got, err := a.AppendJSON(nil)
		require.NoError(t, err)
		assert.Equal(t, string(reflected(t, a, false)), string(got), "adjudication %d", i)
		m, err := json.Marshal(a)
		require.NoError(t, err)
		assert.Equal(t, string(reflected(t, a, true)), string(m), "adjudication %d, json.Marshal", i)
	}
}
