package claim

import (
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// withHospital is the embedded rulebook with a second partner hospital
// (a private type C in the city, from a host's register) and the overlay
// extra on top.
func withHospital(t *testing.T, extra string) *rules.Rulebook {
	t.Helper()
	rb, err := rules.Default().Overlay("host.yaml", strings.NewReader(`
facilities:
  - {code: rs-ananda, name: RS Ananda, kind: hospital, level: 2, ownership: private, hospital_type: C,
     location: city, partner: [{from: 2017-01-01, ref: Host contract register}], ref: Host contract register}
instruments:
  - {id: Host contract register, level: record, title: The host's register of partnership contracts, published: 2017-01-01, ref: Host contract register}
`))
	require.NoError(t, err)
	if extra != "" {
		rb, err = rb.Overlay("reading.yaml", strings.NewReader(extra))
		require.NoError(t, err)
	}
	return rb
}

// reading is an overlay setting the claims parameter path to value from
// 2017-05-15, cited to ref.
func reading(path, value, ref string) string {
	parts := strings.Split(path, ".")
	var b strings.Builder
	b.WriteString("parameters:\n  claims:\n")
	indent := "    "
	for _, p := range parts {
		b.WriteString(indent + p + ":\n")
		indent += "  "
	}
	b.WriteString(indent + "values:\n" + indent + "  2017-05-15: {value: " + value + ", ref: \"" + ref + "\"}\n")
	return b.String()
}

// Juknis 440/Kep.21/2017 IV.b.2.o: "Pasien rawat inap dengan kasus-kasus
// yang tak terduga/insidental wajib mendapatkan pengesahan kepulangan
// pasien dari Dinas Kesehatan. Jika kepulangan jatuh pada hari libur maka
// keluarga pasien tetap meminta persetujuan di hari berikutnya/di hari
// kerja." The text sets the approval and no consequence of its absence:
// the adjudication notes it for the verifier and denies nothing, as the
// pathway (referral) sets it as a deadline, not a refusal.
func TestDischargeApprovalIsANote(t *testing.T) {
	for _, tt := range []struct {
		name     string
		approved bool
		noted    bool
	}{
		{"approved", true, false},
		{"not approved: noted, nothing denied", false, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, s := insidental(t)
			f.Episode.Insidental = true
			if !tt.approved {
				f.Approvals = append(f.Approvals[:2:2], f.Approvals[3:]...)
			}
			a, err := Adjudicate(f, s, table(t))
			require.NoError(t, err)
			assert.Equal(t, FilePartlyPaid, a.Verdict)
			assert.Equal(t, []Verdict{Reduced, Reduced, Reduced, Paid, Paid}, verdicts(a))
			assert.Equal(t, "23425000", a.Amounts.Payable.String())
			assert.Equal(t, "0", a.Amounts.Denied.String())
			var note *rules.Reason
			for i := range a.Notes {
				if a.Notes[i].Code == "approval_missing_dinkes_discharge" {
					note = &a.Notes[i]
				}
			}
			for _, l := range a.Lines {
				for _, r := range l.Reasons {
					assert.NotEqual(t, "approval_missing_dinkes_discharge", r.Code, "line %d", l.Line)
				}
			}
			if !tt.noted {
				assert.Nil(t, note)
				return
			}
			require.NotNil(t, note)
			assert.Equal(t, "Juknis 440/Kep.21/2017 IV.b.2.o", note.Ref)
			assert.Contains(t, note.ID, "tidak ada biaya yang ditolak")
			assert.Contains(t, note.EN, "nothing is denied")
			// The pathway agrees: a deadline, the stay covered.
			assert.Equal(t, referral.PayerJamkesda, a.Payer)
			d, err := eligibility.Check(&f.Patient, s)
			require.NoError(t, err)
			ep := f.Episode
			ep.Facility = f.Hospital
			as, err := referral.Assess(&ep, &d, s)
			require.NoError(t, err)
			assert.True(t, as.Covered)
			codes := []string{}
			for _, dl := range as.Deadlines {
				codes = append(codes, dl.Code)
			}
			assert.Contains(t, codes, "insidental_discharge_approval")
		})
	}
}

