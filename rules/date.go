package rules

import (
	"fmt"
	"strconv"
	"time"
)

// Date is a civil calendar date (year, month, day) with no time of day and
// no time zone. The rules of Kota Bekasi are written in calendar dates
// ("mulai berlaku pada tanggal 23 Agustus 2018"), and a YAML value such as
// 2018-08-23 is read as that calendar day, never as an instant at UTC
// midnight.
//
// The zero Date is not a valid date; IsZero reports it. Dates compare with
// Before, After, Equal and Compare, or with == on two Date values.
type Date struct {
	// n is the number of days since 0000-03-01 plus one, so that the zero
	// value is distinguishable from every real date.
	n int32
}

// DateOf returns the Date for the given year, month and day. It reports
// false if the combination is not a real calendar date or the year is
// outside 1..9999.
func DateOf(year int, month time.Month, day int) (Date, bool) {
	if year < 1 || year > 9999 || month < time.January || month > time.December || day < 1 {
		return Date{}, false
	}
	if day > daysIn(year, month) {
		return Date{}, false
	}
	return Date{n: int32(daysFromCivil(year, int(month), day)) + 1}, true
}

// MustDate is like DateOf but panics on an invalid date. It is meant for
// tests and for constants in code.
func MustDate(year int, month time.Month, day int) Date {
	d, ok := DateOf(year, month, day)
	if !ok {
		panic(fmt.Sprintf("rules: invalid date %04d-%02d-%02d", year, int(month), day))
	}
	return d
}

// unixEpochDays is 1970-01-01 as a Date's n.
var unixEpochDays = int64(daysFromCivil(1970, 1, 1)) + 1

// FirstDate and LastDate bound the dates a Date holds and the rules can
// speak for: 0001-01-01 to 9999-12-31.
var (
	FirstDate = Date{n: int32(daysFromCivil(1, 1, 1)) + 1}
	LastDate  = Date{n: int32(daysFromCivil(9999, 12, 31)) + 1}
)

// rangeError is the error of a date, given or computed, outside the
// range the rulebook can speak for: a *FieldError of code CodeOutOfRange
// wrapping ErrOutOfRange. what names it ("the date", "a working day
// after"); value is how it was given or computed.
func rangeError(what, value string) *FieldError {
	fe := newFieldError(CodeOutOfRange, "",
		fmt.Sprintf("tanggal %s di luar rentang yang dapat dijawab aturan, %s sampai %s", value, FirstDate, LastDate),
		fmt.Sprintf("%s %s is outside the range the rules can speak for, %s to %s", what, value, FirstDate, LastDate))
	fe.Err = ErrOutOfRange
	return fe
}

// DateFromTime returns the calendar date of t in t's own location. The
// zero time.Time (t.IsZero: no time given) is an error wrapping
// ErrZeroTime, and a date outside FirstDate..LastDate (year 0000, or after
// 9999) a *FieldError wrapping ErrOutOfRange: never a zero Date in
// silence. (0001-01-01 at midnight UTC is the zero time.Time, so it too
// is refused; the same day in another zone, or a nanosecond later, is
// FirstDate.)
func DateFromTime(t time.Time) (Date, error) {
	if t.IsZero() {
		return Date{}, ErrZeroTime
	}
	// Whole days since 1970-01-01 on the wall clock of t's zone, floored:
	// the calendar's round trip (t.Date, DateOf) only out of range.
	_, off := t.Zone()
	if secs := t.Unix() + int64(off); secs > -1<<62 && secs < 1<<62 {
		if secs < 0 {
			secs -= 86399
		}
		if n := secs/86400 + unixEpochDays; n >= int64(FirstDate.n) && n <= int64(LastDate.n) {
			return Date{n: int32(n)}, nil
		}
	}
	y, m, d := t.Date()
	date, ok := DateOf(y, m, d)
	if !ok {
		return Date{}, rangeError("the date", t.Format("2006-01-02"))
	}
	return date, nil
}

// CheckedAddDays is AddDays with a *FieldError wrapping ErrOutOfRange
// instead of a date outside FirstDate..LastDate; what names the result in
// the error.
func (d Date) CheckedAddDays(n int, what string) (Date, error) {
	if d.IsZero() {
		return Date{}, rangeError(what, "(no date)")
	}
	r := int64(d.n) + int64(n)
	if r < int64(FirstDate.n) || r > int64(LastDate.n) {
		return Date{}, rangeError(what, fmt.Sprintf("%s %+d days", d, n))
	}
	return Date{n: int32(r)}, nil
}

// dateError is the error of input that is not a date: a *FieldError of
// code CodeBadValue wrapping ErrDateSyntax or ErrDateRange, quoting the
// input.
func dateError(input string, sentinel error) *FieldError {
	id, en := "bukan tanggal berbentuk YYYY-MM-DD", "date is not of the form YYYY-MM-DD"
	if sentinel == ErrDateRange {
		id, en = "tanggal itu tidak ada di kalender", "no such calendar date"
	}
	fe := newFieldError(CodeBadValue, "", fmt.Sprintf("%s: %q", id, input), fmt.Sprintf("%s: %q", en, input))
	fe.Err = sentinel
	return fe
}

