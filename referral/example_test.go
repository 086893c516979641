package referral_test

import (
	"fmt"
	"time"

	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
)

var wib = time.FixedZone("WIB", 7*3600)

// The admission desk, Friday 2019-05-31: a resident is admitted on a
// puskesmas referral. The clerk learns the stay is covered, and that the
// SJP (Juknis IV.b.2.c) and, since she came without her card, the card or
// other proof (Perda 9/2018 Ps.16(3)) are due by the end of Wednesday 12
// June: Idul Fitri 1440 and its cuti bersama fall in between.
func ExampleAssess_admissionDesk() {
	nik := eligibility.MustParseNIK("3275014508900001")
	s := rules.Default().At(rules.MustParseDate("2019-05-31"))
	d, err := eligibility.Check(&eligibility.Facts{
		Person: eligibility.Person{NIK: nik, KK: "3275010101170001", KKCity: "3275",
			Registry: eligibility.Registry{Status: eligibility.Living}},
	}, s)
	if err != nil {
		panic(err)
	}
	a, err := referral.Assess(&referral.Episode{
		PatientNIK: nik, Facility: "rs-ananda", CareType: referral.Inpatient,
		Admission: time.Date(2019, 5, 31, 10, 0, 0, 0, wib),
		Referral: &referral.Referral{From: "pkm-bekasi-jaya", Date: rules.MustParseDate("2019-05-31"),
			Reason: "medical", Kind: "full", Diagnosis: "K35.8"},
	}, &d, s)
	if err != nil {
		panic(err)
	}
	fmt.Println("covered:", a.Covered, "payer:", a.Payer)
	for _, dl := range a.Deadlines {
		fmt.Println(dl.Code, "due", dl.Due.Format("Mon 2006-01-02 15:04"), dl.Status, "-", dl.Ref)
	}
	for _, m := range a.Missing {
		fmt.Println("missing:", m.Code)
	}
	// Output:
	// covered: true payer: jamkesda
	// sjp_inpatient due Wed 2019-06-12 23:59 pending - Juknis 440/Kep.21/2017 IV.b.2.c
	// card_duty due Wed 2019-06-12 23:59 pending - Perda 9/2018 Ps.12(1), Ps.16(3), Ps.18c
	// missing: back_referral
	// missing: sjp_inpatient
	// missing: card_duty
}

// Dinkes at verification: the same stay, with the SJP issued on 13 June,
// a day after the deadline. The patient pays (Perda 9/2018 Ps.16(4)).
func ExampleAssess_verification() {
	nik := eligibility.MustParseNIK("3275014508900001")
	s := rules.Default().At(rules.MustParseDate("2019-05-31"))
	d, _ := eligibility.Check(&eligibility.Facts{
		Person: eligibility.Person{NIK: nik, KK: "3275010101170001", KKCity: "3275",
			Registry: eligibility.Registry{Status: eligibility.Living}},
	}, s)
	a, err := referral.Assess(&referral.Episode{
		PatientNIK: nik, Facility: "rs-ananda", CareType: referral.Inpatient,
		Admission: time.Date(2019, 5, 31, 10, 0, 0, 0, wib),
		Discharge: time.Date(2019, 6, 14, 11, 0, 0, 0, wib),
		Referral: &referral.Referral{From: "pkm-bekasi-jaya", Date: rules.MustParseDate("2019-05-31"),
			Reason: "medical", Kind: "full"},
		SJP:              &referral.SJP{NIK: nik, Issued: time.Date(2019, 6, 13, 9, 0, 0, 0, wib)},
		BackReferralSent: true,
	}, &d, s)
	if err != nil {
		panic(err)
	}
	fmt.Println("covered:", a.Covered, "payer:", a.Payer)
	fmt.Println(a.Reasons[0].Code, "-", a.Reasons[0].ID)
	// Output:
	// covered: false payer: patient
	// sjp_late - SJP dilengkapi setelah batas 3 x 24 jam hari kerja: pembiayaan secara mandiri.
}

// Dinkes at verification: a partner hospital refused a participant, and
// kept an inpatient's deposit off the bill. Both are reported as breaches;
// only the first breaks the Perda itself, so only it carries the Perda's
// administrative sanctions (Perda 9/2018 Ps.22(1)).
func ExampleAssess_breaches() {
	nik := eligibility.MustParseNIK("3275014508900001")
	s := rules.Default().At(rules.MustParseDate("2019-03-04"))
	d, _ := eligibility.Check(&eligibility.Facts{
		Person: eligibility.Person{NIK: nik, KK: "3275010101170001", KKCity: "3275",
			Registry: eligibility.Registry{Status: eligibility.Living}},
	}, s)
	admitted := time.Date(2019, 3, 4, 9, 0, 0, 0, wib)
	a, err := referral.Assess(&referral.Episode{
		PatientNIK: nik, Facility: "rs-ananda", CareType: referral.Inpatient, Admission: admitted,
		Referral: &referral.Referral{From: "pkm-bekasi-jaya", Date: rules.MustParseDate("2019-03-04"),
			Reason: "medical", Kind: "full"},
		SJP:             &referral.SJP{Issued: admitted},
		ProofHandedIn:   admitted.Add(2 * time.Hour),
		ProofKind:       "ks_nik",
		ProviderRefused: true,
		DepositPaid:     true,
	}, &d, s)
	if err != nil {
		panic(err)
	}
	for _, b := range a.Breaches {
		fmt.Println(b.Code, "-", b.Ref, "- sanctions:", b.Sanctions, b.SanctionRef)
	}
	// Output:
	// provider_refused_participant - Perda 9/2018 Ps.19(2), Ps.18c - sanctions: [oral_warning written_warning no_licence_recommendation partnership_terminated] Perda 9/2018 Ps.22(1)
	// deposit_not_on_bill - Juknis 440/Kep.21/2017 IV.b.2.q - sanctions: []
}
