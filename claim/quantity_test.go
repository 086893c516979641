package claim

import (
	"errors"
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLineQuantityZero (issue 17): a claim line's explicit quantity of 0
// or -0 was billed as 1; it is refused, naming the line's field.
func TestLineQuantityZero(t *testing.T) {
	file := func(q string) string {
		return `{"hospital":"rs-ananda","submitted":"2019-04-10","membership":"card",
		  "lines":[{"category":"room","amount":"100000"},{"category":"drug","quantity":` + q + `,"unit_price":"5000","amount":"10000"}]}`
	}
	for _, tt := range []struct{ q, field, msg string }{
		{"0", "/lines/1/quantity", "quantity 0 is refused: a quantity is 1 to 100000; leave the field out for 1"},
		{"-0", "/lines/1/quantity", "quantity -0 is refused: a quantity is 1 to 100000; leave the field out for 1"},
		{"100001", "/lines/1/quantity", "quantity 100001 is more than 100000, the limit (MaxQuantity)"},
		{"2.5", "/lines/quantity", "expected a whole number from 1 to 100000 in digits only, found a JSON number 2.5"},
	} {
		t.Run(tt.q, func(t *testing.T) {
			_, err := DecodeFile(strings.NewReader(file(tt.q)))
			var fe *rules.FieldError
			require.True(t, errors.As(err, &fe), "%v", err)
			assert.Equal(t, tt.field, fe.Pointer)
			assert.Equal(t, tt.msg, fe.MessageEN)
			if tt.q != "2.5" {
				assert.True(t, errors.Is(err, tariff.ErrRange))
			}
		})
	}
	f, err := DecodeFile(strings.NewReader(file("3")))
	require.NoError(t, err)
	assert.Equal(t, tariff.Quantity(3), f.Lines[1].Quantity)
	assert.Equal(t, tariff.Quantity(0), f.Lines[0].Quantity, "left out: not given")
}
