package rules

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// defaultMap copies the embedded rulebook into a MapFS a test can change.
func defaultMap(t *testing.T) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	require.NoError(t, fs.WalkDir(DefaultFS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(DefaultFS(), p)
		m[p] = &fstest.MapFile{Data: data}
		return err
	}))
	return m
}

// lineOf returns the 1-based line of the first line of the rulebook's
// rulebook.yaml that equals s (spaces trimmed).
func lineOf(t *testing.T, m fstest.MapFS, s string) int {
	t.Helper()
	for i, l := range strings.Split(string(m["rulebook.yaml"].Data), "\n") {
		if strings.TrimSpace(l) == s {
			return i + 1
		}
	}
	t.Fatalf("no line %q in rulebook.yaml", s)
	return 0
}

// A rulebook directory is whole or refused: without exclusions.yaml an
// infertility stay (N97.0) would be covered; without participants.yaml
// nobody would be eligible. Each refusal names the part and the line of
// the manifest that lists it.
func TestLoadRefusesAMissingPart(t *testing.T) {
	for _, part := range []string{"exclusions.yaml", "participants.yaml", "calendar.yaml", "facilities.yaml", "primary_care.yaml"} {
		t.Run(part, func(t *testing.T) {
			m := defaultMap(t)
			line := lineOf(t, m, "- "+part)
			delete(m, part)
			_, err := Load(m)
			require.ErrorIs(t, err, ErrIncomplete)
			var list loadErrors
			require.True(t, errors.As(err, &list))
			assert.Equal(t, &loadError{File: "rulebook.yaml", Line: line, Path: "rulebook.parts", Err: ErrIncomplete,
				Msg: "part " + part + " is missing: the rulebook lists it but there is no such file"}, list[0])
		})
	}
}

// An emptied section is refused even where the file is there.
func TestLoadRefusesAnEmptySection(t *testing.T) {
	tests := []struct {
		name, file, data string
		want             []string
	}{
		{"no exclusions", "exclusions.yaml", "exclusions: []\n", []string{
			"exclusions.yaml: rulebook.parts: part exclusions.yaml is empty (listed in rulebook.yaml:39)"}},
		{"no facilities", "facilities.yaml", "# none\n", []string{"part facilities.yaml is empty"}},
		{"a comment only", "calendar.yaml", "# no holidays\n", []string{
			"calendar.yaml: rulebook.parts: part calendar.yaml is empty (listed in rulebook.yaml:36)"}},
		{"no participants at all", "participants.yaml", "regions2: x\n", []string{`unknown key "regions2"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := defaultMap(t)
			m[tt.file] = &fstest.MapFile{Data: []byte(tt.data)}
			_, err := Load(m)
			require.Error(t, err)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

// Without participants.bases nobody is eligible: the manifest requires
// it, and a rulebook that lacks it is refused at the requires: line.
func TestLoadRefusesAMissingRequiredParameter(t *testing.T) {
	m := defaultMap(t)
	line := lineOf(t, m, "- participants.bases")
	p := string(m["participants.yaml"].Data)
	i, j := strings.Index(p, "    bases:\n"), strings.Index(p, "    pbi_exclusion:\n")
	require.True(t, i > 0 && j > i)
	m["participants.yaml"] = &fstest.MapFile{Data: []byte(p[:i] + p[j:])}
	_, err := Load(m)
	require.ErrorIs(t, err, ErrIncomplete)
	assert.Equal(t, "rulebook.yaml:"+itoa(line)+": rulebook.requires: the rulebook requires participants.bases, and has none (is a part missing?)", err.Error())

	// The same for a code list and a whole group.
	m = defaultMap(t)
	m["rulebook.yaml"] = &fstest.MapFile{Data: []byte(strings.Replace(string(m["rulebook.yaml"].Data),
		"    - code_lists.puskesmas_diagnoses\n", "    - code_lists.puskesmas_diagnosis\n    - tariff_tables.nope\n    - servces\n", 1))}
	_, err = Load(m)
	require.ErrorIs(t, err, ErrIncomplete)
	for _, w := range []string{"requires code_lists.puskesmas_diagnosis,", "requires tariff_tables.nope,", "requires servces,"} {
		assert.Contains(t, err.Error(), w)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// A file that is not a part, a rulebook that lists no parts, a part
// listed twice: each refused, named.
func TestLoadChecksTheManifest(t *testing.T) {
	m := defaultMap(t)
	m["stray.yaml"] = &fstest.MapFile{Data: []byte("# an old copy\nexclusions: []\n")}
	_, err := Load(m)
	require.ErrorIs(t, err, ErrIncomplete)
	assert.Contains(t, err.Error(), "stray.yaml: rulebook.parts: the file is not a part of the rulebook: add it to parts: in rulebook.yaml:35, or remove it")

	m = defaultMap(t)
	rb := string(m["rulebook.yaml"].Data)
	i, j := strings.Index(rb, "  parts:\n"), strings.Index(rb, "  requires:\n")
	m["rulebook.yaml"] = &fstest.MapFile{Data: []byte(rb[:i] + rb[j:])}
	_, err = Load(m)
	require.ErrorIs(t, err, ErrIncomplete)
	assert.EqualError(t, err, "rulebook.yaml:27: rulebook.parts: the rulebook does not list its parts: give parts: with every file of the rulebook, so that a file left out is noticed")

	m = defaultMap(t)
	m["rulebook.yaml"] = &fstest.MapFile{Data: []byte(strings.Replace(rb, "    - tariff.yaml\n", "    - tariff.yaml\n    - tariff.yaml\n", 1))}
	_, err = Load(m)
	require.ErrorIs(t, err, ErrDuplicate)
	assert.Contains(t, err.Error(), `rulebook.parts: "tariff.yaml" is listed again (first at line 50)`)
}

// A rulebook in one file (Parse) needs no parts:, but its sections are
// checked as a directory's are.
func TestParseChecksSections(t *testing.T) {
	i := strings.Index(base, "exclusions:\n")
	_, err := Parse("t.yaml", strings.NewReader(base[:i]))
	require.ErrorIs(t, err, ErrIncomplete)
	assert.EqualError(t, err, "t.yaml:1: exclusions: the rulebook has no exclusions: the decisions read them (is a part missing?)\n"+
		"t.yaml:1: holidays: the rulebook has no holidays (the working-day calendar): the decisions read them (is a part missing?)")
}

// Overlays are not whole rulebooks: they keep loading as before, and one
// that declares parts: is refused.
func TestOverlaysAreNotWhole(t *testing.T) {
	files, err := filepath.Glob("../examples/reforms/*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, name := range files {
		if strings.HasSuffix(name, ".grid.yaml") {
			continue // a sweep's grid (simulate.ParseGrid), not an overlay
		}
		f, err := os.Open(name)
		require.NoError(t, err)
		_, err = Default().Overlay(name, f)
		f.Close()
		assert.NoError(t, err, name)
	}
	_, err = Default().Overlay("o.yaml", strings.NewReader("rulebook:\n  name: o\n  parts: [o.yaml]\n"))
	require.ErrorIs(t, err, ErrUnknownKey)
	assert.EqualError(t, err, "o.yaml:1: rulebook: an overlay is not a whole rulebook: parts: and requires: belong to the rulebook it applies to")
}
