package rules

import (
	"errors"
	"fmt"
	"time"
)

// calendarError is the error of a working-day question about year, whose
// holidays the rulebook does not hold: a *FieldError of code CodeNoRules
// wrapping ErrNoCalendar.
func calendarError(year int) *FieldError {
	fe := newFieldError(CodeNoRules, "",
		fmt.Sprintf("tidak ada kalender hari libur untuk %d: tambahkan hari libur tahun itu (SKB-nya) ke aturan", year),
		fmt.Sprintf("no holiday calendar for %d: add the year's holidays (its SKB) to the rulebook", year))
	fe.Err = ErrNoCalendar
	return fe
}

// Calendar answers working-day questions: a working day is a Monday to
// Friday that is neither a national holiday (hari libur nasional) nor a
// collective leave day (cuti bersama) in the rulebook's holiday years.
// WithCutiBersama gives the calendar that counts cuti bersama as working
// days, for the reading that collective leave, unlike a public holiday,
// does not stop "hari kerja" (calendar.cuti_bersama).
type Calendar struct {
	rb          *Rulebook
	cutiWorking bool
}

// WithCutiBersama returns the calendar with cuti bersama days counted as
// working days (working true) or not (false, the zero Calendar's way).
// National holidays and weekends are never working days.
func (c Calendar) WithCutiBersama(working bool) Calendar {
	c.cutiWorking = working
	return c
}

// CutiBersamaWorking reports whether the calendar counts cuti bersama as
// working days.
func (c Calendar) CutiBersamaWorking() bool { return c.cutiWorking }

// Covers reports whether the calendar holds the holidays of year.
func (c Calendar) Covers(year int) bool {
	if c.rb == nil {
		return false
	}
	_, ok := c.rb.holidays[year]
	return ok
}

// Holiday returns the holiday on d, if d is one.
func (c Calendar) Holiday(d Date) (Holiday, bool) {
	if c.rb == nil {
		return Holiday{}, false
	}
	hy, ok := c.rb.holidays[d.Year()]
	if !ok {
		return Holiday{}, false
	}
	lo, hi := 0, len(hy.Days)
	for lo < hi {
		m := (lo + hi) / 2
		switch hy.Days[m].Date.Compare(d) {
		case 0:
			return hy.Days[m], true
		case -1:
			lo = m + 1
		default:
			hi = m
		}
	}
	return Holiday{}, false
}

// calRun is a run of consecutive covered years, with a prefix count of
// its working days: cum[i] is the number of working days from first to
// first+i, inclusive. Every working-day question inside a run is one or
// two lookups, or a binary search, instead of a walk day by day.
type calRun struct {
	first, last int32 // day numbers
	cum         []int32
}

// buildCalRuns builds the runs of the covered years (ascending); with
// cutiWorking, cuti bersama days count as working days.
func buildCalRuns(years []int, holidays map[int]*HolidayYear, cutiWorking bool) []calRun {
	var runs []calRun
	for _, y := range years {
		first, _ := DateOf(y, time.January, 1)
		last, _ := DateOf(y, time.December, 31)
		if n := len(runs); n == 0 || runs[n-1].last+1 != first.n {
			runs = append(runs, calRun{first: first.n, last: first.n - 1})
		}
		r := &runs[len(runs)-1]
		days := holidays[y].Days // sorted by date
		h := 0
		count := int32(0)
		if len(r.cum) > 0 {
			count = r.cum[len(r.cum)-1]
		}
		for d := first; !d.After(last); d = d.AddDays(1) {
			for h < len(days) && days[h].Date.Before(d) {
				h++
			}
			holiday := h < len(days) && days[h].Date.Equal(d) && !(cutiWorking && days[h].Kind == HolidayCutiBersama)
			if wd := d.Weekday(); wd != time.Saturday && wd != time.Sunday && !holiday {
				count++
			}
			r.cum = append(r.cum, count)
		}
		r.last = last.n
	}
	return runs
}

// run returns the run that covers the day number n, or nil.
func (c Calendar) run(n int32) *calRun {
	if c.rb == nil {
		return nil
	}
	runs := c.rb.calRuns
	if c.cutiWorking {
		runs = c.rb.calRunsCuti
	}
	for i := range runs {
		if r := &runs[i]; n >= r.first && n <= r.last {
			return r
		}
	}
	return nil
}

// before returns the working days of r before the day number n (which
// may be r.first-1 .. r.last+1).
func (r *calRun) before(n int32) int32 {
	if i := n - r.first; i > 0 {
		return r.cum[i-1]
	}
	return 0
}

