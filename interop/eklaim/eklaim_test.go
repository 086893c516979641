package eklaim

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/interop"
	"github.com/kartusehat/kartusehat/rules"
)

// monthRecords are the E-Klaim records of the sample month, as JSON.
func monthRecords(t testing.TB) [][]byte {
	t.Helper()
	data, err := os.ReadFile(eklaimMonth)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		out = append(out, bytes.Clone(sc.Bytes()))
	}
	return out
}

// edit applies fn to the record decoded as a generic JSON object.
func edit(t *testing.T, rec []byte, fn func(m map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(rec, &m); err != nil {
		t.Fatal(err)
	}
	fn(m)
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func obj(m map[string]any, key string) map[string]any { return m[key].(map[string]any) }

// TestBadInput: each fault is a field error with a JSON Pointer into the
// record as given, and its code; nothing is guessed (issue #19 item 6).
func TestBadInput(t *testing.T) {
	rb := rules.Default()
	base := monthRecords(t)[0]
	for _, tc := range []struct {
		name    string
		fn      func(m map[string]any)
		raw     string
		code    interop.Code
		pointer string
	}{
		{"unknown category", func(m map[string]any) { obj(obj(m, "data"), "tarif_rs")["kamar_vip"] = "100" }, "", interop.CodeUnknownField, "/data/tarif_rs/kamar_vip"},
		{"missing SEP number", func(m map[string]any) { delete(obj(m, "data"), "nomor_sep") }, "", interop.CodeMissing, "/data/nomor_sep"},
		{"category not its rincian", func(m map[string]any) { obj(obj(m, "data"), "tarif_rs")["kamar"] = "2600000" }, "", interop.CodeTotalMismatch, "/data/tarif_rs/kamar"},
		{"categories not the total", func(m map[string]any) { obj(m, "jamkesda")["total"] = "9000001" }, "", interop.CodeTotalMismatch, "/data/tarif_rs"},
		{"unknown field", func(m map[string]any) { obj(m, "data")["nomor_kamar"] = "12" }, "", interop.CodeUnknownField, "/data/nomor_kamar"},
		{"fraction of a rupiah", func(m map[string]any) { obj(obj(m, "data"), "tarif_rs")["obat"] = "3000000.5" }, "", interop.CodeBadValue, "/data/tarif_rs/obat"},
		{"negative amount", func(m map[string]any) { obj(obj(m, "data"), "tarif_rs")["obat"] = -1 }, "", interop.CodeBadValue, "/data/tarif_rs/obat"},
		{"JKN payer", func(m map[string]any) { obj(m, "data")["payor_cd"] = "JKN"; obj(m, "data")["payor_id"] = "3" }, "", interop.CodeNotJamkesda, "/data/payor_cd"},
		{"no payer", func(m map[string]any) { delete(obj(m, "data"), "payor_cd") }, "", interop.CodeMissing, "/data/payor_id"},
		{"unknown kode_tarif", func(m map[string]any) { obj(m, "data")["kode_tarif"] = "XX" }, "", interop.CodeBadValue, "/data/kode_tarif"},
		{"care type", func(m map[string]any) { obj(m, "data")["jenis_rawat"] = "9" }, "", interop.CodeBadValue, "/data/jenis_rawat"},
		{"care type object", func(m map[string]any) { obj(m, "data")["jenis_rawat"] = map[string]any{} }, "", interop.CodeBadValue, "/data/jenis_rawat"},
		{"class", func(m map[string]any) { obj(m, "data")["kelas_rawat"] = "4" }, "", interop.CodeBadValue, "/data/kelas_rawat"},
		{"admission", func(m map[string]any) { obj(m, "data")["tgl_masuk"] = "04-03-2019" }, "", interop.CodeBadValue, "/data/tgl_masuk"},
		{"not a NIK", func(m map[string]any) { obj(m, "data")["nomor_kartu"] = "0001234" }, "", interop.CodeBadValue, "/data/nomor_kartu"},
		{"another NIK", func(m map[string]any) { obj(m, "data")["nomor_kartu"] = "3275014508900002" }, "", interop.CodeBadValue, "/data/nomor_kartu"},
		{"unknown kode RS", func(m map[string]any) { obj(m, "jamkesda")["kode_rs"] = "9999999" }, "", interop.CodeUnknownFacilty, "/jamkesda/kode_rs"},
		{"kode RS of another hospital", func(m map[string]any) { obj(m, "jamkesda")["kode_rs"] = "3275115" }, "", interop.CodeBadValue, "/jamkesda/kode_rs"},
		{"episode field twice", func(m map[string]any) { obj(obj(m, "jamkesda"), "episode")["care_type"] = "outpatient" }, "", interop.CodeBadValue, "/jamkesda/episode/care_type"},
		{"unknown rincian category", func(m map[string]any) {
			r := obj(obj(m, "jamkesda"), "rincian")
			r["kamar/vip"] = r["kamar"]
		}, "", interop.CodeUnknownField, "/jamkesda/rincian/kamar~1vip"},
		{"no supplement", func(m map[string]any) { delete(m, "jamkesda") }, "", interop.CodeMissing, "/jamkesda"},
		{"no data", nil, `{"metadata":{"method":"set_claim_data"}}`, interop.CodeMissing, "/data"},
		{"SEP numbers differ", func(m map[string]any) { obj(m, "metadata")["nomor_sep"] = "X" }, "", interop.CodeBadValue, "/metadata/nomor_sep"},
		{"not JSON", nil, `{"data":`, interop.CodeBadValue, ""},
		{"grouper field", func(m map[string]any) { obj(m, "grouper")["kelas_x"] = 1 }, "", interop.CodeUnknownField, "/grouper/kelas_x"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := []byte(tc.raw)
			if tc.fn != nil {
				in = edit(t, base, tc.fn)
			}
			rec, err := Decode(in)
			if err == nil {
				_, err = ToFile(rec, rb)
			}
			var fe *rules.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a field error", err)
			}
			if !errors.Is(err, interop.ErrInterop) {
				t.Errorf("err does not wrap ErrInterop")
			}
			l, _ := fieldErrors(err)
			found := false
			for _, e := range l {
				if interop.CodeOf(e) == tc.code && e.Pointer == tc.pointer {
					found = true
				}
				if e.Message == "" || e.MessageEN == "" {
					t.Errorf("%s: a message is empty", e.Pointer)
				}
			}
			if !found {
				t.Errorf("err = %v; want %s at %q", err, tc.code, tc.pointer)
			}
			if strings.Contains(err.Error(), "3275014508900001") {
				t.Errorf("the error shows a NIK in clear: %v", err)
			}
		})
	}
}

