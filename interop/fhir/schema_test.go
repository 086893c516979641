package fhir

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// schemaID is the id of HL7's FHIR R4 JSON schema.
const schemaID = "http://hl7.org/fhir/json-schema/4.0"

var schemas = struct {
	sync.Mutex
	c   *jsonschema.Compiler
	err error
	m   map[string]*jsonschema.Schema
}{m: map[string]*jsonschema.Schema{}}

// validate checks a resource against the definition of its resourceType
// in the official FHIR R4 JSON schema (testdata/fhir.schema.json.gz).
func validate(t testing.TB, resource any) {
	t.Helper()
	b, err := json.Marshal(resource)
	if err != nil {
		t.Fatal(err)
	}
	validateJSON(t, b)
}

func validateJSON(t testing.TB, b []byte) {
	t.Helper()
	var head struct {
		ResourceType string `json:"resourceType"`
	}
	if err := json.Unmarshal(b, &head); err != nil || head.ResourceType == "" {
		t.Fatalf("not a resource: %s", b)
	}
	schemas.Lock()
	defer schemas.Unlock()
	if schemas.c == nil && schemas.err == nil {
		schemas.err = loadSchema()
	}
	if schemas.err != nil {
		t.Fatal(schemas.err)
	}
	sch := schemas.m[head.ResourceType]
	if sch == nil {
		var err error
		sch, err = schemas.c.Compile(schemaID + "#/definitions/" + head.ResourceType)
		if err != nil {
			t.Fatal(err)
		}
		schemas.m[head.ResourceType] = sch
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Errorf("%s does not validate against the FHIR R4 schema: %v\n%s", head.ResourceType, err, b)
	}
}

func loadSchema() error {
	f, err := os.Open("testdata/fhir.schema.json.gz")
	if err != nil {
		return err
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		return err
	}
	doc, err := jsonschema.UnmarshalJSON(z)
	if err != nil {
		return err
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft6)
	if err := c.AddResource(schemaID, doc); err != nil {
		return err
	}
	schemas.c = c
	return nil
}

// TestSchemaRejects: the validator is not one that passes everything.
func TestSchemaRejects(t *testing.T) {
	ft := &fakeT{TB: t}
	validateJSON(ft, []byte(`{"resourceType":"CoverageEligibilityResponse","status":"active","purpose":["validation"],"patient":{},"created":"x","request":{},"outcome":"complete","insurer":{}}`))
	if !ft.failed {
		t.Error("a response with created \"x\" validated")
	}
	ft = &fakeT{TB: t}
	validateJSON(ft, []byte(`{"resourceType":"OperationOutcome","issue":[{"severity":"fatal-ish","code":"invalid"}]}`))
	if !ft.failed {
		t.Error("an issue of severity fatal-ish validated")
	}
	ft = &fakeT{TB: t}
	validateJSON(ft, []byte(`{"resourceType":"Coverage","status":"active","beneficiary":{},"payor":[{}],"bogus":1}`))
	if !ft.failed {
		t.Error("a Coverage with an unknown element validated")
	}
}

type fakeT struct {
	testing.TB
	failed bool
}

func (f *fakeT) Errorf(string, ...any) { f.failed = true }
