package eligibility

import (
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	nikMother = "3275014508900001" // woman, born 1990-08-05, issued in Bekasi Timur
	nikFather = "3275011203850002"
	nikChild  = "3275012010100003"
	nikOther  = "3275050101800004" // of another family
	kkFamily  = "3275010101170001"
	kkOther   = "3275050202170002"
)

// cardHolder is a resident whose family card lists her, with a recorded
// e-KTP that matches: the plainest case.
func cardHolder() *Facts {
	return &Facts{
		Person: Person{NIK: MustParseNIK(nikMother), KK: kkFamily, KKCity: "3275", Registry: Registry{Status: Living}},
		JKN:    JKN{Status: JKNNone},
		Documents: Documents{
			Card: &Card{NIKs: []NIK{MustParseNIK(nikMother), MustParseNIK(nikFather)}, KK: kkFamily,
				ValidThrough: rules.MustParseDate("2018-12-31"), Activated: true},
			EKTP: &EKTP{NIK: MustParseNIK(nikMother), Recorded: true},
		},
	}
}

func with(f *Facts, change func(*Facts)) *Facts { change(f); return f }

func residentWithoutCard() *Facts {
	return with(cardHolder(), func(f *Facts) { f.Documents.Card = nil })
}

func newborn(parent *Facts) *Facts {
	return &Facts{
		Person:    Person{Registry: Registry{Status: Living}},
		Documents: Documents{Birth: &BirthProof{Kind: "birth_letter", ParentNIK: parent.Person.NIK, Date: rules.MustParseDate("2019-01-05")}},
		Parent:    parent,
	}
}

func institutional(cat string, letter bool) *Facts {
	// Held in the city, but not its resident: the KK is from Kabupaten Bekasi.
	f := &Facts{Person: Person{NIK: MustParseNIK(nikOther), KK: kkOther, KKCity: "3216", Registry: Registry{Status: Living}, Institution: cat}}
	if letter {
		f.Documents.DinsosLetter = &DinsosLetter{Category: cat, Date: rules.MustParseDate("2017-06-01")}
	}
	return f
}

