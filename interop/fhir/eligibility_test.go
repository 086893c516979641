package fhir

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/interop"
	"github.com/kartusehat/kartusehat/rules"
)

func cardHolder(t testing.TB) *eligibility.Facts {
	t.Helper()
	data, err := os.ReadFile("../../examples/testdata/facts-card-holder.json")
	if err != nil {
		t.Fatal(err)
	}
	f, err := eligibility.UnmarshalFacts(data)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestEligibilitySameDecision is the acceptance of issue #19: the request
// sent as FHIR gives the same decision as the native input, on the day
// Perda 9/2018 takes effect, the day before, and for a refused person; the
// answer validates against the FHIR R4 schema.
func TestEligibilitySameDecision(t *testing.T) {
	rb := rules.Default()
	native := cardHolder(t)
	died := cardHolder(t)
	died.Person.Registry = eligibility.Registry{Status: eligibility.Died, Date: rules.MustParseDate("2018-01-02")}
	pbi := cardHolder(t)
	pbi.JKN.Status, pbi.JKN.PBIPayer = eligibility.JKNPBI, "central"
	for _, tc := range []struct {
		name  string
		facts *eligibility.Facts
		on    string
	}{
		{"card holder", native, "2019-03-04"},
		{"card holder, Perda in force", native, "2018-10-01"},
		{"card holder, the day before", native, "2018-09-30"},
		{"died", died, "2019-03-04"},
		{"PBI", pbi, "2019-03-04"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			on := rules.MustParseDate(tc.on)
			want, err := eligibility.Check(tc.facts, rb.At(on))
			if err != nil {
				t.Fatal(err)
			}
			req, err := NewEligibilityRequest("req-1", tc.facts, on)
			if err != nil {
				t.Fatal(err)
			}
			validate(t, req)
			b, _ := json.Marshal(req)
			back, err := DecodeEligibilityRequest(b)
			if err != nil {
				t.Fatal(err)
			}
			f, d, err := EligibilityFacts(back)
			if err != nil {
				t.Fatal(err)
			}
			if d != on {
				t.Fatalf("date %s, want %s", d, on)
			}
			got, err := eligibility.Check(f, rb.At(d))
			if err != nil {
				t.Fatal(err)
			}
			gj, _ := json.Marshal(got)
			wj, _ := json.Marshal(want)
			if string(gj) != string(wj) {
				t.Errorf("decision from FHIR:\n%s\nnative:\n%s", gj, wj)
			}
			resp := EligibilityResponse(back, f, &got)
			validate(t, resp)
			if resp.Insurance[0].Inforce != want.Eligible {
				t.Errorf("inforce %v, eligible %v", resp.Insurance[0].Inforce, want.Eligible)
			}
			rs := Reasons(resp.Extension, ExtReason)
			if len(rs) != len(want.Reasons) {
				t.Fatalf("%d reasons, want %d", len(rs), len(want.Reasons))
			}
			for i := range rs {
				if rs[i] != want.Reasons[i] {
					t.Errorf("reason %d: %+v, want %+v", i, rs[i], want.Reasons[i])
				}
			}
			if ws := Reasons(resp.Extension, ExtWarning); len(ws) != len(want.Warnings) {
				t.Errorf("%d warnings, want %d", len(ws), len(want.Warnings))
			}
			if want.Eligible {
				if len(resp.Contained) != 1 || resp.Insurance[0].Coverage.Reference != "#coverage" {
					t.Errorf("no contained Coverage for a participant")
				}
				validate(t, NewCoverage(f.Person.NIK, &got))
			}
		})
	}
}

// TestEligibilityBadInput: a resource of another type, or one without the
// patient's NIK, is an error that renders as an OperationOutcome, with
// the place of the fault.
func TestEligibilityBadInput(t *testing.T) {
	req, err := NewEligibilityRequest("r", cardHolder(t), rules.MustParseDate("2019-03-04"))
	if err != nil {
		t.Fatal(err)
	}
	good, _ := json.Marshal(req)
	noNIK := strings.Replace(string(good), SystemNIK, "urn:other", 1)
	noNIK = strings.Replace(noNIK, `\"nik\":\"3275014508900001\",`, "", 1)
	for _, tc := range []struct {
		name, in       string
		code           interop.Code
		pointer, issue string
	}{
		{"wrong type", `{"resourceType":"Claim"}`, interop.CodeWrongResource, "/resourceType", "not-supported"},
		{"no type", `{"status":"active"}`, interop.CodeMissing, "/resourceType", "required"},
		{"no NIK", noNIK, interop.CodeNoPatientID, "/patient", "required"},
		{"no date", strings.Replace(string(good), `"servicedDate":"2019-03-04",`, "", 1), interop.CodeMissing, "/servicedDate", "required"},
		{"bad facts", strings.Replace(string(good), `jkn`, `jkm`, 1), interop.CodeBadValue, "/extension/0/valueString", "invalid"},
		{"missing contained", strings.Replace(string(good), `"#patient"`, `"#p2"`, 1), interop.CodeBadValue, "/patient/reference", "invalid"},
		{"not JSON", `{`, interop.CodeBadValue, "", "invalid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := DecodeEligibilityRequest([]byte(tc.in))
			if err == nil {
				_, _, err = EligibilityFacts(r)
			}
			var fe *rules.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a field error", err)
			}
			l, _ := fieldErrors(err)
			found := false
			for _, e := range l {
				found = found || interop.CodeOf(e) == tc.code && e.Pointer == tc.pointer
			}
			if !found {
				t.Errorf("err = %v; want %s at %q", err, tc.code, tc.pointer)
			}
			o := Outcome(err)
			validate(t, o)
			ok := false
			for _, is := range o.Issue {
				ok = ok || is.Code == tc.issue && is.Details.Coding[0].Code == string(tc.code)
			}
			if !ok {
				t.Errorf("outcome %+v has no issue %s/%s", o.Issue, tc.issue, tc.code)
			}
			if strings.Contains(err.Error(), "3275014508900001") {
				t.Error("the error shows a NIK in clear")
			}
		})
	}
}

// TestFHIRPath turns pointers into FHIRPath.
func TestFHIRPath(t *testing.T) {
	for in, want := range map[string]string{
		"/patient":                  "patient",
		"/contained/0/identifier":   "contained[0].identifier",
		"/extension/12/valueString": "extension[12].valueString",
		"/a~1b/c~0d":                "a/b.c~d",
	} {
		if got := FHIRPath(in); got != want {
			t.Errorf("FHIRPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestReasonCodeSystem: every package's codes, once, sorted; the resource
// validates.
func TestReasonCodeSystem(t *testing.T) {
	cs := ReasonCodeSystem()
	validate(t, cs)
	seen := map[string]bool{}
	for i, c := range cs.Concept {
		if seen[c.Code] || i > 0 && cs.Concept[i-1].Code > c.Code {
			t.Errorf("code %s repeated or out of order", c.Code)
		}
		seen[c.Code] = true
	}
	for _, l := range [][]string{eligibility.Codes(), {string(interop.CodeNoPatientID), "eklaim_kode_tarif_mismatch", "paid", "not_participant"}} {
		for _, c := range l {
			if !seen[c] {
				t.Errorf("code %s missing", c)
			}
		}
	}
	if cs.Count != len(cs.Concept) || cs.Count < 100 {
		t.Errorf("count %d, %d concepts", cs.Count, len(cs.Concept))
	}
	validate(t, Outcome(errors.New("boom")))
	validate(t, Outcome(nil))
}
