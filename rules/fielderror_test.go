package rules

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFieldErrorShape: the JSON keys, the English Error text, the
// generic words of a code, and the NIK masked everywhere.
func TestFieldErrorShape(t *testing.T) {
	for _, tc := range []struct {
		name         string
		fe           *FieldError
		json, errTxt string
	}{
		{"both messages", newFieldError(CodeBadValue, "/person/kk", "nomor KK terdiri dari 16 angka", "a KK number has 16 digits"),
			`{"code":"bad_value","pointer":"/person/kk","message":"nomor KK terdiri dari 16 angka","message_en":"a KK number has 16 digits"}`,
			"/person/kk: a KK number has 16 digits"},
		{"generic words", newFieldError(CodeMissing, "/admission", "", ""),
			`{"code":"missing","pointer":"/admission","message":"wajib diisi","message_en":"required"}`,
			"/admission: required"},
		{"whole input", newFieldError(CodeBadJSON, "", "", "truncated JSON"),
			`{"code":"bad_json","pointer":"","message":"bukan JSON yang sah","message_en":"truncated JSON"}`,
			"truncated JSON"},
		{"NIK masked", newFieldError(CodeInconsistent, "/sjp/nik", "SJP untuk NIK 3275014508900001", "the SJP is for NIK 3275014508900001"),
			`{"code":"inconsistent","pointer":"/sjp/nik","message":"SJP untuk NIK 3275**********01","message_en":"the SJP is for NIK 3275**********01"}`,
			"/sjp/nik: the SJP is for NIK 3275**********01"},
		{"NIK masked in a literal", &FieldError{Code: CodeBadValue, Pointer: "/x", MessageEN: "nik 3275014508900001"},
			`{"code":"bad_value","pointer":"/x","message":"","message_en":"nik 3275014508900001"}`,
			"/x: nik 3275**********01"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := json.Marshal(tc.fe)
			require.NoError(t, err)
			assert.Equal(t, tc.json, string(b))
			assert.Equal(t, tc.errTxt, tc.fe.Error())
		})
	}
}

// TestFieldErrorIs: errors.Is matches the code, through wrapping and
// lists; the sentinel and the cause unwrap.
func TestFieldErrorIs(t *testing.T) {
	kind := errors.New("pkg: invalid input")
	fe := newFieldError(CodeOutOfRange, "/admission", "", "")
	fe.Kind, fe.Err = kind, ErrOutOfRange
	wrapped := fmt.Errorf("line 3: %w", fe)
	for _, err := range []error{fe, wrapped} {
		assert.True(t, errors.Is(err, CodeOutOfRange))
		assert.False(t, errors.Is(err, CodeMissing))
		assert.True(t, errors.Is(err, kind))
		assert.True(t, errors.Is(err, ErrOutOfRange))
		assert.Equal(t, CodeOutOfRange, codeOf(err))
	}
	var l FieldErrors
	l.Add(newFieldError(CodeMissing, "/a", "", ""))
	l.Add(newFieldError(CodeBadValue, "/b", "", ""))
	err := l.Err()
	assert.True(t, errors.Is(err, CodeMissing))
	assert.True(t, errors.Is(err, CodeBadValue))
	assert.False(t, errors.Is(err, CodeInconsistent))
	var got *FieldError
	require.True(t, errors.As(err, &got))
	assert.Equal(t, "/a", got.Pointer, "errors.As finds the first")
	assert.Equal(t, CodeMissing, codeOf(err))
	assert.Equal(t, ErrorCode(""), codeOf(errors.New("other")))
	assert.Equal(t, CodeNoRules, codeOf(calendarError(2031)))
	assert.Equal(t, CodeNoRules, codeOf(fmt.Errorf("x: %w", ErrZeroSnapshot)))
	_, derr := ParseDate("2019-02-30")
	assert.Equal(t, CodeBadValue, codeOf(derr))
	assert.True(t, errors.Is(derr, ErrDateRange))
	assert.Equal(t, CodeBadValue, codeOf(fmt.Errorf("x: %w", ErrDateSyntax)))
	assert.Equal(t, "bad_value", CodeBadValue.Error())
}

// TestFieldErrorsCap: past MaxFieldErrors the errors are counted, not
// kept, and the text says how many more.
func TestFieldErrorsCap(t *testing.T) {
	for _, tc := range []struct {
		n, kept, more int
	}{{0, 0, 0}, {1, 1, 0}, {3, 3, 0}, {20, 20, 0}, {21, 20, 1}, {45, 20, 25}} {
		var l FieldErrors
		for i := range tc.n {
			l.Add(newFieldError(CodeMissing, fmt.Sprintf("/f%d", i), "", ""))
		}
		err := l.Err()
		switch tc.n {
		case 0:
			assert.NoError(t, err)
			continue
		case 1:
			require.IsType(t, &FieldError{}, err, "one error is itself")
			continue
		}
		fl, ok := err.(*FieldErrors)
		require.True(t, ok, "%d errors", tc.n)
		assert.Len(t, fl.List, tc.kept)
		assert.Equal(t, tc.more, fl.More)
		assert.Equal(t, tc.n, fl.Len())
		assert.Len(t, fl.Unwrap(), tc.kept)
		if tc.more > 0 {
			assert.True(t, strings.HasSuffix(err.Error(), fmt.Sprintf("; /f19: required; and %d more", tc.more)), err.Error())
		} else {
			assert.True(t, strings.HasPrefix(err.Error(), "/f0: required; /f1: required"), err.Error())
		}
		b, _ := json.Marshal(fl)
		assert.Equal(t, tc.more > 0, strings.Contains(string(b), `"more":`), string(b))
	}
}

// TestWithKind: a copy under another package's sentinel, the first kept
// as a cause.
func TestWithKind(t *testing.T) {
	a, b := errors.New("a: invalid"), errors.New("b: invalid")
	fe := newFieldError(CodeBadValue, "/x", "", "")
	fe.Kind = a
	got := fe.WithKind(b)
	assert.True(t, errors.Is(got, a))
	assert.True(t, errors.Is(got, b))
	assert.Equal(t, a, fe.Kind, "the original is not changed")
	fe.Err = ErrDateRange
	got = fe.WithKind(b)
	assert.True(t, errors.Is(got, a) && errors.Is(got, b) && errors.Is(got, ErrDateRange))
	assert.Same(t, b, fe.WithKind(nil).WithKind(b).Kind)
}
