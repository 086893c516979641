package referral

import (
	"strings"
	"testing"
	"time"

	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var wib = time.FixedZone("WIB", 7*3600)

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, wib)
	if err != nil {
		panic(err)
	}
	return t
}

const patient = "3275014508900001"

// book is the embedded rulebook with one facility that is not a partner,
// for the non-partner rules.
var book = func() *rules.Rulebook {
	rb, err := rules.Default().Overlay("test.yaml", strings.NewReader(`
facilities:
  - code: rs-non-mitra
    name: RS Non Mitra
    kind: hospital
    level: 2
    ownership: private
    location: city
    partner: [{from: 2030-01-01, ref: kartusehat convention (test fixture)}]
    ref: kartusehat convention (test fixture)
`))
	if err != nil {
		panic(err)
	}
	return rb
}()

// eligible is the patient's real eligibility decision on the date: a
// resident under the Perda, a card holder before it.
func eligible(t testing.TB, rb *rules.Rulebook, on rules.Date) *eligibility.Decision {
	n := eligibility.MustParseNIK(patient)
	f := &eligibility.Facts{
		Person: eligibility.Person{NIK: n, KK: "3275010101170001", KKCity: "3275", Registry: eligibility.Registry{Status: eligibility.Living}},
		Documents: eligibility.Documents{
			Card: &eligibility.Card{NIKs: []eligibility.NIK{n}, ValidThrough: rules.MustParseDate("2019-12-31"), Activated: true},
			EKTP: &eligibility.EKTP{NIK: n, Recorded: true},
		},
	}
	d, err := eligibility.Check(f, rb.At(on))
	require.NoError(t, err)
	require.True(t, d.Eligible, "%v", d.Reasons)
	return &d
}

func puskesmasReferral(date string) *Referral {
	return &Referral{From: "pkm-bekasi-jaya", Date: rules.MustParseDate(date), Reason: "medical", Kind: "full", Diagnosis: "K35.8"}
}

func outpatient(admission string) *Episode {
	a := at(admission)
	return &Episode{PatientNIK: eligibility.MustParseNIK(patient), Facility: "rs-ananda", CareType: Outpatient,
		Admission: a, Referral: puskesmasReferral(a.Format("2006-01-02")),
		SJP:              &SJP{NIK: eligibility.MustParseNIK(patient), Issued: a},
		BackReferralSent: true}
}

func inpatient(admission string) *Episode {
	ep := outpatient(admission)
	ep.CareType = Inpatient
	ep.SJP = nil
	return ep
}

func change(ep *Episode, f func(*Episode)) *Episode { f(ep); return ep }

