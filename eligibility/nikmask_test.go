package eligibility

import (
	"bytes"
	"log/slog"
	"testing"
	"unicode/utf8"

	"github.com/kartusehat/kartusehat/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A NIK typed in full-width digits was masked byte by byte, which cut its
// UTF-8; one typed with dashes or spaces in a free-text field was logged
// in full. Both are masked, by rune.
func TestNIKMaskedInEveryForm(t *testing.T) {
	_, err := ParseNIK("３２７５０１４５０８９００００１")
	require.Error(t, err)
	assert.True(t, utf8.ValidString(err.Error()), err.Error())
	assert.Contains(t, err.Error(), `"３２７５**********０１"`)

	_, err = ParseNIK("3275-0101-0190-0001")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"3275*************01"`)

	for _, typed := range []string{"3275-0101-0190-0001", "3275 0101 0190 0001", "３２７５０１４５０８９００００１", "3275.0101.0190.0001"} {
		var buf bytes.Buffer
		slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "person", Person{Institution: "panti, NIK " + typed})
		assert.True(t, utf8.Valid(buf.Bytes()))
		assert.NotContains(t, buf.String(), typed, "the NIK as typed is masked")
		assert.Contains(t, buf.String(), `"institution":"panti, NIK `)

		fe := fieldErr(rules.CodeBadValue, "/person/institution", "lembaga tidak dikenal "+typed, "unknown institution "+typed)
		assert.NotContains(t, fe.Message, typed)
		assert.NotContains(t, fe.MessageEN, typed)
		assert.NotContains(t, fe.Error(), typed)
	}
}
