package rules

import (
	"errors"
	"io/fs"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLoadRefErrors changes one ref (or source) of the base rulebook of
// load_test.go at a time: the loader names the file and line of the value
// and why its citation does not hold on the day it takes effect.
func TestLoadRefErrors(t *testing.T) {
	tests := []struct {
		name, old, new, wantPos, wantMsg string
	}{
		{"unknown source", "{value: 250000, ref: Juknis IV.d.3}", "{value: 250000, ref: Juknes IV.d.3}",
			"t.yaml:15:", `"Juknes IV.d.3" names no source of the rulebook's sources table`},
		{"a name that only starts like a source", "{value: 250000, ref: Juknis IV.d.3}", "{value: 250000, ref: JuknisIV.d.3}",
			"t.yaml:15:", `"JuknisIV.d.3" names no source`},
		{"a later instrument cited early", "          2017-05-15: {value: 250000, ref: Juknis IV.d.3}", "          2017-05-12: {value: 250000, ref: Juknis IV.d.3}",
			"t.yaml:15:", "Juknis is cited on 2017-05-12 but is in force only from 2017-05-15"},
		{"the second source of a ref cited early", "{value: 20, ref: Perwal Ps.7(1)b}", "{value: 20, ref: Perwal Ps.7(1)b; Perda Ps.17}",
			"t.yaml:19:", "Perda is cited on 2017-05-12 but is in force only from 2018-08-23"},
		{"a repealed instrument", "{value: 20, ref: Perwal Ps.7(1)b}", "{value: 20, ref: Old Ps.3}",
			"t.yaml:19:", "Old is cited on 2017-05-12 but was repealed on 2017-05-12"},
		{"a value running past the repeal of its source", "        2017-05-12: {value: 20, ref: Perwal Ps.7(1)b}", "        2017-01-01: {value: 20, ref: Old Ps.3}",
			"t.yaml:19:", "still runs when Old is repealed on 2017-05-12"},
		{"a news article before it appeared", "{value: a, ref: x}", "{value: a, ref: News 2018-06-08 (quote)}",
			"t.yaml:24:", "News 2018-06-08 (quote) is cited on 2017-05-12 but appeared only from 2018-06-08"},
		{"an interview before it was given", "{value: a, ref: x}", "{value: a, ref: Thesis app. B (interview E)}",
			"t.yaml:24:", "Thesis app. B (interview E) is cited on 2017-05-12 but is dated only from 2019-03-13"},
		{"a partnership before its source", "partner: [{from: 2017-01-01, ref: src}]", "partner: [{from: 2017-01-01, ref: Perda Ps.19}]",
			"t.yaml:26:", "facilities.rs-x.partner: ref: Perda is cited on 2017-01-01"},
		{"an unknown source in a facility's listing", "    ref: src\n", "    ref: Daftar RS\n",
			"t.yaml:26:", `facilities.rs-x: "Daftar RS" names no source`},
		{"an unknown repealing instrument", "repealed_by: Perwal,", "repealed_by: Perwal 99,",
			"t.yaml:", `repealed_by "Perwal 99" is not an instrument`},
		{"a non-legal source given in_force", "{id: s, level: record, title: s, published: 2017-01-01,", "{id: s, level: record, title: s, in_force: 2017-01-01,",
			"t.yaml:", "a record is not in force: give published:"},
		{"a legal instrument without in_force", "{id: x, level: perwal, title: x, in_force: 2017-01-01,", "{id: x, level: perwal, title: x,",
			"t.yaml:", "a legal instrument needs in_force:"},
		{"a part reporting on the past without saying where", `reports_from: 2017-01-01, note: "it says so"}`, "reports_from: 2017-01-01}",
			"t.yaml:", "needs a note:"},
		{"a typo in a source key", "{id: b, level: perwal, title: b, in_force: 2017-01-01, ref: b}", "{id: b, level: perwal, title: b, in_forse: 2017-01-01, ref: b}",
			"t.yaml:", `unknown key "in_forse"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Contains(t, base, tt.old, "test setup: text to replace")
			_, err := Parse("t.yaml", strings.NewReader(strings.Replace(base, tt.old, tt.new, 1)))
			require.Error(t, err)
			var list loadErrors
			require.True(t, errors.As(err, &list))
			var hit *loadError
			for _, e := range list {
				if strings.Contains(e.Error(), tt.wantMsg) {
					hit = e
					break
				}
			}
			require.NotNil(t, hit, "no error says %q in:\n%v", tt.wantMsg, err)
			assert.True(t, strings.HasPrefix(hit.Error(), tt.wantPos), "message %q should start with %q", hit.Error(), tt.wantPos)
			assert.NotZero(t, hit.Line, "every error names its line")
		})
	}
}

// TestLoadRefErrorsAllAtOnce: three bad refs, three errors, in line order.
func TestLoadRefErrorsAllAtOnce(t *testing.T) {
	src := strings.Replace(base, "ref: Juknis IV.d.3}", "ref: Juknis IV.d.3; Perda Ps.17}", 1)
	src = strings.Replace(src, "ref: Perwal Ps.7(1)b}", "ref: Perwali Ps.7}", 1)
	src = strings.Replace(src, "{value: a, ref: x}", "{value: a, ref: News 2018-06-08}", 1)
	_, err := Parse("t.yaml", strings.NewReader(src))
	var list loadErrors
	require.ErrorAs(t, err, &list)
	require.Len(t, list, 3, "%v", err)
	for i, line := range []int{15, 19, 24} {
		assert.Equal(t, line, list[i].Line)
		assert.ErrorIs(t, list[i], ErrCitation)
	}
}

func TestRefInForce(t *testing.T) {
	rb, err := Parse("base.yaml", strings.NewReader(base))
	require.NoError(t, err)
	tests := []struct {
		ref, date string
		ok        bool
	}{
		{"Juknis IV.d.3", "2017-05-15", true},
		{"Juknis IV.d.3", "2017-05-14", false},
		{"Juknis", "2019-01-01", true}, // a source without a pinpoint
		{"Perwal Ps.7(1)b; Juknis IV.d.2", "2017-05-12", false},
		{"Perwal Ps.7(1)b; Juknis IV.d.2", "2017-05-15", true},
		{"Old Ps.1", "2017-05-11", true},
		{"Old Ps.1", "2017-05-12", false},
		{"News 2018-06-08 (quote)", "2018-06-07", false},
		{"News 2018-06-08 (quote)", "2018-06-08", true},
		{"News 2018-06-08 (since 2017)", "2017-01-01", true}, // a part reporting on an earlier period
		{"News 2018-06-08 (since 2017: a quote)", "2017-01-01", true},
		{"Thesis app. B (interview E)", "2019-03-12", false},
		{"Thesis app. B (interview E)", "2019-03-13", true},
		{"Thesis app. B (interview S)", "2019-02-22", true},
		{"Thesis app. B (interview SF)", "2019-02-22", false}, // not the part "interview S": the thesis, from 2019-03-30
		{"Thesis app. C", "2019-03-30", true},
		{"Perwal Ps.1; ", "2019-01-01", false},
		{"", "2019-01-01", false},
		{"Juknis IV.d.3;Perwal Ps.1", "2019-01-01", false}, // parts are joined by "; "
	}
	for _, tt := range tests {
		err := rb.RefInForce(tt.ref, MustParseDate(tt.date))
		if tt.ok {
			assert.NoError(t, err, "%q on %s", tt.ref, tt.date)
		} else {
			assert.ErrorIs(t, err, ErrCitation, "%q on %s", tt.ref, tt.date)
		}
	}
	assert.NoError(t, rb.At(MustParseDate("2017-05-15")).CheckRef("Juknis IV.d.3"))

	cs, err := rb.ParseRef("Perwal Ps.7(1)b; Thesis app. B (interview E); Juknis")
	require.NoError(t, err)
	assert.Equal(t, []Citation{{"Perwal", "Ps.7(1)b"}, {"Thesis", "app. B (interview E)"}, {"Juknis", ""}}, cs)
}

// citationWalkDates are the days around the instruments' changes: the
// programme's first working day, the day Perwal 27.A/2017 takes effect and
// the day before the Juknis, the Juknis's first day, and the two days
// around Perda 9/2018.
var citationWalkDates = []string{"2017-01-02", "2017-05-12", "2017-05-14", "2017-05-15", "2018-08-22", "2018-08-23", "2019-03-01", "2026-11-23"}

// TestEmbeddedCitationsInForce walks everything a snapshot of the embedded
// rulebook shows on each of citationWalkDates (as "kartusehat rules --at"
// prints it) and fails on any citation of a source not in force that day.
func TestEmbeddedCitationsInForce(t *testing.T) {
	rb := Default()
	for _, ds := range citationWalkDates {
		d := MustParseDate(ds)
		s := rb.At(d)
		check := func(what, ref string) {
			t.Helper()
			assert.NoError(t, s.CheckRef(ref), "%s on %s", what, ds)
		}
		n := 0
		for _, v := range s.Values() {
			check(v.Path, v.Ref)
			n++
		}
		assert.Greater(t, n, 10, "parameters in force on %s", ds)
		for _, x := range s.Exclusions() {
			check("exclusions."+x.Code, x.Ref)
			assert.Empty(t, x.Refs)
		}
		for _, in := range s.Instruments() {
			check("instruments."+in.ID, in.Ref)
			assert.True(t, in.InForceOn(d))
		}
		if g, ok := s.Governing(); ok {
			check("governing", g.Ref)
		}
		partners := s.Partners()
		assert.NotEmpty(t, partners, ds)
		for _, f := range partners {
			check("facilities."+f.Code, f.Ref)
			require.Len(t, f.Partner, 1)
			check("facilities."+f.Code+".partner", f.Partner[0].Ref)
			if f.ProfileRef != "" {
				check("facilities."+f.Code+".profile_ref", f.ProfileRef)
			}
		}
		for _, name := range []string{"puskesmas_diagnoses"} {
			if l, ok := s.CodeList(name); ok {
				check("code_lists."+name, l.Ref)
			}
		}
		for _, tt := range s.TariffTables() {
			check("tariff_tables."+tt.Name, tt.Ref)
		}
	}
}

// TestEveryValueCitedOnItsDate checks every dated value of the embedded
// rulebook on the day it takes effect and on its last day.
func TestEveryValueCitedOnItsDate(t *testing.T) {
	rb := Default()
	for _, p := range rb.Params() {
		for i, v := range p.Values {
			assert.NoError(t, rb.RefInForce(v.Ref, v.From), "%s from %s", p.Path, v.From)
			last := v.Until
			if last.IsZero() && i+1 < len(p.Values) {
				last = p.Values[i+1].From.AddDays(-1)
			}
			if !last.IsZero() {
				assert.NoError(t, rb.RefInForce(v.Ref, last), "%s on %s, the last day of the value from %s", p.Path, last, v.From)
			}
		}
	}
	for _, x := range rb.Exclusions() {
		assert.NoError(t, rb.RefInForce(x.Ref, x.From), x.Code)
		for _, r := range x.Refs {
			assert.NoError(t, rb.RefInForce(r.Ref, r.From), x.Code)
			assert.Equal(t, r.Ref, x.RefOn(r.From))
			assert.NotEqual(t, r.Ref, x.RefOn(r.From.AddDays(-1)))
		}
	}
}

// TestSourcesTable checks that the sources the citation convention names
// are in the table with their dates, and that each non-legal source has
// its bibliographic data.
func TestSourcesTable(t *testing.T) {
	rb := Default()
	tests := []struct {
		id, level, inForce, repealed string
	}{
		{"Perwal 115/2016", "perwal", "2017-01-01", "2017-05-15"},
		{"Kepwal 440/Kep.001-Dinkes/1/2017", "kepwal", "2017-01-01", "2017-05-15"},
		{"Kepwal 440/Kep.582.a-Dinkes/XII/2016", "kepwal", "2017-01-01", ""},
		{"Perwal 27.A/2017", "perwal", "2017-05-15", ""},
		{"Juknis 440/Kep.21/2017", "keputusan", "2017-05-15", ""},
		{"Kepwal 460/Kep.346.A-Dinsos/VII/2017", "kepwal", "2017-07-31", ""},
		{"SE 440/130/Dinkes", "surat_edaran", "2018-01-30", ""},
		{"Perda 9/2018", "perda", "2018-08-23", ""},
		{"Permenkes 5/2014", "peraturan_menteri", "2014-12-31", ""},
		{"Permenkes 52/2016", "peraturan_menteri", "2016-12-31", ""},
		{"Permenkes 64/2016", "peraturan_menteri", "2016-12-31", ""},
		{"SKB 1066/2022", "keputusan_bersama", "2022-10-11", ""},
		{"Keppres 22/2020", "keppres", "2020-11-27", ""},
	}
	for _, tt := range tests {
		in, ok := rb.Instrument(tt.id)
		require.True(t, ok, tt.id)
		assert.Equal(t, tt.id, in.Short)
		assert.Equal(t, InstrumentLevel(tt.level), in.Level, tt.id)
		assert.Equal(t, tt.inForce, in.InForce.String(), tt.id)
		if tt.repealed != "" {
			assert.Equal(t, tt.repealed, in.Repealed.String(), tt.id)
		}
		assert.NotEmpty(t, in.Title, tt.id)
		assert.NotEmpty(t, in.Number, tt.id)
	}
	for _, tt := range []struct{ id, published, author string }{
		{"Jannah 2019", "2019-03-30", "Reyhatul Jannah A.R."},
		{"Dakta 2018-06-08", "2018-06-08", "Warso Sunaryo"},
		{"Zona Bekasi 2018-09-10", "2018-09-10", "Dhigan"},
		{"Blog KS-NIK c.2018", "2018-12-31", ""},
	} {
		in, ok := rb.Instrument(tt.id)
		require.True(t, ok, tt.id)
		assert.False(t, in.Level.Legal(), tt.id)
		assert.False(t, in.InForceOn(MustParseDate("2020-01-01")), "%s is never in force", tt.id)
		assert.Equal(t, tt.published, in.Published.String(), tt.id)
		assert.Equal(t, tt.author, in.Author, tt.id)
		assert.NotEmpty(t, in.Publisher, tt.id)
	}
	jannah, _ := rb.Instrument("Jannah 2019")
	assert.Contains(t, jannah.Publisher, "Universitas Jember")
	// Every holiday year cites decrees of the table, enacted by the end of
	// its year.
	for _, y := range rb.HolidayYears() {
		hy, _ := rb.HolidayYear(y)
		cs, err := rb.ParseRef(hy.Ref)
		require.NoError(t, err, y)
		for _, c := range cs {
			in, _ := rb.Instrument(c.Source)
			assert.Contains(t, []InstrumentLevel{LevelJointDecree, LevelPresidential}, in.Level, "%d: %s", y, c.Source)
		}
	}
}

// TestNoFileNamesCited: nothing in the embedded rulebook names the working
// copies of the sources (their file names start with a word spelt here in
// two halves, so that this test does not say it either).
func TestNoFileNamesCited(t *testing.T) {
	err := fs.WalkDir(DefaultFS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(DefaultFS(), p)
		require.NoError(t, err)
		assert.NotContains(t, strings.ToLower(string(data)), "se"+"ed", p)
		return nil
	})
	require.NoError(t, err)
}

func TestPartOf(t *testing.T) {
	for _, tt := range []struct {
		pinpoint, part string
		want           bool
	}{
		{"app. B (interview F)", "app. B (interview F)", true},
		{"app. B (interview F: 'a quote')", "app. B (interview F)", true},
		{"app. B (interview F, the card)", "app. B (interview F)", true},
		{"app. B (interview FA)", "app. B (interview F)", false},
		{"app. J", "app. J", true},
		{"app. J (SJP in 2017)", "app. J", true},
		{"app. JK", "app. J", false},
		{"app. B", "app. B (interview F)", false},
	} {
		assert.Equal(t, tt.want, partOf(tt.pinpoint, tt.part), "%q in %q", tt.pinpoint, tt.part)
	}
}

// TestREADMEListsOpenPoints keeps the README's open points and the
// rulebook's open_points in step, both ways and in order.
func TestREADMEListsOpenPoints(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	text := string(readme)
	start := strings.Index(text, "### Open points")
	require.GreaterOrEqual(t, start, 0, "README has an Open points section")
	section := text[start:]
	if end := strings.Index(section[3:], "\n### "); end >= 0 {
		section = section[:end+3]
	}
	var listed []string
	for _, line := range strings.Split(section, "\n") {
		if strings.HasPrefix(line, "| `") {
			listed = append(listed, strings.SplitN(strings.TrimPrefix(line, "| `"), "`", 2)[0])
		}
	}
	var want []string
	for _, o := range Default().OpenPoints() {
		want = append(want, o.Ref)
		assert.NotEmpty(t, o.Subject.ID, o.Ref)
		assert.NotEmpty(t, o.Subject.EN, o.Ref)
		assert.Contains(t, section, "| `"+o.Ref+"` | "+o.DelegatesTo+" |", "README row for %s names what it delegates to", o.Ref)
	}
	assert.Equal(t, want, listed)
	for _, ref := range []string{"Perda 9/2018 Ps.9(2)", "Perda 9/2018 Ps.10(4)", "Perda 9/2018 Ps.14(2)", "Perda 9/2018 Ps.14(3)",
		"Perda 9/2018 Ps.15(1)", "Perda 9/2018 Ps.15(2)", "Perda 9/2018 Ps.17(2)", "Perda 9/2018 Ps.22(2)",
		"Perwal 27.A/2017 Ps.7(2)", "Perwal 27.A/2017 Ps.9(5)", "Perwal 27.A/2017 Ps.11(3)"} {
		assert.Contains(t, want, ref, "the delegations the issue names")
	}
}
