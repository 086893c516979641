package examples_test

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
)

// A policy analyst compares the insidental discounts under the current
// rules and under a reform, without changing code.
func Example_reform() {
	base := rules.Default()
	reform, err := base.Overlay("reform.yaml", strings.NewReader(`
rulebook: {name: "Diskon seragam 15%"}
parameters:
  tariff:
    insidental:
      discount:
        type_b: {values: {2026-01-01: {value: 15, ref: "Rancangan Perwal 2025 Ps.1"}}}
        type_d: {values: {2026-01-01: {value: 15, ref: "Rancangan Perwal 2025 Ps.1"}}}
instruments:
  - {id: Rancangan Perwal 2025, level: perwal, title: "Rancangan Peraturan Wali Kota (diskon seragam)", in_force: 2026-01-01, ref: Rancangan Perwal 2025}
`))
	if err != nil {
		panic(err)
	}
	day := rules.MustParseDate("2026-11-23")
	for _, typ := range []string{"type_b", "type_c", "type_d"} {
		path := "tariff.insidental.discount." + typ
		now, _, _ := base.At(day).Percent(path)
		then, v, _ := reform.At(day).Percent(path)
		fmt.Printf("%s: %s%% -> %s%% (%s)\n", typ, now, then, v.Ref)
	}
	// Output:
	// type_b: 20% -> 15% (Rancangan Perwal 2025 Ps.1)
	// type_c: 15% -> 15% (Perwal 27.A/2017 Ps.7(1)b; Juknis 440/Kep.21/2017 IV.b.2.f, IV.d.2)
	// type_d: 10% -> 15% (Rancangan Perwal 2025 Ps.1)
}

// The whole desk-to-payment flow for one stay: eligibility at admission,
// the care pathway, and what Dinkes pays. The INA-CBG amounts come from a
// SYNTHETIC test table (round made-up numbers), not a tariff.
func Example_admissionToBill() {
	rb := rules.Default()
	nik := eligibility.MustParseNIK("3275014508900001")
	admission := time.Date(2019, 3, 4, 10, 0, 0, 0, time.FixedZone("WIB", 7*3600))
	today, err := rules.DateFromTime(admission)
	if err != nil {
		panic(err)
	}
	s := rb.At(today)

	// 1. Admission desk: is she a participant today?
	d, err := eligibility.Check(&eligibility.Facts{
		Person: eligibility.Person{NIK: nik, KK: "3275010101170001", KKCity: "3275",
			Registry: eligibility.Registry{Status: eligibility.Living}},
	}, s)
	if err != nil {
		panic(err)
	}
	fmt.Println("participant:", d.Eligible, d.Basis)

	// 2. The pathway: a puskesmas referral to the RSUD, SJP next morning.
	a, err := referral.Assess(&referral.Episode{
		PatientNIK: nik, Facility: "rsud-cam", CareType: referral.Inpatient, Admission: admission,
		Referral: &referral.Referral{From: "pkm-pekayon-jaya", Date: s.Date(), Reason: "medical", Kind: "full"},
		SJP:      &referral.SJP{NIK: nik, Issued: admission.Add(23 * time.Hour)}, BackReferralSent: true,
	}, &d, s)
	if err != nil {
		panic(err)
	}
	fmt.Println("covered:", a.Covered, "payer:", a.Payer)

	// 3. Discharge: what Dinkes pays.
	f, err := os.Open("testdata/inacbg-synthetic.csv")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	table, err := tariff.LoadTable(f, "inacbg-synthetic.csv", "SYNTHETIC test table")
	if err != nil {
		panic(err)
	}
	bill, err := tariff.Price(&tariff.Episode{Facility: "rsud-cam", CareType: referral.Inpatient, INACBG: "K-1-17-I",
		Items: []tariff.Item{{Kind: "ambulance", Tier: "city"}}}, &a, s, table)
	if err != nil {
		panic(err)
	}
	for _, l := range bill.Lines {
		fmt.Println(l.Kind, l.Amount())
	}
	fmt.Println("Dinkes pays", bill.TotalFor(referral.PayerJamkesda), "under revision", bill.Provenance.Revision == rb.Revision())
	// Output:
	// participant: true nik_resident
	// covered: true payer: jamkesda
	// inacbg 5500000
	// ambulance 200000
	// Dinkes pays 5700000 under revision true
}
