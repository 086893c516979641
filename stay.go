package kartusehat

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
)

// Stay is one patient's visit or stay, from admission to claim: the one
// value a host (a SIMRS) fills as the stay goes on and hands to the
// Engine at each step. Eligibility reads Facts on the date of admission,
// the pathway reads Episode, price reads Billing, claim adjudication
// reads Claim, each beside the others.
//
// A fact the stay can hold twice must be the same both times, or the
// Engine refuses the stay with code inconsistent, naming both fields by
// their JSON Pointers in the stay's JSON form: the episode's patient NIK
// and the facts' NIK; the billing's facility, care type and class and
// the episode's; the claim's hospital, patient and episode and the
// stay's. A part left empty (a billing without a facility, a claim
// without a hospital, patient or episode) takes the stay's.
//
// Its JSON form is the price operation's input with a "claim":
// {"facts", "episode", "billing", "claim"}.
type Stay struct {
	// Facts are what the host knows about the patient, decided on the
	// date of admission.
	Facts eligibility.Facts `json:"facts"`
	// Episode is the visit or stay: the facility, the care type, the
	// dates, the referral, the SJP.
	Episode referral.Episode `json:"episode"`
	// Billing is what the hospital bills, for price: the INA-CBG group,
	// the hospital's own bill of an insidental case, the items outside
	// the package. Its facility, care type and class, when empty, are the
	// episode's. Nil before discharge.
	Billing *tariff.Episode `json:"billing,omitempty"`
	// Claim is the claim file, for adjudication: the principal codes, the
	// bill lines, the documents. Its hospital, patient and episode, when
	// empty, are the stay's. Nil until the hospital claims.
	Claim *claim.File `json:"claim,omitempty"`
}

// Decision is what the Engine decided on a Stay, as far as the stay's
// content goes: eligibility and the pathway always, the bill when the
// stay has billing, the adjudication when it has a claim.
type Decision struct {
	// Eligibility is the patient's eligibility on the date of admission.
	Eligibility eligibility.Decision `json:"eligibility"`
	// Assessment is the pathway: covered, who pays, what is missing and
	// by when.
	Assessment referral.Assessment `json:"assessment"`
	// Bill is what Dinkes pays for the stay (Price, Decide); nil when not
	// priced.
	Bill *tariff.Bill `json:"bill,omitempty"`
	// Adjudication is the verdict on the claim file (Adjudicate, Decide);
	// nil when not adjudicated.
	Adjudication *claim.Adjudication `json:"adjudication,omitempty"`

	// billing is the stay's billing with the episode's defaults, kept
	// here so that PriceInto allocates nothing.
	billing tariff.Episode
}

// inconsistent is the error of two fields that disagree: the first
// named as the field, the second in the message.
func inconsistent(field, other, what string, a, b any) error {
	return inputErr(rules.CodeInconsistent, field,
		fmt.Sprintf("%s %v bukan %v, yang diberikan di %s: berikan yang sama, atau kosongkan yang ini", whatID(what), a, b, other),
		fmt.Sprintf("%s %v is not %v, given at %s: give the same, or leave this one out", what, a, b, other))
}

// whatID is the Indonesian of inconsistent's what.
func whatID(what string) string {
	switch what {
	case "the billed facility":
		return "fasilitas yang ditagih"
	case "the billed care type":
		return "jenis rawat yang ditagih"
	case "the billed class":
		return "kelas yang ditagih"
	case "the billed class reason":
		return "alasan kelas yang ditagih"
	case "the claiming hospital":
		return "rumah sakit pengklaim"
	case "the claim's patient":
		return "pasien klaim"
	case "the claim's facility":
		return "fasilitas klaim"
	case "the claim's care type":
		return "jenis rawat klaim"
	case "the claim's admission":
		return "tanggal masuk klaim"
	case "the claim's discharge":
		return "tanggal keluar klaim"
	case "the service end":
		return "akhir pelayanan"
	case "an inpatient claim's care type":
		return "jenis rawat klaim rawat inap"
	}
	return what
}

// checkPatient checks the episode's patient against the facts' person.
func checkPatient(ep *referral.Episode, f *eligibility.Facts) error {
	if n, p := ep.PatientNIK, f.Person.NIK; !n.IsZero() && !p.IsZero() && n != p {
		return inputErr(rules.CodeInconsistent, "/episode/patient_nik",
			fmt.Sprintf("pasien episode %s bukan orang pada data, %s (/facts/person/nik)", n, p),
			fmt.Sprintf("the episode's patient %s is not the person of the facts, %s (/facts/person/nik)", n, p))
	}
	return nil
}

