package claim

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const patientNIK = "3275014508900001" // born 1990-08-05

func table(t testing.TB) *tariff.Table {
	f, err := os.Open("testdata/inacbg-synthetic.csv")
	require.NoError(t, err)
	defer f.Close()
	tb, err := tariff.LoadTable(f, "inacbg-synthetic.csv", "SYNTHETIC test table")
	require.NoError(t, err)
	return tb
}

func facts(nik string) eligibility.Facts {
	n := eligibility.MustParseNIK(nik)
	return eligibility.Facts{
		Person: eligibility.Person{NIK: n, KK: "3275010101170001", KKCity: "3275", Registry: eligibility.Registry{Status: eligibility.Living}},
		Documents: eligibility.Documents{
			Card: &eligibility.Card{NIKs: []eligibility.NIK{n}, ValidThrough: rules.MustParseDate("2019-12-31"), Activated: true},
			EKTP: &eligibility.EKTP{NIK: n, Recorded: true},
		},
	}
}

func wib(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04 -0700", s+" +0700")
	if err != nil {
		panic(err)
	}
	return t
}

func rp(s string) decimal.Decimal { return decimal.RequireFromString(s) }

var inpatientDocs = []string{"ks_copy", "ktp_copy", "kk_copy", "inpatient_letter", "claim_letter", "medical_resume", "sjp_copy", "inacbg_grouping", "exam_results", "cost_breakdown"}

// stay is a typical inpatient claim: a COPD exacerbation at the RSUD,
// 4-9 March 2019, INA-CBG J-4-16-II (synthetic Rp 8,800,000 at class
// III), billed Rp 9,000,000 at the hospital's rates.
func stay() *File {
	adm := wib("2019-03-04 10:00")
	return &File{
		ID: "RSUD-2019-03-0001", Hospital: "rsud-cam", Membership: "card",
		Patient: facts(patientNIK),
		Episode: referral.Episode{CareType: referral.Inpatient, Admission: adm, Discharge: wib("2019-03-09 11:00"),
			Referral:         &referral.Referral{From: "pkm-pekayon-jaya", Date: rules.MustParseDate("2019-03-04"), Reason: "medical", Kind: "full", Diagnosis: "J44.1"},
			SJP:              &referral.SJP{Number: "SJP/2019/03/0001", NIK: eligibility.MustParseNIK(patientNIK), Issued: wib("2019-03-05 09:00")},
			BackReferralSent: true},
		Principal: Principal{Diagnosis: "J44.1"},
		INACBG:    "J-4-16-II",
		Lines: []Line{
			{Date: rules.MustParseDate("2019-03-04"), Category: "room", Description: "Kamar kelas III, 5 hari", Quantity: 5, Amount: rp("2500000")},
			{Date: rules.MustParseDate("2019-03-04"), Category: "drug", Description: "Obat", Amount: rp("3000000")},
			{Date: rules.MustParseDate("2019-03-05"), Category: "lab", Description: "Laboratorium dan radiologi", Amount: rp("1500000")},
			{Date: rules.MustParseDate("2019-03-06"), Category: "procedure", ICD9CM: "93.90", Description: "Ventilasi non-invasif", Amount: rp("2000000")},
		},
		Documents: inpatientDocs,
		Submitted: rules.MustParseDate("2019-04-10"),
	}
}

func adjudicate(t *testing.T, f *File) Adjudication {
	t.Helper()
	a, err := Adjudicate(f, rules.Default().At(f.Episode.ServiceDate()), table(t))
	require.NoError(t, err)
	// The figures always reconcile to the rupiah.
	a0 := a.amt
	assert.Equal(t, a0.claimed, a0.payable+a0.reduced+a0.denied, "claimed = payable + reduced + denied")
	var lines int64
	for _, l := range a.Lines {
		lines += l.Payable.IntPart()
		assert.True(t, l.Claimed.Equal(l.Payable.Add(l.Reduced).Add(l.Denied)), "line %d", l.Line)
		assert.NotEmpty(t, l.Reasons, "line %d has no reason", l.Line)
	}
	assert.Equal(t, a0.payable, lines)
	return a
}

