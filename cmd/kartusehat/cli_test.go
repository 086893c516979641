package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// everyCommand is every command and subcommand, as typed.
func everyCommand() [][]string {
	var out [][]string
	for _, c := range commands {
		out = append(out, []string{c.name})
		for _, sub := range subcommands[c.name] {
			out = append(out, []string{c.name, sub})
		}
	}
	return out
}

// TestHelpOnStdout: --help, -h and "help CMD" write the help on standard
// output, nothing on standard error, and exit 0 — for every command.
func TestHelpOnStdout(t *testing.T) {
	for _, cmd := range everyCommand() {
		name := strings.Join(cmd, " ")
		forms := [][]string{append(append([]string{}, cmd...), "--help"), append(append([]string{}, cmd...), "-h")}
		if len(cmd) == 1 {
			forms = append(forms, []string{"help", cmd[0]})
		}
		var first string
		for _, args := range forms {
			code, out, errOut := runCmd(t, "", args...)
			assert.Equal(t, 0, code, "%v", args)
			assert.Empty(t, errOut, "%v", args)
			assert.True(t, strings.HasPrefix(out, "Usage: kartusehat "+name), "%v: %q", args, firstLine(out))
			if first == "" {
				first = out
			}
			assert.Equal(t, first, out, "%v: the same help", args)
		}
	}
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		code, out, errOut := runCmd(t, "", args...)
		assert.Equal(t, 0, code)
		assert.Empty(t, errOut)
		assert.Equal(t, usage, out)
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// TestFlagErrorIsShort: a flag error states the error once, then the
// command's one-line usage and where the help is: three lines on
// standard error, nothing on standard output, exit 2.
func TestFlagErrorIsShort(t *testing.T) {
	for _, cmd := range everyCommand() {
		name := strings.Join(cmd, " ")
		args := append(append([]string{}, cmd...), "--bogus")
		code, out, errOut := runCmd(t, "", args...)
		assert.Equal(t, 2, code, name)
		assert.Empty(t, out, name)
		lines := strings.Split(strings.TrimSuffix(errOut, "\n"), "\n")
		require.Len(t, lines, 3, "%s:\n%s", name, errOut)
		assert.Equal(t, "kartusehat "+cmd[0]+": flag provided but not defined: -bogus", lines[0])
		assert.True(t, strings.HasPrefix(lines[1], "Usage: kartusehat "+name), lines[1])
		assert.Equal(t, `Run "kartusehat `+cmd[0]+` --help" for the flags.`, lines[2])
		assert.Equal(t, 1, strings.Count(errOut, "bogus"), "the error stated once")
	}
	code, out, errOut := runCmd(t, "", "nosuch")
	assert.Equal(t, 2, code)
	assert.Empty(t, out)
	assert.Equal(t, "kartusehat: unknown command \"nosuch\"\nRun \"kartusehat --help\" for the commands.\n", errOut)
}

// TestDeprecatedAliases: the old flag names still work, give the same
// output as the new ones, are not in the help, and say once on standard
// error what replaces them.
func TestDeprecatedAliases(t *testing.T) {
	month := "../../examples/testdata/month-rsud-2019-03.jsonl"
	facts := "../../examples/testdata/facts-card-holder.json"
	tests := []struct {
		old, new []string
		note     string
		hidden   []string
	}{
		{[]string{"rules", "--at", "2019-03-01", "--json"}, []string{"rules", "--date", "2019-03-01", "-o", "json"},
			"kartusehat: --at is deprecated; use --date\nkartusehat: --json is deprecated; use -o json\n", []string{"at", "json"}},
		{[]string{"version", "--json"}, []string{"version", "--output", "json"}, "kartusehat: --json is deprecated; use -o json\n", []string{"json"}},
		{[]string{"claim", "recap", "--format", "csv", "--input", month}, []string{"claim", "recap", "-o", "csv", month},
			"kartusehat: --format is deprecated; use -o\n", []string{"format", "xlsx"}},
		{[]string{"eligibility", "--date", "2018-06-01", "--facts", facts}, []string{"eligibility", "--date", "2018-06-01", facts},
			"kartusehat: --facts is deprecated; use --input\n", []string{"facts"}},
		{[]string{"reconcile", "--date", "2019-02-28", "--format", "csv", "--previous", "../../examples/testdata/2019-01.csv", "--current", "../../examples/testdata/2019-02.csv"},
			[]string{"reconcile", "--date", "2019-02-28", "--input-format", "csv", "../../examples/testdata/2019-01.csv", "../../examples/testdata/2019-02.csv"},
			"kartusehat: --format is deprecated; use --input-format\n", []string{"format"}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.old, " "), func(t *testing.T) {
			codeOld, outOld, errOld := runCmd(t, "", tt.old...)
			codeNew, outNew, errNew := runCmd(t, "", tt.new...)
			require.Equal(t, 0, codeNew, errNew)
			assert.Equal(t, codeNew, codeOld, errOld)
			assert.Equal(t, outNew, outOld)
			assert.NotEmpty(t, outNew)
			assert.Equal(t, tt.note+errNew, errOld)
			helpArgs := append(append([]string{}, tt.new[0]), "--help")
			if tt.new[0] == "claim" {
				helpArgs = []string{"claim", tt.new[1], "--help"}
			}
			_, help, _ := runCmd(t, "", helpArgs...)
			require.Contains(t, help, "Flags:\n")
			for _, name := range tt.hidden {
				assert.NotRegexp(t, `(?m)^  -`+name+`\b`, help, "--%s is hidden", name)
			}
		})
	}
	// claim verify: --report, --csv, --xlsx are -o json=, csv=, xlsx=.
	dir := t.TempDir()
	in := readFile(t, month)
	table := "../../examples/testdata/inacbg-synthetic.csv"
	code, _, errOut := runCmd(t, in, "claim", "verify", "--inacbg", table, "--report", filepath.Join(dir, "old.json"), "--csv", dir)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, errOut, "kartusehat: --report is deprecated; use -o json="+filepath.Join(dir, "old.json")+"\n")
	code, _, errOut = runCmd(t, in, "claim", "verify", "--inacbg", table, "-o", "json="+filepath.Join(dir, "new.json"))
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, readFile(t, filepath.Join(dir, "old.json")), readFile(t, filepath.Join(dir, "new.json")))
	assert.FileExists(t, filepath.Join(dir, "berita-acara.csv"))
}

