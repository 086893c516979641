package fhir

import (
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/interop"
	"github.com/kartusehat/kartusehat/rules"
)

// withElements adds the JSON members extra (`"k": v, ...`) to the object
// obj at its top level.
func withElements(t *testing.T, obj []byte, extra string) []byte {
	t.Helper()
	s := strings.TrimSpace(string(obj))
	if !strings.HasSuffix(s, "}") {
		t.Fatal("not an object")
	}
	return []byte(s[:len(s)-1] + ", " + extra + "}")
}

func faultsOf(t *testing.T, err error) []rules.FieldError {
	t.Helper()
	l, ok := fieldErrors(err)
	if !ok {
		t.Fatalf("error %v is not the field errors", err)
	}
	out := make([]rules.FieldError, len(l))
	for i, e := range l {
		out[i] = *e
	}
	return out
}

// TestEligibilityElements: an R4 element the reader does not read is
// listed (and answered as an unmapped extension, the answer still valid
// R4), an extension it does not know too; an element R4 does not have is
// refused at its place, and so is a modifier.
func TestEligibilityElements(t *testing.T) {
	req, err := os.ReadFile("../../examples/testdata/eligibility-request.fhir.json")
	if err != nil {
		t.Fatal(err)
	}
	r, err := DecodeEligibilityRequest(req)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Unmapped()) != 0 {
		t.Fatalf("the example has unmapped elements: %v", r.Unmapped())
	}
	in := withElements(t, req, `"meta": {"profile": ["x"]}, "identifier": [{"value": "q-1"}], "_servicedDate": {"id": "d"}, `+
		`"te\u0078t": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\">a \"}\" b</div>"}`)
	in = []byte(strings.Replace(string(in), `"extension": [`, `"extension": [{"url": "urn:x", "valueString": "y"}, `, 1))
	r, err = DecodeEligibilityRequest(in)
	if err != nil {
		t.Fatal(err)
	}
	want := []interop.Unmapped{
		{Pointer: "/meta", Note: noteMeta},
		{Pointer: "/identifier", Note: "the request's business identifier: not part of the decision"},
		{Pointer: "/_servicedDate", Note: "the extension or id of a primitive element: not read"},
		{Pointer: "/text", Note: noteNarrative},
		{Pointer: "/extension/0", Note: "an extension this reader does not know (urn:x)"},
	}
	if !reflect.DeepEqual(r.Unmapped(), want) {
		t.Errorf("unmapped\n got %v\nwant %v", r.Unmapped(), want)
	}
	f, on, err := EligibilityFacts(r)
	if err != nil {
		t.Fatal(err)
	}
	d, err := eligibility.Check(f, rules.Default().At(on))
	if err != nil {
		t.Fatal(err)
	}
	resp := EligibilityResponse(r, f, &d)
	validate(t, resp)
	var got []string
	for _, e := range resp.Extension {
		if e.URL == ExtUnmapped {
			got = append(got, e.ValueString)
		}
	}
	if len(got) != 5 || got[0] != "/meta: "+noteMeta || got[4] != "/extension/0: an extension this reader does not know (urn:x)" {
		t.Errorf("the answer's unmapped extensions: %q", got)
	}

	for _, tc := range []struct {
		extra string
		want  []rules.FieldError
	}{
		{`"bogus": 1`, []rules.FieldError{{Code: interop.CodeUnknownField.ErrorCode(), Kind: interop.CodeUnknownField, Pointer: "/bogus",
			Message: "bogus bukan elemen CoverageEligibilityRequest FHIR R4.", MessageEN: "bogus is not an element of the FHIR R4 CoverageEligibilityRequest."}}},
		{`"modifierExtension": [{"url": "urn:m", "valueBoolean": true}], "implicitRules": "urn:r"`, []rules.FieldError{
			{Code: interop.CodeBadValue.ErrorCode(), Kind: interop.CodeBadValue, Pointer: "/modifierExtension", Message: "modifierExtension tidak dipahami pembaca ini: sumber daya ditolak.",
				MessageEN: "modifierExtension is not understood by this reader: the resource is refused, as FHIR asks of a modifier."},
			{Code: interop.CodeBadValue.ErrorCode(), Kind: interop.CodeBadValue, Pointer: "/implicitRules", Message: "implicitRules tidak dipahami pembaca ini: sumber daya ditolak.",
				MessageEN: "implicitRules is not understood by this reader: the resource is refused, as FHIR asks of a modifier."}}},
	} {
		_, err := DecodeEligibilityRequest(withElements(t, req, tc.extra))
		if got := faultsOf(t, err); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.extra, got, tc.want)
		}
	}
}