func TestAssess(t *testing.T) {
	tests := []struct {
		name    string
		ep      *Episode
		rb      *rules.Rulebook
		covered bool
		payer   Payer
		codes   []string
		ref     string
	}{
		{"outpatient on a puskesmas referral, with SJP", outpatient("2019-03-04 09:00"), nil, true, PayerJamkesda, []string{"covered"}, "Perda 9/2018"},

		// Perda 9/2018 Ps.16(1): the referral requirement, the day before and the day it starts.
		{"no referral the day before the Perda (interviews: straight to hospital)", change(outpatient("2018-08-22 09:00"), func(e *Episode) { e.Referral = nil }), nil,
			true, PayerJamkesda, nil, ""},
		{"no referral the day the Perda takes effect", change(outpatient("2018-08-23 09:00"), func(e *Episode) { e.Referral = nil }), nil,
			false, PayerPatient, []string{"referral_missing"}, "Perda 9/2018 Ps.16(1)-(2); Perda 9/2018 Ps.16(4)"},
		{"a hospital's referral to another hospital in the city", change(outpatient("2019-03-04 09:00"), func(e *Episode) {
			e.Referral.From = "rsud-cam"
		}), nil, true, PayerJamkesda, nil, ""},

		// Emergencies (Perda Ps.16(1); Juknis IV.b.2.d, k).
		{"true emergency at the IGD without referral", change(outpatient("2019-03-04 22:00"), func(e *Episode) {
			e.CareType, e.Emergency, e.Referral, e.SJP = IGD, TrueEmergency, nil, nil
		}), nil, true, PayerJamkesda, []string{"emergency_documents"}, ""},
		{"false emergency without referral: a general patient", change(outpatient("2019-03-18 22:00"), func(e *Episode) {
			e.CareType, e.Emergency, e.Referral = IGD, FalseEmergency, nil
		}), nil, false, PayerPatient, []string{"false_emergency"}, "Perda 9/2018 Ps.16(1), Ps.16(4)"},

		// A hospital outside the city (Juknis IV.b.2.i).
		{"outside the city on a puskesmas referral", change(outpatient("2019-03-04 09:00"), func(e *Episode) { e.Facility = "rs-fatmawati" }), nil,
			false, PayerPatient, []string{"outside_city_needs_city_referral", "referral_outside_area"}, "Juknis 440/Kep.21/2017 IV.b.2.i"},
		{"outside the city on the RSUD's referral", change(outpatient("2019-03-04 09:00"), func(e *Episode) {
			e.Facility, e.Referral.From = "rs-fatmawati", "rsud-cam"
		}), nil, true, PayerJamkesda, nil, ""},
		{"bordering the city on a private city hospital's referral", change(outpatient("2019-03-04 09:00"), func(e *Episode) {
			e.Facility, e.Referral.From = "rs-hermina-grand-wisata", "rs-mitra-keluarga-bekasi-barat"
		}), nil, true, PayerJamkesda, nil, ""},
		{"outside the city without referral in 2017 (the Juknis already requires it)", change(outpatient("2017-06-05 09:00"), func(e *Episode) {
			e.Facility, e.Referral = "rs-cipto-mangunkusumo", nil
		}), nil, false, PayerPatient, []string{"outside_city_needs_city_referral"}, ""},
		{"outside the city in an emergency", change(outpatient("2019-03-04 22:00"), func(e *Episode) {
			e.Facility, e.CareType, e.Emergency, e.Referral = "rs-fatmawati", IGD, TrueEmergency, nil
		}), nil, true, PayerJamkesda, nil, ""},

		// A non-partner facility (Perda Ps.18b; Juknis IV.b.2.d; exclusion 2).
		{"non-partner without emergency", change(outpatient("2019-03-04 09:00"), func(e *Episode) { e.Facility = "rs-non-mitra" }), book,
			false, PayerPatient, []string{"non_partner_facility"}, "Perda 9/2018 Ps.16(1), Ps.18a"},
		// Before Perwal 27.A/2017, Dinkes (informant F) recounts the launch
		// prepared "dngn rs rs yg akan dikerjasama": a source, not a convention.
		{"non-partner without emergency at the launch", change(outpatient("2017-03-06 09:00"), func(e *Episode) { e.Facility, e.Referral = "rs-non-mitra", nil }), book,
			false, PayerPatient, []string{"non_partner_facility"}, "Jannah 2019 app. B (interview F: 'persiapan dngn rs rs yg akan dikerjasama')"},
		{"non-partner without emergency under the Juknis", change(outpatient("2017-06-05 09:00"), func(e *Episode) { e.Facility = "rs-non-mitra" }), book,
			false, PayerPatient, []string{"non_partner_facility"}, "Perwal 27.A/2017 Ps.9(1), Ps.9(4)b; Juknis 440/Kep.21/2017 III (tidak ditanggung 2)"},
		// Juknis IV.b.2.d: "Apabila rumah sakit tersebut bukan jaringan
		// pelayanan Jamkesda, tetap wajib memberikan pertolongan pertama
		// sebagai bagian dari kewajiban yang tertuang dalam Perda Nomor 05
		// Tahun 2013 ..., untuk selanjutnya dirujuk".
		{"non-partner emergency before the Perda: first aid is the facility's own duty", change(outpatient("2017-06-05 22:00"), func(e *Episode) {
			e.Facility, e.CareType, e.Emergency, e.Referral = "rs-non-mitra", IGD, TrueEmergency, nil
		}), book, false, PayerServingFacility, []string{"non_partner_first_aid", "refer_to_partner"}, "Juknis 440/Kep.21/2017 IV.b.2.d, III (tidak ditanggung 2); Perda 5/2013 (as Juknis IV.b.2.d names it)"},
		{"non-partner emergency reported on the last allowed day", change(outpatient("2019-03-04 10:00"), func(e *Episode) {
			e.Facility, e.CareType, e.Emergency, e.Referral = "rs-non-mitra", IGD, TrueEmergency, nil
			e.ReportedToDinkes = at("2019-03-07 10:00")
		}), book, true, PayerJamkesda, []string{"refer_to_partner", "non_partner_report"}, ""},
		{"non-partner emergency reported a day late", change(outpatient("2019-03-04 10:00"), func(e *Episode) {
			e.Facility, e.CareType, e.Emergency, e.Referral = "rs-non-mitra", IGD, TrueEmergency, nil
			e.ReportedToDinkes = at("2019-03-08 10:00")
		}), book, true, PayerJamkesda, []string{"non_partner_report_late"}, "Perda 9/2018 Ps.18b, Ps.22(1)"},
		{"non-partner emergency reported late, the other reading: the facility pays", change(outpatient("2019-03-04 10:00"), func(e *Episode) {
			e.Facility, e.CareType, e.Emergency, e.Referral = "rs-non-mitra", IGD, TrueEmergency, nil
			e.ReportedToDinkes = at("2019-03-08 10:00")
		}), overlay(book, `
parameters:
  referral:
    non_partner_report_late:
      values:
        2018-08-23: {value: serving_facility, ref: "Perda 9/2018 Ps.18b (condition)"}
`), false, PayerServingFacility, []string{"non_partner_report_late"}, "Perda 9/2018 Ps.18b (condition)"},
		{"non-partner emergency before the Perda, the other reading: Jamkesda pays", change(outpatient("2017-06-05 22:00"), func(e *Episode) {
			e.Facility, e.CareType, e.Emergency, e.Referral = "rs-non-mitra", IGD, TrueEmergency, nil
		}), overlay(book, `
parameters:
  referral:
    non_partner_emergency_payer:
      values:
        2017-05-15: {value: jamkesda, ref: "Juknis 440/Kep.21/2017 IV.b.2.d (emergency exception)"}
`), true, PayerJamkesda, []string{"refer_to_partner"}, ""},
		// After the Perda, a declared reading too: Ps.18b, "Dalam keadaan
		// darurat PPK yang belum mempunyai perjanjian kerjasama ... dapat
		// memberikan pelayanan kepada peserta KS-NIK dan melaporkan ...",
		// read with Ps.16(1) "kecuali dalam kondisi gawat darurat" (the
		// default, Jamkesda pays); or Perwal Ps.9(4)b and Juknis III item 2,
		// still in force, leave the cost with the facility.
		{"non-partner emergency after the Perda, the default reading: Jamkesda pays", change(outpatient("2018-08-23 22:00"), func(e *Episode) {
			e.Facility, e.CareType, e.Emergency, e.Referral = "rs-non-mitra", IGD, TrueEmergency, nil
			e.ReportedToDinkes = at("2018-08-24 08:00")
		}), book, true, PayerJamkesda, []string{"refer_to_partner", "non_partner_report"}, ""},
		{"non-partner emergency after the Perda, the other reading: the facility pays", change(outpatient("2018-08-23 22:00"), func(e *Episode) {
			e.Facility, e.CareType, e.Emergency, e.Referral = "rs-non-mitra", IGD, TrueEmergency, nil
			e.ReportedToDinkes = at("2018-08-24 08:00")
		}), overlay(book, `
parameters:
  referral:
    non_partner_emergency_payer:
      values:
        2018-08-23: {value: serving_facility, ref: "Perwal 27.A/2017 Ps.9(4)b; Juknis 440/Kep.21/2017 III (tidak ditanggung 2)"}
`), false, PayerServingFacility, []string{"non_partner_first_aid", "refer_to_partner"}, "Perwal 27.A/2017 Ps.9(4)b; Juknis 440/Kep.21/2017 III (tidak ditanggung 2)"},
		// Juknis IV.b.2.i: "Pelayanan kesehatan yang diberikan oleh Rumah
		// Sakit di luar Kota Bekasi atas dasar pertimbangan medik".
		{"outside the city on the RSUD's non-medical referral", change(outpatient("2019-03-04 09:00"), func(e *Episode) {
			e.Facility, e.Referral.From, e.Referral.Reason = "rs-fatmawati", "rsud-cam", "non_medical"
		}), nil, false, PayerPatient, []string{"outside_city_non_medical"}, "Juknis 440/Kep.21/2017 IV.b.2.i; Perda 9/2018 Ps.16(4)"},

		// Class III (Perwal 27.A Ps.7(1)a; Juknis IV.b.2.j).
		{"moved up because class III was full", change(inpatient("2019-03-04 09:00"), func(e *Episode) {
			e.Class, e.ClassReason = 2, "class3_full"
			e.SJP = &SJP{Issued: at("2019-03-05 09:00")}
		}), nil, true, PayerJamkesda, []string{"class_upgrade_class3_full"}, ""},
		{"moved up at the patient's own wish", change(inpatient("2019-03-04 09:00"), func(e *Episode) {
			e.Class, e.ClassReason = 1, "own_wish"
			e.SJP = &SJP{Issued: at("2019-03-05 09:00")}
		}), nil, false, PayerPatient, []string{"class_upgrade_own_wish"}, "Juknis 440/Kep.21/2017 IV.b.2.j"},

		// Control visits need a new puskesmas referral (interview E).
		{"control visit on a new referral", change(outpatient("2019-03-18 09:00"), func(e *Episode) {
			e.ControlVisit, e.PreviousVisit = true, rules.MustParseDate("2019-03-04")
		}), nil, true, PayerJamkesda, nil, ""},
		{"control visit on the old referral", change(outpatient("2019-03-18 09:00"), func(e *Episode) {
			e.ControlVisit, e.PreviousVisit = true, rules.MustParseDate("2019-03-04")
			e.Referral.Date = rules.MustParseDate("2019-03-01")
		}), nil, false, PayerPatient, []string{"control_visit_needs_new_referral"}, "interview E"},

		{"partial referral: the referring facility pays", change(outpatient("2019-03-04 09:00"), func(e *Episode) { e.Referral.Kind = "partial" }), nil,
			false, PayerReferringFacility, []string{"partial_referral"}, "Juknis 440/Kep.21/2017 III.h"},
		{"traffic accident: another payer first", change(outpatient("2019-03-04 09:00"), func(e *Episode) { e.OtherPayer = "traffic_accident" }), nil,
			false, PayerOther, []string{"other_payer_first"}, "Juknis 440/Kep.21/2017 IV.b.2.d"},
		{"healthy baby of a caesarean mother: its own SJP", change(inpatient("2019-03-04 09:00"), func(e *Episode) { e.CaesareanHealthyBaby = true }), nil,
			true, PayerJamkesda, []string{"caesarean_baby_own_sjp", "sjp_inpatient"}, ""},
		{"back-referral owed by the receiving hospital", change(outpatient("2019-03-04 09:00"), func(e *Episode) { e.BackReferralSent = false }), nil,
			true, PayerJamkesda, []string{"back_referral"}, ""},
		{"referral for asthma, which a puskesmas treats, without a reason", change(outpatient("2019-03-04 09:00"), func(e *Episode) { e.Referral.Diagnosis = "J45.9" }), nil,
			true, PayerJamkesda, []string{"treatable_at_puskesmas"}, ""},
		{"referral for asthma with a complication", change(outpatient("2019-03-04 09:00"), func(e *Episode) {
			e.Referral.Diagnosis, e.Referral.StatedReason = "J45.9", "complication"
		}), nil, true, PayerJamkesda, nil, ""},
		{"puskesmas referral on non-medical grounds", change(outpatient("2019-03-04 09:00"), func(e *Episode) { e.Referral.Reason = "non_medical" }), nil,
			true, PayerJamkesda, []string{"puskesmas_referral_non_medical"}, ""},
		{"outpatient without SJP", change(outpatient("2019-03-04 09:00"), func(e *Episode) { e.SJP = nil }), nil,
			true, PayerJamkesda, []string{"sjp_outpatient"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rb := tt.rb
			if rb == nil {
				rb = rules.Default()
			}
			on := tt.ep.ServiceDate()
			a, err := Assess(tt.ep, eligible(t, rb, on), rb.At(on))
			require.NoError(t, err)
			assert.Equal(t, tt.covered, a.Covered, "%+v", a.Reasons)
			assert.Equal(t, tt.payer, a.Payer)
			for _, c := range tt.codes {
				assert.True(t, a.Has(c), "missing %s: reasons %+v missing %+v warnings %+v", c, a.Reasons, a.Missing, a.Warnings)
			}
			require.NotEmpty(t, a.Reasons)
			for _, r := range append(append(a.Reasons, a.Missing...), a.Warnings...) {
				assert.NotEmpty(t, r.ID, r.Code)
				assert.NotEmpty(t, r.EN, r.Code)
				assert.NotEmpty(t, r.Ref, r.Code)
			}
			if tt.ref != "" {
				var all string
				for _, r := range append(append(a.Reasons, a.Missing...), a.Warnings...) {
					all += r.Ref + " | "
				}
				assert.Contains(t, all, tt.ref)
			}
		})
	}
}

