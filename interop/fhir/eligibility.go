package fhir

import (
	"bytes"
	"encoding/json"
	"strconv"

	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/interop"
	"github.com/kartusehat/kartusehat/rules"
)

// CoverageEligibilityRequest is the FHIR R4 resource, as far as the rules
// read it: the patient (by NIK), the date of service, and the facts.
type CoverageEligibilityRequest struct {
	ResourceType string            `json:"resourceType"`
	ID           string            `json:"id,omitempty"`
	Contained    []json.RawMessage `json:"contained,omitempty"`
	Extension    []Extension       `json:"extension,omitempty"`
	Status       string            `json:"status"`
	Purpose      []string          `json:"purpose"`
	Patient      Reference         `json:"patient"`
	ServicedDate string            `json:"servicedDate,omitempty"`
	Created      string            `json:"created"`
	Provider     *Reference        `json:"provider,omitempty"`
	Insurer      Reference         `json:"insurer"`

	unmapped []interop.Unmapped
}

// Unmapped lists the elements of the request as decoded (by
// DecodeEligibilityRequest) that the reader has no counterpart for: R4
// elements it does not read, extensions it does not know.
func (r *CoverageEligibilityRequest) Unmapped() []interop.Unmapped { return r.unmapped }

// CoverageEligibilityResponse is the FHIR R4 resource: whether the
// coverage is in force on the date, with the reasons (each with its code
// and citation) as extensions.
type CoverageEligibilityResponse struct {
	ResourceType string          `json:"resourceType"`
	ID           string          `json:"id,omitempty"`
	Contained    []any           `json:"contained,omitempty"`
	Extension    []Extension     `json:"extension,omitempty"`
	Status       string          `json:"status"`
	Purpose      []string        `json:"purpose"`
	Patient      Reference       `json:"patient"`
	ServicedDate string          `json:"servicedDate,omitempty"`
	Created      string          `json:"created"`
	Request      Reference       `json:"request"`
	Outcome      string          `json:"outcome"`
	Disposition  string          `json:"disposition,omitempty"`
	Insurer      Reference       `json:"insurer"`
	Insurance    []EligInsurance `json:"insurance,omitempty"`
}

// EligInsurance is a CoverageEligibilityResponse's insurance: the
// coverage and whether it is in force.
type EligInsurance struct {
	Coverage Reference `json:"coverage"`
	Inforce  bool      `json:"inforce"`
}

// Coverage is the FHIR R4 Coverage of a Jamkesda participant.
type Coverage struct {
	ResourceType string           `json:"resourceType"`
	ID           string           `json:"id,omitempty"`
	Identifier   []Identifier     `json:"identifier,omitempty"`
	Status       string           `json:"status"`
	Type         *CodeableConcept `json:"type,omitempty"`
	Beneficiary  Reference        `json:"beneficiary"`
	Period       *Period          `json:"period,omitempty"`
	Payor        []Reference      `json:"payor"`
}

// Scheme is the payer every response names.
var scheme = Reference{Display: "Jamkesda Kota Bekasi (Dinas Kesehatan Kota Bekasi)"}

