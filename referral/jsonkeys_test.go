package referral

import (
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat/internal/jsonx"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDecodeEpisodeKeys: a key given twice (encoding/json keeps the last,
// silently) or a key that matches a field only ignoring case
// (encoding/json fills the field) is refused with the field named; the
// same episode without it decodes.
func TestDecodeEpisodeKeys(t *testing.T) {
	good := `{"patient_nik":"3275014508900001","facility":"rs-ananda","care_type":"inpatient",
	  "admission":"2019-05-31T10:00:00+07:00","referral":{"from":"pkm-bekasi-jaya","date":"2019-05-31","reason":"medical","kind":"full"}}`
	ep, err := DecodeEpisode(strings.NewReader(good))
	require.NoError(t, err)
	assert.Equal(t, "rs-ananda", ep.Facility)
	for _, tt := range []struct {
		name, in, field, msg string
		kind                 jsonx.KeyErrorKind
	}{
		{"duplicate top-level key", strings.Replace(good, `"care_type":"inpatient"`, `"care_type":"inpatient","care_type":"outpatient"`, 1),
			"/care_type", "duplicate key: given more than once in this object; give it once", jsonx.KeyDuplicate},
		{"duplicate nested key", strings.Replace(good, `"kind":"full"`, `"kind":"full","from":"rs-ananda"`, 1),
			"/referral/from", "duplicate key", jsonx.KeyDuplicate},
		{"cased top-level key", strings.Replace(good, `"facility"`, `"Facility"`, 1),
			"/Facility", `unknown field: keys are case-sensitive; the field is "facility"`, jsonx.KeyCaseMismatch},
		{"cased nested key", strings.Replace(good, `"reason"`, `"REASON"`, 1),
			"/referral/REASON", `the field is "reason"`, jsonx.KeyCaseMismatch},
		// U+017F LATIN SMALL LETTER LONG S folds to s in encoding/json.
		{"Unicode-folded key", strings.Replace(good, `"admission"`, `"admiſſion"`, 1),
			"/admiſſion", `the field is "admission"`, jsonx.KeyCaseMismatch},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeEpisode(strings.NewReader(tt.in))
			var fe *rules.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Pointer)
			assert.Contains(t, fe.MessageEN, tt.msg)
			assert.ErrorIs(t, err, ErrEpisode)
			var ke *jsonx.KeyError
			require.ErrorAs(t, err, &ke)
			assert.Equal(t, tt.kind, ke.Kind)
		})
	}
}
