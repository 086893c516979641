package vclaim

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/interop"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
)

type stay struct {
	ep    referral.Episode
	facts eligibility.Facts
}

// stays are the episodes of examples/testdata: the sample month's and the
// stay given as episode and facts (with an SJP number added, which the
// SEP needs; the Idul Fitri episode has no SJP at all, so no SEP).
func stays(t *testing.T) []stay {
	t.Helper()
	var out []stay
	month, err := os.ReadFile("../../examples/testdata/month-rsud-2019-03.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(month))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		f, err := claim.UnmarshalFile(sc.Bytes())
		if err != nil {
			t.Fatal(err)
		}
		ep := f.Episode
		ep.Facility, ep.PatientNIK = f.Hospital, f.Patient.Person.NIK
		out = append(out, stay{ep, f.Patient})
	}
	for _, name := range []string{"stay-rsud.json"} {
		data, err := os.ReadFile("../../examples/testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		var s struct {
			Episode referral.Episode  `json:"episode"`
			Facts   eligibility.Facts `json:"facts"`
		}
		if err := json.Unmarshal(data, &s); err != nil {
			t.Fatal(err)
		}
		s.Episode.SJP.Number = "SJP/" + name
		out = append(out, stay{s.Episode, s.Facts})
	}
	return out
}

// TestRoundTrip: every episode, sent as an SEP with its referral and read
// back, is assessed as the native episode is.
func TestRoundTrip(t *testing.T) {
	rb := rules.Default()
	for i, st := range stays(t) {
		in := FromEpisode(&st.ep)
		b, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Decode(b)
		if err != nil {
			t.Fatalf("stay %d: %v", i, err)
		}
		c, err := ToEpisode(back, rb)
		if err != nil {
			t.Fatalf("stay %d: %v", i, err)
		}
		s := rb.At(st.ep.ServiceDate())
		d, err := eligibility.Check(&st.facts, s)
		if err != nil {
			t.Fatal(err)
		}
		want, err := referral.Assess(&st.ep, &d, s)
		if err != nil {
			t.Fatal(err)
		}
		got, err := referral.Assess(&c.Episode, &d, s)
		if err != nil {
			t.Fatalf("stay %d: %v", i, err)
		}
		wj, _ := json.Marshal(want)
		gj, _ := json.Marshal(got)
		if string(wj) != string(gj) {
			t.Errorf("stay %d: from the SEP\n%s\nnative\n%s", i, gj, wj)
		}
		if len(c.Unmapped) != 0 {
			t.Errorf("stay %d: unmapped %v", i, c.Unmapped)
		}
	}
}

const sep = `{"t_sep":{"noSep":"SJP/2019/03/0001","noKartu":"3275014508900001","tglSep":"2019-03-04",
"ppkPelayanan":"rsud-cam","jnsPelayanan":"1","klsRawat":{"klsRawatHak":"3","klsRawatNaik":"","pembiayaan":"","penanggungJawab":""},
"noMR":"123456","rujukan":{"asalRujukan":"1","tglRujukan":"2019-03-04","noRujukan":"0114U1630319P000001","ppkRujukan":"pkm-pekayon-jaya"},
"catatan":"test","diagAwal":"J44.1","poli":{"tujuan":"INT","eksekutif":"0"},"cob":{"cob":"0"},"katarak":{"katarak":"0"},
"jaminan":{"lakaLantas":"0"},"dpjpLayan":"31574","noTelp":"081200000000","user":"rs"},
"jamkesda":{"admission":"2019-03-04T10:00:00+07:00","referral":{"reason":"medical","kind":"full","diagnosis":"J44.1"},
"sjp":{"nik":"3275014508900001","issued":"2019-03-04T15:00:00+07:00"}}}`

// TestSEPFields: the SEP's fields go where they belong, and those with no
// counterpart are listed, each with why.
func TestSEPFields(t *testing.T) {
	in, err := Decode([]byte(sep))
	if err != nil {
		t.Fatal(err)
	}
	c, err := ToEpisode(in, rules.Default())
	if err != nil {
		t.Fatal(err)
	}
	ep := c.Episode
	if ep.SJP.Number != "SJP/2019/03/0001" || ep.Facility != "rsud-cam" || ep.CareType != referral.Inpatient || ep.Class != 0 ||
		ep.Referral.From != "pkm-pekayon-jaya" || ep.Referral.Date != rules.MustParseDate("2019-03-04") ||
		strings.Join(ep.Diagnoses, ",") != "J44.1" || ep.PatientNIK.Digits() != "3275014508900001" || ep.OtherPayer != "" {
		t.Errorf("episode %+v", ep)
	}
	var got []string
	for _, u := range c.Unmapped {
		got = append(got, u.Pointer)
	}
	want := "/t_sep/rujukan/noRujukan /t_sep/noMR /t_sep/poli /t_sep/catatan /t_sep/cob /t_sep/katarak /t_sep/dpjpLayan /t_sep/noTelp /t_sep/user"
	if strings.Join(got, " ") != want {
		t.Errorf("unmapped\n%s\nwant\n%s", strings.Join(got, " "), want)
	}
	for _, tc := range []struct{ laka, want string }{{"1", "traffic_accident"}, {"2", "traffic_accident"}, {"3", "work_accident"}, {"0", ""}} {
		in, _ := Decode([]byte(strings.Replace(sep, `"lakaLantas":"0"`, `"lakaLantas":"`+tc.laka+`"`, 1)))
		c, err := ToEpisode(in, rules.Default())
		if err != nil || c.Episode.OtherPayer != tc.want {
			t.Errorf("lakaLantas %s: %q, %v; want %q", tc.laka, c.Episode.OtherPayer, err, tc.want)
		}
	}
}

