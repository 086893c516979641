package kartusehat

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestErrorsOfFields (issue 18 item 3): the library's one field error
// maps to the error shape with its own code and pointer, placed under
// the part of the input it was found in; an input with three bad fields
// gives three (ErrorsOf), the first of them as the error (ErrorOf).
func TestErrorsOfFields(t *testing.T) {
	raw, err := os.ReadFile("examples/testdata/facts-card-holder.json")
	require.NoError(t, err)
	bad := strings.Replace(string(raw), `"kk": "3275010101170001",`, `"kk": "327501",`, 1)
	bad = strings.Replace(bad, `"jkn": {"status": "none"}`, `"jkn": {"status": "pbi"}`, 1)
	bad = strings.Replace(bad, `"valid_through": "2018-12-31",`, ``, 1)
	f, err := eligibility.UnmarshalFacts([]byte(bad))
	require.NoError(t, err)
	verr := within("/facts", f.Validate(rules.MustParseDate("2018-06-01")))
	want := []shortErr{
		{rules.CodeBadValue, "/facts/person/kk", "a KK number has 16 digits"},
		{rules.CodeMissing, "/facts/jkn/pbi_payer", "required for a PBI member: central, provincial or city"},
		{rules.CodeMissing, "/facts/documents/card/valid_through", "required: the end date printed on the card"},
	}
	var got []shortErr
	for _, e := range ErrorsOf(verr) {
		got = append(got, short(e))
	}
	assert.Equal(t, want, got)
	assert.Equal(t, want[0], short(ErrorOf(verr)))
	assert.True(t, errors.Is(verr, rules.CodeMissing))
	for _, e := range ErrorsOf(verr) {
		assert.NotEmpty(t, e.Message, "an Indonesian message beside the English")
		assert.NotEqual(t, e.Message, e.MessageEN)
	}

	// One error, of the rules themselves: the whole chain is the message.
	_, cerr := rules.Default().Calendar().IsWorkingDay(rules.MustParseDate("2031-01-02"))
	e := ErrorOf(within("/episode", errors.Join(errors.New("claim: the due date"), cerr)))
	assert.Equal(t, rules.CodeNoRules, e.Code)
	assert.Equal(t, "/episode", e.Pointer)
	assert.Contains(t, e.MessageEN, "no holiday calendar for 2031")
	assert.Len(t, ErrorsOf(cerr), 1)

}

// shortErr is a field error's code, pointer and English message, for
// tests that compare them.
type shortErr struct {
	Code      rules.ErrorCode
	Pointer   string
	MessageEN string
}

func short(e *rules.FieldError) shortErr { return shortErr{e.Code, e.Pointer, e.MessageEN} }
