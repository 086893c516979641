package claim

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strconv"

	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/internal/fault"
	"github.com/kartusehat/kartusehat/internal/jsonx"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
	"github.com/shopspring/decimal"
)

// File is a hospital's claim for one episode, as the host fills it once:
// the hospital, the patient's facts, the episode, the bill line by line,
// the stay's principal codes, the documents, the approvals, the deposits,
// a private agreement and a change of payer. Every field has a JSON name.
type File struct {
	// ID is the host's claim number; it is carried into the result.
	ID string `json:"id,omitempty"`
	// Hospital is the serving hospital's code in the rulebook; the
	// episode's facility defaults to it.
	Hospital string `json:"hospital"`
	// Membership is card (a KS-NIK card, or a resident's NIK) or
	// dinsos_letter (a Dinsos recommendation letter).
	Membership string `json:"membership"`
	// Patient are the patient's facts as the verifier finds them (a PBI
	// membership found at verification refuses the file).
	Patient eligibility.Facts `json:"patient"`
	// Episode is the visit or stay: admission, discharge, care type,
	// class, referral, SJP, emergency. Its diagnoses and procedures are
	// the file's principal codes, then the lines' codes; its patient NIK
	// defaults to the patient's.
	Episode referral.Episode `json:"episode"`
	// Principal is the stay's purpose: the principal diagnosis (ICD-10)
	// and procedure (ICD-9-CM). Only these, or a category the episode is
	// tagged with, exclude a whole stay.
	Principal Principal `json:"principal"`
	// INACBG is the case-mix group the grouper gave (K-1-17-I); special
	// CMGs added to it are top_up lines.
	INACBG string `json:"inacbg,omitempty"`
	// Insidental lists the intensive services of an insidental case (icu,
	// nicu, ...): the service lines are then the hospital's bill at its
	// own tariff.
	Insidental []string `json:"insidental,omitempty"`
	// Lines are the bill as the hospital submits it.
	Lines []Line `json:"lines"`
	// Total is the hospital's stated total, checked against its lines.
	Total *decimal.Decimal `json:"total,omitempty"`
	// Documents are the codes of the documents in the file (see Claim).
	Documents []string   `json:"documents"`
	Approvals []Approval `json:"approvals,omitempty"`
	Deposits  []Deposit  `json:"deposits,omitempty"`
	// PrivateAgreement: the hospital and the patient made an agreement of
	// their own (Juknis 440/Kep.21/2017 III item 15).
	PrivateAgreement bool `json:"private_agreement,omitempty"`
	// PayerChange is a change from general patient to Jamkesda during the
	// stay (Juknis 440/Kep.21/2017 III item 16).
	PayerChange *PayerChange `json:"payer_change,omitempty"`
	// Submitted is the day the file reached Dinkes; zero if not yet.
	Submitted rules.Date `json:"submitted,omitzero"`
}

// Principal is the principal diagnosis and procedure of a stay.
type Principal struct {
	Diagnosis string `json:"diagnosis,omitempty"`
	Procedure string `json:"procedure,omitempty"`
}

// The kinds of a bill line.
const (
	// KindService is a service of the stay (room, drug, laboratory,
	// procedure, consultation): inside the INA-CBG package, or at the
	// hospital's own tariff in an insidental case.
	KindService = "service"
	// KindTopUp is a special CMG added to the package; its Code is the
	// special CMG code.
	KindTopUp = "top_up"
	// KindDevice is a medical device outside the INA-CBG package.
	KindDevice = "device"
	// The items paid outside the package at the rulebook's tariff: Code
	// is the ambulance tier or the special consumable.
	KindAmbulance      = "ambulance"
	KindErythropoietin = "erythropoietin"
	KindBloodBag       = "blood_bag"
	KindAMHPKhusus     = "amhp_khusus"
)

