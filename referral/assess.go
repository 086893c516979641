package referral

import (
	"math/bits"
	"time"

	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/internal/paramset"
	"github.com/kartusehat/kartusehat/rules"
)

// Payer is who pays for the episode.
type Payer string

// The payers.
const (
	PayerJamkesda          Payer = "jamkesda"           // the city, through Dinkes
	PayerPatient           Payer = "patient"            // as a general patient (Perda 9/2018 Ps.16(4))
	PayerReferringFacility Payer = "referring_facility" // a partial referral (Juknis III.h)
	PayerOther             Payer = "other_payer"        // work or traffic accident insurer (Juknis IV.b.2.d)
	PayerServingFacility   Payer = "serving_facility"   // a non-partner: its own first aid before the Perda, or a late report on that reading
)

// DeadlineStatus tells whether a deadline was met.
type DeadlineStatus string

// The deadline statuses.
const (
	Met     DeadlineStatus = "met"
	Late    DeadlineStatus = "late"
	Pending DeadlineStatus = "pending" // not done yet, not yet due (or no as_of given)
)

// Deadline is something owed by a date-time: what, when it was due, when
// it was done, and the article that sets it.
type Deadline struct {
	Code   string         `json:"code"`
	ID     string         `json:"message"`    // in Bahasa Indonesia
	EN     string         `json:"message_en"` // in English
	Due    time.Time      `json:"due"`
	Done   time.Time      `json:"done,omitzero"`
	Status DeadlineStatus `json:"status"`
	Ref    string         `json:"ref"`
}

// Assessment is the answer to "is this episode covered on its pathway, who
// pays, and what is owed by when?".
type Assessment struct {
	Covered bool       `json:"covered"` // Jamkesda pays
	Payer   Payer      `json:"payer"`
	Date    rules.Date `json:"date"`
	// Reasons are the grounds of the payer: why Jamkesda pays, or every
	// ground on which it does not.
	Reasons []rules.Reason `json:"reasons"`
	// Missing lists the documents or steps still owed.
	Missing   []rules.Reason `json:"missing"`
	Deadlines []Deadline     `json:"deadlines"`
	// Warnings are points the clerk or the verifier must note that do not
	// change the payer.
	Warnings []rules.Reason `json:"warnings"`
	// Breaches are the duties the provider broke, each with the sanctions
	// that apply to it (none where the texts set none).
	Breaches   []Breach         `json:"breaches"`
	Provenance rules.Provenance `json:"provenance"`
}

// Breach is a duty of the provider the episode shows broken, with the
// administrative sanctions the rulebook sets for it (Perda 9/2018 Ps.22)
// and their citation; Sanctions is empty where the texts set none.
type Breach struct {
	rules.Reason
	Sanctions   []string `json:"sanctions"`
	SanctionRef string   `json:"sanction_ref,omitempty"`
}

// Has reports whether any reason, missing item, warning or deadline has
// code.
func (a *Assessment) Has(code string) bool {
	for _, l := range [][]rules.Reason{a.Reasons, a.Missing, a.Warnings} {
		for _, r := range l {
			if r.Code == code {
				return true
			}
		}
	}
	for _, d := range a.Deadlines {
		if d.Code == code {
			return true
		}
	}
	return false
}

// Deadline returns the deadline with code.
func (a *Assessment) Deadline(code string) (Deadline, bool) {
	for _, d := range a.Deadlines {
		if d.Code == code {
			return d, true
		}
	}
	return Deadline{}, false
}

// The parameters the assessor reads.
const (
	pReferralRequired = iota
	pEmergencyExempt
	pOutsideReferrers
	pMedicalOnly
	pFalseEmergency
	pControlVisit
	pBackReferral
	pOtherPayers
	pSJPOutpatient
	pSJPDays
	pDocsDays
	pCounting
	pReportHours
	pFull3Covered
	pOwnWishCovered
	pPartialPayer
	pCaesareanBaby
	pInpatientClass
	pHealthAids
	pPartnerRequired
	pNonPartnerEmergency
	pReportLate
	pBreachPayer
	pOutsideMedicalOnly
	pEmergencyAmbulance
	pReferringDuties
	pDepositOnBill
	pPartnerMustServe
	pNearest
	pCardDays
	pCardProofs
	pRSUDEKTP
	pDischargeApproval
	pSanctions
	pSanctionedBreaches
	pSanctionsCityOnly
	pSanctionsPartnerOnly
	pCutiBersama
	nParams
)

