package month

import (
	"testing"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
)

// TestBudgetOptionsAsApplyBudget: the budget years the options take
// before the month is read are those claim.ApplyBudget takes after it.
func TestBudgetOptionsAsApplyBudget(t *testing.T) {
	for _, y := range []int{2016, minBudgetYear, 2019, maxBudgetYear, maxBudgetYear + 1} {
		o := VerifyOptions{budgetYear: y, budget: "1", paid: "0"}
		b, oe := o.Budget()
		_, err := claim.ApplyBudget(claim.Budget{Year: y, Amount: decimal.NewFromInt(1)}, decimal.Zero, rules.Default().At(rules.MustParseDate("2019-12-31")))
		assert.Equal(t, err == nil, oe == nil, "year %d", y)
		if oe == nil {
			assert.Equal(t, y, b.Year)
		}
	}
}