// TestCodesAsNumbers: some SIMRS send jenis_rawat, kelas_rawat and the
// amounts as JSON numbers; they read as the strings do.
func TestCodesAsNumbers(t *testing.T) {
	rb := rules.Default()
	base := monthRecords(t)[0]
	in := edit(t, base, func(m map[string]any) {
		d := obj(m, "data")
		d["jenis_rawat"], d["kelas_rawat"] = 1, 3
		obj(d, "tarif_rs")["kamar"] = 2500000
	})
	rec, err := Decode(in)
	if err != nil {
		t.Fatal(err)
	}
	c, err := ToFile(rec, rb)
	if err != nil {
		t.Fatal(err)
	}
	if c.File.Episode.CareType != "inpatient" || c.File.Episode.Class != 0 {
		t.Errorf("care type %q, class %d", c.File.Episode.CareType, c.File.Episode.Class)
	}
}

// TestUnmapped: the manual's fields with no counterpart are listed, with
// their place, never dropped in silence.
func TestUnmapped(t *testing.T) {
	rb := rules.Default()
	in := edit(t, monthRecords(t)[0], func(m map[string]any) {
		d := obj(m, "data")
		d["discharge_status"] = "1"
		d["cara_masuk"] = "gp"
		d["coder_nik"] = "3275014508900001"
		d["apgar"] = map[string]any{"menit_1": map[string]any{"pulse": 2}}
		obj(m, "grouper")["tariff"] = "4500000"
	})
	rec, err := Decode(in)
	if err != nil {
		t.Fatal(err)
	}
	c, err := ToFile(rec, rb)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, u := range c.Unmapped {
		got = append(got, u.Pointer)
		if u.Note == "" {
			t.Errorf("%s: no note", u.Pointer)
		}
	}
	want := "/grouper/tariff /data/discharge_status /data/cara_masuk /data/apgar /data/coder_nik"
	if strings.Join(got, " ") != want {
		t.Errorf("unmapped %v, want %s", got, want)
	}
	// The answer says them too.
	if ans := Write(c, &claim.Adjudication{}); !reflect.DeepEqual(ans.Unmapped, c.Unmapped) {
		t.Errorf("the answer's unmapped %v, want %v", ans.Unmapped, c.Unmapped)
	}
}

// TestRecognisePayor: the manual shows payor_id 3 with payor_cd JKN; a
// Jamkesda payer is recognised by its code, its id being the
// installation's.
func TestRecognisePayor(t *testing.T) {
	for _, tc := range []struct {
		id, cd string
		want   Payor
	}{
		{"3", "JKN", PayorJKN},
		{"3", "", PayorJKN},
		{"", "jkn", PayorJKN},
		{"5", "JAMKESDA", PayorJamkesda},
		{"12", "JAMKESDA_KOTA_BEKASI", PayorJamkesda},
		{"71", "COVID-19", PayorOther},
		{"73", "BAYI_BARU_LAHIR", PayorOther},
		{"5", "", PayorOther},
		{"", "", ""},
	} {
		if got := RecognisePayor(tc.id, tc.cd); got != tc.want {
			t.Errorf("RecognisePayor(%q, %q) = %q, want %q", tc.id, tc.cd, got, tc.want)
		}
	}
}