// TestOutputFlag: -o takes the formats its command writes, and no
// other; a batch writes JSON Lines; -o jsonl writes one line.
func TestOutputFlag(t *testing.T) {
	facts := "../../examples/testdata/facts-card-holder.json"
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"rules", "--date", "2019-03-01", "-o", "csv"}, 2, `invalid value "csv" for flag -o: "csv": one of text, json`},
		{[]string{"rules", "--date", "2019-03-01", "-o", "json=x.json"}, 2, "writes on standard output only"},
		{[]string{"eligibility", "--batch", "-o", "json"}, 2, "-o json: a batch writes JSON Lines (-o jsonl)"},
		{[]string{"claim", "recap", "-o", "xlsx"}, 2, `"xlsx": one of json, csv`},
		{[]string{"claim", "verify", "-o", "csv="}, 2, "the file after = is missing"},
		{[]string{"simulate", "-o", "xlsx"}, 2, `"xlsx": one of text, json, csv`},
	}
	for _, tt := range tests {
		code, _, errOut := runCmd(t, "", tt.args...)
		assert.Equal(t, tt.code, code, "%v", tt.args)
		assert.Contains(t, errOut, tt.msg, "%v", tt.args)
	}
	code, out, _ := runCmd(t, "", "eligibility", "--date", "2018-06-01", "-o", "jsonl", facts)
	require.Equal(t, 0, code)
	assert.Equal(t, 1, strings.Count(out, "\n"))
	assert.True(t, strings.HasPrefix(out, `{"eligible":true,"basis":"card_holder","date":"2018-06-01"`), out)
	code, pretty, _ := runCmd(t, "", "eligibility", "--date", "2018-06-01", facts)
	require.Equal(t, 0, code)
	assert.Equal(t, oneLine(t, pretty)+"\n", out)
}

// TestPositionalInput: where --input exists, the input file may be the
// one argument; given both ways it is a usage error.
func TestPositionalInput(t *testing.T) {
	stay := "../../examples/testdata/stay-rsud.json"
	table := "../../examples/testdata/inacbg-synthetic.csv"
	code, byFlag, _ := runCmd(t, "", "price", "--inacbg", table, "--input", stay)
	require.Equal(t, 0, code)
	code, byArg, _ := runCmd(t, "", "price", "--inacbg", table, stay)
	require.Equal(t, 0, code)
	assert.Equal(t, byFlag, byArg)
	assert.Contains(t, byArg, `"total": "26920000"`)

	code, _, errOut := runCmd(t, "", "price", "--input", stay, stay)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "the input is given twice")
	code, _, errOut = runCmd(t, "", "price", stay, stay)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `unexpected argument "`+stay+`"`)
	code, _, errOut = runCmd(t, "", "reconcile", "--date", "2019-02-28", "../../examples/testdata/2019-01.csv")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "give the two extracts")
}

