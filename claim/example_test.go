package claim_test

import (
	"context"
	"fmt"
	"os"
	"strings"

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

// stayLine is a claim file of a COPD stay in March 2019, as one line of
// JSON Lines: the file's id and the patient's NIK go in.
const stayLine = `{"id":"%s","hospital":"rsud-cam","membership":"card",` +
	`"patient":{"person":{"nik":"%[2]s","kk":"3275010101170001","kk_city":"3275","registry":{"status":"living"}},"jkn":{"status":"none"},` +
	`"documents":{"card":{"niks":["%[2]s"],"valid_through":"2019-12-31","activated":true},"ektp":{"nik":"%[2]s","recorded":true}}},` +
	`"episode":{"care_type":"inpatient","admission":"2019-03-04T10:00:00+07:00","discharge":"2019-03-09T11:00:00+07:00",` +
	`"referral":{"from":"pkm-pekayon-jaya","date":"2019-03-04","reason":"medical","kind":"full","diagnosis":"J44.1"},` +
	`"sjp":{"number":"SJP/2019/03/%[3]s","nik":"%[2]s","issued":"2019-03-04T15:00:00+07:00"},"back_referral_sent":true},` +
	`"principal":{"diagnosis":"J44.1"},"inacbg":"J-4-16-II",` +
	`"lines":[{"date":"2019-03-04","category":"room","description":"Kamar kelas III, 5 hari","quantity":5,"amount":"2500000"},` +
	`{"date":"2019-03-04","category":"drug","description":"Obat","amount":"3000000"}],` +
	`"documents":["ks_copy","ktp_copy","kk_copy","inpatient_letter","claim_letter","medical_resume","sjp_copy","inacbg_grouping","exam_results","cost_breakdown"],` +
	`"submitted":"2019-04-10"}` + "\n"

// A hospital's month verified as it is read: two claim files as JSON
// Lines, each adjudicated in order, then the Berita Acara's figures.
func ExampleVerifyBatch() {
	month := fmt.Sprintf(stayLine, "RSUD-2019-03-0001", "3275014508900001", "0001") +
		fmt.Sprintf(stayLine, "RSUD-2019-03-0002", "3275014508900002", "0002")
	v := claim.NewVerifier(rules.Default(), synthetic())
	r, err := claim.VerifyBatch(context.Background(), strings.NewReader(month), v, nil, func(line int, a *claim.Adjudication, err error) error {
		if err != nil {
			return err
		}
		fmt.Println("line", line, a.ID, a.Verdict, a.Amounts.Payable)
		return nil
	})
	if err != nil {
		panic(err)
	}
	ba := r.BeritaAcara
	fmt.Println("files:", ba.Files, "payable:", ba.Amounts.Payable)
	// Output:
	// line 1 RSUD-2019-03-0001 paid 5500000
	// line 2 RSUD-2019-03-0002 paid 5500000
	// files: 2 payable: 11000000
}

// A month's verification started with NewVerifier, under the embedded
// rulebook and a synthetic INA-CBG table; the files here are already
// decoded.
func ExampleNewVerifier() {
	var files []*claim.File
	for _, l := range []string{
		fmt.Sprintf(stayLine, "RSUD-2019-03-0001", "3275014508900001", "0001"),
		fmt.Sprintf(stayLine, "RSUD-2019-03-0002", "3275014508900002", "0002"),
	} {
		f, err := claim.UnmarshalFile([]byte(l))
		if err != nil {
			panic(err)
		}
		files = append(files, f)
	}
	v := claim.NewVerifier(rules.Default(), synthetic())
	i := 0
	err := v.VerifyFiles(context.Background(), func() (*claim.File, bool) {
		if i == len(files) {
			return nil, false
		}
		i++
		return files[i-1], true
	}, func(n int, a *claim.Adjudication, err error) error {
		return err
	})
	if err != nil {
		panic(err)
	}
	r, err := v.Report(nil)
	if err != nil {
		panic(err)
	}
	fmt.Println("files:", r.BeritaAcara.Files, "payable:", r.BeritaAcara.Amounts.Payable)
	// Output:
	// files: 2 payable: 11000000
}

// synthetic is the synthetic INA-CBG table of the examples' test data.
func synthetic() *tariff.Table {
	f, err := os.Open("../examples/testdata/inacbg-synthetic.csv")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	t, err := tariff.LoadTable(f, "inacbg-synthetic.csv", "SYNTHETIC test table")
	if err != nil {
		panic(err)
	}
	return t
}
