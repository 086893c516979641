package fhir

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/interop"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
	"github.com/shopspring/decimal"
)

// More systems of a claim.
const (
	// SystemSJP is the number of the SJP (the Jamkesda guarantee letter,
	// the SEP's counterpart); SystemClaimID the hospital's claim number.
	SystemSJP     = "https://github.com/kartusehat/kartusehat/fhir/sjp"
	SystemClaimID = "https://github.com/kartusehat/kartusehat/fhir/claim-id"
	// SystemCareType is the episode's care type (inpatient, outpatient,
	// igd), as Claim.subType.
	SystemCareType = "https://github.com/kartusehat/kartusehat/fhir/CodeSystem/care-type"
)

// Claim is the FHIR R4 Claim, as far as a Jamkesda claim needs it.
type Claim struct {
	ResourceType   string            `json:"resourceType"`
	ID             string            `json:"id,omitempty"`
	Contained      []json.RawMessage `json:"contained,omitempty"`
	Extension      []Extension       `json:"extension,omitempty"`
	Identifier     []Identifier      `json:"identifier,omitempty"`
	Status         string            `json:"status"`
	Type           CodeableConcept   `json:"type"`
	SubType        *CodeableConcept  `json:"subType,omitempty"`
	Use            string            `json:"use"`
	Patient        Reference         `json:"patient"`
	BillablePeriod *Period           `json:"billablePeriod,omitempty"`
	Created        string            `json:"created"`
	Insurer        *Reference        `json:"insurer,omitempty"`
	Provider       Reference         `json:"provider"`
	Priority       CodeableConcept   `json:"priority"`
	Diagnosis      []ClaimDiagnosis  `json:"diagnosis,omitempty"`
	Procedure      []ClaimProcedure  `json:"procedure,omitempty"`
	Insurance      []ClaimInsurance  `json:"insurance"`
	Item           []ClaimItem       `json:"item,omitempty"`
	Total          *Money            `json:"total,omitempty"`

	unmapped []interop.Unmapped
}

// Unmapped lists the elements of the claim as decoded (by DecodeClaim)
// that the reader has no counterpart for: R4 elements it does not read
// (of the Claim and of its items), extensions it does not know.
func (c *Claim) Unmapped() []interop.Unmapped { return c.unmapped }

// claimExtension and itemExtension say whether the reader knows an
// extension of a Claim, of one of its items.
func claimExtension(u string) bool { return u == ExtFacts || u == ExtClaimFile }

func itemExtension(u string) bool {
	return u == ExtLineICD10 || u == ExtLineICD9CM || u == base+"insidental-action" || u == base+"medical-indication"
}

// ClaimDiagnosis is a diagnosis of a Claim; the first is the principal
// one, and carries the INA-CBG as its packageCode.
type ClaimDiagnosis struct {
	Sequence                 int               `json:"sequence"`
	DiagnosisCodeableConcept CodeableConcept   `json:"diagnosisCodeableConcept"`
	Type                     []CodeableConcept `json:"type,omitempty"`
	PackageCode              *CodeableConcept  `json:"packageCode,omitempty"`
}

// ClaimProcedure is a procedure of a Claim; the first is the principal one.
type ClaimProcedure struct {
	Sequence                 int             `json:"sequence"`
	ProcedureCodeableConcept CodeableConcept `json:"procedureCodeableConcept"`
}

// ClaimInsurance is a Claim's insurance.
type ClaimInsurance struct {
	Sequence int       `json:"sequence"`
	Focal    bool      `json:"focal"`
	Coverage Reference `json:"coverage"`
}

// ClaimItem is one bill line: its kind, category and code in
// productOrService, its own diagnosis and procedure as extensions.
type ClaimItem struct {
	Sequence         int             `json:"sequence"`
	Extension        []Extension     `json:"extension,omitempty"`
	ProductOrService CodeableConcept `json:"productOrService"`
	ServicedDate     string          `json:"servicedDate,omitempty"`
	Quantity         *Quantity       `json:"quantity,omitempty"`
	UnitPrice        *Money          `json:"unitPrice,omitempty"`
	Net              *Money          `json:"net,omitempty"`
}