func TestCheck(t *testing.T) {
	rb := rules.Default()
	tests := []struct {
		name     string
		date     string
		facts    *Facts
		eligible bool
		basis    Basis
		codes    []string // reasons and warnings that must be present
		ref      string   // a citation the decision must carry in its reasons
	}{
		// Before the programme.
		{"before any instrument", "2016-12-31", cardHolder(), false, "", []string{"no_rules_in_force"}, ""},

		// Perwal 115/2016: poor families on the Dinsos list; the day before and the day Perwal 27.A/2017 takes effect.
		{"poor family on the Dinsos list under Perwal 115/2016", "2017-05-14",
			with(residentWithoutCard(), func(f *Facts) { f.Person.DinsosPoorList = true }), true, BasisDinsosPoorFamily, []string{"basis_dinsos_poor_family"}, "Perwal 115/2016"},
		{"the Dinsos list alone no longer suffices under Perwal 27.A/2017", "2017-05-15",
			with(residentWithoutCard(), func(f *Facts) { f.Person.DinsosPoorList = true }), false, "", []string{"no_basis"}, "Perwal 27.A/2017 Ps.4"},

		// Perwal 27.A/2017 Ps.4a.1: card holders.
		{"card holder with matching recorded e-KTP", "2017-06-01", cardHolder(), true, BasisCardHolder, []string{"basis_card_holder"}, "Perwal 27.A/2017 Ps.4a.1"},
		{"card not activated before SE 440/130/Dinkes", "2018-01-29",
			with(cardHolder(), func(f *Facts) { f.Documents.Card.Activated = false }), false, "", []string{"card_not_activated"}, "Mulai 30 Januari 2018 Kartu Sehat Bekasi tidak perlu diaktifkan"},
		// The blog post's section on using the card reports the activation
		// before the circular: cited from the launch, not by a convention.
		{"card not activated in 2017", "2017-06-01",
			with(cardHolder(), func(f *Facts) { f.Documents.Card.Activated = false }), false, "", []string{"card_not_activated"}, "Blog KS-NIK c.2018 (Cara Penggunaan 4"},
		{"card not activated, the day SE 440/130/Dinkes ends activation", "2018-01-30",
			with(cardHolder(), func(f *Facts) { f.Documents.Card.Activated = false }), true, BasisCardHolder, nil, ""},
		{"card printed with a 2017 end date is valid through 2018 (Blog KS-NIK c.2018)", "2018-06-01",
			with(cardHolder(), func(f *Facts) { f.Documents.Card.ValidThrough = rules.MustParseDate("2017-12-31") }), true, BasisCardHolder, nil, ""},
		{"e-KTP not recorded", "2017-06-01",
			with(cardHolder(), func(f *Facts) { f.Documents.EKTP.Recorded = false }), false, "", []string{"ektp_not_recorded"}, "Jannah 2019 app. B (interview F"},
		// Dukcapil (informant HA): "harus sudah melakukan perekaman ktp
		// elektronik"; Perwal Ps.1(15) defines the Dinsos letter, not the card.
		// Under the Perda a resident is a participant by the NIK database;
		// the card then goes unused, for the same reason.
		{"e-KTP not recorded, after interview HA", "2019-02-01",
			with(cardHolder(), func(f *Facts) { f.Documents.EKTP.Recorded = false }), true, BasisNIKResident, []string{"ektp_not_recorded"}, "interview HA: 'harus sudah melakukan perekaman ktp elektronik"},
		{"no e-KTP shown", "2017-06-01",
			with(cardHolder(), func(f *Facts) { f.Documents.EKTP = nil }), false, "", []string{"ektp_missing"}, ""},
		{"e-KTP whose NIK is not on the card", "2017-06-01",
			with(cardHolder(), func(f *Facts) { f.Documents.EKTP.NIK = MustParseNIK(nikOther) }), false, "", []string{"ektp_not_on_card"}, ""},
		{"family member on the card's KK but not printed on it", "2017-06-01",
			with(cardHolder(), func(f *Facts) {
				f.Person.NIK = MustParseNIK(nikChild)
			}), true, BasisFamilyMember, []string{"basis_family_member", "family_member_not_printed"}, "interview F"},
		{"a card of another family under Perwal 27.A/2017", "2018-03-01",
			with(cardHolder(), func(f *Facts) { f.Person.NIK, f.Person.KK = MustParseNIK(nikOther), kkOther }), false, "", []string{"card_not_for_person"}, "Perwal 27.A/2017 Ps.4a.1, Ps.1(14)"},
		{"KK domiciled outside the city, whatever the NIK prefix says", "2017-06-01",
			with(cardHolder(), func(f *Facts) { f.Person.KKCity = "3216" }), false, "", []string{"kk_outside_city"}, "Perwal 27.A/2017 Ps.1(13), Ps.4a"},
		{"NIK issued elsewhere, KK in the city", "2017-06-01",
			with(cardHolder(), func(f *Facts) {
				n := MustParseNIK("3216066902000004")
				f.Person.NIK, f.Documents.EKTP.NIK = n, n
				f.Documents.Card.NIKs = append(f.Documents.Card.NIKs, n)
			}), true, BasisCardHolder, nil, ""},

		// Perwal 27.A/2017 Ps.4a.2: a Dinsos recommendation letter.
		{"Dinsos letter, e-KTP and KK", "2017-08-01",
			with(residentWithoutCard(), func(f *Facts) {
				f.Documents.DinsosLetter = &DinsosLetter{Category: "poor", Date: rules.MustParseDate("2017-07-20")}
			}), true, BasisDinsosLetter, []string{"basis_dinsos_letter"}, "Perwal 27.A/2017 Ps.1(15), Ps.4a.2"},
		// Appendix J: "Rawat Jalan Rekomendasi Dinsos ... Januari 252": SJP on
		// Dinsos recommendations from January 2017, before Perwal 27.A/2017.
		{"Dinsos letter in January 2017 (appendix J), no e-KTP asked", "2017-01-16",
			with(residentWithoutCard(), func(f *Facts) {
				f.Documents.DinsosLetter = &DinsosLetter{Category: "poor", Date: rules.MustParseDate("2017-01-10")}
				f.Documents.EKTP = nil
			}), true, BasisDinsosLetter, []string{"basis_dinsos_letter"}, "Jannah 2019 app. J"},
		{"Dinsos letter without an e-KTP", "2017-08-01",
			with(residentWithoutCard(), func(f *Facts) {
				f.Documents.DinsosLetter = &DinsosLetter{Category: "poor", Date: rules.MustParseDate("2017-07-20")}
				f.Documents.EKTP = nil
			}), false, "", []string{"ektp_missing"}, ""},
		{"no card and no letter the day before Perda 9/2018", "2018-08-22", residentWithoutCard(), false, "", []string{"card_missing"}, ""},

		// Perda 9/2018 Ps.7(1): NIK residents other than PBI, from 2018-08-23.
		{"resident without a card the day Perda 9/2018 takes effect", "2018-08-23", residentWithoutCard(), true, BasisNIKResident,
			[]string{"basis_nik_resident", "card_to_follow"}, "Perda 9/2018 Ps.7(1)"},
		{"resident without a card after RSUD accepts e-KTP and KK", "2018-09-10", residentWithoutCard(), true, BasisNIKResident,
			[]string{"card_to_follow", "rsud_accepts_ektp_kk"}, ""},
		{"resident with an expired card", "2019-03-01", cardHolder(), true, BasisNIKResident, []string{"card_expired", "card_to_follow"}, ""},
		{"resident showing a card lent by another family", "2019-03-01",
			with(cardHolder(), func(f *Facts) {
				f.Documents.Card.NIKs = []NIK{MustParseNIK(nikOther)}
				f.Documents.Card.KK = kkOther
				f.Documents.Card.ValidThrough = rules.MustParseDate("2019-12-31")
			}), true, BasisNIKResident, []string{"card_not_for_person", "card_lending"}, ""},
		{"not in the city's NIK database", "2019-03-01",
			with(residentWithoutCard(), func(f *Facts) { f.Person.Registry.Status = NotRegistered }), false, "", []string{"not_in_registry"}, "Perda 9/2018 Ps.7(1), Ps.8(1)"},

		// The PBI exclusion, for each paying government (Perda Ps.7(1), Ps.14(5)).
		{"PBI paid by the central government", "2018-08-23",
			with(cardHolder(), func(f *Facts) { f.JKN = JKN{Status: JKNPBI, PBIPayer: "central"} }), false, "", []string{"pbi_member"}, "Perda 9/2018 Ps.7(1), Ps.14(5)"},
		{"PBI paid by the province", "2018-08-23",
			with(cardHolder(), func(f *Facts) { f.JKN = JKN{Status: JKNPBI, PBIPayer: "provincial"} }), false, "", []string{"pbi_member"}, "Ps.14(5)"},
		{"PBI paid by the city", "2018-08-23",
			with(cardHolder(), func(f *Facts) { f.JKN = JKN{Status: JKNPBI, PBIPayer: "city"} }), false, "", []string{"pbi_member"}, "Ps.14(5)"},
		// Dinkes: "tidak pernah ... membayar peserta JKN ... yang masih aktif"
		// (Dakta 2018-06-08): before the Perda one reading for PBI and
		// paying members alike.
		{"PBI member with a card the day before the Perda (Dinkes reading)", "2018-08-22",
			with(cardHolder(), func(f *Facts) { f.JKN = JKN{Status: JKNPBI, PBIPayer: "central"} }), false, "", []string{"pbi_member"}, "Dakta 2018-06-08"},
		{"active non-PBI JKN member with a card the day before the Perda (same reading)", "2018-08-22",
			with(cardHolder(), func(f *Facts) { f.JKN.Status = JKNNonPBIActive }), false, "", []string{"jkn_active_member"}, ""},
		{"active non-PBI JKN member (Dinkes reading)", "2019-03-01",
			with(residentWithoutCard(), func(f *Facts) { f.JKN.Status = JKNNonPBIActive }), false, "", []string{"jkn_active_member"}, "Dakta 2018-06-08"},
		{"inactive JKN member", "2019-03-01",
			with(residentWithoutCard(), func(f *Facts) { f.JKN.Status = JKNNonPBIInactive }), true, BasisNIKResident, nil, ""},

		// Perda Ps.10(2)c: "tidak lagi memenuhi keabsahan peserta".
		{"no longer valid before the service", "2019-03-01",
			with(residentWithoutCard(), func(f *Facts) {
				f.Person.Registry = Registry{Status: NoLongerValid, Date: rules.MustParseDate("2019-01-31")}
			}), false, "", []string{"no_longer_valid"}, "Perda 9/2018 Ps.10(2)"},
		{"no longer valid is no removal before the Perda", "2017-08-01",
			with(cardHolder(), func(f *Facts) {
				f.Person.Registry = Registry{Status: NoLongerValid, Date: rules.MustParseDate("2017-07-01")}
			}), true, BasisCardHolder, nil, ""},
		{"died before the service, under Perwal 27.A/2017", "2017-08-01",
			with(cardHolder(), func(f *Facts) { f.Person.Registry = Registry{Status: Died, Date: rules.MustParseDate("2017-07-01")} }),
			false, "", []string{"died"}, "Perwal 27.A/2017 Ps.1(13), Ps.4a"},
		// Perda Ps.10(2): death and moving away.
		{"died before the service", "2019-03-01",
			with(residentWithoutCard(), func(f *Facts) { f.Person.Registry = Registry{Status: Died, Date: rules.MustParseDate("2019-02-28")} }), false, "", []string{"died"}, "Perda 9/2018 Ps.10(2)"},
		{"died after the service (verified later)", "2019-03-01",
			with(residentWithoutCard(), func(f *Facts) { f.Person.Registry = Registry{Status: Died, Date: rules.MustParseDate("2019-03-02")} }), true, BasisNIKResident, []string{"died_after_service"}, ""},
		{"moved out of the city before the service", "2019-03-01",
			with(residentWithoutCard(), func(f *Facts) {
				f.Person.Registry = Registry{Status: MovedOut, Date: rules.MustParseDate("2019-01-15")}
			}), false, "", []string{"moved_out"}, "Perda 9/2018 Ps.10(2)"},

		// Perda Ps.7(2): newborns of participants.
		{"newborn with a birth letter, parent a resident", "2019-01-10", newborn(residentWithoutCard()), true, BasisNewborn,
			[]string{"basis_newborn", "newborn_needs_sjp"}, "Perda 9/2018 Ps.7(2)"},
		{"newborn whose parent is a PBI member", "2019-01-10",
			newborn(with(residentWithoutCard(), func(f *Facts) { f.JKN = JKN{Status: JKNPBI, PBIPayer: "central"} })), false, "", []string{"newborn_parent_not_participant"}, ""},
		{"newborn whose birth letter names another parent", "2019-01-10",
			with(newborn(residentWithoutCard()), func(f *Facts) { f.Documents.Birth.ParentNIK = MustParseNIK(nikOther) }), false, "", []string{"newborn_parent_mismatch"}, ""},
		{"newborn without the parent's facts", "2019-01-10",
			with(newborn(residentWithoutCard()), func(f *Facts) { f.Parent = nil }), false, "", []string{"newborn_parent_unknown"}, ""},
		// Juknis III.i: "Bayi sehat ... bisa ditagihkan terpisah ... dengan SJP
		// tersendiri": before the Perda a baby not yet on the KK is served on
		// its own SJP, not refused.
		{"newborn before the Perda: its own SJP (Juknis III.i)", "2018-08-22",
			with(newborn(cardHolder()), func(f *Facts) { f.Documents.Birth.Date = rules.MustParseDate("2018-08-01") }), true, BasisNewborn, []string{"newborn_needs_sjp"}, "Juknis 440/Kep.21/2017 III.i"},
		{"newborn before the Juknis: no such basis", "2017-05-14",
			with(newborn(cardHolder()), func(f *Facts) { f.Documents.Birth.Date = rules.MustParseDate("2017-05-01") }), false, "", []string{"no_basis"}, ""},

		// Perda Ps.7(3), Perwal Ps.4b: institutional persons with a Dinsos letter.
		{"prison inmate with a Dinsos letter", "2019-03-01", institutional("prison_inmate", true), true, BasisInstitutional, []string{"basis_institutional"}, "Perda 9/2018 Ps.7(3)"},
		{"neglected person with a Dinsos letter (Perwal)", "2017-08-01", institutional("neglected_person", true), true, BasisInstitutional, nil, "Perwal 27.A/2017 Ps.4b"},
		{"social-home resident with a Dinsos letter", "2019-03-01", institutional("social_home_resident", true), true, BasisInstitutional, nil, ""},
		{"detainee with a Dinsos letter", "2019-03-01", institutional("detainee", true), true, BasisInstitutional, nil, ""},
		{"detainee without a Dinsos letter (Perwal)", "2017-08-01", institutional("detainee", false), false, "", []string{"institutional_no_letter"}, "Perwal 27.A/2017 Ps.4b"},
		{"a resident inmate is a participant as a resident first (the rulebook's order of bases)", "2019-03-01",
			with(institutional("prison_inmate", true), func(f *Facts) { f.Person.KKCity = "3275" }), true, BasisNIKResident, nil, ""},
		{"letter for another category", "2019-03-01",
			with(institutional("detainee", true), func(f *Facts) {
				f.Person.Registry.Status = NotRegistered
				f.Documents.DinsosLetter.Category = "neglected_person"
			}), false, "", []string{"institutional_letter_category"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := rb.At(rules.MustParseDate(tt.date))
			d, err := Check(tt.facts, s)
			require.NoError(t, err)
			assert.Equal(t, tt.eligible, d.Eligible, "reasons %+v", d.Reasons)
			assert.Equal(t, tt.basis, d.Basis)
			for _, c := range tt.codes {
				assert.True(t, d.Has(c), "missing %s in %+v / %+v", c, d.Reasons, d.Warnings)
			}
			require.NotEmpty(t, d.Reasons)
			for _, r := range append(d.Reasons, d.Warnings...) {
				assert.NotEmpty(t, r.ID, r.Code)
				assert.NotEmpty(t, r.EN, r.Code)
				if r.Code != "no_rules_in_force" {
					assert.NotEmpty(t, r.Ref, r.Code)
				}
			}
			if tt.ref != "" {
				var refs []string
				for _, r := range append(d.Reasons, d.Warnings...) {
					refs = append(refs, r.Ref)
				}
				assert.Contains(t, joinAll(refs), tt.ref)
			}
			assert.Equal(t, rb.Revision(), d.Provenance.Revision)
			assert.Equal(t, tt.date, d.Date.String())
		})
	}
}

