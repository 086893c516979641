package rules

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat/internal/jsonx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The provenance records parameter values by reference and extra records
// in the order they are made, and encodes exactly as encoding/json
// encodes its text form.
func TestProvenanceRecordsInOrder(t *testing.T) {
	s := Default().At(MustParseDate("2019-03-01"))
	amb, err := s.lookup("tariff.ambulance.city")
	require.NoError(t, err)
	days, err := s.lookup("referral.deadlines.sjp_inpatient_working_days")
	require.NoError(t, err)

	p := s.Provenance()
	p.Record(amb)
	p.Add(Used{Path: "exclusions.cosmetic", Value: "applies", From: MustParseDate("2017-05-12"), Ref: "Juknis 440/Kep.21/2017 III"})
	p.Record(days)
	p.Record(amb) // once only
	p.AddEntry("code_lists", "puskesmas_diagnoses", "K35", MustParseDate("2017-05-12"), "Juknis 440/Kep.21/2017 IV.b.2.a")
	require.Equal(t, 4, p.Len())
	want := []Used{amb.Used(), {Path: "exclusions.cosmetic", Value: "applies", From: MustParseDate("2017-05-12"), Ref: "Juknis 440/Kep.21/2017 III"}, days.Used(),
		{Path: "code_lists.puskesmas_diagnoses", Value: "K35", From: MustParseDate("2017-05-12"), Ref: "Juknis 440/Kep.21/2017 IV.b.2.a"}}
	assert.Equal(t, want, p.Params())
	assert.Equal(t, "200000", p.Params()[0].Value)
	assert.Equal(t, "Perda 9/2018", p.Instrument)

	got, err := json.Marshal(p)
	require.NoError(t, err)
	old, err := json.Marshal(jsonProvenance{Rulebook: p.Rulebook, Revision: p.Revision, Date: p.Date, Instrument: p.Instrument, Params: want})
	require.NoError(t, err)
	assert.JSONEq(t, string(old), string(got))
	assert.Equal(t, string(old), string(got), "byte for byte")

	var back Provenance
	require.NoError(t, json.Unmarshal(got, &back))
	assert.Equal(t, want, back.Params())
	again, _ := json.Marshal(back)
	assert.Equal(t, string(got), string(again))

	p.Reset(Default().At(MustParseDate("2018-01-02")))
	assert.Equal(t, 0, p.Len())
	assert.Equal(t, "Perwal 27.A/2017", p.Instrument)
	got, _ = json.Marshal(p)
	assert.Contains(t, string(got), `"params":[]`)
}

// TestProvenanceNoInstrument: before any instrument, instrument is left
// out of the JSON, as omitempty did.
func TestProvenanceNoInstrument(t *testing.T) {
	p := Default().At(MustParseDate("2010-01-01")).Provenance()
	got, _ := json.Marshal(p)
	assert.NotContains(t, string(got), "instrument")
}

