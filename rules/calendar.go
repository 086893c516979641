package rules

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// ErrNoCalendar is wrapped by a CalendarError: a working-day question about
// a year whose holidays the rulebook does not hold. The calendar never
// guesses that such a year has no holidays.
var ErrNoCalendar = errors.New("rules: no holiday calendar for the year")

// CalendarError names the year the calendar lacks.
type CalendarError struct {
	Year int
}

// Error implements the error interface.
func (e *CalendarError) Error() string {
	return fmt.Sprintf("rules: no holiday calendar for %d: add the year's holidays (its SKB) to the rulebook", e.Year)
}

// Unwrap returns ErrNoCalendar.
func (e *CalendarError) Unwrap() error { return ErrNoCalendar }

// Calendar answers working-day questions: a working day is a Monday to
// Friday that is neither a national holiday (hari libur nasional) nor a
// collective leave day (cuti bersama) in the rulebook's holiday years.
type Calendar struct {
	rb *Rulebook
}

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

// IsWorkingDay reports whether d is a working day. It fails with a
// *CalendarError when the rulebook has no holidays for d's year.
func (c Calendar) IsWorkingDay(d Date) (bool, error) {
	if d.IsZero() {
		return false, errors.New("rules: IsWorkingDay of the zero date")
	}
	if c.rb == nil {
		return false, ErrZeroSnapshot
	}
	if !c.covers(d) {
		return false, &CalendarError{Year: d.Year()}
	}
	switch d.Weekday() {
	case time.Saturday, time.Sunday:
		return false, nil
	}
	_, holiday := slices.BinarySearch(c.rb.calDays, d.n)
	return !holiday, nil
}

// covers reports whether d's year is in the calendar, on day numbers.
func (c Calendar) covers(d Date) bool {
	for _, y := range c.rb.calYears {
		if d.n >= y.first && d.n <= y.last {
			return true
		}
	}
	return false
}

// maxWorkingDaySpan bounds the calendar days AddWorkingDays will walk, so
// that a calendar without working days cannot loop for ever.
const maxWorkingDaySpan = 3660

// AddWorkingDays returns the n-th working day after d (before d for a
// negative n). d itself is not counted, whether or not it is a working day:
// the third working day after Friday 2019-05-31, with Idul Fitri 1440 and
// its cuti bersama in between, is Wednesday 2019-06-12. With n = 0 it
// returns d.
func (c Calendar) AddWorkingDays(d Date, n int) (Date, error) {
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
			return Date{}, &RangeError{What: "a working day after", Value: d.String(), First: FirstDate, Last: LastDate}
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
// including to. It is 0 when to is not after from.
func (c Calendar) WorkingDaysBetween(from, to Date) (int, error) {
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
