package claim

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Perwal 27.A/2017 Ps.11(2)c; Juknis V.3: the verifiers check every file
// of the month; a patient cannot be in two stays at once, and an SJP
// guarantees one episode.
func TestDuplicates(t *testing.T) {
	v := NewVerifier(rules.Default(), table(t))
	first := stay()
	a, err := v.Verify(first, 1)
	require.NoError(t, err)
	assert.Equal(t, FilePartlyPaid, a.Verdict)

	// The same patient, a stay from 7 to 10 March that overlaps 4-9 March.
	overlap := stay()
	overlap.ID = "overlap"
	overlap.Episode.Admission, overlap.Episode.Discharge = wib("2019-03-07 08:00"), wib("2019-03-10 08:00")
	overlap.Episode.Referral.Date = rules.MustParseDate("2019-03-07")
	overlap.Episode.SJP = &referral.SJP{Number: "SJP/2019/03/0107", NIK: eligibility.MustParseNIK(patientNIK), Issued: wib("2019-03-07 09:00")}
	for i := range overlap.Lines {
		overlap.Lines[i].Date = rules.MustParseDate("2019-03-08")
	}
	a, err = v.Verify(overlap, 2)
	require.NoError(t, err)
	assert.Equal(t, FileRefused, a.Verdict)
	assert.Equal(t, "duplicate_stay", a.Reasons[0].Code)
	assert.True(t, a.Has("duplicate_of"))
	assert.Contains(t, a.Notes[len(a.Notes)-1].EN, "file 1")
	assert.Equal(t, "0", a.Amounts.Payable.String())

	// A transfer: discharged on the 9th, admitted elsewhere on the 9th: no
	// overlap. The same SJP number as the first file: a duplicate.
	again := stay()
	again.Episode.Admission, again.Episode.Discharge = wib("2019-03-20 08:00"), wib("2019-03-22 08:00")
	again.Episode.Referral.Date = rules.MustParseDate("2019-03-20")
	again.Episode.SJP.Issued = wib("2019-03-20 09:00")
	for i := range again.Lines {
		again.Lines[i].Date = rules.MustParseDate("2019-03-21")
	}
	a, err = v.Verify(again, 3)
	require.NoError(t, err)
	assert.Equal(t, "duplicate_sjp", a.Reasons[0].Code)

	transfer := stay()
	transfer.Episode.Admission, transfer.Episode.Discharge = wib("2019-03-09 13:00"), wib("2019-03-12 08:00")
	transfer.Episode.Referral.Date = rules.MustParseDate("2019-03-09")
	transfer.Episode.SJP = &referral.SJP{Number: "SJP/2019/03/0109", NIK: eligibility.MustParseNIK(patientNIK), Issued: wib("2019-03-09 14:00")}
	transfer.Lines = transfer.Lines[:1]
	transfer.Lines[0].Date = rules.MustParseDate("2019-03-10")
	// The same line twice within the file.
	transfer.Lines = append(transfer.Lines, transfer.Lines[0])
	a, err = v.Verify(transfer, 4)
	require.NoError(t, err)
	assert.NotEqual(t, FileRefused, a.Verdict, "%+v", a.Reasons)
	assert.Equal(t, "duplicate_line", a.Lines[1].Reasons[0].Code)

	// Another patient's file with the first file's SJP number.
	other := stay()
	other.Patient = facts("3275014508900009")
	other.Episode.SJP = &referral.SJP{Number: "SJP/2019/03/0001", NIK: eligibility.MustParseNIK("3275014508900009"), Issued: wib("2019-03-05 09:00")}
	a, err = v.Verify(other, 5)
	require.NoError(t, err)
	assert.Equal(t, "duplicate_sjp", a.Reasons[0].Code)

	r, err := v.Report(nil)
	require.NoError(t, err)
	assert.Equal(t, Duplicates{Stays: 1, SJP: 2, Lines: 1}, r.BeritaAcara.Duplicates)
	assert.Equal(t, 5, r.BeritaAcara.Files)
}