// Perwal 27.A/2017 Ps.11(2)a.8 "rincian biaya" and Ps.11(2)c "Semua berkas
// yang diajukan oleh pihak RS dilakukan verifikasi oleh Tim Verifikator";
// Juknis V.1.h, V.3: the cost breakdown is checked, cited by the rules of
// the date of admission.
func TestCostBreakdownCited(t *testing.T) {
	for _, tt := range []struct {
		name, admission, ref string
	}{
		{"before Perwal 27.A/2017 and the Juknis: no verification rule", "2017-05-14", ""},
		{"the day of the Juknis", "2017-05-15", "Perwal 27.A/2017 Ps.11(2)a.8; Juknis 440/Kep.21/2017 V.1.h, V.3"},
		{"2019", "2019-03-04", "Perwal 27.A/2017 Ps.11(2)a.8; Juknis 440/Kep.21/2017 V.1.h, V.3"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := rules.Default().At(rules.MustParseDate(tt.admission))
			v := s.ParamRef("claims.verification.cost_breakdown")
			if tt.ref == "" {
				assert.Nil(t, v)
				return
			}
			require.NotNil(t, v)
			assert.Equal(t, tt.ref, v.Ref)
		})
	}
	f := stay()
	f.Lines = append(f.Lines, f.Lines[2])
	f.Total = ptr(rp("1"))
	a := adjudicate(t, f)
	assert.Equal(t, Denied, a.Lines[4].Verdict)
	r := a.Lines[4].Reasons[0]
	assert.Equal(t, "duplicate_line", r.Code)
	assert.Equal(t, "Perwal 27.A/2017 Ps.11(2)a.8; Juknis 440/Kep.21/2017 V.1.h, V.3", r.Ref)
	assert.Equal(t, "Baris tagihan yang sama dengan baris 3 ditagihkan dua kali: tidak dibayar.", r.ID)
	assert.Equal(t, "The same bill line as line 3 is billed twice: not paid.", r.EN)
	require.True(t, a.Has("total_mismatch"))
	for _, n := range a.Notes {
		if n.Code == "total_mismatch" {
			assert.Equal(t, "Perwal 27.A/2017 Ps.11(2)a.8; Juknis 440/Kep.21/2017 V.1.h, V.3", n.Ref)
		}
	}
}

// A refused file names no payer Jamkesda (issue #16 item 6): Jamkesda pays
// nothing. A payer the pathway names (the patient, Perda 9/2018 Ps.16(4)
// "biaya pelayanan kesehatan ditanggung oleh peserta") stays.
func TestRefusedFilePayer(t *testing.T) {
	for _, tt := range []struct {
		name  string
		edit  func(f *File)
		code  string
		payer referral.Payer
	}{
		{"a PBI member (Perda 9/2018 Ps.7(1))", func(f *File) {
			f.Patient.JKN = eligibility.JKN{Status: eligibility.JKNPBI, PBIPayer: "central"}
		}, "not_participant", referral.PayerPatient},
		{"a private agreement (Juknis III item 15)", func(f *File) { f.PrivateAgreement = true }, "private_agreement", PayerNone},
		{"every line excluded (Juknis III item 3, cosmetic)", func(f *File) {
			for i := range f.Lines {
				f.Lines[i].Category = "cosmetic"
			}
		}, "file_refused", PayerNone},
		{"no referral (Perda 9/2018 Ps.16(4))", func(f *File) { f.Episode.Referral = nil }, "pathway_not_followed", referral.PayerPatient},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := stay()
			tt.edit(f)
			a := adjudicate(t, f)
			assert.Equal(t, FileRefused, a.Verdict)
			assert.Equal(t, tt.code, a.Reasons[0].Code)
			assert.Equal(t, tt.payer, a.Payer)
			js, err := a.MarshalJSON()
			require.NoError(t, err)
			assert.NotContains(t, string(js), `"payer":"jamkesda"`)
		})
	}
	// A paid file keeps Jamkesda.
	a := adjudicate(t, stay())
	assert.Equal(t, referral.PayerJamkesda, a.Payer)
}