// params lists the parameters in the order of the constants above.
var params = paramset.New(
	"referral.puskesmas_referral_required",
	"referral.emergency_exempt",
	"referral.outside_city_referrers",
	"referral.puskesmas_referral_medical_only",
	"referral.false_emergency_general_patient",
	"referral.control_visit_new_referral",
	"referral.back_referral_owed",
	"referral.other_payers_first",
	"referral.sjp_outpatient_required",
	"referral.deadlines.sjp_inpatient_working_days",
	"referral.deadlines.emergency_documents_working_days",
	"referral.deadlines.working_day_counting",
	"referral.deadlines.non_partner_report_hours",
	"services.class_upgrade.full_class3_covered",
	"services.class_upgrade.own_wish_covered",
	"services.partial_referral_payer",
	"services.caesarean_healthy_baby_separate",
	"services.inpatient_class",
	"services.health_aids_covered",
	"referral.partner_required",
	"referral.non_partner_emergency_payer",
	"referral.non_partner_report_late",
	"referral.procedure_breach_payer",
	"referral.outside_city_medical_only",
	"referral.emergency_ambulance",
	"referral.referring_hospital_duties",
	"referral.deposit_on_bill",
	"referral.partner_must_serve",
	"referral.nearest_partner_hospital",
	"participants.card_duty.working_days",
	"participants.card_duty.proofs",
	"participants.card.rsud_accepts_ektp_kk",
	"referral.deadlines.insidental_discharge_next_working_day",
	"sanctions.provider.measures",
	"sanctions.provider.breaches",
	"sanctions.provider.city_only",
	"sanctions.provider.partner_only",
	"calendar.cuti_bersama",
)

// Assess assesses the episode's pathway on the date of admission, for a
// patient whose eligibility on that date is d, under the snapshot s (which
// must be taken on the date of admission). It is a pure function: the
// host's "now", if it matters, is the episode's AsOf. A malformed episode,
// an unknown facility, a referral dated after the admission, an SJP for
// another NIK, or a decision or snapshot of another date gives a
// *rules.FieldError (or *rules.FieldErrors, one for each problem) and no
// assessment.
func Assess(ep *Episode, d *eligibility.Decision, s rules.Snapshot) (Assessment, error) {
	a := Assessment{Reasons: make([]rules.Reason, 0, 2), Missing: make([]rules.Reason, 0, 2),
		Deadlines: make([]Deadline, 0, 2), Warnings: make([]rules.Reason, 0, 2), Breaches: []Breach{}}
	if err := AssessInto(&a, ep, d, s); err != nil {
		return Assessment{}, err
	}
	return a, nil
}

// AssessInto is Assess writing into a, reusing the capacity of its
// slices: a verifier assessing a month's claims in a loop allocates
// nothing once they have grown.
func AssessInto(a *Assessment, ep *Episode, d *eligibility.Decision, s rules.Snapshot) error {
	if ep == nil {
		return fieldErr(rules.CodeMissing, "", "tidak ada episode", "no episode")
	}
	if err := s.Check(); err != nil {
		return causeErr("", err)
	}
	fac, from, err := ep.validate(s)
	if err != nil {
		return err
	}
	on := ep.ServiceDate()
	if !s.Date().Equal(on) {
		return fieldErr(rules.CodeInconsistent, "/admission", "snapshot bertanggal %s, masuk pada %s: ambil snapshot pada tanggal masuk", "the snapshot is of %s, the admission on %s: take the snapshot on the date of admission", s.Date(), on)
	}
	if d == nil {
		return fieldErr(rules.CodeMissing, "", "tidak ada keputusan kepesertaan", "no eligibility decision")
	}
	if !d.Date.Equal(on) {
		return fieldErr(rules.CodeInconsistent, "", "keputusan kepesertaan bertanggal %s, masuk pada %s", "the eligibility decision is of %s, the admission on %s", d.Date, on)
	}
	*a = Assessment{Covered: true, Payer: PayerJamkesda, Date: on,
		Reasons: emptied(a.Reasons), Missing: emptied(a.Missing), Deadlines: emptied(a.Deadlines), Warnings: emptied(a.Warnings),
		Breaches: emptied(a.Breaches), Provenance: a.Provenance}
	a.Provenance.Reset(s)
	x := assessor{s: s, a: a, ep: ep, d: d, fac: fac, from: from}
	x.r = params.Reader(s, &a.Provenance)
	if err := x.assess(d); err != nil {
		return err
	}
	if a.Covered && len(a.Reasons) == 0 {
		x.reason(msgCovered, x.coveredRef())
	}
	if s.IsBeyond() {
		w, _ := s.Beyond()
		a.Warnings = append(a.Warnings, w)
	}
	return nil
}

