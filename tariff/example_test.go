package tariff_test

import (
	"fmt"
	"strings"

	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
	"github.com/shopspring/decimal"
)

// An insidental (ICU) case at a private type C hospital in the city: the
// hospital's verified bill less 15 % (Perwal 27.A/2017 Ps.7(1)b). The
// hospital's type is not in the sources; the host supplies it with an
// overlay.
func ExamplePrice_insidental() {
	rb, err := rules.Default().Overlay("host-facilities.yaml", strings.NewReader(`
facilities:
  - {code: rs-ananda, name: RS Ananda, kind: hospital, level: 2, ownership: private, hospital_type: C,
     location: city, partner: [{from: 2017-01-01, ref: Host contract register}], ref: Host contract register}
instruments:
  - {id: Host contract register, level: record, title: The host's register of partnership contracts, published: 2017-01-01, ref: Host contract register}
`))
	if err != nil {
		panic(err)
	}
	s := rb.At(rules.MustParseDate("2019-03-04"))
	amount := func(s string) *decimal.Decimal { d := decimal.RequireFromString(s); return &d }
	bill, err := tariff.Price(&tariff.Episode{
		Facility: "rs-ananda", CareType: referral.Inpatient,
		Insidental: &tariff.Insidental{Services: []string{"icu"}, Lines: []tariff.HospitalLine{
			{Description: "ICU 4 hari", Amount: amount("10000000")},
			{Description: "Obat dan BMHP", Amount: amount("2500000")},
		}},
		Items: []tariff.Item{{Kind: "ambulance", Tier: "city"}},
	}, &referral.Assessment{Covered: true, Payer: referral.PayerJamkesda, Date: s.Date()}, s, nil)
	if err != nil {
		panic(err)
	}
	for _, l := range bill.Lines {
		fmt.Printf("%-16s %12s  %s\n", l.Kind, l.Amount(), l.Ref)
	}
	fmt.Println("Dinkes pays", bill.TotalFor(referral.PayerJamkesda))
	// Output:
	// hospital_tariff      10000000  Perwal 27.A/2017 Ps.7(1)b; Juknis 440/Kep.21/2017 IV.b.2.f, IV.d.2
	// hospital_tariff       2500000  Perwal 27.A/2017 Ps.7(1)b; Juknis 440/Kep.21/2017 IV.b.2.f, IV.d.2
	// discount             -1875000  Perwal 27.A/2017 Ps.7(1)b; Juknis 440/Kep.21/2017 IV.b.2.f, IV.d.2
	// ambulance              200000  Juknis 440/Kep.21/2017 IV.d.3
	// Dinkes pays 10825000
}

// Loading a full INA-CBG table, streaming, with errors by line.
func ExampleLoadTable() {
	_, err := tariff.LoadTable(strings.NewReader(`code,tariff_code,regional,class,care,amount
K-1-17-I,CS,1,3,inpatient,5000000
K-1-17-I,CS,1,2,inpatient,-6000000
`), "inacbg.csv", "Permenkes 64/2016")
	fmt.Println(err)
	// Output: inacbg.csv:3: negative amount -6000000
}