// Line is one line of the hospital's bill.
type Line struct {
	Date rules.Date `json:"date"`
	// Kind is service (the default), top_up, device, ambulance,
	// erythropoietin, blood_bag or amhp_khusus.
	Kind string `json:"kind,omitempty"`
	// Category is the service category (room, drug, lab, procedure, ...)
	// or one the rulebook's exclusions name (cosmetic, milk, glasses, ...).
	Category string `json:"category,omitempty"`
	// Code is the special CMG of a top-up, the ambulance tier, or the
	// special consumable.
	Code string `json:"code,omitempty"`
	// ICD10 is the diagnosis the line treats, ICD9CM its procedure.
	ICD10       string          `json:"icd10,omitempty"`
	ICD9CM      string          `json:"icd9cm,omitempty"`
	Description string          `json:"description,omitempty"`
	Quantity    tariff.Quantity `json:"quantity,omitempty"` // 1 when not given; JSON refuses an explicit 0
	// UnitPrice is the PMI tariff of a blood bag or the standard tariff
	// of a special consumable.
	UnitPrice *decimal.Decimal `json:"unit_price,omitempty"`
	// Amount is what the hospital claims for the line.
	Amount decimal.Decimal `json:"amount"`
	// InsidentalAction marks an action for an insidental patient, which
	// needs Dinkes's approval.
	InsidentalAction bool `json:"insidental_action,omitempty"`
	// MedicalIndication states the line's medical indication (a
	// circumcision for phimosis, a reconstruction).
	MedicalIndication bool `json:"medical_indication,omitempty"`
}

// The approvals.
const (
	ApprovalDinkesAction      = "dinkes_action"              // each insidental action (IV.b.2.g)
	ApprovalDinkesDischarge   = "dinkes_discharge"           // an insidental inpatient's discharge (IV.b.2.o)
	ApprovalDinkesAMHP        = "dinkes_amhp"                // special consumables, insidental (IV.b.2.p)
	ApprovalCommitteeDirector = "medical_committee_director" // a device outside the package (IV.b.2.h)
)

// Approval is one approval in the file, for a named line (1-based) or, for
// the discharge, for the stay.
type Approval struct {
	Kind   string     `json:"kind"`
	Line   int        `json:"line,omitempty"`
	Date   rules.Date `json:"date,omitzero"`
	Number string     `json:"number,omitempty"`
}

// Deposit is money the inpatient paid the hospital.
type Deposit struct {
	Date   rules.Date      `json:"date"`
	Amount decimal.Decimal `json:"amount"`
}

// PayerChange is a general patient becoming a Jamkesda patient during the
// stay: from Date, with CutOff true when the hospital settled and cut off
// the costs before it.
type PayerChange struct {
	Date   rules.Date `json:"date"`
	CutOff bool       `json:"cut_off"`
}

// maxFileBytes bounds one claim file.
const maxFileBytes = 4 << 20

// DecodeFile reads one File from JSON, strictly: unknown fields (a key
// that matches a field only ignoring case too), a key given twice in one
// object, wrong types and trailing data are *rules.FieldError values naming the
// field.
func DecodeFile(r io.Reader) (*File, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxFileBytes {
		return nil, fieldErrf("(input)", "a claim file larger than %d bytes", maxFileBytes)
	}
	return UnmarshalFile(data)
}

// UnmarshalFile is DecodeFile on a byte slice.
func UnmarshalFile(data []byte) (*File, error) {
	f := new(File)
	if err := unmarshalFile(data, f); err != nil {
		return nil, err
	}
	return f, nil
}

func unmarshalFile(data []byte, f *File) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(f); err != nil {
		return jsonError(data, err)
	}
	if dec.More() {
		return fieldErrf("(input)", "more than one JSON value; a batch is JSON Lines, one file a line")
	}
	if err := jsonx.CheckKeys(data, fileType); err != nil {
		return problemErr(jsonx.KeyProblem(err.(*jsonx.KeyError)))
	}
	return nil
}

var fileType = reflect.TypeFor[File]()

// problemErr is the *rules.FieldError of a decoder's problem.
func problemErr(p jsonx.Problem) *rules.FieldError {
	fe := fault.New(rules.ErrorCode(p.Code), p.Pointer, p.ID, p.EN)
	fe.Kind, fe.Err = ErrClaim, p.Err
	return fe
}