func joinAll(s []string) string {
	out := ""
	for _, x := range s {
		out += x + " | "
	}
	return out
}

func TestCheckProvenance(t *testing.T) {
	d, err := Check(residentWithoutCard(), rules.Default().At(rules.MustParseDate("2019-03-01")))
	require.NoError(t, err)
	assert.Equal(t, "Perda 9/2018", d.Instrument)
	assert.Equal(t, "Perda 9/2018", d.Provenance.Instrument)
	var paths []string
	for _, u := range d.Provenance.Params() {
		paths = append(paths, u.Path)
		assert.NotEmpty(t, u.Ref)
		assert.False(t, u.From.IsZero())
	}
	assert.Contains(t, paths, "participants.bases")
	assert.Contains(t, paths, "participants.card.rsud_accepts_ektp_kk")
}

// TestCheckReform: an analyst's overlay changes the answer without code.
func TestCheckReform(t *testing.T) {
	rb, err := rules.Default().Overlay("reform.yaml", stringsReader(`
parameters:
  participants:
    jkn_active_non_pbi_covered:
      values:
        2019-01-01: {value: true, ref: "Perda 9/2018 Ps.7(1), literal reading"}
`))
	require.NoError(t, err)
	f := with(residentWithoutCard(), func(f *Facts) { f.JKN.Status = JKNNonPBIActive })
	d, err := Check(f, rb.At(rules.MustParseDate("2019-03-01")))
	require.NoError(t, err)
	assert.True(t, d.Eligible)
	assert.NotEqual(t, rules.Default().Revision(), d.Provenance.Revision)
}

