package eklaim

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
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

// TestBatchBadRecord: a record that does not read is a *claim.BatchError
// wrapping its field errors, counted among the Berita Acara's errors, and
// the batch goes on; a kode_tarif mismatch reaches the adjudication's notes.
func TestBatchBadRecord(t *testing.T) {
	rb := rules.Default()
	recs := monthRecords(t)
	bad := strings.Replace(string(recs[0]), `"nomor_sep":"SJP/2019/03/0001",`, ``, 2)
	if bad == string(recs[0]) {
		t.Fatal("the edit did not apply")
	}
	warn := strings.Replace(string(recs[1]), `"kode_tarif":"BP"`, `"kode_tarif":"CS"`, 1)
	in := bad + "\n" + warn + "\n" + string(bytes.Join(recs[2:], []byte("\n"))) + "\n"
	var errs, files int
	var notes []string
	rep, err := VerifyBatch(context.Background(), strings.NewReader(in), rb, claim.NewVerifier(rb, table(t)), nil,
		func(line int, a *claim.Adjudication, err error) error {
			if err != nil {
				errs++
				var be *claim.BatchError
				l, _ := fieldErrors(err)
				if !errors.As(err, &be) || be.Line != line || len(l) == 0 || l[0].Pointer != "/data/nomor_sep" {
					t.Errorf("line %d: %v", line, err)
				}
				return nil
			}
			files++
			if line == 2 {
				for _, n := range a.Notes {
					notes = append(notes, n.Code)
				}
			}
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	if errs != 1 || files != 5 || rep.BeritaAcara.Errors != 1 || rep.BeritaAcara.Files != 5 {
		t.Errorf("%d errors, %d files; Berita Acara %d errors, %d files", errs, files, rep.BeritaAcara.Errors, rep.BeritaAcara.Files)
	}
	if !slices.Contains(notes, CodeKodeTarifMismatch) {
		t.Errorf("notes of line 2: %v, want %s", notes, CodeKodeTarifMismatch)
	}
}

// TestREADMECategories keeps the README's table of the 18 categories in
// step with Categories.
func TestREADMECategories(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i := strings.Index(s, "| tarif_rs | bill category | tarif_rs | bill category |")
	if i < 0 {
		t.Fatal("README lacks the table of tarif_rs categories")
	}
	got := map[string]string{}
	for _, line := range strings.Split(s[i:], "\n")[2:] {
		if !strings.HasPrefix(line, "|") {
			break
		}
		cells := strings.Split(strings.Trim(line, "| "), "|")
		for k := 0; k+1 < len(cells); k += 2 {
			got[strings.Trim(cells[k], " `")] = strings.Trim(cells[k+1], " `")
		}
	}
	if len(got) != len(Categories) {
		t.Errorf("README lists %d categories, want %d", len(got), len(Categories))
	}
	for _, c := range Categories {
		if got[c.Name] != c.Bill {
			t.Errorf("README maps %s to %q, the code to %q", c.Name, got[c.Name], c.Bill)
		}
	}
}