// emptied returns l with no elements, keeping its capacity; never nil, so
// that JSON shows [].
func emptied[T any](l []T) []T {
	if l == nil {
		return []T{}
	}
	return l[:0]
}

type assessor struct {
	s    rules.Snapshot
	a    *Assessment
	ep   *Episode
	d    *eligibility.Decision
	r    paramset.Reader
	fac  *rules.Facility // serving
	from *rules.Facility // referring; zero without a referral
}

var absent = &rules.Value{}

// param reads a parameter, recorded in the provenance; ok is false when
// no value is in force on the date.
func (x *assessor) param(i int) (*rules.Value, bool) {
	if v := x.r.Get(i); v != nil {
		return v, true
	}
	return absent, false
}

func (x *assessor) flag(i int) (bool, *rules.Value) { return x.r.Flag(i) }

// refuse records a ground on which Jamkesda does not pay. The first
// refusal sets the payer.
func (x *assessor) refuse(payer Payer, m msg, ref string) {
	if x.a.Covered {
		x.a.Covered = false
		x.a.Payer = payer
		x.a.Reasons = x.a.Reasons[:0]
	}
	x.a.Reasons = append(x.a.Reasons, m.With(ref))
}

func (x *assessor) reason(m msg, ref string) { x.a.Reasons = append(x.a.Reasons, m.With(ref)) }
func (x *assessor) warn(m msg, ref string)   { x.a.Warnings = append(x.a.Warnings, m.With(ref)) }
func (x *assessor) missing(m msg, ref string) {
	x.a.Missing = append(x.a.Missing, m.With(ref))
}

// coveredRef is the governing instrument, as the provenance has it.
func (x *assessor) coveredRef() string { return x.a.Provenance.Instrument }

func (x *assessor) assess(d *eligibility.Decision) error {
	ep := x.ep
	fac := x.fac
	on := x.a.Date

	if !d.Eligible {
		ref := ""
		if len(d.Reasons) > 0 {
			ref = d.Reasons[0].Ref
		}
		x.refuse(PayerPatient, msgNotParticipant, ref)
		return nil
	}

	if ep.OtherPayer != "" {
		if v, ok := x.param(pOtherPayers); ok && v.Contains(ep.OtherPayer) {
			x.refuse(PayerOther, msgOtherPayer, v.Ref)
		}
	}

	emergency := ep.Emergency == TrueEmergency
	if emergency {
		if exempt, _ := x.flag(pEmergencyExempt); !exempt {
			emergency = false
		}
	}
	if ep.Emergency == FalseEmergency && ep.Referral == nil {
		if general, v := x.flag(pFalseEmergency); general {
			x.refuse(PayerPatient, msgFalseEmergency, v.Ref)
		}
	}

	partner := fac.PartnerOn(on)
	if !partner {
		required, pv := x.flag(pPartnerRequired)
		if emergency {
			_, ev := x.flag(pEmergencyExempt)
			x.warn(msgReferOnToPartner, ev.Ref)
			if v, ok := x.param(pNonPartnerEmergency); ok && v.Text() == "serving_facility" {
				x.refuse(PayerServingFacility, msgNonPartnerFirstAid, v.Ref)
			}
			if err := x.nonPartnerReport(); err != nil {
				return err
			}
		} else if required {
			x.refuse(PayerPatient, msgNonPartner, pv.Ref)
		}
	}
	if ep.ProviderRefused && partner {
		if must, v := x.flag(pPartnerMustServe); must {
			x.breach("refused_participant", msgBreachRefused, v.Ref)
		}
	}
	if ep.DepositPaid && !ep.DepositOnBill && ep.CareType == Inpatient {
		if owed, v := x.flag(pDepositOnBill); owed {
			x.breach("deposit_not_on_bill", msgBreachDeposit, v.Ref)
		}
	}

	if fac.Level == 2 && !emergency {
		x.pathway(fac)
	}

	if r := ep.Referral; r != nil {
		if r.Kind == "partial" {
			if v, ok := x.param(pPartialPayer); ok && v.Text() == "referring_facility" {
				x.refuse(PayerReferringFacility, msgPartialReferral, v.Ref)
			}
		}
		if fac.Level == 2 { // a hospital that received a referral
			if owed, v := x.flag(pBackReferral); owed && !ep.BackReferralSent {
				x.missing(msgBackReferral, v.Ref)
				if !ep.Discharge.IsZero() {
					x.breach("no_back_referral", msgBreachBackReferral, v.Ref)
				}
			}
			if x.from.Kind == rules.KindHospital {
				x.referringHospital(r, ep.Emergency == TrueEmergency)
			}
		}
	}

	if ep.CareType == Inpatient {
		x.class()
	}
	x.exclusions()
	return x.documents(fac, emergency)
}

