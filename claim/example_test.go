package claim_test

import (
	"fmt"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/rules"
)

// At discharge: is the claim file of an insidental stay complete, and by
// when must it reach Dinkes?
func ExampleCheck() {
	end := rules.MustParseDate("2019-03-20")
	r, err := claim.Check(&claim.Claim{
		ServiceEnd: end, Membership: "card", Inpatient: true, Insidental: true,
		Documents: []string{"ks_copy", "ktp_copy", "kk_copy", "inpatient_letter", "claim_letter", "medical_resume",
			"sjp_copy", "inacbg_grouping", "exam_results", "cost_breakdown", "insidental_forms_1_5", "dinkes_action_approvals"},
	}, rules.Default().At(end))
	if err != nil {
		panic(err)
	}
	fmt.Println("complete:", r.Complete)
	for _, d := range r.Missing {
		fmt.Printf("missing: %s (%s)\n", d.ID, d.Ref)
	}
	fmt.Println("submit by", r.Timeline.SubmissionDue, "- verified by", r.Timeline.VerificationDue, "- paid by", r.Timeline.PaymentDue)
	// Output:
	// complete: false
	// missing: Pengesahan kepulangan pasien dari Dinas Kesehatan (Juknis 440/Kep.21/2017 V.1.g, IV.b.2.g, IV.b.2.o)
	// submit by 2019-04-14 - verified by 2019-04-28 - paid by 2019-05-14
}