// A file refused as a duplicate keeps no reason of a payment beside the
// refusal: the lines that were paid or reduced carry the refusal only; a
// line denied on its own keeps its ground.
func TestDuplicateDropsPaidReasons(t *testing.T) {
	v := NewVerifier(rules.Default(), table(t))
	first := stay()
	_, err := v.Verify(first, 1)
	require.NoError(t, err)
	dup := stay()
	dup.Episode.SJP.Number = "SJP/2019/03/0002"
	dup.Lines = append(dup.Lines, Line{Date: rules.MustParseDate("2019-03-05"), Category: "cosmetic", Amount: rp("100000")})
	dup.Deposits = []Deposit{{Date: rules.MustParseDate("2019-03-04"), Amount: rp("1000000")}}
	dup.Documents = append(append([]string{}, inpatientDocs...), "deposit_report")
	before, err := Adjudicate(dup, rules.Default().At(dup.Episode.ServiceDate()), table(t))
	require.NoError(t, err)
	require.Equal(t, []Verdict{Reduced, Reduced, Reduced, Reduced, Denied}, verdicts(before))
	require.True(t, before.Has("deposit_netted"))

	a, err := v.Verify(dup, 2)
	require.NoError(t, err)
	assert.Equal(t, FileRefused, a.Verdict)
	assert.Equal(t, PayerNone, a.Payer)
	for i, l := range a.Lines {
		codes := []string{}
		for _, r := range l.Reasons {
			codes = append(codes, r.Code)
		}
		want := []string{"duplicate_stay"}
		if i == 4 {
			want = append(want, "excluded_cosmetic")
		}
		assert.Equal(t, want, codes, "line %d", l.Line)
	}
	assert.False(t, a.Has("deposit_netted"))
	assert.False(t, a.Has("payable"))
	assert.Equal(t, "0", a.Amounts.DepositNetted.String())
}

// Juknis IV.b.2.q "Pihak RS wajib melaporkan pasien rawat inap yang telah
// memberikan deposit kepada Dinas Kesehatan dan mencantumkannya pada
// tagihan"; IV.d.1 "ditanggung sepenuhnya oleh Pemerintah Daerah Kota
// Bekasi": claims.deposit_reading, each option.
func TestDepositReading(t *testing.T) {
	for _, tt := range []struct {
		option, ref, note, netted, transfer string
	}{
		{"", "Juknis 440/Kep.21/2017 IV.b.2.q", "deposit_netted", "1000000", "7800000"},
		{"netted", "Juknis 440/Kep.21/2017 IV.b.2.q", "deposit_netted", "1000000", "7800000"},
		{"refunded", "Juknis 440/Kep.21/2017 IV.b.2.q, IV.d.1", "deposit_refunded", "0", "8800000"},
	} {
		t.Run("option "+tt.option, func(t *testing.T) {
			rb := rules.Default()
			if tt.option != "" {
				rb = withHospital(t, reading("deposit_reading", tt.option, tt.ref))
			}
			f := stay()
			f.Deposits = []Deposit{{Date: rules.MustParseDate("2019-03-04"), Amount: rp("1000000")}}
			f.Documents = append(append([]string{}, inpatientDocs...), "deposit_report")
			a, err := Adjudicate(f, rb.At(f.Episode.ServiceDate()), table(t))
			require.NoError(t, err)
			assert.Equal(t, "8800000", a.Amounts.Payable.String())
			assert.Equal(t, tt.netted, a.Amounts.DepositNetted.String())
			assert.Equal(t, tt.transfer, a.Amounts.Transfer.String())
			require.True(t, a.Has(tt.note))
			for _, n := range a.Notes {
				if n.Code == tt.note {
					assert.Equal(t, tt.ref, n.Ref)
				}
			}
		})
	}
}

// Juknis III item 16: "Pasien dengan status umum lalu dalam masa
// perawatan/pengobatan melakukan peralihan menjadi pasien Jamkesda maka
// harus menyelesaikan administrasinya dan melakukan cut off biaya sebelum
// berubah penjaminannya": claims.payer_switch_without_cut_off, each
// option, for a switch on 6 March of a stay from 4 March without a cut-off.
func TestPayerSwitchReading(t *testing.T) {
	for _, tt := range []struct {
		option   string
		verdict  FileVerdict
		lines    []Verdict
		code     string
		payable  string
		denied   string
		fileCode string
	}{
		{"", FileRefused, []Verdict{Denied, Denied, Denied, Denied}, "file_refused", "0", "9000000", "payer_switch_without_cut_off"},
		{"refuse_file", FileRefused, []Verdict{Denied, Denied, Denied, Denied}, "file_refused", "0", "9000000", "payer_switch_without_cut_off"},
		{"before_switch_only", FilePartlyPaid, []Verdict{Denied, Denied, Denied, Paid}, "before_payer_change", "2000000", "7000000", "payable"},
	} {
		t.Run("option "+tt.option, func(t *testing.T) {
			rb := rules.Default()
			if tt.option != "" {
				rb = withHospital(t, reading("payer_switch_without_cut_off", tt.option, "Juknis 440/Kep.21/2017 III item 16"))
			}
			f := stay()
			f.PayerChange = &PayerChange{Date: rules.MustParseDate("2019-03-06")}
			a, err := Adjudicate(f, rb.At(f.Episode.ServiceDate()), table(t))
			require.NoError(t, err)
			assert.Equal(t, tt.verdict, a.Verdict)
			assert.Equal(t, tt.fileCode, a.Reasons[0].Code)
			assert.Equal(t, tt.lines, verdicts(a))
			assert.Equal(t, tt.code, a.Lines[0].Reasons[0].Code)
			assert.Equal(t, "Juknis 440/Kep.21/2017 III item 16", a.Lines[0].Reasons[0].Ref)
			assert.Equal(t, tt.payable, a.Amounts.Payable.String())
			assert.Equal(t, tt.denied, a.Amounts.Denied.String())
		})
	}
}

