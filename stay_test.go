package kartusehat

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rsudStay is examples/testdata/stay-rsud.json as a Stay, with the claim
// file of examples/testdata/claim-stay.json (its hospital, patient and
// episode left to the stay's).
func rsudStay(t testing.TB) *Stay {
	t.Helper()
	var s Stay
	b, err := os.ReadFile("examples/testdata/stay-rsud.json")
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &s))
	b, err = os.ReadFile("examples/testdata/claim-stay.json")
	require.NoError(t, err)
	var f claim.File
	require.NoError(t, json.Unmarshal(b, &f))
	// The claim's patient carries the card and e-KTP the stay's facts lack:
	// the stay's facts are the claim's.
	s.Facts = f.Patient
	f.Hospital, f.Patient, f.Episode = "", eligibility.Facts{}, referral.Episode{}
	s.Claim = &f
	return &s
}

// TestStayDecide: one stay, admission to claim, decided whole; each step
// is the bare package call's answer on the same parts.
func TestStayDecide(t *testing.T) {
	e := defaultEngine(t, WithTable(synthetic(t)))
	s := rsudStay(t)
	d, err := e.Decide(s)
	require.NoError(t, err)
	assert.True(t, d.Eligibility.Eligible)
	assert.True(t, d.Assessment.Covered)
	require.NotNil(t, d.Bill)
	require.NotNil(t, d.Adjudication)

	// The bare calls on the same parts give the same answers.
	on := rules.MustParseDate("2019-03-04")
	snap := rules.Default().At(on)
	bd, err := eligibility.Check(&s.Facts, snap)
	require.NoError(t, err)
	ba, err := referral.Assess(&s.Episode, &bd, snap)
	require.NoError(t, err)
	billing := *s.Billing
	billing.Facility, billing.CareType = "rsud-cam", referral.Inpatient
	bb, err := tariff.Price(&billing, &ba, snap, synthetic(t))
	require.NoError(t, err)
	f := *s.Claim
	f.Hospital, f.Patient, f.Episode = "rsud-cam", s.Facts, s.Episode
	badj, err := claim.Adjudicate(&f, snap, synthetic(t))
	require.NoError(t, err)
	assert.Equal(t, bd, d.Eligibility)
	assert.Equal(t, ba, d.Assessment)
	assert.Equal(t, bb.Total().String(), d.Bill.Total().String())
	assert.Equal(t, badj.Verdict, d.Adjudication.Verdict)
	assert.True(t, badj.Amounts.Payable.Equal(d.Adjudication.Amounts.Payable), "%s %s", badj.Amounts.Payable, d.Adjudication.Amounts.Payable)

	// Admit alone neither prices nor adjudicates.
	ad, err := e.Admit(s)
	require.NoError(t, err)
	assert.Nil(t, ad.Bill)
	assert.Nil(t, ad.Adjudication)
	assert.Equal(t, d.Assessment, ad.Assessment)
}

