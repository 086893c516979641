package rules

import (
	"errors"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// base is a small valid rulebook; the error tests below change one line of
// it. Line numbers in the tests refer to this text.
const base = `rulebook:
  name: test
regions:
  province: "32"
  city: "75"
  ref: Permendagri 137/2017
  kecamatan:
    - {code: "327501", name: Bekasi Timur}
parameters:
  tariff:
    ambulance:
      city:
        type: amount
        values:
          2017-05-15: {value: 250000, ref: Juknis IV.d.3}
    discount:
      type: percent
      values:
        2017-05-12: {value: 20, ref: Perwal Ps.7(1)b}
    mode:
      type: enum
      options: [a, b]
      values:
        2017-05-12: {value: a, ref: x}
facilities:
  - code: rs-x
    name: RS X
    kind: hospital
    level: 2
    ownership: private
    location: city
    kecamatan: "327501"
    partner: [{from: 2017-01-01, ref: src}]
    ref: src
instruments:
  - {id: Permendagri 137/2017, level: peraturan_menteri, title: Kode wilayah, in_force: 2017-01-01, ref: Permendagri 137/2017}
  - {id: Juknis, level: keputusan, title: Juknis, in_force: 2017-05-15, ref: Juknis KETIGA}
  - {id: Perwal, level: perwal, title: Perwal, in_force: 2017-05-12, ref: Perwal Ps.14}
  - {id: Perda, level: perda, title: Perda, in_force: 2018-08-23, ref: Perda Ps.26}
  - {id: Old, level: perwal, title: Old, in_force: 2017-01-01, repealed: 2017-05-12, repealed_by: Perwal, ref: Perwal Ps.13}
  - {id: News 2018-06-08, level: news, title: News, published: 2018-06-08, ref: News 2018-06-08, parts: [{pinpoint: (since 2017), reports_from: 2017-01-01, note: "it says so"}]}
  - {id: Thesis, level: thesis, title: Thesis, published: 2019-03-30, ref: Thesis, parts: [{pinpoint: app. B (interview E), date: 2019-03-13}, {pinpoint: app. B (interview S), date: 2019-02-22}]}
  - {id: x, level: perwal, title: x, in_force: 2017-01-01, ref: x}
  - {id: a, level: perwal, title: a, in_force: 2017-01-01, ref: a}
  - {id: b, level: perwal, title: b, in_force: 2017-01-01, ref: b}
  - {id: r, level: perwal, title: r, in_force: 2016-01-01, ref: r}
  - {id: s, level: record, title: s, published: 2017-01-01, ref: s}
  - {id: src, level: record, title: src, published: 2017-01-01, ref: src}
exclusions:
  - {code: cosmetic, number: 1, name: {id: Kosmetik, en: Cosmetic}, categories: [cosmetic], from: 2017-05-12, ref: Perwal Ps.9(4)a}
holidays:
  2017:
    ref: s
    days:
      - {date: 2017-01-01, name: Tahun Baru, kind: libur_nasional}
`

func TestBaseIsValid(t *testing.T) {
	rb, err := Parse("base.yaml", strings.NewReader(base))
	require.NoError(t, err)
	assert.Equal(t, "test", rb.Name())
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name    string
		old     string // text of base to replace
		new     string
		want    error
		wantPos string // file:line:col or file:line the message must start with
		wantMsg string
	}{
		{"typo in a leaf key", "        type: amount", "        tpye: amount", ErrUnknownKey, "t.yaml:13:9:", `unknown key "tpye"`},
		{"typo in a value key", "{value: 250000, ref: Juknis IV.d.3}", "{value: 250000, rfe: Juknis IV.d.3}", ErrUnknownKey, "t.yaml:15:", `unknown key "rfe"`},
		{"typo in a top-level key", "facilities:", "facilites:", ErrUnknownKey, "t.yaml:25:1:", `unknown key "facilites"`},
		{"typo in a facility key", "    kind: hospital", "    knd: hospital", ErrUnknownKey, "t.yaml:28:5:", `unknown key "knd"`},
		{"typo in values", "        values:\n          2017-05-15", "        valeus:\n          2017-05-15", ErrUnknownKey, "t.yaml:14:9:", `unknown key "valeus" (allowed: description, type, options, ambiguity, values)`},
		{"negative fee", "{value: 250000,", "{value: -250000,", ErrNegative, "t.yaml:15:", "negative amount -250000"},
		{"non-numeric fee", "{value: 250000,", "{value: 250.000.00,", ErrType, "t.yaml:15:", "plain decimal"},
		{"float syntax fee", "{value: 250000,", "{value: 2.5e5,", ErrType, "t.yaml:15:", "plain decimal"},
		{"percentage above 100", "{value: 20, ref: Perwal Ps.7(1)b}", "{value: 120, ref: Perwal Ps.7(1)b}", ErrRange, "t.yaml:19:", "outside 0-100"},
		{"unknown enum value", "{value: a, ref: x}", "{value: c, ref: x}", ErrEnum, "t.yaml:24:", `"c" is not one of a, b`},
		{"value without citation", "{value: 250000, ref: Juknis IV.d.3}", "{value: 250000}", ErrNoCitation, "t.yaml:15:", "no ref:"},
		{"empty citation", "{value: 250000, ref: Juknis IV.d.3}", "{value: 250000, ref: ~}", ErrMissing, "t.yaml:15:", "value is empty"},
		{"null value", "{value: 250000,", "{value: ~,", ErrMissing, "t.yaml:15:", "value is empty"},
		{"dates out of order",
			"          2017-05-15: {value: 250000, ref: Juknis IV.d.3}",
			"          2018-01-01: {value: 250000, ref: a}\n          2017-05-15: {value: 250000, ref: Juknis IV.d.3}",
			ErrOrder, "t.yaml:16:11:", "listed after the value from 2018-01-01"},
		{"overlapping dates",
			"          2017-05-15: {value: 250000, ref: Juknis IV.d.3}",
			"          2017-05-15: {value: 250000, ref: a, until: 2018-12-31}\n          2018-06-01: {value: 200000, ref: b}",
			ErrOverlap, "t.yaml:15:", "runs until 2018-12-31, past the value from 2018-06-01"},
		{"until before from", "{value: 250000, ref: Juknis IV.d.3}", "{value: 250000, ref: x, until: 2017-01-01}", ErrOrder, "t.yaml:15:", "until 2017-01-01 is before"},
		{"impossible date key", "          2017-05-15:", "          2017-02-30:", ErrType, "t.yaml:15:11:", "no such calendar date"},
		{"unknown type", "        type: amount", "        type: money", ErrEnum, "t.yaml:13:", `unknown type "money"`},
		{"missing type", "        type: amount\n", "", ErrMissing, "t.yaml:13:", "no type:"},
		{"facility in unknown kecamatan", `    kecamatan: "327501"`, `    kecamatan: "327599"`, ErrReference, "t.yaml:26:", `kecamatan "327599"`},
		{"unknown facility enum", "    ownership: private", "    ownership: swasta", ErrEnum, "t.yaml:30:16:", `"swasta" is not one of`},
		{"facility without citation", "    ref: src\n", "", ErrMissing, "t.yaml:26:", "missing ref:"},
		{"duplicate key", "    name: RS X\n", "    name: RS X\n    name: RS Y\n", ErrDuplicate, "t.yaml:28:5:", `key "name" given twice`},
		{"YAML syntax", "    name: RS X", "    name: [RS X", ErrSyntax, "t.yaml:", ""},
		{"alias", "    name: RS X", "    name: &n RS X", ErrType, "t.yaml:27:11:", "anchors and aliases"},
		{"unquoted region code", `  province: "32"`, `  province: 32x`, ErrType, "t.yaml:4:", "two-digit codes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Contains(t, base, tt.old, "test setup: text to replace")
			src := strings.Replace(base, tt.old, tt.new, 1)
			_, err := Parse("t.yaml", strings.NewReader(src))
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.want)
			var list loadErrors
			require.True(t, errors.As(err, &list))
			var hit *loadError
			for _, e := range list {
				if errors.Is(e, tt.want) {
					hit = e
					break
				}
			}
			require.NotNil(t, hit, "%v", err)
			assert.True(t, strings.HasPrefix(hit.Error(), tt.wantPos), "message %q should start with %q", hit.Error(), tt.wantPos)
			assert.Contains(t, hit.Error(), tt.wantMsg)
			assert.NotZero(t, hit.Line, "every error names its line")
		})
	}
}

