package main

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCLIShowsFirstFieldError (issue 18 item 3): an input with three bad
// fields fails on the command line with the first of them (the root
// package's TestErrorsOfFields checks all three).
func TestCLIShowsFirstFieldError(t *testing.T) {
	raw, err := os.ReadFile("../../examples/testdata/facts-card-holder.json")
	require.NoError(t, err)
	bad := strings.Replace(string(raw), `"kk": "3275010101170001",`, `"kk": "327501",`, 1)
	bad = strings.Replace(bad, `"jkn": {"status": "none"}`, `"jkn": {"status": "pbi"}`, 1)
	bad = strings.Replace(bad, `"valid_through": "2018-12-31",`, ``, 1)
	code, _, errOut := runCmd(t, `{"facts": `+bad+`}`, "eligibility", "--date", "2018-06-01")
	assert.Equal(t, 1, code)
	assert.Equal(t, "kartusehat eligibility: bad_value: /facts/person/kk: a KK number has 16 digits\n", errOut, "the first of the three")
}