// billingOf is the billing b with the episode's facility, care type and
// class where b leaves them empty; a value b gives that is not the
// episode's is refused as inconsistent. ptr is the billing's JSON Pointer.
func billingOf(out *tariff.Episode, b *tariff.Episode, ep *referral.Episode, ptr string) error {
	*out = *b
	switch {
	case out.Facility == "":
		out.Facility = ep.Facility
	case ep.Facility != "" && out.Facility != ep.Facility:
		return inconsistent(ptr+"/facility", "/episode/facility", "the billed facility", quoted(out.Facility), quoted(ep.Facility))
	}
	switch {
	case out.CareType == "":
		out.CareType = ep.CareType
	case ep.CareType != "" && out.CareType != ep.CareType:
		return inconsistent(ptr+"/care_type", "/episode/care_type", "the billed care type", quoted(string(out.CareType)), quoted(string(ep.CareType)))
	}
	switch {
	case out.Class == 0 && out.ClassReason == "":
		out.Class, out.ClassReason = ep.Class, ep.ClassReason
	case ep.Class != 0 && out.Class != 0 && out.Class != ep.Class:
		return inconsistent(ptr+"/class", "/episode/class", "the billed class", out.Class, ep.Class)
	case ep.ClassReason != "" && out.ClassReason != "" && out.ClassReason != ep.ClassReason:
		return inconsistent(ptr+"/class_reason", "/episode/class_reason", "the billed class reason", quoted(out.ClassReason), quoted(ep.ClassReason))
	}
	return nil
}

func quoted(s string) string { return `"` + s + `"` }

// claimOf is the stay's claim file, its hospital, patient and episode
// the stay's where the file leaves them empty, and refused as
// inconsistent where they differ.
func (s *Stay) claimOf(out *claim.File) error {
	*out = *s.Claim
	ep := &s.Episode
	switch {
	case out.Hospital == "":
		out.Hospital = ep.Facility
	case ep.Facility != "" && out.Hospital != ep.Facility:
		return inconsistent("/claim/hospital", "/episode/facility", "the claiming hospital", quoted(out.Hospital), quoted(ep.Facility))
	}
	if fn := out.Patient.Person.NIK; fn.IsZero() {
		out.Patient = s.Facts
	} else if n := s.Facts.Person.NIK; !n.IsZero() && fn != n {
		return inconsistent("/claim/patient/person/nik", "/facts/person/nik", "the claim's patient", fn, n)
	}
	ce := &out.Episode
	if ce.Facility == "" && ce.CareType == "" && ce.Admission.IsZero() {
		*ce = *ep
		return nil
	}
	switch {
	case ce.Facility != "" && ep.Facility != "" && ce.Facility != ep.Facility:
		return inconsistent("/claim/episode/facility", "/episode/facility", "the claim's facility", quoted(ce.Facility), quoted(ep.Facility))
	case ce.CareType != "" && ep.CareType != "" && ce.CareType != ep.CareType:
		return inconsistent("/claim/episode/care_type", "/episode/care_type", "the claim's care type", quoted(string(ce.CareType)), quoted(string(ep.CareType)))
	case !ce.Admission.IsZero() && !ep.Admission.IsZero() && !ce.Admission.Equal(ep.Admission):
		return inconsistent("/claim/episode/admission", "/episode/admission", "the claim's admission", stamp(ce.Admission), stamp(ep.Admission))
	case !ce.Discharge.IsZero() && !ep.Discharge.IsZero() && !ce.Discharge.Equal(ep.Discharge):
		return inconsistent("/claim/episode/discharge", "/episode/discharge", "the claim's discharge", stamp(ce.Discharge), stamp(ep.Discharge))
	case !ce.PatientNIK.IsZero() && !s.Facts.Person.NIK.IsZero() && ce.PatientNIK != s.Facts.Person.NIK:
		return inconsistent("/claim/episode/patient_nik", "/facts/person/nik", "the claim's patient", ce.PatientNIK, s.Facts.Person.NIK)
	}
	return nil
}

func stamp(t time.Time) string { return t.Format(time.RFC3339) }

// admit decides eligibility and the pathway of the stay into d, on the
// snapshot of the date of admission, which it returns.
func (e *Engine) admit(d *Decision, s *Stay) (rules.Snapshot, error) {
	if err := checkPatient(&s.Episode, &s.Facts); err != nil {
		return rules.Snapshot{}, err
	}
	ep := &s.Episode
	if ep.Admission.IsZero() {
		return rules.Snapshot{}, inputErr(rules.CodeMissing, "/episode/admission", "wajib diisi: tanggal dan jam masuk", "required: the date-time of admission")
	}
	on, err := rules.DateFromTime(ep.Admission)
	if err != nil {
		return rules.Snapshot{}, within("/episode/admission", err)
	}
	snap := e.book.At(on)
	if err := eligibility.CheckInto(&d.Eligibility, &s.Facts, snap); err != nil {
		return rules.Snapshot{}, within("/facts", err)
	}
	if err := referral.AssessInto(&d.Assessment, ep, &d.Eligibility, snap); err != nil {
		return rules.Snapshot{}, within("/episode", err)
	}
	return snap, nil
}