func verdicts(a Adjudication) []Verdict {
	out := []Verdict{}
	for _, l := range a.Lines {
		out = append(out, l.Verdict)
	}
	return out
}

// Perwal 27.A/2017 Ps.7(1)a, Juknis IV.b.2.e and IV.d.1: Dinkes pays the
// INA-CBG package; a bill above it is reduced, line by line in proportion,
// to the tariff to the rupiah.
func TestAdjudicateTypicalStay(t *testing.T) {
	a := adjudicate(t, stay())
	assert.Equal(t, FilePartlyPaid, a.Verdict, "%+v", a.Reasons)
	assert.Equal(t, "inacbg", a.Basis)
	assert.Equal(t, "9000000", a.Amounts.Claimed.String())
	assert.Equal(t, "8800000", a.Amounts.Payable.String())
	assert.Equal(t, "200000", a.Amounts.Reduced.String())
	assert.Equal(t, "0", a.Amounts.Denied.String())
	assert.Equal(t, []Verdict{Reduced, Reduced, Reduced, Reduced}, verdicts(a))
	// 2,500,000 x 8.8/9 = 2,444,444.4 -> 2,444,444; 3,000,000 -> 2,933,333.3 -> 2,933,333;
	// 1,500,000 -> 1,466,666.7 -> 1,466,667; the last takes the rest: 1,955,556.
	got := []string{}
	for _, l := range a.Lines {
		got = append(got, l.Payable.String())
	}
	assert.Equal(t, []string{"2444444", "2933333", "1466667", "1955556"}, got)
	assert.Equal(t, "reduced_to_inacbg", a.Lines[0].Reasons[0].Code)
	assert.Contains(t, a.Lines[0].Reasons[0].Ref, "Perwal 27.A/2017 Ps.7(1)a")
	assert.Equal(t, rules.MustParseDate("2019-04-14"), a.Timeline.SubmissionDue)
	assert.False(t, a.Timeline.Late)
	assert.Empty(t, a.Missing)

	// Billed below the package: paid as claimed.
	f := stay()
	f.Lines = f.Lines[:2]
	a = adjudicate(t, f)
	assert.Equal(t, FilePaid, a.Verdict)
	assert.Equal(t, "5500000", a.Amounts.Payable.String())
	assert.True(t, a.Has("claimed_below_tariff"))
}

