package claim

import (
	"testing"

	"github.com/kartusehat/kartusehat/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func check(t *testing.T, c *Claim) (Result, error) {
	t.Helper()
	return Check(c, rules.Default().At(c.ServiceEnd))
}

func codes(ds []Document) []string {
	out := []string{}
	for _, d := range ds {
		out = append(out, d.Code)
	}
	return out
}

var outpatientFile = []string{"ks_copy", "ktp_copy", "kk_copy", "claim_letter", "medical_resume", "sjp_copy", "inacbg_grouping", "exam_results", "cost_breakdown"}

func TestDocuments(t *testing.T) {
	tests := []struct {
		name     string
		claim    Claim
		required []string
		missing  []string
	}{
		// Perwal 27.A/2017 Ps.10(1)a and Ps.11(2)a; Juknis IV.c.1, V.1.
		{"a card holder's outpatient claim, complete",
			Claim{ServiceEnd: rules.MustParseDate("2019-03-04"), Membership: "card", Documents: outpatientFile},
			[]string{"ks_copy", "ktp_copy", "kk_copy", "claim_letter", "medical_resume", "sjp_copy", "inacbg_grouping", "exam_results", "cost_breakdown"},
			[]string{}},
		{"general copies stand for the specific ones",
			Claim{ServiceEnd: rules.MustParseDate("2019-03-04"), Membership: "card",
				Documents: []string{"membership_proof_copy", "ktp_kk_copy", "claim_letter", "medical_resume", "sjp_copy", "inacbg_grouping", "exam_results", "cost_breakdown"}},
			nil, []string{}},
		// Perwal Ps.10(1)b; Juknis IV.c.2.
		{"a Dinsos letter inpatient, the letter and the inpatient proof missing",
			Claim{ServiceEnd: rules.MustParseDate("2019-03-04"), Membership: "dinsos_letter", Inpatient: true,
				Documents: []string{"ktp_copy", "kk_copy", "claim_letter", "medical_resume", "sjp_copy", "inacbg_grouping", "exam_results", "cost_breakdown"}},
			[]string{"dinsos_letter", "ktp_copy", "kk_copy", "inpatient_letter", "claim_letter", "medical_resume", "sjp_copy", "inacbg_grouping", "exam_results", "cost_breakdown"},
			[]string{"dinsos_letter", "inpatient_letter"}},
		// Juknis IV.c.1.d, V.1.g, IV.b.2.g, o, p, h, q.
		{"an emergency insidental stay with special consumables, a device and a deposit",
			Claim{ServiceEnd: rules.MustParseDate("2019-03-04"), Membership: "card", Inpatient: true, Emergency: true,
				Insidental: true, AMHPKhusus: true, Device: true, Deposit: true,
				Documents: append(append([]string{}, outpatientFile...), "inpatient_letter", "igd_doctor_letter", "insidental_forms_1_5", "dinkes_action_approvals")},
			nil, []string{"dinkes_discharge_approval", "dinkes_amhp_approval", "medical_committee_director_approval", "deposit_report"}},
		// The insidental attachments the day the Perwal and the Juknis take
		// effect (2017-05-15; no claim rules the day before, see below).
		{"insidental approvals too, the day the Juknis takes effect",
			Claim{ServiceEnd: rules.MustParseDate("2017-05-15"), Membership: "card", Insidental: true,
				Documents: append(append([]string{}, outpatientFile...), "insidental_forms_1_5")},
			nil, []string{"dinkes_action_approvals", "dinkes_discharge_approval"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := check(t, &tt.claim)
			require.NoError(t, err)
			if tt.required != nil {
				assert.Equal(t, tt.required, codes(r.Required))
			}
			assert.Equal(t, tt.missing, codes(r.Missing))
			assert.Equal(t, len(tt.missing) == 0, r.Complete)
			for _, d := range r.Required {
				assert.NotEmpty(t, d.Ref, d.Code)
				assert.NotEmpty(t, d.ID, d.Code)
				assert.NotEqual(t, d.Code, d.EN, "every embedded document has a name")
			}
		})
	}
}

