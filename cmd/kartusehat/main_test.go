package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func runCmd(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestRulesText(t *testing.T) {
	code, out, _ := runCmd(t, "", "rules", "--date", "2019-03-01")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "in force on 2019-03-01 under Perda 9/2018")
	assert.Contains(t, out, "tariff.ambulance.city")
	assert.Contains(t, out, "Juknis 440/Kep.21/2017 IV.d.3")
}

func TestRulesJSON(t *testing.T) {
	code, out, _ := runCmd(t, "", "rules", "--date", "2018-08-22", "-o", "json", "--ambiguities")
	require.Equal(t, 0, code)
	var rep struct {
		Revision   string `json:"revision"`
		Date       string `json:"date"`
		Governing  struct{ Short string }
		Parameters []struct {
			Path  string          `json:"path"`
			Value json.RawMessage `json:"value"`
			Ref   string          `json:"ref"`
		} `json:"parameters"`
		Ambiguities []struct{ Path string } `json:"ambiguities"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	assert.Equal(t, "2018-08-22", rep.Date)
	assert.Equal(t, "Perwal 27.A/2017", rep.Governing.Short)
	assert.NotEmpty(t, rep.Ambiguities)
	found := false
	for _, p := range rep.Parameters {
		if p.Path == "tariff.ambulance.city" {
			found = true
			assert.JSONEq(t, `"200000"`, string(p.Value), "money travels as an exact decimal string")
		}
	}
	assert.True(t, found)
}

func TestRulesErrors(t *testing.T) {
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"rules"}, 2, "--date DATE is required"},
		{[]string{"rules", "--date", "2019-02-30"}, 2, "no such calendar date"},
		{[]string{"rules", "--date", "2019-03-01", "extra"}, 2, `unexpected argument "extra"`},
		{[]string{"rules", "--bogus"}, 2, "flag provided but not defined"},
		{[]string{"nosuch"}, 2, `unknown command "nosuch"`},
		{[]string{"rules", "--date", "2019-03-01", "--overlay", "/no/such/file.yaml"}, 1, "no such file"},
	}
	for _, tt := range tests {
		code, _, errOut := runCmd(t, "", tt.args...)
		assert.Equal(t, tt.code, code, "%v", tt.args)
		assert.Contains(t, errOut, tt.msg, "%v", tt.args)
	}
}

func TestRulesOverlayAndDir(t *testing.T) {
	dir := t.TempDir()
	ov := filepath.Join(dir, "reform.yaml")
	require.NoError(t, os.WriteFile(ov, []byte("rulebook: {name: test reform}\nparameters:\n  tariff:\n    ambulance:\n      city:\n        valeus: {}\n"), 0o644))
	code, _, errOut := runCmd(t, "", "rules", "--date", "2019-03-01", "--overlay", ov)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "reform.yaml:6:9: tariff.ambulance.city: tariff.ambulance.city is a parameter")
	assert.Contains(t, errOut, "reform.yaml:6:17: tariff.ambulance.city.valeus: a group with no parameters (is values: misspelt?)")

	require.NoError(t, os.WriteFile(ov, []byte("rulebook: {name: test reform}\nparameters:\n  tariff:\n    ambulance:\n      city:\n        values: {2017-05-15: {value: 200000, ref: Juknis 440/Kep.21/2017 IV.d.3 (the words)}}\n"), 0o644))
	code, out, _ := runCmd(t, "", "rules", "--date", "2019-03-01", "--overlay", ov)
	require.Equal(t, 0, code)
	assert.Contains(t, out, "overlay  test reform")
	assert.Regexp(t, `tariff\.ambulance\.city\s+200000\s+Juknis 440/Kep.21/2017 IV.d.3 \(the words\)`, out)

	code, _, errOut = runCmd(t, "", "rules", "--date", "2019-03-01", "--rules", dir)
	assert.Equal(t, 1, code, "a directory holding only an overlay is no rulebook")
	assert.Contains(t, errOut, "reform.yaml:6:9: tariff.ambulance.city: parameter has no type:")
}

// TestRulesCitesOnlyInForce: "kartusehat rules --at D --json" names no
// source that is not in force (or not yet published) on D, anywhere in its
// output: parameters, exclusions, instruments, partner facilities.
func TestRulesCitesOnlyInForce(t *testing.T) {
	rb := rules.Default()
	for _, day := range []string{"2017-01-02", "2017-05-12", "2017-05-14", "2017-06-01", "2018-08-22", "2018-08-23"} {
		code, out, errOut := runCmd(t, "", "rules", "--date", day, "-o", "json")
		require.Equal(t, 0, code, errOut)
		var doc any
		require.NoError(t, json.Unmarshal([]byte(out), &doc))
		d := rules.MustParseDate(day)
		n := 0
		var walk func(path string, v any)
		walk = func(path string, v any) {
			switch x := v.(type) {
			case map[string]any:
				for k, e := range x {
					if s, ok := e.(string); ok && (k == "ref" || k == "profile_ref") {
						assert.NoError(t, rb.RefInForce(s, d), "%s.%s on %s", path, k, day)
						n++
						continue
					}
					walk(path+"."+k, e)
				}
			case []any:
				for _, e := range x {
					walk(path, e)
				}
			}
		}
		walk("", doc)
		assert.Greater(t, n, 50, "refs walked on %s", day)
	}
}