// TestKodeTarif: a kode_tarif that is not the rulebook's class for the
// hospital on the date of admission is a warning the verifier sees, cited
// by the source of the class; the rulebook's own class gives none.
func TestKodeTarif(t *testing.T) {
	rb := rules.Default()
	fac, _ := rb.Facility("rsud-cam")
	want, ref, ok := ExpectedKodeTarif(&fac, rules.MustParseDate("2019-03-04"))
	if !ok || want != "BP" || !strings.HasPrefix(ref, "Media Indonesia 2019-03-27") {
		t.Fatalf("ExpectedKodeTarif(rsud-cam) = %q, %q, %v; want BP from Media Indonesia 2019-03-27", want, ref, ok)
	}
	hermina, _ := rb.Facility("rs-hermina-bekasi")
	if code, ref, ok := ExpectedKodeTarif(&hermina, rules.MustParseDate("2026-02-01")); code != "BS" || !ok || !strings.HasPrefix(ref, "SIRS Kemenkes 2026-01-21") {
		t.Errorf("ExpectedKodeTarif(hermina, 2026) = %q, %q, %v", code, ref, ok)
	}
	for _, tc := range []struct {
		code  string
		warns []string
	}{
		{"BP", nil},
		{"CS", []string{CodeKodeTarifMismatch}},
		{"", nil},
	} {
		in := edit(t, monthRecords(t)[0], func(m map[string]any) { obj(m, "data")["kode_tarif"] = tc.code })
		rec, err := Decode(in)
		if err != nil {
			t.Fatal(err)
		}
		c, err := ToFile(rec, rb)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, w := range c.Warnings {
			got = append(got, w.Code)
			if w.Ref != ref {
				t.Errorf("%s: ref %q, want %q", tc.code, w.Ref, ref)
			}
		}
		if strings.Join(got, ",") != strings.Join(tc.warns, ",") {
			t.Errorf("kode_tarif %q: warnings %v, want %v", tc.code, got, tc.warns)
		}
	}
}

// TestRoundTripEveryStay: every stay of examples/testdata read natively
// and from its E-Klaim record gives the same adjudication, and the answer
// in E-Klaim's terms adds up to the adjudication's amounts.
func TestRoundTripEveryStay(t *testing.T) {
	rb := rules.Default()
	tb := table(t)
	var files []*claim.File
	for _, name := range []string{"claim-stay.json"} {
		data, err := os.ReadFile("../../examples/testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		f, err := claim.UnmarshalFile(data)
		if err != nil {
			t.Fatal(name, err)
		}
		files = append(files, f)
	}
	for _, rec := range monthRecords(t) {
		r, err := Decode(rec)
		if err != nil {
			t.Fatal(err)
		}
		c, err := ToFile(r, rb)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, &c.File)
	}
	for i, f := range files {
		rec, err := FromFile(f, rb)
		if err != nil {
			t.Fatalf("file %d: %v", i, err)
		}
		b, _ := json.Marshal(rec)
		back, err := Decode(b)
		if err != nil {
			t.Fatalf("file %d: %v", i, err)
		}
		c, err := ToFile(back, rb)
		if err != nil {
			t.Fatalf("file %d: %v", i, err)
		}
		want, err := claim.Adjudicate(f, rb.At(f.Episode.ServiceDate()), tb)
		if err != nil {
			t.Fatalf("file %d: %v", i, err)
		}
		got, err := claim.Adjudicate(&c.File, rb.At(c.File.Episode.ServiceDate()), tb)
		if err != nil {
			t.Fatalf("file %d: %v", i, err)
		}
		if got.Verdict != want.Verdict || !got.Amounts.Payable.Equal(want.Amounts.Payable) || !got.Amounts.Denied.Equal(want.Amounts.Denied) || len(got.Reasons) != len(want.Reasons) {
			t.Errorf("file %d: E-Klaim %s %v, native %s %v", i, got.Verdict, got.Amounts, want.Verdict, want.Amounts)
		}
		ans := Write(c, &got)
		sum := got.Amounts.Claimed.Sub(got.Amounts.Claimed)
		for _, ca := range append(ans.TarifRS, ans.SpecialCMG...) {
			sum = sum.Add(ca.Dibayar)
			if !ca.Diajukan.Equal(ca.Dibayar.Add(ca.Dikurang).Add(ca.Ditolak)) {
				t.Errorf("file %d %s: %s != %s + %s + %s", i, ca.Kategori, ca.Diajukan, ca.Dibayar, ca.Dikurang, ca.Ditolak)
			}
		}
		if !sum.Equal(got.Amounts.Payable) {
			t.Errorf("file %d: categories pay %s, the file %s", i, sum, got.Amounts.Payable)
		}
	}
}