func money(d decimal.Decimal) *Money {
	return &Money{Value: json.Number(d.String()), Currency: "IDR"}
}

// NewClaim writes a native claim file as a FHIR Claim: the patient on a
// contained Patient (NIK, KK), the hospital by its rulebook code (and kode
// RS where the rulebook has it), the stay as billablePeriod and subType,
// the principal codes first, the INA-CBG as the principal diagnosis's
// packageCode, each line an item; what the Claim has no element for (the
// patient's facts among it) goes in ExtClaimFile, one nested document
// (ClaimFile still reads the facts from ExtFacts where a Claim has it).
func NewClaim(f *claim.File, rb *rules.Rulebook) (Claim, error) {
	p := Patient{ResourceType: "Patient", ID: "patient"}
	if !f.Patient.Person.NIK.IsZero() {
		p.Identifier = append(p.Identifier, Identifier{Use: "official", System: SystemNIK, Value: f.Patient.Person.NIK.Digits()})
	}
	if f.Patient.Person.KK != "" {
		p.Identifier = append(p.Identifier, Identifier{System: SystemKK, Value: f.Patient.Person.KK})
	}
	pj, err := json.Marshal(p)
	if err != nil {
		return Claim{}, err
	}
	rest := *f
	rest.ID, rest.Hospital, rest.Principal, rest.INACBG, rest.Lines, rest.Total = "", "", claim.Principal{}, "", nil, nil
	ep := rest.Episode
	ep.CareType, ep.Admission, ep.Discharge, ep.Diagnoses, ep.Procedures = "", time.Time{}, time.Time{}, nil, nil
	if ep.SJP != nil {
		sjp := *ep.SJP
		sjp.Number = ""
		ep.SJP = &sjp
	}
	rest.Episode = ep
	restJSON, err := json.Marshal(&rest)
	if err != nil {
		return Claim{}, err
	}
	c := Claim{ResourceType: "Claim", Contained: []json.RawMessage{pj},
		Extension: []Extension{{URL: ExtClaimFile, ValueString: string(restJSON)}},
		Status:    "active", Use: "claim",
		Type:      CodeableConcept{Coding: []Coding{{System: "http://terminology.hl7.org/CodeSystem/claim-type", Code: "institutional"}}},
		SubType:   &CodeableConcept{Coding: []Coding{{System: SystemCareType, Code: string(f.Episode.CareType)}}},
		Patient:   Reference{Reference: "#patient"},
		Created:   f.Episode.ServiceDate().String(),
		Insurer:   &scheme,
		Provider:  Reference{Identifier: &Identifier{System: SystemFacility, Value: f.Hospital}},
		Priority:  CodeableConcept{Coding: []Coding{{System: "http://terminology.hl7.org/CodeSystem/processpriority", Code: "normal"}}},
		Insurance: []ClaimInsurance{{Sequence: 1, Focal: true, Coverage: scheme}},
	}
	if fac, ok := rb.Facility(f.Hospital); ok && fac.KodeRS != "" {
		c.Provider.Display = fac.Name + " (kode RS " + fac.KodeRS + ")"
	}
	if !f.Submitted.IsZero() {
		c.Created = f.Submitted.String()
	}
	if f.ID != "" {
		c.Identifier = append(c.Identifier, Identifier{System: SystemClaimID, Value: f.ID})
	}
	if f.Episode.SJP != nil && f.Episode.SJP.Number != "" {
		c.Identifier = append(c.Identifier, Identifier{System: SystemSJP, Value: f.Episode.SJP.Number})
	}
	if !f.Episode.Admission.IsZero() {
		c.BillablePeriod = &Period{Start: f.Episode.Admission.Format(time.RFC3339)}
		if !f.Episode.Discharge.IsZero() {
			c.BillablePeriod.End = f.Episode.Discharge.Format(time.RFC3339)
		}
	}
	dx := f.Episode.Diagnoses
	if f.Principal.Diagnosis != "" {
		dx = append([]string{f.Principal.Diagnosis}, dx...)
	} else if len(dx) > 0 || f.INACBG != "" {
		return Claim{}, interop.NewError(interop.CodeMissing, "/principal/diagnosis", "Diagnosis utama tidak ada.", "The principal diagnosis is missing: a FHIR Claim lists it first.")
	}
	for i, code := range dx {
		d := ClaimDiagnosis{Sequence: i + 1, DiagnosisCodeableConcept: CodeableConcept{Coding: []Coding{{System: SystemICD10, Code: code}}}}
		if i == 0 {
			d.Type = []CodeableConcept{{Coding: []Coding{{System: "http://terminology.hl7.org/CodeSystem/ex-diagnosistype", Code: "principal"}}}}
			if f.INACBG != "" {
				d.PackageCode = &CodeableConcept{Coding: []Coding{{System: SystemINACBG, Code: f.INACBG}}}
			}
		}
		c.Diagnosis = append(c.Diagnosis, d)
	}
	px := f.Episode.Procedures
	if f.Principal.Procedure != "" {
		px = append([]string{f.Principal.Procedure}, px...)
	} else if len(px) > 0 {
		return Claim{}, interop.NewError(interop.CodeMissing, "/principal/procedure", "Prosedur utama tidak ada.", "The principal procedure is missing: a FHIR Claim lists it first.")
	}
	for i, code := range px {
		c.Procedure = append(c.Procedure, ClaimProcedure{Sequence: i + 1, ProcedureCodeableConcept: CodeableConcept{Coding: []Coding{{System: SystemICD9CM, Code: code}}}})
	}
	for i := range f.Lines {
		l := &f.Lines[i]
		it := ClaimItem{Sequence: i + 1, ServicedDate: l.Date.String(), Net: money(l.Amount)}
		if l.Date.IsZero() {
			it.ServicedDate = ""
		}
		kind := l.Kind
		if kind == "" {
			kind = claim.KindService
		}
		it.ProductOrService = CodeableConcept{Coding: []Coding{{System: SystemLineKind, Code: kind}}, Text: l.Description}
		if l.Category != "" {
			it.ProductOrService.Coding = append(it.ProductOrService.Coding, Coding{System: SystemBillCategory, Code: l.Category})
		}
		if l.Code != "" {
			it.ProductOrService.Coding = append(it.ProductOrService.Coding, Coding{System: SystemLineCode, Code: l.Code})
		}
		if l.Quantity != 0 {
			it.Quantity = &Quantity{Value: json.Number(strconv.FormatInt(int64(l.Quantity), 10))}
		}
		if l.UnitPrice != nil {
			it.UnitPrice = money(*l.UnitPrice)
		}
		if l.ICD10 != "" {
			it.Extension = append(it.Extension, Extension{URL: ExtLineICD10, ValueCoding: &Coding{System: SystemICD10, Code: l.ICD10}})
		}
		if l.ICD9CM != "" {
			it.Extension = append(it.Extension, Extension{URL: ExtLineICD9CM, ValueCoding: &Coding{System: SystemICD9CM, Code: l.ICD9CM}})
		}
		if l.InsidentalAction {
			it.Extension = append(it.Extension, Extension{URL: base + "insidental-action", ValueBoolean: ptrTrue()})
		}
		if l.MedicalIndication {
			it.Extension = append(it.Extension, Extension{URL: base + "medical-indication", ValueBoolean: ptrTrue()})
		}
		c.Item = append(c.Item, it)
	}
	if f.Total != nil {
		c.Total = money(*f.Total)
	}
	return c, nil
}

