package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestKeysStrict: a key given twice, or a key that matches a field only
// when case is ignored (encoding/json accepts both, the last or the
// nearest winning silently), is refused on every operation, with the
// JSON Pointer of the key.
func TestKeysStrict(t *testing.T) {
	stay := compact(t, "stay-rsud.json")
	episode := compact(t, "episode-idul-fitri.json")
	facts := compact(t, "facts-card-holder.json")
	claim := `{"service_end": "2019-03-20", "membership": "card", "documents": []}`
	runErrorCases(t, []errorCase{
		{"duplicate top-level key", "eligibility", `{"date":"2019-03-01","facts":` + facts + `,"date":"2019-03-02"}`,
			errJSON(CodeBadJSON, "/date", `duplicate key: "date" is given more than once in this object; give it once`)},
		{"duplicate nested key", "referral", strings.Replace(episode, `"care_type":`, `"facility":"rs-ananda","care_type":`, 1),
			errJSON(CodeBadJSON, "/episode/facility", `duplicate key: "facility" is given more than once in this object; give it once`)},
		{"duplicate by escape", "claim", `{"service_end": "2019-03-20", "membership": "card", "documents": [], "m\u0065mbership": "nik"}`,
			errJSON(CodeBadJSON, "/membership", `duplicate key: "membership" is given more than once in this object; give it once`)},
		{"duplicate in an array element", "price", strings.Replace(stay, `"quantity":2,`, `"quantity":2,"quantity":3,`, 1),
			errJSON(CodeBadJSON, "/billing/items/1/quantity", `duplicate key: "quantity" is given more than once in this object; give it once`)},
		{"duplicate id", "claim", `{"id": 1, "id": 2, "service_end": "2019-03-20", "membership": "card", "documents": []}`,
			errJSON(CodeBadJSON, "/id", `duplicate key: "id" is given more than once in this object; give it once`)},
		{"cased top-level key", "claim", strings.Replace(claim, `"membership"`, `"Membership"`, 1),
			errJSON(CodeUnknownField, "/Membership", `unknown field: keys are case-sensitive; the field is "membership"`)},
		{"cased nested key", "eligibility", `{"date":"2019-03-01","facts":` + strings.Replace(facts, `"person"`, `"PERSON"`, 1) + `}`,
			errJSON(CodeUnknownField, "/facts/PERSON", `unknown field: keys are case-sensitive; the field is "person"`)},
		{"cased inline facts key", "eligibility", `{"date":"2019-03-01","Person":{}}`,
			errJSON(CodeUnknownField, "/Person", `unknown field: keys are case-sensitive; the field is "person"`)},
		// U+017F LATIN SMALL LETTER LONG S folds to s in encoding/json.
		{"Unicode-folded key", "claim", strings.Replace(claim, `"service_end"`, `"ſervice_end"`, 1),
			errJSON(CodeUnknownField, "/ſervice_end", `unknown field: keys are case-sensitive; the field is "service_end"`)},
	})
	// The same inputs without the duplicate or the case are decided.
	for _, in := range []struct{ cmd, in string }{{"eligibility", `{"date":"2019-03-01","facts":` + facts + `}`}, {"referral", episode}, {"price", stay}, {"claim", claim}} {
		args := []string{in.cmd}
		if in.cmd == "price" {
			args = append(args, "--inacbg", "../../examples/testdata/inacbg-synthetic.csv")
		}
		code, out, errOut := runCmd(t, in.in, args...)
		assert.Equal(t, 0, code, in.cmd+": "+out+errOut)
	}
}
