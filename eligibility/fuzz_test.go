package eligibility

import (
	"errors"
	"testing"

	"github.com/kartusehat/kartusehat/rules"
)

// FuzzParseNIK: no panic; a valid NIK round-trips through its text and its
// masked form never shows the middle digits.
func FuzzParseNIK(f *testing.F) {
	for _, s := range []string{"3275014508900001", "3275011203850002", "327501450890000", "3275014513900001", "0000000000000000", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseNIK(s)
		if err != nil {
			var ne *rules.FieldError
			if !errors.As(err, &ne) || !errors.Is(err, ErrNIK) || !errors.Is(err, rules.CodeBadValue) {
				t.Fatalf("error is not a *rules.FieldError of ErrNIK: %v", err)
			}
			return
		}
		if n.Digits() != s {
			t.Fatalf("Digits %q != input %q", n.Digits(), s)
		}
		var back NIK
		if err := back.UnmarshalText([]byte(s)); err != nil || back != n {
			t.Fatalf("round trip: %v", err)
		}
		if m := n.String(); m[4:14] != "**********" {
			t.Fatalf("not masked: %q", m)
		}
		if _, ok := n.BirthDate(rules.MustParseDate("2019-03-01")); !ok {
			t.Fatalf("valid NIK %q without a birth date", s)
		}
	})
}

// FuzzDecodeFacts: the JSON facts decoder never panics, and neither does
// Check on whatever it accepts.
func FuzzDecodeFacts(f *testing.F) {
	f.Add([]byte(`{"person":{"nik":"3275014508900001","kk":"3275010101170001","kk_city":"3275","registry":{"status":"living"}}}`))
	f.Add([]byte(`{"person":{"registry":{"status":"living"}},"documents":{"birth":{"kind":"birth_letter","parent_nik":"3275014508900001","date":"2019-01-05"}},"parent":{"person":{"nik":"3275014508900001","kk":"3275010101170001","kk_city":"3275","registry":{"status":"living"}}}}`))
	f.Add([]byte(`{"jkn":{"status":"pbi","pbi_payer":"city"},"documents":{"card":{"niks":["3275014508900001"],"valid_through":"2018-12-31"}}}`))
	f.Add([]byte(`[]`))
	s := rules.Default().At(rules.MustParseDate("2019-03-01"))
	f.Fuzz(func(t *testing.T, data []byte) {
		facts, err := UnmarshalFacts(data)
		if err != nil {
			var fe *rules.FieldError
			if !errors.As(err, &fe) || !errors.Is(err, ErrFacts) {
				t.Fatalf("error is not a *rules.FieldError of ErrFacts: %v", err)
			}
			return
		}
		if facts.valid() && facts.Validate(s.Date()) != nil {
			t.Fatalf("valid, but Validate finds %v", facts.Validate(s.Date()))
		}
		_, _ = Check(facts, s)
	})
}
