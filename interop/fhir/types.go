// Package fhir reads and writes the few FHIR R4 resources a hospital sends
// to SATUSEHAT and a payer answers with, for the Jamkesda rules:
// CoverageEligibilityRequest to eligibility.Facts and a date, the decision
// to CoverageEligibilityResponse; Claim to claim.File, the adjudication to
// ClaimResponse; a Coverage for a participant; the project's reason codes
// as a CodeSystem; an error as an OperationOutcome.
//
// The types are small and hand-written, for these resources only: a
// generated R4 model (such as github.com/samply/golang-fhir-models) was
// considered and not used, because it brings every resource of R4 for the
// six used here, models decimals as float64 (money is never a float here),
// and has had no release since 2021. Every resource written here is
// checked in the tests against HL7's FHIR R4 JSON schema.
//
// The patient is named by NIK under SATUSEHAT's identifier system
// (SystemNIK), the family card by SystemKK, the hospital by the Ministry of
// Health's hospital code (SystemKodeRS) or the rulebook's code
// (SystemFacility). The facts FHIR has no element for (the registry
// status, JKN membership, the documents shown; for a claim also the
// referral, the SJP, the documents of the file) travel in one extension,
// ExtFacts on a request or ExtClaimFile on a Claim, as the project's own
// JSON.
package fhir

import (
	"encoding/json"

	"github.com/kartusehat/kartusehat/interop"
)

// The identifier and code systems.
const (
	// SystemNIK is SATUSEHAT's identifier system for the NIK.
	SystemNIK = "https://fhir.kemkes.go.id/id/nik"
	// SystemKK is SATUSEHAT's identifier system for the family card
	// number (KK), as public SATUSEHAT integrations use it.
	SystemKK = "https://fhir.kemkes.go.id/id/kk"
	// SystemKodeRS is the identifier system of the Ministry of Health's
	// hospital code (kode RS). NOT CONFIRMED: no public source found gives
	// SATUSEHAT's system for it (SATUSEHAT names an organisation by its own
	// id under http://sys-ids.kemkes.go.id/organization); see the README.
	SystemKodeRS = "https://fhir.kemkes.go.id/id/kode-rs"
	// SystemFacility names a facility by its code in the rulebook.
	SystemFacility = "https://github.com/kartusehat/kartusehat/fhir/facility"
	// SystemICD10 and SystemICD9CM are HL7's systems for the codes.
	SystemICD10  = "http://hl7.org/fhir/sid/icd-10"
	SystemICD9CM = "http://hl7.org/fhir/sid/icd-9-cm"
	// SystemReason is the project's CodeSystem of reason codes.
	SystemReason = "https://github.com/kartusehat/kartusehat/fhir/CodeSystem/reason"
	// SystemBasis is the ground of a participation (card_holder,
	// nik_resident, ...: eligibility.Basis).
	SystemBasis = "https://github.com/kartusehat/kartusehat/fhir/CodeSystem/basis"
	// SystemBillCategory is the bill categories of a claim line (room,
	// drug, lab, ...), SystemLineKind its kinds (service, top_up, ...).
	SystemBillCategory = "https://github.com/kartusehat/kartusehat/fhir/CodeSystem/bill-category"
	SystemLineKind     = "https://github.com/kartusehat/kartusehat/fhir/CodeSystem/line-kind"
	// SystemLineCode is the code of a line (a special CMG, an ambulance
	// tier, a special consumable).
	SystemLineCode = "https://github.com/kartusehat/kartusehat/fhir/CodeSystem/line-code"
	// SystemINACBG is the INA-CBG case-mix group of a stay.
	SystemINACBG = "https://github.com/kartusehat/kartusehat/fhir/CodeSystem/inacbg"
	// SystemAdjudication is HL7's adjudication categories (submitted,
	// eligible, benefit); SystemAdjudicationJamkesda adds reduced and
	// denied.
	SystemAdjudication         = "http://terminology.hl7.org/CodeSystem/adjudication"
	SystemAdjudicationJamkesda = "https://github.com/kartusehat/kartusehat/fhir/CodeSystem/adjudication"
)

