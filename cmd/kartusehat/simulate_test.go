package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func simulateArgs(t *testing.T, extra ...string) []string {
	return append([]string{"simulate", "--date", "2019", "--seed", "1", "--scale", "10",
		"--reform", filepath.Join("..", "..", "examples", "reforms", "no-puskesmas-referral.yaml")}, extra...)
}

// The table on standard output, the chart where it says, and nothing on
// standard error when it is not a terminal (no progress bar).
func TestSimulateTable(t *testing.T) {
	prefix := filepath.Join(t.TempDir(), "chart")
	code, out, errs := runCmd(t, "", simulateArgs(t, "--chart", prefix)...)
	require.Equal(t, 0, code, errs)
	assert.Empty(t, errs)
	assert.Contains(t, out, "simulated year 2019 (seed 1): 12,996 encounters")
	assert.Contains(t, out, "reform:   Rujukan puskesmas tidak wajib")
	assert.Contains(t, out, "SYNTHETIC")
	assert.Regexp(t, `referral\.referral_missing\s+\d+\s+0\s+-\d+`, out)
	assert.Contains(t, out, "chart of monthly cost: "+prefix+".svg and "+prefix+".png")
	for _, ext := range []string{".svg", ".png"} {
		st, err := os.Stat(prefix + ext)
		require.NoError(t, err)
		assert.Greater(t, st.Size(), int64(1000))
	}
}

// --json writes the comparison as JSON, and --out the same bytes to a
// file; the same seed gives the same bytes on one worker and on several.
func TestSimulateJSON(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := runCmd(t, "", simulateArgs(t, "-o", "json", "--chart", "none", "--workers", "1", "-o", "json="+filepath.Join(dir, "a.json"))...)
	require.Equal(t, 0, code, errs)
	var c struct {
		Year       int
		Encounters int64
		Baseline   struct{ Total struct{ Cost int64 } }
		Difference struct {
			Refusals map[string]struct{ Encounters int64 }
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &c))
	assert.Equal(t, 2019, c.Year)
	assert.Equal(t, int64(12996), c.Encounters)
	assert.Positive(t, c.Baseline.Total.Cost)
	assert.Negative(t, c.Difference.Refusals["referral.referral_missing"].Encounters)
	file, err := os.ReadFile(filepath.Join(dir, "a.json"))
	require.NoError(t, err)
	assert.Equal(t, out, string(file))

	code, out4, _ := runCmd(t, "", simulateArgs(t, "-o", "json", "--chart", "none", "--workers", "4")...)
	require.Equal(t, 0, code)
	assert.True(t, bytes.Equal([]byte(out), []byte(out4)), "1 and 4 workers")
}

func TestSimulateErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"simulate", "--date", "2027", "--chart", "none"}, 1, "no holiday calendar for 2027"},
		{[]string{"simulate", "--reform", "no-such-file.yaml"}, 1, "no-such-file.yaml"},
		{[]string{"simulate", "--bogus"}, 2, "flag provided but not defined"},
		{[]string{"simulate", "extra"}, 2, `unexpected argument "extra"`},
		{[]string{"simulate", "--scale", "-1"}, 1, "scale must be positive"},
	} {
		code, _, errs := runCmd(t, "", tc.args...)
		assert.Equal(t, tc.code, code, strings.Join(tc.args, " "))
		assert.Contains(t, errs, tc.msg, strings.Join(tc.args, " "))
	}
}
