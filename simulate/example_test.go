package simulate_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/simulate"
)

// A policy analyst asks what dropping the puskesmas referral again would
// have changed in 2019, on a tenth of the city: more claims paid and more
// people treated, while the people covered stay the same (the referral is
// a rule of the pathway, not of who is a participant).
func ExampleRun() {
	base := rules.Default()
	reform, err := base.Overlay("reform.yaml", strings.NewReader(`
rulebook: {name: "Rujukan puskesmas tidak wajib"}
parameters:
  referral:
    puskesmas_referral_required:
      values: {2019-01-01: {value: false, ref: "Skenario Rujukan 2019 Ps.16(1)"}}
instruments:
  - {id: "Skenario Rujukan 2019", level: perda, title: "Skenario simulasi (hipotetis)", in_force: 2019-01-01, ref: "Skenario Rujukan 2019"}
`))
	if err != nil {
		panic(err)
	}
	c, err := simulate.Run(context.Background(), simulate.Config{Year: 2019, Seed: 1, Baseline: base, Reform: reform, Scale: 100})
	if err != nil {
		panic(err)
	}
	fmt.Println("encounters:", c.Encounters)
	fmt.Println("refused for want of a referral:", c.Baseline.Refusals["referral.referral_missing"].Encounters, "->",
		c.Reform.Refusals["referral.referral_missing"].Encounters)
	fmt.Println("more claims paid:", c.Difference.Total.Paid)
	fmt.Println("cost to Jamkesda rises:", c.Difference.Total.Cost > 0)
	fmt.Println("people treated:", c.Baseline.People.Treated, "->", c.Reform.People.Treated)
	fmt.Println("people covered on 1 July:", c.Baseline.People.Covered, "->", c.Reform.People.Covered)
	// Output:
	// encounters: 129928
	// refused for want of a referral: 3878 -> 0
	// more claims paid: 3730
	// cost to Jamkesda rises: true
	// people treated: 8782 -> 9126
	// people covered on 1 July: 138863 -> 138863
}