// TestClaimElements: the same for a Claim and its items.
func TestClaimElements(t *testing.T) {
	data, err := os.ReadFile("../../examples/testdata/claim-stay.fhir.json")
	if err != nil {
		t.Fatal(err)
	}
	var c map[string]any
	if err := json.Unmarshal(data, &c); err != nil {
		t.Fatal(err)
	}
	items := c["item"].([]any)
	items[0].(map[string]any)["factor"] = 1
	items[1].(map[string]any)["extension"] = []any{map[string]any{"url": "urn:i", "valueString": "v"}}
	c["accident"] = map[string]any{"date": "2019-03-04"}
	in, _ := json.Marshal(c)
	cl, err := DecodeClaim(in)
	if err != nil {
		t.Fatal(err)
	}
	want := []interop.Unmapped{
		{Pointer: "/accident", Note: "an accident: the episode's facts travel in the jamkesda-claim-file extension"},
		{Pointer: "/item/0/factor", Note: "the price factor: net, which is read, already holds it"},
		{Pointer: "/item/1/extension/0", Note: "an extension this reader does not know (urn:i)"},
	}
	if !reflect.DeepEqual(cl.Unmapped(), want) {
		t.Errorf("unmapped\n got %v\nwant %v", cl.Unmapped(), want)
	}
	items[2].(map[string]any)["bogus"] = true
	c["fundsreserve"] = "x" // R4 spells it fundsReserve
	in, _ = json.Marshal(c)
	_, err = DecodeClaim(in)
	want2 := []rules.FieldError{
		{Code: interop.CodeUnknownField.ErrorCode(), Kind: interop.CodeUnknownField, Pointer: "/fundsreserve", Message: "fundsreserve bukan elemen Claim FHIR R4.", MessageEN: "fundsreserve is not an element of the FHIR R4 Claim."},
		{Code: interop.CodeUnknownField.ErrorCode(), Kind: interop.CodeUnknownField, Pointer: "/item/2/bogus", Message: "bogus bukan elemen Claim.item FHIR R4.", MessageEN: "bogus is not an element of the FHIR R4 Claim.item."},
	}
	if got := faultsOf(t, err); !reflect.DeepEqual(got, want2) {
		t.Errorf("\n got %+v\nwant %+v", got, want2)
	}
}

// TestForEachKey: keys with escapes, values with brackets and quotes in
// strings, nested objects and arrays: each top-level key once.
func TestForEachKey(t *testing.T) {
	var keys, values []string
	forEachKey([]byte(` { "a" : "}\"]" , "b\u0063":[1,{"x":"]"}], "d":{"e":[]} ,"f":-1.5e3,"g":true,"h":null } `), func(k, v []byte) {
		keys, values = append(keys, string(k)), append(values, string(v))
	})
	if want := []string{"a", "bc", "d", "f", "g", "h"}; !reflect.DeepEqual(keys, want) {
		t.Errorf("keys %q, want %q", keys, want)
	}
	if want := []string{`"}\"]"`, `[1,{"x":"]"}]`, `{"e":[]}`, `-1.5e3`, `true`, `null`}; !reflect.DeepEqual(values, want) {
		t.Errorf("values %q, want %q", values, want)
	}
	var elems []string
	arrayElements([]byte(`[ {"a":1}, "x,y" ,[2,3],4 ]`), func(i int, e []byte) { elems = append(elems, string(e)) })
	if want := []string{`{"a":1}`, `"x,y"`, `[2,3]`, `4`}; !reflect.DeepEqual(elems, want) {
		t.Errorf("elements %q, want %q", elems, want)
	}
}