// TestLendingPenaltyFromRulebook: "pidana kurungan paling lama 3 (tiga)
// bulan atau denda paling banyak Rp. 50.000.000,-" (Perda 9/2018 Ps.23(1)):
// the message says what the rulebook says, and an overlay changes it.
func TestLendingPenaltyFromRulebook(t *testing.T) {
	f := func() *Facts {
		return with(cardHolder(), func(f *Facts) { f.Person.NIK, f.Person.KK = MustParseNIK(nikOther), kkOther })
	}
	penalty := func(d Decision) rules.Reason {
		for _, w := range d.Warnings {
			if w.Code == "card_lending_penalty" {
				return w
			}
		}
		return rules.Reason{}
	}
	d, err := Check(f(), rules.Default().At(rules.MustParseDate("2019-03-01")))
	require.NoError(t, err)
	p := penalty(d)
	assert.Equal(t, "Ancaman pidana bagi yang meminjamkan kartu: kurungan paling lama 3 bulan atau denda paling banyak Rp 50.000.000.", p.ID)
	assert.Equal(t, "The penalty for lending a card: confinement of up to 3 months or a fine of up to Rp 50,000,000.", p.EN)
	assert.Equal(t, "Perda 9/2018 Ps.23(1)", p.Ref)
	assert.True(t, d.Has("card_lending"))

	d, err = Check(f(), rules.Default().At(rules.MustParseDate("2018-03-01")))
	require.NoError(t, err)
	assert.False(t, d.Has("card_lending"), "no lending offence before the Perda")
	assert.False(t, d.Has("card_lending_penalty"))

	rb, err := rules.Default().Overlay("reform.yaml", stringsReader(`
parameters:
  participants:
    lending:
      max_fine:
        values:
          2019-01-01: {value: 75000000, ref: "kartusehat convention (a reform under test)"}
`))
	require.NoError(t, err)
	d, err = Check(f(), rb.At(rules.MustParseDate("2019-03-01")))
	require.NoError(t, err)
	p = penalty(d)
	assert.Contains(t, p.ID, "Rp 75.000.000")
	assert.Equal(t, "Perda 9/2018 Ps.23(1); kartusehat convention (a reform under test)", p.Ref)
}