// checkType reads resourceType and refuses another type.
func checkType(data []byte, want string) error {
	var head struct {
		ResourceType *string `json:"resourceType"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return interop.NewError(interop.CodeBadValue, "", "JSON tidak sah.", "Invalid JSON: "+err.Error()+".")
	}
	if head.ResourceType == nil {
		return interop.NewError(interop.CodeMissing, "/resourceType", "resourceType tidak ada.", "resourceType is missing.")
	}
	if *head.ResourceType != want {
		return interop.NewError(interop.CodeWrongResource, "/resourceType",
			"Sumber daya "+strconv.Quote(*head.ResourceType)+" bukan "+want+".",
			"A "+strconv.Quote(*head.ResourceType)+" resource is not a "+want+".")
	}
	return nil
}

// DecodeEligibilityRequest reads a CoverageEligibilityRequest; another
// resource type, or a malformed one, is a field error (see Outcome).
func DecodeEligibilityRequest(data []byte) (*CoverageEligibilityRequest, error) {
	var r CoverageEligibilityRequest
	if err := json.Unmarshal(data, &r); err != nil || r.ResourceType != "CoverageEligibilityRequest" {
		if terr := checkType(data, "CoverageEligibilityRequest"); terr != nil {
			return nil, terr
		}
		return nil, jsonFault(err)
	}
	var errs rules.FieldErrors
	checkElements(data, "", "CoverageEligibilityRequest", eligibilityElements, &errs, &r.unmapped)
	checkExtensions(r.Extension, "/extension", func(u string) bool { return u == ExtFacts }, &r.unmapped)
	if errs.Len() > 0 {
		return nil, errs.Err()
	}
	return &r, nil
}

func jsonFault(err error) *rules.FieldError {
	if te, ok := err.(*json.UnmarshalTypeError); ok {
		p := ""
		if te.Field != "" {
			p = "/" + jsonPath(te.Field)
		}
		return interop.NewError(interop.CodeBadValue, p, "Nilai JSON "+te.Value+" tidak sesuai.", "A JSON "+te.Value+" does not fit this element.")
	}
	return interop.NewError(interop.CodeBadValue, "", "JSON tidak sah.", "Invalid JSON: "+err.Error()+".")
}

func jsonPath(dotted string) string {
	b := []byte(dotted)
	return string(bytes.ReplaceAll(b, []byte("."), []byte("/")))
}

// patientFacts reads the patient's facts: the contained Patient (or the
// reference's identifier) gives the NIK and KK, the extension ExtFacts
// the rest. ext is the resource's extensions, at pointer "/extension".
func patientFacts(patient Reference, contained []json.RawMessage, ext []Extension, errs *rules.FieldErrors) *eligibility.Facts {
	return patientFactsFrom(&eligibility.Facts{}, patient, contained, ext, errs)
}

// patientFactsFrom is patientFacts starting from the facts f (a Claim's,
// from its claim-file extension), which an ExtFacts extension replaces.
func patientFactsFrom(f *eligibility.Facts, patient Reference, contained []json.RawMessage, ext []Extension, errs *rules.FieldErrors) *eligibility.Facts {
	for i, e := range ext {
		if e.URL != ExtFacts {
			continue
		}
		g, err := eligibility.UnmarshalFacts([]byte(e.ValueString))
		if err != nil {
			errs.Add(interop.NewError(interop.CodeBadValue, "/extension/"+strconv.Itoa(i)+"/valueString", "Fakta peserta tidak sah: "+err.Error(), "The participant's facts are invalid: "+err.Error()))
			return f
		}
		f = g
	}
	nik, kk := "", ""
	var deceased *bool
	if patient.Identifier != nil && patient.Identifier.System == SystemNIK {
		nik = patient.Identifier.Value
	}
	if ref := patient.Reference; len(ref) > 1 && ref[0] == '#' {
		found := false
		for i, raw := range contained {
			p, ok := containedPatient(raw)
			if !ok {
				var q Patient
				if json.Unmarshal(raw, &q) != nil {
					continue
				}
				p = patientRead{q.ResourceType == "Patient", q.ID, identifier(q.Identifier, SystemNIK), identifier(q.Identifier, SystemKK), q.DeceasedBoolean}
			}
			if !p.patient || p.id != ref[1:] {
				continue
			}
			found = true
			if v := p.nik; v != "" {
				if nik != "" && nik != v {
					errs.Add(interop.NewError(interop.CodeBadValue, "/contained/"+strconv.Itoa(i)+"/identifier", "NIK pasien berbeda dengan NIK pada patient.identifier.", "The Patient's NIK differs from patient.identifier's."))
				}
				nik = v
			}
			kk, deceased = p.kk, p.deceased
		}
		if !found {
			errs.Add(interop.NewError(interop.CodeBadValue, "/patient/reference", "Patient "+strconv.Quote(ref)+" tidak ada di contained.", "No contained Patient "+strconv.Quote(ref)+"."))
		}
	}
	if nik == "" {
		errs.Add(interop.NewError(interop.CodeNoPatientID, "/patient", "Pasien tidak memiliki identifier NIK ("+SystemNIK+").", "The patient has no NIK identifier ("+SystemNIK+")."))
		return f
	}
	n, err := eligibility.ParseNIK(nik)
	if err != nil {
		errs.Add(interop.NewError(interop.CodeBadValue, "/patient", "Identifier NIK pasien tidak sah.", "The patient's NIK identifier is not a valid NIK."))
		return f
	}
	switch {
	case f.Person.NIK.IsZero():
		f.Person.NIK = n
	case f.Person.NIK != n:
		errs.Add(interop.NewError(interop.CodeBadValue, "/extension", "NIK di fakta peserta bukan NIK pasien.", "The NIK of the facts is not the patient's."))
	}
	if kk != "" {
		switch {
		case f.Person.KK == "":
			f.Person.KK = kk
		case f.Person.KK != kk:
			errs.Add(interop.NewError(interop.CodeBadValue, "/extension", "KK di fakta peserta bukan KK pasien.", "The KK of the facts is not the patient's."))
		}
	}
	if deceased != nil && *deceased && f.Person.Registry.Status == "" {
		f.Person.Registry.Status = eligibility.Died
	}
	return f
}

// EligibilityFacts reads the request as the facts and the date of
// service the rules decide on. Every fault is a field error with a JSON
// Pointer (rules.FieldErrors; see Outcome).
func EligibilityFacts(r *CoverageEligibilityRequest) (*eligibility.Facts, rules.Date, error) {
	var errs rules.FieldErrors
	var on rules.Date
	if r.ResourceType != "CoverageEligibilityRequest" {
		errs.Add(interop.NewError(interop.CodeWrongResource, "/resourceType", "Bukan CoverageEligibilityRequest.", "Not a CoverageEligibilityRequest."))
		return nil, on, errs.Err()
	}
	if r.ServicedDate == "" {
		errs.Add(interop.NewError(interop.CodeMissing, "/servicedDate", "servicedDate (tanggal pelayanan) tidak ada.", "servicedDate (the date of service) is missing."))
	} else {
		var err error
		if on, err = rules.ParseDate(r.ServicedDate); err != nil {
			errs.Add(interop.NewError(interop.CodeBadValue, "/servicedDate", "servicedDate bukan YYYY-MM-DD.", "servicedDate is not YYYY-MM-DD."))
		}
	}
	f := patientFacts(r.Patient, r.Contained, r.Extension, &errs)
	if errs.Len() > 0 {
		return nil, on, errs.Err()
	}
	return f, on, nil
}

// reasonExtensions writes reasons as extensions of url.
func reasonExtensions(url string, rs []rules.Reason) []Extension {
	out := make([]Extension, 0, len(rs))
	for _, r := range rs {
		sub := []Extension{{URL: "code", ValueCoding: &Coding{System: SystemReason, Code: r.Code}}}
		if r.ID != "" {
			sub = append(sub, Extension{URL: "message", ValueString: r.ID})
		}
		if r.EN != "" {
			sub = append(sub, Extension{URL: "message-en", ValueString: r.EN})
		}
		if r.Ref != "" {
			sub = append(sub, Extension{URL: "citation", ValueString: r.Ref})
		}
		out = append(out, Extension{URL: url, Extension: sub})
	}
	return out
}

// Reasons reads back the reasons (url ExtReason) or warnings (ExtWarning)
// from extensions.
func Reasons(ext []Extension, url string) []rules.Reason {
	var out []rules.Reason
	for _, e := range ext {
		if e.URL != url {
			continue
		}
		var r rules.Reason
		for _, s := range e.Extension {
			switch s.URL {
			case "code":
				if s.ValueCoding != nil {
					r.Code = s.ValueCoding.Code
				}
			case "message":
				r.ID = s.ValueString
			case "message-en":
				r.EN = s.ValueString
			case "citation":
				r.Ref = s.ValueString
			}
		}
		out = append(out, r)
	}
	return out
}

// patientRef names the patient by NIK.
func patientRef(n eligibility.NIK) Reference {
	return Reference{Type: "Patient", Identifier: &Identifier{System: SystemNIK, Value: n.Digits()}}
}

// NewCoverage is the Coverage of a participant the decision d found
// eligible, in force on the decision's date, with the basis of the
// participation as its type.
func NewCoverage(nik eligibility.NIK, d *eligibility.Decision) Coverage {
	day := d.Date.String()
	return Coverage{ResourceType: "Coverage", ID: "coverage",
		Identifier:  []Identifier{{Use: "official", System: SystemNIK, Value: nik.Digits()}},
		Status:      "active",
		Type:        &CodeableConcept{Coding: []Coding{{System: SystemBasis, Code: string(d.Basis)}}, Text: "Jamkesda Kota Bekasi"},
		Beneficiary: patientRef(nik),
		Period:      &Period{Start: day, End: day},
		Payor:       []Reference{scheme}}
}

// EligibilityResponse answers the request req with the decision d on the
// facts f: in force or not, the reasons and warnings with their codes and
// citations, and for a participant the Coverage (contained).
func EligibilityResponse(req *CoverageEligibilityRequest, f *eligibility.Facts, d *eligibility.Decision) CoverageEligibilityResponse {
	r := CoverageEligibilityResponse{ResourceType: "CoverageEligibilityResponse", Status: "active",
		Purpose: []string{"validation"}, Patient: patientRef(f.Person.NIK), ServicedDate: d.Date.String(),
		Created: d.Date.String(), Outcome: "complete", Insurer: scheme}
	if req != nil && req.ID != "" {
		r.ID = req.ID + "-response"
		r.Request = Reference{Reference: "CoverageEligibilityRequest/" + req.ID}
	} else {
		r.Request = Reference{Type: "CoverageEligibilityRequest", Display: "the eligibility request"}
	}
	ins := EligInsurance{Coverage: scheme, Inforce: d.Eligible}
	if d.Eligible {
		r.Contained = []any{NewCoverage(f.Person.NIK, d)}
		ins.Coverage = Reference{Reference: "#coverage"}
	}
	r.Insurance = []EligInsurance{ins}
	if len(d.Reasons) > 0 {
		r.Disposition = d.Reasons[0].ID
	}
	r.Extension = append(append(reasonExtensions(ExtReason, d.Reasons), reasonExtensions(ExtWarning, d.Warnings)...), unmappedExtensions(req.unmapped)...)
	return r
}

// NewEligibilityRequest writes the facts and the date of service as a
// CoverageEligibilityRequest: the NIK and KK on a contained Patient, the
// rest of the facts in the extension ExtFacts.
func NewEligibilityRequest(id string, f *eligibility.Facts, on rules.Date) (CoverageEligibilityRequest, error) {
	facts, err := json.Marshal(f)
	if err != nil {
		return CoverageEligibilityRequest{}, err
	}
	p := Patient{ResourceType: "Patient", ID: "patient", Identifier: []Identifier{{Use: "official", System: SystemNIK, Value: f.Person.NIK.Digits()}}}
	if f.Person.KK != "" {
		p.Identifier = append(p.Identifier, Identifier{System: SystemKK, Value: f.Person.KK})
	}
	pj, err := json.Marshal(p)
	if err != nil {
		return CoverageEligibilityRequest{}, err
	}
	return CoverageEligibilityRequest{ResourceType: "CoverageEligibilityRequest", ID: id,
		Contained: []json.RawMessage{pj}, Extension: []Extension{{URL: ExtFacts, ValueString: string(facts)}},
		Status: "active", Purpose: []string{"validation"}, Patient: Reference{Reference: "#patient"},
		ServicedDate: on.String(), Created: on.String(), Insurer: scheme}, nil
}