// exclusions refuses a stay whose purpose the rulebook does not cover
// (Perwal 27.A/2017 Ps.9(4); Juknis 440/Kep.21/2017 III, tidak
// ditanggung): a service category the host tags the stay with, or its
// principal diagnosis or procedure (the first ICD-10 and ICD-9-CM code).
// A secondary code never refuses the stay: it is a warning, and the
// excluded line is the claim's to deny. Exclusions 1 and 2 (procedure,
// partnership) are the pathway's own rules, applied above.
func (x *assessor) exclusions() {
	ep := x.ep
	if len(ep.Diagnoses) == 0 && len(ep.Procedures) == 0 && len(ep.Categories) == 0 {
		return
	}
	age := -1
	if birth, ok := ep.PatientNIK.BirthDate(x.a.Date); ok {
		age = x.a.Date.YearsSince(birth)
	}
	principal := rules.ExclusionFacts{Categories: ep.Categories, ICD10: first(ep.Diagnoses), ICD9CM: first(ep.Procedures),
		MedicalIndication: ep.MedicalIndication, Age: age}
	secondary := rules.ExclusionFacts{ICD10: rest(ep.Diagnoses), ICD9CM: rest(ep.Procedures), MedicalIndication: ep.MedicalIndication, Age: age}
	if set, ok := x.s.ExclusionMatches(&principal); ok {
		// The index: the exclusions matching the principal facts or,
		// failing those, a secondary code, in the rulebook's order. The
		// health aids' parameter is read, as below, in their turn whenever
		// they are in force: the provenance keeps the order of reading.
		sec, _ := x.s.ExclusionMatches(&secondary)
		all := set | sec
		aids := x.s.ExclusionInForce("health_aids")
		if aids >= 0 {
			all |= 1 << aids
		}
		for ; all != 0; all &= all - 1 {
			i := bits.TrailingZeros64(all)
			if (set|sec)&(1<<i) == 0 { // the health aids, not matched
				x.flag(pHealthAids)
				continue
			}
			x.exclusion(x.s.ExclusionAt(i), set&(1<<i) != 0)
		}
		return
	}
	for ex := range x.s.ExclusionsInForce() {
		if ex.Code == "health_aids" {
			x.flag(pHealthAids)
		}
		switch {
		case ex.Matches(&principal):
			x.exclusion(ex, true)
		case ex.Matches(&secondary):
			x.exclusion(ex, false)
		}
	}
}

