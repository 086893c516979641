package rules

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestValuesAroundInstruments checks each dated parameter on the day
// before and on the day the instrument that changes it takes effect.
func TestValuesAroundInstruments(t *testing.T) {
	rb := Default()
	tests := []struct {
		path    string
		date    string
		want    string // Display form; "" means no value in force
		wantRef string
	}{
		// Perwal 27.A/2017 takes effect 2017-05-15 ("mulai berlaku pada
		// tanggal diundangkan", Ps.14: promulgated by the Juknis of that
		// day) and replaces Perwal 115/2016.
		{"participants.bases", "2017-05-14", "dinsos_poor_family, card_holder, dinsos_letter", "Perwal 115/2016"},
		{"participants.bases", "2017-05-15", "card_holder, dinsos_letter, institutional, newborn", "Perwal 27.A/2017 Ps.4"},
		// Perda 9/2018 takes effect 2018-08-23: NIK residents, newborns, institutional.
		{"participants.bases", "2018-08-22", "card_holder, dinsos_letter, institutional, newborn", "Perwal 27.A/2017 Ps.4"},
		{"participants.bases", "2018-08-23", "nik_resident, newborn, institutional", "Perda 9/2018 Ps.7(1)-(3)"},
		// "selain Peserta PBI ... baik Pemerintah Pusat maupun Pemerintah Provinsi dan Daerah" (Perda Ps.7(1)).
		{"participants.pbi_exclusion.payers", "2018-08-22", "central, provincial, city", "Dakta 2018-06-08"},
		{"participants.pbi_exclusion.payers", "2018-08-23", "central, provincial, city", "Perda 9/2018 Ps.7(1), Ps.14(5)"},
		// "Peserta memperoleh pelayanan ... sesuai dengan sistem rujukan yang berlaku kecuali dalam kondisi gawat darurat" (Perda Ps.16(1)).
		{"referral.puskesmas_referral_required", "2018-08-22", "false", "Jannah 2019 app. B (interview F)"},
		{"referral.puskesmas_referral_required", "2018-08-23", "true", "Perda 9/2018 Ps.16(1)-(2)"},
		// "paling lambat 3 x 24 jam hari kerja setelah pasien dirawat" (Juknis IV.b.2.c), 2017-05-15.
		{"referral.deadlines.sjp_inpatient_working_days", "2017-05-14", "", ""},
		{"referral.deadlines.sjp_inpatient_working_days", "2017-05-15", "3", "Juknis 440/Kep.21/2017 IV.b.2.c"},
		{"referral.deadlines.sjp_inpatient_working_days", "2018-08-23", "3", "Juknis 440/Kep.21/2017 IV.b.2.c"},
		// "peserta wajib menyerahkan KS-NIK dan/atau bukti lainnya dalam waktu 3 x 24 ... hari kerja" (Perda Ps.16(3)).
		{"participants.card_duty.working_days", "2018-08-22", "", ""},
		{"participants.card_duty.working_days", "2018-08-23", "3", "Perda 9/2018 Ps.12(1), Ps.16(3)"},
		// "melaporkan selambat-lambatnya 3 x 24 jam" (Perda Ps.18b), only from the Perda.
		{"referral.deadlines.non_partner_report_hours", "2018-08-22", "", ""},
		{"referral.deadlines.non_partner_report_hours", "2018-08-23", "72", "Perda 9/2018 Ps.18b"},
		// "potongan harga ... 10% untuk RS tipe D, 15% untuk RS tipe C dan 20% untuk RS tipe B" (Perwal Ps.7(1)b).
		{"tariff.insidental.discount.type_b", "2017-05-14", "", ""},
		{"tariff.insidental.discount.type_b", "2017-05-15", "20", "Perwal 27.A/2017 Ps.7(1)b"},
		{"tariff.insidental.discount.type_c", "2017-05-15", "15", "Perwal 27.A/2017 Ps.7(1)b"},
		{"tariff.insidental.discount.type_d", "2017-05-15", "10", "Perwal 27.A/2017 Ps.7(1)b"},
		{"tariff.insidental.city_hospital_exempt", "2017-05-15", "true", "Perwal 27.A/2017 Ps.7(1)b"},
		{"tariff.insidental.ownership", "2017-05-15", "private", "Perwal 27.A/2017 Ps.7(1)c"},
		{"tariff.insidental.locations", "2017-05-15", "city, bordering", "Perwal 27.A/2017 Ps.7(1)c"},
		// The Juknis fees, 2017-05-15 (IV.d.3-7).
		{"tariff.ambulance.city", "2017-05-14", "", ""},
		{"tariff.ambulance.city", "2017-05-15", "200000", "Juknis 440/Kep.21/2017 IV.d.3"},
		{"tariff.ambulance.outside_city", "2017-05-15", "500000", "Juknis 440/Kep.21/2017 IV.d.3"},
		{"tariff.ambulance.ventilator_city", "2017-05-15", "5000000", "Juknis 440/Kep.21/2017 IV.d.4"},
		{"tariff.ambulance.ventilator_outside_city", "2017-05-15", "7500000", "Juknis 440/Kep.21/2017 IV.d.4"},
		{"tariff.erythropoietin.amount", "2017-05-15", "250000", "Juknis 440/Kep.21/2017 IV.d.7"},
		{"tariff.erythropoietin.per", "2017-05-15", "dose", "Juknis 440/Kep.21/2017 IV.d.7"},
		// SE 440/130/Dinkes of 2018-01-30: cards no longer need activation.
		{"participants.card.activation_required", "2018-01-29", "true", "Blog KS-NIK c.2018 (Cara Penggunaan 4"},
		{"participants.card.activation_required", "2018-01-30", "false", "SE 440/130/Dinkes"},
		// 2018-09-10: RSUD treats residents on e-KTP and KK (Zona Bekasi 2018-09-10).
		{"participants.card.rsud_accepts_ektp_kk", "2018-09-09", "false", "Perwal 27.A/2017 Ps.10(1)"},
		{"participants.card.rsud_accepts_ektp_kk", "2018-09-10", "true", "Zona Bekasi 2018-09-10"},
		{"participants.card.extended_validity", "2018-06-01", "2018-12-31", "Blog KS-NIK c.2018 (Masa Berlaku"},
		// Class III (Juknis IV.b.2.j from 2017-05-15; Perda Ps.14(4)).
		{"services.inpatient_class", "2017-05-14", "", ""},
		{"services.inpatient_class", "2017-05-15", "3", "Juknis 440/Kep.21/2017 IV.b.2.j"},
		{"services.inpatient_class", "2018-08-23", "3", "Perda 9/2018 Ps.14(4), Ps.18d"},
		{"services.insidental", "2017-05-15", "hcu, nicu, picu, icu, iccu, perinatology, chemotherapy", "Perwal 27.A/2017 Ps.9(2)"},
		{"services.outside_package", "2017-05-15", "blood_bag, ambulance, amhp_khusus, erythropoietin", "Perwal 27.A/2017 Ps.9(3); Juknis 440/Kep.21/2017 III.l, IV.d.3-7"},
		{"services.outside_package", "2017-05-15", "blood_bag, ambulance, amhp_khusus, erythropoietin", "Juknis 440/Kep.21/2017 III.l"},
		// Perda Ps.13 and Ps.23: lending a card.
		{"participants.lending.max_fine", "2018-08-22", "", ""},
		{"participants.lending.max_fine", "2018-08-23", "50000000", "Perda 9/2018 Ps.23(1)"},
		{"claims.timeline.submission_week", "2017-05-15", "2", "Perwal 27.A/2017 Ps.11(2)b"},
		{"money.rounding.mode", "2017-01-01", "half_away_from_zero", "kartusehat convention"},
	}
	for _, tt := range tests {
		t.Run(tt.path+"@"+tt.date, func(t *testing.T) {
			v, err := rb.At(MustParseDate(tt.date)).Param(tt.path)
			if tt.want == "" && tt.wantRef == "" {
				var le *FieldError
				require.ErrorAs(t, err, &le, "no value should be in force")
				assert.ErrorIs(t, err, ErrNoParam)
				assert.Equal(t, CodeNoRules, le.Code)
				assert.True(t, strings.HasPrefix(le.MessageEN, tt.path+" at "+tt.date+": "), le.MessageEN)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, v.Display())
			assert.Contains(t, v.Ref, tt.wantRef)
		})
	}
}

