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
	"io"
	"reflect"
	"strings"
	"time"

	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/internal/fault"
	"github.com/kartusehat/kartusehat/internal/jsonx"
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

// ErrEpisode is wrapped by every *rules.FieldError of this package.
var ErrEpisode = errors.New("referral: invalid episode")

// fieldErr is a *rules.FieldError of this package at ptr: id and en are
// the Indonesian and English formats of its message, with the same args.
func fieldErr(code rules.ErrorCode, ptr, id, en string, args ...any) *rules.FieldError {
	if len(args) > 0 {
		id, en = fmt.Sprintf(id, args...), fmt.Sprintf(en, args...)
	}
	fe := fault.New(code, ptr, id, en)
	fe.Kind = ErrEpisode
	return fe
}

// causeErr is the field error at ptr that err, an error of the rules
// package (a date the rules cannot speak for, a missing calendar),
// caused: its code is the one fault.CodeOf gives, its text err's.
func causeErr(ptr string, err error) *rules.FieldError {
	code := fault.CodeOf(err)
	if code == "" {
		code = rules.CodeNoRules
	}
	fe := fieldErr(code, ptr, "", strings.TrimPrefix(err.Error(), "rules: "))
	fe.Err = err
	return fe
}

// ServiceDate is the date of service: the calendar date of admission in
// its own time zone; the zero Date for an admission outside the years
// 0001-9999 (which Validate refuses).
func (ep *Episode) ServiceDate() rules.Date { d, _ := rules.DateFromTime(ep.Admission); return d }