// exclusion applies ex, which matches the stay's principal facts
// (principal) or else a secondary code: it refuses the stay or warns, and
// records it.
func (x *assessor) exclusion(ex *rules.Exclusion, principal bool) {
	if ex.Code == "health_aids" {
		if covered, _ := x.flag(pHealthAids); covered {
			return
		}
	}
	if principal {
		x.refuse(PayerPatient, msg{Code: ExcludedCodePrefix + ex.Code, ID: "Pelayanan tidak ditanggung: " + ex.Name.ID + ".", EN: "Not covered: " + ex.Name.EN + "."}, ex.RefOn(x.s.Date()))
	} else {
		x.warn(msg{Code: ExcludedSecondaryCodePrefix + ex.Code, ID: "Kode sekunder tidak ditanggung (" + ex.Name.ID + "): hanya tindakan itu yang tidak dibayar, bukan seluruh perawatan.",
			EN: "A secondary code is not covered (" + ex.Name.EN + "): only that service is not paid, not the whole stay."}, ex.RefOn(x.s.Date()))
	}
	x.a.Provenance.AddEntry("exclusions", ex.Code, "applies", ex.From, ex.RefOn(x.s.Date()))
}

func first(l []string) []string {
	if len(l) == 0 {
		return nil
	}
	return l[:1]
}

func rest(l []string) []string {
	if len(l) < 2 {
		return nil
	}
	return l[1:]
}

// pathway checks the referral a non-emergency visit to a hospital needs.
func (x *assessor) pathway(fac *rules.Facility) {
	ep := x.ep
	r := ep.Referral
	from := x.from

	// A hospital outside Kota Bekasi: a referral from the RSUD or a private
	// hospital in the city (Juknis IV.b.2.i).
	if fac.Location != rules.LocationCity {
		if v, ok := x.param(pOutsideReferrers); ok {
			allowed := r != nil && from.Kind == rules.KindHospital && from.Location == rules.LocationCity &&
				(from.CityHospital && v.Contains("city_hospital") ||
					!from.CityHospital && from.Ownership == rules.OwnershipPrivate && v.Contains("private_city_hospital"))
			if !allowed {
				x.refuse(PayerPatient, msgOutsideCity, x.breachRef(v.Ref))
			}
		}
		if medical, v := x.flag(pOutsideMedicalOnly); medical && r != nil && r.Reason != "medical" {
			x.refuse(PayerPatient, msgOutsideCityNonMedical, x.breachRef(v.Ref))
		}
	}

	required, rv := x.flag(pReferralRequired)
	if required && r == nil {
		x.refuse(PayerPatient, msgReferralMissing, x.breachRef(rv.Ref))
	}

	if ep.ControlVisit {
		if needs, v := x.flag(pControlVisit); needs {
			if r == nil || from.Level != 1 || !ep.PreviousVisit.IsZero() && !r.Date.After(ep.PreviousVisit) {
				x.refuse(PayerPatient, msgControlVisit, v.Ref)
			}
		}
	}

	if r == nil || from.Level != 1 {
		return
	}
	// A puskesmas referral.
	if medicalOnly, v := x.flag(pMedicalOnly); medicalOnly && r.Reason != "medical" {
		x.warn(msgPuskesmasNonMedical, v.Ref)
	}
	if fac.Location != rules.LocationCity {
		if nearest, v := x.flag(pNearest); nearest {
			x.warn(msgNotInArea, v.Ref)
		}
	}
	if r.Diagnosis != "" && r.StatedReason == "" {
		if l, ok := x.s.CodeList("puskesmas_diagnoses"); ok {
			c, hit := l.Match(r.Diagnosis)
			value := "(no match)"
			if hit {
				value = c.Code
				x.warn(msgTreatableAtPuskesmas, l.Ref)
			}
			x.a.Provenance.AddEntry("code_lists", l.Name, value, l.From, l.Ref)
		}
	}
}

// class applies the class III rule to an inpatient stay.
func (x *assessor) class() {
	ep := x.ep
	v, ok := x.param(pInpatientClass)
	if !ok {
		return // no class rule in force yet (before the Juknis)
	}
	if ep.Class == 0 || ep.Class >= v.Int() {
		return
	}
	// A rule not yet in force neither covers nor refuses.
	switch ep.ClassReason {
	case "class3_full":
		if v, ok := x.param(pFull3Covered); ok {
			if v.Bool() {
				x.warn(msgClassFull, v.Ref)
			} else {
				x.refuse(PayerPatient, msgOwnWish, v.Ref)
			}
		}
	case "own_wish":
		if v, ok := x.param(pOwnWishCovered); ok && !v.Bool() {
			x.refuse(PayerPatient, msgOwnWish, v.Ref)
		}
	}
}