// TestStayInconsistent: a fact given twice must be the same both times,
// or the stay is refused as inconsistent, naming both fields.
func TestStayInconsistent(t *testing.T) {
	e := defaultEngine(t, WithTable(synthetic(t)))
	other := eligibility.MustParseNIK("3275051203800008")
	tests := []struct {
		name    string
		change  func(s *Stay)
		step    func(s *Stay) error
		field   string
		message string
	}{
		{"billing at another hospital", func(s *Stay) { s.Billing.Facility = "rs-ananda" },
			func(s *Stay) error { _, err := e.Price(s); return err },
			"/billing/facility", `the billed facility "rs-ananda" is not "rsud-cam", given at /episode/facility: give the same, or leave this one out`},
		{"billing as outpatient", func(s *Stay) { s.Billing.CareType = referral.Outpatient },
			func(s *Stay) error { _, err := e.Price(s); return err },
			"/billing/care_type", `the billed care type "outpatient" is not "inpatient", given at /episode/care_type: give the same, or leave this one out`},
		{"billing in another class", func(s *Stay) { s.Episode.Class = 3; s.Billing.Class = 1 },
			func(s *Stay) error { _, err := e.Price(s); return err },
			"/billing/class", `the billed class 1 is not 3, given at /episode/class: give the same, or leave this one out`},
		{"episode of another patient", func(s *Stay) { s.Episode.PatientNIK = other },
			func(s *Stay) error { _, err := e.Admit(s); return err },
			"/episode/patient_nik", `the episode's patient 3275**********08 is not the person of the facts, 3275**********01 (/facts/person/nik)`},
		{"claim of another hospital", func(s *Stay) { s.Claim.Hospital = "rs-ananda" },
			func(s *Stay) error { _, err := e.Adjudicate(s); return err },
			"/claim/hospital", `the claiming hospital "rs-ananda" is not "rsud-cam", given at /episode/facility: give the same, or leave this one out`},
		{"claim of another patient", func(s *Stay) { s.Claim.Patient = s.Facts; s.Claim.Patient.Person.NIK = other },
			func(s *Stay) error { _, err := e.Adjudicate(s); return err },
			"/claim/patient/person/nik", `the claim's patient 3275**********08 is not 3275**********01, given at /facts/person/nik: give the same, or leave this one out`},
		{"claim's episode discharged another day", func(s *Stay) {
			s.Claim.Episode = s.Episode
			s.Claim.Episode.Discharge = s.Episode.Discharge.AddDate(0, 0, 1)
		}, func(s *Stay) error { _, err := e.Adjudicate(s); return err },
			"/claim/episode/discharge", `the claim's discharge 2019-03-10T11:00:00+07:00 is not 2019-03-09T11:00:00+07:00, given at /episode/discharge: give the same, or leave this one out`},
		{"claim's episode as outpatient", func(s *Stay) {
			s.Claim.Episode = s.Episode
			s.Claim.Episode.CareType = referral.Outpatient
		}, func(s *Stay) error { _, err := e.Adjudicate(s); return err },
			"/claim/episode/care_type", `the claim's care type "outpatient" is not "inpatient", given at /episode/care_type: give the same, or leave this one out`},
		{"service end not the discharge", func(s *Stay) {},
			func(s *Stay) error {
				_, err := e.CheckClaim(s, &claim.Claim{ServiceEnd: rules.MustParseDate("2019-03-08"), Membership: "card"})
				return err
			},
			"/service_end", `the service end 2019-03-08 is not 2019-03-09, given at /episode/discharge: give the same, or leave this one out`},
		{"inpatient claim of an outpatient visit", func(s *Stay) { s.Episode.CareType = referral.Outpatient },
			func(s *Stay) error {
				_, err := e.CheckClaim(s, &claim.Claim{Inpatient: true, Membership: "card"})
				return err
			},
			"/inpatient", `an inpatient claim's care type "inpatient" is not "outpatient", given at /episode/care_type: give the same, or leave this one out`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := rsudStay(t)
			tc.change(s)
			err := tc.step(s)
			require.Error(t, err)
			ej := ErrorOf(err)
			assert.Equal(t, shortErr{Code: rules.CodeInconsistent, Pointer: tc.field, MessageEN: tc.message}, short(ej))
			// Decide refuses it too, whatever the step.
			if !strings.HasPrefix(tc.field, "/service_end") && !strings.HasPrefix(tc.field, "/inpatient") {
				_, err := e.Decide(s)
				assert.Equal(t, tc.field, ErrorOf(err).Pointer)
			}
		})
	}
}

// TestStayDefaults: a part that leaves a shared fact out takes the
// stay's; given the same, it is accepted.
func TestStayDefaults(t *testing.T) {
	e := defaultEngine(t, WithTable(synthetic(t)))
	s := rsudStay(t)
	base, err := e.Decide(s)
	require.NoError(t, err)
	s.Billing.Facility, s.Billing.CareType = "rsud-cam", referral.Inpatient
	s.Claim.Hospital = "rsud-cam"
	s.Claim.Patient = s.Facts
	s.Claim.Episode = s.Episode
	same, err := e.Decide(s)
	require.NoError(t, err)
	assert.Equal(t, base.Bill.Total().String(), same.Bill.Total().String())
	assert.Equal(t, base.Adjudication.Verdict, same.Adjudication.Verdict)

	// The claim check: the service end is the discharge date, the
	// inpatient flag the care type's.
	r, err := e.CheckClaim(s, &claim.Claim{Membership: "card", Documents: s.Claim.Documents})
	require.NoError(t, err)
	want, err := claim.Check(&claim.Claim{ServiceEnd: rules.MustParseDate("2019-03-09"), Inpatient: true, Membership: "card", Documents: s.Claim.Documents},
		rules.Default().At(rules.MustParseDate("2019-03-09")))
	require.NoError(t, err)
	assert.Equal(t, want, r)
	assert.Equal(t, "2019-04-14", r.Timeline.SubmissionDue.String())
}