// TestDeadlines computes the "3 x 24 jam hari kerja" deadlines across a
// weekend and across Idul Fitri 1440 (2019) with its cuti bersama.
func TestDeadlines(t *testing.T) {
	tests := []struct {
		name     string
		ep       *Episode
		code     string
		due      string
		status   DeadlineStatus
		covered  bool
		counting string // a reform of referral.deadlines.working_day_counting, if any
	}{
		{"inpatient admitted Friday 2019-05-31: SJP on the last day", change(inpatient("2019-05-31 10:00"), func(e *Episode) {
			e.SJP = &SJP{Issued: at("2019-06-12 15:00")}
		}), "sjp_inpatient", "2019-06-12T23:59:59+07:00", Met, true, ""},
		{"inpatient admitted Friday 2019-05-31: SJP a day late", change(inpatient("2019-05-31 10:00"), func(e *Episode) {
			e.SJP = &SJP{Issued: at("2019-06-13 08:00")}
		}), "sjp_inpatient", "2019-06-12T23:59:59+07:00", Late, false, ""},
		{"inpatient admitted Thursday: across the weekend", change(inpatient("2019-03-14 20:00"), func(e *Episode) {
			e.SJP = &SJP{Issued: at("2019-03-19 12:00")}
		}), "sjp_inpatient", "2019-03-19T23:59:59+07:00", Met, true, ""},
		{"inpatient admitted Saturday: the weekend is not counted", change(inpatient("2019-03-16 03:00"), func(e *Episode) {
			e.SJP = &SJP{Issued: at("2019-03-20 12:00")}
		}), "sjp_inpatient", "2019-03-20T23:59:59+07:00", Met, true, ""},
		{"SJP still missing, asked before the deadline", change(inpatient("2019-05-31 10:00"), func(e *Episode) {
			e.AsOf = at("2019-06-10 09:00")
		}), "sjp_inpatient", "2019-06-12T23:59:59+07:00", Pending, true, ""},
		{"SJP still missing after the deadline", change(inpatient("2019-05-31 10:00"), func(e *Episode) {
			e.AsOf = at("2019-06-13 09:00")
		}), "sjp_inpatient", "2019-06-12T23:59:59+07:00", Late, false, ""},
		{"emergency documents across Idul Fitri", change(inpatient("2019-05-31 23:00"), func(e *Episode) {
			e.Emergency, e.Referral = TrueEmergency, nil
			e.SJP = &SJP{Issued: at("2019-06-10 09:00")}
			e.DocumentsComplete = at("2019-06-11 10:00")
		}), "emergency_documents", "2019-06-12T23:59:59+07:00", Met, true, ""},
		{"working-hours reading: the same hour on the third working day", change(inpatient("2019-05-31 10:00"), func(e *Episode) {
			e.SJP = &SJP{Issued: at("2019-06-12 15:00")}
		}), "sjp_inpatient", "2019-06-12T10:00:00+07:00", Late, false, "working_hours"},
		{"before the Juknis: no SJP deadline yet", change(inpatient("2017-05-12 10:00"), func(e *Episode) {}), "", "", "", true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rb := rules.Default()
			if tt.counting != "" {
				var err error
				rb, err = rb.Overlay("reform.yaml", strings.NewReader(`
parameters:
  referral:
    deadlines:
      working_day_counting:
        values:
          2017-05-15: {value: `+tt.counting+`, ref: "kartusehat convention (reading under test)"}
          2018-08-23: {value: `+tt.counting+`, ref: "kartusehat convention (reading under test)"}
`))
				require.NoError(t, err)
			}
			on := tt.ep.ServiceDate()
			a, err := Assess(tt.ep, eligible(t, rb, on), rb.At(on))
			require.NoError(t, err)
			assert.Equal(t, tt.covered, a.Covered, "%+v", a.Reasons)
			if tt.code == "" {
				assert.Empty(t, a.Deadlines)
				return
			}
			dl, ok := a.Deadline(tt.code)
			require.True(t, ok, "%+v", a.Deadlines)
			assert.Equal(t, tt.due, dl.Due.Format(time.RFC3339))
			assert.Equal(t, tt.status, dl.Status)
			assert.NotEmpty(t, dl.Ref)
		})
	}
}