// patientByUnmarshal is what json.Unmarshal into a Patient reads.
func patientByUnmarshal(raw []byte) (patientRead, bool) {
	var q Patient
	if json.Unmarshal(raw, &q) != nil {
		return patientRead{}, false
	}
	return patientRead{q.ResourceType == "Patient", q.ID, identifier(q.Identifier, SystemNIK), identifier(q.Identifier, SystemKK), q.DeceasedBoolean}, true
}

// FuzzContainedPatient: where the scan reads a contained resource, it
// reads what json.Unmarshal into a Patient reads.
func FuzzContainedPatient(f *testing.F) {
	for _, s := range []string{
		`{"resourceType":"Patient","id":"patient","identifier":[{"use":"official","system":"` + SystemNIK + `","value":"3275014508900001"},{"system":"` + SystemKK + `","value":"3275010101170001"}]}`,
		`{"resourceType":"Patient","id":"p","deceasedBoolean":true,"identifier":[{"system":"` + SystemNIK + `","value":""},{"system":"` + SystemNIK + `","value":"2"}]}`,
		`{"resourceType":"Patient","id":"p","identifier":[{"system":"` + SystemNIK + `","value":"1"}],"identifier":[{"system":"` + SystemKK + `","value":"9"}]}`,
		`{"resourceType":"Organization","id":"o","identifier":null}`,
		`{"resourceType":"Patient","id":"p\u0031","identifier":[{"system":1}]}`,
		`{"resourceType":"Patient","deceasedBoolean":"yes"}`,
		`{"resourceType":"Patient","identifier":[null,{"value":"x","period":{"start":"2019"}}]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		want, valid := patientByUnmarshal(raw)
		if !valid || !json.Valid(raw) {
			return // the scan runs on what the outer decode read
		}
		got, ok := containedPatient(raw)
		if !ok {
			return
		}
		if got.patient != want.patient || got.id != want.id || got.nik != want.nik || got.kk != want.kk ||
			(got.deceased == nil) != (want.deceased == nil) || got.deceased != nil && *got.deceased != *want.deceased {
			t.Errorf("%s:\n scan %+v\n json %+v", raw, got, want)
		}
	})
}

// TestReadAllocs: the scan of a contained Patient allocates only its NIK,
// its KK and deceasedBoolean; the check of a Claim's elements nothing.
func TestReadAllocs(t *testing.T) {
	c, err := NewClaim(stays(t)[2], rules.Default())
	if err != nil {
		t.Fatal(err)
	}
	raw := c.Contained[0]
	if n := testing.AllocsPerRun(20, func() { containedPatient(raw) }); n > 3 {
		t.Errorf("the scan of a contained Patient: %v allocations, want at most 3", n)
	}
	data, _ := json.Marshal(c)
	var errs rules.FieldErrors
	var unmapped []interop.Unmapped
	if n := testing.AllocsPerRun(20, func() { checkElements(data, "", "Claim", claimElements, &errs, &unmapped) }); n != 0 {
		t.Errorf("the check of a Claim's elements: %v allocations, want 0", n)
	}
}

// TestClaimFactsExtension: a Claim written with the facts in a separate
// jamkesda-facts extension (as NewClaim wrote it before) is still read,
// those facts replacing the claim-file's.
func TestClaimFactsExtension(t *testing.T) {
	rb := rules.Default()
	file := stays(t)[0]
	c, err := NewClaim(file, rb)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range c.Extension {
		if e.URL == ExtFacts {
			t.Fatal("NewClaim writes jamkesda-facts")
		}
	}
	facts := file.Patient
	facts.JKN.Status, facts.JKN.PBIPayer = eligibility.JKNPBI, "central"
	fj, err := json.Marshal(&facts)
	if err != nil {
		t.Fatal(err)
	}
	c.Extension = append([]Extension{{URL: ExtFacts, ValueString: string(fj)}}, c.Extension...)
	data, _ := json.Marshal(c)
	back, err := DecodeClaim(data)
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Unmapped()) != 0 {
		t.Errorf("unmapped %v", back.Unmapped())
	}
	g, err := ClaimFile(back, rb)
	if err != nil {
		t.Fatal(err)
	}
	if g.Patient.JKN.Status != eligibility.JKNPBI || g.Patient.Person.NIK != file.Patient.Person.NIK {
		t.Errorf("facts %+v", g.Patient)
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
