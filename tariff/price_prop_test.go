package tariff_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/simulate"
	"github.com/kartusehat/kartusehat/tariff"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// Properties of pricing (issue 17, "Properties, not just examples"), on
// random valid episodes: 100 cases by default (-rapid.checks=N for more).
// The episodes are simulate's generator's (the embedded rulebook with
// the synthetic world: its hospitals, INA-CBG codes, insidental bills,
// on a date of 2017-05-15..2026-12-31), with items paid outside the
// package (fractional unit prices, quantities up to MaxQuantity) and
// hospital bill lines of a fraction of a rupiah on top, priced under
// every rounding mode and unit of money.rounding, set by an overlay.

// roundingBook is one rounding of money.rounding, as an overlay on the
// embedded rulebook with the synthetic world.
type roundingBook struct {
	r  rules.Rounding
	rb *rules.Rulebook
}

var roundingBooks = sync.OnceValues(func() ([]roundingBook, *tariff.Table) {
	var out []roundingBook
	for _, mode := range []rules.RoundingMode{rules.HalfAwayFromZero, rules.HalfEven, rules.TowardZero, rules.AwayFromZero} {
		for _, unit := range []int64{1, 100, 1000} {
			ov := fmt.Sprintf(`parameters:
  money:
    rounding:
      mode: {values: {2017-01-01: {value: %s, ref: "kartusehat convention (no instrument in the sources sets a rounding rule)"}}}
      unit: {values: {2017-01-01: {value: %d, ref: "kartusehat convention (no instrument in the sources sets a rounding unit)"}}}
`, mode, unit)
			rb, err := rules.Default().Overlay(fmt.Sprintf("rounding-%s-%d.yaml", mode, unit), strings.NewReader(ov))
			if err != nil {
				panic(err)
			}
			if rb, err = simulate.WithWorld(rb); err != nil {
				panic(err)
			}
			out = append(out, roundingBook{rules.Rounding{Mode: mode, Unit: decimal.NewFromInt(unit)}, rb})
		}
	}
	t, err := simulate.SyntheticTable()
	if err != nil {
		panic(err)
	}
	return out, t
})

// crosses says how got, the rounding of exact to a multiple of r.Unit,
// breaks r: not a multiple, a unit or more away, across the exact amount
// against the mode (toward zero rounding away from it, away from zero
// toward it), or more than half a unit off in a half mode; "" if none.
func crosses(r rules.Rounding, exact decimal.Decimal, got int64) string {
	g := decimal.NewFromInt(got)
	diff := g.Sub(exact)
	switch {
	case !g.Mod(r.Unit).IsZero():
		return "not a multiple of the unit"
	case diff.Abs().GreaterThanOrEqual(r.Unit):
		return "a unit or more away"
	case r.Mode == rules.TowardZero && (g.Abs().GreaterThan(exact.Abs()) || g.Sign()*exact.Sign() < 0):
		return "rounded away from zero"
	case r.Mode == rules.AwayFromZero && (g.Abs().LessThan(exact.Abs()) || g.Sign()*exact.Sign() < 0):
		return "rounded toward zero"
	case (r.Mode == rules.HalfAwayFromZero || r.Mode == rules.HalfEven) && diff.Abs().Mul(decimal.NewFromInt(2)).GreaterThan(r.Unit):
		return "more than half a unit off"
	}
	return ""
}

// drawUnitPrice draws a unit price of up to 2 million rupiah with up to
// 4 decimals.
func drawUnitPrice(t *rapid.T, label string) *decimal.Decimal {
	d := decimal.New(rapid.Int64Range(1, 2_000_000_0000).Draw(t, label), -int32(rapid.IntRange(0, 4).Draw(t, label+" decimals")))
	return &d
}

// drawQuantity draws a quantity: not given (1), small, or up to
// MaxQuantity.
func drawQuantity(t *rapid.T) tariff.Quantity {
	if rapid.IntRange(0, 9).Draw(t, "a large quantity") == 0 {
		return tariff.Quantity(rapid.IntRange(1, tariff.MaxQuantity).Draw(t, "quantity"))
	}
	return tariff.Quantity(rapid.IntRange(0, 5).Draw(t, "quantity"))
}

