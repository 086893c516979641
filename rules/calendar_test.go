package rules

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWorkingDays walks the calendar across weekends and the holidays the
// regulation's deadlines meet, Idul Fitri 1440 (2019) with its cuti bersama
// first among them (SKB 617/2018, 262/2018, 16/2018).
func TestWorkingDays(t *testing.T) {
	cal := Default().Calendar()
	tests := []struct {
		date    string
		working bool
		why     string
	}{
		{"2019-05-31", true, "Friday before Idul Fitri 1440: no holiday (the SKB sets none)"},
		{"2019-06-01", false, "Saturday, Hari Lahir Pancasila"},
		{"2019-06-02", false, "Sunday"},
		{"2019-06-03", false, "cuti bersama Idul Fitri"},
		{"2019-06-04", false, "cuti bersama Idul Fitri"},
		{"2019-06-05", false, "Idul Fitri 1440 H"},
		{"2019-06-06", false, "Idul Fitri 1440 H"},
		{"2019-06-07", false, "cuti bersama Idul Fitri"},
		{"2019-06-08", false, "Saturday"},
		{"2019-06-09", false, "Sunday"},
		{"2019-06-10", true, "first working day after Idul Fitri"},
		{"2019-04-17", false, "Pemilu (Keppres 10/2019)"},
		{"2019-12-24", false, "cuti bersama Natal"},
		{"2018-06-20", false, "cuti bersama Idul Fitri added by SKB 223/2018"},
		{"2018-06-21", true, "Thursday after the 2018 cuti bersama"},
		{"2018-06-27", false, "Pilkada (Keppres 15/2018)"},
		{"2018-08-23", true, "the day Perda 9/2018 takes effect, a Thursday"},
		{"2017-06-30", false, "cuti bersama Idul Fitri 1438"},
		{"2017-05-15", true, "the day the Juknis takes effect, a Monday"},
		{"2024-02-14", false, "Pemilu 2024 (Keppres 10/2024)"},
		{"2024-11-27", false, "Pilkada 2024 (Keppres 33/2024)"},
		{"2025-08-18", false, "cuti bersama added by SKB 933/2025"},
		{"2025-04-08", true, "first working day after Idul Fitri 1446"},
		{"2026-03-20", false, "cuti bersama Idul Fitri 1447"},
		{"2026-03-25", true, "Wednesday after Idul Fitri 1447"},
		{"2026-11-23", true, "an ordinary Monday"},
	}
	for _, tt := range tests {
		t.Run(tt.date, func(t *testing.T) {
			got, err := cal.IsWorkingDay(MustParseDate(tt.date))
			require.NoError(t, err)
			assert.Equal(t, tt.working, got, tt.why)
		})
	}
}

func TestAddWorkingDays(t *testing.T) {
	cal := Default().Calendar()
	tests := []struct {
		from string
		n    int
		want string
		why  string
	}{
		{"2019-05-31", 3, "2019-06-12", "Juknis IV.b.2.c: admitted Friday before Idul Fitri 1440; 3 working days run 10, 11, 12 June"},
		{"2019-05-31", 1, "2019-06-10", "the first working day after the Idul Fitri break"},
		{"2019-03-01", 3, "2019-03-06", "Friday 1 March; Thursday 7 March is Nyepi, not reached"},
		{"2019-03-05", 3, "2019-03-11", "Tuesday; Nyepi on 7 March and the weekend are skipped"},
		{"2019-06-08", 3, "2019-06-12", "admitted on a Saturday: the weekend day itself is not counted"},
		{"2018-08-22", 3, "2018-08-27", "admitted on Idul Adha 1439 (Wed): Thu, Fri, Mon"},
		{"2018-12-21", 3, "2018-12-28", "across cuti bersama 24 and Natal 25 December 2018"},
		{"2017-06-23", 3, "2017-07-05", "Friday before Idul Fitri 1438: 3, 4, 5 July"},
		{"2019-06-12", -3, "2019-05-31", "backwards across the same holidays"},
		{"2019-06-12", 0, "2019-06-12", "n = 0 gives the date itself"},
	}
	for _, tt := range tests {
		t.Run(tt.from+"+"+tt.want, func(t *testing.T) {
			got, err := cal.AddWorkingDays(MustParseDate(tt.from), tt.n)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got.String(), tt.why)
		})
	}
}