// Juknis 440/Kep.21/2017 III (tidak ditanggung) 3-14: each exclusion
// denies the line it is on and leaves the stay paid; on the stay's
// principal diagnosis or procedure it refuses the whole stay.
func TestExclusionsLineAndStay(t *testing.T) {
	tests := []struct {
		item            string
		category        string
		icd10, icd9cm   string
		principal       Principal
		want            string
		indicationSaves bool
	}{
		{"3 \"Pelayanan kesehatan untuk tujuan kosmetik\"", "", "", "86.82", Principal{Diagnosis: "Z41.1"}, "excluded_cosmetic", true},
		{"4 \"bertujuan ingin memiliki anak\"", "", "N97.0", "", Principal{Diagnosis: "N97.0"}, "excluded_fertility", false},
		{"5 \"tidak berdasarkan indikasi medis\"", "no_medical_indication", "", "", Principal{}, "excluded_no_medical_indication", false},
		{"6 \"Pembersihan dan usaha meratakan gigi\"", "", "", "96.54", Principal{Diagnosis: "K03.6", Procedure: "96.54"}, "excluded_dental_scaling_orthodontics", false},
		{"7 \"Toiletries, susu, obat gosok\"", "milk", "", "", Principal{}, "excluded_toiletries_milk", false},
		{"8 \"General Check Up\"", "", "Z00.0", "", Principal{Diagnosis: "Z00.0"}, "excluded_general_check_up", false},
		{"9 \"Pengobatan alternatif\"", "alternative_medicine", "", "", Principal{}, "excluded_alternative_medicine", false},
		{"10 \"Ketergantungan obat, alkohol\"", "", "F10.2", "94.62", Principal{Diagnosis: "F10.2"}, "excluded_substance_dependence", false},
		{"11 \"Sirkumsisi (sunat) bukan karena indikasi medis\"", "", "Z41.2", "64.0", Principal{Diagnosis: "Z41.2", Procedure: "64.0"}, "excluded_non_medical_circumcision", true},
		{"12 \"Imunisasi dan KB\"", "", "Z30.0", "69.7", Principal{Diagnosis: "Z30.0"}, "excluded_immunisation_family_planning", false},
		{"13 \"Alat bantu kesehatan (... Kacamata ...)\"", "glasses", "", "", Principal{Diagnosis: "Z46.0"}, "excluded_health_aids", false},
		{"14 \"Pengguguran kandungan tanpa indikasi medik\"", "", "O04.9", "69.01", Principal{Diagnosis: "O04.9"}, "excluded_elective_abortion", true},
	}
	for _, tt := range tests {
		t.Run("line "+tt.item, func(t *testing.T) {
			f := stay()
			f.Lines = append(f.Lines, Line{Date: rules.MustParseDate("2019-03-07"), Category: tt.category, ICD10: tt.icd10, ICD9CM: tt.icd9cm, Description: "excluded", Amount: rp("400000")})
			a := adjudicate(t, f)
			assert.Equal(t, FilePartlyPaid, a.Verdict, "the stay stays paid: %+v", a.Reasons)
			last := a.Lines[4]
			assert.Equal(t, Denied, last.Verdict)
			assert.Equal(t, tt.want, last.Reasons[0].Code)
			assert.Regexp(t, `Juknis 440/Kep.21/2017 III item \d+`, last.Reasons[0].Ref)
			assert.Equal(t, "400000", a.Amounts.Denied.String())
			assert.Equal(t, "8800000", a.Amounts.Payable.String(), "the package is still paid")
			if tt.indicationSaves {
				f.Lines[4].MedicalIndication = true
				a = adjudicate(t, f)
				assert.NotEqual(t, Denied, a.Lines[4].Verdict, "with a stated medical indication")
			}
		})
		if tt.principal == (Principal{}) {
			continue
		}
		t.Run("stay "+tt.item, func(t *testing.T) {
			f := stay()
			f.Principal = tt.principal
			a := adjudicate(t, f)
			assert.Equal(t, FileRefused, a.Verdict)
			assert.True(t, a.Has(tt.want), "%+v", a.Reasons)
			assert.True(t, a.Has("pathway_not_followed"))
			assert.Equal(t, "0", a.Amounts.Payable.String())
			assert.Equal(t, "9000000", a.Amounts.Denied.String())
			assert.Equal(t, referral.PayerPatient, a.Payer)
		})
	}
	// Categories tag a stay too: a stay for cosmetic purposes (item 3).
	f := stay()
	f.Episode.Categories = []string{"cosmetic"}
	assert.Equal(t, FileRefused, adjudicate(t, f).Verdict)
}

// Juknis III item 13 "Hearing Aid pada lansia": a hearing aid is excluded
// for an elderly patient only; item 13 "Prothesa gigi dan alat gerak":
// only the prostheses it lists.
func TestHealthAids(t *testing.T) {
	for _, tt := range []struct {
		name, nik, category, icd10 string
		want                       Verdict
	}{
		{"a hearing aid for a patient of 28", patientNIK, "hearing_aid", "", Reduced},
		{"a hearing aid for a patient of 69", "3275010101500003", "hearing_aid", "", Denied},
		{"a hearing aid fitted (Z46.1) for a patient of 69", "3275010101500003", "", "Z46.1", Denied},
		{"a leg prosthesis (Z44.1)", patientNIK, "", "Z44.1", Denied},
		{"an artificial eye (Z44.2) is not listed", patientNIK, "", "Z44.2", Reduced},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := stay()
			f.Patient = facts(tt.nik)
			f.Episode.SJP.NIK = eligibility.MustParseNIK(tt.nik)
			f.Lines = append(f.Lines, Line{Date: rules.MustParseDate("2019-03-08"), Category: tt.category, ICD10: tt.icd10, Description: "alat bantu", Amount: rp("1000000")})
			a := adjudicate(t, f)
			assert.Equal(t, tt.want, a.Lines[4].Verdict, "%+v", a.Lines[4].Reasons)
		})
	}
}

