package eklaim

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
)

// table is the examples' synthetic INA-CBG table (made-up amounts).
func table(t testing.TB) *tariff.Table {
	t.Helper()
	f, err := os.Open("../../examples/testdata/inacbg-synthetic.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tb, err := tariff.LoadTable(f, "inacbg-synthetic.csv", "SYNTHETIC test table")
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

const nativeMonth = "../../examples/testdata/month-rsud-2019-03.jsonl"
const eklaimMonth = "../../examples/testdata/month-rsud-2019-03.eklaim.jsonl"

// monthAsEKlaim writes the native month as E-Klaim records, one a line.
func monthAsEKlaim(t testing.TB, rb *rules.Rulebook) []byte {
	t.Helper()
	data, err := os.ReadFile(nativeMonth)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		f, err := claim.UnmarshalFile(sc.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		rec, err := FromFile(f, rb)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		out.Write(b)
		out.WriteByte('\n')
	}
	return out.Bytes()
}

// TestMonthSameBeritaAcara is the acceptance of issue #19: the sample
// month given as E-Klaim records gives the same report (the Berita Acara
// Hasil Verifikasi, the schedules, the recaps, the duties) as the native
// month, and every file the same verdict and amounts.
func TestMonthSameBeritaAcara(t *testing.T) {
	rb := rules.Default()
	ek := monthAsEKlaim(t, rb)
	tb := table(t)
	if want, err := os.ReadFile(eklaimMonth); err != nil || !bytes.Equal(want, ek) {
		if os.Getenv("KARTUSEHAT_UPDATE") != "" {
			if err := os.WriteFile(eklaimMonth, ek, 0o644); err != nil {
				t.Fatal(err)
			}
		} else {
			t.Fatalf("%s is not the native month as E-Klaim records (err %v): run with KARTUSEHAT_UPDATE=1", filepath.Base(eklaimMonth), err)
		}
	}
	native, err := os.ReadFile(nativeMonth)
	if err != nil {
		t.Fatal(err)
	}
	type file struct {
		Verdict claim.FileVerdict
		Amounts string
		Reasons int
	}
	collect := func(files *[]file) func(int, *claim.Adjudication, error) error {
		return func(line int, a *claim.Adjudication, err error) error {
			if err != nil {
				t.Errorf("line %d: %v", line, err)
				return nil
			}
			b, _ := json.Marshal(a.Amounts)
			*files = append(*files, file{a.Verdict, string(b), len(a.Reasons)})
			return nil
		}
	}
	var nf, ef []file
	want, err := claim.VerifyBatch(context.Background(), bytes.NewReader(native), claim.NewVerifier(rb, tb), nil, collect(&nf))
	if err != nil {
		t.Fatal(err)
	}
	got, err := VerifyBatch(context.Background(), bytes.NewReader(ek), rb, claim.NewVerifier(rb, tb), nil, collect(&ef))
	if err != nil {
		t.Fatal(err)
	}
	wj, _ := json.Marshal(want)
	gj, _ := json.Marshal(got)
	if !bytes.Equal(wj, gj) {
		t.Errorf("report from E-Klaim records differs:\n got %s\nwant %s", gj, wj)
	}
	if len(nf) != 6 || len(ef) != len(nf) {
		t.Fatalf("%d native files, %d from E-Klaim; want 6 each", len(nf), len(ef))
	}
	for i := range nf {
		if nf[i] != ef[i] {
			t.Errorf("file %d: E-Klaim %+v, native %+v", i+1, ef[i], nf[i])
		}
	}
	if want.BeritaAcara.Files != 6 || want.BeritaAcara.Amounts.Claimed.IsZero() {
		t.Error("empty Berita Acara: the test cannot fail")
	}
}