func TestNonPartnerReportDeadline(t *testing.T) {
	ep := change(outpatient("2019-03-04 10:00"), func(e *Episode) {
		e.Facility, e.CareType, e.Emergency, e.Referral = "rs-non-mitra", IGD, TrueEmergency, nil
	})
	on := ep.ServiceDate()
	a, err := Assess(ep, eligible(t, book, on), book.At(on))
	require.NoError(t, err)
	dl, ok := a.Deadline("non_partner_report")
	require.True(t, ok)
	assert.Equal(t, "2019-03-07T10:00:00+07:00", dl.Due.Format(time.RFC3339), "3 x 24 calendar hours (Perda Ps.18b says no 'hari kerja')")
	assert.Equal(t, Pending, dl.Status)
	assert.True(t, a.Has("non_partner_report"))

	// Before the Perda there is no such duty.
	ep.Admission = at("2018-08-22 10:00")
	on = ep.ServiceDate()
	a, err = Assess(ep, eligible(t, book, on), book.At(on))
	require.NoError(t, err)
	_, ok = a.Deadline("non_partner_report")
	assert.False(t, ok)
}

func TestNotParticipant(t *testing.T) {
	ep := outpatient("2019-03-04 09:00")
	on := ep.ServiceDate()
	d := &eligibility.Decision{Eligible: false, Date: on, Reasons: []rules.Reason{{Code: "pbi_member", Ref: "Perda 9/2018 Ps.7(1), Ps.14(5)"}}}
	a, err := Assess(ep, d, rules.Default().At(on))
	require.NoError(t, err)
	assert.False(t, a.Covered)
	assert.Equal(t, PayerPatient, a.Payer)
	assert.Equal(t, "not_participant", a.Reasons[0].Code)
	assert.Equal(t, "Perda 9/2018 Ps.7(1), Ps.14(5)", a.Reasons[0].Ref)
}

func TestAssessBadInput(t *testing.T) {
	tests := []struct {
		name  string
		ep    *Episode
		field string
		msg   string
	}{
		{"discharge before admission", change(inpatient("2019-03-04 09:00"), func(e *Episode) { e.Discharge = at("2019-03-03 09:00") }), "/discharge", "before the admission"},
		{"unknown facility", change(outpatient("2019-03-04 09:00"), func(e *Episode) { e.Facility = "rs-nowhere" }), "/facility", `unknown facility code "rs-nowhere"`},
		{"unknown referring facility", change(outpatient("2019-03-04 09:00"), func(e *Episode) { e.Referral.From = "pkm-nowhere" }), "/referral/from", "unknown facility code"},
		{"referral dated after the admission", change(outpatient("2019-03-04 09:00"), func(e *Episode) { e.Referral.Date = rules.MustParseDate("2019-03-05") }), "/referral/date", "after the admission"},
		{"SJP for another NIK", change(outpatient("2019-03-04 09:00"), func(e *Episode) { e.SJP.NIK = eligibility.MustParseNIK("3275011203850002") }), "/sjp/nik", "3275**********02"},
		{"class above III without a reason", change(inpatient("2019-03-04 09:00"), func(e *Episode) { e.Class = 2 }), "/class_reason", "required"},
		{"care type", change(outpatient("2019-03-04 09:00"), func(e *Episode) { e.CareType = "day_care" }), "/care_type", `"day_care"`},
		{"referral without a date", change(outpatient("2019-03-04 09:00"), func(e *Episode) { e.Referral.Date = rules.Date{} }), "/referral/date", "required"},
		{"no admission", change(outpatient("2019-03-04 09:00"), func(e *Episode) { e.Admission = time.Time{} }), "/admission", "required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			on := rules.MustParseDate("2019-03-04")
			_, err := Assess(tt.ep, eligible(t, rules.Default(), on), rules.Default().At(on))
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrEpisode)
			var fe *rules.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Pointer)
			assert.Contains(t, fe.MessageEN, tt.msg)
			assert.NotContains(t, err.Error(), "01450890")
		})
	}
	ep := outpatient("2019-03-04 09:00")
	on := rules.MustParseDate("2019-03-04")
	_, err := Assess(ep, eligible(t, rules.Default(), on), rules.Default().At(on.AddDays(1)))
	assert.ErrorContains(t, err, "take the snapshot on the date of admission")
	_, err = Assess(ep, eligible(t, rules.Default(), on.AddDays(-1)), rules.Default().At(on))
	assert.ErrorContains(t, err, "eligibility decision is of 2019-03-03")
}

func TestDecodeEpisode(t *testing.T) {
	ep, err := DecodeEpisode(strings.NewReader(`{"patient_nik":"3275014508900001","facility":"rs-ananda","care_type":"inpatient",
	  "admission":"2019-05-31T10:00:00+07:00","referral":{"from":"pkm-bekasi-jaya","date":"2019-05-31","reason":"medical","kind":"full"}}`))
	require.NoError(t, err)
	assert.Equal(t, "2019-05-31", ep.ServiceDate().String())
	_, err = DecodeEpisode(strings.NewReader(`{"facility":"rs-ananda","care_tpye":"inpatient"}`))
	var fe *rules.FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "/care_tpye", fe.Pointer)
	_, err = DecodeEpisode(strings.NewReader(`{"class":"two"}`))
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "/class", fe.Pointer)
}