// Issue 8: "a COPD admission that also carries a nicotine-dependence code,
// or a wound with a tetanus shot": secondary codes never refuse a stay.
func TestSecondaryCodeDoesNotRefuseStay(t *testing.T) {
	f := stay()
	f.Episode.Diagnoses = []string{"F10.2"} // alcohol dependence, secondary
	f.Lines = append(f.Lines, Line{Date: rules.MustParseDate("2019-03-07"), ICD10: "F17.2", Category: "consultation", Description: "Konseling berhenti merokok", Amount: rp("100000")})
	a := adjudicate(t, f)
	assert.Equal(t, FilePartlyPaid, a.Verdict, "%+v", a.Reasons)
	assert.True(t, a.Has("excluded_secondary_substance_dependence"), "%+v", a.Notes)
	assert.NotEqual(t, Denied, a.Lines[4].Verdict, "nicotine on a smoker's record is not the dependence of item 10")
	assert.Equal(t, "8800000", a.Amounts.Payable.String())

	// A wound sutured, with a tetanus toxoid shot (99.38): post-exposure
	// prophylaxis, not "Imunisasi" (item 12).
	f = stay()
	f.INACBG, f.Principal = "K-1-17-I", Principal{Diagnosis: "S61.0", Procedure: "86.59"}
	f.Lines = []Line{
		{Date: rules.MustParseDate("2019-03-04"), Category: "procedure", ICD9CM: "86.59", Description: "Jahit luka", Amount: rp("3000000")},
		{Date: rules.MustParseDate("2019-03-04"), Category: "drug", ICD10: "Z23.5", ICD9CM: "99.38", Description: "Tetanus toksoid", Amount: rp("150000")},
	}
	a = adjudicate(t, f)
	assert.Equal(t, FilePaid, a.Verdict, "%+v", a.Reasons)
	assert.Equal(t, "3150000", a.Amounts.Payable.String())
}

// insidental is an ICU case at a private type C hospital in the city, paid
// at its tariff less 15 % (Perwal 27.A/2017 Ps.7(1)b; Juknis IV.b.2.f),
// under the reading that pays an approved device as claimed
// (tariff.approved_devices: as_claimed), so that every approval is seen
// at work.
func insidental(t *testing.T) (*File, rules.Snapshot) {
	return insidentalUnder(t, `
parameters:
  tariff:
    approved_devices:
      values:
        2017-05-15: {value: as_claimed, ref: Juknis 440/Kep.21/2017 IV.b.2.h (the reading under test)}
`)
}

