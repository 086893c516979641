package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var sweepGrid = filepath.Join("..", "..", "examples", "reforms", "sweep-type-b-discount.grid.yaml")

// simulate sweep writes the ranked table, and in --out the JSON, the
// CSV, the cells' comparisons and the band chart.
func TestSweepCommand(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sweep")
	code, stdout, errs := runCmd(t, "", "simulate", "sweep", "--grid", sweepGrid, "--seeds", "2", "--scale", "2", "--out", out)
	require.Equal(t, 0, code, errs)
	assert.Empty(t, errs)
	assert.Contains(t, stdout, "18 cells x 2 seeds x 1 years at 2 per mille")
	assert.Contains(t, stdout, "type_b=30, no-puskesmas-referral")
	assert.Contains(t, stdout, "synthetic world's randomness")
	assert.Contains(t, stdout, "written in "+out+": sweep.json, sweep.csv, cells.jsonl, sweep-2019.svg, sweep-2019.png, sweep-2019-difference.svg, sweep-2019-difference.png")
	var res struct {
		Seeds int
		Cells []struct {
			Name string
			Runs []struct{ Seed uint64 }
			Cost struct{ Min, Median, Max int64 }
		}
	}
	b, err := os.ReadFile(filepath.Join(out, "sweep.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &res))
	require.Len(t, res.Cells, 18)
	assert.Len(t, res.Cells[0].Runs, 2)
	assert.LessOrEqual(t, res.Cells[0].Cost.Min, res.Cells[0].Cost.Median)
	csv, err := os.ReadFile(filepath.Join(out, "sweep.csv"))
	require.NoError(t, err)
	assert.Len(t, strings.Split(strings.TrimSpace(string(csv)), "\n"), 19)
	cells, err := os.ReadFile(filepath.Join(out, "cells.jsonl"))
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(cells)), "\n")
	require.Len(t, lines, 36, "18 cells x 2 seeds")
	assert.Contains(t, lines[1], `"cell":0,"name":"type_b=10, no overlay","comparison":{"year":2019,"seed":2`)
	for _, f := range []string{"sweep-2019.svg", "sweep-2019.png", "sweep-2019-difference.svg", "sweep-2019-difference.png"} {
		st, err := os.Stat(filepath.Join(out, f))
		require.NoError(t, err)
		assert.Greater(t, st.Size(), int64(1000))
	}
}

// Bad grids and options are refused before any work: no output
// directory is made.
func TestSweepCommandErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("name: x\naxes:\n  - parameter: tariff.insidental.discount.type_x\n    values: [10]\n"), 0o644))
	empty := filepath.Join(dir, "empty.yaml")
	require.NoError(t, os.WriteFile(empty, []byte("name: x\naxes: []\n"), 0o644))
	out := filepath.Join(dir, "out")
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"--grid", bad, "--out", out}, 1, `bad.yaml:3: axis 1: unknown parameter "tariff.insidental.discount.type_x"`},
		{[]string{"--grid", empty, "--out", out}, 1, "bad.yaml"[:0] + "empty.yaml:2: the grid is empty"},
		{[]string{"--grid", filepath.Join(dir, "nope.yaml"), "--out", out}, 1, "nope.yaml"},
		{[]string{"--out", out}, 2, "needs --grid"},
		{[]string{"--grid", sweepGrid, "--out", filepath.Join(dir, "no", "out")}, 2, "the directory " + filepath.Join(dir, "no") + " does not exist"},
		{[]string{"--grid", sweepGrid, "--years", "2019,20x", "--out", out}, 2, `--years: "20x"`},
		{[]string{"--grid", sweepGrid, "--years", "2027", "--scale", "1", "--out", out}, 1, "no holiday calendar for 2027"},
		{[]string{"--grid", sweepGrid, "--seeds", "-1"}, 2, "must be positive"},
	} {
		code, _, errs := runCmd(t, "", append([]string{"simulate", "sweep"}, tc.args...)...)
		assert.Equal(t, tc.code, code, strings.Join(tc.args, " "))
		assert.Contains(t, errs, tc.msg, strings.Join(tc.args, " "))
		assert.NoDirExists(t, out, "no work, no output")
	}
}

// issue #17: --chart into a missing directory is refused before the run;
// --reform A --reform B applies both, in order.
func TestSimulateChartDirAndReforms(t *testing.T) {
	dir := t.TempDir()
	code, out, errs := runCmd(t, "", simulateArgs(t, "--chart", filepath.Join(dir, "no", "such", "x"))...)
	assert.Equal(t, 2, code)
	assert.Empty(t, out, "refused before the run")
	assert.Contains(t, errs, "the directory "+filepath.Join(dir, "no", "such")+" does not exist")
	assert.NoDirExists(t, filepath.Join(dir, "no"))

	discount := filepath.Join("..", "..", "examples", "reforms", "discount-type-b-25.yaml")
	code, out, errs = runCmd(t, "", simulateArgs(t, "--reform", discount, "--chart", "none", "-o", "json")...)
	require.Equal(t, 0, code, errs)
	var both struct {
		Reform struct{ Rulebook string }
		Total  struct{ Cost int64 }
	}
	require.NoError(t, json.Unmarshal([]byte(out), &both))
	assert.Equal(t, "Rujukan puskesmas tidak wajib + Diskon RS tipe B 25%", both.Reform.Rulebook)
	code, outOne, _ := runCmd(t, "", simulateArgs(t, "--chart", "none", "-o", "json")...)
	require.Equal(t, 0, code)
	assert.NotEqual(t, outOne, out, "the second reform changes the year")
}
