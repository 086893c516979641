package paramset

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// inlineRecords is how many records a rules.Provenance holds without
// allocating (rules' own constant).
const inlineRecords = 40

// reform is an overlay that changes one parameter and adds another, in
// force from a new governing instrument.
const reform = `rulebook:
  name: Reformasi 2027
parameters:
  tariff:
    ambulance:
      city:
        values:
          2017-05-15: {value: 250000, ref: "Juknis 440/Kep.21/2017 IV.d.3 (figure)", note: figure reading}
  referral:
    new_rule:
      type: bool
      values:
        2027-01-01: {value: true, ref: "Reform draft Ps.2"}
instruments:
  - id: Reform draft
    level: perda
    title: A hypothetical reform of the Perda
    in_force: 2027-01-01
    ref: Reform draft
`

// A Set resolves once per rulebook and reads each rulebook's own values,
// however the rulebooks alternate.
func TestSetAcrossRulebooks(t *testing.T) {
	base := rules.Default()
	reformed, err := base.Overlay("reform.yaml", strings.NewReader(reform))
	require.NoError(t, err)
	ps := New("tariff.ambulance.city", "referral.new_rule")
	on := rules.MustParseDate("2027-03-01")
	for range 3 {
		for _, c := range []struct {
			rb         *rules.Rulebook
			amb        string
			newRule    bool
			ambRefIn   string
			instrument string
		}{{base, "200000", false, "IV.d.3", "Perda 9/2018"}, {reformed, "250000", true, "(figure)", "Reform draft"}} {
			s := c.rb.At(on)
			p := s.Provenance()
			r := ps.Reader(s, &p)
			v := r.Get(0)
			require.NotNil(t, v)
			assert.Equal(t, c.amb, v.Display())
			assert.Contains(t, v.Ref, c.ambRefIn)
			ok, _ := r.Flag(1)
			assert.Equal(t, c.newRule, ok)
			r.Get(0)
			assert.Equal(t, map[bool]int{false: 1, true: 2}[c.newRule], p.Len())
			var q rules.Provenance
			ps.Begin(s, &q)
			assert.Equal(t, p.Instrument, q.Instrument)
			assert.Equal(t, c.instrument, q.Instrument)
		}
	}
}

// Records made through a Set are held as indices; past the inline ones,
// from another set, or read on another period, they are held as
// references; all keep their order and are not repeated.
func TestProvenanceCompactRecords(t *testing.T) {
	rb := rules.Default()
	s := rb.At(rules.MustParseDate("2019-03-01"))
	paths := make([]string, 0, 64)
	for _, v := range s.Values() {
		if len(paths) == 64 {
			break
		}
		paths = append(paths, v.Path)
	}
	require.Len(t, paths, 64)
	ps := New(paths...)
	other := New(paths[0], paths[1])

	p := s.Provenance()
	r := ps.Reader(s, &p)
	var want []rules.Used
	for i := range paths {
		want = append(want, r.Get(i).Used())
		r.Get(i) // once only
		if i == 10 {
			o := other.Reader(s, &p) // another set: by reference
			o.Get(1)
			want = append(want, o.Get(1).Used())
			p.Record(r.Get(3)) // already recorded by index
		}
	}
	before := rb.At(rules.MustParseDate("2017-06-01"))
	q := ps.Reader(before, &p) // another period: by reference
	want = append(want, q.Get(0).Used())
	require.Equal(t, len(want), p.Len())
	assert.Greater(t, p.Len(), inlineRecords)
	assert.Equal(t, want, p.Params())
	got, err := json.Marshal(p)
	require.NoError(t, err)
	var back rules.Provenance
	require.NoError(t, json.Unmarshal(got, &back))
	assert.Equal(t, want, back.Params())

	// Reset keeps nothing: a reused Provenance encodes as a fresh one.
	p.Reset(s)
	fresh := s.Provenance()
	a, _ := json.Marshal(fresh)
	b, _ := json.Marshal(p)
	assert.Equal(t, string(a), string(b))
	assert.Zero(t, p.Len())
	r = ps.Reader(s, &p)
	r.Get(5)
	assert.Equal(t, []rules.Used{s.ParamRef(paths[5]).Used()}, p.Params())

	allocs := testing.AllocsPerRun(50, func() {
		p.Reset(s)
		r := ps.Reader(s, &p)
		for i := range inlineRecords {
			r.Get(i)
		}
	})
	assert.Zero(t, allocs, "recording %d parameters allocates", inlineRecords)
}