func TestTypedAccessors(t *testing.T) {
	s := Default().At(MustParseDate("2019-03-01"))
	amt, v, err := s.Amount("tariff.ambulance.city")
	require.NoError(t, err)
	assert.True(t, amt.Equal(dec("200000")), amt.String())
	assert.Equal(t, Used{Path: "tariff.ambulance.city", Value: "200000", From: MustParseDate("2017-05-15"), Ref: "Juknis 440/Kep.21/2017 IV.d.3"}, v.Used())

	pct, _, err := s.Percent("tariff.insidental.discount.type_c")
	require.NoError(t, err)
	assert.True(t, pct.Equal(dec("15")))

	n, _, err := s.Int("referral.deadlines.sjp_inpatient_working_days")
	require.NoError(t, err)
	assert.Equal(t, 3, n)

	b, _, err := s.Bool("referral.puskesmas_referral_required")
	require.NoError(t, err)
	assert.True(t, b)

	e, _, err := s.Enum("services.class_upgrade.full_class3_pricing")
	require.NoError(t, err)
	assert.Equal(t, "inacbg_occupied_class", e)

	l, lv, err := s.List("services.insidental")
	require.NoError(t, err)
	assert.Len(t, l, 7)
	assert.True(t, lv.Contains("iccu"))
	assert.False(t, lv.Contains("ward"))

	d, _, err := s.DateParam("participants.card.extended_validity")
	require.NoError(t, err)
	assert.Equal(t, "2018-12-31", d.String())

	txt, _, err := s.Text("services.formulary")
	require.NoError(t, err)
	assert.Contains(t, txt, "Formularium Nasional")

	// Wrong kind, unknown path.
	_, _, err = s.Amount("tariff.insidental.discount.type_c")
	var le *FieldError
	require.ErrorAs(t, err, &le)
	assert.Contains(t, le.MessageEN, "percent, not amount")
	assert.Contains(t, le.Message, "bertipe percent, bukan amount")
	_, err = s.Param("tariff.no.such")
	require.ErrorAs(t, err, &le)
	assert.True(t, strings.HasSuffix(le.MessageEN, ": no such parameter"), le.MessageEN)
	assert.ErrorIs(t, err, ErrNoParam)
}