// TestRulesParam: rules --param prints a parameter's history, each value
// with its dates and citation; -o json the same as data.
func TestRulesParam(t *testing.T) {
	ov := "../../examples/reforms/no-puskesmas-referral.yaml"
	const path = "referral.puskesmas_referral_required"
	code, out, errOut := runCmd(t, "", "rules", "--param", path, "--overlay", ov)
	require.Equal(t, 0, code, errOut)
	assert.True(t, strings.HasPrefix(out, path+" (bool)\n"), out)
	assert.Contains(t, out, "\nValues:\n  from 2017-01-01 (until 2018-08-22): false\n"+
		"    Jannah 2019 app. B (interview BV); Jannah 2019 app. B (interview F)\n")
	assert.Contains(t, out, "  from 2018-08-23 (until 2018-12-31): true\n    Perda 9/2018 Ps.16(1)-(2)\n")
	assert.True(t, strings.HasSuffix(out, "  from 2019-01-01 (open-ended): false\n    Skenario Rujukan 2019 Ps.16(1)\n"), out)

	code, out, errOut = runCmd(t, "", "rules", "--param", path, "--overlay", ov, "-o", "json")
	require.Equal(t, 0, code, errOut)
	var h struct {
		Path, Type, Ambiguity string
		Values                []struct {
			Value     any
			From, Ref string
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &h))
	assert.Equal(t, path, h.Path)
	assert.Equal(t, "bool", h.Type)
	assert.NotEmpty(t, h.Ambiguity)
	assert.Equal(t, []struct {
		Value     any
		From, Ref string
	}{
		{false, "2017-01-01", "Jannah 2019 app. B (interview BV); Jannah 2019 app. B (interview F)"},
		{true, "2018-08-23", "Perda 9/2018 Ps.16(1)-(2)"},
		{false, "2019-01-01", "Skenario Rujukan 2019 Ps.16(1)"},
	}, h.Values)

	code, _, errOut = runCmd(t, "", "rules", "--param", "no.such.param")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, `no parameter "no.such.param" in the rulebook`)
	code, _, errOut = runCmd(t, "", "rules", "--param", path, "--date", "2019-03-01")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "--date, --ambiguities and --wide do not apply")
}

// TestSimulateDate: simulate's --date takes a year or a date in it.
func TestSimulateDate(t *testing.T) {
	var y yearFlag
	require.NoError(t, y.Set("2020"))
	assert.Equal(t, yearFlag(2020), y)
	require.NoError(t, y.Set("2019-07-01"))
	assert.Equal(t, yearFlag(2019), y)
	for _, bad := range []string{"20x9", "2019-02-30", "19", ""} {
		assert.Error(t, y.Set(bad), bad)
	}
}

// TestCompletion: the scripts name every command, subcommand and visible
// flag, no deprecated alias, and parse in their shell where it exists.
func TestCompletion(t *testing.T) {
	_, flags := completionCommands()
	require.Contains(t, flags, "claim verify")
	assert.Contains(t, flags["rules"], "param")
	assert.Contains(t, flags["rules"], "date")
	assert.NotContains(t, flags["rules"], "at", "a deprecated alias")
	assert.NotContains(t, flags["simulate"], "year")
	assert.Contains(t, flags["serve"], "log-level")
	for _, shell := range []string{"bash", "zsh", "fish"} {
		code, out, errOut := runCmd(t, "", "completion", shell)
		require.Equal(t, 0, code, errOut)
		for _, c := range everyCommand() {
			assert.Contains(t, out, c[len(c)-1], shell)
		}
		assert.Contains(t, out, "log-level", shell)
		assert.NotContains(t, out, "--at", shell)
		script := filepath.Join(t.TempDir(), "kartusehat."+shell)
		require.NoError(t, os.WriteFile(script, []byte(out), 0o600))
		check := map[string][]string{"bash": {"-n", script}, "zsh": {"-n", script}, "fish": {"--no-execute", script}}[shell]
		if path, err := exec.LookPath(shell); err == nil {
			b, err := exec.Command(path, check...).CombinedOutput()
			assert.NoError(t, err, "%s %v:\n%s", shell, check, b)
		} else if shell == "bash" {
			t.Log("no bash: the bash script is not checked")
		}
	}
	code, _, errOut := runCmd(t, "", "completion", "tcsh")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, `"tcsh": bash, zsh or fish`)
	code, _, _ = runCmd(t, "", "completion")
	assert.Equal(t, 2, code)
}

// TestCompletionInBash: the bash script completes a command's flags.
func TestCompletionInBash(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	var b strings.Builder
	writeBashCompletion(&b)
	script := filepath.Join(t.TempDir(), "c.bash")
	require.NoError(t, os.WriteFile(script, []byte(b.String()+`
COMP_WORDS=(kartusehat rules --pa); COMP_CWORD=2; _kartusehat; echo "${COMPREPLY[@]}"
COMP_WORDS=(kartusehat claim ve); COMP_CWORD=2; _kartusehat; echo "${COMPREPLY[@]}"
COMP_WORDS=(kartusehat claim verify --bu); COMP_CWORD=3; _kartusehat; echo "${COMPREPLY[@]}"
`), 0o600))
	out, err := exec.Command(bash, script).CombinedOutput()
	require.NoError(t, err, string(out))
	assert.Equal(t, "--param\nverify\n--budget --budget-year\n", string(out))
}

// TestVersionFallback: a build with no module version (a clone) reports
// Version, marked -devel.
func TestVersionFallback(t *testing.T) {
	v := buildVersion(rules.Default())
	assert.Equal(t, Version+"-devel", v.Version, "a test binary is built from the clone")
	assert.Regexp(t, `^v0\.[0-9]+\.[0-9]+$`, Version)
	changelog := readFile(t, "../../CHANGELOG.md")
	assert.Contains(t, changelog, "## [Unreleased]")
}
