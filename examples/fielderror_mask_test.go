package examples_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
)

// A NIK that a host typed as a key, or that a message quotes, never prints
// in full in any package's field error: not in Error(), not in the
// Indonesian or English message, not in the pointer, not in the JSON.
func TestFieldErrorsMaskNIK(t *testing.T) {
	const nik = "3275014508900001"
	on := rules.MustParseDate("2019-03-04")
	snap := rules.Default().At(on)
	admission := time.Date(2019, 3, 4, 9, 0, 0, 0, time.FixedZone("WIB", 7*3600))
	facts := func() *eligibility.Facts {
		return &eligibility.Facts{Person: eligibility.Person{NIK: eligibility.MustParseNIK(nik), KK: "3275010101170001", KKCity: "3275",
			Registry: eligibility.Registry{Status: eligibility.Living}}}
	}
	errs := map[string]func() error{
		"eligibility: a NIK as a key": func() error {
			_, err := eligibility.DecodeFacts(strings.NewReader(`{"person":{"` + nik + `":1}}`))
			return err
		},
		"eligibility: a NIK as an institution": func() error {
			f := facts()
			f.Person.Institution = nik
			f.JKN.Status = nik
			return f.Validate(on)
		},
		"eligibility: a malformed NIK": func() error {
			_, err := eligibility.DecodeFacts(strings.NewReader(`{"person":{"nik":"` + nik + `9"}}`))
			return err
		},
		"referral: a NIK as a facility": func() error {
			ep := &referral.Episode{Facility: nik, CareType: nik, Admission: admission}
			return ep.Validate(snap)
		},
		"referral: a NIK as a key": func() error {
			_, err := referral.DecodeEpisode(strings.NewReader(`{"referral":{"` + nik + `":1}}`))
			return err
		},
		"tariff: a NIK as a group code": func() error {
			a := &referral.Assessment{Covered: true, Date: on}
			_, err := tariff.Price(&tariff.Episode{Facility: "rs-ananda", CareType: referral.Inpatient, INACBG: nik, TopUps: []string{nik}}, a, snap, nil)
			return err
		},
		"claim: a NIK as a key": func() error {
			_, err := claim.DecodeFile(strings.NewReader(`{"lines":[{"` + nik + `":1}]}`))
			return err
		},
		"claim: a NIK as a membership and a hospital": func() error {
			f := &claim.File{Hospital: nik, Membership: nik, Episode: referral.Episode{Facility: "rs-ananda", Admission: admission}}
			_, err := claim.Adjudicate(f, snap, nil)
			return err
		},
		"rules: a literal": func() error {
			return &rules.FieldError{Code: rules.CodeBadValue, Pointer: "/" + nik, Message: nik, MessageEN: nik}
		},
	}
	for name, mk := range errs {
		t.Run(name, func(t *testing.T) {
			err := mk()
			var fe *rules.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("not a *rules.FieldError: %v", err)
			}
			if !strings.Contains(err.Error(), "3275**********01") && !strings.Contains(err.Error(), "3275***********19") {
				t.Errorf("%q: want the NIK masked as it prints", err.Error())
			}
			if strings.Contains(err.Error(), "14508900") {
				t.Errorf("Error() shows a NIK in full: %q", err.Error())
			}
			var all rules.FieldErrors
			all.AddAll(err)
			for _, e := range all.List {
				if e == fe && name == "rules: a literal" {
					continue // a literal holds what it was given; Error() masks it
				}
				b, _ := json.Marshal(e)
				for what, s := range map[string]string{"pointer": e.Pointer, "message": e.Message, "message_en": e.MessageEN, "Error": e.Error(), "JSON": string(b)} {
					if strings.Contains(s, "14508900") {
						t.Errorf("%s shows a NIK in full: %q", what, s)
					}
				}
				if e.Message == "" || e.MessageEN == "" || e.Code == "" {
					t.Errorf("%+v: a message or the code is missing", e)
				}
				if strings.Contains(e.MessageEN, "eligibility.") || strings.Contains(e.MessageEN, "referral.") || strings.Contains(e.MessageEN, "rules.") {
					t.Errorf("%q names a Go type", e.MessageEN)
				}
			}
		})
	}
}