func TestGoverningInstrument(t *testing.T) {
	rb := Default()
	tests := []struct{ date, want string }{
		{"2016-12-31", ""},
		{"2017-01-01", "Perwal 115/2016"},
		{"2017-05-14", "Perwal 115/2016"},
		{"2017-05-15", "Perwal 27.A/2017"},
		{"2018-08-22", "Perwal 27.A/2017"},
		// Instruments that rule one matter beside the scheme never govern
		// it (governs: false): Perda 5/2013 on private health services
		// before the Perwal, Perwal 110/2017 on payment after it.
		{"2013-12-31", ""},
		{"2017-12-31", "Perwal 27.A/2017"},
		{"2018-02-28", "Perwal 27.A/2017"},
		{"2018-08-23", "Perda 9/2018"},
		{"2026-11-23", "Perda 9/2018"},
	}
	for _, tt := range tests {
		g, ok := rb.At(MustParseDate(tt.date)).Governing()
		if tt.want == "" {
			assert.False(t, ok, tt.date)
			continue
		}
		require.True(t, ok, tt.date)
		assert.Equal(t, tt.want, g.Short, tt.date)
	}
	in := rb.At(MustParseDate("2017-05-15")).Instruments()
	var shorts []string
	for _, i := range in {
		shorts = append(shorts, i.Short)
	}
	assert.Equal(t, []string{"Perda 5/2013", "Kepwal 440/Kep.582.a-Dinkes/XII/2016", "Perwal 27.A/2017", "Juknis 440/Kep.21/2017"}, shorts,
		"Perwal 115/2016 is repealed the day Perwal 27.A/2017 takes effect (Ps.13), the old Juknis the day the new one does (KEDUA): both 2017-05-15")
}

