// Package referral assesses the care pathway of a Jamkesda episode: whether
// the visit or stay is covered on its referral, who pays, what is missing,
// and by when (Perda 9/2018 Ps.16 and Ps.18; Juknis 440/Kep.21/2017 III
// and IV.b.2).
//
// Assess is a pure function of an Episode, the patient's eligibility
// Decision and a rules.Snapshot. Its Assessment gives the payer, reasons
// and warnings with stable codes, Bahasa Indonesia and English messages
// and citations, every deadline computed with the rulebook's working-day
// calendar, and the provenance of the parameters it read.
package referral

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/kartusehat/kartusehat/internal/jsonx"
	"github.com/kartusehat/kartusehat/internal/mask"
	"io"
	"reflect"
	"strings"
	"time"

	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/rules"
)

// CareType is the kind of care of an episode.
type CareType string

// The care types.
const (
	Outpatient CareType = "outpatient" // rawat jalan
	Inpatient  CareType = "inpatient"  // rawat inap
	IGD        CareType = "igd"        // emergency department visit, not admitted
)

// Emergency is the IGD doctor's certification.
type Emergency string

// The certifications.
const (
	NoEmergency    Emergency = ""
	TrueEmergency  Emergency = "true_emergency"
	FalseEmergency Emergency = "false_emergency"
)

// Referral is the referral letter (surat rujukan) the patient came with.
type Referral struct {
	// From is the referring facility's code in the rulebook.
	From string     `json:"from"`
	Date rules.Date `json:"date"`
	// Reason is medical (on the examining doctor's indication) or
	// non_medical (bed capacity).
	Reason string `json:"reason"`
	// Kind is full, or partial (for one service; paid by the referring
	// facility, Juknis III.h).
	Kind string `json:"kind"`
	// Diagnosis is the referral diagnosis, ICD-10.
	Diagnosis string `json:"diagnosis,omitempty"`
	// StatedReason justifies referring a diagnosis a puskesmas treats
	// itself: time, age, complication or comorbidity.
	StatedReason string `json:"stated_reason,omitempty"`
	// What the referring hospital did before an inter-hospital referral
	// (Juknis 440/Kep.21/2017 IV.b.2.l, III.j), where the host knows it;
	// nil is not known and is not checked. BedConfirmed: it contacted the
	// receiving hospital and confirmed a free bed or the service needed;
	// Ambulance: the patient came by ambulance; Nurse: with an
	// accompanying nurse.
	BedConfirmed *bool `json:"bed_confirmed,omitempty"`
	Ambulance    *bool `json:"ambulance,omitempty"`
	Nurse        *bool `json:"nurse,omitempty"`
}

// SJP is the service guarantee letter (Surat Jaminan Pelayanan) issued by
// Dinkes.
type SJP struct {
	Number string          `json:"number,omitempty"`
	NIK    eligibility.NIK `json:"nik"`
	Issued time.Time       `json:"issued"`
}

// Episode is one visit or stay, as the hospital records it.
type Episode struct {
	// PatientNIK identifies the patient; it may be empty only for a
	// newborn without a NIK.
	PatientNIK eligibility.NIK `json:"patient_nik"`
	// Facility is the serving facility's code in the rulebook.
	Facility  string    `json:"facility"`
	CareType  CareType  `json:"care_type"`
	Emergency Emergency `json:"emergency,omitempty"`
	// Admission and Discharge are the date-times of arrival and
	// departure, with their UTC offset (WIB is +07:00).
	Admission time.Time `json:"admission"`
	Discharge time.Time `json:"discharge,omitzero"`
	Referral  *Referral `json:"referral,omitempty"`
	SJP       *SJP      `json:"sjp,omitempty"`
	// DocumentsComplete is when the last of the required documents was
	// handed in (after an emergency admission on the card alone).
	DocumentsComplete time.Time `json:"documents_complete,omitzero"`
	// ReportedToDinkes is when a non-partner facility reported an
	// emergency patient to Dinkes (Perda 9/2018 Ps.18b).
	ReportedToDinkes time.Time `json:"reported_to_dinkes,omitzero"`
	// Class is the treatment class the inpatient occupied (1, 2 or 3);
	// 0 means class III.
	Class int `json:"class,omitempty"`
	// ClassReason explains a class above III: class3_full or own_wish.
	ClassReason string `json:"class_reason,omitempty"`
	// ControlVisit marks a follow-up visit at the hospital.
	ControlVisit bool `json:"control_visit,omitempty"`
	// PreviousVisit is the date of the visit a control visit follows.
	PreviousVisit rules.Date `json:"previous_visit,omitzero"`
	// OtherPayer names another guarantor of the care: work_accident or
	// traffic_accident.
	OtherPayer string `json:"other_payer,omitempty"`
	// CaesareanHealthyBaby marks the stay of a healthy baby of a mother
	// delivered by caesarean section, billed on its own SJP (Juknis III.i).
	CaesareanHealthyBaby bool `json:"caesarean_healthy_baby,omitempty"`
	// BackReferralSent: the receiving hospital sent the back-referral.
	BackReferralSent bool `json:"back_referral_sent,omitempty"`
	// Diagnoses are the episode's ICD-10 codes, Procedures its ICD-9-CM
	// codes, and Categories the service categories the host tags it with
	// (cosmetic, general_check_up, wheelchair, ...): the exclusions of the
	// rulebook are matched against them.
	Diagnoses  []string `json:"diagnoses,omitempty"`
	Procedures []string `json:"procedures,omitempty"`
	Categories []string `json:"categories,omitempty"`
	// MedicalIndication states that the service had a medical indication:
	// exclusions that apply only without one (circumcision, abortion) then
	// do not apply.
	MedicalIndication bool `json:"medical_indication,omitempty"`
	// ProofHandedIn is when the participant handed in the KS-NIK card or
	// other proof after being served without it (Perda 9/2018 Ps.16(3),
	// Ps.18c), and ProofKind what it was: ks_nik, birth_certificate,
	// birth_letter, dinsos_letter or ektp_kk.
	ProofHandedIn time.Time `json:"proof_handed_in,omitzero"`
	ProofKind     string    `json:"proof_kind,omitempty"`
	// Insidental marks an insidental (intensive) stay, whose discharge
	// Dinkes approves (Juknis 440/Kep.21/2017 IV.b.2.o); DischargeApproved
	// is when it did.
	Insidental        bool      `json:"insidental,omitempty"`
	DischargeApproved time.Time `json:"discharge_approved,omitzero"`
	// DepositPaid: the inpatient paid the hospital a deposit;
	// DepositOnBill: the hospital reported it and shows it on the bill
	// (Juknis 440/Kep.21/2017 IV.b.2.q).
	DepositPaid   bool `json:"deposit_paid,omitempty"`
	DepositOnBill bool `json:"deposit_on_bill,omitempty"`
	// ProviderRefused: the facility refused to serve the participant
	// (Perda 9/2018 Ps.19(2), Ps.18c).
	ProviderRefused bool `json:"provider_refused,omitempty"`
	// AsOf is when the assessment is made (the host's clock, passed in:
	// the library reads none). Deadlines that have passed by then with
	// their document still missing are late; without AsOf they are only
	// listed.
	AsOf time.Time `json:"as_of,omitzero"`
}

