package rules

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDateRange(t *testing.T) {
	tests := []struct {
		name string
		t    time.Time
		want string // "" for an error
	}{
		{"year 0000", time.Date(0, 6, 1, 10, 0, 0, 0, time.UTC), ""},
		{"year 10000", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), ""},
		{"late 9999 in WIB", time.Date(9999, 12, 31, 23, 0, 0, 0, time.FixedZone("WIB", 7*3600)), "9999-12-31"},
		{"the first day", time.Date(1, 1, 1, 0, 0, 0, 1, time.UTC), "0001-01-01"},
	}
	for _, tt := range tests {
		d, err := DateFromTime(tt.t)
		if tt.want == "" {
			var re *FieldError
			require.True(t, errors.As(err, &re), tt.name)
			assert.Equal(t, CodeOutOfRange, re.Code)
			assert.ErrorIs(t, err, ErrOutOfRange)
			assert.Contains(t, err.Error(), "outside the range the rules can speak for, 0001-01-01 to 9999-12-31")
			assert.True(t, d.IsZero())
			continue
		}
		require.NoError(t, err, tt.name)
		assert.Equal(t, tt.want, d.String())
	}
	_, err := LastDate.CheckedAddDays(1, "the day after")
	assert.ErrorIs(t, err, ErrOutOfRange)
	_, err = FirstDate.CheckedAddDays(-1, "the day before")
	assert.ErrorIs(t, err, ErrOutOfRange)
	d, err := LastDate.CheckedAddDays(-1, "the day before")
	require.NoError(t, err)
	assert.Equal(t, "9999-12-30", d.String())
}

func TestZeroSnapshot(t *testing.T) {
	var s Snapshot
	assert.True(t, s.IsZero())
	assert.ErrorIs(t, s.Check(), ErrZeroSnapshot)
	_, err := s.Param("tariff.ambulance.city")
	assert.ErrorIs(t, err, ErrZeroSnapshot)
	_, _, err = s.Amount("tariff.ambulance.city")
	assert.ErrorIs(t, err, ErrZeroSnapshot)
	assert.Empty(t, s.Values())
	assert.Empty(t, s.Instruments())
	_, ok := s.Governing()
	assert.False(t, ok)
	_, err = s.Calendar().IsWorkingDay(MustParseDate("2019-03-04"))
	assert.ErrorIs(t, err, ErrZeroSnapshot)
	_, err = s.Calendar().AddWorkingDays(MustParseDate("2019-03-04"), 3)
	assert.ErrorIs(t, err, ErrZeroSnapshot)
	p := s.Provenance()
	assert.Empty(t, p.Revision)
	assert.NoError(t, Default().At(MustParseDate("2019-03-04")).Check())
}

func TestBeyond(t *testing.T) {
	rb := Default()
	assert.Equal(t, "2026-12-31", rb.KnownThrough().String(), "the last holiday year of the embedded rulebook")
	_, ok := rb.At(MustParseDate("2026-12-31")).Beyond()
	assert.False(t, ok)
	w, ok := rb.At(MustParseDate("2040-01-02")).Beyond()
	require.True(t, ok)
	assert.Equal(t, Reason{Code: "rules_as_last_known",
		ID:  "Tanggal 2040-01-02 melewati data terakhir rulebook; diputuskan menurut aturan yang terakhir diketahui pada 2026-12-31",
		EN:  "2040-01-02 is after the last date the rulebook knows of; decided on the rules as last known on 2026-12-31",
		Ref: "Perda 9/2018"}, w)
	_, ok = Snapshot{}.Beyond()
	assert.False(t, ok)
}

func TestWorkingDaysPastTheLastDate(t *testing.T) {
	_, err := Default().Calendar().AddWorkingDays(LastDate, 3)
	assert.ErrorIs(t, err, ErrOutOfRange)
}

// Snapshot.Check's inlined test reads the range as constants: they are
// the day numbers of FirstDate and LastDate, and the edges hold.
func TestSnapshotCheckRange(t *testing.T) {
	assert.Equal(t, FirstDate.n, int32(firstN))
	assert.Equal(t, LastDate.n, int32(lastN))
	rb := Default()
	tests := []struct {
		name string
		d    Date
		ok   bool
	}{
		{"the zero date", Date{}, false},
		{"the day before the first", Date{n: firstN - 1}, false},
		{"the first day", FirstDate, true},
		{"a date of service", MustParseDate("2018-06-01"), true},
		{"the last day", LastDate, true},
		{"the day after the last", Date{n: lastN + 1}, false},
	}
	for _, tt := range tests {
		err := Snapshot{rb: rb, date: tt.d}.Check()
		if tt.ok {
			assert.NoError(t, err, tt.name)
			continue
		}
		assert.True(t, errors.Is(err, CodeOutOfRange), tt.name)
	}
	assert.ErrorIs(t, Snapshot{date: FirstDate}.Check(), ErrZeroSnapshot)
}
