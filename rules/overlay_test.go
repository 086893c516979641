package rules

import (
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const reform = `rulebook:
  name: Reformasi 2027
parameters:
  tariff:
    insidental:
      discount:
        type_b:
          values:
            2027-01-01: {value: 25, ref: "Reform draft Ps.1"}
    ambulance:
      city:
        values:
          2017-05-15: {value: 250000, ref: "Juknis 440/Kep.21/2017 IV.d.3 (figure)", note: figure reading}
  referral:
    new_rule:
      type: bool
      values:
        2027-01-01: {value: true, ref: "Reform draft Ps.2"}
holidays:
  2027:
    ref: SKB 1/2026 (hypothetical)
    days:
      - {date: 2027-01-01, name: Tahun Baru, kind: libur_nasional}
facilities:
  - code: rs-ananda
    name: RS Ananda
    kind: hospital
    level: 2
    ownership: private
    hospital_type: C
    location: city
    partner: [{from: 2017-01-01, ref: Host contract register (RS Ananda)}]
    ref: Host contract register
instruments:
  - id: Reform draft
    level: perda
    title: A hypothetical reform of the Perda
    in_force: 2027-01-01
    ref: Reform draft
  - id: SKB 1/2026
    level: keputusan_bersama
    title: A hypothetical SKB for 2027
    in_force: 2026-09-01
    ref: SKB 1/2026
  - id: Host contract register
    level: record
    title: The host's register of partnership contracts
    published: 2017-01-01
    ref: Host contract register
`

func TestOverlay(t *testing.T) {
	base := Default()
	before := base.Revision()
	rb, err := base.Overlay("reform.yaml", strings.NewReader(reform))
	require.NoError(t, err)

	// A value on a new date is added and ends the one before it.
	tests := []struct{ path, date, want string }{
		{"tariff.insidental.discount.type_b", "2026-12-31", "20"},
		{"tariff.insidental.discount.type_b", "2027-01-01", "25"},
		{"tariff.ambulance.city", "2019-03-01", "250000"}, // same date: replaced
		{"referral.new_rule", "2027-01-01", "true"},
	}
	for _, tt := range tests {
		v, err := rb.At(MustParseDate(tt.date)).Param(tt.path)
		require.NoError(t, err, tt.path)
		assert.Equal(t, tt.want, v.Display(), "%s at %s", tt.path, tt.date)
	}
	f, ok := rb.Facility("rs-ananda")
	require.True(t, ok)
	assert.Equal(t, "C", f.HospitalType)
	assert.True(t, rb.Calendar().Covers(2027))
	assert.Equal(t, []string{"Reformasi 2027"}, rb.Overlays())

	// The base is untouched.
	assert.Equal(t, before, base.Revision())
	v, err := base.At(MustParseDate("2027-01-01")).Param("tariff.insidental.discount.type_b")
	require.NoError(t, err)
	assert.Equal(t, "20", v.Display())
	v, _ = base.At(MustParseDate("2019-03-01")).Param("tariff.ambulance.city")
	assert.Equal(t, "200000", v.Display())
	f, _ = base.Facility("rs-ananda")
	assert.Equal(t, "B", f.HospitalType, "the base keeps the registry's class")
	assert.False(t, base.Calendar().Covers(2027))
	_, err = base.At(MustParseDate("2027-01-01")).Param("referral.new_rule")
	assert.Error(t, err)

	assert.NotEqual(t, before, rb.Revision())
}

func TestOverlayErrors(t *testing.T) {
	tests := []struct {
		name, src string
		want      error
		msg       string
	}{
		{"unknown path without type", "parameters:\n  tariff:\n    ambulanse:\n      city:\n        values:\n          2020-01-01: {value: 1, ref: x}\n",
			ErrUnknownKey, "o.yaml:5:9: tariff.ambulanse.city: the rulebook has no parameter tariff.ambulanse.city (to add one, give its type:)"},
		{"type mismatch", "parameters:\n  tariff:\n    ambulance:\n      city:\n        type: percent\n        values:\n          2020-01-01: {value: 1, ref: x}\n",
			ErrType, "the overlay gives type percent; the rulebook's parameter is amount"},
		{"negative", "parameters:\n  tariff:\n    ambulance:\n      city:\n        values:\n          2020-01-01: {value: -5, ref: x}\n",
			ErrNegative, "o.yaml:6:31:"},
		{"overlap with base", "parameters:\n  tariff:\n    ambulance:\n      city:\n        values:\n          2017-05-15: {value: 1, ref: x, until: 2030-01-01}\n          2020-01-01: {value: 2, ref: y}\n",
			ErrOverlap, "runs until 2030-01-01"},
		{"group replaced by leaf", "parameters:\n  tariff:\n    ambulance:\n      type: amount\n      values:\n        2020-01-01: {value: 1, ref: x}\n",
			ErrDuplicate, "is both a parameter and a group"},
		{"misspelt values as an empty group", "parameters:\n  tariff:\n    ambulance:\n      city:\n        valeus: {}\n",
			ErrUnknownKey, "o.yaml:5:9: tariff.ambulance.city: tariff.ambulance.city is a parameter"},
		{"bad kecamatan", "facilities:\n  - {code: x, name: X, kind: hospital, level: 2, ownership: private, location: city, kecamatan: \"327513\", partner: [{from: 2020-01-01, ref: r}], ref: r}\n",
			ErrReference, "o.yaml:2:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Default().Overlay("o.yaml", strings.NewReader(tt.src))
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.want)
			assert.Contains(t, err.Error(), tt.msg)
		})
	}
}

// TestRevisionIgnoresLayout: an overlay that restates a value the rulebook
// already has changes nothing, so the revision stays.
func TestRevisionIgnoresLayout(t *testing.T) {
	same := "# a comment\nparameters:\n  tariff:\n    ambulance:\n      city:\n        values:\n          2017-05-15:\n            value: 200000\n            ref: Juknis 440/Kep.21/2017 IV.d.3\n            note: The words \"dua ratus ribu rupiah\" prevail over the figure \"250,000\", as words prevail in Indonesian official writing where the two differ (UU 12/2011 lampiran II writes the words as the figure's safeguard); the figure's reading is an overlay (value 250000). See the ambiguity.\n"
	rb, err := Default().Overlay("same.yaml", strings.NewReader(same))
	require.NoError(t, err)
	assert.Equal(t, Default().Revision(), rb.Revision())
}

// TestConcurrentUse reads one rulebook from many goroutines while overlays
// are made from it; run with -race.
func TestConcurrentUse(t *testing.T) {
	rb := Default()
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 200; j++ {
				s := rb.At(MustParseDate("2019-06-01"))
				if _, _, err := s.Amount("tariff.ambulance.city"); err != nil {
					t.Error(err)
					return
				}
				if _, err := s.Calendar().AddWorkingDays(MustParseDate("2019-05-31"), 3); err != nil {
					t.Error(err)
					return
				}
			}
			if _, err := rb.Overlay("r.yaml", strings.NewReader(reform)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
}