// IsWorkingDay reports whether d is a working day. It fails with a
// *FieldError wrapping ErrNoCalendar when the rulebook has no holidays for
// d's year.
func (c Calendar) IsWorkingDay(d Date) (bool, error) {
	if d.IsZero() {
		return false, errors.New("rules: IsWorkingDay of the zero date")
	}
	if c.rb == nil {
		return false, ErrZeroSnapshot
	}
	r := c.run(d.n)
	if r == nil {
		return false, calendarError(d.Year())
	}
	i := d.n - r.first
	return r.cum[i] != r.before(d.n), nil
}

// maxWorkingDaySpan bounds the calendar days AddWorkingDays will walk, so
// that a calendar without working days cannot loop for ever.
const maxWorkingDaySpan = 3660

// AddWorkingDays returns the n-th working day after d (before d for a
// negative n). d itself is not counted, whether or not it is a working day:
// the third working day after Friday 2019-05-31, with Idul Fitri 1440 and
// its cuti bersama in between, is Wednesday 2019-06-12. With n = 0 it
// returns d. A walk into a year the calendar does not cover fails with a
// *FieldError wrapping ErrNoCalendar.
func (c Calendar) AddWorkingDays(d Date, n int) (Date, error) {
	if n == 0 {
		return d, nil
	}
	if e, ok := c.addInRun(d, n); ok {
		return e, nil
	}
	return c.walkWorkingDays(d, n)
}

// addInRun answers AddWorkingDays from the prefix counts when the answer
// lies in the run next to d, within maxWorkingDaySpan; ok is false
// otherwise (the walk then finds the answer or the error).
func (c Calendar) addInRun(d Date, n int) (Date, bool) {
	next := d.n + 1
	if n < 0 {
		next = d.n - 1
	}
	r := c.run(next)
	if r == nil || n > maxWorkingDaySpan || n < -maxWorkingDaySpan {
		return Date{}, false
	}
	var j int32 // index in r of the answer
	if n > 0 {
		// The first day after d whose count reaches the working days
		// up to d plus n is the n-th working day after d.
		target := r.before(d.n+1) + int32(n)
		if target > r.cum[len(r.cum)-1] {
			return Date{}, false
		}
		j = int32(lowerBound(r.cum, target))
	} else {
		// The last day before d with -n working days from it to d-1
		// is the first whose count reaches t.
		t := r.before(d.n) + int32(n) + 1
		if t < 1 {
			return Date{}, false
		}
		j = int32(lowerBound(r.cum, t))
	}
	e := Date{n: r.first + j}
	if span := e.n - d.n; span > maxWorkingDaySpan+1 || span < -maxWorkingDaySpan-1 {
		return Date{}, false
	}
	return e, true
}

// lowerBound returns the first index i with l[i] >= x (len(l) if none).
func lowerBound(l []int32, x int32) int {
	lo, hi := 0, len(l)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if l[m] < x {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// walkWorkingDays is AddWorkingDays day by day, for answers outside one
// run and for the errors.
func (c Calendar) walkWorkingDays(d Date, n int) (Date, error) {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	cur := d
	for walked := 0; n > 0; walked++ {
		if walked > maxWorkingDaySpan {
			return Date{}, fmt.Errorf("rules: no %d working days within %d days of %s", n, maxWorkingDaySpan, d)
		}
		if (step > 0 && !cur.Before(LastDate)) || (step < 0 && !cur.After(FirstDate)) {
			return Date{}, rangeError("a working day after", d.String())
		}
		cur = cur.AddDays(step)
		ok, err := c.IsWorkingDay(cur)
		if err != nil {
			return Date{}, err
		}
		if ok {
			n--
		}
	}
	return cur, nil
}

// NextWorkingDay returns d if it is a working day, else the first working
// day after it (Juknis 440/Kep.21/2017 IV.b.2.o: a discharge on a holiday
// is approved on the next working day).
func (c Calendar) NextWorkingDay(d Date) (Date, error) {
	ok, err := c.IsWorkingDay(d)
	if err != nil || ok {
		return d, err
	}
	return c.AddWorkingDays(d, 1)
}

// WorkingDaysBetween counts the working days after from, up to and
// including to. It is 0 when to is not after from. A span reaching a year
// the calendar does not cover fails with a *FieldError wrapping
// ErrNoCalendar.
func (c Calendar) WorkingDaysBetween(from, to Date) (int, error) {
	if !to.After(from) {
		return 0, nil
	}
	if r := c.run(from.n + 1); r != nil && to.n <= r.last {
		return int(r.cum[to.n-r.first] - r.before(from.n+1)), nil
	}
	n := 0
	for cur := from.AddDays(1); !cur.After(to); cur = cur.AddDays(1) {
		ok, err := c.IsWorkingDay(cur)
		if err != nil {
			return 0, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}
