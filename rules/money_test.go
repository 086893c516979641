package rules

import (
	"testing"

	"github.com/shopspring/decimal"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRounding(t *testing.T) {
	tests := []struct {
		mode RoundingMode
		unit string
		in   string
		want string
	}{
		{HalfAwayFromZero, "1", "1234.5", "1235"},
		{HalfAwayFromZero, "1", "1234.49", "1234"},
		{HalfAwayFromZero, "1", "-1234.5", "-1235"},
		{HalfAwayFromZero, "1", "212500.5", "212501"},
		{HalfEven, "1", "1234.5", "1234"},
		{HalfEven, "1", "1235.5", "1236"},
		{TowardZero, "1", "1234.99", "1234"},
		{TowardZero, "1", "-1234.99", "-1234"},
		{AwayFromZero, "1", "1234.01", "1235"},
		{AwayFromZero, "1", "-1234.01", "-1235"},
		{HalfAwayFromZero, "100", "1250", "1300"},
		{HalfAwayFromZero, "100", "1249.99", "1200"},
		{HalfEven, "100", "1250", "1200"},
		{HalfAwayFromZero, "1", "250000", "250000"},
	}
	for _, tt := range tests {
		r := Rounding{Mode: tt.mode, Unit: dec(tt.unit)}
		got := r.Round(dec(tt.in))
		assert.True(t, got.Equal(dec(tt.want)), "%s unit %s: Round(%s) = %s, want %s", tt.mode, tt.unit, tt.in, got, tt.want)
	}
}

func TestSnapshotRounding(t *testing.T) {
	r, err := Default().At(MustParseDate("2019-03-01")).Rounding()
	require.NoError(t, err)
	assert.Equal(t, HalfAwayFromZero, r.Mode)
	assert.True(t, r.Unit.Equal(dec("1")))
	require.Len(t, r.Used, 2)
	assert.Equal(t, paramRoundingMode, r.Used[0].Path)

	_, err = Default().At(MustParseDate("2016-12-31")).Rounding()
	assert.Error(t, err, "no rules before 2017")
}

func TestRoundQuo(t *testing.T) {
	one := decimal.NewFromInt(1)
	for _, c := range []struct {
		mode     RoundingMode
		num, den int64
		want     int64
	}{
		{HalfAwayFromZero, 5, 2, 3},
		{HalfAwayFromZero, 4, 3, 1},
		{HalfEven, 5, 2, 2},
		{HalfEven, 7, 2, 4},
		{TowardZero, 9, 2, 4},
		{AwayFromZero, 7, 3, 3},
		{HalfAwayFromZero, -5, 2, -3},
	} {
		got, ok := Rounding{Mode: c.mode, Unit: one}.RoundQuo(c.num, c.den)
		if !ok || got != c.want {
			t.Errorf("%s %d/%d = %d, want %d", c.mode, c.num, c.den, got, c.want)
		}
		// The same as Round on decimals.
		dec := Rounding{Mode: c.mode, Unit: one}.Round(decimal.NewFromInt(c.num).DivRound(decimal.NewFromInt(c.den), 16))
		if dec.IntPart() != c.want {
			t.Errorf("Round %s %d/%d = %s, want %d", c.mode, c.num, c.den, dec, c.want)
		}
	}
	got, ok := Rounding{Mode: HalfAwayFromZero, Unit: decimal.NewFromInt(100)}.RoundQuo(1250, 1)
	if !ok || got != 1300 {
		t.Errorf("unit 100: %d", got)
	}
}

// RoundWhole, in integers, rounds as Round does in decimals, for every
// mode, several units and amounts around their multiples.
func TestRoundWholeMatchesRound(t *testing.T) {
	for _, mode := range []RoundingMode{HalfAwayFromZero, HalfEven, TowardZero, AwayFromZero, ""} {
		for _, unit := range []int64{1, 2, 5, 10, 100, 500, 1000} {
			r := Rounding{Mode: mode, Unit: decimal.NewFromInt(unit)}
			for _, base := range []int64{0, 1000, 2500, 123456700, -1000, -2500, -123456700} {
				for d := -3 * unit; d <= 3*unit; d++ {
					n := base + d
					want := r.Round(decimal.NewFromInt(n)).IntPart()
					if got := r.RoundWhole(n); got != want {
						t.Fatalf("%s to %d: RoundWhole(%d) = %d, Round gives %d", mode, unit, n, got, want)
					}
				}
			}
		}
	}
	assert.Equal(t, int64(7), Rounding{}.RoundWhole(7), "the zero Rounding rounds to the rupiah")
}
