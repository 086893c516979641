package kartusehat

import "github.com/kartusehat/kartusehat/internal/factsjson"

// decodeEligibilityFast decodes an eligibility input in the plain case
// (see internal/factsjson) without encoding/json, to the value
// DecodeStrict gives; false means "not handled": decode strictly, which
// gives the same value or today's error.
func decodeEligibilityFast(raw []byte) (eligibilityInput, bool) {
	var in factsjson.Input
	if !factsjson.Eligibility(raw, &in) {
		return eligibilityInput{}, false
	}
	return eligibilityInput{ID: in.ID, Date: in.Date, Facts: in.Facts, FactsInline: in.Inline}, true
}