// ParseDate parses a date in the ISO 8601 calendar form YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, dateError(s, ErrDateSyntax)
	}
	y, ok1 := atoiDigits(s[0:4])
	m, ok2 := atoiDigits(s[5:7])
	d, ok3 := atoiDigits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, dateError(s, ErrDateSyntax)
	}
	date, ok := DateOf(y, time.Month(m), d)
	if !ok {
		return Date{}, dateError(s, ErrDateRange)
	}
	return date, nil
}

// MustParseDate is like ParseDate but panics on error. It is meant for
// tests and for constants in code.
func MustParseDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func atoiDigits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d.n == 0 }

// Year returns the year of d; 0 for the zero Date.
func (d Date) Year() int { y, _, _ := d.Civil(); return y }

// Month returns the month of d; 0 for the zero Date.
func (d Date) Month() time.Month { _, m, _ := d.Civil(); return m }

// Day returns the day of the month of d; 0 for the zero Date.
func (d Date) Day() int { _, _, dd := d.Civil(); return dd }

// Civil returns the year, month and day of d; 0, 0, 0 for the zero Date
// (no calendar day has them).
func (d Date) Civil() (year int, month time.Month, day int) {
	if d.n == 0 {
		return 0, 0, 0
	}
	y, m, dd := civilFromDays(int(d.n) - 1)
	return y, time.Month(m), dd
}

// Weekday returns the day of the week of d. The zero Date is no day: its
// weekday is not one of a real date (time.Weekday(-1)); check IsZero, or
// use a Calendar, which refuses it.
func (d Date) Weekday() time.Weekday {
	if d.n == 0 {
		return -1
	}
	// 0000-03-01 was a Wednesday.
	w := (int(d.n) - 1 + 3) % 7
	if w < 0 {
		w += 7
	}
	return time.Weekday(w)
}

// AddDays returns d moved by n calendar days (n may be negative). The zero
// Date stays the zero Date: no date moved is still no date. Use
// CheckedAddDays for an error instead, and for a result kept in
// FirstDate..LastDate.
func (d Date) AddDays(n int) Date {
	if d.n == 0 {
		return d
	}
	return Date{n: d.n + int32(n)}
}

// DaysUntil returns the number of calendar days from d to e (negative if e
// is before d). The zero Date is no day, so no days lie between it and
// any date: DaysUntil is 0 when d or e is the zero Date (never the
// distance to a day before year 1). Check IsZero where 0 could be
// mistaken for the same day.
func (d Date) DaysUntil(e Date) int {
	if d.n == 0 || e.n == 0 {
		return 0
	}
	return int(e.n - d.n)
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.n < e.n }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.n > e.n }

// Equal reports whether d and e are the same date.
func (d Date) Equal(e Date) bool { return d.n == e.n }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.n < e.n:
		return -1
	case d.n > e.n:
		return 1
	}
	return 0
}

// In returns the instant at the start of d in loc; the zero time.Time for
// the zero Date (which DateFromTime refuses in turn).
func (d Date) In(loc *time.Location) time.Time {
	if d.n == 0 {
		return time.Time{}
	}
	y, m, dd := d.Civil()
	return time.Date(y, m, dd, 0, 0, 0, 0, loc)
}

// String returns d in the form YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return string(d.AppendText(make([]byte, 0, 10)))
}

// AppendText implements encoding.TextAppender.
func (d Date) AppendText(b []byte) []byte {
	if d.IsZero() {
		return b
	}
	y, m, dd := d.Civil()
	b = appendPadded(b, y, 4)
	b = append(b, '-')
	b = appendPadded(b, int(m), 2)
	b = append(b, '-')
	return appendPadded(b, dd, 2)
}

func appendPadded(b []byte, v, width int) []byte {
	if v >= 0 && (width == 4 && v < 10000 || width == 2 && v < 100) { // no allocation
		var d [4]byte
		for i := 3; i >= 0; i-- {
			d[i] = byte('0' + v%10)
			v /= 10
		}
		return append(b, d[4-width:]...)
	}
	s := strconv.Itoa(v)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// MarshalText implements encoding.TextMarshaler. The zero Date marshals as
// empty text.
func (d Date) MarshalText() ([]byte, error) { return d.AppendText(nil), nil }

// UnmarshalText implements encoding.TextUnmarshaler. Empty text gives the
// zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	p, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if isLeap(y) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// daysFromCivil returns the days since 0000-03-01 (proleptic Gregorian),
// after Howard Hinnant's algorithm.
func daysFromCivil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe
}

func civilFromDays(z int) (y, m, d int) {
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

// YearsSince returns the whole years from from to to: a person born on
// from is that old on to (born 1957-03-02, aged 60 on 2017-03-02 and 59
// the day before); negative when to is before from. When from or to is
// the zero Date the age is unknown: YearsSince is -1, the "age not
// known" of ExclusionFacts.Age (never the year of to, as an age).
func (to Date) YearsSince(from Date) int {
	if from.n == 0 || to.n == 0 {
		return -1
	}
	fy, fm, fd := from.Civil()
	ty, tm, td := to.Civil()
	n := ty - fy
	if tm < fm || tm == fm && td < fd {
		n--
	}
	return n
}