// TestExclusions: one row per item of Juknis 440/Kep.21/2017 III "tidak
// ditanggung" (3-16; items 1 and 2 are the pathway rules above), each
// triggered the way the rulebook says.
func TestExclusions(t *testing.T) {
	tests := []struct {
		name       string
		date       string
		diagnoses  []string
		procedures []string
		categories []string
		indicated  bool
		want       string // "" when covered
	}{
		{"3 cosmetic, by ICD-10 Z41.1", "2019-03-04", []string{"Z41.1"}, nil, nil, false, "excluded_cosmetic"},
		{"3 cosmetic, by ICD-9-CM 86.82 (facial rhytidectomy)", "2019-03-04", nil, []string{"86.82"}, nil, false, "excluded_cosmetic"},
		{"4 fertility, N97.0", "2019-03-04", []string{"N97.0"}, nil, nil, false, "excluded_fertility"},
		{"5 no medical indication, by category", "2019-03-04", nil, nil, []string{"no_medical_indication"}, false, "excluded_no_medical_indication"},
		{"6 dental scaling, 96.54", "2019-03-04", nil, []string{"96.54"}, nil, false, "excluded_dental_scaling_orthodontics"},
		{"7 toiletries and milk, by category", "2019-03-04", nil, nil, []string{"milk"}, false, "excluded_toiletries_milk"},
		{"8 general check-up, Z00.0", "2019-03-04", []string{"Z00.0"}, nil, nil, false, "excluded_general_check_up"},
		{"9 alternative medicine, by category", "2019-03-04", nil, nil, []string{"alternative_medicine"}, false, "excluded_alternative_medicine"},
		{"10 alcohol dependence, F10.2", "2019-03-04", []string{"F10.2"}, nil, nil, false, "excluded_substance_dependence"},
		{"11 ritual circumcision, Z41.2", "2019-03-04", []string{"Z41.2"}, []string{"64.0"}, nil, false, "excluded_non_medical_circumcision"},
		{"11 circumcision for phimosis, with a medical indication", "2019-03-04", []string{"N47"}, []string{"64.0"}, nil, true, ""},
		{"12 immunisation, Z27.1 (DPT)", "2019-03-04", []string{"Z27.1"}, nil, nil, false, "excluded_immunisation_family_planning"},
		{"12 \"Imunisasi dan KB\": a tetanus shot after a wound (Z23.5, 99.38) is post-exposure prophylaxis, not immunisation", "2019-03-04", []string{"Z23.5"}, []string{"99.38"}, nil, false, ""},
		{"12 rabies post-exposure vaccine (Z24.2, 99.44)", "2019-03-04", []string{"Z24.2"}, []string{"99.44"}, nil, false, ""},
		{"10 \"Ketergantungan\": acute alcohol intoxication F10.0 is treated", "2019-03-04", []string{"F10.0"}, nil, nil, false, ""},
		{"10 nicotine dependence F17.2 on a smoker's record", "2019-03-04", []string{"F17.2"}, nil, nil, false, ""},
		{"3 \"untuk tujuan kosmetik\": a blepharoplasty with a stated medical indication", "2019-03-04", nil, []string{"08.86"}, nil, true, ""},
		{"13 \"Prothesa gigi dan alat gerak\": an artificial eye (Z44.2) is not listed", "2019-03-04", []string{"Z44.2"}, nil, nil, false, ""},
		{"13 a leg prosthesis (Z44.1)", "2019-03-04", []string{"Z44.1"}, nil, nil, false, "excluded_health_aids"},
		{"13 \"Hearing Aid pada lansia\": a hearing aid for a patient under 60", "2019-03-04", nil, nil, []string{"hearing_aid"}, false, ""},
		{"12 IUD insertion, 69.7", "2019-03-04", nil, []string{"69.7"}, nil, false, "excluded_immunisation_family_planning"},
		{"13 health aid, a wheelchair", "2019-03-04", nil, nil, []string{"wheelchair"}, false, "excluded_health_aids"},
		{"14 abortion without indication, O04", "2019-03-04", []string{"O04.9"}, nil, nil, false, "excluded_elective_abortion"},
		{"14 termination with a medical indication", "2019-03-04", []string{"O04.9"}, nil, nil, true, ""},
		{"15 private agreement, by category", "2019-03-04", nil, nil, []string{"private_agreement"}, false, "excluded_private_agreement"},
		{"16 payer switch without cut-off, from the Juknis", "2017-05-15", nil, nil, []string{"payer_switch_without_cut_off"}, false, "excluded_payer_switch_without_cut_off"},
		{"16 the day before the Juknis", "2017-05-14", nil, nil, []string{"payer_switch_without_cut_off"}, false, ""},
		{"an ordinary diagnosis", "2019-03-04", []string{"K35.8"}, []string{"47.09"}, nil, false, ""},
		{"a secondary code never refuses the stay: COPD with alcohol dependence second", "2019-03-04", []string{"J44.1", "F10.2"}, nil, nil, false, ""},
		{"a secondary procedure never refuses the stay: a wound sutured, a routine DPT dose given", "2019-03-04", []string{"S61.0"}, []string{"86.59", "99.39"}, nil, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ep := outpatient(tt.date + " 09:00")
			ep.Diagnoses, ep.Procedures, ep.Categories, ep.MedicalIndication = tt.diagnoses, tt.procedures, tt.categories, tt.indicated
			on := ep.ServiceDate()
			a, err := Assess(ep, eligible(t, rules.Default(), on), rules.Default().At(on))
			require.NoError(t, err)
			if tt.want == "" {
				assert.True(t, a.Covered, "%+v", a.Reasons)
				return
			}
			assert.False(t, a.Covered)
			assert.Equal(t, PayerPatient, a.Payer)
			require.True(t, a.Has(tt.want), "%+v", a.Reasons)
			assert.Regexp(t, `Juknis 440/Kep.21/2017 III item \d+`, a.Reasons[0].Ref)
			assert.Contains(t, a.Reasons[0].ID, "Pelayanan tidak ditanggung")
		})
	}

	// "Hearing Aid pada lansia": for a patient of 60 and over, excluded.
	elder := eligibility.MustParseNIK("3275010101500003") // born 1950-01-01
	ep0 := outpatient("2019-03-04 09:00")
	ep0.PatientNIK, ep0.SJP.NIK, ep0.Categories = elder, elder, []string{"hearing_aid"}
	a0, err := Assess(ep0, eligible(t, rules.Default(), ep0.ServiceDate()), rules.Default().At(ep0.ServiceDate()))
	require.NoError(t, err)
	assert.True(t, a0.Has("excluded_health_aids"), "%+v", a0.Reasons)

	// Perda 9/2018 Ps.15(1) reading: health aids covered.
	rb, err := rules.Default().Overlay("aids.yaml", strings.NewReader(
		"parameters: {services: {health_aids_covered: {values: {2018-08-23: {value: true, ref: Perda 9/2018 Ps.15(1)}}}}}"))
	require.NoError(t, err)
	ep := outpatient("2019-03-04 09:00")
	ep.Categories = []string{"wheelchair"}
	a, err := Assess(ep, eligible(t, rb, ep.ServiceDate()), rb.At(ep.ServiceDate()))
	require.NoError(t, err)
	assert.True(t, a.Covered, "%+v", a.Reasons)
}