// jsonError turns the decoder's error on data into a *rules.FieldError
// naming the field. encoding/json names no field for the error of a
// type's own UnmarshalJSON or UnmarshalText (a quantity out of range, a
// NIK, a date): it is found in data.
func jsonError(data []byte, err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Type == reflect.TypeFor[tariff.Quantity]() {
		return fieldErrf(te.Field, "expected a whole number from 1 to %d in digits only, found a JSON %s", tariff.MaxQuantity, te.Value)
	}
	p := jsonx.DecodeProblem(data, err)
	var own *rules.FieldError
	if p.Pointer == "" && errors.As(err, &own) {
		cp := own.WithKind(ErrClaim)
		cp.Pointer = jsonx.Locate(data, func(key string, v any) bool {
			var err error
			switch t := v.(type) {
			case float64:
				if key == "quantity" {
					var q tariff.Quantity
					b, _ := json.Marshal(t)
					err = q.UnmarshalJSON(b)
				}
			case string:
				switch key {
				case "nik", "niks", "patient_nik", "parent_nik":
					_, err = eligibility.ParseNIK(t)
				case "date", "valid_through", "submitted":
					_, err = rules.ParseDate(t)
				}
			}
			return err != nil && err.Error() == own.Error()
		})
		return cp
	}
	return problemErr(p)
}

// validate checks the file on its own, before any rule is applied. It
// reports every problem (up to rules.MaxFieldErrors): a *rules.FieldError
// when there is one, a *rules.FieldErrors when there are several.
func (f *File) validate() error {
	var errs rules.FieldErrors
	if f.Hospital == "" && f.Episode.Facility == "" {
		errs.Add(fieldErrf("hospital", "required: the hospital's code"))
	}
	if f.Hospital != "" && f.Episode.Facility != "" && f.Hospital != f.Episode.Facility {
		errs.Add(fieldErrf("episode.facility", "%q is not the file's hospital %q", f.Episode.Facility, f.Hospital))
	}
	if f.Membership != "card" && f.Membership != "dinsos_letter" {
		errs.Add(fieldErrf("membership", "%q is not card or dinsos_letter", f.Membership))
	}
	dates := true // admission and discharge are valid dates, to compare others with
	if f.Episode.Admission.IsZero() {
		errs.Add(fieldErrf("episode.admission", "required"))
		dates = false
	} else if _, err := rules.DateFromTime(f.Episode.Admission); err != nil {
		errs.Add(causeErr("episode.admission", err.Error(), err))
		dates = false
	}
	if !f.Episode.Discharge.IsZero() {
		if _, err := rules.DateFromTime(f.Episode.Discharge); err != nil {
			errs.Add(causeErr("episode.discharge", err.Error(), err))
			dates = false
		} else if dates && f.Episode.Discharge.Before(f.Episode.Admission) {
			errs.Add(fieldErrf("episode.discharge", "is before the admission"))
			dates = false
		}
	}
	if len(f.Lines) == 0 {
		errs.Add(fieldErrf("lines", "required: the bill, line by line"))
	}
	adm := f.Episode.ServiceDate()
	end := f.serviceEnd()
	for i := range f.Lines {
		l := &f.Lines[i]
		field := func(s string) string { return "lines[" + strconv.Itoa(i) + "]." + s }
		switch l.Kind {
		case "", KindService, KindTopUp, KindDevice, KindAmbulance, KindErythropoietin, KindBloodBag, KindAMHPKhusus:
		default:
			errs.Add(fieldErrf(field("kind"), "%q is not service, top_up, device, ambulance, erythropoietin, blood_bag or amhp_khusus", l.Kind))
		}
		if l.Date.IsZero() {
			errs.Add(fieldErrf(field("date"), "required"))
		} else if dates && l.Date.Before(adm) {
			errs.Add(fieldErrf(field("date"), "%s is before the admission on %s", l.Date, adm))
		} else if dates && l.Date.After(end) {
			errs.Add(fieldErrf(field("date"), "%s is after the service ended on %s", l.Date, end))
		}
		if l.Amount.IsNegative() {
			errs.Add(fieldErrf(field("amount"), "negative amount %s", l.Amount))
		} else if l.Amount.Cmp(maxAmount) > 0 {
			errs.Add(fieldErrf(field("amount"), "amount %s is more than %s", l.Amount, maxAmount))
		}
		if l.Quantity < 0 || l.Quantity > tariff.MaxQuantity {
			errs.Add(fieldErrf(field("quantity"), "quantity %d is not between 1 and %d (0 is not given: 1)", l.Quantity, tariff.MaxQuantity))
		}
		if l.UnitPrice != nil && (l.UnitPrice.IsNegative() || l.UnitPrice.GreaterThan(maxAmount)) {
			errs.Add(fieldErrf(field("unit_price"), "unit price %s is negative or too large", l.UnitPrice))
		}
		if (l.Kind == KindTopUp) && l.Code == "" {
			errs.Add(fieldErrf(field("code"), "required: the special CMG code"))
		}
		if (l.Kind == KindBloodBag || l.Kind == KindAMHPKhusus) && l.UnitPrice == nil {
			errs.Add(fieldErrf(field("unit_price"), "required for %s: the tariff it is paid at", l.Kind))
		}
	}
	for i, a := range f.Approvals {
		field := "approvals[" + strconv.Itoa(i) + "]"
		switch a.Kind {
		case ApprovalDinkesAction, ApprovalDinkesAMHP, ApprovalCommitteeDirector:
			if a.Line < 1 || a.Line > len(f.Lines) {
				errs.Add(fieldErrf(field+".line", "%d is not a line of the bill (1 to %d)", a.Line, len(f.Lines)))
			}
		case ApprovalDinkesDischarge:
		default:
			errs.Add(fieldErrf(field+".kind", "%q is not dinkes_action, dinkes_discharge, dinkes_amhp or medical_committee_director", a.Kind))
		}
	}
	for i, d := range f.Deposits {
		if d.Amount.IsNegative() || d.Amount.GreaterThan(maxAmount) {
			errs.Add(fieldErrf("deposits["+strconv.Itoa(i)+"].amount", "amount %s is negative or too large", d.Amount))
		}
	}
	if pc := f.PayerChange; pc != nil {
		if pc.Date.IsZero() {
			errs.Add(fieldErrf("payer_change.date", "required"))
		} else if dates && pc.Date.Before(adm) {
			errs.Add(fieldErrf("payer_change.date", "%s is before the admission on %s", pc.Date, adm))
		} else if dates && pc.Date.After(end) {
			errs.Add(fieldErrf("payer_change.date", "%s is after the service ended on %s", pc.Date, end))
		}
	}
	if dates && !f.Submitted.IsZero() && f.Submitted.Before(end) {
		errs.Add(fieldErrf("submitted", "%s is before the service ended on %s", f.Submitted, end))
	}
	return errs.Err()
}

