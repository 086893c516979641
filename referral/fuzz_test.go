package referral

import (
	"bytes"
	"errors"
	"testing"

	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/rules"
)

// FuzzDecodeEpisode: the episode decoder and Assess never panic.
func FuzzDecodeEpisode(f *testing.F) {
	f.Add([]byte(`{"patient_nik":"3275014508900001","facility":"rs-ananda","care_type":"inpatient","admission":"2019-05-31T10:00:00+07:00","referral":{"from":"pkm-bekasi-jaya","date":"2019-05-31","reason":"medical","kind":"full","diagnosis":"J45.9"}}`))
	f.Add([]byte(`{"facility":"rs-fatmawati","care_type":"igd","emergency":"true_emergency","admission":"2019-03-04T22:00:00+07:00","class":2,"class_reason":"own_wish"}`))
	f.Add([]byte(`{"facility":"rs-ananda","care_type":"outpatient","admission":"2016-01-01T00:00:00Z","as_of":"2016-02-01T00:00:00Z"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		ep, err := DecodeEpisode(bytes.NewReader(data))
		if err != nil {
			var fe *rules.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("not a *rules.FieldError: %v", err)
			}
			return
		}
		if ep.Admission.IsZero() || ep.Admission.Year() < 1 || ep.Admission.Year() > 9999 {
			return
		}
		on := ep.ServiceDate()
		d := &eligibility.Decision{Eligible: true, Date: on}
		_, _ = Assess(ep, d, rules.Default().At(on))
	})
}