func overlay(rb *rules.Rulebook, yaml string) *rules.Rulebook {
	out, err := rb.Overlay("test-overlay.yaml", strings.NewReader(yaml))
	if err != nil {
		panic(err)
	}
	return out
}

// residentNoCard is the decision for a resident served without her card
// under the Perda: the card duty is owed (card_to_follow).
func residentNoCard(t testing.TB, on rules.Date) *eligibility.Decision {
	n := eligibility.MustParseNIK(patient)
	d, err := eligibility.Check(&eligibility.Facts{
		Person: eligibility.Person{NIK: n, KK: "3275010101170001", KKCity: "3275", Registry: eligibility.Registry{Status: eligibility.Living}},
	}, rules.Default().At(on))
	require.NoError(t, err)
	require.True(t, d.Has("card_to_follow"))
	return &d
}

// TestFalseEmergencyDated: "kalau ugd ... kita lihat apakah pasien
// amargancy jika iya bisa menggunakan ks dan jika tidak kita kenakan biaya
// umum" (interview E, 13 March 2019): a general patient from the Perda,
// not before (no source).
func TestFalseEmergencyDated(t *testing.T) {
	for _, tt := range []struct {
		admission string
		general   bool
	}{{"2017-06-05 22:00", false}, {"2018-08-22 22:00", false}, {"2018-08-23 22:00", true}, {"2019-03-13 22:00", true}} {
		ep := change(outpatient(tt.admission), func(e *Episode) { e.CareType, e.Emergency, e.Referral = IGD, FalseEmergency, nil })
		on := ep.ServiceDate()
		a, err := Assess(ep, eligible(t, rules.Default(), on), rules.Default().At(on))
		require.NoError(t, err)
		assert.Equal(t, tt.general, a.Has("false_emergency"), tt.admission)
		switch {
		case tt.admission >= "2019-03-13":
			assert.Equal(t, "Perda 9/2018 Ps.16(1), Ps.16(4); Jannah 2019 app. B (interview E)", a.Reasons[0].Ref, "cited from the day of the interview")
		case tt.general:
			assert.Equal(t, "Perda 9/2018 Ps.16(1), Ps.16(4)", a.Reasons[0].Ref)
		}
	}
}

// TestCardDuty: "peserta wajib menyerahkan KS-NIK dan/atau bukti lainnya
// dalam waktu 3 x 24 (tiga kali dua puluh empat jam) hari kerja" (Perda
// 9/2018 Ps.16(3)), a duty of its own beside the SJP (Juknis IV.b.2.c);
// missed, "dikenakan pembiayaan kesehatan secara mandiri" (Ps.16(4)).
func TestCardDuty(t *testing.T) {
	// Admitted Monday 2019-03-04: Thursday 7 March is Nyepi, so the third
	// working day is Friday 8 March.
	on := rules.MustParseDate("2019-03-04")
	tests := []struct {
		name     string
		facility string
		proof    string
		handedIn string
		covered  bool
		status   DeadlineStatus
		codes    []string
	}{
		{"card handed in on the third working day", "rs-ananda", "ks_nik", "2019-03-08 16:00", true, Met, nil},
		{"card handed in on the fourth working day", "rs-ananda", "ks_nik", "2019-03-11 08:00", false, Late, []string{"card_duty_late"}},
		{"birth letter is another proof (Ps.12(2))", "rs-ananda", "birth_letter", "2019-03-05 08:00", true, Met, nil},
		{"e-KTP and KK at a private hospital are not the card", "rs-ananda", "ektp_kk", "2019-03-05 08:00", true, Pending, []string{"proof_not_accepted", "card_duty"}},
		{"e-KTP and KK at the RSUD from 2018-09-10", "rsud-cam", "ektp_kk", "2019-03-05 08:00", true, Met, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ep := change(inpatient("2019-03-04 09:00"), func(e *Episode) {
				e.Facility, e.ProofKind, e.ProofHandedIn = tt.facility, tt.proof, at(tt.handedIn)
				e.SJP = &SJP{Issued: at("2019-03-05 09:00")}
			})
			a, err := Assess(ep, residentNoCard(t, on), rules.Default().At(on))
			require.NoError(t, err)
			assert.Equal(t, tt.covered, a.Covered, "%+v", a.Reasons)
			dl, ok := a.Deadline("card_duty")
			require.True(t, ok)
			assert.Equal(t, at("2019-03-08 23:59").Add(59*time.Second), dl.Due)
			assert.Equal(t, tt.status, dl.Status)
			assert.Equal(t, "Perda 9/2018 Ps.12(1), Ps.16(3), Ps.18c", dl.Ref)
			sjp, ok := a.Deadline("sjp_inpatient")
			require.True(t, ok)
			assert.Equal(t, "Juknis 440/Kep.21/2017 IV.b.2.c", sjp.Ref)
			for _, c := range tt.codes {
				assert.True(t, a.Has(c), c)
			}
			if !tt.covered {
				assert.Equal(t, "Perda 9/2018 Ps.12(1), Ps.16(3), Ps.18c; Perda 9/2018 Ps.16(4)", a.Reasons[0].Ref)
			}
		})
	}
	// A card shown at the desk owes nothing more.
	a, err := Assess(change(inpatient("2019-03-04 09:00"), func(e *Episode) { e.SJP = &SJP{Issued: at("2019-03-05 09:00")} }),
		eligible(t, rules.Default(), on), rules.Default().At(on))
	require.NoError(t, err)
	_, ok := a.Deadline("card_duty")
	assert.False(t, ok)
}

