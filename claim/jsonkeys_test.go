package claim

import (
	"os"
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat/internal/jsonx"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDecodeFileKeys: a key given twice (encoding/json keeps the last,
// silently) or a key that matches a field only ignoring case
// (encoding/json fills the field), in the file or in the facts and the
// episode it holds, is refused with the field named; the same file
// without it decodes.
func TestDecodeFileKeys(t *testing.T) {
	good := `{"hospital":"rs-ananda","submitted":"2019-04-10","membership":"card",
	  "patient":{"person":{"nik":"3275014508900001","kk_city":"3275"}},
	  "episode":{"facility":"rs-ananda","care_type":"inpatient"},
	  "lines":[{"category":"room","amount":"100000"},{"category":"drug","quantity":2,"unit_price":"5000","amount":"10000"}],
	  "documents":["ks_copy"]}`
	f, err := DecodeFile(strings.NewReader(good))
	require.NoError(t, err)
	assert.Equal(t, tariff.Quantity(2), f.Lines[1].Quantity)
	for _, tt := range []struct {
		name, in, field, msg string
		kind                 jsonx.KeyErrorKind
	}{
		{"duplicate top-level key", strings.Replace(good, `"membership":"card"`, `"membership":"card","membership":"nik"`, 1),
			"/membership", "duplicate key: given more than once in this object; give it once", jsonx.KeyDuplicate},
		{"duplicate in a line", strings.Replace(good, `"quantity":2,`, `"quantity":2,"quantity":3,`, 1),
			"/lines/1/quantity", "duplicate key", jsonx.KeyDuplicate},
		{"duplicate in the patient's facts", strings.Replace(good, `"kk_city":"3275"`, `"kk_city":"3275","nik":"3275014508900002"`, 1),
			"/patient/person/nik", "duplicate key", jsonx.KeyDuplicate},
		{"cased top-level key", strings.Replace(good, `"membership"`, `"Membership"`, 1),
			"/Membership", `unknown field: keys are case-sensitive; the field is "membership"`, jsonx.KeyCaseMismatch},
		{"cased key in the episode", strings.Replace(good, `"care_type"`, `"Care_Type"`, 1),
			"/episode/Care_Type", `the field is "care_type"`, jsonx.KeyCaseMismatch},
		{"cased key in a line", strings.Replace(good, `"unit_price"`, `"Unit_Price"`, 1),
			"/lines/1/Unit_Price", `the field is "unit_price"`, jsonx.KeyCaseMismatch},
		// U+017F LATIN SMALL LETTER LONG S folds to s in encoding/json.
		{"Unicode-folded key", strings.Replace(good, `"submitted"`, `"ſubmitted"`, 1),
			"/ſubmitted", `the field is "submitted"`, jsonx.KeyCaseMismatch},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeFile(strings.NewReader(tt.in))
			var fe *rules.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Pointer)
			assert.Contains(t, fe.MessageEN, tt.msg)
			var ke *jsonx.KeyError
			require.ErrorAs(t, err, &ke)
			assert.Equal(t, tt.kind, ke.Kind)
			assert.NotContains(t, err.Error(), "01450890", "errors show NIKs masked")
		})
	}
	// The example claim file decodes.
	b, err := os.ReadFile("../examples/testdata/claim-stay.json")
	require.NoError(t, err)
	_, err = UnmarshalFile(b)
	require.NoError(t, err)
}

// BenchmarkUnmarshalFile: the strict decode of the example stay's claim
// file, and the key check alone (its share of the decode, paid on every
// line of a month's batch).
func BenchmarkUnmarshalFile(b *testing.B) {
	data, err := os.ReadFile("../examples/testdata/claim-stay.json")
	require.NoError(b, err)
	b.Run("decode", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := UnmarshalFile(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("keys", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if err := jsonx.CheckKeys(data, fileType); err != nil {
				b.Fatal(err)
			}
		}
	})
}
