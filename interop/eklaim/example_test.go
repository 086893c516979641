package eklaim_test

import (
	"bufio"
	"fmt"
	"os"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/interop/eklaim"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
)

// A stay as the hospital's E-Klaim holds it, decided and answered per
// tarif_rs category.
func Example() {
	rb := rules.Default()
	tf, _ := os.Open("../../examples/testdata/inacbg-synthetic.csv")
	defer tf.Close()
	table, _ := tariff.LoadTable(tf, "inacbg-synthetic.csv", "SYNTHETIC test table")

	f, _ := os.Open("../../examples/testdata/month-rsud-2019-03.eklaim.jsonl")
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	sc.Scan()
	sc.Scan() // the second stay of the month

	rec, err := eklaim.Decode(sc.Bytes())
	if err != nil {
		fmt.Println(err)
		return
	}
	conv, err := eklaim.ToFile(rec, rb)
	if err != nil {
		fmt.Println(err)
		return
	}
	adj, err := claim.Adjudicate(&conv.File, rb.At(conv.File.Episode.ServiceDate()), table)
	if err != nil {
		fmt.Println(err)
		return
	}
	ans := eklaim.Write(conv, &adj)
	fmt.Println(ans.NomorSEP, ans.Verdict)
	for _, c := range ans.TarifRS {
		fmt.Printf("%-18s %-7s %8s -> %8s %s\n", c.Kategori, c.Status, c.Diajukan, c.Dibayar, c.Alasan[0].Code)
	}
	// Output:
	// SJP/2019/03/0002 partly_paid
	// prosedur_non_bedah reduced  2000000 ->  1955556 reduced_to_inacbg
	// laboratorium       reduced  1500000 ->  1466667 reduced_to_inacbg
	// kamar              reduced  2500000 ->  2444444 reduced_to_inacbg
	// obat               reduced  3000000 ->  2933333 reduced_to_inacbg
	// bmhp               denied    150000 ->        0 excluded_toiletries_milk
}