// insidentalUnder is insidental with the overlay extra (parameters) added.
func insidentalUnder(t *testing.T, extra string) (*File, rules.Snapshot) {
	rb, err := rules.Default().Overlay("host-facilities.yaml", strings.NewReader(extra+`
facilities:
  - {code: rs-ananda, name: RS Ananda, kind: hospital, level: 2, ownership: private, hospital_type: C,
     location: city, partner: [{from: 2017-01-01, ref: Host contract register}], ref: Host contract register}
instruments:
  - {id: Host contract register, level: record, title: The host's register of partnership contracts, published: 2017-01-01, ref: Host contract register}
`))
	require.NoError(t, err)
	f := stay()
	f.Hospital, f.INACBG, f.Insidental = "rs-ananda", "", []string{"icu"}
	f.Lines = []Line{
		{Date: rules.MustParseDate("2019-03-04"), Category: "icu", Description: "ICU 3 hari", Amount: rp("6000000"), InsidentalAction: true},
		{Date: rules.MustParseDate("2019-03-06"), Category: "procedure", ICD9CM: "96.71", Description: "Ventilator", Amount: rp("4000000"), InsidentalAction: true},
		{Date: rules.MustParseDate("2019-03-09"), Category: "room", Description: "Kamar, hari pulang", Amount: rp("500000")},
		{Date: rules.MustParseDate("2019-03-06"), Kind: KindAMHPKhusus, Code: "arterial_stent", UnitPrice: ptr(rp("12000000")), Amount: rp("12000000")},
		{Date: rules.MustParseDate("2019-03-07"), Kind: KindDevice, Description: "Alat medis di luar paket", Amount: rp("2500000")},
	}
	f.Approvals = []Approval{{Kind: ApprovalDinkesAction, Line: 1}, {Kind: ApprovalDinkesAction, Line: 2}, {Kind: ApprovalDinkesDischarge},
		{Kind: ApprovalDinkesAMHP, Line: 4}, {Kind: ApprovalCommitteeDirector, Line: 5}}
	f.Documents = append(append([]string{}, inpatientDocs...), "insidental_forms_1_5", "dinkes_action_approvals", "dinkes_discharge_approval", "dinkes_amhp_approval", "medical_committee_director_approval")
	return f, rb.At(f.Episode.ServiceDate())
}

func ptr[T any](v T) *T { return &v }

// Juknis IV.b.2.h "Alat Medis yang diberikan kepada pasien di luar paket
// INA-CBG's harus disetujui oleh Komite Medik RS dan ditandatangani oleh
// Direktur" sets the approval and no price; Perwal 27.A/2017 Ps.9(3) and
// Juknis III.l list what is paid outside the package. The declared reading
// tariff.approved_devices decides: within the package (the default) the
// approved device is a service of the stay, at the hospital's tariff less
// the discount; as claimed, it is paid in full beside the package.
func TestApprovedDeviceReading(t *testing.T) {
	for _, tt := range []struct {
		name, extra   string
		verdict       Verdict
		code, payable string
	}{
		{"default: within the package", "", Reduced, "insidental_discount", "23050000"},
		{"as_claimed", `
parameters:
  tariff:
    approved_devices:
      values:
        2017-05-15: {value: as_claimed, ref: Juknis 440/Kep.21/2017 IV.b.2.h (the reading under test)}
`, Paid, "device_outside_package", "23425000"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, s := insidentalUnder(t, tt.extra)
			a, err := Adjudicate(f, s, table(t))
			require.NoError(t, err)
			dev := a.Lines[4]
			assert.Equal(t, tt.verdict, dev.Verdict)
			require.NotEmpty(t, dev.Reasons)
			assert.Equal(t, tt.code, dev.Reasons[0].Code)
			assert.Equal(t, tt.payable, a.Amounts.Payable.String())
			assert.True(t, a.Amounts.Claimed.Equal(a.Amounts.Payable.Add(a.Amounts.Reduced).Add(a.Amounts.Denied)))
		})
	}
}