// documents computes the SJP and document deadlines.
func (x *assessor) documents(fac *rules.Facility, emergency bool) error {
	ep := x.ep
	if fac.Level != 2 || !fac.PartnerOn(x.a.Date) {
		return nil
	}
	if ep.CaesareanHealthyBaby {
		if separate, v := x.flag(pCaesareanBaby); separate {
			x.warn(msgCaesareanBaby, v.Ref)
		}
	}
	switch ep.CareType {
	case Outpatient:
		if required, v := x.flag(pSJPOutpatient); required && ep.SJP == nil {
			x.missing(msgSJPOutpatient, v.Ref)
		}
	case Inpatient:
		var issued time.Time
		if ep.SJP != nil {
			issued = ep.SJP.Issued
		}
		if err := x.workingDuty(pSJPDays, msgSJPInpatient, msgSJPLate, issued); err != nil {
			return err
		}
	}
	if emergency && ep.CareType != Outpatient {
		if err := x.workingDuty(pDocsDays, msgDocumentsEmergency, msgDocumentsLate, ep.DocumentsComplete); err != nil {
			return err
		}
	}
	if err := x.cardDuty(fac); err != nil {
		return err
	}
	return x.dischargeApproval()
}

// cardDuty applies the participant's duty to hand in the KS-NIK card or
// other proof within 3 x 24 working hours (Perda 9/2018 Ps.12(1),
// Ps.16(3); the provider serves meanwhile, Ps.18c), where the eligibility
// decision says it is owed (card_to_follow). Missed, the patient pays
// (Ps.16(4)).
func (x *assessor) cardDuty(fac *rules.Facility) error {
	if !x.d.Has(eligibility.CodeCardToFollow) {
		return nil
	}
	v, ok := x.param(pCardDays)
	if !ok {
		return nil
	}
	done := x.ep.ProofHandedIn
	if !done.IsZero() {
		proofs, _ := x.param(pCardProofs)
		accepted := proofs.Contains(x.ep.ProofKind)
		if !accepted && x.ep.ProofKind == "ektp_kk" && fac.CityHospital {
			if ok, _ := x.flag(pRSUDEKTP); ok {
				accepted = true
			}
		}
		if !accepted {
			x.warn(msgProofNotAccepted, proofs.Ref)
			done = time.Time{}
		}
	}
	dl, err := x.workingDeadline(msgCardDuty, v.Int(), done, v.Ref)
	if err != nil {
		return err
	}
	switch dl.Status {
	case Late:
		x.refuse(PayerPatient, msgCardDutyLate, x.breachRef(v.Ref))
	case Pending:
		x.missing(msgCardDuty, v.Ref)
	}
	return nil
}

// dischargeApproval sets the date by which Dinkes approves the discharge
// of an insidental stay: the day of discharge, or the next working day
// when it falls on a holiday (Juknis 440/Kep.21/2017 IV.b.2.o). The texts
// set no consequence of a late approval: it is a deadline, not a refusal.
func (x *assessor) dischargeApproval() error {
	ep := x.ep
	if !ep.Insidental || ep.Discharge.IsZero() {
		return nil
	}
	next, v := x.flag(pDischargeApproval)
	if v.Path == "" {
		return nil
	}
	cal := x.s.Calendar()
	day, err := rules.DateFromTime(ep.Discharge)
	if err != nil {
		return causeErr("/discharge", err)
	}
	working, err := cal.IsWorkingDay(day)
	if err != nil {
		return causeErr("/discharge", err)
	}
	if !working && next {
		if day, err = cal.AddWorkingDays(day, 1); err != nil {
			return causeErr("/discharge", err)
		}
	}
	y, m, dd := day.Civil()
	due := time.Date(y, m, dd, 23, 59, 59, 0, ep.Discharge.Location())
	if dl := x.deadline(msgDischargeApproval, due, ep.DischargeApproved, v.Ref); dl.Status == Pending {
		x.missing(msgDischargeApproval, v.Ref)
	}
	return nil
}

