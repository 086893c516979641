package eligibility

import (
	"errors"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat/internal/jsonx"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDecodeFactsKeys: a key given twice (encoding/json keeps the last,
// silently) or a key that matches a field only ignoring case
// (encoding/json fills the field) is refused with the field named; the
// same facts without it decode.
func TestDecodeFactsKeys(t *testing.T) {
	good := `{"person":{"nik":"3275014508900001","kk":"3275010101170001","kk_city":"3275","registry":{"status":"living"}},
	 "jkn":{"status":"none"},
	 "documents":{"card":{"niks":["3275014508900001"],"valid_through":"2018-12-31","activated":true},
	              "ektp":{"nik":"3275014508900001","recorded":true}}}`
	f, err := DecodeFacts(strings.NewReader(good))
	require.NoError(t, err)
	assert.Equal(t, "2018-12-31", f.Documents.Card.ValidThrough.String())
	for _, tt := range []struct {
		name, in, field, msg string
		kind                 jsonx.KeyErrorKind
	}{
		{"duplicate top-level key", strings.Replace(good, `"jkn":{"status":"none"},`, `"jkn":{"status":"none"},"jkn":{"status":"active"},`, 1),
			"/jkn", "duplicate key: given more than once in this object; give it once", jsonx.KeyDuplicate},
		{"duplicate nested key", strings.Replace(good, `"valid_through":"2018-12-31"`, `"valid_through":"2018-12-31","valid_through":"2030-12-31"`, 1),
			"/documents/card/valid_through", "duplicate key", jsonx.KeyDuplicate},
		{"duplicate NIK", strings.Replace(good, `"kk":"3275010101170001"`, `"nik":"3275014508900002","kk":"3275010101170001"`, 1),
			"/person/nik", "duplicate key", jsonx.KeyDuplicate},
		{"cased top-level key", strings.Replace(good, `"person"`, `"Person"`, 1),
			"/Person", `unknown field: keys are case-sensitive; the field is "person"`, jsonx.KeyCaseMismatch},
		{"cased nested key", strings.Replace(good, `"valid_through"`, `"Valid_Through"`, 1),
			"/documents/card/Valid_Through", `the field is "valid_through"`, jsonx.KeyCaseMismatch},
		// U+017F LATIN SMALL LETTER LONG S folds to s in encoding/json.
		{"Unicode-folded key", strings.Replace(good, `"registry"`, `"regiſtry"`, 1),
			"/person/regiſtry", `the field is "registry"`, jsonx.KeyCaseMismatch},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeFacts(strings.NewReader(tt.in))
			var fe *rules.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Pointer)
			assert.Contains(t, fe.MessageEN, tt.msg)
			assert.ErrorIs(t, err, ErrFacts)
			var ke *jsonx.KeyError
			require.ErrorAs(t, err, &ke)
			assert.Equal(t, tt.kind, ke.Kind)
			assert.NotContains(t, err.Error(), "01450890", "errors show NIKs masked")
		})
	}
}

// TestExtractJSONKeys: a JSON Lines extract's row with a key given twice
// or a differently-cased key is refused with its line and field.
func TestExtractJSONKeys(t *testing.T) {
	for _, tt := range []struct{ name, row, msg string }{
		{"duplicate status", `{"nik":"3275051203800008","status":"resident","status":"died"}`, "status: duplicate key"},
		{"cased status", `{"nik":"3275051203800008","Status":"died"}`, `Status: unknown field: keys are case-sensitive; the field is "status"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			er := reader(t, "/x/jsonl", `{"nik":"3275014508900001","status":"resident"}`+"\n"+tt.row+"\n", JSONLines)
			_, err := er.Next()
			require.NoError(t, err)
			_, err = er.Next()
			var ee *ExtractError
			require.True(t, errors.As(err, &ee), "%v", err)
			assert.Equal(t, 2, ee.Line)
			assert.Contains(t, err.Error(), tt.msg)
			var ke *jsonx.KeyError
			assert.ErrorAs(t, err, &ke)
		})
	}
	// The rows without it read.
	er := reader(t, "/x/jsonl", `{"nik":"3275014508900001","status":"died","date":"2019-03-01"}`+"\n", JSONLines)
	rec, err := er.Next()
	require.NoError(t, err)
	assert.Equal(t, "2019-03-01", rec.Date.String())
	_, err = er.Next()
	assert.ErrorIs(t, err, io.EOF)
}

// BenchmarkUnmarshalFacts: the strict decode of the example card holder's
// facts, and the key check alone (its share of the decode).
func BenchmarkUnmarshalFacts(b *testing.B) {
	data, err := os.ReadFile("../examples/testdata/facts-card-holder.json")
	require.NoError(b, err)
	b.Run("decode", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := UnmarshalFacts(data); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("keys", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if err := jsonx.CheckKeys(data, factsType); err != nil {
				b.Fatal(err)
			}
		}
	})
}