func TestCalendarMissingYear(t *testing.T) {
	cal := Default().Calendar()
	assert.False(t, cal.Covers(2027), "2027 is not in the embedded calendar")
	_, err := cal.IsWorkingDay(MustParseDate("2027-03-01"))
	assert.ErrorIs(t, err, ErrNoCalendar)
	var ce *FieldError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, CodeNoRules, ce.Code)
	assert.Equal(t, "no holiday calendar for 2027: add the year's holidays (its SKB) to the rulebook", ce.Error())
	assert.Equal(t, "tidak ada kalender hari libur untuk 2027: tambahkan hari libur tahun itu (SKB-nya) ke aturan", ce.Message)

	// A deadline that runs from the last days of 2026 into 2027 needs 2027.
	_, err = cal.AddWorkingDays(MustParseDate("2026-12-30"), 3)
	assert.ErrorIs(t, err, ErrNoCalendar)
}

func TestNextWorkingDayAndBetween(t *testing.T) {
	cal := Default().Calendar()
	got, err := cal.NextWorkingDay(MustParseDate("2019-06-05"))
	require.NoError(t, err)
	assert.Equal(t, "2019-06-10", got.String(), "Juknis IV.b.2.o: a discharge on Idul Fitri is approved on the next working day")
	got, err = cal.NextWorkingDay(MustParseDate("2019-06-10"))
	require.NoError(t, err)
	assert.Equal(t, "2019-06-10", got.String())

	n, err := cal.WorkingDaysBetween(MustParseDate("2019-05-31"), MustParseDate("2019-06-12"))
	require.NoError(t, err)
	assert.Equal(t, 3, n)
	n, err = cal.WorkingDaysBetween(MustParseDate("2019-06-12"), MustParseDate("2019-05-31"))
	require.NoError(t, err)
	assert.Equal(t, 0, n)

	h, ok := cal.Holiday(MustParseDate("2019-06-05"))
	require.True(t, ok)
	assert.Equal(t, HolidayNational, h.Kind)
	h, ok = cal.Holiday(MustParseDate("2019-06-07"))
	require.True(t, ok)
	assert.Equal(t, HolidayCutiBersama, h.Kind)
}

// TestHolidayYearsCited checks that every year of the calendar cites its
// decree and that the embedded years are the ones the issue asks for.
func TestHolidayYearsCited(t *testing.T) {
	rb := Default()
	assert.Equal(t, []int{2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024, 2025, 2026}, rb.HolidayYears())
	counts := map[int][2]int{}
	for _, y := range rb.HolidayYears() {
		hy, ok := rb.HolidayYear(y)
		require.True(t, ok)
		assert.Contains(t, hy.Ref, "SKB")
		var c [2]int
		for _, d := range hy.Days {
			if d.Kind == HolidayNational {
				c[0]++
			} else {
				c[1]++
			}
		}
		counts[y] = c
	}
	// Libur nasional / cuti bersama per year, as the SKBs (and Keppres for
	// election days) count them.
	assert.Equal(t, [2]int{16, 6}, counts[2017])
	assert.Equal(t, [2]int{17, 8}, counts[2018])
	assert.Equal(t, [2]int{17, 4}, counts[2019])
	assert.Equal(t, [2]int{17, 5}, counts[2020], "16 and the Pilkada of 9 December; 5 cuti bersama after the fourth amendment")
	assert.Equal(t, [2]int{15, 1}, counts[2021], "16 holidays on 15 days (13 May is Kenaikan and Idul Fitri); 12 May only")
	assert.Equal(t, [2]int{16, 4}, counts[2022])
	assert.Equal(t, [2]int{16, 11}, counts[2023])
	assert.Equal(t, [2]int{19, 10}, counts[2024], "17 and two election days; 10 cuti bersama")
	assert.Equal(t, [2]int{17, 11}, counts[2025], "10 cuti bersama and 18 August")
	assert.Equal(t, [2]int{17, 8}, counts[2026])
}