// TestCardDutyWarning: "peserta wajib menyerahkan KS-NIK dan/atau bukti
// lainnya dalam waktu 3 x 24 (tiga kali dua puluh empat jam) hari kerja"
// (Perda 9/2018 Ps.16(3)); the number is the rulebook's.
func TestCardDutyWarning(t *testing.T) {
	d, err := Check(residentWithoutCard(), rules.Default().At(rules.MustParseDate("2019-03-01")))
	require.NoError(t, err)
	var w rules.Reason
	for _, r := range d.Warnings {
		if r.Code == "card_to_follow" {
			w = r
		}
	}
	assert.Equal(t, "Peserta wajib menyerahkan KS-NIK dan/atau bukti lainnya dalam waktu 3 x 24 jam hari kerja; PPK tetap wajib melayani.", w.ID)
	assert.Equal(t, "Perda 9/2018 Ps.12(1), Ps.16(3), Ps.18c", w.Ref)
}

// sameCode is == on strings, by bytes for a 4-byte city code.
func TestSameCode(t *testing.T) {
	for _, tt := range [][2]string{
		{"3275", "3275"}, {"3275", "3276"}, {"3275", "4275"}, {"3275", "3175"}, {"3275", "3285"},
		{"3275", "327"}, {"", ""}, {"", "3275"}, {"32750", "32750"}, {"32750", "32751"},
	} {
		if got, want := sameCode(tt[0], tt[1]), tt[0] == tt[1]; got != want {
			t.Errorf("sameCode(%q, %q) = %v, want %v", tt[0], tt[1], got, want)
		}
	}
}

