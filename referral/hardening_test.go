package referral

import (
	"bytes"
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFarAdmissions: an admission outside the years the rules can speak
// for is a field error, and WorkingDeadline an error, never a panic.
func TestFarAdmissions(t *testing.T) {
	rb := rules.Default()
	tests := []struct {
		name      string
		admission time.Time
		err       error
	}{
		{"year 0000", time.Date(0, 6, 1, 10, 0, 0, 0, time.UTC), rules.ErrOutOfRange},
		{"year 10000", time.Date(10000, 1, 2, 10, 0, 0, 0, time.UTC), rules.ErrOutOfRange},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ep := &Episode{Facility: "rs-ananda", CareType: Outpatient, Admission: tt.admission}
			err := ep.Validate(rb.At(rules.MustParseDate("2019-03-04")))
			require.ErrorIs(t, err, tt.err)
			fe, ok := err.(*rules.FieldError)
			require.True(t, ok)
			assert.Equal(t, "/admission", fe.Pointer)
			assert.Equal(t, rules.CodeOutOfRange, fe.Code)
			_, err = WorkingDeadline(rb.Calendar(), tt.admission, 3, "working_days_end_of_day")
			assert.ErrorIs(t, err, tt.err)
		})
	}
	_, err := WorkingDeadline(rb.Calendar(), time.Date(9999, 12, 31, 10, 0, 0, 0, time.UTC), 3, "working_days_end_of_day")
	assert.Error(t, err, "no calendar for 9999, and no day after it")
	_, err = Assess(&Episode{Facility: "rs-ananda", CareType: Outpatient, Admission: time.Date(2019, 3, 4, 9, 0, 0, 0, time.UTC)},
		&eligibility.Decision{}, rules.Snapshot{})
	assert.ErrorIs(t, err, rules.ErrZeroSnapshot)
}

func TestEpisodeLogValueMasksNIK(t *testing.T) {
	nik := eligibility.MustParseNIK("3275014508900001")
	ep := Episode{PatientNIK: nik, Facility: "rs-ananda", SJP: &SJP{NIK: nik}}
	for _, v := range []any{ep, &ep, *ep.SJP} {
		var buf bytes.Buffer
		slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "v", v)
		slog.New(slog.NewTextHandler(&buf, nil)).Info("x", "v", v)
		assert.NotRegexp(t, regexp.MustCompile(`[0-9]{16}`), buf.String(), "%T", v)
		assert.Contains(t, buf.String(), "3275**********01")
	}
}

func TestDecodeEpisodeTrailingData(t *testing.T) {
	for _, in := range []string{`{"facility": "rs-ananda"} {}`, `{"facility": "rs-ananda"} x`, `{"facility": "rs-ananda"}]`} {
		_, err := DecodeEpisode(strings.NewReader(in))
		assert.ErrorIs(t, err, ErrEpisode, in)
	}
	_, err := DecodeEpisode(strings.NewReader("{\"facility\": \"rs-ananda\"}\n \n"))
	assert.NoError(t, err)
}