// Perwal 27.A/2017 Ps.11(2)c and Juknis V.3 set no duplicate rule:
// claims.verification.duplicate, each option. The same patient at RSUD from
// 4 to 9 March, then at another hospital, or at the RSUD again, from 7 to
// 10 March; or the RSUD's SJP number on the second file.
func TestDuplicateReading(t *testing.T) {
	const ref = "Perwal 27.A/2017 Ps.11(2)c; Juknis 440/Kep.21/2017 V.3"
	for _, tt := range []struct {
		option, hospital string
		sameSJP          bool
		verdict          FileVerdict
		code             string
		dups             Duplicates
	}{
		{"", "rs-ananda", false, FilePartlyPaid, "overlapping_stay", Duplicates{Overlaps: 1}},
		{"same_hospital_or_sjp", "rs-ananda", false, FilePartlyPaid, "overlapping_stay", Duplicates{Overlaps: 1}},
		{"same_hospital_or_sjp", "rsud-cam", false, FileRefused, "duplicate_stay", Duplicates{Stays: 1}},
		{"same_hospital_or_sjp", "rs-ananda", true, FileRefused, "duplicate_sjp", Duplicates{SJP: 1}},
		{"any_overlap", "rs-ananda", false, FileRefused, "duplicate_stay", Duplicates{Stays: 1}},
		{"any_overlap", "rsud-cam", false, FileRefused, "duplicate_stay", Duplicates{Stays: 1}},
	} {
		t.Run(tt.option+" "+tt.hospital, func(t *testing.T) {
			extra := ""
			if tt.option != "" {
				extra = reading("verification.duplicate", tt.option, ref)
			}
			rb := withHospital(t, extra)
			v := NewVerifier(rb, table(t))
			_, err := v.Verify(stay(), 1)
			require.NoError(t, err)
			f := stay()
			f.Hospital = tt.hospital
			f.Episode.Admission, f.Episode.Discharge = wib("2019-03-07 08:00"), wib("2019-03-10 08:00")
			f.Episode.Referral.Date = rules.MustParseDate("2019-03-07")
			f.Episode.SJP = &referral.SJP{Number: "SJP/2019/03/0107", NIK: eligibility.MustParseNIK(patientNIK), Issued: wib("2019-03-07 09:00")}
			if tt.sameSJP {
				f.Episode.SJP.Number = "SJP/2019/03/0001"
			}
			for i := range f.Lines {
				f.Lines[i].Date = rules.MustParseDate("2019-03-08")
			}
			a, err := v.Verify(f, 2)
			require.NoError(t, err)
			assert.Equal(t, tt.verdict, a.Verdict, "%+v", a.Reasons)
			require.True(t, a.Has(tt.code))
			for _, r := range append(append([]rules.Reason{}, a.Reasons...), a.Notes...) {
				if r.Code == tt.code || r.Code == "duplicate_of" {
					assert.Equal(t, ref, r.Ref, r.Code)
				}
			}
			if tt.code == "overlapping_stay" {
				assert.Contains(t, a.Notes[len(a.Notes)-1].EN, "file 1 of the batch")
				assert.Contains(t, a.Notes[len(a.Notes)-1].ID, "berkas ke-1")
			}
			r, err := v.Report(nil)
			require.NoError(t, err)
			assert.Equal(t, tt.dups, r.BeritaAcara.Duplicates)
		})
	}
}

