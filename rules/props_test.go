package rules

import (
	"math/big"
	"reflect"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// Properties (issue 17, "Properties, not just examples"), checked with
// pgregory.net/rapid on random valid inputs: 100 cases each by default
// (-rapid.checks=N for more).

// genDate draws a Date in FirstDate..LastDate.
func genDate(t *rapid.T, label string) Date {
	return Date{n: rapid.Int32Range(FirstDate.n, LastDate.n).Draw(t, label)}
}

// A Date round-trips through its text, its civil parts and its days.
func TestPropDateRoundTrips(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := genDate(t, "d")
		s := d.String()
		back, err := ParseDate(s)
		if err != nil || back != d {
			t.Fatalf("ParseDate(%q) = %v, %v; want %v", s, back, err, d.n)
		}
		b, err := d.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var u Date
		if err := u.UnmarshalText(b); err != nil || u != d {
			t.Fatalf("UnmarshalText(%q) = %v, %v", b, u, err)
		}
		y, m, dd := d.Civil()
		if c, ok := DateOf(y, m, dd); !ok || c != d {
			t.Fatalf("DateOf(%d, %d, %d) = %v, %v; want %v", y, m, dd, c, ok, d)
		}
		// In WIB: 0001-01-01 at midnight UTC is the zero time.Time, no date.
		if tm := d.In(wib); true {
			if back, err := DateFromTime(tm); err != nil || back != d {
				t.Fatalf("DateFromTime(%v) = %v, %v; want %v", tm, back, err, d)
			}
		}
		e := genDate(t, "e")
		if got := d.AddDays(d.DaysUntil(e)); got != e {
			t.Fatalf("%v + DaysUntil(%v) = %v", d, e, got)
		}
		if (d.Compare(e) < 0) != (s < e.String()) {
			t.Fatalf("the order of %v and %v is not the order of their text", d, e)
		}
		if d.Weekday() != d.In(time.UTC).Weekday() {
			t.Fatalf("Weekday of %v is %v, time says %v", d, d.Weekday(), d.In(time.UTC).Weekday())
		}
	})
}

var wib = time.FixedZone("WIB", 7*3600)

// modes are every RoundingMode.
var modes = []RoundingMode{HalfAwayFromZero, HalfEven, TowardZero, AwayFromZero}

// genAmount draws an amount of rupiah with up to 4 decimals, within a
// trillion either way.
func genAmount(t *rapid.T, label string) decimal.Decimal {
	n := rapid.Int64Range(-1_000_000_000_000_0000, 1_000_000_000_000_0000).Draw(t, label)
	return decimal.New(n, -int32(rapid.IntRange(0, 4).Draw(t, label+".scale")))
}

// Rounding of every mode gives a multiple of the unit within one unit of
// the exact amount, and never crosses it against the mode: toward zero
// never away from zero, away from zero never toward it, the half modes
// never more than half a unit off. The integer paths (RoundWhole,
// RoundQuo) agree with Round.
func TestPropRoundingNeverCrosses(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		mode := rapid.SampledFrom(modes).Draw(t, "mode")
		unit := decimal.NewFromInt(rapid.SampledFrom([]int64{1, 5, 100, 500, 1000}).Draw(t, "unit"))
		r := Rounding{Mode: mode, Unit: unit}
		x := genAmount(t, "x")
		got := r.Round(x)
		if !got.Mod(unit).IsZero() {
			t.Fatalf("%s: Round(%s) = %s, not a multiple of %s", mode, x, got, unit)
		}
		diff := got.Sub(x)
		if diff.Abs().GreaterThanOrEqual(unit) {
			t.Fatalf("%s: Round(%s) = %s, a unit or more away", mode, x, got)
		}
		switch mode {
		case TowardZero:
			if got.Abs().GreaterThan(x.Abs()) || got.Sign()*x.Sign() < 0 {
				t.Fatalf("toward zero: Round(%s) = %s crosses the amount away from zero", x, got)
			}
		case AwayFromZero:
			if got.Abs().LessThan(x.Abs()) || got.Sign()*x.Sign() < 0 {
				t.Fatalf("away from zero: Round(%s) = %s crosses the amount toward zero", x, got)
			}
		default:
			if diff.Abs().Mul(decimal.NewFromInt(2)).GreaterThan(unit) {
				t.Fatalf("%s: Round(%s) = %s, more than half a unit off", mode, x, got)
			}
		}
		if x.IsInteger() {
			if w := r.RoundWhole(x.IntPart()); w != got.IntPart() {
				t.Fatalf("%s: RoundWhole(%s) = %d, Round says %s", mode, x, w, got)
			}
		}
		num := rapid.Int64Range(-1_000_000_000_000, 1_000_000_000_000).Draw(t, "num")
		den := rapid.Int64Range(1, 1_000_000).Draw(t, "den")
		q, ok := r.RoundQuo(num, den)
		if !ok {
			t.Fatalf("RoundQuo(%d, %d) refused", num, den)
		}
		if want := roundRat(big.NewRat(num, den), mode, unit.IntPart()); q != want {
			t.Fatalf("%s unit %s: RoundQuo(%d, %d) = %d, want %d", mode, unit, num, den, q, want)
		}
	})
}

