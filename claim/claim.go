// Package claim decides a hospital's Jamkesda claims: whether the claim
// file holds every document the rules ask for and when it is due (Check),
// the verdict on every bill line and the file's amounts (Adjudicate), and
// a hospital's month as Dinkes's verifiers see it (Verifier, VerifyBatch):
// duplicates, the Berita Acara Hasil Verifikasi figures, the schedule, the
// budget, the recap and the reporting duties (Perwal 27.A/2017 Ps.5,
// Ps.9(4), Ps.10-11; Juknis 440/Kep.21/2017 III, IV.b.2.g-q, IV.c, V, VII,
// VIII).
//
// Check, ScheduleFor and Adjudicate are pure functions of their input and
// a rules.Snapshot. The documents, dates, approvals, exclusions and
// citations come from the rulebook (documents.*, claims.*, exclusions),
// never from Go constants.
package claim

import (
	"fmt"

	"github.com/kartusehat/kartusehat/internal/paramset"
	"github.com/kartusehat/kartusehat/rules"
)

// Claim is what a hospital hands Dinkes for one episode.
type Claim struct {
	// ServiceEnd is the last day of the service (the discharge date).
	ServiceEnd rules.Date `json:"service_end"`
	// Submitted is the day the claim reached Dinkes; zero if not yet.
	Submitted rules.Date `json:"submitted,omitzero"`
	// Membership is how the patient proves participation: card (a KS-NIK
	// card, or a resident's NIK) or dinsos_letter (a Dinsos
	// recommendation letter, institutional persons included).
	Membership string `json:"membership"`
	Inpatient  bool   `json:"inpatient,omitempty"`
	Emergency  bool   `json:"emergency,omitempty"` // admitted through the IGD as an emergency
	// Insidental marks an intensive case paid at the hospital's tariff.
	Insidental bool `json:"insidental,omitempty"`
	// AMHPKhusus: special consumables were used in an insidental case.
	AMHPKhusus bool `json:"amhp_khusus,omitempty"`
	// Device: a medical device outside the INA-CBG package was given.
	Device bool `json:"device,omitempty"`
	// Deposit: the inpatient paid the hospital a deposit.
	Deposit bool `json:"deposit,omitempty"`
	// Documents are the codes of the documents in the file (ks_copy,
	// ktp_copy, medical_resume, sjp_copy, ...).
	Documents []string `json:"documents"`
}

// Timeline is when the claim is due and what follows, under the rules.
type Timeline struct {
	// SubmissionMonth is the month the claim goes in: the month after the
	// one the service ended in.
	SubmissionMonth string `json:"submission_month"` // YYYY-MM
	// SubmissionDue is the last day it may reach Dinkes: the end of that
	// month's second week.
	SubmissionDue rules.Date `json:"submission_due"`
	// VerificationDue is when the verifiers' report (Berita Acara Hasil
	// Verifikasi) is due: the end of that month's fourth week.
	VerificationDue rules.Date `json:"verification_due"`
	// PaymentDue is when a payable claim is paid by transfer: the end of
	// the second week of the month after.
	PaymentDue rules.Date `json:"payment_due"`
	// Late is true when the claim reached Dinkes after SubmissionDue.
	Late bool `json:"late"`
	// Ref cites the rule that places the submission month, in force on
	// the day the service ended.
	Ref string `json:"ref"`
	// Steps cite each step by the rules in force on its due date.
	Steps StepRefs `json:"steps"`
}

// Result is the answer to "is this claim file complete, and when is it
// due?".
type Result struct {
	Complete bool `json:"complete"`
	// Required lists every document the file needs, with its citation.
	Required []Document `json:"required"`
	// Missing lists the required documents not in the file.
	Missing  []Document `json:"missing"`
	Timeline Timeline   `json:"timeline"`
	// Warnings holds "rules as last known on ..." for a service end after
	// the last date the rulebook speaks of.
	Warnings   []rules.Reason   `json:"warnings"`
	Provenance rules.Provenance `json:"provenance"`
}

// Document is one document of a claim file.
type Document struct {
	Code string `json:"code"`
	// ID is the document's name in Bahasa Indonesia (JSON "message").
	ID string `json:"message"`
	// EN is the document's name in English (JSON "message_en").
	EN  string `json:"message_en"`
	Ref string `json:"ref"`
}

// The parameters the checker reads, in the order of params.
const (
	pCardHolder = iota
	pDinsosLetter
	pInpatientExtra
	pEmergencyExtra
	pCommon
	pInsidentalExtra
	pAMHPExtra
	pDeviceExtra
	pDepositExtra
	pMonthsAfter
	pSubmissionWeek
	pVerificationWeek
	pPaymentWeek
	pMonthReading
	pWeekReading
	pDayOff
)