// referringHospital checks what the referring hospital owes before an
// inter-hospital referral, where the host knows it: an emergency goes by
// ambulance (Juknis III.j); the receiving hospital is contacted and a bed
// confirmed, the patient sent by ambulance with a nurse (IV.b.2.l).
func (x *assessor) referringHospital(r *Referral, emergency bool) {
	if emergency && r.Ambulance != nil && !*r.Ambulance {
		if by, v := x.flag(pEmergencyAmbulance); by {
			x.warn(msgEmergencyNoAmbulance, v.Ref)
		}
	}
	duties, ok := x.param(pReferringDuties)
	if !ok {
		return
	}
	for _, d := range [...]struct {
		code string
		done *bool
		m    msg
	}{{"bed_confirmed", r.BedConfirmed, msgReferralNoBed}, {"ambulance", r.Ambulance, msgReferralNoAmbulance}, {"nurse", r.Nurse, msgReferralNoNurse}} {
		if d.done != nil && !*d.done && duties.Contains(d.code) {
			x.warn(d.m, duties.Ref)
		}
	}
}

// breachRef is ref followed by the citation of who pays when the
// procedure is not followed (referral.procedure_breach_payer), where it is
// in force and not ref itself.
func (x *assessor) breachRef(ref string) string {
	v, ok := x.param(pBreachPayer)
	if !ok || v.Ref == ref {
		return ref
	}
	return ref + "; " + v.Ref
}

// breach reports a duty the serving provider broke, with the sanctions
// the rulebook sets for it (sanctions.provider: Perda 9/2018 Ps.22(1)):
// only those that can apply to that provider. "Tidak diberikan
// perpanjangan rekomendasi izin operasional" is for a PPK in the city
// (Ps.22(1)c, sanctions.provider.city_only); "menghentikan perjanjian
// kerjasama" for a partner (Ps.22(1)d, sanctions.provider.partner_only).
// Where a measure is left out, the citation of why follows the measures'.
func (x *assessor) breach(code string, m msg, ref string) {
	b := Breach{Reason: m.With(ref), Sanctions: []string{}}
	list, ok := x.param(pSanctionedBreaches)
	if !ok || !list.Contains(code) {
		x.a.Breaches = append(x.a.Breaches, b)
		return
	}
	measures, ok := x.param(pSanctions)
	if !ok {
		x.a.Breaches = append(x.a.Breaches, b)
		return
	}
	b.SanctionRef = measures.Ref
	var scopes [2]*rules.Value
	if x.fac.Location != rules.LocationCity {
		if v, ok := x.param(pSanctionsCityOnly); ok {
			scopes[0] = v
		}
	}
	if !x.fac.PartnerOn(x.a.Date) {
		if v, ok := x.param(pSanctionsPartnerOnly); ok {
			scopes[1] = v
		}
	}
	used := [2]bool{}
	b.Sanctions = make([]string, 0, len(measures.List()))
measures:
	for _, s := range measures.List() {
		for i, v := range scopes {
			if v != nil && v.Contains(s) {
				used[i] = true
				continue measures
			}
		}
		b.Sanctions = append(b.Sanctions, s)
	}
	for i, v := range scopes {
		if used[i] && v.Ref != b.SanctionRef {
			b.SanctionRef += "; " + v.Ref
		}
	}
	if len(b.Sanctions) == 0 {
		b.SanctionRef = ""
	}
	x.a.Breaches = append(x.a.Breaches, b)
}

// workingDuty applies a duty due "n x 24 jam hari kerja" after admission,
// n being parameter i: done late, the patient pays (Perda 9/2018
// Ps.16(4)); not done yet, it is missing. Before the rule is in force there
// is no duty.
func (x *assessor) workingDuty(i int, duty, late msg, done time.Time) error {
	v, ok := x.param(i)
	if !ok {
		return nil
	}
	dl, err := x.workingDeadline(duty, v.Int(), done, v.Ref)
	if err != nil {
		return err
	}
	switch dl.Status {
	case Late:
		x.refuse(PayerPatient, late, x.breachRef(v.Ref))
	case Pending:
		x.missing(duty, v.Ref)
	}
	return nil
}

