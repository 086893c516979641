package rules

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// RoundingMode names how amounts are rounded to the rupiah unit.
type RoundingMode string

// The rounding modes a rulebook may name in money.rounding.mode.
const (
	// HalfAwayFromZero rounds 0.5 up for positive amounts (1,234.5 to
	// 1,235) and down for negative ones.
	HalfAwayFromZero RoundingMode = "half_away_from_zero"
	// HalfEven rounds 0.5 to the even neighbour (banker's rounding).
	HalfEven RoundingMode = "half_even"
	// TowardZero truncates.
	TowardZero RoundingMode = "toward_zero"
	// AwayFromZero rounds any fraction away from zero.
	AwayFromZero RoundingMode = "away_from_zero"
)

// Rounding is how money is rounded: to a multiple of Unit rupiah, with
// Mode. It is the one place where amounts are rounded; every package that
// produces money calls Round. The zero Rounding (no mode, no unit) rounds
// half away from zero to the whole rupiah, the rulebook's own mode; take
// the rulebook's with Snapshot.Rounding.
type Rounding struct {
	Mode RoundingMode
	Unit decimal.Decimal
	// Used records the parameters the rounding was read from.
	Used []Used
}

// The rounding parameters.
const (
	paramRoundingMode = "money.rounding.mode"
	paramRoundingUnit = "money.rounding.unit"
)

// Rounding returns the rounding in force on the snapshot's date.
func (s Snapshot) Rounding() (Rounding, error) {
	mode, mv, err := s.Enum(paramRoundingMode)
	if err != nil {
		return Rounding{}, err
	}
	unit, uv, err := s.Amount(paramRoundingUnit)
	if err != nil {
		return Rounding{}, err
	}
	if !unit.IsPositive() || !unit.IsInteger() {
		return Rounding{}, fmt.Errorf("rules: %s must be a positive whole number of rupiah, is %s", paramRoundingUnit, unit)
	}
	return Rounding{Mode: RoundingMode(mode), Unit: unit, Used: []Used{mv.Used(), uv.Used()}}, nil
}

// Round rounds d to a multiple of r.Unit with r.Mode.
func (r Rounding) Round(d decimal.Decimal) decimal.Decimal {
	unit := r.Unit
	if unit.IsZero() {
		unit = decimal.NewFromInt(1)
	}
	one := unit.Equal(decimal.NewFromInt(1))
	if one && d.Exponent() >= 0 {
		return d // already whole rupiah
	}
	q := d
	if !one {
		q = d.DivRound(unit, 16)
	}
	switch r.Mode {
	case HalfEven:
		q = q.RoundBank(0)
	case TowardZero:
		q = q.Truncate(0)
	case AwayFromZero:
		if q.IsNegative() {
			q = q.RoundFloor(0)
		} else {
			q = q.RoundCeil(0)
		}
	default:
		q = q.Round(0)
	}
	if !one {
		q = q.Mul(unit)
	}
	return q
}

// RoundQuo rounds num/den (den > 0) to a multiple of r.Unit with r.Mode,
// in integers: the whole-rupiah fast path of Round for a share of an
// amount. ok is false when the unit is not a whole number of rupiah or a
// product would overflow; use Round on decimals then.
func (r Rounding) RoundQuo(num, den int64) (q int64, ok bool) {
	unit := int64(1)
	if !r.Unit.IsZero() {
		if !r.Unit.IsInteger() || r.Unit.GreaterThan(decimal.NewFromInt(1<<31)) {
			return 0, false
		}
		unit = r.Unit.IntPart()
	}
	if den <= 0 || unit <= 0 || den > (1<<62)/unit {
		return 0, false
	}
	d := den * unit
	q, rem := num/d, num%d
	if rem < 0 {
		rem = -rem
	}
	neg := num < 0
	up := false
	switch r.Mode {
	case TowardZero:
	case AwayFromZero:
		up = rem != 0
	case HalfEven:
		up = 2*rem > d || 2*rem == d && q%2 != 0
	default:
		up = 2*rem >= d
	}
	if up {
		if neg {
			q--
		} else {
			q++
		}
	}
	return q * unit, true
}

// RoundWhole is Round for a whole number of rupiah n, in integers: n
// rounded to a multiple of r.Unit with r.Mode. r.Unit must be a positive
// whole number of rupiah (as the rulebook's money.rounding.unit is); with
// any other unit it rounds as Round does, through decimals.
func (r Rounding) RoundWhole(n int64) int64 {
	u := int64(1)
	if !r.Unit.IsZero() {
		if r.Unit.Exponent() != 0 || !r.Unit.IsPositive() {
			return r.Round(decimal.NewFromInt(n)).IntPart()
		}
		u = r.Unit.IntPart()
	}
	if u == 1 {
		return n
	}
	q, rem := n/u, n%u // toward zero
	if rem == 0 {
		return n
	}
	away := q + 1
	if n < 0 {
		away = q - 1
		rem = -rem
	}
	switch r.Mode {
	case TowardZero:
	case AwayFromZero:
		q = away
	case HalfEven:
		if 2*rem > u || 2*rem == u && q%2 != 0 {
			q = away
		}
	default: // HalfAwayFromZero
		if 2*rem >= u {
			q = away
		}
	}
	return q * u
}
