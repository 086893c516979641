package rules

import (
	"testing"
)

// TestZeroDateDistances (issue 17): DaysUntil and YearsSince on the zero
// Date answered in silence with a distance to a day before year 1 (an age
// of 2019 on 2019-03-04). The zero Date is no day: no days lie between it
// and any date (DaysUntil 0), and an age from or to it is unknown
// (YearsSince -1, the "age not known" of ExclusionFacts.Age).
func TestZeroDateDistances(t *testing.T) {
	d := MustParseDate("2019-03-04")
	for _, tt := range []struct {
		name      string
		from, to  Date
		days, age int
	}{
		{"zero to a date", Date{}, d, 0, -1},
		{"a date to zero", d, Date{}, 0, -1},
		{"zero to zero", Date{}, Date{}, 0, -1},
		{"first date to itself", FirstDate, FirstDate, 0, 0},
		{"first date to the next", FirstDate, FirstDate.AddDays(1), 1, 0},
		{"first date to 0002-01-01", FirstDate, MustParseDate("0002-01-01"), 365, 1},
		{"a date to the day before", d, d.AddDays(-1), -1, -1},
		{"a date to a year before", d, MustParseDate("2018-03-04"), -365, -1},
		{"born 1957-03-02", MustParseDate("1957-03-02"), MustParseDate("2017-03-02"), 21915, 60},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.from.DaysUntil(tt.to); got != tt.days {
				t.Errorf("%v.DaysUntil(%v) = %d, want %d", tt.from, tt.to, got, tt.days)
			}
			if got := tt.to.YearsSince(tt.from); got != tt.age {
				t.Errorf("(%v).YearsSince(%v) = %d, want %d", tt.to, tt.from, got, tt.age)
			}
		})
	}
	if n := testing.AllocsPerRun(100, func() { _ = d.DaysUntil(FirstDate) + d.YearsSince(FirstDate) }); n != 0 {
		t.Errorf("%v allocations, want none", n)
	}
}

var sinkInt int

func BenchmarkDaysUntil(b *testing.B) {
	d, e := MustParseDate("2019-03-04"), MustParseDate("2026-12-31")
	for i := range b.N {
		sinkInt += d.AddDays(i & 1023).DaysUntil(e)
	}
}

func BenchmarkYearsSince(b *testing.B) {
	d, e := MustParseDate("1957-03-02"), MustParseDate("2026-12-31")
	for i := range b.N {
		sinkInt += e.AddDays(-(i & 1023)).YearsSince(d)
	}
}