// Perwal 27.A/2017 Ps.11(2)b-d; Juknis V.2-4: "satu bulan setelah selesai
// memberikan pelayanan ... paling lambat minggu kedua setiap bulannya",
// the Berita Acara "paling lambat minggu keempat", payment "paling lambat
// minggu kedua bulan berikutnya". A service that ended on 10 January
// 2019, under each reading the rulebook names.
func TestScheduleServiceEndedOnThe10th(t *testing.T) {
	overlay := func(t *testing.T, path, value string) *rules.Rulebook {
		rb, err := rules.Default().Overlay("reading.yaml", strings.NewReader(fmt.Sprintf(
			"parameters: {claims: {timeline: {%s: {values: {2017-05-15: {value: %s, ref: Juknis 440/Kep.21/2017 V.2}}}}}}", path, value)))
		require.NoError(t, err)
		return rb
	}
	tests := []struct {
		name                 string
		rb                   *rules.Rulebook
		end                  string
		month, sub, ver, pay string
	}{
		{"default: the next calendar month, week N ends on day 7N", rules.Default(), "2019-01-10", "2019-02", "2019-02-14", "2019-02-28", "2019-03-14"},
		{"calendar weeks: February 2019 starts on a Friday, week 2 ends Sunday the 10th", overlay(t, "week_reading", "calendar_weeks"), "2019-01-10", "2019-02", "2019-02-10", "2019-02-24", "2019-03-10"},
		{"one month after the day: 10 February is within February's second week", overlay(t, "month_after_reading", "one_month_after_date"), "2019-01-10", "2019-02", "2019-02-14", "2019-02-28", "2019-03-14"},
		{"one month after the day, a service that ended on the 20th: March", overlay(t, "month_after_reading", "one_month_after_date"), "2019-01-20", "2019-03", "2019-03-14", "2019-03-28", "2019-04-14"},
		{"the default for the 20th: February", rules.Default(), "2019-01-20", "2019-02", "2019-02-14", "2019-02-28", "2019-03-14"},
		// 14 April 2019 is a Sunday: the previous working day is Friday the 12th.
		{"a due date on a Sunday, previous_working_day", overlay(t, "due_on_day_off", "previous_working_day"), "2019-03-10", "2019-04", "2019-04-12", "2019-04-26", "2019-05-14"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			end := rules.MustParseDate(tt.end)
			sc, err := ScheduleFor(end, tt.rb.At(end))
			require.NoError(t, err)
			assert.Equal(t, tt.month, sc.SubmissionMonth)
			assert.Equal(t, tt.sub, sc.SubmissionDue.String())
			assert.Equal(t, tt.ver, sc.VerificationDue.String())
			assert.Equal(t, tt.pay, sc.PaymentDue.String())
			assert.Contains(t, sc.Ref, "Perwal 27.A/2017 Ps.11(2)b")
		})
	}
}

// Perwal 27.A/2017 Ps.5(2): "Sumber dana ... apabila tidak mencukupi, maka
// akan dibayarkan pada anggaran tahun berikutnya."
func TestBudgetShortfallCarriedOver(t *testing.T) {
	s := rules.Default().At(rules.MustParseDate("2019-11-30"))
	r, err := ApplyBudget(Budget{Year: 2019, Amount: rp("100000000000"), AlreadyPaid: rp("99000000000")}, rp("1500000000"), s)
	require.NoError(t, err)
	assert.Equal(t, "1000000000", r.PaidNow.String())
	assert.Equal(t, "500000000", r.CarriedOver.String())
	assert.Equal(t, 2020, r.CarriedToYear)
	assert.Equal(t, "budget_carried_over", r.Reason.Code)
	assert.Equal(t, "Perwal 27.A/2017 Ps.5(2), Ps.11(1)", r.Reason.Ref)

	r, err = ApplyBudget(Budget{Year: 2019, Amount: rp("100000000000")}, rp("1500000000"), s)
	require.NoError(t, err)
	assert.Equal(t, "0", r.CarriedOver.String())
	assert.Equal(t, "budget_sufficient", r.Reason.Code)

	_, err = ApplyBudget(Budget{Year: 19, Amount: rp("1")}, rp("1"), s)
	assert.ErrorIs(t, err, ErrClaim)
}

