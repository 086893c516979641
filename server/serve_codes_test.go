package server

import (
	"encoding/json"
	"slices"
	"sort"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOpenAPIReasonCodes keeps the enum of the Reason schema's code in
// step with the packages' Codes, and checks that the description refuses
// a reason with an unknown code and takes an exclusion's code.
func TestOpenAPIReasonCodes(t *testing.T) {
	var doc struct {
		Components struct {
			Schemas struct {
				Reason struct {
					Properties struct {
						Code struct {
							AnyOf []struct {
								Enum []string `json:"enum"`
							} `json:"anyOf"`
						} `json:"code"`
					} `json:"properties"`
				} `json:"Reason"`
			} `json:"schemas"`
		} `json:"components"`
	}
	require.NoError(t, json.Unmarshal(openAPIBytes(), &doc))
	alts := doc.Components.Schemas.Reason.Properties.Code.AnyOf
	require.NotEmpty(t, alts)
	want := []string{rules.CodeRulesAsLastKnown}
	for _, codes := range []func() []string{eligibility.Codes, referral.Codes, tariff.Codes, claim.Codes} {
		want = append(want, codes()...)
	}
	sort.Strings(want)
	want = slices.Compact(want)
	assert.Equal(t, want, alts[0].Enum, "the OpenAPI enum of reason codes and Codes() differ")

	loader := openapi3.NewLoader()
	d, err := loader.LoadFromData(openAPIBytes())
	require.NoError(t, err)
	reason := d.Components.Schemas["Reason"].Value
	for _, tt := range []struct {
		code string
		ok   bool
	}{
		{eligibility.CodePBIMember, true},
		{claim.CodeDuplicateOf, true},
		{claim.ExcludedCodePrefix + "cosmetic", true},
		{referral.ExcludedSecondaryCodePrefix + "cosmetic", true},
		{"pbi_membr", false},
		{"", false},
	} {
		v := map[string]any{"code": tt.code, "message": "x", "message_en": "x", "ref": "x"}
		err := reason.VisitJSON(v)
		assert.Equal(t, tt.ok, err == nil, "%q: %v", tt.code, err)
	}
}