// roundRat rounds x to a multiple of unit with mode, exactly: the
// reference RoundQuo is held to.
func roundRat(x *big.Rat, mode RoundingMode, unit int64) int64 {
	q := new(big.Rat).Quo(x, big.NewRat(unit, 1))
	fl := new(big.Int).Div(q.Num(), q.Denom()) // floor (Denom > 0; Div is Euclidean)
	frac := new(big.Rat).Sub(q, new(big.Rat).SetInt(fl))
	half := big.NewRat(1, 2)
	up := false // take fl+1 rather than fl
	switch c := frac.Cmp(half); mode {
	case TowardZero:
		up = frac.Sign() != 0 && q.Sign() < 0
	case AwayFromZero:
		up = frac.Sign() != 0 && q.Sign() > 0
	case HalfEven:
		up = c > 0 || c == 0 && fl.Bit(0) == 1
	default: // half away from zero
		up = c > 0 || c == 0 && q.Sign() > 0
	}
	if up {
		fl.Add(fl, big.NewInt(1))
	}
	return fl.Int64() * unit
}

// A snapshot's values are the parameter's timeline: on any date, the
// value in force is the last whose From is on or before it, unless its
// Until is past; by path, by ParamRef and in Values alike (internal/paramset checks its Set).
func TestPropSnapshotFollowsTimeline(t *testing.T) {
	rb := Default()
	params := rb.Params()
	paths := make([]string, len(params))
	for i, p := range params {
		paths[i] = p.Path
	}
	lo, hi := MustParseDate("2016-06-01"), MustParseDate("2027-12-31")
	rapid.Check(t, func(t *rapid.T) {
		p := rapid.SampledFrom(params).Draw(t, "param")
		// Dates near the timeline's edges are drawn as often as any.
		var d Date
		if len(p.Values) > 0 && rapid.Bool().Draw(t, "near an edge") {
			v := rapid.SampledFrom(p.Values).Draw(t, "edge of")
			d = v.From.AddDays(rapid.IntRange(-1, 1).Draw(t, "offset"))
		} else {
			d = Date{n: rapid.Int32Range(lo.n, hi.n).Draw(t, "date")}
		}
		var want *Value
		for i := range p.Values {
			v := &p.Values[i]
			if d.Before(v.From) {
				continue
			}
			if i+1 < len(p.Values) && !d.Before(p.Values[i+1].From) {
				continue
			}
			if v.Until.IsZero() || !d.After(v.Until) {
				want = v
			}
		}
		s := rb.At(d)
		got, err := s.Param(p.Path)
		if want == nil {
			if err == nil {
				t.Fatalf("%s on %s: %v, want no value", p.Path, d, got.Display())
			}
		} else if err != nil || !reflect.DeepEqual(got, *want) {
			t.Fatalf("%s on %s: %v (from %s), %v; want %v (from %s)", p.Path, d, got.Display(), got.From, err, want.Display(), want.From)
		}
		k := s.ParamRef(p.Path)
		if (k == nil) != (want == nil) || k != nil && !reflect.DeepEqual(*k, *want) {
			t.Fatalf("%s on %s: ParamRef disagrees with the timeline", p.Path, d)
		}
		found := false
		for _, v := range s.Values() {
			if v.Path == p.Path {
				found = true
				if want == nil || !reflect.DeepEqual(v, *want) {
					t.Fatalf("%s on %s: Values disagrees with the timeline", p.Path, d)
				}
			}
		}
		if found != (want != nil) {
			t.Fatalf("%s on %s: in Values %v, in force %v", p.Path, d, found, want != nil)
		}
	})
}
