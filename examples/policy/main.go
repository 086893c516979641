// Command policy compares a year of the city under today's rules and
// under a reform, in a few lines of Go: the reform is a rulebook overlay.
//
//	go run ./examples/policy
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/simulate"
)

// The reform: active JKN members covered, the literal reading of
// Perda 9/2018 Ps.7(1) (also in examples/reforms/jkn-active-covered.yaml).
const reform = `
rulebook: {name: "Peserta JKN aktif ditanggung"}
parameters:
  participants:
    jkn_active_non_pbi_covered:
      values: {2019-01-01: {value: true, ref: "Skenario JKN 2019 Ps.1"}}
instruments:
  - {id: "Skenario JKN 2019", level: perwal, title: "Rancangan Perwal (skenario simulasi, hipotetis)", in_force: 2019-01-01, ref: "Skenario JKN 2019"}
`

func main() {
	if err := run(os.Stdout, 100); err != nil {
		fmt.Fprintln(os.Stderr, "policy:", err)
		os.Exit(1)
	}
}

// run simulates 2019 at scale per mille of the city's volume.
func run(w io.Writer, scale int64) error {
	base := rules.Default()
	ref, err := base.Overlay("reform.yaml", strings.NewReader(reform))
	if err != nil {
		return err
	}
	c, err := simulate.Run(context.Background(), simulate.Config{Year: 2019, Seed: 1, Baseline: base, Reform: ref, Scale: scale})
	if err != nil {
		return err
	}
	b, r, d := c.Baseline.Total, c.Reform.Total, c.Difference.Total
	fmt.Fprintf(w, "2019, %d encounters (%d per mille of the city; %s)\n", c.Encounters, scale, c.Table)
	fmt.Fprintf(w, "baseline  %-30s paid %7d  Rp %16d\n", c.Baseline.Rulebook, b.Paid, b.Cost)
	fmt.Fprintf(w, "reform    %-30s paid %7d  Rp %16d\n", c.Reform.Rulebook, r.Paid, r.Cost)
	fmt.Fprintf(w, "difference%-30s paid %+7d  Rp %+16d (%+.1f %%)\n", "", d.Paid, d.Cost, 100*float64(d.Cost)/float64(b.Cost))
	fmt.Fprintf(w, "refused as active JKN members: %d -> %d\n",
		c.Baseline.Refusals["eligibility.jkn_active_member"].Encounters, c.Reform.Refusals["eligibility.jkn_active_member"].Encounters)
	return nil
}