// Juknis IV.b.2.g, h, p: an action that needed an approval and has none
// is denied on its own, not the whole file (IV.b.2.o, the discharge, is a
// note: TestDischargeApprovalIsANote).
func TestApprovals(t *testing.T) {
	f, s := insidental(t)
	a, err := Adjudicate(f, s, table(t))
	require.NoError(t, err)
	assert.Equal(t, FilePartlyPaid, a.Verdict, "%+v", a.Reasons)
	assert.Equal(t, "hospital_tariff", a.Basis)
	// 10,500,000 at the hospital's tariff less 15 % = 8,925,000; the stent
	// and the device as claimed.
	assert.Equal(t, "23425000", a.Amounts.Payable.String())
	assert.Equal(t, []Verdict{Reduced, Reduced, Reduced, Paid, Paid}, verdicts(a))
	assert.Equal(t, "insidental_discount", a.Lines[0].Reasons[0].Code)

	for _, tt := range []struct {
		name    string
		drop    int // the approval dropped
		denied  []int
		code    string
		ref     string
		payable string
	}{
		{"IV.b.2.g \"persetujuan kepada Dinas Kesehatan untuk setiap tindakan\": the ventilator", 1, []int{1}, "approval_missing_dinkes_action", "Juknis 440/Kep.21/2017 IV.b.2.g", "20025000"},
		{"IV.b.2.p \"Alat Medis Habis Pakai Khusus wajib mendapatkan persetujuan\"", 3, []int{3}, "approval_missing_dinkes_amhp", "Juknis 440/Kep.21/2017 IV.b.2.p", "11425000"},
		{"IV.b.2.h \"harus disetujui oleh Komite Medik RS dan ditandatangani oleh Direktur\"", 4, []int{4}, "approval_missing_medical_committee_director", "Juknis 440/Kep.21/2017 IV.b.2.h", "20925000"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, s := insidental(t)
			f.Approvals = append(f.Approvals[:tt.drop:tt.drop], f.Approvals[tt.drop+1:]...)
			a, err := Adjudicate(f, s, table(t))
			require.NoError(t, err)
			assert.Equal(t, FilePartlyPaid, a.Verdict)
			for i, l := range a.Lines {
				if i == tt.denied[0] {
					assert.Equal(t, Denied, l.Verdict)
					assert.Equal(t, tt.code, l.Reasons[0].Code)
					assert.Equal(t, tt.ref, l.Reasons[0].Ref)
				} else {
					assert.NotEqual(t, Denied, l.Verdict, "line %d", l.Line)
				}
			}
			assert.Equal(t, tt.payable, a.Amounts.Payable.String())
		})
	}
}

// Juknis III item 15 "Klaim tidak dapat dibayarkan apabila terjadi
// kesepakatan antara RS dengan pasien".
func TestPrivateAgreement(t *testing.T) {
	f := stay()
	f.PrivateAgreement = true
	a := adjudicate(t, f)
	assert.Equal(t, FileRefused, a.Verdict)
	assert.Equal(t, "private_agreement", a.Reasons[0].Code)
	assert.Equal(t, "Perwal 27.A/2017 Ps.9(4)o; Juknis 440/Kep.21/2017 III item 15", a.Reasons[0].Ref)
	assert.Equal(t, []Verdict{Denied, Denied, Denied, Denied}, verdicts(a))
	assert.Equal(t, "file_refused", a.Lines[0].Reasons[0].Code)
}

// Juknis III item 16: "Pasien dengan status umum lalu dalam masa
// perawatan/pengobatan melakukan peralihan menjadi pasien Jamkesda maka
// harus menyelesaikan administrasinya dan melakukan cut off biaya sebelum
// berubah penjaminannya." A switch on day 3 (6 March) of a stay from
// 4 March.
func TestPayerSwitch(t *testing.T) {
	f := stay()
	f.PayerChange = &PayerChange{Date: rules.MustParseDate("2019-03-06"), CutOff: true}
	a := adjudicate(t, f)
	assert.Equal(t, FilePartlyPaid, a.Verdict)
	assert.Equal(t, []Verdict{Denied, Denied, Denied, Paid}, verdicts(a), "the costs of 4 and 5 March are the general patient's")
	assert.Equal(t, "before_payer_change", a.Lines[0].Reasons[0].Code)
	assert.Equal(t, "Juknis 440/Kep.21/2017 III item 16", a.Lines[0].Reasons[0].Ref)
	assert.Equal(t, "2000000", a.Amounts.Payable.String())
	assert.Equal(t, "7000000", a.Amounts.Denied.String())

	f.PayerChange.CutOff = false
	a = adjudicate(t, f)
	assert.Equal(t, FileRefused, a.Verdict)
	assert.Equal(t, "payer_switch_without_cut_off", a.Reasons[0].Code)
	assert.Equal(t, "Juknis 440/Kep.21/2017 III item 16", a.Reasons[0].Ref)
	assert.Equal(t, "9000000", a.Amounts.Denied.String())
}