// Jannah 2019 app. J: "Rekapitulasi kunjungan pasien Jamkesda berdasarkan
// penerbitan Surat Jaminan Pelayanan per 31 Desember tahun 2017". Fed
// files with the table's counts, the recap reproduces its rows and totals.
func TestRecapAppendixJ(t *testing.T) {
	table := [4][12]int{
		{82, 84, 91, 65, 57, 187, 1074, 4911, 10297, 17167, 20594, 20486},
		{29, 15, 15, 5, 10, 61, 293, 773, 1243, 1688, 1580, 4000},
		{252, 362, 578, 641, 754, 483, 740, 682, 557, 784, 1002, 6281},
		{262, 279, 397, 355, 414, 305, 419, 413, 486, 573, 788, 2291},
	}
	var book RecapBook
	for i, row := range table {
		f := File{Membership: "card", Episode: referral.Episode{CareType: referral.Outpatient}}
		if i%2 == 1 {
			f.Episode.CareType = referral.Inpatient
		}
		if i >= 2 {
			f.Membership = "dinsos_letter"
		}
		for m, n := range row {
			f.Episode.Admission = wib(fmt.Sprintf("2017-%02d-15 09:00", m+1))
			for range n {
				require.NoError(t, book.Add(&f))
			}
		}
	}
	recaps := book.Recaps()
	require.Len(t, recaps, 1)
	r := recaps[0]
	assert.Equal(t, 104905, r.SJP.Total.Total)
	assert.Equal(t, []int{75095, 9712, 13116, 6982}, []int{r.SJP.Rows[0].Total, r.SJP.Rows[1].Total, r.SJP.Rows[2].Total, r.SJP.Rows[3].Total})
	assert.Equal(t, [12]int{625, 740, 1081, 1066, 1235, 1036, 2526, 6779, 12583, 20212, 23964, 33058}, r.SJP.Total.Months)
	assert.Equal(t, 33058, r.SJP.Total.Months[11])
	assert.Equal(t, "Rawat Inap Rekomendasi Dinsos", r.SJP.Rows[3].ID)
	assert.Equal(t, 104905, r.Claims.Total.Total)
}

// Juknis III.e: hospitals report "setiap tanggal 5 bulan berikutnya"; VII
// evaluation every three months; VIII quarterly and annual reports.
func TestDuties(t *testing.T) {
	d, err := Duties("2018-12", rules.Default())
	require.NoError(t, err)
	codes := []string{}
	for _, x := range d {
		codes = append(codes, x.Code)
	}
	assert.Equal(t, []string{"hospital_services_report", "class3_capacity_report", "monthly_activity_report", "evaluation", "quarterly_report", "annual_report"}, codes)
	assert.Equal(t, "2019-01-05", d[0].Due.String())
	assert.Equal(t, "Juknis 440/Kep.21/2017 III.e", d[0].Ref)
	assert.Equal(t, "2018-Q4", d[4].Period)
	d, err = Duties("2019-02", rules.Default())
	require.NoError(t, err)
	assert.Len(t, d, 3)
	_, err = Duties("Feb", rules.Default())
	assert.Error(t, err)
}