var params = paramset.New(
	"documents.card_holder",
	"documents.dinsos_letter",
	"documents.inpatient_extra",
	"documents.emergency_inpatient_extra",
	"claims.file.common",
	"claims.file.insidental_extra",
	"claims.file.amhp_khusus_extra",
	"claims.file.device_extra",
	"claims.file.deposit_extra",
	"claims.timeline.submission_months_after_service",
	"claims.timeline.submission_week",
	"claims.timeline.verification_week",
	"claims.timeline.payment_week_next_month",
	"claims.timeline.month_after_reading",
	"claims.timeline.week_reading",
	"claims.timeline.due_on_day_off",
)

// Check checks the claim against the rules in force on the day its
// service ended (take s on c.ServiceEnd). A claim without a service end or
// membership, or submitted before its service ended, gives a *rules.FieldError.
func Check(c *Claim, s rules.Snapshot) (Result, error) {
	var r Result
	if err := CheckInto(&r, c, s); err != nil {
		return Result{}, err
	}
	return r, nil
}

// CheckInto is Check writing into r, reusing the capacity of its slices:
// a verifier checking a month's files in a loop allocates less.
func CheckInto(res *Result, c *Claim, s rules.Snapshot) error {
	r := Result{Required: res.Required[:0], Missing: res.Missing[:0], Provenance: res.Provenance}
	err := checkInto(&r, c, s)
	*res = r
	return err
}

func checkInto(rp *Result, c *Claim, s rules.Snapshot) error {
	r := *rp
	defer func() { *rp = r }()
	if c == nil {
		return fieldErrf("(input)", "no claim")
	}
	if err := s.Check(); err != nil {
		return causeErr("(snapshot)", err.Error(), err)
	}
	if c.ServiceEnd.IsZero() {
		return fieldErrf("service_end", "required")
	}
	if !s.Date().Equal(c.ServiceEnd) {
		return fieldErrf("service_end", "the snapshot is of %s, the service ended on %s: take the snapshot on the service end", s.Date(), c.ServiceEnd)
	}
	if c.Membership != "card" && c.Membership != "dinsos_letter" {
		return fieldErrf("membership", "%q is not card or dinsos_letter", c.Membership)
	}
	if !c.Submitted.IsZero() && c.Submitted.Before(c.ServiceEnd) {
		return fieldErrf("submitted", "%s is before the service ended on %s", c.Submitted, c.ServiceEnd)
	}
	if c.AMHPKhusus && !c.Insidental {
		return fieldErrf("amhp_khusus", "special consumables are claimed with an insidental case")
	}
	r.Provenance.Reset(s)
	pr := params.Reader(s, &r.Provenance)

	// The admission documents, then the claim letter's attachments.
	lists := []int{pCardHolder}
	if c.Membership == "dinsos_letter" {
		lists[0] = pDinsosLetter
	}
	if c.Inpatient {
		lists = append(lists, pInpatientExtra)
		if c.Emergency {
			lists = append(lists, pEmergencyExtra)
		}
	}
	lists = append(lists, pCommon)
	for _, extra := range []struct {
		on bool
		p  int
	}{{c.Insidental, pInsidentalExtra}, {c.AMHPKhusus, pAMHPExtra}, {c.Device, pDeviceExtra}, {c.Deposit, pDepositExtra}} {
		if extra.on {
			lists = append(lists, extra.p)
		}
	}
	// The file holds a few documents: sets as small slices, not maps.
	have := make(docSet, 0, 2*len(c.Documents))
	for _, d := range c.Documents {
		have = append(have, d)
		for _, set := range equivalents[d] { // a general copy stands for the specific ones
			have = append(have, set...)
		}
	}
	seen := make(docSet, 0, 16)
	for _, i := range lists {
		v, err := pr.Lookup(i)
		if err != nil {
			return fmt.Errorf("claim: the rules in force on %s do not say: %w", c.ServiceEnd, err)
		}
		for _, code := range v.List() {
			if seen.has(code) || satisfied(code, seen) {
				continue
			}
			seen = append(seen, code)
			doc := document(code, v.Ref)
			r.Required = append(r.Required, doc)
			if !have.has(code) && !equivalentHeld(code, have) {
				r.Missing = append(r.Missing, doc)
			}
		}
	}
	for i, d := range c.Documents {
		if _, known := names[d]; !known && !seen.has(d) {
			return fieldErrf(fmt.Sprintf("documents[%d]", i), "unknown document code %q", d)
		}
	}
	r.Complete = len(r.Missing) == 0
	if r.Missing == nil {
		r.Missing = []Document{}
	}
	tl, err := timeline(c, &pr, s.Rulebook())
	if err != nil {
		return err
	}
	r.Timeline = tl
	r.Warnings = []rules.Reason{}
	if s.IsBeyond() {
		w, _ := s.Beyond()
		r.Warnings = append(r.Warnings, w)
	}
	return nil
}

