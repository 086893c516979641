package fhir

import (
	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/shopspring/decimal"
)

// ClaimResponse is the FHIR R4 ClaimResponse: the adjudication of each
// item (submitted, eligible, benefit, reduced, denied, each reduction and
// denial with its reason code), the totals, and the file's reasons and
// notes as extensions (ExtReason, ExtWarning) with their citations.
type ClaimResponse struct {
	ResourceType string          `json:"resourceType"`
	ID           string          `json:"id,omitempty"`
	Extension    []Extension     `json:"extension,omitempty"`
	Identifier   []Identifier    `json:"identifier,omitempty"`
	Status       string          `json:"status"`
	Type         CodeableConcept `json:"type"`
	Use          string          `json:"use"`
	Patient      Reference       `json:"patient"`
	Created      string          `json:"created"`
	Insurer      Reference       `json:"insurer"`
	Request      *Reference      `json:"request,omitempty"`
	Outcome      string          `json:"outcome"`
	Disposition  string          `json:"disposition,omitempty"`
	Item         []ResponseItem  `json:"item,omitempty"`
	Total        []Total         `json:"total,omitempty"`
}

// ResponseItem is the adjudication of one Claim item; its extensions are
// the line's reasons, each with its citation.
type ResponseItem struct {
	ItemSequence int            `json:"itemSequence"`
	Extension    []Extension    `json:"extension,omitempty"`
	Adjudication []Adjudication `json:"adjudication"`
}

// Adjudication is one amount of an item's adjudication.
type Adjudication struct {
	Category CodeableConcept  `json:"category"`
	Reason   *CodeableConcept `json:"reason,omitempty"`
	Amount   *Money           `json:"amount,omitempty"`
}

// Total is one of the ClaimResponse's totals.
type Total struct {
	Category CodeableConcept `json:"category"`
	Amount   Money           `json:"amount"`
}

func category(system, code string) CodeableConcept {
	return CodeableConcept{Coding: []Coding{{System: system, Code: code}}}
}

// firstReason is the reason of a reduction or denial: the first of the
// line's reasons, with its message.
func firstReason(rs []rules.Reason) *CodeableConcept {
	if len(rs) == 0 {
		return nil
	}
	return &CodeableConcept{Coding: []Coding{{System: SystemReason, Code: rs[0].Code}}, Text: rs[0].ID}
}

// NewClaimResponse answers the claim c (the Claim read, for its patient and
// reference) with the adjudication a. Each item has submitted (claimed),
// eligible (claimed less denied), benefit (payable), and, where not zero,
// reduced and denied with the reason code; the totals are the file's.
func NewClaimResponse(c *Claim, f *claim.File, a *claim.Adjudication) ClaimResponse {
	r := ClaimResponse{ResourceType: "ClaimResponse", Status: "active", Use: "claim",
		Type: c.Type, Patient: patientRef(f.Patient.Person.NIK), Created: c.Created, Insurer: scheme, Outcome: "complete"}
	if c.ID != "" {
		r.ID = c.ID + "-response"
		r.Request = &Reference{Reference: "Claim/" + c.ID}
	}
	r.Identifier = c.Identifier
	if len(a.Reasons) > 0 {
		r.Disposition = a.Reasons[0].ID
	}
	r.Extension = append(append(r.Extension, Extension{URL: base + "file-verdict", ValueCoding: &Coding{System: SystemReason, Code: string(a.Verdict)}}),
		append(reasonExtensions(ExtReason, a.Reasons), reasonExtensions(ExtWarning, a.Notes)...)...)
	r.Extension = append(r.Extension, unmappedExtensions(c.unmapped)...)
	for i := range a.Lines {
		lv := &a.Lines[i]
		it := ResponseItem{ItemSequence: lv.Line, Extension: reasonExtensions(ExtReason, lv.Reasons),
			Adjudication: []Adjudication{
				{Category: category(SystemAdjudication, "submitted"), Amount: money(lv.Claimed)},
				{Category: category(SystemAdjudication, "eligible"), Amount: money(lv.Claimed.Sub(lv.Denied))},
				{Category: category(SystemAdjudication, "benefit"), Amount: money(lv.Payable)},
			}}
		if !lv.Reduced.IsZero() {
			it.Adjudication = append(it.Adjudication, Adjudication{Category: category(SystemAdjudicationJamkesda, "reduced"), Reason: firstReason(lv.Reasons), Amount: money(lv.Reduced)})
		}
		if !lv.Denied.IsZero() {
			it.Adjudication = append(it.Adjudication, Adjudication{Category: category(SystemAdjudicationJamkesda, "denied"), Reason: firstReason(lv.Reasons), Amount: money(lv.Denied)})
		}
		r.Item = append(r.Item, it)
	}
	am := &a.Amounts
	for _, t := range []struct {
		system, code string
		v            decimal.Decimal
	}{
		{SystemAdjudication, "submitted", am.Claimed},
		{SystemAdjudication, "benefit", am.Payable},
		{SystemAdjudicationJamkesda, "reduced", am.Reduced},
		{SystemAdjudicationJamkesda, "denied", am.Denied},
	} {
		r.Total = append(r.Total, Total{Category: category(t.system, t.code), Amount: *money(t.v)})
	}
	return r
}
