package rules

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr error
	}{
		{"2018-08-23", "2018-08-23", nil},
		{"2016-02-29", "2016-02-29", nil},
		{"2000-02-29", "2000-02-29", nil},
		{"0001-01-01", "0001-01-01", nil},
		{"9999-12-31", "9999-12-31", nil},
		{"2019-02-29", "", ErrDateRange},
		{"1900-02-29", "", ErrDateRange},
		{"2018-13-01", "", ErrDateRange},
		{"2018-00-10", "", ErrDateRange},
		{"2018-04-31", "", ErrDateRange},
		{"0000-01-01", "", ErrDateRange},
		{"2018-8-23", "", ErrDateSyntax},
		{"23-08-2018", "", ErrDateSyntax},
		{"2018/08/23", "", ErrDateSyntax},
		{"2018-08-2x", "", ErrDateSyntax},
		{"", "", ErrDateSyntax},
		{"2018-08-23T00:00:00Z", "", ErrDateSyntax},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			d, err := ParseDate(tt.in)
			if tt.wantErr != nil {
				require.Error(t, err)
				assert.ErrorIs(t, err, tt.wantErr)
				var de *FieldError
				require.True(t, errors.As(err, &de))
				assert.Equal(t, CodeBadValue, de.Code)
				assert.Contains(t, err.Error(), `"`+tt.in+`"`, "the error quotes the input")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, d.String())
		})
	}
}

// TestDateAgreesWithTime walks every day from 1900 to 2100 and checks the
// civil arithmetic, weekday and formatting against package time.
func TestDateAgreesWithTime(t *testing.T) {
	start := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	d := MustDate(1900, time.January, 1)
	for tm := start; tm.Year() < 2101; tm = tm.AddDate(0, 0, 1) {
		y, m, dd := tm.Date()
		got, ok := DateOf(y, m, dd)
		if !ok || got != d {
			t.Fatalf("DateOf(%s) = %v, %v; walking gives %v", tm.Format(time.DateOnly), got, ok, d)
		}
		if d.Weekday() != tm.Weekday() {
			t.Fatalf("%s: Weekday %v, want %v", d, d.Weekday(), tm.Weekday())
		}
		if d.String() != tm.Format(time.DateOnly) {
			t.Fatalf("String %s, want %s", d, tm.Format(time.DateOnly))
		}
		if !d.In(time.UTC).Equal(tm) {
			t.Fatalf("In(UTC) = %v, want %v", d.In(time.UTC), tm)
		}
		d = d.AddDays(1)
	}
}

func TestDateCompareAndArithmetic(t *testing.T) {
	a, b := MustParseDate("2018-08-22"), MustParseDate("2018-08-23")
	assert.True(t, a.Before(b))
	assert.True(t, b.After(a))
	assert.False(t, a.Equal(b))
	assert.Equal(t, -1, a.Compare(b))
	assert.Equal(t, 1, b.Compare(a))
	assert.Equal(t, 0, a.Compare(a))
	assert.Equal(t, b, a.AddDays(1))
	assert.Equal(t, 1, a.DaysUntil(b))
	assert.Equal(t, MustParseDate("2019-03-01"), MustParseDate("2019-02-28").AddDays(1))
	assert.Equal(t, MustParseDate("2020-02-29"), MustParseDate("2020-03-01").AddDays(-1))
	assert.True(t, Date{}.IsZero())
	assert.Equal(t, "", Date{}.String())
	y, m, d := b.Civil()
	assert.Equal(t, []int{2018, 8, 23}, []int{y, int(m), d})
	got, err := DateFromTime(time.Date(2018, 8, 23, 23, 59, 0, 0, time.FixedZone("WIB", 7*3600)))
	require.NoError(t, err)
	assert.Equal(t, MustParseDate("2018-08-23"), got)
}

func TestDateText(t *testing.T) {
	type doc struct {
		D Date  `json:"d"`
		Z Date  `json:"z,omitzero"`
		P *Date `json:"p"`
	}
	d := MustParseDate("2019-05-31")
	b, err := json.Marshal(doc{D: d, P: &d})
	require.NoError(t, err)
	assert.JSONEq(t, `{"d":"2019-05-31","p":"2019-05-31"}`, string(b))

	var back doc
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, d, back.D)

	err = json.Unmarshal([]byte(`{"d":"2019-02-30"}`), &back)
	assert.ErrorIs(t, err, ErrDateRange)
	require.NoError(t, json.Unmarshal([]byte(`{"d":""}`), &back))
	assert.True(t, back.D.IsZero())
}

func TestMustPanics(t *testing.T) {
	assert.Panics(t, func() { MustParseDate("2018-02-30") })
	assert.Panics(t, func() { MustDate(2018, 2, 30) })
}

func TestYearsSince(t *testing.T) {
	for _, c := range []struct {
		from, to string
		want     int
	}{
		{"1957-03-02", "2017-03-02", 60},
		{"1957-03-02", "2017-03-01", 59},
		{"2000-02-29", "2019-02-28", 18},
		{"2000-02-29", "2019-03-01", 19},
	} {
		if got := MustParseDate(c.to).YearsSince(MustParseDate(c.from)); got != c.want {
			t.Errorf("(%s).YearsSince(%s) = %d, want %d", c.to, c.from, got, c.want)
		}
	}
}

// Dates are written as they were with strconv, without allocating.
func TestDateAppendText(t *testing.T) {
	for _, s := range []string{"0001-01-01", "0999-12-31", "2019-06-05", "9999-12-31"} {
		d := MustParseDate(s)
		assert.Equal(t, s, d.String())
		assert.Equal(t, s, string(d.AppendText(nil)))
	}
	d := MustParseDate("2019-06-05")
	buf := make([]byte, 0, 16)
	if n := testing.AllocsPerRun(100, func() { buf = d.AppendText(buf[:0]) }); n != 0 {
		t.Errorf("AppendText allocates %v times", n)
	}
}
