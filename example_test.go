package kartusehat_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/kartusehat/kartusehat"
	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
)

// A stay at admission: the patient's eligibility on the day of
// admission, and the pathway with what is owed by when.
func ExampleEngine_Admit() {
	eng, err := kartusehat.Default()
	if err != nil {
		panic(err)
	}
	nik := eligibility.MustParseNIK("3275014508900001")
	stay := kartusehat.Stay{
		Facts: eligibility.Facts{Person: eligibility.Person{NIK: nik, KK: "3275010101170001", KKCity: "3275",
			Registry: eligibility.Registry{Status: eligibility.Living}},
			Documents: eligibility.Documents{EKTP: &eligibility.EKTP{NIK: nik, Recorded: true}}},
		Episode: referral.Episode{Facility: "rsud-cam", CareType: referral.Inpatient,
			Admission: time.Date(2019, 3, 4, 10, 0, 0, 0, time.FixedZone("WIB", 7*3600)),
			Referral: &referral.Referral{From: "pkm-pekayon-jaya", Date: rules.MustParseDate("2019-03-04"),
				Reason: "medical", Kind: "full", Diagnosis: "K35.8"}},
	}
	d, err := eng.Admit(&stay)
	if err != nil {
		panic(err)
	}
	fmt.Println("eligible:", d.Eligibility.Eligible, d.Eligibility.Basis)
	fmt.Println("covered:", d.Assessment.Covered, d.Assessment.Payer)
	sjp, _ := d.Assessment.Deadline("sjp_inpatient")
	fmt.Println("SJP due:", sjp.Due.Format("2006-01-02 15:04"))

	// A bill for another hospital than the episode's is refused.
	stay.Billing = &tariff.Episode{Facility: "rs-ananda", INACBG: "K-1-17-I"}
	_, err = eng.Price(&stay)
	e := kartusehat.ErrorOf(err)
	fmt.Println(e.Code, e.Pointer)
	// Output:
	// eligible: true nik_resident
	// covered: true jamkesda
	// SJP due: 2019-03-08 23:59
	// inconsistent /billing/facility
}

// The JSON door: one raw input, as the CLI and the server take it.
func ExampleEngine_Do() {
	eng, err := kartusehat.Default()
	if err != nil {
		panic(err)
	}
	op, _ := kartusehat.OpNamed("claim")
	_, res, err := eng.Do(op, []byte(`{"service_end": "2019-03-20", "membership": "card", "documents": ["x-ray"]}`))
	fmt.Println(res, kartusehat.ErrorOf(err).Pointer, kartusehat.ErrorOf(err).Code)
	// Output:
	// <nil> /documents/0 bad_value
}

// A batch of JSON Lines, one answer line per input line, cut when the
// context is done.
func ExampleEngine_RunBatch() {
	eng, err := kartusehat.Default(kartusehat.WithDate(rules.MustParseDate("2019-03-04")))
	if err != nil {
		panic(err)
	}
	op, _ := kartusehat.OpNamed("eligibility")
	in := strings.NewReader(`{"id": "a", "facts": {"person": {"nik": "3275014508900001", "kk": "3275010101170001", "kk_city": "3275", "registry": {"status": "living"}}, "jkn": {"status": "pbi", "pbi_payer": "central"}}}
{"id": "b", "person": {}}
`)
	var out strings.Builder
	st, err := eng.RunBatch(context.Background(), op, in, &out, kartusehat.BatchOptions{Summary: os.Stdout})
	fmt.Println(st.OK, st.Failed, err)
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		fmt.Println(line[:min(len(line), 48)])
	}
	// Output:
	// kartusehat eligibility: 2 lines, 1 done, 1 with errors
	// 1 1 1 lines failed
	// {"line":1,"id":"a","result":{"eligible":false,"d
	// {"line":2,"id":"b","error":{"code":"missing","po
}
