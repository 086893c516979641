package rules_test

import (
	"fmt"
	"os"
	"strings"

	"github.com/kartusehat/kartusehat/rules"
)

// The embedded Kota Bekasi rulebook, as in force on a date of service.
func Example() {
	s := rules.Default().At(rules.MustParseDate("2019-03-01"))

	fee, v, err := s.Amount("tariff.ambulance.city")
	if err != nil {
		panic(err)
	}
	fmt.Println("ambulance in the city: Rp", fee, "-", v.Ref)

	g, _ := s.Governing()
	fmt.Println("governing instrument:", g.Short)
	// Output:
	// ambulance in the city: Rp 200000 - Juknis 440/Kep.21/2017 IV.d.3
	// governing instrument: Perda 9/2018
}

// A value changes on the day its instrument takes effect.
func ExampleSnapshot_Bool() {
	rb := rules.Default()
	for _, day := range []string{"2018-08-22", "2018-08-23"} {
		req, v, _ := rb.At(rules.MustParseDate(day)).Bool("referral.puskesmas_referral_required")
		fmt.Printf("%s: puskesmas referral required = %v (%s)\n", day, req, v.Ref)
	}
	// Output:
	// 2018-08-22: puskesmas referral required = false (Jannah 2019 app. B (interview BV); Jannah 2019 app. B (interview F))
	// 2018-08-23: puskesmas referral required = true (Perda 9/2018 Ps.16(1)-(2))
}

// The SJP deadline of an inpatient admitted on Friday 2019-05-31, across
// Idul Fitri 1440 and its cuti bersama: "3 x 24 jam hari kerja".
func ExampleCalendar_AddWorkingDays() {
	cal := rules.Default().Calendar()
	deadline, err := cal.AddWorkingDays(rules.MustParseDate("2019-05-31"), 3)
	if err != nil {
		panic(err)
	}
	fmt.Println(deadline, deadline.Weekday())
	// Output: 2019-06-12 Wednesday
}

// A policy analyst's reform: a 25 % discount for type B hospitals from
// 2027, as an overlay. The base rulebook is unchanged.
func ExampleRulebook_Overlay() {
	base := rules.Default()
	reform, err := base.Overlay("reform.yaml", strings.NewReader(`
rulebook:
  name: Diskon 25% untuk RS tipe B
parameters:
  tariff:
    insidental:
      discount:
        type_b:
          values:
            2027-01-01: {value: 25, ref: "Rancangan Perwal 2026 Ps.1"}
holidays:
  2027:
    ref: SKB 2027 (draft)
    days: [{date: 2027-01-01, name: Tahun Baru, kind: libur_nasional}]
instruments:
  # Every ref names a source of the table: an overlay adds its own.
  - {id: Rancangan Perwal 2026, level: perwal, title: Rancangan Peraturan Wali Kota, in_force: 2027-01-01, ref: Rancangan Perwal 2026}
  - {id: SKB 2027, level: keputusan_bersama, title: Keputusan Bersama tentang Hari Libur Nasional dan Cuti Bersama Tahun 2027, in_force: 2026-09-01, ref: SKB 2027}
`))
	if err != nil {
		panic(err)
	}
	d := rules.MustParseDate("2027-03-01")
	b, _, _ := base.At(d).Percent("tariff.insidental.discount.type_b")
	r, _, _ := reform.At(d).Percent("tariff.insidental.discount.type_b")
	fmt.Println("base:", b, "reform:", r, "same revision:", base.Revision() == reform.Revision())
	// Output: base: 20 reform: 25 same revision: false
}

// A typo in a rulebook file is an error with its file and line.
func ExampleParse_error() {
	_, err := rules.Parse("tariff.yaml", strings.NewReader(`rulebook: {name: x}
parameters:
  ambulance:
    type: amount
    valeus:
      2017-05-15: {value: 250000, ref: Juknis IV.d.3}
`))
	fmt.Println(err)
	// Output:
	// tariff.yaml:5:5: ambulance: unknown key "valeus" (allowed: description, type, options, ambiguity, values)
}

// A rulebook loaded from its directory: here the Kota Bekasi files this
// package embeds (rules.DefaultFS gives the same files), read from disk
// as a host reads its own copy.
func ExampleLoad() {
	rb, err := rules.Load(os.DirFS("kotabekasi"))
	if err != nil {
		panic(err)
	}
	fmt.Println(rb.Name())
	fee, v, err := rb.At(rules.MustParseDate("2019-03-01")).Amount("tariff.ambulance.city")
	if err != nil {
		panic(err)
	}
	fmt.Println("ambulance in the city on 2019-03-01: Rp", fee, "-", v.Ref)
	// Output:
	// Kota Bekasi Jamkesda (KS-NIK)
	// ambulance in the city on 2019-03-01: Rp 200000 - Juknis 440/Kep.21/2017 IV.d.3
}