// ErrEpisode is wrapped by every FieldError.
var ErrEpisode = errors.New("referral: invalid episode")

// FieldError reports an episode field that is missing, malformed, or
// contradicts another.
type FieldError struct {
	Field string
	Msg   string
	Err   error
}

// Error implements the error interface.
func (e *FieldError) Error() string { return mask.Digits("referral: " + e.Field + ": " + e.Msg) }

// Unwrap returns ErrEpisode and the underlying error.
func (e *FieldError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrEpisode, e.Err}
	}
	return []error{ErrEpisode}
}

func fieldErr(field, format string, args ...any) *FieldError {
	return &FieldError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

// ServiceDate is the date of service: the calendar date of admission in
// its own time zone; the zero Date for an admission outside the years
// 0001-9999 (which Validate refuses).
func (ep *Episode) ServiceDate() rules.Date { d, _ := rules.DateFromTime(ep.Admission); return d }

// Validate checks the episode on its own and against the rulebook in s:
// required fields, facility codes, dates that contradict each other. It
// returns the first problem as a *FieldError.
func (ep *Episode) Validate(s rules.Snapshot) error {
	if err := s.Check(); err != nil {
		return &FieldError{Field: "(snapshot)", Msg: err.Error(), Err: err}
	}
	_, _, err := ep.validate(s)
	return err
}

// noFacility is the referring facility of an episode without a referral.
var noFacility rules.Facility

// validate checks the episode against itself and the rulebook, and
// returns the serving and referring facilities (the rulebook's own: read
// them, never write them; the zero Facility without a referral).
func (ep *Episode) validate(s rules.Snapshot) (fac, from *rules.Facility, err error) {
	var ok bool
	if ep.Facility == "" {
		return nil, nil, fieldErr("facility", "required: the serving facility's code")
	}
	if fac, ok = s.FacilityRef(ep.Facility); !ok {
		return nil, nil, fieldErr("facility", "unknown facility code %q", ep.Facility)
	}
	from = &noFacility
	return fac, from, ep.validateRest(s, &from)
}

func (ep *Episode) validateRest(s rules.Snapshot, from **rules.Facility) error {
	var ok bool
	switch ep.CareType {
	case Outpatient, Inpatient, IGD:
	default:
		return fieldErr("care_type", "%q is not outpatient, inpatient or igd", ep.CareType)
	}
	switch ep.Emergency {
	case NoEmergency, TrueEmergency, FalseEmergency:
	default:
		return fieldErr("emergency", "%q is not true_emergency or false_emergency", ep.Emergency)
	}
	if ep.Admission.IsZero() {
		return fieldErr("admission", "required")
	}
	if _, err := rules.DateOfTime(ep.Admission); err != nil {
		return &FieldError{Field: "admission", Msg: err.Error(), Err: err}
	}
	if !ep.Discharge.IsZero() && ep.Discharge.Before(ep.Admission) {
		return fieldErr("discharge", "%s is before the admission %s", ep.Discharge.Format(time.RFC3339), ep.Admission.Format(time.RFC3339))
	}
	if r := ep.Referral; r != nil {
		if r.From == "" {
			return fieldErr("referral.from", "required: the referring facility's code")
		}
		if *from, ok = s.FacilityRef(r.From); !ok {
			return fieldErr("referral.from", "unknown facility code %q", r.From)
		}
		if r.From == ep.Facility {
			return fieldErr("referral.from", "a facility does not refer to itself")
		}
		if r.Date.IsZero() {
			return fieldErr("referral.date", "required")
		}
		if r.Date.After(ep.ServiceDate()) {
			return fieldErr("referral.date", "%s is after the admission on %s", r.Date, ep.ServiceDate())
		}
		if r.Reason != "medical" && r.Reason != "non_medical" {
			return fieldErr("referral.reason", "%q is not medical or non_medical", r.Reason)
		}
		if r.Kind != "full" && r.Kind != "partial" {
			return fieldErr("referral.kind", "%q is not full or partial", r.Kind)
		}
		switch r.StatedReason {
		case "", "time", "age", "complication", "comorbidity":
		default:
			return fieldErr("referral.stated_reason", "%q is not time, age, complication or comorbidity", r.StatedReason)
		}
	}
	if j := ep.SJP; j != nil {
		if j.Issued.IsZero() {
			return fieldErr("sjp.issued", "required")
		}
		if !j.NIK.IsZero() && !ep.PatientNIK.IsZero() && j.NIK != ep.PatientNIK {
			return fieldErr("sjp.nik", "the SJP is for NIK %s, the patient is %s", j.NIK, ep.PatientNIK)
		}
	}
	switch ep.ProofKind {
	case "", "ks_nik", "birth_certificate", "birth_letter", "dinsos_letter", "ektp_kk":
	default:
		return fieldErr("proof_kind", "%q is not ks_nik, birth_certificate, birth_letter, dinsos_letter or ektp_kk", ep.ProofKind)
	}
	if !ep.ProofHandedIn.IsZero() && ep.ProofKind == "" {
		return fieldErr("proof_kind", "required with proof_handed_in: what was handed in")
	}
	if !ep.ProofHandedIn.IsZero() && ep.ProofHandedIn.Before(ep.Admission) {
		return fieldErr("proof_handed_in", "%s is before the admission %s", ep.ProofHandedIn.Format(time.RFC3339), ep.Admission.Format(time.RFC3339))
	}
	if !ep.DischargeApproved.IsZero() && !ep.Insidental {
		return fieldErr("discharge_approved", "a discharge approval is for an insidental stay (insidental: true)")
	}
	if ep.DepositOnBill && !ep.DepositPaid {
		return fieldErr("deposit_on_bill", "no deposit was paid (deposit_paid)")
	}
	if ep.Class < 0 || ep.Class > 3 {
		return fieldErr("class", "%d is not a treatment class 1, 2 or 3", ep.Class)
	}
	if ep.Class != 0 && ep.Class != 3 && ep.CareType != Inpatient {
		return fieldErr("class", "a treatment class is for inpatients")
	}
	switch ep.ClassReason {
	case "":
		if ep.Class == 1 || ep.Class == 2 {
			return fieldErr("class_reason", "required for class %d: class3_full or own_wish", ep.Class)
		}
	case "class3_full", "own_wish":
	default:
		return fieldErr("class_reason", "%q is not class3_full or own_wish", ep.ClassReason)
	}
	switch ep.OtherPayer {
	case "", "work_accident", "traffic_accident":
	default:
		return fieldErr("other_payer", "%q is not work_accident or traffic_accident", ep.OtherPayer)
	}
	if ep.ControlVisit && !ep.PreviousVisit.IsZero() && ep.PreviousVisit.After(ep.ServiceDate()) {
		return fieldErr("previous_visit", "%s is after this visit on %s", ep.PreviousVisit, ep.ServiceDate())
	}
	return nil
}

// DecodeEpisode reads one Episode from JSON, strictly: unknown fields
// (a key that matches a field only ignoring case too) and a key given
// twice in one object are errors naming the field, and so is anything
// after the object.
func DecodeEpisode(r io.Reader) (*Episode, error) {
	data, err := io.ReadAll(io.LimitReader(r, 1<<20))
	if err != nil {
		return nil, err
	}
	var ep Episode
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ep); err != nil {
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &te):
			return nil, &FieldError{Field: te.Field, Msg: fmt.Sprintf("expected %s, found a JSON %s", te.Type, te.Value)}
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			return nil, &FieldError{Field: strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`), Msg: "unknown field (check its spelling)"}
		}
		return nil, &FieldError{Field: "(input)", Msg: err.Error(), Err: err}
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fieldErr("(input)", "trailing data after the episode: give one JSON object")
	}
	if err := jsonx.CheckKeys(data, reflect.TypeFor[Episode]()); err != nil {
		ke := err.(*jsonx.KeyError)
		return nil, &FieldError{Field: ke.Path, Msg: ke.Message(), Err: ke}
	}
	return &ep, nil
}