// TestTimeline: "satu bulan setelah selesai memberikan pelayanan ... paling
// lambat minggu kedua setiap bulannya"; verification by the fourth week;
// payment by the second week of the next month (Perwal Ps.11(2)b-d).
func TestTimeline(t *testing.T) {
	tests := []struct {
		end, submitted, month, due, verify, pay string
		late                                    bool
	}{
		{"2019-03-20", "2019-04-14", "2019-04", "2019-04-14", "2019-04-28", "2019-05-14", false},
		{"2019-03-20", "2019-04-15", "2019-04", "2019-04-14", "2019-04-28", "2019-05-14", true},
		{"2019-03-31", "", "2019-04", "2019-04-14", "2019-04-28", "2019-05-14", false},
		{"2018-12-31", "2019-01-10", "2019-01", "2019-01-14", "2019-01-28", "2019-02-14", false},
		{"2019-01-31", "2019-02-14", "2019-02", "2019-02-14", "2019-02-28", "2019-03-14", false},
	}
	for _, tt := range tests {
		c := &Claim{ServiceEnd: rules.MustParseDate(tt.end), Membership: "card", Documents: outpatientFile}
		if tt.submitted != "" {
			c.Submitted = rules.MustParseDate(tt.submitted)
		}
		r, err := check(t, c)
		require.NoError(t, err)
		tl := r.Timeline
		assert.Equal(t, tt.month, tl.SubmissionMonth, tt.end)
		assert.Equal(t, tt.due, tl.SubmissionDue.String(), tt.end)
		assert.Equal(t, tt.verify, tl.VerificationDue.String(), tt.end)
		assert.Equal(t, tt.pay, tl.PaymentDue.String(), tt.end)
		assert.Equal(t, tt.late, tl.Late, tt.end)
		assert.Contains(t, tl.Ref, "Perwal 27.A/2017 Ps.11(2)b")
	}
}

func TestCheckErrors(t *testing.T) {
	tests := []struct {
		name  string
		claim Claim
		field string
		msg   string
	}{
		{"no service end", Claim{Membership: "card"}, "/service_end", "required"},
		{"unknown membership", Claim{ServiceEnd: rules.MustParseDate("2019-03-04"), Membership: "bpjs"}, "/membership", `"bpjs"`},
		{"submitted before the service ended", Claim{ServiceEnd: rules.MustParseDate("2019-03-04"), Membership: "card", Submitted: rules.MustParseDate("2019-03-01")}, "/submitted", "before the service ended"},
		{"unknown document", Claim{ServiceEnd: rules.MustParseDate("2019-03-04"), Membership: "card", Documents: []string{"ks_copy", "selfie"}}, "/documents/1", `"selfie"`},
		{"consumables without an insidental case", Claim{ServiceEnd: rules.MustParseDate("2019-03-04"), Membership: "card", AMHPKhusus: true}, "/amhp_khusus", "insidental"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Check(&tt.claim, rules.Default().At(rules.MustParseDate("2019-03-04")))
			require.ErrorIs(t, err, ErrClaim)
			var fe *rules.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Pointer)
			assert.Contains(t, fe.MessageEN, tt.msg)
		})
	}
	_, err := Check(&Claim{ServiceEnd: rules.MustParseDate("2017-05-14"), Membership: "card"}, rules.Default().At(rules.MustParseDate("2017-05-14")))
	assert.ErrorContains(t, err, "do not say", "no claim rules before Perwal 27.A/2017")
	_, err = Check(&Claim{ServiceEnd: rules.MustParseDate("2019-03-04"), Membership: "card"}, rules.Default().At(rules.MustParseDate("2019-03-05")))
	assert.ErrorContains(t, err, "take the snapshot on the service end")
}