func TestLoadReportsEveryError(t *testing.T) {
	src := strings.Replace(base, "        type: amount", "        tpye: amount", 1)
	src = strings.Replace(src, "{value: 20,", "{value: 200,", 1)
	src = strings.Replace(src, "    kind: hospital", "    kind: hopsital", 1)
	_, err := Parse("t.yaml", strings.NewReader(src))
	var list loadErrors
	require.ErrorAs(t, err, &list)
	require.Len(t, list, 4, "%v", err) // typo, then the leaf without type, the percentage and the kind
	lines := []int{list[0].Line, list[1].Line, list[2].Line, list[3].Line}
	assert.IsNonDecreasing(t, lines)
}

func TestLoadParameterPathInError(t *testing.T) {
	src := strings.Replace(base, "{value: 250000,", "{value: -1,", 1)
	_, err := Parse("t.yaml", strings.NewReader(src))
	require.Error(t, err)
	assert.Equal(t, "t.yaml:15:31: tariff.ambulance.city: negative amount -1", err.Error())
}

func TestLoadFSDuplicates(t *testing.T) {
	fsys := fstest.MapFS{
		"a.yaml": {Data: []byte(base)},
		"b.yaml": {Data: []byte("parameters:\n  tariff:\n    discount:\n      type: percent\n      values:\n        2018-01-01: {value: 5, ref: x}\n")},
	}
	_, err := Load(fsys)
	require.ErrorIs(t, err, ErrDuplicate)
	assert.Contains(t, err.Error(), "b.yaml:4:7: tariff.discount: parameter defined again")
	assert.Contains(t, err.Error(), "first in a.yaml:17")
}