// TestEmbeddedContents checks the tables the issue lists.
func TestEmbeddedContents(t *testing.T) {
	rb := Default()

	r := rb.Regions()
	assert.Equal(t, "32", r.Province)
	assert.Equal(t, "75", r.City)
	require.Len(t, r.Kecamatan, 12)
	for i, k := range r.Kecamatan {
		assert.Equal(t, "3275"+pad2(i+1), k.Code)
	}

	var city, outside, puskesmas int
	for _, f := range rb.Facilities() {
		assert.NotEmpty(t, f.Ref, f.Code)
		if f.Kind == KindPuskesmas {
			puskesmas++
			continue
		}
		if f.Location == LocationCity {
			city++
		} else {
			outside++
		}
	}
	assert.Equal(t, 36, city, "37 listed in the city, one of them twice")
	assert.Equal(t, 17, outside)
	assert.Equal(t, 12, puskesmas, "one per kecamatan")

	pd, ok := rb.At(MustParseDate("2019-03-01")).CodeList("puskesmas_diagnoses")
	require.True(t, ok)
	assert.Len(t, pd.Codes, 144)
	c, ok := pd.Match("J45.9")
	require.True(t, ok, "J45 (asma bronkial) matches J45.9")
	assert.Equal(t, "Asma bronkial", c.Name)
	_, ok = pd.Match("J46")
	assert.False(t, ok)
	_, ok = rb.At(MustParseDate("2018-08-22")).CodeList("puskesmas_diagnoses")
	assert.False(t, ok, "applies with the Perda's tiered referral")

	rsud, ok := rb.Facility("rsud-cam")
	require.True(t, ok)
	assert.True(t, rsud.CityHospital)
	assert.Equal(t, OwnershipGovernment, rsud.Ownership)
	alias, ok := rb.Facility("rs-masmitra")
	require.True(t, ok, "the second spelling in the source is an alias")
	assert.Equal(t, "rs-mas-mitra", alias.Code)
	assert.True(t, alias.PartnerOn(MustParseDate("2018-01-01")))
	assert.False(t, alias.PartnerOn(MustParseDate("2016-12-31")))
	unknown, ok := rb.Facility("rs-persada-medika")
	require.True(t, ok)
	assert.Empty(t, unknown.HospitalType, "a type no source gives stays unknown")
	sourced, _ := rb.Facility("rs-ananda")
	assert.Equal(t, "B", sourced.HospitalType)
	assert.Equal(t, "SIRS Kemenkes c.2021 (kode_rs 3216218, \"RS Umum Ananda\", pemilik \"SWASTA/ LAINNYA\", kelas \"B\"); SIRS Kemenkes 2026-01-21 (kode_rs 3216218, \"RS Umum Ananda\", pemilik \"SWASTA/LAINNYA\", kelas \"B\")", sourced.ProfileRef)
	haji, _ := rb.Facility("rs-haji-pondok-gede")
	assert.Equal(t, OwnershipUnknown, haji.Ownership, "the registry's \"Perusahaan\" names no owner of the company")

	ex := rb.Exclusions()
	require.Len(t, ex, 16)
	for i, x := range ex {
		assert.Equal(t, i+1, x.Number)
		assert.NotEmpty(t, x.Name.ID)
		assert.NotEmpty(t, x.Name.EN)
		assert.NotEmpty(t, x.Categories)
		assert.NotEmpty(t, x.Ref)
	}
	assert.Len(t, rb.At(MustParseDate("2017-05-14")).Exclusions(), 0, "Perwal Ps.9(4) and the Juknis take effect together")
	assert.Len(t, rb.At(MustParseDate("2017-05-15")).Exclusions(), 16)

	amb := rb.Ambiguities()
	var names []string
	for _, p := range amb {
		names = append(names, p.Path)
	}
	for _, want := range []string{
		"tariff.ambulance.city", "services.health_aids_covered", "services.class_upgrade.full_class3_pricing",
		"referral.deadlines.working_day_counting", "participants.jkn_active_non_pbi_covered",
		"referral.puskesmas_referral_required", "tariff.erythropoietin.per", "tariff.insidental.locations",
	} {
		assert.Contains(t, names, want)
	}
}

