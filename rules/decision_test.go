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

// A provenance not begun reads nothing (the decision packages begin it
// with ResetReading, through internal/paramset, tested there).
func TestProvenanceNotBegun(t *testing.T) {
	var zero Provenance
	assert.Nil(t, zero.Read(3), "a provenance not begun reads nothing")
	flag, fv := zero.ReadFlag(3)
	assert.False(t, flag)
	assert.Same(t, &noValue, fv)
	assert.Zero(t, zero.Len())
}
