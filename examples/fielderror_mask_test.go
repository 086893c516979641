package examples_test

import (
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/tariff"
)

// A NIK that a host typed as a key, or that a message quotes, never prints
// in full in any package's field error (no full NIK in any error).
func TestFieldErrorsMaskNIK(t *testing.T) {
	const nik = "3275014508900001"
	cases := []struct{ field, msg string }{
		{"documents." + nik, "unknown field"},
		{"from", `unknown facility code "` + nik + `"`},
		{"x", nik + "9999 is not a code"},
	}
	for _, c := range cases {
		for _, err := range []error{
			&eligibility.FieldError{Field: c.field, Msg: c.msg},
			&referral.FieldError{Field: c.field, Msg: c.msg},
			&tariff.FieldError{Field: c.field, Msg: c.msg},
			&claim.FieldError{Field: c.field, Msg: c.msg},
		} {
			got := err.Error()
			if strings.Contains(got, "14508900") {
				t.Errorf("%T: %q shows a NIK in full", err, got)
			}
			if !strings.Contains(got, "3275**********01") && !strings.Contains(got, "3275**************99") {
				t.Errorf("%T: %q: want the NIK masked as it prints", err, got)
			}
		}
	}
}