// TestCalendarHasNoGap fails on any year missing between the first year of
// the programme (2017) and the last year of the calendar, and if the
// calendar stops before 2026: a deadline must never run through a year the
// rulebook silently lacks.
func TestCalendarHasNoGap(t *testing.T) {
	years := Default().HolidayYears()
	require.NotEmpty(t, years)
	assert.Equal(t, 2017, years[0], "the calendar starts with the programme")
	assert.GreaterOrEqual(t, years[len(years)-1], 2026)
	for i := 1; i < len(years); i++ {
		assert.Equal(t, years[i-1]+1, years[i], "no holiday calendar for %d", years[i-1]+1)
	}
	cal := Default().Calendar()
	for y := years[0]; y <= years[len(years)-1]; y++ {
		assert.True(t, cal.Covers(y), "%d", y)
	}
}

// TestCalendar2020To2023 checks days the amendments of those years moved.
func TestCalendar2020To2023(t *testing.T) {
	cal := Default().Calendar()
	for _, tt := range []struct {
		date    string
		working bool
		why     string
	}{
		{"2020-05-22", true, "the cuti bersama of 22 May moved to December (second amendment)"},
		{"2020-05-26", true, "moved to December"},
		{"2020-12-09", false, "Pilkada (Keppres 22/2020)"},
		{"2020-12-28", true, "removed by No. 744/2020"},
		{"2020-12-31", false, "cuti bersama kept by No. 744/2020"},
		{"2021-08-10", true, "Tahun Baru Islam moved to 11 August (No. 712/2021)"},
		{"2021-08-11", false, "Tahun Baru Islam 1443 H"},
		{"2021-05-17", true, "cuti bersama removed by No. 281/2021"},
		{"2021-12-24", true, "cuti bersama removed by No. 712/2021"},
		{"2022-07-11", true, "Idul Adha is 10 July (No. 678/2022), a Sunday"},
		{"2022-05-06", false, "cuti bersama added by No. 375/2022"},
		{"2023-04-19", false, "cuti bersama moved forward by No. 327/2023"},
		{"2023-04-26", true, "no longer cuti bersama after No. 327/2023"},
		{"2023-06-30", false, "cuti bersama Idul Adha (No. 624/2023)"},
	} {
		got, err := cal.IsWorkingDay(MustParseDate(tt.date))
		require.NoError(t, err, tt.date)
		assert.Equal(t, tt.working, got, "%s: %s", tt.date, tt.why)
	}
}

// naiveCalendar decides a day from the holiday lists alone: working,
// covered.
func naiveCalendar(rb *Rulebook) func(*Rulebook, Date) (bool, bool) {
	covered, holiday := map[int]bool{}, map[Date]bool{}
	for _, y := range rb.HolidayYears() {
		hy, _ := rb.HolidayYear(y)
		covered[y] = true
		for _, h := range hy.Days {
			holiday[h.Date] = true
		}
	}
	return func(_ *Rulebook, d Date) (bool, bool) {
		if !covered[d.Year()] {
			return false, false
		}
		wd := d.Weekday()
		return wd != time.Saturday && wd != time.Sunday && !holiday[d], true
	}
}

// gapYear is an overlay that adds 2029 and not 2027-2028: a calendar
// with a gap.
const gapYear = `holidays:
  2029:
    ref: SKB 1/2028 (hypothetical)
    days:
      - {date: 2029-01-01, name: Tahun Baru, kind: libur_nasional}
      - {date: 2029-01-02, name: Cuti bersama, kind: cuti_bersama}
instruments:
  - id: SKB 1/2028
    level: keputusan_bersama
    title: A hypothetical SKB for 2029
    in_force: 2028-09-01
    ref: SKB 1/2028
`

// The prefix counts give the answers of a walk day by day, on every day
// of the covered years and the days around them, for spans crossing
// years and the gaps between covered years (errors included).
func TestCalendarMatchesWalk(t *testing.T) {
	gap, err := Default().Overlay("gap.yaml", strings.NewReader(gapYear))
	require.NoError(t, err)
	for _, rb := range []*Rulebook{Default(), gap} {
		calendarMatchesWalk(t, rb)
	}
}