// TestInsidentalDischargeApproval: "Jika kepulangan jatuh pada hari libur
// maka keluarga pasien tetap meminta persetujuan di hari berikutnya/di
// hari kerja" (Juknis IV.b.2.o).
func TestInsidentalDischargeApproval(t *testing.T) {
	tests := []struct{ admission, discharge, due string }{
		{"2019-03-04 09:00", "2019-03-06 10:00", "2019-03-06 23:59"}, // a Wednesday
		{"2019-03-04 09:00", "2019-03-10 10:00", "2019-03-11 23:59"}, // Sunday: Monday
		{"2019-05-31 09:00", "2019-06-05 10:00", "2019-06-10 23:59"}, // Idul Fitri 1440 and cuti bersama to 7 June
	}
	for _, tt := range tests {
		ep := change(inpatient(tt.admission), func(e *Episode) {
			e.Insidental, e.Discharge = true, at(tt.discharge)
			e.SJP = &SJP{Issued: at(tt.admission)}
		})
		on := ep.ServiceDate()
		a, err := Assess(ep, eligible(t, rules.Default(), on), rules.Default().At(on))
		require.NoError(t, err)
		dl, ok := a.Deadline("insidental_discharge_approval")
		require.True(t, ok, tt.discharge)
		assert.Equal(t, at(tt.due).Add(59*time.Second), dl.Due, tt.discharge)
		assert.Equal(t, "Juknis 440/Kep.21/2017 IV.b.2.o", dl.Ref)
		assert.Equal(t, Pending, dl.Status)
		assert.True(t, a.Covered, "no consequence is set for a late approval")
	}
}

// TestReferringHospital: "Rujukan pasien antar rumah sakit dengan
// menggunakan ambulans bagi kasus-kasus darurat" (Juknis III.j); "Rumah
// Sakit pengirim rujukan sebelumnya harus menghubungi Rumah Sakit penerima
// rujukan memastikan ketersediaan tempat tidur kosong ... dengan
// menggunakan Ambulance dan perawat pendamping" (IV.b.2.l).
func TestReferringHospital(t *testing.T) {
	no, yes := false, true
	ep := change(inpatient("2019-03-04 22:00"), func(e *Episode) {
		e.Emergency = TrueEmergency
		e.Referral.From = "rsud-cam"
		e.Referral.Ambulance, e.Referral.BedConfirmed, e.Referral.Nurse = &no, &no, &yes
		e.SJP = &SJP{Issued: at("2019-03-05 09:00")}
	})
	on := ep.ServiceDate()
	a, err := Assess(ep, eligible(t, rules.Default(), on), rules.Default().At(on))
	require.NoError(t, err)
	assert.True(t, a.Covered)
	refs := map[string]string{}
	for _, w := range a.Warnings {
		refs[w.Code] = w.Ref
	}
	assert.Equal(t, "Juknis 440/Kep.21/2017 III.j", refs["emergency_referral_no_ambulance"])
	assert.Equal(t, "Juknis 440/Kep.21/2017 IV.b.2.l", refs["referring_hospital_no_ambulance"])
	assert.Equal(t, "Juknis 440/Kep.21/2017 IV.b.2.l", refs["referring_hospital_no_bed_check"])
	assert.NotContains(t, refs, "referring_hospital_no_nurse")

	// Not known to the host: not checked.
	ep.Referral.Ambulance, ep.Referral.BedConfirmed, ep.Referral.Nurse = nil, nil, nil
	a, err = Assess(ep, eligible(t, rules.Default(), on), rules.Default().At(on))
	require.NoError(t, err)
	assert.False(t, a.Has("referring_hospital_no_ambulance"))
	assert.False(t, a.Has("emergency_referral_no_ambulance"))
}

// TestBreaches: the provider's duties the texts name, each with the
// sanctions that can apply to the provider that broke it (Perda 9/2018
// Ps.22(1): "PPK yang melanggar ketentuan Peraturan Daerah ini dikenai
// sanksi berupa: a. teguran lisan; b. teguran tertulis; c. tidak diberikan
// perpanjangan rekomendasi izin operasional bagi PPK yang berlokasi di
// wilayah Kota Bekasi; d. menghentikan perjanjian kerjasama."), read from
// the rulebook. A PPK is any facility, partner or not (Ps.1(18)); c is for
// one in the city only, d for a partner only.
func TestBreaches(t *testing.T) {
	perda := []string{"oral_warning", "written_warning", "no_licence_recommendation", "partnership_terminated"}
	const (
		ps22      = "Perda 9/2018 Ps.22(1)"
		cityOnly  = "Perda 9/2018 Ps.22(1)c"
		partnerOn = "Perda 9/2018 Ps.22(1)d, Ps.19(1), Ps.1(18)"
	)
	outsideNonPartner := overlay(book, `
facilities:
  - code: rs-luar-non-mitra
    name: RS Luar Non Mitra
    kind: hospital
    level: 2
    ownership: private
    location: outside
    partner: [{from: 2030-01-01, ref: kartusehat convention (test fixture)}]
    ref: kartusehat convention (test fixture)
`)
	lateReport := func(facility string) *Episode {
		return change(outpatient("2019-03-04 10:00"), func(e *Episode) {
			e.Facility, e.CareType, e.Emergency, e.Referral = facility, IGD, TrueEmergency, nil
			e.ReportedToDinkes = at("2019-03-08 10:00")
		})
	}
	tests := []struct {
		name        string
		ep          *Episode
		rb          *rules.Rulebook
		code        string
		ref         string
		sanctions   []string
		sanctionRef string
	}{
		{"refusing a participant (Ps.19(2)), a partner in the city: all four", change(outpatient("2019-03-04 09:00"), func(e *Episode) { e.ProviderRefused = true }), nil,
			"provider_refused_participant", "Perda 9/2018 Ps.19(2), Ps.18c", perda, ps22},
		{"refusing a participant, a partner outside the city: no licence recommendation to withhold (c)", change(outpatient("2019-03-04 09:00"), func(e *Episode) {
			e.ProviderRefused, e.Facility = true, "rs-hermina-cileungsi"
		}), nil, "provider_refused_participant", "Perda 9/2018 Ps.19(2), Ps.18c",
			[]string{"oral_warning", "written_warning", "partnership_terminated"}, ps22 + "; " + cityOnly},
		{"a deposit not shown on the bill (IV.b.2.q): no sanction set", change(inpatient("2019-03-04 09:00"), func(e *Episode) {
			e.DepositPaid = true
			e.SJP = &SJP{Issued: at("2019-03-05 09:00")}
		}), nil, "deposit_not_on_bill", "Juknis 440/Kep.21/2017 IV.b.2.q", []string{}, ""},
		{"no back-referral after discharge (IV.b.2.m): no sanction set", change(outpatient("2019-03-04 09:00"), func(e *Episode) {
			e.BackReferralSent, e.Discharge = false, at("2019-03-04 12:00")
		}), nil, "no_back_referral", "Juknis 440/Kep.21/2017 IV.b.2.m", []string{}, ""},
		{"a late report (Ps.18b) by a non-partner in the city: no partnership to end (d)", lateReport("rs-non-mitra"), book,
			"non_partner_report_late", "Perda 9/2018 Ps.18b", []string{"oral_warning", "written_warning", "no_licence_recommendation"}, ps22 + "; " + partnerOn},
		{"a late report (Ps.18b) by a non-partner outside the city: warnings only", lateReport("rs-luar-non-mitra"), outsideNonPartner,
			"non_partner_report_late", "Perda 9/2018 Ps.18b", []string{"oral_warning", "written_warning"}, ps22 + "; " + cityOnly + "; " + partnerOn},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rb := tt.rb
			if rb == nil {
				rb = rules.Default()
			}
			on := tt.ep.ServiceDate()
			a, err := Assess(tt.ep, eligible(t, rb, on), rb.At(on))
			require.NoError(t, err)
			require.Len(t, a.Breaches, 1, "%+v", a.Breaches)
			b := a.Breaches[0]
			assert.Equal(t, tt.code, b.Code)
			assert.Equal(t, tt.ref, b.Ref)
			assert.Equal(t, tt.sanctions, b.Sanctions)
			assert.Equal(t, tt.sanctionRef, b.SanctionRef)
			require.NoError(t, rb.RefInForce(b.Ref, on), "the citation holds on the day")
			if b.SanctionRef != "" {
				require.NoError(t, rb.RefInForce(b.SanctionRef, on), "the sanctions' citation holds on the day")
			}
		})
	}
	// Before the Perda, refusing is no breach of it.
	a, err := Assess(change(outpatient("2018-03-05 09:00"), func(e *Episode) { e.ProviderRefused = true }),
		eligible(t, rules.Default(), rules.MustParseDate("2018-03-05")), rules.Default().At(rules.MustParseDate("2018-03-05")))
	require.NoError(t, err)
	assert.Empty(t, a.Breaches)
}