// A batch with bad lines in the middle loses nothing else: every line has
// its result or its error, in order, and the figures count every file.
func TestVerifyBatchBadLines(t *testing.T) {
	var in bytes.Buffer
	enc := json.NewEncoder(&in)
	good := stay()
	require.NoError(t, enc.Encode(good))
	in.WriteString(`{"hospital": "rsud-cam", "membership": 7}` + "\n")
	in.WriteString("\n")
	in.WriteString(`{not json` + "\n")
	second := stay()
	second.ID = "second"
	second.Patient = facts("3275014508900002")
	second.Episode.SJP = &referral.SJP{Number: "SJP/2019/03/0002", NIK: eligibility.MustParseNIK("3275014508900002"), Issued: wib("2019-03-05 09:00")}
	second.Submitted = rules.MustParseDate("2019-04-20") // late: due 14 April
	require.NoError(t, enc.Encode(second))
	in.WriteString(`{"id": "bad-date", "hospital": "rsud-cam", "membership": "card", "episode": {"care_type": "outpatient", "admission": "2019-03-04T09:00:00+07:00"}, "lines": [{"date": "2019-05-01", "amount": "1"}]}` + "\n")
	third := stay()
	third.Patient = facts("3275014508900003")
	third.Episode.SJP = &referral.SJP{Number: "SJP/2019/03/0003", NIK: eligibility.MustParseNIK("3275014508900003"), Issued: wib("2019-03-05 09:00")}
	third.PrivateAgreement = true
	require.NoError(t, enc.Encode(third))

	type out struct {
		line    int
		id      string
		verdict FileVerdict
		field   string
	}
	var got []out
	v := NewVerifier(rules.Default(), table(t))
	r, err := VerifyBatch(context.Background(), &in, v, &Budget{Year: 2019, Amount: rp("10000000"), AlreadyPaid: rp("0")}, func(line int, a *Adjudication, err error) error {
		if err != nil {
			var be *BatchError
			require.ErrorAs(t, err, &be)
			var fe *rules.FieldError
			require.ErrorAs(t, err, &fe)
			got = append(got, out{line, be.ID, "", fe.Pointer})
			return nil
		}
		got = append(got, out{line, a.ID, a.Verdict, ""})
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, []out{
		{1, "RSUD-2019-03-0001", FilePartlyPaid, ""},
		{2, "", "", "/membership"},
		{4, "", "", ""},
		{5, "second", FilePartlyPaid, ""},
		{6, "bad-date", "", "/lines/0/date"},
		{7, "RSUD-2019-03-0001", FileRefused, ""},
	}, got)
	ba := r.BeritaAcara
	assert.Equal(t, 3, ba.Files)
	assert.Equal(t, 3, ba.Errors)
	assert.Equal(t, "27000000", ba.Amounts.Claimed.String())
	assert.Equal(t, "17600000", ba.Amounts.Payable.String())
	assert.Equal(t, "400000", ba.Amounts.Reduced.String())
	assert.Equal(t, "9000000", ba.Amounts.Denied.String())
	assert.Equal(t, 1, ba.Late.Files)
	assert.Equal(t, "card_inpatient", ba.ByService[1].Key)
	assert.Equal(t, 3, ba.ByService[1].Files)
	assert.Equal(t, "private_agreement", ba.ByReason[0].Code)
	assert.Equal(t, "9000000", ba.ByReason[0].Denied.String())
	assert.Equal(t, "reduced_to_inacbg", ba.ByReason[1].Code)
	assert.Equal(t, 8, ba.ByReason[1].Lines)
	assert.Equal(t, 2, ba.ByReason[1].Files)
	assert.Equal(t, []string{"2019-03"}, ba.ServiceMonths)
	require.Len(t, r.Schedules, 1)
	assert.Equal(t, "2019-04-14", r.Schedules[0].SubmissionDue.String())
	assert.Equal(t, "2019-05-14", r.Schedules[0].PaymentDue.String())
	require.NotNil(t, r.Budget)
	assert.Equal(t, "10000000", r.Budget.PaidNow.String())
	assert.Equal(t, "7600000", r.Budget.CarriedOver.String())
	assert.Equal(t, 2020, r.Budget.CarriedToYear)
	assert.Equal(t, 3, r.Recaps[0].SJP.Rows[1].Months[2])
}

// The recap sheet has the layout of Jannah 2019 app. J.
func TestRecapSheet(t *testing.T) {
	var book RecapBook
	f := File{Membership: "dinsos_letter", Episode: referral.Episode{CareType: referral.Inpatient, Admission: wib("2017-12-04 09:00")}}
	require.NoError(t, book.Add(&f))
	sheets := book.Recaps()[0].Sheets()
	require.Len(t, sheets, 2)
	assert.Equal(t, "Rekap SJP 2017", sheets[0].Name)
	var buf bytes.Buffer
	require.NoError(t, sheets[0].WriteCSV(&buf))
	assert.Equal(t, `No,Jenis Pelayanan,Januari,Februari,Maret,April,Mei,Juni,Juli,Agustus,September,Oktober,November,Desember,Total
1,Rawat Jalan KS,0,0,0,0,0,0,0,0,0,0,0,0,0
2,Rawat Inap KS,0,0,0,0,0,0,0,0,0,0,0,0,0
3,Rawat Jalan Rekomendasi Dinsos,0,0,0,0,0,0,0,0,0,0,0,0,0
4,Rawat Inap Rekomendasi Dinsos,0,0,0,0,0,0,0,0,0,0,0,1,1
,TOTAL,0,0,0,0,0,0,0,0,0,0,0,1,1
`, buf.String())
}

// The workers change nothing: VerifyFiles gives what Verify gives, one
// file after another, duplicates included.
func TestVerifyFilesInOrder(t *testing.T) {
	var files []*File
	for i := range 300 {
		nik := eligibility.MustParseNIK(fmt.Sprintf("32750145089%05d", i%100+1)) // each patient three times
		f := stay()
		f.ID = fmt.Sprint(i)
		f.Patient = facts(nik.Digits())
		f.Episode.SJP.NIK = nik
		f.Episode.SJP.Number = fmt.Sprintf("SJP-%d", i%150) // the same SJP twice
		files = append(files, f)
	}
	seq := NewVerifier(rules.Default(), table(t))
	var want []string
	for i, f := range files {
		a, err := seq.Verify(f, i+1)
		require.NoError(t, err)
		want = append(want, a.ID+" "+string(a.Verdict)+" "+a.Reasons[0].Code)
	}
	par := NewVerifier(rules.Default(), table(t))
	var got []string
	i := 0
	require.NoError(t, par.VerifyFiles(context.Background(), func() (*File, bool) {
		if i == len(files) {
			return nil, false
		}
		i++
		return files[i-1], true
	}, func(n int, a *Adjudication, err error) error {
		require.NoError(t, err)
		got = append(got, a.ID+" "+string(a.Verdict)+" "+a.Reasons[0].Code)
		return nil
	}))
	assert.Equal(t, want, got)
	r1, err := seq.Report(nil)
	require.NoError(t, err)
	r2, err := par.Report(nil)
	require.NoError(t, err)
	assert.Equal(t, r1.BeritaAcara, r2.BeritaAcara)
	assert.Equal(t, 200, r2.BeritaAcara.Duplicates.Stays+r2.BeritaAcara.Duplicates.SJP)
}

// The verifier's memory is bounded by the distinct patients and their
// stays, not by the files' bodies: 2,000 outpatient visits of 50 patients
// keep 50 patients, 40 stays each.
func TestVerifierMemoryByPatients(t *testing.T) {
	v := NewVerifier(rules.Default(), table(t))
	for i := range 2000 {
		nik := eligibility.MustParseNIK(fmt.Sprintf("32750145089%05d", i%50+1))
		f := stay()
		f.Patient = facts(nik.Digits())
		day := rules.MustParseDate("2019-01-01").AddDays(i / 50)
		f.Episode.Admission = day.In(wib("2019-01-01 00:00").Location()).Add(10 * 3600e9)
		f.Episode.Discharge = f.Episode.Admission.Add(3600e9)
		f.Episode.Referral.Date = day
		f.Episode.SJP = nil
		f.Episode.CareType, f.INACBG = referral.Outpatient, "Q-5-44-0"
		f.Lines = f.Lines[:1]
		f.Lines[0].Date = day
		f.Submitted = rules.Date{}
		_, err := v.Verify(f, i+1)
		require.NoError(t, err)
	}
	assert.Len(t, v.patients, 50)
	for _, st := range v.patients {
		assert.Equal(t, 40, st.n)
	}
	r, err := v.Report(nil)
	require.NoError(t, err)
	assert.Equal(t, 2000, r.BeritaAcara.Files)
	assert.Equal(t, 0, r.BeritaAcara.Duplicates.Stays)
}

// A cancelled context stops a batch between lines: nothing is emitted
// after the cancel, the error wraps context.Canceled and names the last
// line emitted, and no report comes back that could pass for the month's.
func TestVerifyBatchCancelled(t *testing.T) {
	const lines = 200
	var in bytes.Buffer
	enc := json.NewEncoder(&in)
	for range lines {
		require.NoError(t, enc.Encode(stay()))
	}
	data := in.Bytes()
	for _, tc := range []struct {
		name     string
		cancelAt int // cancel before the start when 0, else in emit of this line
		msg      string
	}{
		{"before the start", 0, "claim: stopped before the first line: context canceled"},
		{"after the first line", 1, "claim: stopped after line 1: context canceled"},
		{"after a whole batch", 64, "claim: stopped after line 64: context canceled"},
		{"in the middle of a batch", 100, "claim: stopped after line 100: context canceled"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tc.cancelAt == 0 {
				cancel()
			}
			var got []int
			v := NewVerifier(rules.Default(), table(t))
			r, err := VerifyBatch(ctx, bytes.NewReader(data), v, nil, func(line int, a *Adjudication, err error) error {
				got = append(got, line)
				if line == tc.cancelAt {
					cancel()
				}
				return err
			})
			require.ErrorIs(t, err, context.Canceled)
			assert.EqualError(t, err, tc.msg)
			assert.Len(t, got, tc.cancelAt, "lines emitted")
			for i, line := range got {
				assert.Equal(t, i+1, line)
			}
			assert.Zero(t, r.BeritaAcara.Files, "no report after a cancel")
			assert.Nil(t, r.Budget)
		})
	}
}