// TestPriceOpRefusesAnotherHospital: through the JSON price operation, a
// billing for rs-ananda on an episode at rsud-cam is refused (tariff.Price
// alone would price it).
func TestPriceOpRefusesAnotherHospital(t *testing.T) {
	e := defaultEngine(t, WithTable(synthetic(t)))
	stay := compactFile(t, "stay-rsud.json")
	op, _ := OpNamed("price")
	in := strings.Replace(stay, `"billing":{`, `"billing":{"facility":"rs-ananda",`, 1)
	_, _, err := e.Do(op, []byte(in))
	require.Error(t, err)
	assert.Equal(t, shortErr{Code: rules.CodeInconsistent, Pointer: "/billing/facility",
		MessageEN: `the billed facility "rs-ananda" is not "rsud-cam", given at /episode/facility: give the same, or leave this one out`}, short(ErrorOf(err)))
	// One error, whose messages name the other field, in both languages;
	// errors.Is finds its code on what Do returns.
	assert.Equal(t, `fasilitas yang ditagih "rs-ananda" bukan "rsud-cam", yang diberikan di /episode/facility: berikan yang sama, atau kosongkan yang ini`, ErrorOf(err).Message)
	assert.Len(t, ErrorsOf(err), 1)
	assert.ErrorIs(t, err, rules.CodeInconsistent)
	assert.NotErrorIs(t, err, rules.CodeMissing)
	_, _, err = e.Do(op, []byte(strings.Replace(stay, `"admission"`, `"admission_x"`, 1)))
	assert.ErrorIs(t, err, rules.CodeUnknownField)
	_, _, err = e.Do(op, []byte(`{"episode":{}}`))
	assert.ErrorIs(t, err, rules.CodeMissing)
	assert.Equal(t, rules.CodeMissing, ErrorOf(err).Code)
	assert.NotEmpty(t, ErrorOf(err).Message)
	// The same facility, given twice, is accepted.
	in = strings.Replace(stay, `"billing":{`, `"billing":{"facility":"rsud-cam",`, 1)
	_, res, err := e.Do(op, []byte(in))
	require.NoError(t, err)
	require.NotNil(t, res.(*priceOutput).Bill)
}

// TestStayMissing: each step says what it lacks.
func TestStayMissing(t *testing.T) {
	e := defaultEngine(t)
	s := rsudStay(t)
	s.Billing, s.Claim = nil, nil
	_, err := e.Price(s)
	assert.Equal(t, "/billing", ErrorOf(err).Pointer)
	assert.Equal(t, rules.CodeMissing, ErrorOf(err).Code)
	_, err = e.Adjudicate(s)
	assert.Equal(t, "/claim", ErrorOf(err).Pointer)
	s.Episode.Admission = time.Time{}
	_, err = e.Admit(s)
	assert.Equal(t, shortErr{Code: rules.CodeMissing, Pointer: "/episode/admission", MessageEN: "required: the date-time of admission"}, short(ErrorOf(err)))
	_, err = e.Admit(nil)
	assert.Equal(t, rules.CodeMissing, ErrorOf(err).Code)
	_, err = New(nil)
	assert.ErrorIs(t, err, ErrNoRulebook)
}

// TestAdmitIntoAllocs: the engine's Go-value path at admission allocates
// nothing once its decision has grown, as CheckInto and AssessInto.
func TestAdmitIntoAllocs(t *testing.T) {
	e := defaultEngine(t, WithTable(synthetic(t)))
	s := rsudStay(t)
	var d Decision
	require.NoError(t, e.AdmitInto(&d, s))
	if n := testing.AllocsPerRun(100, func() { _ = e.AdmitInto(&d, s) }); n != 0 {
		t.Errorf("AdmitInto: %v allocations, want 0", n)
	}
	require.NoError(t, e.PriceInto(&d, s))
	if n := testing.AllocsPerRun(100, func() { _ = e.PriceInto(&d, s) }); n != 0 {
		t.Errorf("PriceInto: %v allocations, want 0", n)
	}
}