// Validate checks the episode on its own and against the rulebook in s:
// required fields, facility codes, dates that contradict each other. It
// reports every problem (up to rules.MaxFieldErrors): a *rules.FieldError
// when there is one, a *rules.FieldErrors when there are several, each
// with its JSON Pointer (/referral/date) and code.
func (ep *Episode) Validate(s rules.Snapshot) error {
	if err := s.Check(); err != nil {
		return causeErr("", err)
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
	var errs rules.FieldErrors
	var ok bool
	if ep.Facility == "" {
		errs.Add(fieldErr(rules.CodeMissing, "/facility", "wajib diisi: kode fasilitas yang melayani", "required: the serving facility's code"))
	} else if fac, ok = s.FacilityRef(ep.Facility); !ok {
		errs.Add(fieldErr(rules.CodeBadValue, "/facility", "kode fasilitas %q tidak dikenal", "unknown facility code %q", ep.Facility))
	}
	from = &noFacility
	ep.validateRest(&errs, s, &from)
	if err := errs.Err(); err != nil {
		return nil, nil, err
	}
	return fac, from, nil
}

func (ep *Episode) validateRest(errs *rules.FieldErrors, s rules.Snapshot, from **rules.Facility) {
	const (
		missing      = rules.CodeMissing
		bad          = rules.CodeBadValue
		inconsistent = rules.CodeInconsistent
	)
	add := func(code rules.ErrorCode, ptr, id, en string, args ...any) {
		errs.Add(fieldErr(code, ptr, id, en, args...))
	}
	var ok bool
	switch ep.CareType {
	case Outpatient, Inpatient, IGD:
	default:
		add(bad, "/care_type", "%q bukan outpatient, inpatient atau igd", "%q is not outpatient, inpatient or igd", ep.CareType)
	}
	switch ep.Emergency {
	case NoEmergency, TrueEmergency, FalseEmergency:
	default:
		add(bad, "/emergency", "%q bukan true_emergency atau false_emergency", "%q is not true_emergency or false_emergency", ep.Emergency)
	}
	admission := false // a valid admission, to compare dates with
	if ep.Admission.IsZero() {
		add(missing, "/admission", "", "")
	} else if _, err := rules.DateFromTime(ep.Admission); err != nil {
		errs.Add(causeErr("/admission", err))
	} else {
		admission = true
	}
	if admission && !ep.Discharge.IsZero() && ep.Discharge.Before(ep.Admission) {
		add(inconsistent, "/discharge", "%s sebelum masuk %s", "%s is before the admission %s", ep.Discharge.Format(time.RFC3339), ep.Admission.Format(time.RFC3339))
	}
	if r := ep.Referral; r != nil {
		switch {
		case r.From == "":
			add(missing, "/referral/from", "wajib diisi: kode fasilitas perujuk", "required: the referring facility's code")
		case r.From == ep.Facility:
			add(inconsistent, "/referral/from", "fasilitas tidak merujuk ke dirinya sendiri", "a facility does not refer to itself")
		default:
			if *from, ok = s.FacilityRef(r.From); !ok {
				*from = &noFacility
				add(bad, "/referral/from", "kode fasilitas %q tidak dikenal", "unknown facility code %q", r.From)
			}
		}
		if r.Date.IsZero() {
			add(missing, "/referral/date", "", "")
		} else if admission && r.Date.After(ep.ServiceDate()) {
			add(inconsistent, "/referral/date", "%s sesudah tanggal masuk %s", "%s is after the admission on %s", r.Date, ep.ServiceDate())
		}
		if r.Reason != "medical" && r.Reason != "non_medical" {
			add(bad, "/referral/reason", "%q bukan medical atau non_medical", "%q is not medical or non_medical", r.Reason)
		}
		if r.Kind != "full" && r.Kind != "partial" {
			add(bad, "/referral/kind", "%q bukan full atau partial", "%q is not full or partial", r.Kind)
		}
		switch r.StatedReason {
		case "", "time", "age", "complication", "comorbidity":
		default:
			add(bad, "/referral/stated_reason", "%q bukan time, age, complication atau comorbidity", "%q is not time, age, complication or comorbidity", r.StatedReason)
		}
	}
	if j := ep.SJP; j != nil {
		if j.Issued.IsZero() {
			add(missing, "/sjp/issued", "", "")
		}
		if !j.NIK.IsZero() && !ep.PatientNIK.IsZero() && j.NIK != ep.PatientNIK {
			add(inconsistent, "/sjp/nik", "SJP untuk NIK %s, pasiennya %s", "the SJP is for NIK %s, the patient is %s", j.NIK, ep.PatientNIK)
		}
	}
	switch ep.ProofKind {
	case "", "ks_nik", "birth_certificate", "birth_letter", "dinsos_letter", "ektp_kk":
		if !ep.ProofHandedIn.IsZero() && ep.ProofKind == "" {
			add(missing, "/proof_kind", "wajib diisi bersama proof_handed_in: apa yang diserahkan", "required with proof_handed_in: what was handed in")
		}
	default:
		add(bad, "/proof_kind", "%q bukan ks_nik, birth_certificate, birth_letter, dinsos_letter atau ektp_kk", "%q is not ks_nik, birth_certificate, birth_letter, dinsos_letter or ektp_kk", ep.ProofKind)
	}
	if admission && !ep.ProofHandedIn.IsZero() && ep.ProofHandedIn.Before(ep.Admission) {
		add(inconsistent, "/proof_handed_in", "%s sebelum masuk %s", "%s is before the admission %s", ep.ProofHandedIn.Format(time.RFC3339), ep.Admission.Format(time.RFC3339))
	}
	if !ep.DischargeApproved.IsZero() && !ep.Insidental {
		add(inconsistent, "/discharge_approved", "persetujuan pulang hanya untuk rawat insidental (insidental: true)", "a discharge approval is for an insidental stay (insidental: true)")
	}
	if ep.DepositOnBill && !ep.DepositPaid {
		add(inconsistent, "/deposit_on_bill", "tidak ada uang muka yang dibayar (deposit_paid)", "no deposit was paid (deposit_paid)")
	}
	if ep.Class < 0 || ep.Class > 3 {
		add(bad, "/class", "%d bukan kelas perawatan 1, 2 atau 3", "%d is not a treatment class 1, 2 or 3", ep.Class)
	} else if ep.Class != 0 && ep.Class != 3 && ep.CareType != Inpatient {
		add(inconsistent, "/class", "kelas perawatan hanya untuk rawat inap", "a treatment class is for inpatients")
	}
	switch ep.ClassReason {
	case "":
		if ep.Class == 1 || ep.Class == 2 {
			add(missing, "/class_reason", "wajib diisi untuk kelas %d: class3_full atau own_wish", "required for class %d: class3_full or own_wish", ep.Class)
		}
	case "class3_full", "own_wish":
	default:
		add(bad, "/class_reason", "%q bukan class3_full atau own_wish", "%q is not class3_full or own_wish", ep.ClassReason)
	}
	switch ep.OtherPayer {
	case "", "work_accident", "traffic_accident":
	default:
		add(bad, "/other_payer", "%q bukan work_accident atau traffic_accident", "%q is not work_accident or traffic_accident", ep.OtherPayer)
	}
	if admission && ep.ControlVisit && !ep.PreviousVisit.IsZero() && ep.PreviousVisit.After(ep.ServiceDate()) {
		add(inconsistent, "/previous_visit", "%s sesudah kunjungan ini pada %s", "%s is after this visit on %s", ep.PreviousVisit, ep.ServiceDate())
	}
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
		return nil, problemErr(data, jsonx.DecodeProblem(data, err), err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fieldErr(rules.CodeBadJSON, "", "ada data sesudah episode: berikan satu objek JSON", "trailing data after the episode: give one JSON object")
	}
	if err := jsonx.CheckKeys(data, reflect.TypeFor[Episode]()); err != nil {
		return nil, problemErr(data, jsonx.KeyProblem(err.(*jsonx.KeyError)), nil)
	}
	return &ep, nil
}

// problemErr is the *rules.FieldError of a decoder's problem; err is the
// decoder's error, whose own field error (a NIK's, a date's) is kept with
// the pointer of the first value of data that does not parse.
func problemErr(data []byte, p jsonx.Problem, err error) *rules.FieldError {
	var own *rules.FieldError
	if p.Pointer == "" && errors.As(err, &own) {
		cp := own.WithKind(ErrEpisode)
		cp.Pointer = jsonx.Locate(data, func(key string, v any) bool {
			t, ok := v.(string)
			if !ok {
				return false
			}
			var err error
			switch key {
			case "nik", "patient_nik":
				_, err = eligibility.ParseNIK(t)
			case "date", "previous_visit":
				_, err = rules.ParseDate(t)
			}
			return err != nil && err.Error() == own.Error()
		})
		return cp
	}
	fe := fieldErr(rules.ErrorCode(p.Code), p.Pointer, p.ID, p.EN)
	fe.Err = p.Err
	return fe
}