// nonPartnerReport sets the deadline of a non-partner facility's report of
// an emergency patient (Perda 9/2018 Ps.18b): calendar hours.
func (x *assessor) nonPartnerReport() error {
	v, ok := x.param(pReportHours)
	if !ok {
		return nil // no such duty before the Perda
	}
	due := x.ep.Admission.Add(time.Duration(v.Int()) * time.Hour)
	dl := x.deadline(msgReportOwed, due, x.ep.ReportedToDinkes, v.Ref)
	switch dl.Status {
	case Late:
		c, ok := x.param(pReportLate)
		switch {
		case ok && c.Text() == "serving_facility":
			x.refuse(PayerServingFacility, msgReportLate, c.Ref)
		case ok:
			x.warn(msgReportLate, c.Ref)
			x.breach("late_non_partner_report", msgReportLate, v.Ref)
		default:
			x.breach("late_non_partner_report", msgReportLate, v.Ref)
		}
	case Pending:
		x.missing(msgReportOwed, v.Ref)
	}
	return nil
}

// workingDeadline computes "n x 24 jam hari kerja" after admission, the
// way the rulebook counts it: the counting (referral.deadlines.
// working_day_counting) and whether a cuti bersama day is a working day
// (calendar.cuti_bersama).
func (x *assessor) workingDeadline(m msg, n int, done time.Time, ref string) (Deadline, error) {
	counting := "working_days_end_of_day"
	if v, ok := x.param(pCounting); ok {
		counting = v.Text()
	}
	cal := x.s.Calendar()
	if v, ok := x.param(pCutiBersama); ok && v.Text() == "working_day" {
		cal = cal.WithCutiBersama(true)
	}
	due, err := WorkingDeadline(cal, x.ep.Admission, n, counting)
	if err != nil {
		return Deadline{}, causeErr("/admission", err)
	}
	return x.deadline(m, due, done, ref), nil
}

func (x *assessor) deadline(m msg, due, done time.Time, ref string) Deadline {
	dl := Deadline{Code: m.Code, ID: m.ID, EN: m.EN, Due: due, Done: done, Ref: ref}
	switch {
	case !done.IsZero() && !done.After(due):
		dl.Status = Met
	case !done.IsZero():
		dl.Status = Late
	case !x.ep.AsOf.IsZero() && x.ep.AsOf.After(due):
		dl.Status = Late
	default:
		dl.Status = Pending
	}
	x.a.Deadlines = append(x.a.Deadlines, dl)
	return dl
}

// WorkingDeadline returns when "n x 24 jam hari kerja" after start ends,
// by one of the rulebook's ways of counting
// (referral.deadlines.working_day_counting):
//
//   - working_days_end_of_day: the end (23:59:59) of the n-th working day
//     after the day of start. Admitted on Friday 2019-05-31, with Idul
//     Fitri 1440 and its cuti bersama in between, the third working day is
//     Wednesday 2019-06-12.
//   - working_hours: n x 24 hours that run only on working days, from the
//     hour of start: the same time on the n-th working day after a
//     working-day start; from the start of the next working day after a
//     start on a day off.
//
// The result is in start's location. Days the calendar does not cover are
// an error, never assumed to be working days.
func WorkingDeadline(cal rules.Calendar, start time.Time, n int, counting string) (time.Time, error) {
	day, err := rules.DateFromTime(start)
	if err != nil {
		return time.Time{}, err
	}
	last, err := cal.AddWorkingDays(day, n)
	if err != nil {
		return time.Time{}, err
	}
	y, m, dd := last.Civil()
	loc := start.Location()
	switch counting {
	case "working_hours":
		working, err := cal.IsWorkingDay(day)
		if err != nil {
			return time.Time{}, err
		}
		if working {
			h, mi, sec := start.Clock()
			return time.Date(y, m, dd, h, mi, sec, start.Nanosecond(), loc), nil
		}
	}
	return time.Date(y, m, dd, 23, 59, 59, 0, loc), nil
}