// equivalents lists a claim-file document that another one stands for:
// the copy of the KS-NIK card or of the Dinsos letter is the
// "membership proof"; separate KTP and KK copies are the "KTP and KK".
var equivalents = map[string][][]string{
	"membership_proof_copy": {{"ks_copy"}, {"dinsos_letter"}},
	"ktp_kk_copy":           {{"ktp_copy", "kk_copy"}},
}

// docSet is a small set of document codes.
type docSet []string

func (d docSet) has(code string) bool {
	for _, c := range d {
		if c == code {
			return true
		}
	}
	return false
}

// equivalentHeld reports whether the file holds what stands for code.
func equivalentHeld(code string, have docSet) bool {
	for _, set := range equivalents[code] {
		all := true
		for _, c := range set {
			all = all && have.has(c)
		}
		if all {
			return true
		}
	}
	return false
}

// satisfied reports whether a claim-file document is already required in
// the form of its equivalents (the admission copies).
func satisfied(code string, seen docSet) bool {
	for _, set := range equivalents[code] {
		all := true
		for _, c := range set {
			all = all && seen.has(c)
		}
		if all {
			return true
		}
	}
	return false
}

// timeline computes the claim's dates under the rulebook's readings of
// the texts (claims.timeline.*).
func timeline(c *Claim, pr *paramset.Reader, rb *rules.Rulebook) (Timeline, error) {
	sc, err := scheduleFrom(pr, c.ServiceEnd, rb)
	if err != nil {
		return Timeline{}, err
	}
	tl := Timeline{SubmissionMonth: sc.SubmissionMonth, SubmissionDue: sc.SubmissionDue,
		VerificationDue: sc.VerificationDue, PaymentDue: sc.PaymentDue, Ref: sc.Ref, Steps: sc.Steps}
	tl.Late = !c.Submitted.IsZero() && c.Submitted.After(tl.SubmissionDue)
	return tl, nil
}

// names are the documents' names; a code the catalogue lacks is shown as
// it is.
var names = map[string][2]string{
	"ks_copy":                             {"Fotokopi Kartu Sehat (KS-NIK)", "Copy of the KS-NIK card"},
	"dinsos_letter":                       {"Surat rekomendasi Dinas Sosial", "Dinsos recommendation letter"},
	"ktp_copy":                            {"Fotokopi KTP", "Copy of the identity card (KTP)"},
	"kk_copy":                             {"Fotokopi Kartu Keluarga", "Copy of the family card (KK)"},
	"inpatient_letter":                    {"Surat bukti rawat inap", "Proof of inpatient stay"},
	"igd_doctor_letter":                   {"Surat keterangan/tindakan dokter jaga IGD", "IGD doctor's statement of the emergency"},
	"claim_letter":                        {"Surat permohonan klaim bermaterai, ditandatangani Direktur", "Claim letter on duty stamp, signed by the director"},
	"membership_proof_copy":               {"Fotokopi KS-NIK atau surat rekomendasi Dinas Sosial", "Copy of the KS-NIK card or the Dinsos letter"},
	"ktp_kk_copy":                         {"Fotokopi KTP dan KK", "Copies of the KTP and KK"},
	"medical_resume":                      {"Resume medik", "Medical resume"},
	"sjp_copy":                            {"Fotokopi Surat Jaminan Pelayanan (SJP)", "Copy of the service guarantee letter (SJP)"},
	"inacbg_grouping":                     {"Grouping INA-CBG's", "INA-CBG grouping"},
	"exam_results":                        {"Lampiran hasil pemeriksaan dan penunjang", "Examination and support results"},
	"cost_breakdown":                      {"Rincian biaya", "Cost breakdown"},
	"insidental_forms_1_5":                {"Format 1 s.d. 5 pembiayaan insidentil", "Insidental forms 1 to 5"},
	"dinkes_action_approvals":             {"Persetujuan Dinas Kesehatan untuk setiap tindakan", "Dinkes approval of each action"},
	"dinkes_discharge_approval":           {"Pengesahan kepulangan pasien dari Dinas Kesehatan", "Dinkes approval of the discharge"},
	"dinkes_amhp_approval":                {"Persetujuan Dinas Kesehatan untuk AMHP khusus", "Dinkes approval of the special consumables"},
	"medical_committee_director_approval": {"Persetujuan Komite Medik dan Direktur untuk alat medis di luar paket", "Medical committee and director's approval of the device outside the package"},
	"deposit_report":                      {"Laporan deposit pasien rawat inap", "Report of the inpatient's deposit"},
}

func document(code, ref string) Document {
	n, ok := names[code]
	if !ok {
		n = [2]string{code, code}
	}
	return Document{Code: code, ID: n[0], EN: n[1], Ref: ref}
}