// maxAmount bounds every amount (a trillion rupiah), which keeps sums in
// int64.
var maxAmount = decimal.NewFromInt(1_000_000_000_000)

// serviceEnd is the last day of the service: the discharge, or the
// admission day of a visit without one.
func (f *File) serviceEnd() rules.Date {
	if !f.Episode.Discharge.IsZero() {
		d, _ := rules.DateFromTime(f.Episode.Discharge) // zero outside 0001-9999, which Validate refuses
		return d
	}
	return f.Episode.ServiceDate()
}

// ServiceEnd is the last day of the file's service.
func (f *File) ServiceEnd() rules.Date { return f.serviceEnd() }

// Service is the row of the file in the monthly recap: card_outpatient,
// card_inpatient, dinsos_outpatient or dinsos_inpatient (an IGD visit not
// admitted counts as outpatient).
func (f *File) Service() string {
	in := f.Episode.CareType == referral.Inpatient
	switch {
	case f.Membership == "dinsos_letter" && in:
		return ServiceDinsosInpatient
	case f.Membership == "dinsos_letter":
		return ServiceDinsosOutpatient
	case in:
		return ServiceCardInpatient
	}
	return ServiceCardOutpatient
}

// The services of the recap, in the order of the 2017 table (Jannah 2019
// app. J).
const (
	ServiceCardOutpatient   = "card_outpatient"
	ServiceCardInpatient    = "card_inpatient"
	ServiceDinsosOutpatient = "dinsos_outpatient"
	ServiceDinsosInpatient  = "dinsos_inpatient"
)

// Services lists the recap's services in the order of its rows.
var Services = [4]string{ServiceCardOutpatient, ServiceCardInpatient, ServiceDinsosOutpatient, ServiceDinsosInpatient}

// serviceIndex is the row of service s, or -1 for no service of the
// recap.
func serviceIndex(s string) int {
	for i, x := range Services {
		if x == s {
			return i
		}
	}
	return -1
}
