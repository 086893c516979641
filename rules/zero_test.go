package rules

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Zero values are useful or refused with an error, never a silent
// answer or a panic.
func TestZeroRulebookIsRefused(t *testing.T) {
	d := MustParseDate("2019-03-01")
	for name, rb := range map[string]*Rulebook{"zero": {}, "nil": nil} {
		t.Run(name, func(t *testing.T) {
			s := rb.At(d)
			assert.True(t, s.IsZero(), "the snapshot of a zero Rulebook reports itself zero")
			assert.ErrorIs(t, s.Check(), ErrZeroSnapshot)
			_, err := rb.Overlay("o.yaml", nil)
			assert.ErrorIs(t, err, ErrZeroRulebook)
		})
	}
	var rb Rulebook
	assert.Equal(t, 7, rb.Memo(1, func(*Rulebook) any { return 7 }), "Memo builds, and keeps nothing")
	assert.Empty(t, rb.Params())
	assert.Empty(t, rb.Facilities())
	_, ok := rb.Facility("rsud-cam")
	assert.False(t, ok)
	assert.Empty(t, rb.Revision())
}

func TestZeroSnapshotIsRefused(t *testing.T) {
	var s Snapshot
	assert.ErrorIs(t, s.Check(), ErrZeroSnapshot)
	assert.ErrorIs(t, s.CheckRef("Perda 9/2018 Ps.7"), ErrZeroSnapshot)
	_, err := s.Rounding()
	assert.ErrorIs(t, err, ErrZeroSnapshot)
	_, err = s.Param("participants.bases")
	assert.ErrorIs(t, err, ErrZeroSnapshot)
	_, _, err = s.List("participants.bases")
	assert.ErrorIs(t, err, ErrZeroSnapshot)
	_, err = s.Calendar().IsWorkingDay(MustParseDate("2019-03-01"))
	assert.ErrorIs(t, err, ErrZeroSnapshot)
	assert.Nil(t, s.Partners())
	assert.Nil(t, s.Exclusions())
	n := 0
	for range s.ExclusionsInForce() {
		n++
	}
	assert.Zero(t, n)
	assert.Nil(t, s.Values())
	assert.Nil(t, s.Instruments())
	_, ok := s.Governing()
	assert.False(t, ok)
	assert.False(t, s.IsBeyond())
	p := s.Provenance()
	b, err := p.MarshalJSON()
	require.NoError(t, err)
	assert.JSONEq(t, `{"rulebook":"","revision":"","date":"","params":[]}`, string(b))

	// A snapshot of a real rulebook on the zero Date is refused by Check.
	err = Default().At(Date{}).Check()
	require.True(t, errors.Is(err, CodeOutOfRange))
	assert.Equal(t, "the date of the snapshot  is outside the range the rules can speak for, 0001-01-01 to 9999-12-31", err.Error())
}

func TestZeroTimeIsNoDate(t *testing.T) {
	d, err := DateFromTime(time.Time{})
	assert.ErrorIs(t, err, ErrZeroTime)
	assert.True(t, d.IsZero())
	_, err = DateFromTime(time.Time{})
	assert.ErrorIs(t, err, ErrZeroTime)
	// One nanosecond later is year 1, a real date.
	d, err = DateFromTime(time.Time{}.Add(1))
	require.NoError(t, err)
	assert.Equal(t, FirstDate, d)
	// The zero instant seen in another zone is still no time given.
	_, err = DateFromTime(time.Time{}.In(time.FixedZone("WIB", 7*3600)))
	assert.ErrorIs(t, err, ErrZeroTime)
}

func TestZeroDate(t *testing.T) {
	var z Date
	assert.Equal(t, "", z.String())
	assert.True(t, z.AddDays(3).IsZero(), "no date moved is no date")
	assert.True(t, z.AddDays(-3).IsZero())
	y, m, d := z.Civil()
	assert.Equal(t, []int{0, 0, 0}, []int{y, int(m), d})
	assert.Equal(t, 0, z.Year())
	assert.Equal(t, time.Month(0), z.Month())
	assert.Equal(t, 0, z.Day())
	assert.Equal(t, time.Weekday(-1), z.Weekday())
	assert.True(t, z.In(time.UTC).IsZero(), "the zero Date is the zero time.Time")
	_, err := z.CheckedAddDays(1, "the due date")
	assert.ErrorIs(t, err, ErrOutOfRange)
	b, err := z.MarshalText()
	require.NoError(t, err)
	var back Date
	require.NoError(t, back.UnmarshalText(b))
	assert.Equal(t, z, back, "the zero Date round-trips through its empty text")
	assert.Equal(t, time.Friday, MustParseDate("2019-03-01").Weekday())
	assert.Equal(t, MustParseDate("2019-03-04"), MustParseDate("2019-03-01").AddDays(3))
}

func TestZeroHelpers(t *testing.T) {
	var r Rounding
	assert.Equal(t, "2", r.Round(decimal.RequireFromString("1.5")).String(), "the zero Rounding: half away from zero to the rupiah")
	assert.Equal(t, "-2", r.Round(decimal.RequireFromString("-1.5")).String())
	assert.Equal(t, int64(1234), r.RoundWhole(1234))
	var p Provenance
	assert.Zero(t, p.Len())
	assert.Nil(t, p.Read(0))
	var f Facility
	assert.False(t, f.PartnerOn(MustParseDate("2019-03-01")))
	var x Exclusion
	assert.False(t, x.Matches(&ExclusionFacts{ICD10: []string{"N97.0"}}), "the zero Exclusion excludes nothing")
	var l CodeList
	_, ok := l.Match("A09")
	assert.False(t, ok)
	assert.Nil(t, Snapshot{}.ParamRef("tariff.ambulance.city"))
	assert.Nil(t, Default().At(MustParseDate("2019-03-01")).ParamRef("no.such.parameter"))
	assert.Nil(t, Default().At(MustParseDate("2010-03-01")).ParamRef("tariff.ambulance.city"), "before the rules")
	assert.Equal(t, "200000", Default().At(MustParseDate("2019-03-01")).ParamRef("tariff.ambulance.city").Display())
}