// Juknis IV.b.2.q: "Pihak RS wajib melaporkan pasien rawat inap yang telah
// memberikan deposit kepada Dinas Kesehatan dan mencantumkannya pada
// tagihan": the deposit is netted from what Dinkes transfers.
func TestDepositNetted(t *testing.T) {
	f := stay()
	f.Deposits = []Deposit{{Date: rules.MustParseDate("2019-03-04"), Amount: rp("1000000")}}
	f.Documents = append(append([]string{}, inpatientDocs...), "deposit_report")
	a := adjudicate(t, f)
	assert.Equal(t, "8800000", a.Amounts.Payable.String())
	assert.Equal(t, "1000000", a.Amounts.DepositNetted.String())
	assert.Equal(t, "7800000", a.Amounts.Transfer.String())
	assert.True(t, a.Has("deposit_netted"))

	// Without the deposit report the file is incomplete (Juknis IV.b.2.q).
	f.Documents = inpatientDocs
	a = adjudicate(t, f)
	assert.Equal(t, FileIncomplete, a.Verdict)
	assert.Equal(t, "deposit_report", a.Missing[0].Code)
}

// Whole-file refusals: not a participant; PBI found at verification
// (Perda 9/2018 Ps.7(1), Ps.14(5)); the pathway not followed.
func TestFileRefusals(t *testing.T) {
	f := stay()
	f.Patient.JKN = eligibility.JKN{Status: eligibility.JKNPBI, PBIPayer: "central"}
	a := adjudicate(t, f)
	assert.Equal(t, FileRefused, a.Verdict)
	assert.Equal(t, "not_participant", a.Reasons[0].Code)

	f = stay()
	f.Episode.Referral = nil // Perda 9/2018 Ps.16: a hospital visit needs a puskesmas referral
	a = adjudicate(t, f)
	assert.Equal(t, FileRefused, a.Verdict)
	assert.Equal(t, "pathway_not_followed", a.Reasons[0].Code)

	// Same line twice in one file.
	f = stay()
	f.Lines = append(f.Lines, f.Lines[2])
	a = adjudicate(t, f)
	assert.Equal(t, Denied, a.Lines[4].Verdict)
	assert.Equal(t, "duplicate_line", a.Lines[4].Reasons[0].Code)
	assert.Contains(t, a.Lines[4].Reasons[0].EN, "as line 3")

	// The hospital's total does not add up.
	f = stay()
	f.Total = ptr(rp("9100000"))
	a = adjudicate(t, f)
	assert.True(t, a.Has("total_mismatch"))
}

func TestAdjudicateErrors(t *testing.T) {
	for _, tt := range []struct {
		name  string
		edit  func(f *File)
		field string
	}{
		{"no hospital", func(f *File) { f.Hospital = "" }, "/hospital"},
		{"membership", func(f *File) { f.Membership = "bpjs" }, "/membership"},
		{"no lines", func(f *File) { f.Lines = nil }, "/lines"},
		{"a line outside the stay", func(f *File) { f.Lines[0].Date = rules.MustParseDate("2019-03-01") }, "/lines/0/date"},
		{"a negative amount", func(f *File) { f.Lines[1].Amount = rp("-1") }, "/lines/1/amount"},
		{"an unknown kind", func(f *File) { f.Lines[1].Kind = "spa" }, "/lines/1/kind"},
		{"an approval of no line", func(f *File) { f.Approvals = []Approval{{Kind: ApprovalDinkesAction, Line: 9}} }, "/approvals/0/line"},
		{"a switch outside the stay", func(f *File) { f.PayerChange = &PayerChange{Date: rules.MustParseDate("2019-04-01")} }, "/payer_change/date"},
		{"an unknown group", func(f *File) { f.INACBG = "Z-9-99-X" }, "/inacbg"},
		{"an unknown ambulance tier", func(f *File) {
			f.Lines = append(f.Lines, Line{Date: rules.MustParseDate("2019-03-09"), Kind: KindAmbulance, Code: "helicopter", Amount: rp("1")})
		}, "/lines/4/tier"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := stay()
			tt.edit(f)
			_, err := Adjudicate(f, rules.Default().At(f.Episode.ServiceDate()), table(t))
			var fe *rules.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Pointer, fe.Error())
		})
	}
	f := stay()
	_, err := Adjudicate(f, rules.Default().At(rules.MustParseDate("2019-03-05")), nil)
	assert.ErrorIs(t, err, ErrClaim)
}

