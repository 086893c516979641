package fault

import (
	"bytes"
	"testing"

	"github.com/kartusehat/kartusehat/rules"
	"github.com/stretchr/testify/assert"
)

func TestSafeText(t *testing.T) {
	assert.Equal(t, `unknown facility code "3275**********01"`, SafeText(`unknown facility code "3275014508900001"`))
	assert.Equal(t, `a 3275***********12 b 1234**********56`, SafeText(`a 32750145089000012 b 1234567890123456`))
	assert.Equal(t, `short 123456789012345`, SafeText(`short 123456789012345`))
	assert.Equal(t, `cannot unmarshal array`, SafeText(`cannot unmarshal array into Go value of type main.referralInput`))
}

func TestReadLimited(t *testing.T) {
	b, err := ReadLimited(bytes.NewReader([]byte("12345")), 5, "--max-input")
	assert.NoError(t, err)
	assert.Equal(t, "12345", string(b))
	_, err = ReadLimited(bytes.NewReader([]byte("123456")), 5, "--max-input")
	assert.ErrorIs(t, err, rules.CodeTooLarge)
	fe := err.(*rules.FieldError)
	assert.Equal(t, "masukan lebih besar dari 5 bita, batas --max-input", fe.Message)
	assert.Equal(t, "the input is larger than 5 bytes, the limit --max-input", fe.MessageEN)
}

func TestWithHint(t *testing.T) {
	e := New(rules.CodeBadJSON, "", TrailingDataID+" pada bita ke-3", TrailingData+" at byte 3")
	WithHint(e, "pakai --batch", "use --batch")
	assert.Equal(t, "ada data setelah nilai JSON pada bita ke-3 (pakai --batch)", e.Message)
	assert.Equal(t, "trailing data after the JSON value at byte 3 (use --batch)", e.MessageEN)
	o := New(rules.CodeMissing, "/x", "", "")
	WithHint(o, "a", "b")
	assert.Equal(t, "required", o.MessageEN)
}