func ptrTrue() *bool { t := true; return &t }

// DecodeClaim reads a Claim; another resource type, or a malformed one,
// is a field error (see Outcome).
func DecodeClaim(data []byte) (*Claim, error) {
	var c Claim
	if err := json.Unmarshal(data, &c); err != nil || c.ResourceType != "Claim" {
		if terr := checkType(data, "Claim"); terr != nil {
			return nil, terr
		}
		return nil, jsonFault(err)
	}
	var errs rules.FieldErrors
	checkElements(data, "", "Claim", claimElements, &errs, &c.unmapped)
	checkExtensions(c.Extension, "/extension", claimExtension, &c.unmapped)
	if len(c.Item) > 0 {
		forEachKey(data, func(key, value []byte) {
			if string(key) != "item" {
				return
			}
			arrayElements(value, func(i int, elem []byte) {
				at := "/item/" + strconv.Itoa(i)
				checkElements(elem, at, "Claim.item", itemElements, &errs, &c.unmapped)
				if i < len(c.Item) {
					checkExtensions(c.Item[i].Extension, at+"/extension", itemExtension, &c.unmapped)
				}
			})
		})
	}
	if errs.Len() > 0 {
		return nil, errs.Err()
	}
	return &c, nil
}

// ClaimFile reads a Claim as a native claim file, under the rulebook rb
// (which gives a hospital named by its kode RS). Every fault is a field
// error with a JSON Pointer (rules.FieldErrors; see Outcome).
func ClaimFile(c *Claim, rb *rules.Rulebook) (*claim.File, error) {
	var errs rules.FieldErrors
	if c.ResourceType != "Claim" {
		errs.Add(interop.NewError(interop.CodeWrongResource, "/resourceType", "Bukan Claim.", "Not a Claim."))
		return nil, errs.Err()
	}
	f := &claim.File{}
	for i, e := range c.Extension {
		if e.URL != ExtClaimFile {
			continue
		}
		g, err := claim.UnmarshalFile([]byte(e.ValueString))
		if err != nil {
			errs.Add(interop.NewError(interop.CodeBadValue, "/extension/"+strconv.Itoa(i)+"/valueString", "Berkas klaim tidak sah: "+err.Error(), "The claim file is invalid: "+err.Error()))
		} else {
			f = g
		}
	}
	f.Patient = *patientFactsFrom(&f.Patient, c.Patient, c.Contained, c.Extension, &errs)
	for _, id := range c.Identifier {
		switch id.System {
		case SystemClaimID:
			f.ID = id.Value
		case SystemSJP:
			if f.Episode.SJP == nil {
				f.Episode.SJP = &referral.SJP{}
			}
			f.Episode.SJP.Number = id.Value
		}
	}
	switch pid := c.Provider.Identifier; {
	case pid != nil && pid.System == SystemFacility && pid.Value != "":
		f.Hospital = pid.Value
	case pid != nil && pid.System == SystemKodeRS:
		fac, ok := rb.FacilityByKodeRS(pid.Value)
		if !ok {
			errs.Add(interop.NewError(interop.CodeUnknownFacilty, "/provider/identifier/value", "Kode RS "+pid.Value+" tidak ada di rulebook.", "No facility of the rulebook has kode RS "+pid.Value+"."))
		}
		f.Hospital = fac.Code
	default:
		errs.Add(interop.NewError(interop.CodeMissing, "/provider/identifier", "Rumah sakit tidak dinamai (kode RS atau kode rulebook).", "The hospital is not named (kode RS or rulebook code)."))
	}
	if ct := c.SubType.code(SystemCareType); ct != "" {
		f.Episode.CareType = referral.CareType(ct)
	} else {
		errs.Add(interop.NewError(interop.CodeMissing, "/subType", "Jenis rawat (subType) tidak ada.", "The care type (subType) is missing."))
	}
	if bp := c.BillablePeriod; bp != nil {
		var err error
		if f.Episode.Admission, err = time.Parse(time.RFC3339, bp.Start); err != nil {
			errs.Add(interop.NewError(interop.CodeBadValue, "/billablePeriod/start", "Waktu masuk bukan dateTime lengkap dengan zona.", "The admission is not a full dateTime with its offset."))
		}
		if bp.End != "" {
			if f.Episode.Discharge, err = time.Parse(time.RFC3339, bp.End); err != nil {
				errs.Add(interop.NewError(interop.CodeBadValue, "/billablePeriod/end", "Waktu pulang bukan dateTime lengkap dengan zona.", "The discharge is not a full dateTime with its offset."))
			}
		}
	} else {
		errs.Add(interop.NewError(interop.CodeMissing, "/billablePeriod", "Masa rawat (billablePeriod) tidak ada.", "The stay (billablePeriod) is missing."))
	}
	for i, d := range c.Diagnosis {
		code := d.DiagnosisCodeableConcept.code(SystemICD10)
		if code == "" {
			errs.Add(interop.NewError(interop.CodeMissing, "/diagnosis/"+strconv.Itoa(i)+"/diagnosisCodeableConcept", "Kode ICD-10 tidak ada.", "No ICD-10 code."))
			continue
		}
		if i == 0 {
			f.Principal.Diagnosis = code
			f.INACBG = d.PackageCode.code(SystemINACBG)
		} else {
			f.Episode.Diagnoses = append(f.Episode.Diagnoses, code)
		}
	}
	for i, p := range c.Procedure {
		code := p.ProcedureCodeableConcept.code(SystemICD9CM)
		if code == "" {
			errs.Add(interop.NewError(interop.CodeMissing, "/procedure/"+strconv.Itoa(i)+"/procedureCodeableConcept", "Kode ICD-9-CM tidak ada.", "No ICD-9-CM code."))
			continue
		}
		if i == 0 {
			f.Principal.Procedure = code
		} else {
			f.Episode.Procedures = append(f.Episode.Procedures, code)
		}
	}
	for i := range c.Item {
		it := &c.Item[i]
		at := "/item/" + strconv.Itoa(i)
		l := claim.Line{Kind: it.ProductOrService.code(SystemLineKind), Category: it.ProductOrService.code(SystemBillCategory),
			Code: it.ProductOrService.code(SystemLineCode), Description: it.ProductOrService.Text}
		if l.Kind == claim.KindService {
			l.Kind = ""
		}
		if it.ServicedDate != "" {
			var err error
			if l.Date, err = rules.ParseDate(it.ServicedDate); err != nil {
				errs.Add(interop.NewError(interop.CodeBadValue, at+"/servicedDate", "servicedDate bukan YYYY-MM-DD.", "servicedDate is not YYYY-MM-DD."))
			}
		}
		if it.Net == nil {
			errs.Add(interop.NewError(interop.CodeMissing, at+"/net", "Jumlah (net) tidak ada.", "The amount (net) is missing."))
		} else if d, err := decimal.NewFromString(string(it.Net.Value)); err != nil || it.Net.Currency != "" && it.Net.Currency != "IDR" {
			errs.Add(interop.NewError(interop.CodeBadValue, at+"/net", "Jumlah bukan rupiah (IDR).", "The amount is not in rupiah (IDR)."))
		} else {
			l.Amount = d
		}
		if it.UnitPrice != nil {
			if d, err := decimal.NewFromString(string(it.UnitPrice.Value)); err == nil {
				l.UnitPrice = &d
			} else {
				errs.Add(interop.NewError(interop.CodeBadValue, at+"/unitPrice", "Harga satuan tidak sah.", "The unit price is invalid."))
			}
		}
		if it.Quantity != nil {
			n, err := strconv.Atoi(string(it.Quantity.Value))
			if err != nil || n <= 0 {
				errs.Add(interop.NewError(interop.CodeBadValue, at+"/quantity", "Jumlah satuan adalah bilangan bulat positif.", "The quantity is a positive whole number."))
			}
			l.Quantity = tariff.Quantity(n)
		}
		for _, e := range it.Extension {
			switch {
			case e.URL == ExtLineICD10 && e.ValueCoding != nil:
				l.ICD10 = e.ValueCoding.Code
			case e.URL == ExtLineICD9CM && e.ValueCoding != nil:
				l.ICD9CM = e.ValueCoding.Code
			case e.URL == base+"insidental-action" && e.ValueBoolean != nil:
				l.InsidentalAction = *e.ValueBoolean
			case e.URL == base+"medical-indication" && e.ValueBoolean != nil:
				l.MedicalIndication = *e.ValueBoolean
			}
		}
		f.Lines = append(f.Lines, l)
	}
	if c.Total != nil {
		if d, err := decimal.NewFromString(string(c.Total.Value)); err == nil {
			f.Total = &d
		} else {
			errs.Add(interop.NewError(interop.CodeBadValue, "/total", "Total tidak sah.", "The total is invalid."))
		}
	}
	if errs.Len() > 0 {
		return nil, errs.Err()
	}
	return f, nil
}