// Admit decides the stay at admission: the patient's eligibility on the
// date of admission (from Facts) and the pathway (from Episode). Billing
// and Claim are not read.
func (e *Engine) Admit(s *Stay) (Decision, error) {
	var d Decision
	if err := e.AdmitInto(&d, s); err != nil {
		return Decision{}, err
	}
	return d, nil
}

// AdmitInto is Admit writing into d, reusing the capacity of its slices:
// a host admitting many stays in a loop allocates nothing once they have
// grown. d.Bill and d.Adjudication are left as they are.
func (e *Engine) AdmitInto(d *Decision, s *Stay) error {
	if s == nil {
		return inputErr(rules.CodeMissing, "", "wajib diisi: rawatannya", "required: the stay")
	}
	_, err := e.admit(d, s)
	return err
}

// Price decides the stay at discharge: Admit, then the bill of its
// Billing, on the rules in force on the date of admission.
func (e *Engine) Price(s *Stay) (Decision, error) {
	var d Decision
	if err := e.PriceInto(&d, s); err != nil {
		return Decision{}, err
	}
	return d, nil
}

// PriceInto is Price writing into d, reusing its slices and its bill: a
// host pricing many stays in a loop allocates nothing once they have
// grown.
func (e *Engine) PriceInto(d *Decision, s *Stay) error {
	if s == nil {
		return inputErr(rules.CodeMissing, "", "wajib diisi: rawatannya", "required: the stay")
	}
	if s.Billing == nil {
		return inputErr(rules.CodeMissing, "/billing", "wajib diisi: grup INA-CBG, tagihan rumah sakit, item di luar paket", "required: the INA-CBG group, the hospital's bill, the items outside the package")
	}
	b := &d.billing
	if err := billingOf(b, s.Billing, &s.Episode, "/billing"); err != nil {
		return err
	}
	snap, err := e.admit(d, s)
	if err != nil {
		return err
	}
	if d.Bill == nil {
		d.Bill = new(tariff.Bill)
	}
	if err := tariff.PriceInto(d.Bill, b, &d.Assessment, snap, e.table); err != nil {
		return within("/billing", err)
	}
	return nil
}

// Adjudicate decides the stay's claim file (Claim): every bill line
// paid, reduced or denied, and the file's amounts, on the rules in force
// on the date of admission. The file's hospital, patient and episode are
// the stay's where it leaves them empty.
func (e *Engine) Adjudicate(s *Stay) (*claim.Adjudication, error) {
	if s == nil {
		return nil, inputErr(rules.CodeMissing, "", "wajib diisi: rawatannya", "required: the stay")
	}
	if s.Claim == nil {
		return nil, inputErr(rules.CodeMissing, "/claim", "wajib diisi: berkas klaim", "required: the claim file")
	}
	if err := checkPatient(&s.Episode, &s.Facts); err != nil {
		return nil, err
	}
	var f claim.File
	if err := s.claimOf(&f); err != nil {
		return nil, err
	}
	if err := checkAmounts(&f); err != nil {
		return nil, within("/claim", err)
	}
	a, err := e.adjudicateFile(&f, nil, 0)
	if err != nil {
		// An error in the episode the claim took from the stay is the
		// stay's episode's.
		if p := ErrorOf(err).Pointer; s.Claim.Episode.Facility == "" && s.Claim.Episode.CareType == "" &&
			s.Claim.Episode.Admission.IsZero() && (p == "/episode" || strings.HasPrefix(p, "/episode/")) {
			return nil, err
		}
		return nil, within("/claim", err)
	}
	return a, nil
}

// Decide decides all the stay's content allows: Admit always, Price when
// it has Billing, Adjudicate when it has a Claim.
func (e *Engine) Decide(s *Stay) (Decision, error) {
	var d Decision
	if err := e.DecideInto(&d, s); err != nil {
		return Decision{}, err
	}
	return d, nil
}

// DecideInto is Decide writing into d. A stay without billing leaves
// d.Bill nil, one without a claim d.Adjudication nil.
func (e *Engine) DecideInto(d *Decision, s *Stay) error {
	if s == nil {
		return inputErr(rules.CodeMissing, "", "wajib diisi: rawatannya", "required: the stay")
	}
	var err error
	if s.Billing != nil {
		err = e.PriceInto(d, s)
	} else {
		d.Bill = nil
		err = e.AdmitInto(d, s)
	}
	if err != nil {
		return err
	}
	d.Adjudication = nil
	if s.Claim != nil {
		a, err := e.Adjudicate(s)
		if err != nil {
			return err
		}
		d.Adjudication = a
	}
	return nil
}