// Items outside the package are paid at most the rulebook's tariff
// (Juknis IV.d.3: ambulance in the city Rp 250,000).
func TestItemsAtTariff(t *testing.T) {
	f := stay()
	f.Lines = append(f.Lines, Line{Date: rules.MustParseDate("2019-03-09"), Kind: KindAmbulance, Code: "city", Amount: rp("400000")},
		Line{Date: rules.MustParseDate("2019-03-05"), Kind: KindTopUp, Code: "YY01", Amount: rp("20000000")})
	a := adjudicate(t, f)
	assert.Equal(t, Reduced, a.Lines[4].Verdict)
	assert.Equal(t, "200000", a.Lines[4].Payable.String())
	assert.Equal(t, "reduced_to_tariff", a.Lines[4].Reasons[0].Code)
	assert.Equal(t, "Juknis 440/Kep.21/2017 IV.d.3", a.Lines[4].Reasons[0].Ref)
	assert.Equal(t, Paid, a.Lines[5].Verdict)
	assert.Equal(t, "29000000", a.Amounts.Payable.String())
}

// A line's verdict and a file's are types apart (claim.Paid ==
// claim.FilePaid does not compile), and each writes its word in JSON.
func TestVerdictTypes(t *testing.T) {
	assert.NotEqual(t, reflect.TypeOf(Paid), reflect.TypeOf(FilePaid))
	assert.Equal(t, reflect.String, reflect.TypeOf(FilePaid).Kind())
	for _, tt := range []struct {
		v    any
		want string
	}{
		{Paid, `"paid"`}, {Reduced, `"reduced"`}, {Denied, `"denied"`},
		{FilePaid, `"paid"`}, {FilePartlyPaid, `"partly_paid"`}, {FileRefused, `"refused"`}, {FileIncomplete, `"incomplete"`},
	} {
		b, err := json.Marshal(tt.v)
		require.NoError(t, err)
		assert.Equal(t, tt.want, string(b))
	}
}

// TestFileReportsEveryField: a claim file with three bad fields reports
// the three, in order, with exact pointers and codes; errors.Is finds
// each code and ErrClaim.
func TestFileReportsEveryField(t *testing.T) {
	f := stay()
	f.Membership = "bpjs"
	f.Lines[0].Date = rules.MustParseDate("2019-03-01")
	f.Lines[1].Amount = rp("-1")
	_, err := Adjudicate(f, rules.Default().At(f.Episode.ServiceDate()), table(t))
	var l *rules.FieldErrors
	require.ErrorAs(t, err, &l)
	want := []struct {
		ptr  string
		code rules.ErrorCode
		id   string
	}{
		{"/membership", rules.CodeBadValue, `"bpjs" bukan card atau dinsos_letter`},
		{"/lines/0/date", rules.CodeInconsistent, "2019-03-01 sebelum masuk pada 2019-03-04"},
		{"/lines/1/amount", rules.CodeBadValue, "jumlah negatif -1"},
	}
	require.Len(t, l.List, len(want), "%v", err)
	for i, w := range want {
		assert.Equal(t, w.ptr, l.List[i].Pointer)
		assert.Equal(t, w.code, l.List[i].Code)
		assert.Equal(t, w.id, l.List[i].Message)
		assert.ErrorIs(t, err, w.code)
	}
	assert.ErrorIs(t, err, ErrClaim)
}