// TestWriteAnswer: the adjudication of the second stay of the sample
// month in E-Klaim's terms. The package (INA-CBG J-4-16-II of the
// synthetic table) reduces every service category in proportion, and the
// milk in bmhp is denied: "susu ... tidak ditanggung" (Perwal 27.A/2017
// Ps.9(4)g; Juknis 440/Kep.21/2017 III item 7).
func TestWriteAnswer(t *testing.T) {
	rb := rules.Default()
	r, err := Decode(monthRecords(t)[1])
	if err != nil {
		t.Fatal(err)
	}
	c, err := ToFile(r, rb)
	if err != nil {
		t.Fatal(err)
	}
	a, err := claim.Adjudicate(&c.File, rb.At(c.File.Episode.ServiceDate()), table(t))
	if err != nil {
		t.Fatal(err)
	}
	ans := Write(c, &a)
	if ans.NomorSEP != "SJP/2019/03/0002" || ans.Verdict != claim.FilePartlyPaid {
		t.Errorf("SEP %q, verdict %q", ans.NomorSEP, ans.Verdict)
	}
	want := []struct {
		cat, status                string
		claimed, paid, red, denied string
		code                       string
	}{
		{"prosedur_non_bedah", StatusReduced, "2000000", "1955556", "44444", "0", "reduced_to_inacbg"},
		{"laboratorium", StatusReduced, "1500000", "1466667", "33333", "0", "reduced_to_inacbg"},
		{"kamar", StatusReduced, "2500000", "2444444", "55556", "0", "reduced_to_inacbg"},
		{"obat", StatusReduced, "3000000", "2933333", "66667", "0", "reduced_to_inacbg"},
		{"bmhp", StatusDenied, "150000", "0", "0", "150000", "excluded_toiletries_milk"},
	}
	if len(ans.TarifRS) != len(want) {
		t.Fatalf("%d categories, want %d", len(ans.TarifRS), len(want))
	}
	for i, w := range want {
		g := ans.TarifRS[i]
		got := []string{g.Kategori, g.Status, g.Diajukan.String(), g.Dibayar.String(), g.Dikurang.String(), g.Ditolak.String()}
		exp := []string{w.cat, w.status, w.claimed, w.paid, w.red, w.denied}
		if strings.Join(got, " ") != strings.Join(exp, " ") {
			t.Errorf("category %d: %v, want %v", i, got, exp)
		}
		if len(g.Alasan) != 1 || g.Alasan[0].Code != w.code || g.Alasan[0].Ref == "" || g.Alasan[0].ID == "" || g.Alasan[0].EN == "" {
			t.Errorf("%s: reasons %+v, want one %s with its citation", w.cat, g.Alasan, w.code)
		}
	}
	if ref := ans.TarifRS[4].Alasan[0].Ref; ref != "Perwal 27.A/2017 Ps.9(4)g; Juknis 440/Kep.21/2017 III item 7" {
		t.Errorf("milk cited %q", ref)
	}
}

// TestTarifFieldsOrder: the strict reader's fields are the manual's 18
// categories, in the order of Categories.
func TestTarifFieldsOrder(t *testing.T) {
	var f tarifFields
	all := f.all()
	rt := reflect.TypeOf(f)
	if rt.NumField() != len(Categories) {
		t.Fatalf("%d fields, %d categories", rt.NumField(), len(Categories))
	}
	for i := range Categories {
		if tag := rt.Field(i).Tag.Get("json"); tag != Categories[i].Name {
			t.Errorf("field %d is %s, category %s", i, tag, Categories[i].Name)
		}
		all[i].n = int64(i + 1)
	}
	b, _ := json.Marshal(map[string]string{"kamar": "7", "obat": "9"})
	var tr TarifRS
	if err := tr.UnmarshalJSON(b); err != nil || tr.Amount[10] != 7 || tr.Amount[12] != 9 || tr.Total() != 16 || !tr.Given[10] || tr.Given[0] {
		t.Errorf("tarif_rs %+v, %v", tr, err)
	}
}

// fieldErrors is every field error err holds, in order; ok is false when
// it holds none.
func fieldErrors(err error) (l []*rules.FieldError, ok bool) {
	var all *rules.FieldErrors
	if errors.As(err, &all) {
		return all.List, true
	}
	var fe *rules.FieldError
	if errors.As(err, &fe) {
		return []*rules.FieldError{fe}, true
	}
	return nil, false
}