// A Set resolved by period reads, on every date, what the snapshot holds:
// Begin resets the provenance as Reset does (with the same governing
// instrument), Read returns the snapshot's own values and records each
// once, in order, and a Reader made on the date reads the same; neither
// allocates.
func TestSetPeriods(t *testing.T) {
	rb := rules.Default()
	var paths []string
	for _, v := range rb.At(rules.MustParseDate("2019-03-01")).Values() {
		if len(paths) == 40 {
			break
		}
		paths = append(paths, v.Path)
	}
	paths = append(paths, "participants.removal_reasons", "participants.card.activation_required", "no.such.parameter")
	ps := New(paths...)
	for d := rules.MustParseDate("2015-01-01"); d.Before(rules.MustParseDate("2028-01-01")); d = d.AddDays(13) {
		s := rb.At(d)
		var p rules.Provenance
		ps.Begin(s, &p)
		want := s.Provenance()
		require.Equal(t, want.Instrument, p.Instrument, d)
		require.Equal(t, want.Date, p.Date, d)
		r := ps.Reader(s, &want)
		var q rules.Provenance // read by ReadFlag first
		ps.Begin(s, &q)
		for i, path := range paths {
			flag, fv := q.ReadFlag(i)
			v := p.Read(i)
			require.Equal(t, v != nil && v.Kind == rules.KindBool && v.Bool(), flag, path)
			require.NotNil(t, fv, path)
			if v == nil {
				require.Empty(t, fv.Path, path)
			} else {
				require.Same(t, v, fv, path)
			}
			again, fv2 := q.ReadFlag(i)
			require.Equal(t, flag, again, path)
			require.Same(t, fv, fv2, path)
			require.Same(t, r.Get(i), v, path)
			require.Same(t, ps.Value(s, i), v, path)
			if sv := s.ParamRef(path); sv != nil {
				require.Same(t, sv, v, path)
			} else {
				require.Nil(t, v, path)
				_, err := r.Lookup(i)
				require.ErrorIs(t, err, rules.ErrNoParam, path)
			}
			require.Same(t, v, p.Read(i))
		}
		require.Equal(t, want.Params(), p.Params(), d)
		require.Equal(t, want.Params(), q.Params(), d)
	}
	s := rb.At(rules.MustParseDate("2019-03-01"))
	var p rules.Provenance
	allocs := testing.AllocsPerRun(50, func() {
		ps.Begin(s, &p)
		for i := range paths {
			p.Read(i)
		}
	})
	assert.Zero(t, allocs)
	// The zero snapshot reads nothing.
	ps.Begin(rules.Snapshot{}, &p)
	assert.Nil(t, p.Read(0))
	zr := ps.Reader(rules.Snapshot{}, &p)
	assert.Nil(t, zr.Get(0))
	assert.Nil(t, ps.Value(rules.Snapshot{}, 0))
	assert.Nil(t, ps.Value(s, -1))
	assert.Nil(t, ps.Value(s, len(paths)))
	_, err := zr.Lookup(0)
	assert.Error(t, err)
}

// The first day an instrument governs starts a period: the day before
// reads the old instrument, the day itself the new one.
func TestSetPeriodStartsOnInForce(t *testing.T) {
	base := rules.Default()
	reformed, err := base.Overlay("reform.yaml", strings.NewReader(reform))
	require.NoError(t, err)
	ps := New("referral.new_rule")
	for _, tt := range []struct {
		date, instrument string
		newRule          bool
	}{
		{"2026-12-31", "Perda 9/2018", false},
		{"2027-01-01", "Reform draft", true},
	} {
		s := reformed.At(rules.MustParseDate(tt.date))
		var p rules.Provenance
		ps.Begin(s, &p)
		assert.Equal(t, tt.instrument, p.Instrument, tt.date)
		on, _ := p.ReadFlag(0)
		assert.Equal(t, tt.newRule, on, tt.date)
	}
}

// The zero Set and Reader read nothing, with a clear error, never a panic.
func TestZero(t *testing.T) {
	var ps Set
	assert.Equal(t, "", ps.Path(0))
	assert.Equal(t, "", New("a").Path(1))
	var pr Reader
	assert.Nil(t, pr.Get(3))
	on, v := pr.Flag(3)
	assert.False(t, on)
	assert.NotNil(t, v)
	_, err := pr.Lookup(3)
	assert.True(t, errors.Is(err, ErrZeroReader))
	assert.Panics(t, func() { New(make([]string, 65)...) })
}

// Property: on any date, a Reader over the first 64 parameters of the
// rulebook reads what Snapshot.Param returns, value for value.
func TestReaderReadsWhatParamReturns(t *testing.T) {
	rb := rules.Default()
	var paths []string
	for _, p := range rb.Params() {
		if len(paths) == 64 {
			break
		}
		paths = append(paths, p.Path)
	}
	ps := New(paths...)
	rapid.Check(t, func(t *rapid.T) {
		d := rules.MustDate(2010, 1, 1).AddDays(rapid.IntRange(0, 20*366).Draw(t, "day"))
		i := rapid.IntRange(0, len(paths)-1).Draw(t, "index")
		s := rb.At(d)
		var prov rules.Provenance
		r := ps.Reader(s, &prov)
		sv, err := s.Param(paths[i])
		g := r.Get(i)
		if g == nil && err == nil || g != nil && !reflect.DeepEqual(*g, sv) {
			t.Fatalf("%s on %s: the Reader reads another value than Param", paths[i], d)
		}
	})
}
