package fault

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"github.com/kartusehat/kartusehat/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

// TestWithin: every pointer is prefixed; another error is placed at the
// prefix with the code CodeOf gives; nil stays nil.
func TestWithin(t *testing.T) {
	assert.NoError(t, Within("/facts", nil))

	one := Within("/facts", New(rules.CodeMissing, "/person/nik", "", ""))
	assert.Equal(t, "/facts/person/nik: required", one.Error())

	var l rules.FieldErrors
	l.Add(New(rules.CodeMissing, "/person/nik", "", ""))
	l.Add(New(rules.CodeBadValue, "", "", "x"))
	two := Within("/stay/facts", l.Err())
	var got []string
	for _, e := range two.(*rules.FieldErrors).List {
		got = append(got, e.Pointer)
	}
	assert.Equal(t, []string{"/stay/facts/person/nik", "/stay/facts"}, got)
	assert.Equal(t, "/person/nik", l.List[0].Pointer, "the original is not changed")

	other := Within("/episode", fmt.Errorf("rules: %w", rules.ErrOutOfRange))
	var fe *rules.FieldError
	require.True(t, errors.As(other, &fe))
	assert.Equal(t, rules.CodeOutOfRange, fe.Code)
	assert.Equal(t, "/episode", fe.Pointer)
	assert.True(t, errors.Is(other, rules.ErrOutOfRange))
	assert.NotContains(t, fe.MessageEN, "rules: ")
}

// TestCodeOf: a field error's code, or the code of a rules sentinel.
func TestCodeOf(t *testing.T) {
	assert.Equal(t, rules.CodeMissing, CodeOf(fmt.Errorf("x: %w", New(rules.CodeMissing, "/a", "", ""))))
	assert.Equal(t, rules.ErrorCode(""), CodeOf(errors.New("other")))
	assert.Equal(t, rules.CodeNoRules, CodeOf(fmt.Errorf("x: %w", rules.ErrZeroSnapshot)))
	assert.Equal(t, rules.CodeOutOfRange, CodeOf(fmt.Errorf("x: %w", rules.ErrOutOfRange)))
	assert.Equal(t, rules.CodeBadValue, CodeOf(fmt.Errorf("x: %w", rules.ErrDateSyntax)))
	_, err := rules.ParseDate("2019-02-30")
	assert.Equal(t, rules.CodeBadValue, CodeOf(err))
}

// TestNew: the code's own words where a message is left empty; a NIK
// masked.
func TestNew(t *testing.T) {
	e := New(rules.CodeMissing, "/sjp/nik", "", "the SJP is for NIK 3275014508900001")
	assert.Equal(t, "wajib diisi", e.Message)
	assert.Equal(t, "the SJP is for NIK 3275**********01", e.MessageEN)
	assert.Equal(t, "/sjp/nik: the SJP is for NIK 3275**********01", e.Error())
}