// TestDeathCitesItsRule: a death removes a participant by the rule on the
// dead ("Pengurangan peserta ... disebabkan: a. peserta meninggal dunia",
// Perda 9/2018 Ps.10(2); before it the participant is a resident on the
// city's population database, Perwal 27.A/2017 Ps.1(13), Ps.4a). It never
// cites the Dinkes statement on JKN members ("tidak pernah Pemkot Bekasi
// membayar peserta JKN ... yang masih aktif", Dakta 2018-06-08), which
// rules another removal.
func TestDeathCitesItsRule(t *testing.T) {
	rb := rules.Default()
	for _, tt := range []struct{ date, died, ref string }{
		{"2017-03-01", "2017-02-01", "Perwal 115/2016 (title, its text is not in the sources)"},
		{"2017-08-01", "2017-07-01", "Perwal 27.A/2017 Ps.1(13), Ps.4a"},
		{"2018-08-22", "2018-08-01", "Perwal 27.A/2017 Ps.1(13), Ps.4a"},
		{"2018-08-23", "2018-08-01", "Perda 9/2018 Ps.10(2)"},
		{"2019-03-01", "2019-02-28", "Perda 9/2018 Ps.10(2)"},
	} {
		on := rules.MustParseDate(tt.date)
		d, err := Check(with(cardHolder(), func(f *Facts) {
			f.Person.Registry = Registry{Status: Died, Date: rules.MustParseDate(tt.died)}
		}), rb.At(on))
		require.NoError(t, err, tt.date)
		assert.False(t, d.Eligible, tt.date)
		var got []string
		for _, r := range d.Reasons {
			if r.Code == "died" {
				got = append(got, r.Ref)
			}
		}
		assert.Equal(t, []string{tt.ref}, got, tt.date)
		require.NoError(t, rb.RefInForce(tt.ref, on), tt.date)
	}
}