// TestClassRulesDated: "pasien tidak boleh pindah kelas atas keinginannya
// sendiri" is Juknis 440/Kep.21/2017 IV.b.2.j, from 2017-05-15; before it
// no class rule refuses a stay, and none cites an empty article.
func TestClassRulesDated(t *testing.T) {
	for _, tt := range []struct {
		admission string
		refused   bool
	}{{"2017-05-11 09:00", false}, {"2017-05-14 09:00", false}, {"2017-05-15 09:00", true}} {
		ep := change(inpatient(tt.admission), func(e *Episode) { e.Class, e.ClassReason = 1, "own_wish" })
		on := ep.ServiceDate()
		a, err := Assess(ep, eligible(t, rules.Default(), on), rules.Default().At(on))
		require.NoError(t, err)
		assert.Equal(t, tt.refused, a.Has("class_upgrade_own_wish"), tt.admission)
		for _, r := range a.Reasons {
			assert.NotEmpty(t, r.Ref, r.Code)
		}
	}
}

// TestCutiBersamaReading: the declared reading calendar.cuti_bersama.
// "paling lambat 3 x 24 jam hari kerja setelah pasien dirawat" (Juknis
// 440/Kep.21/2017 IV.b.2.c): admitted on Friday 2019-05-31, with the cuti
// bersama of 3, 4 and 7 June and Idul Fitri 1440 on 5-6 June (SKB
// 617/2018). Cuti bersama not a working day (the default): the third
// working day is Wednesday 12 June. Cuti bersama a working day (collective
// leave, not a public holiday): Monday 3, Tuesday 4, Friday 7 June, so due
// on Friday 7 June.
func TestCutiBersamaReading(t *testing.T) {
	working := overlay(rules.Default(), `
parameters:
  calendar:
    cuti_bersama:
      values:
        2017-05-15: {value: working_day, ref: "SKB 135/2016"}
        2018-08-23: {value: working_day, ref: "SKB 707/2017"}
`)
	for _, tt := range []struct {
		name    string
		rb      *rules.Rulebook
		issued  string
		due     string
		status  DeadlineStatus
		covered bool
	}{
		{"default non_working_day: SJP on 12 June is on time", rules.Default(), "2019-06-12 15:00", "2019-06-12T23:59:59+07:00", Met, true},
		{"working_day: SJP on 7 June is on time", working, "2019-06-07 15:00", "2019-06-07T23:59:59+07:00", Met, true},
		{"working_day: SJP on 10 June is late", working, "2019-06-10 08:00", "2019-06-07T23:59:59+07:00", Late, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ep := change(inpatient("2019-05-31 10:00"), func(e *Episode) { e.SJP = &SJP{Issued: at(tt.issued)} })
			on := ep.ServiceDate()
			a, err := Assess(ep, eligible(t, tt.rb, on), tt.rb.At(on))
			require.NoError(t, err)
			dl, ok := a.Deadline("sjp_inpatient")
			require.True(t, ok)
			assert.Equal(t, tt.due, dl.Due.Format(time.RFC3339))
			assert.Equal(t, tt.status, dl.Status)
			assert.Equal(t, tt.covered, a.Covered)
			read := false
			for _, u := range a.Provenance.Params() {
				read = read || u.Path == "calendar.cuti_bersama"
			}
			assert.True(t, read, "the reading is in the provenance")
		})
	}
}

// TestValidateReportsEveryField: an episode with three bad fields reports
// the three, in order, each with its exact pointer and code; errors.Is
// finds each code and ErrEpisode.
func TestValidateReportsEveryField(t *testing.T) {
	on := rules.MustParseDate("2019-03-04")
	ep := change(outpatient("2019-03-04 09:00"), func(e *Episode) {
		e.CareType = "day_care"
		e.Referral.Date = rules.MustParseDate("2019-03-05")
		e.SJP.NIK = eligibility.MustParseNIK("3275011203850002")
	})
	want := []struct {
		ptr  string
		code rules.ErrorCode
	}{
		{"/care_type", rules.CodeBadValue},
		{"/referral/date", rules.CodeInconsistent},
		{"/sjp/nik", rules.CodeInconsistent},
	}
	for _, err := range []error{ep.Validate(rules.Default().At(on)), func() error {
		_, err := Assess(ep, eligible(t, rules.Default(), on), rules.Default().At(on))
		return err
	}()} {
		var l *rules.FieldErrors
		require.ErrorAs(t, err, &l)
		require.Len(t, l.List, len(want), "%v", err)
		for i, w := range want {
			assert.Equal(t, w.ptr, l.List[i].Pointer)
			assert.Equal(t, w.code, l.List[i].Code)
			assert.ErrorIs(t, err, w.code)
		}
		assert.ErrorIs(t, err, ErrEpisode)
		assert.NotContains(t, err.Error(), "01120385", "the NIK is masked")
		assert.Equal(t, "SJP untuk NIK 3275**********02, pasiennya 3275**********01", l.List[2].Message)
	}
}