// CheckClaim checks the claim c of the stay: are the file's documents
// complete, and when is it due? Its service end, when zero, is the date
// of discharge (of admission for a visit without one); given, it must be
// that date. Its inpatient flag, when false, follows the episode's care
// type; true, the episode must be inpatient. Both are refused as
// inconsistent otherwise. c is not changed.
func (e *Engine) CheckClaim(s *Stay, c *claim.Claim) (claim.Result, error) {
	if s == nil || c == nil {
		return claim.Result{}, inputErr(rules.CodeMissing, "", "wajib diisi: rawatan dan klaimnya", "required: the stay and the claim")
	}
	ep := &s.Episode
	end := ep.Discharge
	if end.IsZero() {
		end = ep.Admission
	}
	cc := *c
	if !end.IsZero() {
		d, err := rules.DateFromTime(end)
		if err != nil {
			return claim.Result{}, within("/episode/discharge", err)
		}
		switch {
		case cc.ServiceEnd.IsZero():
			cc.ServiceEnd = d
		case cc.ServiceEnd != d:
			other := "/episode/discharge"
			if ep.Discharge.IsZero() {
				other = "/episode/admission"
			}
			return claim.Result{}, inconsistent("/service_end", other, "the service end", cc.ServiceEnd, d)
		}
	}
	if cc.ServiceEnd.IsZero() {
		return claim.Result{}, inputErr(rules.CodeMissing, "/service_end", "wajib diisi: hari terakhir pelayanan", "required: the last day of the service")
	}
	switch {
	case cc.Inpatient && ep.CareType != "" && ep.CareType != referral.Inpatient:
		return claim.Result{}, inconsistent("/inpatient", "/episode/care_type", "an inpatient claim's care type", quoted(string(referral.Inpatient)), quoted(string(ep.CareType)))
	case !cc.Inpatient && ep.CareType == referral.Inpatient:
		cc.Inpatient = true
	}
	r, err := claim.Check(&cc, e.book.At(cc.ServiceEnd))
	if err != nil {
		return claim.Result{}, err
	}
	return r, nil
}

// Eligibility decides whether the person the facts describe is a
// participant on the date on (zero: the Engine's WithDate).
func (e *Engine) Eligibility(f *eligibility.Facts, on rules.Date) (eligibility.Decision, error) {
	var d eligibility.Decision
	if err := e.EligibilityInto(&d, f, on); err != nil {
		return eligibility.Decision{}, err
	}
	return d, nil
}

// EligibilityInto is Eligibility writing into d, reusing the capacity of
// its slices, as eligibility.CheckInto.
func (e *Engine) EligibilityInto(d *eligibility.Decision, f *eligibility.Facts, on rules.Date) error {
	if f == nil {
		return inputErr(rules.CodeMissing, "/facts", "wajib diisi: data orangnya", "required: the person's facts")
	}
	if on.IsZero() {
		on = e.date
	}
	if on.IsZero() {
		return inputErr(rules.CodeMissing, "/date", "wajib diisi: tanggal pelayanan", "required: the date of service")
	}
	if err := eligibility.CheckInto(d, f, e.book.At(on)); err != nil {
		return within("/facts", err)
	}
	return nil
}

// stayInput is the JSON input of StayOp: a stay with the host's id.
type stayInput struct {
	// ID is the host's own identifier, echoed back in batch output.
	ID json.RawMessage `json:"id,omitempty"`
	Stay
}

// LogValue implements slog.LogValuer: every NIK masked.
func (in *stayInput) LogValue() slog.Value { return eligibility.LogValueMasked(in) }

// StayOp is the JSON form of Decide: a Stay's JSON ({"id", "facts",
// "episode", "billing", "claim"}) in, its Decision ({"eligibility",
// "assessment", "bill", "adjudication"}) out. Use it with Do and
// RunBatch.
var StayOp = &Op{
	Name:    "stay",
	Summary: "a stay from admission to claim: eligibility, the pathway, and the bill and the claim's adjudication when the stay has them",
	input:   func() any { return new(stayInput) },
	do: func(e *Engine, raw []byte) (json.RawMessage, any, error) {
		var in stayInput
		if err := decodeStrict(raw, &in); err != nil {
			return idOf(raw), nil, err
		}
		if in.Claim != nil {
			if err := checkAmounts(in.Claim); err != nil {
				return in.ID, nil, within("/claim", err)
			}
		}
		d, err := e.Decide(&in.Stay)
		if err != nil {
			return in.ID, nil, err
		}
		return in.ID, &d, nil
	},
}