// The extensions.
const (
	base = "https://github.com/kartusehat/kartusehat/fhir/StructureDefinition/"
	// ExtFacts carries, as a valueString, the eligibility.Facts JSON of
	// what FHIR has no element for.
	ExtFacts = base + "jamkesda-facts"
	// ExtClaimFile carries, as a valueString, the claim.File JSON of what
	// the Claim resource has no element for.
	ExtClaimFile = base + "jamkesda-claim-file"
	// ExtReason and ExtWarning are a decision's reasons and warnings, each
	// with the sub-extensions code (valueCoding), message (valueString, in
	// Bahasa Indonesia), message-en and citation (valueString).
	ExtReason  = base + "reason"
	ExtWarning = base + "warning"
	// ExtLineICD10 and ExtLineICD9CM are a claim item's own codes.
	ExtLineICD10  = base + "line-icd10"
	ExtLineICD9CM = base + "line-icd9cm"
	// ExtUnmapped is, on an answer, one element of the request that the
	// reader read but has no counterpart for: its JSON Pointer, a colon,
	// and why (valueString).
	ExtUnmapped = base + "unmapped"
)

// unmappedExtensions are the answer's extensions of the request's
// unmapped elements.
func unmappedExtensions(l []interop.Unmapped) []Extension {
	out := make([]Extension, len(l))
	for i, u := range l {
		out[i] = Extension{URL: ExtUnmapped, ValueString: u.Pointer + ": " + u.Note}
	}
	return out
}

// Identifier is a FHIR Identifier.
type Identifier struct {
	Use    string `json:"use,omitempty"`
	System string `json:"system,omitempty"`
	Value  string `json:"value,omitempty"`
}

// Coding is a FHIR Coding.
type Coding struct {
	System  string `json:"system,omitempty"`
	Code    string `json:"code,omitempty"`
	Display string `json:"display,omitempty"`
}

// CodeableConcept is a FHIR CodeableConcept.
type CodeableConcept struct {
	Coding []Coding `json:"coding,omitempty"`
	Text   string   `json:"text,omitempty"`
}

// code returns the code of system in c, or "".
func (c *CodeableConcept) code(system string) string {
	if c == nil {
		return ""
	}
	for _, x := range c.Coding {
		if x.System == system {
			return x.Code
		}
	}
	return ""
}

// Reference is a FHIR Reference.
type Reference struct {
	Reference  string      `json:"reference,omitempty"`
	Type       string      `json:"type,omitempty"`
	Identifier *Identifier `json:"identifier,omitempty"`
	Display    string      `json:"display,omitempty"`
}

// Period is a FHIR Period.
type Period struct {
	Start string `json:"start,omitempty"`
	End   string `json:"end,omitempty"`
}

// Money is a FHIR Money; its value is a JSON number kept exact.
type Money struct {
	Value    json.Number `json:"value,omitempty"`
	Currency string      `json:"currency,omitempty"`
}

// Quantity is a FHIR SimpleQuantity.
type Quantity struct {
	Value json.Number `json:"value,omitempty"`
}

// Extension is a FHIR Extension with the value types used here.
type Extension struct {
	URL          string      `json:"url"`
	ValueString  string      `json:"valueString,omitempty"`
	ValueCoding  *Coding     `json:"valueCoding,omitempty"`
	ValueBoolean *bool       `json:"valueBoolean,omitempty"`
	Extension    []Extension `json:"extension,omitempty"`
}

// Patient is the FHIR Patient, as far as the rules read it.
type Patient struct {
	ResourceType    string       `json:"resourceType"`
	ID              string       `json:"id,omitempty"`
	Identifier      []Identifier `json:"identifier,omitempty"`
	DeceasedBoolean *bool        `json:"deceasedBoolean,omitempty"`
}

// identifier returns the value of the identifier of system in l.
func identifier(l []Identifier, system string) string {
	for _, id := range l {
		if id.System == system {
			return id.Value
		}
	}
	return ""
}
