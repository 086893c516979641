package tariff

import (
	"errors"
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMoneyLimits: an amount, quantity or total over its limit is a
// *rules.FieldError wrapping ErrRange on the field, never a wrapped-around total
// (a blood bag at 1e30, or two bill lines of 5e18, gave a negative total
// before the limits).
func TestMoneyLimits(t *testing.T) {
	fee, err := book.Overlay("fee.yaml", strings.NewReader(
		"rulebook: {name: fee}\nparameters:\n  tariff:\n    ambulance:\n      city:\n        values: {2019-01-01: {value: 100000000000000000000000, ref: 'Juknis 440/Kep.21/2017 IV.d.3'}}\n"))
	require.NoError(t, err)
	withItems := func(items ...Item) *Episode {
		ep := inpatient("rs-ananda", "K-1-17-I")
		ep.Items = items
		return ep
	}
	many := make([]Item, 20)
	for i := range many {
		many[i] = Item{Kind: "blood_bag", Quantity: 1000, UnitPrice: d("1000000000000")}
	}
	tests := []struct {
		name  string
		rb    *rules.Rulebook
		ep    *Episode
		field string
	}{
		{"a unit price of 1e30", book, withItems(Item{Kind: "blood_bag", Quantity: 2, UnitPrice: d("1e30")}), "/items/0/unit_price"},
		{"a unit price one rupiah over MaxAmount", book, withItems(Item{Kind: "blood_bag", UnitPrice: d("1000000000001")}), "/items/0/unit_price"},
		{"two hospital lines of 5e18", book, intensive("rs-ananda", "5000000000000000000", "5000000000000000000"), "/insidental/lines/0/amount"},
		{"a quantity over MaxQuantity", book, withItems(Item{Kind: "blood_bag", Quantity: MaxQuantity + 1, UnitPrice: d("1")}), "/items/0/quantity"},
		{"an overlay fee of 1e23", fee, withItems(Item{Kind: "ambulance", Tier: "city"}), "/items/0"},
		{"lines at the limit, a total past MaxTotal", book, withItems(many...), "/items/0/unit_price"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := price(t, tt.rb, "2019-03-04", tt.ep, covered, synthetic)
			require.ErrorIs(t, err, ErrRange, "%v", err)
			var fe *rules.FieldError
			require.True(t, errors.As(err, &fe))
			assert.Equal(t, tt.field, fe.Pointer)
		})
	}

	// At the limits, the bill is exact and its lines add up to the total.
	b, err := price(t, book, "2019-03-04", withItems(Item{Kind: "blood_bag", Quantity: MaxQuantity, UnitPrice: d("1000000000")}), covered, synthetic)
	require.NoError(t, err)
	sum := int64(0)
	for _, l := range b.Lines {
		sum += l.Rupiah()
	}
	assert.Equal(t, "100000005000000", b.Total().String())
	assert.Equal(t, b.TotalRupiah(), sum)
}

// TestZeroSnapshotAndBeyond: the zero Snapshot is refused; a date after
// the rulebook's last is priced with a warning.
func TestZeroSnapshotAndBeyond(t *testing.T) {
	_, err := Price(inpatient("rs-ananda", "K-1-17-I"), covered, rules.Snapshot{}, synthetic)
	assert.ErrorIs(t, err, rules.ErrZeroSnapshot)
	b, err := price(t, book, "2040-03-05", inpatient("rs-ananda", "K-1-17-I"), covered, synthetic)
	require.NoError(t, err)
	require.NotEmpty(t, b.Warnings)
	assert.Equal(t, "rules_as_last_known", b.Warnings[len(b.Warnings)-1].Code)
}
