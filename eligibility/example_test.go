package eligibility_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/rules"
)

// The admission desk: a resident comes to hospital on 2019-03-01 without
// her card. Under Perda 9/2018 she is a participant by her NIK; the clerk
// is told what to ask for, and why.
func ExampleCheck_admissionDesk() {
	facts, err := eligibility.DecodeFacts(strings.NewReader(`{
	  "person": {"nik": "3275014508900001", "kk": "3275010101170001", "kk_city": "3275",
	             "registry": {"status": "living"}},
	  "jkn": {"status": "none"}
	}`))
	if err != nil {
		panic(err)
	}
	d, err := eligibility.Check(facts, rules.Default().At(rules.MustParseDate("2019-03-01")))
	if err != nil {
		panic(err)
	}
	fmt.Println(d.Eligible, d.Basis, "under", d.Instrument)
	for _, r := range d.Reasons {
		fmt.Printf("%s: %s (%s)\n", r.Code, r.ID, r.Ref)
	}
	for _, w := range d.Warnings {
		fmt.Printf("! %s: %s\n", w.Code, w.EN)
	}
	// Output:
	// true nik_resident under Perda 9/2018
	// basis_nik_resident: Peserta sebagai penduduk Kota Bekasi yang terdaftar dalam data base kependudukan berbasis NIK, bukan peserta PBI. (Perda 9/2018 Ps.7(1), Ps.8(1))
	// ! card_to_follow: The participant must hand in the KS-NIK card or other proof within 3 x 24 working hours; the provider must still serve them.
	// ! rsud_accepts_ektp_kk: RSUD Kota Bekasi treats residents on e-KTP and KK alone.
}

// A PBI member of JKN is not a participant from the day Perda 9/2018 takes
// effect.
func ExampleCheck_pbiExclusion() {
	f := &eligibility.Facts{
		Person: eligibility.Person{NIK: eligibility.MustParseNIK("3275011203850002"), KK: "3275010101170001",
			KKCity: "3275", Registry: eligibility.Registry{Status: eligibility.Living}},
		JKN: eligibility.JKN{Status: eligibility.JKNPBI, PBIPayer: "central"},
		Documents: eligibility.Documents{
			Card: &eligibility.Card{NIKs: []eligibility.NIK{eligibility.MustParseNIK("3275011203850002")},
				ValidThrough: rules.MustParseDate("2018-12-31"), Activated: true},
			EKTP: &eligibility.EKTP{NIK: eligibility.MustParseNIK("3275011203850002"), Recorded: true},
		},
	}
	for _, day := range []string{"2018-08-22", "2018-08-23"} {
		d, _ := eligibility.Check(f, rules.Default().At(rules.MustParseDate(day)))
		fmt.Println(day, d.Eligible, d.Reasons[0].Code, "-", d.Reasons[0].Ref)
	}
	// Output:
	// 2018-08-22 false pbi_member - Dakta 2018-06-08 (JKN aktif)
	// 2018-08-23 false pbi_member - Perda 9/2018 Ps.7(1), Ps.14(5)
}

// A NIK prints masked; the full number needs an explicit call.
func ExampleNIK() {
	n, err := eligibility.ParseNIK("3275014508900001")
	if err != nil {
		panic(err)
	}
	born, _ := n.BirthDate(rules.MustParseDate("2019-03-01"))
	fmt.Println(n, n.Regency(), n.Sex(), born)
	_, err = eligibility.ParseNIK("327501450890000")
	fmt.Println(err)
	// Output:
	// 3275**********01 3275 female 1990-08-05
	// malformed NIK "3275*********00" (15 characters): length: a NIK has 16 digits
}

// Dinkes reconciles the participant list between two monthly registry
// extracts (rekonsiliasi, Perda 9/2018 Ps.10).
func ExampleReconcile() {
	prev, _ := eligibility.NewExtractReader(strings.NewReader(`nik,status
3275011203850002,resident
3275014508900001,resident
`), eligibility.CSV, "2019-01.csv")
	cur, _ := eligibility.NewExtractReader(strings.NewReader(`nik,status,date
3275011203850002,died,2019-02-03
3275012010190003,born,2019-02-10
3275014508900001,resident,
`), eligibility.CSV, "2019-02.csv")
	sum, err := eligibility.Reconcile(context.Background(), rules.Default().At(rules.MustParseDate("2019-02-28")), prev, cur, func(c eligibility.Change) error {
		fmt.Println(c.Kind, c.NIK, c.Reason, c.Date, "-", c.Ref)
		return nil
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(sum.Added, "added,", sum.Removed, "removed,", sum.Unchanged, "unchanged")
	// Output:
	// removed 3275**********02 died 2019-02-03 - Perda 9/2018 Ps.10(2)
	// added 3275**********03 born 2019-02-10 - Perda 9/2018 Ps.10(3), Ps.7(1)-(2)
	// 1 added, 1 removed, 1 unchanged
}