// Issue #16 item 7: a service the recap does not have is an error, not a
// card outpatient.
func TestRecapUnknownService(t *testing.T) {
	for _, tt := range []struct {
		service string
		err     bool
	}{
		{ServiceCardOutpatient, false},
		{ServiceDinsosInpatient, false},
		{"bpjs_outpatient", true},
		{"", true},
	} {
		t.Run(tt.service, func(t *testing.T) {
			r := Recap{Year: 2017}
			d := rules.MustParseDate("2017-03-15")
			err := r.Add(tt.service, d, d)
			if !tt.err {
				require.NoError(t, err)
				assert.Equal(t, 1, r.Finished().SJP.Total.Total)
				return
			}
			var fe *rules.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, "/service", fe.Pointer)
			assert.Equal(t, 0, r.Finished().SJP.Total.Total)
		})
	}
	var book RecapBook
	for _, tt := range []struct {
		membership string
		admission  string
		field      string
	}{
		{"bpjs", "2017-03-15 09:00", "/membership"},
		{"", "2017-03-15 09:00", "/membership"},
		{"card", "", "/episode/admission"},
	} {
		f := File{Membership: tt.membership, Episode: referral.Episode{CareType: referral.Outpatient}}
		if tt.admission != "" {
			f.Episode.Admission = wib(tt.admission)
		}
		var fe *rules.FieldError
		require.ErrorAs(t, book.Add(&f), &fe, tt.membership)
		assert.Equal(t, tt.field, fe.Pointer)
	}
	assert.Empty(t, book.Recaps(), "nothing counted")
}

// Perwal 27.A/2017 Ps.11(2)b-d: each step of the timeline is cited by the
// rules in force on its due date. Perwal 27.A/2017 and the Juknis are both
// in force from 15 May 2017: a service that ended on their first day is
// placed and stepped by both; one that ended the day before has no
// timeline rule (the text of Perwal 115/2016 is not in the sources).
func TestTimelineStepsCitedOnTheirDates(t *testing.T) {
	for _, tt := range []struct {
		end                       string
		ref                       string
		submission, verif, paymnt string
	}{
		{"2017-05-15", "Perwal 27.A/2017 Ps.11(2)b; Juknis 440/Kep.21/2017 V.2",
			"Perwal 27.A/2017 Ps.11(2)b; Juknis 440/Kep.21/2017 V.2",
			"Perwal 27.A/2017 Ps.11(2)c; Juknis 440/Kep.21/2017 V.3",
			"Perwal 27.A/2017 Ps.11(2)d; Juknis 440/Kep.21/2017 V.4"},
		{"2019-03-09", "Perwal 27.A/2017 Ps.11(2)b; Juknis 440/Kep.21/2017 V.2",
			"Perwal 27.A/2017 Ps.11(2)b; Juknis 440/Kep.21/2017 V.2",
			"Perwal 27.A/2017 Ps.11(2)c; Juknis 440/Kep.21/2017 V.3",
			"Perwal 27.A/2017 Ps.11(2)d; Juknis 440/Kep.21/2017 V.4"},
	} {
		t.Run(tt.end, func(t *testing.T) {
			end := rules.MustParseDate(tt.end)
			sc, err := ScheduleFor(end, rules.Default().At(end))
			require.NoError(t, err)
			assert.Equal(t, tt.ref, sc.Ref)
			assert.Equal(t, StepRefs{tt.submission, tt.verif, tt.paymnt}, sc.Steps)
			r, err := Check(&Claim{ServiceEnd: end, Membership: "card"}, rules.Default().At(end))
			require.NoError(t, err)
			assert.Equal(t, sc.Steps, r.Timeline.Steps)
			assert.Equal(t, sc.Ref, r.Timeline.Ref)
		})
	}
	before := rules.MustParseDate("2017-05-14")
	_, err := ScheduleFor(before, rules.Default().At(before))
	assert.Error(t, err, "no timeline rule before 2017-05-15")
}

