package main

import (
	"bytes"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/stretchr/testify/require"
)

// regexpBilling is the billing at the end of a price line.
var regexpBilling = regexp.MustCompile(`(?m),"billing":\{.*\}\}$`)

// The batch runner's own JSON writers give the bytes encoding/json's
// Encoder gives, line for line: for eligibility, referral and price,
// good lines and bad, ids of every JSON type (spaced, with <, > and &).
func TestBatchJSONAsEncoder(t *testing.T) {
	facts, err := os.ReadFile("../../examples/testdata/facts-card-holder.json")
	require.NoError(t, err)
	var c bytes.Buffer
	require.NoError(t, json.Compact(&c, facts))
	ids := []string{`"a-1"`, `7`, `{ "desk" : "<A&B>" }`, `[1, 2]`, `null`, ``}
	var elig strings.Builder
	for i, id := range ids {
		line := `{"date":"2018-06-01","facts":` + c.String() + `}`
		if i == 3 {
			line = `{"date":"2019-03-01","facts":` + c.String() + `}` // a resident under the Perda
		}
		if id != "" {
			line = `{"id": ` + id + `,` + line[1:]
		}
		elig.WriteString(line + "\n")
	}
	elig.WriteString(`{"id":"bad","date":"2018-06-01","facts":{"person":{}}}` + "\n")
	var price bytes.Buffer
	require.NoError(t, genBatch(&price, "price", 40))
	referralLines := regexpBilling.ReplaceAllString(price.String(), "}")
	for _, c := range []struct {
		op, in string
		args   []string
	}{
		{"eligibility", elig.String(), nil},
		{"price", price.String(), []string{"--inacbg", "../../examples/testdata/inacbg-synthetic.csv"}},
		{"referral", referralLines, nil},
	} {
		outputs := [2]string{}
		for i, fast := range []bool{false, true} {
			fastJSON = fast
			var out, errb bytes.Buffer
			run(append([]string{c.op, "--batch"}, c.args...), strings.NewReader(c.in), &out, &errb)
			outputs[i] = out.String()
		}
		fastJSON = true
		require.NotEmpty(t, outputs[0], c.op)
		require.Contains(t, outputs[0], `"result"`, c.op)
		require.Equal(t, outputs[0], outputs[1], c.op)
	}
	for _, r := range []any{&eligibility.Decision{}, &referralOutput{}, &priceOutput{}} {
		_, done := appendItem(nil, &batchItem{Line: 1, Result: r})
		require.True(t, done, "%T is written by the fast path", r)
	}
}