// TestStayOp: the JSON form of Decide gives Decide's decision, and
// refuses a stay whose parts disagree.
func TestStayOp(t *testing.T) {
	e := defaultEngine(t, WithTable(synthetic(t)))
	s := rsudStay(t)
	raw, err := json.Marshal(s)
	require.NoError(t, err)
	in := `{"id":"rm-1",` + string(raw[1:])
	id, res, err := e.Do(StayOp, []byte(in))
	require.NoError(t, err)
	assert.Equal(t, `"rm-1"`, string(id))
	want, err := e.Decide(s)
	require.NoError(t, err)
	got := res.(*Decision)
	assert.Equal(t, want.Bill.Total().String(), got.Bill.Total().String())
	assert.Equal(t, want.Adjudication.Verdict, got.Adjudication.Verdict)
	assert.Equal(t, want.Assessment, got.Assessment)

	bad := strings.Replace(in, `"hospital":""`, `"hospital":"rs-ananda"`, 1)
	require.NotEqual(t, in, bad)
	_, _, err = e.Do(StayOp, []byte(bad))
	assert.Equal(t, "/claim/hospital", ErrorOf(err).Pointer)
	assert.Equal(t, rules.CodeInconsistent, ErrorOf(err).Code)
	_, _, err = e.Do(StayOp, []byte(`{"facts":{},"episode":{},"x":1}`))
	assert.Equal(t, shortErr{Code: rules.CodeUnknownField, Pointer: "/x", MessageEN: "unknown field (check its spelling; --help lists the fields)"}, short(ErrorOf(err)))
}

// TestStayClaimErrorsPointIntoTheStay: an error of the claim file is at
// /claim/..., one of the episode it took from the stay at /episode/....
func TestStayClaimErrorsPointIntoTheStay(t *testing.T) {
	e := defaultEngine(t, WithTable(synthetic(t)))
	s := rsudStay(t)
	s.Claim.Documents = []string{"selfie"}
	_, err := e.Adjudicate(s)
	assert.Equal(t, "/claim/documents/0", ErrorOf(err).Pointer, ErrorOf(err).MessageEN)
	s = rsudStay(t)
	s.Episode.Referral.From = "pkm-nowhere"
	_, err = e.Adjudicate(s)
	assert.Equal(t, shortErr{Code: rules.CodeBadValue, Pointer: "/episode/referral/from", MessageEN: `unknown facility code "pkm-nowhere"`}, short(ErrorOf(err)))
	s.Claim.Episode = s.Episode
	_, err = e.Adjudicate(s)
	assert.Equal(t, "/claim/episode/referral/from", ErrorOf(err).Pointer)
}

// TestEngineConcurrent: one Engine decides stays from many goroutines at
// once (go test -race).
func TestEngineConcurrent(t *testing.T) {
	e := defaultEngine(t, WithTable(synthetic(t)))
	want, err := e.Decide(rsudStay(t))
	require.NoError(t, err)
	done := make(chan error, 8)
	for range 8 {
		go func() {
			s := rsudStay(t)
			var d Decision
			for range 20 {
				if err := e.DecideInto(&d, s); err != nil {
					done <- err
					return
				}
				if !d.Adjudication.Amounts.Payable.Equal(want.Adjudication.Amounts.Payable) {
					done <- assert.AnError
					return
				}
			}
			done <- nil
		}()
	}
	for range 8 {
		require.NoError(t, <-done)
	}
}

// TestGoValueOperations: the operations on Go values without a stay give
// the bare calls' answers, with the Engine's date and table.
func TestGoValueOperations(t *testing.T) {
	e := defaultEngine(t, WithTable(synthetic(t)), WithDate(rules.MustParseDate("2019-03-04")))
	s := rsudStay(t)
	d, err := e.Eligibility(&s.Facts, rules.Date{})
	require.NoError(t, err)
	bare, err := eligibility.Check(&s.Facts, rules.Default().At(rules.MustParseDate("2019-03-04")))
	require.NoError(t, err)
	assert.Equal(t, bare, d)
	_, err = defaultEngine(t).Eligibility(&s.Facts, rules.Date{})
	assert.Equal(t, shortErr{Code: rules.CodeMissing, Pointer: "/date", MessageEN: "required: the date of service"}, short(ErrorOf(err)))

	f := *s.Claim
	f.Hospital, f.Patient, f.Episode = "rsud-cam", s.Facts, s.Episode
	a, err := e.AdjudicateFile(&f)
	require.NoError(t, err)
	want, err := claim.Adjudicate(&f, rules.Default().At(rules.MustParseDate("2019-03-04")), synthetic(t))
	require.NoError(t, err)
	assert.Equal(t, want.Verdict, a.Verdict)
	assert.Equal(t, want.Amounts.Payable.String(), a.Amounts.Payable.String())
	f.Episode.Admission = time.Time{}
	_, err = e.AdjudicateFile(&f)
	assert.Equal(t, "/episode/admission", ErrorOf(err).Pointer)
}