func TestLoadFSDuplicateTableEntries(t *testing.T) {
	fsys := fstest.MapFS{
		"a.yaml": {Data: []byte(base)},
		"b.yaml": {Data: []byte("facilities:\n  - {code: rs-x, name: X, kind: hospital, level: 2, ownership: private, location: city, partner: [{from: 2017-01-01, ref: s}], ref: s}\n" +
			"holidays:\n  2019: {ref: SKB, days: []}\n  2019: {ref: SKB, days: []}\n")},
	}
	_, err := Load(fsys)
	require.ErrorIs(t, err, ErrDuplicate)
	assert.Contains(t, err.Error(), "b.yaml:2: facilities.rs-x: defined again (first in a.yaml:26)")
	assert.Contains(t, err.Error(), `b.yaml:5:3: holidays.2019: key "2019" given twice`)
}

func TestLoadFSSplitFiles(t *testing.T) {
	// The same content split over files gives the same revision.
	one, err := Parse("one.yaml", strings.NewReader(base))
	require.NoError(t, err)
	i := strings.Index(base, "facilities:")
	split, err := Load(fstest.MapFS{
		"a/params.yaml": {Data: []byte("# comment\n" + strings.Replace(base[:i], "name: test\n",
			"name: test\n  parts: [a/params.yaml, b/facilities.yaml]\n", 1))},
		"b/facilities.yaml": {Data: []byte(base[i:])},
		"README.md":         {Data: []byte("not yaml")},
	})
	require.NoError(t, err)
	assert.Equal(t, one.Revision(), split.Revision())
	assert.Equal(t, []string{"a/params.yaml", "b/facilities.yaml"}, split.Sources())
}

func TestLoadEmpty(t *testing.T) {
	_, err := Load(fstest.MapFS{})
	assert.Error(t, err)
	_, err = Parse("empty.yaml", strings.NewReader(""))
	assert.ErrorIs(t, err, ErrMissing, "a rulebook needs a name")
	_, err = Parse("two.yaml", strings.NewReader(base+"---\nrulebook: {name: x}\n"))
	assert.ErrorIs(t, err, ErrSyntax)
}

func TestDefaultLoads(t *testing.T) {
	rb := Default()
	assert.Same(t, rb, Default(), "parsed once and shared")
	assert.Regexp(t, `^sha256:[0-9a-f]{64}$`, rb.Revision())
	again, err := Load(DefaultFS())
	require.NoError(t, err)
	assert.Equal(t, rb.Revision(), again.Revision(), "the revision is a function of content")
}

func TestLoadTableSectionErrors(t *testing.T) {
	// Each source follows a first line "rulebook: {name: x}".
	tests := []struct{ name, src, want string }{
		{"code list without ref", "code_lists:\n  l:\n    from: 2018-01-01\n    codes: [{code: A09, name: x}]\n", "t.yaml:3:3: code_lists.l: code list has no ref:"},
		{"code list typo", "code_lists:\n  l:\n    from: 2018-01-01\n    ref: r\n    cods: []\n", `t.yaml:6:5: code_lists.l: unknown key "cods"`},
		{"code listed twice", "code_lists:\n  l:\n    from: 2018-01-01\n    ref: r\n    codes: [{code: A09, name: x}, {code: a09, name: y}]\n", "t.yaml:6:35: code_lists.l: code a09 listed twice"},
		{"tariff row negative", "tariff_tables:\n  t:\n    from: 2016-10-26\n    ref: r\n    rows: [{code: K-1-17-I, tariff_code: CS, regional: 1, class: 3, care: inpatient, amount: -1}]\n", "t.yaml:6:94: tariff_tables.t: an amount is whole, non-negative rupiah, found -1"},
		{"tariff table until before from", "tariff_tables:\n  t:\n    from: 2016-10-26\n    until: 2016-01-01\n    ref: r\n    rows: []\n", "t.yaml:3:3: tariff_tables.t: until 2016-01-01 is before from 2016-10-26"},
		{"tariff regional 9", "tariff_tables:\n  t:\n    from: 2016-10-26\n    ref: r\n    rows: [{code: K-1-17-I, tariff_code: CS, regional: 9, class: 3, care: inpatient, amount: 1}]\n", "regional 1-5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("t.yaml", strings.NewReader("rulebook: {name: x}\n"+tt.src))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}
