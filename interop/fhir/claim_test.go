package fhir

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/interop"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
)

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

// stays are every claim file of examples/testdata: the stay and the
// sample month.
func stays(t testing.TB) []*claim.File {
	t.Helper()
	var out []*claim.File
	data, err := os.ReadFile("../../examples/testdata/claim-stay.json")
	if err != nil {
		t.Fatal(err)
	}
	f, err := claim.UnmarshalFile(data)
	if err != nil {
		t.Fatal(err)
	}
	out = append(out, f)
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
		out = append(out, f)
	}
	return out
}

// TestClaimRoundTrip: every stay, sent as a FHIR Claim and read back,
// gives the same adjudication as the native file; the Claim and the
// ClaimResponse validate against the FHIR R4 schema, and the response's
// items and totals are the adjudication's.
func TestClaimRoundTrip(t *testing.T) {
	rb := rules.Default()
	tb := table(t)
	for i, f := range stays(t) {
		c, err := NewClaim(f, rb)
		if err != nil {
			t.Fatalf("stay %d: %v", i, err)
		}
		c.ID = "claim-" + string(rune('a'+i))
		validate(t, c)
		b, _ := json.Marshal(c)
		back, err := DecodeClaim(b)
		if err != nil {
			t.Fatal(err)
		}
		g, err := ClaimFile(back, rb)
		if err != nil {
			t.Fatalf("stay %d: %v", i, err)
		}
		want, err := claim.Adjudicate(f, rb.At(f.Episode.ServiceDate()), tb)
		if err != nil {
			t.Fatal(err)
		}
		got, err := claim.Adjudicate(g, rb.At(g.Episode.ServiceDate()), tb)
		if err != nil {
			t.Fatal(err)
		}
		wj, _ := json.Marshal(want)
		gj, _ := json.Marshal(got)
		if string(wj) != string(gj) {
			t.Errorf("stay %d: from FHIR\n%s\nnative\n%s", i, gj, wj)
		}
		resp := NewClaimResponse(back, g, &got)
		validate(t, resp)
		if len(resp.Item) != len(got.Lines) {
			t.Fatalf("%d items, %d lines", len(resp.Item), len(got.Lines))
		}
		for k, it := range resp.Item {
			lv := got.Lines[k]
			amt := map[string]string{}
			for _, a := range it.Adjudication {
				amt[a.Category.Coding[0].Code] = string(a.Amount.Value)
				if (a.Category.Coding[0].Code == "denied" || a.Category.Coding[0].Code == "reduced") && (a.Reason == nil || a.Reason.Coding[0].Code != lv.Reasons[0].Code) {
					t.Errorf("stay %d item %d: %s without the line's reason", i, k+1, a.Category.Coding[0].Code)
				}
			}
			if amt["submitted"] != lv.Claimed.String() || amt["benefit"] != lv.Payable.String() || amt["eligible"] != lv.Claimed.Sub(lv.Denied).String() {
				t.Errorf("stay %d item %d: %v, line %+v", i, k+1, amt, lv)
			}
			if !lv.Denied.IsZero() && amt["denied"] != lv.Denied.String() {
				t.Errorf("stay %d item %d: denied %s, want %s", i, k+1, amt["denied"], lv.Denied)
			}
		}
		if string(resp.Total[1].Amount.Value) != got.Amounts.Payable.String() {
			t.Errorf("stay %d: total benefit %s, payable %s", i, resp.Total[1].Amount.Value, got.Amounts.Payable)
		}
	}
}

// TestClaimResponseMilk: the milk line of the sample month's second stay
// is denied with its reason code, "susu ... tidak ditanggung" (Perwal
// 27.A/2017 Ps.9(4)g; Juknis 440/Kep.21/2017 III item 7).
func TestClaimResponseMilk(t *testing.T) {
	rb := rules.Default()
	f := stays(t)[2]
	c, err := NewClaim(f, rb)
	if err != nil {
		t.Fatal(err)
	}
	a, err := claim.Adjudicate(f, rb.At(f.Episode.ServiceDate()), table(t))
	if err != nil {
		t.Fatal(err)
	}
	r := NewClaimResponse(&c, f, &a)
	it := r.Item[4]
	last := it.Adjudication[len(it.Adjudication)-1]
	if last.Category.Coding[0].Code != "denied" || string(last.Amount.Value) != "150000" || last.Reason.Coding[0].Code != "excluded_toiletries_milk" {
		t.Errorf("milk item: %+v", it.Adjudication)
	}
	rs := Reasons(it.Extension, ExtReason)
	if len(rs) != 1 || rs[0].Ref != "Perwal 27.A/2017 Ps.9(4)g; Juknis 440/Kep.21/2017 III item 7" {
		t.Errorf("milk reasons %+v", rs)
	}
}

// TestClaimBadInput: another resource, no patient NIK, no hospital, an
// amount not in rupiah: field errors with their places, as OperationOutcome.
func TestClaimBadInput(t *testing.T) {
	rb := rules.Default()
	c, err := NewClaim(stays(t)[0], rb)
	if err != nil {
		t.Fatal(err)
	}
	good, _ := json.Marshal(c)
	for _, tc := range []struct {
		name, in string
		code     interop.Code
		pointer  string
	}{
		{"wrong type", `{"resourceType":"Patient"}`, interop.CodeWrongResource, "/resourceType"},
		{"no NIK", strings.Replace(strings.Replace(string(good), SystemNIK, "urn:x", 1), `\"nik\":\"3275014508900001\",`, "", 1), interop.CodeNoPatientID, "/patient"},
		{"no hospital", strings.Replace(string(good), SystemFacility, "urn:x", 1), interop.CodeMissing, "/provider/identifier"},
		{"unknown kode RS", strings.Replace(strings.Replace(string(good), SystemFacility, SystemKodeRS, 1), `"value":"rsud-cam"`, `"value":"9999999"`, 1), interop.CodeUnknownFacilty, "/provider/identifier/value"},
		{"dollars", strings.Replace(string(good), `"currency":"IDR"`, `"currency":"USD"`, 1), interop.CodeBadValue, "/item/0/net"},
		{"no care type", strings.Replace(string(good), SystemCareType, "urn:x", 1), interop.CodeMissing, "/subType"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cl, err := DecodeClaim([]byte(tc.in))
			if err == nil {
				_, err = ClaimFile(cl, rb)
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
			validate(t, Outcome(err))
		})
	}
}

func claimAdjudicate(f *claim.File, rb *rules.Rulebook, tb *tariff.Table) (claim.Adjudication, error) {
	return claim.Adjudicate(f, rb.At(f.Episode.ServiceDate()), tb)
}
