package main

import (
	"bufio"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readmeCommands returns every "go run ./cmd/kartusehat ..." line of the
// README's sh blocks, without its comment.
func readmeCommands(t *testing.T) []string {
	t.Helper()
	f, err := os.Open("README.md")
	require.NoError(t, err)
	defer f.Close()
	var out []string
	inSh := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "```sh"):
			inSh = true
		case strings.HasPrefix(line, "```"):
			inSh = false
		case inSh && strings.HasPrefix(line, "go run ./cmd/kartusehat "):
			if i := strings.Index(line, " #"); i >= 0 {
				line = line[:i]
			}
			out = append(out, strings.TrimSpace(line))
		}
	}
	require.NoError(t, sc.Err())
	return out
}

// TestReadmeCommands runs every kartusehat command of the README, as
// written, from the repository's root: each succeeds and writes output.
//
// A command that writes into a new temporary directory by default
// (simulate sweep without --out, the CLI's documented default) writes it
// under the test's own temporary directory ($TMPDIR), removed with it:
// the test leaves nothing in the system's temporary directory.
func TestReadmeCommands(t *testing.T) {
	t.Chdir("../..")
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	cmds := readmeCommands(t)
	defer func() {
		for _, c := range cmds {
			if strings.Contains(c, " simulate sweep ") && !strings.Contains(c, "--out") && !t.Failed() {
				dirs, err := filepath.Glob(filepath.Join(tmp, "kartusehat-sweep-*", "sweep.csv"))
				require.NoError(t, err)
				assert.NotEmpty(t, dirs, "the README's sweep writes into its default directory, under the test's $TMPDIR")
				return
			}
		}
	}()
	require.GreaterOrEqual(t, len(cmds), 8, "the README's commands")
	for _, c := range cmds {
		t.Run(c, func(t *testing.T) {
			words := strings.Fields(strings.TrimPrefix(c, "go run ./cmd/kartusehat "))
			stdin := ""
			if n := len(words); n >= 2 && words[n-2] == "<" {
				b, err := os.ReadFile(words[n-1])
				require.NoError(t, err)
				stdin, words = string(b), words[:n-2]
			}
			if raceEnabled && len(words) > 0 && words[0] == "simulate" && !slices.Contains(words, "--scale") {
				// A city year under the race detector takes minutes: the
				// plain run (go test ./...) runs it as written, this one
				// at 20 per mille.
				words = append(words, "--scale", "20")
			}
			code, out, errOut := runCmd(t, stdin, words...)
			assert.Equal(t, 0, code, errOut)
			assert.NotEmpty(t, out+errOut)
		})
	}
}

// TestHelp: each operation's help lists every input field with its
// kind, and every allowed-values entry names a real field.
func TestHelp(t *testing.T) {
	for _, op := range Ops {
		code, errOut, _ := runCmd(t, "", op.Name, "--help")
		assert.Equal(t, 0, code)
		for _, f := range inputFields(reflect.TypeOf(op.Input())) {
			assert.Contains(t, errOut, "  "+f.path+" ", op.Name)
		}
		assert.Contains(t, errOut, "-input")
		for _, line := range strings.Split(errOut, "\n") {
			assert.LessOrEqual(t, len(line), 120, line)
		}
	}
	code, errOut, _ := runCmd(t, "", "price", "--help")
	assert.Equal(t, 0, code)
	assert.Contains(t, errOut, "billing.items[].kind")
	assert.Contains(t, errOut, "ambulance, erythropoietin, blood_bag, amhp_khusus")
	paths := map[string]bool{}
	for _, p := range helpPaths() {
		paths[p] = true
	}
	for p := range allowed {
		if _, rest, ok := strings.Cut(p, ":"); ok {
			p = rest
		}
		assert.True(t, paths[p], "allowed names a field that does not exist: %s", p)
	}
	code, errOut, _ = runCmd(t, "", "help", "claim")
	assert.Equal(t, 0, code)
	assert.Contains(t, errOut, "membership")
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		code, out, errOut := runCmd(t, "", args...)
		require.Equal(t, 0, code, errOut)
		assert.Contains(t, out, "go1.")
		assert.Contains(t, out, "revision sha256:")
	}
	code, out, _ := runCmd(t, "", "version", "-o", "json")
	require.Equal(t, 0, code)
	assert.Contains(t, out, `"module": "github.com/kartusehat/kartusehat"`)
	assert.Contains(t, out, `"rulebook_revision": "sha256:`)
}

// TestRulesTextWidth: rules --at fits in 100 columns; --wide does not wrap.
func TestRulesTextWidth(t *testing.T) {
	code, out, _ := runCmd(t, "", "rules", "--date", "2019-03-01", "--ambiguities")
	require.Equal(t, 0, code)
	longest := 0
	for _, l := range strings.Split(out, "\n") {
		longest = max(longest, len(l))
	}
	assert.LessOrEqual(t, longest, 100)
	code, out, _ = runCmd(t, "", "rules", "--date", "2019-03-01", "--wide")
	require.Equal(t, 0, code)
	assert.Regexp(t, `(?m)^  claims\.file\.common +claim_letter, .*cost_breakdown +Perwal 27\.A/2017 Ps\.11\(2\)a; Juknis 440/Kep\.21/2017 V\.1 +since 2017-05-15$`, out)
}
