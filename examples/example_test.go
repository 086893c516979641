package examples_test

import (
	"fmt"
	"strings"

	"github.com/kartusehat/kartusehat/rules"
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