func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", `q"b\s`, "tab\tnl\nnul\x00\x1f\b\f\r", "<a&b>", "Rp 50.000.000 \u2028\u2029", "bad \xff\xfe utf8 \xe2\x82", "é ü 日本"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		type wrap struct {
			P Provenance `json:"p"`
		}
		// Through an encoder, as a decision is written: the outer
		// encoder escapes <, > and & in what MarshalJSON returns.
		p := Provenance{Rulebook: s, Revision: s, Instrument: s}
		p.Add(Used{Path: s, Value: s, Ref: s})
		got, err := json.Marshal(wrap{p})
		if err != nil {
			t.Fatal(err)
		}
		want, err := json.Marshal(struct {
			P jsonProvenance `json:"p"`
		}{jsonProvenance{Rulebook: s, Revision: s, Instrument: s, Params: []Used{{Path: s, Value: s, Ref: s}}}})
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Fatalf("%q:\n got %s\nwant %s", s, got, want)
		}
		var sb strings.Builder
		enc := json.NewEncoder(&sb)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(s)
		if q := string(jsonx.AppendString(nil, s)); q+"\n" != sb.String() {
			t.Fatalf("%q: AppendJSONString %s, encoding/json %s", s, q, sb.String())
		}
	})
}

// A ParamSet resolves its keys once per rulebook and reads each
// rulebook's own values, however the rulebooks alternate.
func TestParamSetAcrossRulebooks(t *testing.T) {
	base := Default()
	reformed, err := base.Overlay("reform.yaml", strings.NewReader(reform))
	require.NoError(t, err)
	ps := NewParamSet("tariff.ambulance.city", "referral.new_rule")
	on := MustParseDate("2027-03-01")
	for range 3 {
		for _, c := range []struct {
			rb       *Rulebook
			amb      string
			newRule  bool
			ambRefIn string
		}{{base, "200000", false, "IV.d.3"}, {reformed, "250000", true, "(figure)"}} {
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
		}
	}
}

// Records made through a ParamSet are held as indices; past the inline
// ones, from another set, or read on another snapshot, they are held as
// references; all keep their order and are not repeated.
func TestProvenanceCompactRecords(t *testing.T) {
	rb := Default()
	s := rb.At(MustParseDate("2019-03-01"))
	paths := make([]string, 0, 64)
	for _, v := range s.Values() {
		if len(paths) == 64 {
			break
		}
		paths = append(paths, v.Path)
	}
	require.Len(t, paths, 64)
	ps := NewParamSet(paths...)
	other := NewParamSet(paths[0], paths[1])

	p := s.Provenance()
	r := ps.Reader(s, &p)
	var want []Used
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
	before := rb.At(MustParseDate("2017-06-01"))
	q := ps.Reader(before, &p) // another date: by reference
	want = append(want, q.Get(0).Used())
	require.Equal(t, len(want), p.Len())
	assert.Greater(t, p.Len(), inlineRecords)
	assert.Equal(t, want, p.Params())
	got, err := json.Marshal(p)
	require.NoError(t, err)
	var back Provenance
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
	assert.Equal(t, []Used{s.Get(ps.keys(rb)[5]).Used()}, p.Params())

	allocs := testing.AllocsPerRun(50, func() {
		p.Reset(s)
		r := ps.Reader(s, &p)
		for i := range inlineRecords {
			r.Get(i)
		}
	})
	assert.Zero(t, allocs, "recording %d parameters allocates", inlineRecords)
}

// A ParamSet resolved by period reads, on every date, what the snapshot
// holds: Begin resets the provenance as Reset does (with the same
// governing instrument), Read returns the snapshot's own values and
// records each once, in order, and a Reader made on the date reads the
// same; neither allocates.
func TestParamSetPeriods(t *testing.T) {
	rb := Default()
	var paths []string
	for _, v := range rb.At(MustParseDate("2019-03-01")).Values() {
		if len(paths) == 40 {
			break
		}
		paths = append(paths, v.Path)
	}
	paths = append(paths, "participants.removal_reasons", "participants.card.activation_required", "no.such.parameter")
	ps := NewParamSet(paths...)
	for d := MustParseDate("2015-01-01"); d.Before(MustParseDate("2028-01-01")); d = d.AddDays(13) {
		s := rb.At(d)
		var p Provenance
		ps.Begin(s, &p)
		want := s.Provenance()
		require.Equal(t, want.Instrument, p.Instrument, d)
		r := ps.Reader(s, &want)
		var q Provenance // read by ReadFlag first
		ps.Begin(s, &q)
		for i, path := range paths {
			flag, fv := q.ReadFlag(i)
			v := p.Read(i)
			require.Equal(t, v != nil && v.Kind == KindBool && v.b, flag, path)
			if v == nil {
				require.Same(t, &noValue, fv, path)
			} else {
				require.Same(t, v, fv, path)
			}
			again, fv2 := q.ReadFlag(i)
			require.Equal(t, flag, again, path)
			require.Same(t, fv, fv2, path)
			require.Same(t, r.Get(i), v, path)
			if sv, err := s.lookup(path); err == nil {
				require.Same(t, sv, v, path)
			} else {
				require.Nil(t, v, path)
			}
			require.Same(t, v, p.Read(i))
		}
		require.Equal(t, want.Params(), p.Params(), d)
		require.Equal(t, want.Params(), q.Params(), d)
	}
	s := rb.At(MustParseDate("2019-03-01"))
	var p Provenance
	allocs := testing.AllocsPerRun(50, func() {
		ps.Begin(s, &p)
		for i := range paths {
			p.Read(i)
		}
	})
	assert.Zero(t, allocs)
	// The zero snapshot reads nothing.
	ps.Begin(Snapshot{}, &p)
	assert.Nil(t, p.Read(0))
	var zero Provenance
	assert.Nil(t, zero.Read(3), "a provenance not begun reads nothing")
	flag, fv := zero.ReadFlag(3)
	assert.False(t, flag)
	assert.Same(t, &noValue, fv)
	assert.Zero(t, zero.Len())
}
