package referral

import (
	"strings"
	"testing"
)

// A NIK that a host typed as a key, or that a message quotes, never prints
// in full in a field error (issue: no full NIK in any error).
func TestFieldErrorMasksNIK(t *testing.T) {
	for _, e := range []*FieldError{
		{Field: "documents.3275014508900001", Msg: "unknown field"},
		{Field: "x", Msg: `unknown facility code "3275014508900001"`},
		{Field: "x", Msg: "32750145089000019999 is not a code"},
	} {
		got := e.Error()
		if strings.Contains(got, "3275014508900001") || strings.Contains(got, "14508900") {
			t.Errorf("%q shows a NIK in full", got)
		}
		if !strings.Contains(got, "3275**********01") && !strings.Contains(got, "3275**************99") {
			t.Errorf("%q: want the NIK masked as it prints", got)
		}
	}
}