// The Berita Acara cites the verification by the rules in force on its due
// date, and the deposits netted by the rules of their files.
func TestBeritaAcaraCited(t *testing.T) {
	v := NewVerifier(rules.Default(), table(t))
	f := stay()
	f.Deposits = []Deposit{{Date: rules.MustParseDate("2019-03-04"), Amount: rp("1000000")}}
	f.Documents = append(append([]string{}, inpatientDocs...), "deposit_report")
	_, err := v.Verify(f, 1)
	require.NoError(t, err)
	r, err := v.Report(nil)
	require.NoError(t, err)
	assert.Equal(t, "Perwal 27.A/2017 Ps.11(2)c; Juknis 440/Kep.21/2017 V.3", r.BeritaAcara.Ref)
	assert.Equal(t, "Juknis 440/Kep.21/2017 IV.b.2.q", r.BeritaAcara.DepositRef)
	rows := r.BeritaAcaraSheet().Rows
	assert.Equal(t, r.BeritaAcara.Ref, rows[1][10])
	assert.Equal(t, "deposit_netted", rows[3][1])
	assert.Equal(t, r.BeritaAcara.DepositRef, rows[3][10])
}

// A line paid as claimed cites what it is paid within: the INA-CBG
// package (Juknis IV.d.1 "ditanggung sepenuhnya ... menggunakan tarif INA
// CBG's terbaru", with the Perwal and the Perda), or an item's tariff (IV.d.3,
// the city ambulance).
func TestPaidLineCited(t *testing.T) {
	f := stay()
	for i := range f.Lines {
		f.Lines[i].Amount = rp("100000")
	}
	f.Lines = append(f.Lines, Line{Date: rules.MustParseDate("2019-03-09"), Kind: KindAmbulance, Code: "city", Amount: rp("200000")})
	a := adjudicate(t, f)
	const pkg = "Perda 9/2018 Ps.17(1); Perwal 27.A/2017 Ps.7(1)a; Juknis 440/Kep.21/2017 IV.d.1"
	for i, want := range []string{pkg, pkg, pkg, pkg, "Juknis 440/Kep.21/2017 IV.d.3"} {
		l := a.Lines[i]
		assert.Equal(t, Paid, l.Verdict, "line %d", l.Line)
		require.Len(t, l.Reasons, 1)
		assert.Equal(t, "paid", l.Reasons[0].Code)
		assert.Equal(t, want, l.Reasons[0].Ref, "line %d", l.Line)
	}
}

// Juknis IV.b.2.h "Pemberian alat medis di luar paket INA-CBG's harus
// disetujui oleh Komite Medik RS dan ditandatangani oleh Direktur" is in
// force from 2017-05-15. A device given in a stay admitted before has no
// rule that pays it outside the package: it is a service of the stay,
// within the package. From the Juknis the declared reading
// tariff.approved_devices decides, and its default keeps it within the
// package too (TestApprovedDeviceReading has the other reading).
func TestDeviceBeforeTheJuknis(t *testing.T) {
	for _, tt := range []struct {
		admission, discharge string
		code, ref            string
	}{
		{"2017-05-13 09:00", "2017-05-16 09:00", "reduced_to_inacbg", "Permenkes 64/2016"},
		{"2017-05-15 09:00", "2017-05-18 09:00", "reduced_to_inacbg", "Perwal 27.A/2017 Ps.7(1)a"},
	} {
		t.Run(tt.admission, func(t *testing.T) {
			adm := wib(tt.admission)
			day, err := rules.DateFromTime(adm)
			require.NoError(t, err)
			f := stay()
			f.Episode.Admission, f.Episode.Discharge = adm, wib(tt.discharge)
			f.Episode.Referral.Date = day
			f.Episode.SJP.Issued = adm
			f.Submitted = rules.Date{}
			for i := range f.Lines {
				f.Lines[i].Date = day
			}
			f.Lines = append(f.Lines, Line{Date: day, Kind: KindDevice, Description: "Alat di luar paket", Amount: rp("90000000")})
			f.Approvals = []Approval{{Kind: ApprovalCommitteeDirector, Line: 5}}
			f.Documents = append(append([]string{}, inpatientDocs...), "medical_committee_director_approval")
			a := adjudicate(t, f)
			dev := a.Lines[4]
			require.NotEmpty(t, dev.Reasons)
			assert.Equal(t, tt.code, dev.Reasons[0].Code)
			assert.Contains(t, dev.Reasons[0].Ref, tt.ref)
			if tt.code == "device_outside_package" {
				assert.Equal(t, "90000000", dev.Payable.String())
			} else {
				assert.True(t, dev.Payable.LessThan(rp("90000000")), dev.Payable.String())
			}
		})
	}
}
