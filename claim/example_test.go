package claim_test

import (
	"fmt"
	"os"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
	"github.com/shopspring/decimal"
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

// A claim file adjudicated line by line: a COPD stay billed above its
// INA-CBG package, with milk on the bill (Juknis 440/Kep.21/2017 III item
// 7), which is denied on its own.
func ExampleAdjudicate() {
	data, err := os.ReadFile("../examples/testdata/claim-stay.json")
	if err != nil {
		panic(err)
	}
	f, err := claim.UnmarshalFile(data)
	if err != nil {
		panic(err)
	}
	f.Lines = append(f.Lines, claim.Line{Date: rules.MustParseDate("2019-03-06"), Category: "milk", Description: "Susu", Amount: decimal.NewFromInt(150000)})
	tf, err := os.Open("../examples/testdata/inacbg-synthetic.csv")
	if err != nil {
		panic(err)
	}
	defer tf.Close()
	table, err := tariff.LoadTable(tf, "inacbg-synthetic.csv", "SYNTHETIC test table")
	if err != nil {
		panic(err)
	}
	a, err := claim.Adjudicate(f, rules.Default().At(f.Episode.ServiceDate()), table)
	if err != nil {
		panic(err)
	}
	for _, l := range a.Lines {
		fmt.Printf("%d %-8s %8s -> %8s  %s\n", l.Line, l.Verdict, l.Claimed, l.Payable, l.Reasons[0].Code)
	}
	fmt.Println(a.Verdict, a.Amounts.Claimed, "=", a.Amounts.Payable, "+", a.Amounts.Reduced, "+", a.Amounts.Denied)
	// Output:
	// 1 reduced   2500000 ->  2444444  reduced_to_inacbg
	// 2 reduced   3000000 ->  2933333  reduced_to_inacbg
	// 3 reduced   1500000 ->  1466667  reduced_to_inacbg
	// 4 reduced   2000000 ->  1955556  reduced_to_inacbg
	// 5 denied     150000 ->        0  excluded_toiletries_milk
	// partly_paid 9150000 = 8800000 + 200000 + 150000
}