// TestBadInput: faults are field errors with their pointers.
func TestBadInput(t *testing.T) {
	for _, tc := range []struct {
		name, old, new string
		code           interop.Code
		pointer        string
	}{
		{"missing SEP number", `"noSep":"SJP/2019/03/0001",`, ``, interop.CodeMissing, "/t_sep/noSep"},
		{"unknown facility", `"ppkPelayanan":"rsud-cam"`, `"ppkPelayanan":"0301R001"`, interop.CodeUnknownFacilty, "/t_sep/ppkPelayanan"},
		{"unknown referrer", `"ppkRujukan":"pkm-pekayon-jaya"`, `"ppkRujukan":"0114U163"`, interop.CodeUnknownFacilty, "/t_sep/rujukan/ppkRujukan"},
		{"referrer level", `"asalRujukan":"1"`, `"asalRujukan":"2"`, interop.CodeBadValue, "/t_sep/rujukan/asalRujukan"},
		{"care type", `"jnsPelayanan":"1"`, `"jnsPelayanan":"3"`, interop.CodeBadValue, "/t_sep/jnsPelayanan"},
		{"class", `"klsRawatHak":"3"`, `"klsRawatHak":"4"`, interop.CodeBadValue, "/t_sep/klsRawat"},
		{"SEP date", `"tglSep":"2019-03-04"`, `"tglSep":"2019-03-05"`, interop.CodeBadValue, "/t_sep/tglSep"},
		{"not a NIK", `"noKartu":"3275014508900001"`, `"noKartu":"0001234567890"`, interop.CodeBadValue, "/t_sep/noKartu"},
		{"accident", `"lakaLantas":"0"`, `"lakaLantas":"9"`, interop.CodeBadValue, "/t_sep/jaminan/lakaLantas"},
		{"unknown field", `"catatan":"test"`, `"catatn":"test"`, interop.CodeUnknownField, "/t_sep/catatn"},
		{"twice", `"admission":`, `"care_type":"inpatient","admission":`, interop.CodeBadValue, "/jamkesda/care_type"},
		{"no admission time", `"admission":"2019-03-04T10:00:00+07:00",`, ``, interop.CodeMissing, "/jamkesda/admission"},
		{"type", `"noSep":"SJP/2019/03/0001"`, `"noSep":12`, interop.CodeBadValue, "/t_sep/noSep"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(sep, tc.old, tc.new, 1)
			if src == sep {
				t.Fatal("the edit did not apply")
			}
			in, err := Decode([]byte(src))
			if err == nil {
				_, err = ToEpisode(in, rules.Default())
			}
			l, ok := fieldErrors(err)
			if !ok {
				t.Fatalf("err = %v", err)
			}
			found := false
			for _, e := range l {
				found = found || interop.CodeOf(e) == tc.code && e.Pointer == tc.pointer
			}
			if !found {
				t.Errorf("err = %v; want %s at %s", err, tc.code, tc.pointer)
			}
			if strings.Contains(err.Error(), "3275014508900001") {
				t.Error("a NIK in clear")
			}
		})
	}
}

// TestExample writes the first stay of the sample month as an SEP with
// its referral (examples/testdata/sep-rsud-2019-03-0001.json;
// KARTUSEHAT_UPDATE=1 rewrites it) and reads the file back to the
// native episode's assessment.
func TestExample(t *testing.T) {
	rb := rules.Default()
	st := stays(t)[0]
	in := FromEpisode(&st.ep)
	b, err := json.MarshalIndent(in, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	const path = "../../examples/testdata/sep-rsud-2019-03-0001.json"
	if os.Getenv("KARTUSEHAT_UPDATE") != "" {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(want, b) {
		t.Fatalf("%s is not what FromEpisode writes: run with KARTUSEHAT_UPDATE=1", path)
	}
	back, err := Decode(want)
	if err != nil {
		t.Fatal(err)
	}
	c, err := ToEpisode(back, rb)
	if err != nil {
		t.Fatal(err)
	}
	s := rb.At(st.ep.ServiceDate())
	d, err := eligibility.Check(&st.facts, s)
	if err != nil {
		t.Fatal(err)
	}
	a, err := referral.Assess(&c.Episode, &d, s)
	if err != nil {
		t.Fatal(err)
	}
	if a.Payer != referral.PayerJamkesda {
		t.Errorf("payer %q, want jamkesda", a.Payer)
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