func calendarMatchesWalk(t *testing.T, rb *Rulebook) {
	cal := rb.Calendar()
	naiveWorkingDay := naiveCalendar(rb)
	years := rb.HolidayYears()
	require.NotEmpty(t, years)
	first := MustDate(years[0], time.January, 1).AddDays(-3)
	last := MustDate(years[len(years)-1], time.December, 31).AddDays(3)
	walk := func(d Date, n int) (Date, error) {
		step := 1
		if n < 0 {
			step, n = -1, -n
		}
		for n > 0 {
			d = d.AddDays(step)
			w, ok := naiveWorkingDay(rb, d)
			if !ok {
				return Date{}, calendarError(d.Year())
			}
			if w {
				n--
			}
		}
		return d, nil
	}
	for d := first; !d.After(last); d = d.AddDays(1) {
		w, covered := naiveWorkingDay(rb, d)
		got, err := cal.IsWorkingDay(d)
		if covered != (err == nil) || got != w {
			t.Fatalf("IsWorkingDay(%s) = %v, %v; want %v (covered %v)", d, got, err, w, covered)
		}
		for _, n := range []int{-260, -40, -10, -3, -1, 0, 1, 2, 3, 7, 14, 40, 260} {
			want, werr := walk(d, n)
			got, err := cal.AddWorkingDays(d, n)
			if (werr == nil) != (err == nil) || got != want {
				t.Fatalf("AddWorkingDays(%s, %d) = %s, %v; want %s, %v", d, n, got, err, want, werr)
			}
			if werr != nil {
				var ce *FieldError
				require.ErrorAs(t, err, &ce)
				assert.Equal(t, werr.Error(), ce.Error(), "%s %d", d, n)
			}
		}
		for _, span := range []int{-1, 0, 1, 5, 30, 400} {
			to := d.AddDays(span)
			want, werr := 0, error(nil)
			for cur := d.AddDays(1); !cur.After(to); cur = cur.AddDays(1) {
				w, ok := naiveWorkingDay(rb, cur)
				if !ok {
					werr = calendarError(cur.Year())
					break
				}
				if w {
					want++
				}
			}
			got, err := cal.WorkingDaysBetween(d, to)
			if (werr == nil) != (err == nil) || werr == nil && got != want {
				t.Fatalf("WorkingDaysBetween(%s, %s) = %d, %v; want %d, %v", d, to, got, err, want, werr)
			}
		}
	}
}

// TestCalendarWithCutiBersama: the calendar of the reading that counts
// cuti bersama (collective leave of the SKB, not a public holiday) as
// working days. Idul Fitri 1440: cuti bersama 3, 4 and 7 June 2019,
// national holidays 5 and 6 June.
func TestCalendarWithCutiBersama(t *testing.T) {
	c := Default().Calendar()
	w := c.WithCutiBersama(true)
	assert.False(t, c.CutiBersamaWorking())
	assert.True(t, w.CutiBersamaWorking())
	for _, tt := range []struct {
		day          string
		dflt, worked bool
	}{
		{"2019-06-03", false, true},  // cuti bersama
		{"2019-06-05", false, false}, // Idul Fitri, a national holiday
		{"2019-06-08", false, false}, // Saturday
		{"2019-06-10", true, true},
	} {
		got, err := c.IsWorkingDay(MustParseDate(tt.day))
		require.NoError(t, err)
		assert.Equal(t, tt.dflt, got, tt.day)
		got, err = w.IsWorkingDay(MustParseDate(tt.day))
		require.NoError(t, err)
		assert.Equal(t, tt.worked, got, tt.day)
	}
	d, err := c.AddWorkingDays(MustParseDate("2019-05-31"), 3)
	require.NoError(t, err)
	assert.Equal(t, "2019-06-12", d.String())
	d, err = w.AddWorkingDays(MustParseDate("2019-05-31"), 3)
	require.NoError(t, err)
	assert.Equal(t, "2019-06-07", d.String())
	n, err := w.WorkingDaysBetween(MustParseDate("2019-05-31"), MustParseDate("2019-06-10"))
	require.NoError(t, err)
	assert.Equal(t, 4, n)
	_, err = w.IsWorkingDay(MustParseDate("2016-06-01"))
	assert.ErrorIs(t, err, ErrNoCalendar)
}
