package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// quantityIn sets the first quantity of a compact input to q.
var quantityIn = regexp.MustCompile(`"quantity":\s*[0-9]+`)

// TestQuantityZeroRefused (issue 17): an explicit quantity of 0 or -0 in
// a price item or a claim line was billed as 1, Go's zero read as "not
// given". The CLI and the HTTP server now answer out_of_range on the
// leaf field, as for any quantity outside 1..100000.
func TestQuantityZeroRefused(t *testing.T) {
	stay := compact(t, "stay-rsud.json")
	claimFile := compact(t, "claim-stay.json")
	zeroMsg := func(q string) string {
		return "quantity " + q + " is refused: a quantity is 1 to 100000; leave the field out for 1"
	}
	cases := []struct {
		name, cmd, path, in string
		want                wireErr
	}{
		{"price 0", "price", "/v1/price", quantityIn.ReplaceAllString(stay, `"quantity":0`), errJSON(CodeOutOfRange, "/billing/items/1/quantity", zeroMsg("0"))},
		{"price -0", "price", "/v1/price", quantityIn.ReplaceAllString(stay, `"quantity":-0`), errJSON(CodeOutOfRange, "/billing/items/1/quantity", zeroMsg("-0"))},
		{"price -3", "price", "/v1/price", quantityIn.ReplaceAllString(stay, `"quantity":-3`), errJSON(CodeOutOfRange, "/billing/items/1/quantity", "negative quantity -3: a quantity is 1 to 100000")},
		{"price 20 digits", "price", "/v1/price", quantityIn.ReplaceAllString(stay, `"quantity":99999999999999999999`), errJSON(CodeOutOfRange, "/billing/items/1/quantity", "a number of 20 digits is outside 1 to 100000, the range of a quantity (MaxQuantity)")},
		{"claim 0", "claim adjudicate", "/v1/claim/adjudicate", quantityIn.ReplaceAllString(claimFile, `"quantity":0`), errJSON(CodeOutOfRange, "/lines/0/quantity", zeroMsg("0"))},
		{"claim -0", "claim adjudicate", "/v1/claim/adjudicate", quantityIn.ReplaceAllString(claimFile, `"quantity":-0`), errJSON(CodeOutOfRange, "/lines/0/quantity", zeroMsg("-0"))},
		{"claim 100001", "claim adjudicate", "/v1/claim/adjudicate", quantityIn.ReplaceAllString(claimFile, `"quantity":100001`), errJSON(CodeOutOfRange, "/lines/0/quantity", "quantity 100001 is more than 100000, the limit (MaxQuantity)")},
	}
	cfg := defaultServeConfig()
	cfg.inacbg = "../../examples/testdata/inacbg-synthetic.csv"
	ts := startServer(t, cfg)
	for _, tt := range cases {
		t.Run(tt.name, func(t *testing.T) {
			require.NotEqual(t, stay, tt.in)
			args := append(strings.Fields(tt.cmd), "--inacbg", cfg.inacbg)
			got := runError(t, tt.in, args...)
			require.NotNil(t, got, "the CLI accepted it")
			assert.Equal(t, tt.want, got.en(), "CLI")
			ex := ts.on(t).call("POST", tt.path, "application/json", tt.in, nil, false)
			assert.Equal(t, 422, ex.status, string(ex.body))
			assert.Equal(t, tt.want, ex.errorJSON(t).en(), "HTTP")
		})
	}
	// Left out, the quantity is 1 (the same bill as 1); 100000 is taken.
	price := func(in string) string {
		code, out, errOut := runCmd(t, in, "price", "--inacbg", cfg.inacbg)
		require.Equal(t, 0, code, errOut)
		return out
	}
	leftOut := regexp.MustCompile(`,?"quantity":\s*[0-9]+`).ReplaceAllString(stay, "")
	require.NotContains(t, leftOut, "quantity")
	assert.True(t, price(leftOut) == price(quantityIn.ReplaceAllString(stay, `"quantity":1`)), "left out is 1")
	assert.Equal(t, 2, strings.Count(price(quantityIn.ReplaceAllString(stay, `"quantity":100000`)), `"quantity": 100000,`))
}