// TestPropBill: a bill's total is the sum of its lines and of its payers'
// totals, to the rupiah; every line's amount is its unit price times its
// quantity rounded with the rulebook's mode and unit, never across the
// exact amount against the mode; so is an insidental case's payment (its
// lines and the discount), rounded once as a whole.
func TestPropBill(t *testing.T) {
	books, table := roundingBooks()
	from := rules.MustParseDate("2017-05-15")
	bases := map[string]int{}
	rapid.Check(t, func(t *rapid.T) {
		b := rapid.SampledFrom(books).Draw(t, "rounding")
		g, err := simulate.NewGenerator(b.rb, rapid.IntRange(2017, 2026).Draw(t, "year"), rapid.Uint64Range(1, 1<<32).Draw(t, "seed"), 1)
		if err != nil {
			t.Fatal(err)
		}
		var e simulate.Encounter
		i := rapid.Int64Range(0, g.Len()-1).Draw(t, "encounter")
		g.Fill(i, &e)
		if rapid.IntRange(0, 2).Draw(t, "an insidental case") == 0 {
			// Few encounters are insidental: the next one from i.
			for n := int64(1); e.Billing.Insidental == nil && n < g.Len(); n++ {
				g.Fill((i+n)%g.Len(), &e)
			}
		}
		on := e.Episode.ServiceDate()
		if on.Before(from) {
			t.Skip("before the tariff rules")
		}
		s := b.rb.At(on)
		d, err := eligibility.Check(&e.Facts, s)
		if err != nil {
			t.Fatal(err)
		}
		a, err := referral.Assess(&e.Episode, &d, s)
		if err != nil {
			t.Fatal(err)
		}
		ep := e.Billing
		ep.Items = nil
		for range rapid.IntRange(0, 3).Draw(t, "items") {
			it := tariff.Item{Kind: rapid.SampledFrom([]string{"blood_bag", "amhp_khusus", "erythropoietin", "ambulance"}).Draw(t, "kind"), Quantity: drawQuantity(t)}
			switch it.Kind {
			case "blood_bag":
				it.UnitPrice = drawUnitPrice(t, "unit price")
			case "amhp_khusus":
				it.UnitPrice = drawUnitPrice(t, "unit price")
				v, _ := s.Param("services.amhp_khusus")
				it.Tier = rapid.SampledFrom(v.List()).Draw(t, "consumable")
			case "ambulance":
				it.Tier = rapid.SampledFrom([]string{"city", "outside_city", "ventilator_city", "ventilator_outside_city"}).Draw(t, "tier")
			}
			ep.Items = append(ep.Items, it)
		}
		if ep.Insidental != nil {
			ins := *ep.Insidental
			ins.Lines = nil
			for i, l := range ep.Insidental.Lines {
				if rapid.Bool().Draw(t, "a fraction of a rupiah") {
					l.Amount = drawUnitPrice(t, fmt.Sprint("hospital line ", i))
				}
				ins.Lines = append(ins.Lines, l)
			}
			ep.Insidental = &ins
		}
		bill, err := tariff.Price(&ep, &a, s, table)
		if err != nil {
			t.Fatalf("a valid episode is not priced: %v", err)
		}
		bases[bill.Basis]++
		var sum int64
		var payExact decimal.Decimal
		var payRounded int64
		discounted := false
		for i, l := range bill.Lines {
			sum += l.Rupiah()
			if !l.Amount().Equal(decimal.NewFromInt(l.Rupiah())) {
				t.Fatalf("line %d: Amount %s, Rupiah %d", i, l.Amount(), l.Rupiah())
			}
			exact := l.UnitPrice().Mul(decimal.NewFromInt(int64(l.Quantity)))
			if l.Kind == "hospital_tariff" || l.Kind == "discount" {
				payExact, payRounded = payExact.Add(exact), payRounded+l.Rupiah()
				discounted = discounted || l.Kind == "discount"
			}
			if l.Kind == "discount" {
				continue // the payment is rounded as a whole, below
			}
			if why := crosses(b.r, exact, l.Rupiah()); why != "" {
				t.Fatalf("%s unit %s: line %d (%s) %s x %d = %s is billed %d: %s", b.r.Mode, b.r.Unit, i, l.Kind, l.UnitPrice(), l.Quantity, exact, l.Rupiah(), why)
			}
		}
		if discounted {
			if why := crosses(b.r, payExact, payRounded); why != "" {
				t.Fatalf("%s unit %s: the insidental payment %s is billed %d: %s", b.r.Mode, b.r.Unit, payExact, payRounded, why)
			}
		}
		if sum != bill.TotalRupiah() || !bill.Total().Equal(decimal.NewFromInt(sum)) {
			t.Fatalf("the total %d is not the sum of the lines %d", bill.TotalRupiah(), sum)
		}
		var byPayer int64
		for _, pt := range bill.Totals {
			byPayer += pt.Rupiah()
			if !bill.TotalFor(pt.Payer).Equal(pt.Amount()) {
				t.Fatalf("TotalFor(%s) = %s, the total says %s", pt.Payer, bill.TotalFor(pt.Payer), pt.Amount())
			}
		}
		if byPayer != sum {
			t.Fatalf("the payers' totals add up to %d, the lines to %d", byPayer, sum)
		}
	})
	t.Logf("bases drawn: %v", bases)
}
