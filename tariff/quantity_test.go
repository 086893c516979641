package tariff

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/kartusehat/kartusehat/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestQuantityJSON (issue 17): an explicit quantity of 0 or -0 was billed
// as 1, Go's zero read as "not given". In JSON a quantity is a whole
// number from 1 to MaxQuantity; leaving it out is "not given" (1).
func TestQuantityJSON(t *testing.T) {
	for _, tt := range []struct {
		in    string
		want  Quantity
		err   string
		rng   bool // a *rules.FieldError wrapping ErrRange
		isTyp bool // a *json.UnmarshalTypeError, as for an int
	}{
		{in: `{}`, want: 0},
		{in: `{"quantity": null}`, want: 0},
		{in: `{"quantity": 1}`, want: 1},
		{in: `{"quantity": 100000}`, want: 100000},
		{in: `{"quantity": 0}`, err: "quantity 0 is refused: a quantity is 1 to 100000; leave the field out for 1", rng: true},
		{in: `{"quantity": -0}`, err: "quantity -0 is refused: a quantity is 1 to 100000; leave the field out for 1", rng: true},
		{in: `{"quantity": -1}`, err: "negative quantity -1: a quantity is 1 to 100000", rng: true},
		{in: `{"quantity": 100001}`, err: "quantity 100001 is more than 100000, the limit (MaxQuantity)", rng: true},
		{in: `{"quantity": 3275014508900001}`, err: "a number of 16 digits is outside 1 to 100000, the range of a quantity (MaxQuantity)", rng: true},
		{in: `{"quantity": 2.0}`, isTyp: true},
		{in: `{"quantity": 2.5}`, isTyp: true},
		{in: `{"quantity": 1e5}`, isTyp: true},
		{in: `{"quantity": "2"}`, isTyp: true},
		{in: `{"quantity": true}`, isTyp: true},
	} {
		t.Run(tt.in, func(t *testing.T) {
			var it Item
			err := json.Unmarshal([]byte(tt.in), &it)
			switch {
			case tt.err != "":
				require.EqualError(t, err, tt.err)
				assert.True(t, errors.Is(err, ErrRange))
				var qe *rules.FieldError
				require.True(t, errors.As(err, &qe))
				assert.Equal(t, rules.CodeOutOfRange, qe.Code)
				assert.NotContains(t, qe.Message, "3275014508900001")
			case tt.isTyp:
				var te *json.UnmarshalTypeError
				require.True(t, errors.As(err, &te), "%v", err)
				assert.Equal(t, "quantity", te.Field)
			default:
				require.NoError(t, err)
				assert.Equal(t, tt.want, it.Quantity)
			}
		})
	}
	assert.Equal(t, 1, Quantity(0).Count(), "not given counts 1")
	assert.Equal(t, 7, Quantity(7).Count())
}