// TestEveryValueCited walks the whole rulebook.
func TestEveryValueCited(t *testing.T) {
	for _, p := range Default().Params() {
		assert.NotEmpty(t, p.Description+p.Path, p.Path)
		for _, v := range p.Values {
			assert.NotEmpty(t, v.Ref, "%s from %s", p.Path, v.From)
		}
	}
	for _, in := range Default().Instruments() {
		assert.NotEmpty(t, in.Ref, in.ID)
	}
}

func pad2(i int) string {
	if i < 10 {
		return "0" + string(rune('0'+i))
	}
	return "1" + string(rune('0'+i-10))
}

// TestREADMEListsAmbiguities keeps the README's table of ambiguities in
// step with the rulebook.
func TestREADMEListsAmbiguities(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	for _, p := range Default().Ambiguities() {
		assert.Contains(t, string(readme), "| `"+p.Path+"` |", "README's ambiguity table lacks %s", p.Path)
	}
}

func TestMatchCode(t *testing.T) {
	tests := []struct {
		pattern, code string
		want          bool
	}{
		{"J45", "J45.9", true},
		{"J45", "j45.9", true},
		{"J45", "J4", false},
		{"F1", "F10.2", true},
		{"F1", "F20", false},
		{"99.3", "99.38", true},
		{"Z41.1", "Z41.1", true},
		{"Z41.1", "Z41.2", false},
		{"", "A09", false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, matchCode(tt.pattern, tt.code), "%s ~ %s", tt.pattern, tt.code)
	}
	l, _ := Default().At(MustParseDate("2019-03-01")).CodeList("puskesmas_diagnoses")
	for _, tt := range []struct{ code, want string }{
		{"A09", "A09"}, {"a09.0", "A09"}, {"O70.1", "O70.1"}, {"O70.9", ""}, {"B35.4", "B35.4"}, {"Z99", ""},
	} {
		c, ok := l.Match(tt.code)
		assert.Equal(t, tt.want != "", ok, tt.code)
		assert.Equal(t, tt.want, c.Code, tt.code)
	}
}

// TestEveryChangeDate walks every parameter of the embedded rulebook: on
// the day before a value takes effect the earlier value (or none) is in
// force, and on the day itself the new one.
func TestEveryChangeDate(t *testing.T) {
	rb := Default()
	n := 0
	for _, p := range rb.Params() {
		for i, v := range p.Values {
			got, err := rb.At(v.From).Param(p.Path)
			require.NoError(t, err, "%s on %s", p.Path, v.From)
			assert.Equal(t, v.Display(), got.Display(), "%s on the day %s", p.Path, v.From)
			assert.Equal(t, v.Ref, got.Ref)
			before, err := rb.At(v.From.AddDays(-1)).Param(p.Path)
			if i == 0 {
				assert.Error(t, err, "%s has no value before %s", p.Path, v.From)
			} else {
				require.NoError(t, err)
				assert.Equal(t, p.Values[i-1].From, before.From, "%s the day before %s", p.Path, v.From)
			}
			n++
		}
	}
	assert.Greater(t, n, 80)
}

func TestWholeNumber(t *testing.T) {
	s := Default().At(MustParseDate("2019-03-01"))
	amb, _, err := s.Amount("tariff.ambulance.city")
	require.NoError(t, err)
	v, err := s.Param("tariff.ambulance.city")
	require.NoError(t, err)
	n, ok := v.WholeNumber()
	assert.True(t, ok)
	assert.Equal(t, amb.IntPart(), n)
	assert.Equal(t, int64(200000), n)
	days, err := s.Param("referral.deadlines.sjp_inpatient_working_days")
	require.NoError(t, err)
	assert.Equal(t, 3, days.Int())
	list, err := s.Param("services.insidental")
	require.NoError(t, err)
	_, ok = list.WholeNumber()
	assert.False(t, ok, "a list is no number")

	rb, err := Default().Overlay("frac.yaml", strings.NewReader(`parameters:
  tariff:
    ambulance:
      city:
        values:
          2027-01-01: {value: 250000.5, ref: "Perda 9/2018 Ps.17(1)"}
`))
	require.NoError(t, err)
	v, err = rb.At(MustParseDate("2027-02-01")).Param("tariff.ambulance.city")
	require.NoError(t, err)
	_, ok = v.WholeNumber()
	assert.False(t, ok, "half a rupiah is not whole")
}