// TestNewbornBeforePerda: the declared reading
// participants.newborn_before_perda. Juknis III.i: "Bayi sehat dari ibu
// yang lahir dengan sectio caesaria bisa ditagihkan terpisah menggunakan
// tarif INA CBG's dengan SJP tersendiri" (own_sjp, the default, reads it
// as presuming a participant's baby is covered on its own SJP); read as a
// billing rule only, a baby not on the card is not a participant
// (not_participant). From 2018-08-23 Perda 9/2018 Ps.7(2) settles it:
// "Anak yang terlahir dari peserta Jamkesda dengan menunjukkan akta
// kelahiran atau surat keterangan lahir".
func TestNewbornBeforePerda(t *testing.T) {
	other, err := rules.Default().Overlay("reading.yaml", strings.NewReader(`
parameters:
  participants:
    newborn_before_perda:
      values:
        2017-05-15: {value: not_participant, ref: "Perwal 27.A/2017 Ps.4"}
`))
	require.NoError(t, err)
	baby := func(born string) *Facts {
		return with(newborn(cardHolder()), func(f *Facts) { f.Documents.Birth.Date = rules.MustParseDate(born) })
	}
	for _, tt := range []struct {
		name     string
		rb       *rules.Rulebook
		date     string
		eligible bool
		code     string
		ref      string
	}{
		{"default own_sjp, the day the Juknis takes effect", rules.Default(), "2017-05-15", true, "basis_newborn", "Juknis 440/Kep.21/2017 III.i"},
		{"default own_sjp, the day before the Perda", rules.Default(), "2018-08-22", true, "basis_newborn", "Juknis 440/Kep.21/2017 III.i"},
		{"not_participant, the day the Juknis takes effect", other, "2017-05-15", false, "newborn_not_participant", "Perwal 27.A/2017 Ps.4"},
		{"not_participant, the day before the Perda", other, "2018-08-22", false, "newborn_not_participant", "Perwal 27.A/2017 Ps.4"},
		{"not_participant ends with the Perda", other, "2018-08-23", true, "basis_newborn", "Perda 9/2018 Ps.7(2)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d, err := Check(baby("2017-05-15"), tt.rb.At(rules.MustParseDate(tt.date)))
			require.NoError(t, err)
			assert.Equal(t, tt.eligible, d.Eligible, "%+v", d.Reasons)
			var ref string
			for _, r := range d.Reasons {
				if r.Code == tt.code {
					ref = r.Ref
				}
			}
			assert.Equal(t, tt.ref, ref, "%+v", d.Reasons)
			read := false
			for _, u := range d.Provenance.Params() {
				read = read || u.Path == "participants.newborn_before_perda"
			}
			assert.True(t, read, "the reading is recorded in the provenance")
		})
	}
}
