package claim

import (
	"encoding/binary"
	"errors"
	"hash/maphash"
	"math/bits"
	"slices"
	"strconv"
	"strings"

	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/internal/fault"
	"github.com/kartusehat/kartusehat/internal/paramset"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
	"github.com/shopspring/decimal"
)

// Verdict is the verdict on one bill line: Paid, Reduced or Denied. It
// is a type apart from FileVerdict, so a line's verdict and a file's
// cannot be compared by mistake.
type Verdict string

// The verdicts of a line.
const (
	Paid    Verdict = "paid"    // paid as claimed
	Reduced Verdict = "reduced" // paid, less than claimed
	Denied  Verdict = "denied"  // not paid
)

// FileVerdict is the verdict on a claim file: FilePaid, FilePartlyPaid,
// FileRefused or FileIncomplete.
type FileVerdict string

// The verdicts of a file.
const (
	FilePaid       FileVerdict = "paid"        // every line paid as claimed
	FilePartlyPaid FileVerdict = "partly_paid" // some lines reduced or denied
	FileRefused    FileVerdict = "refused"     // nothing is paid
	FileIncomplete FileVerdict = "incomplete"  // documents missing: returned to the hospital
)

// LineVerdict is the verdict on one bill line: paid, reduced (to Payable,
// by Reduced) or denied, with its reasons.
type LineVerdict struct {
	Line    int             `json:"line"` // 1-based, as in the file
	Verdict Verdict         `json:"verdict"`
	Claimed decimal.Decimal `json:"claimed"`
	Payable decimal.Decimal `json:"payable"`
	Reduced decimal.Decimal `json:"reduced"`
	Denied  decimal.Decimal `json:"denied"`
	Reasons []rules.Reason  `json:"reasons"`

	amt lineAmt // the figures in whole rupiah, for the month's tallies
}

// Amounts are a file's figures, in whole rupiah: Claimed = Payable +
// Reduced + Denied, and Transfer = Payable - DepositNetted.
type Amounts struct {
	Claimed       decimal.Decimal `json:"claimed"`
	Payable       decimal.Decimal `json:"payable"`
	Reduced       decimal.Decimal `json:"reduced"`
	Denied        decimal.Decimal `json:"denied"`
	DepositNetted decimal.Decimal `json:"deposit_netted"`
	Transfer      decimal.Decimal `json:"transfer"`
}

// Adjudication is the verdict on a claim file: per line and for the file,
// with the amounts, the missing documents, the timeline and the
// provenance.
type Adjudication struct {
	ID       string      `json:"id,omitempty"`
	Hospital string      `json:"hospital"`
	Service  string      `json:"service"`
	Verdict  FileVerdict `json:"verdict"`
	// Reasons are the grounds of the file's verdict.
	Reasons []rules.Reason `json:"reasons"`
	// Notes are points the verifier notes that do not change the verdict
	// (a secondary code excluded, a claim below the tariff, the pathway's
	// warnings).
	Notes   []rules.Reason `json:"notes"`
	Lines   []LineVerdict  `json:"lines"`
	Amounts Amounts        `json:"amounts"`
	Basis   string         `json:"basis,omitempty"` // inacbg or hospital_tariff
	// Payer is who pays: the pathway's payer, or PayerNone for a refused
	// file the pathway left to Jamkesda (a refused file is never
	// Jamkesda's).
	Payer referral.Payer `json:"payer"`
	// Missing lists the documents the file lacks.
	Missing    []Document       `json:"missing"`
	Timeline   Timeline         `json:"timeline"`
	Provenance rules.Provenance `json:"provenance"`

	amt amounts        // the figures in whole rupiah
	all []rules.Reason // the array of every reason, for AdjudicateDecidedInto to reuse
}

type amounts struct{ claimed, payable, reduced, denied, deposit int64 }

type lineAmt struct {
	claimed, payable int64
	verdict          Verdict
	reason           string // the first reason's code
}

// Has reports whether the file's reasons or notes, or a line's reasons,
// include code.
func (a *Adjudication) Has(code string) bool {
	for _, l := range [][]rules.Reason{a.Reasons, a.Notes} {
		for _, r := range l {
			if r.Code == code {
				return true
			}
		}
	}
	for _, l := range a.Lines {
		for _, r := range l.Reasons {
			if r.Code == code {
				return true
			}
		}
	}
	return false
}

// The parameters the adjudicator reads.
const (
	aActionApproval = iota
	aDischargeApproval
	aAMHPApproval
	aDeviceApproval
	aDeposit
	aHealthAids
	aRoundMode
	aRoundUnit
	aPayerSwitch
	aCostBreakdown
	aApprovedDevices
)

var adjParams = paramset.New(
	"claims.approvals.insidental_action",
	"claims.approvals.insidental_discharge",
	"claims.approvals.amhp_khusus",
	"claims.approvals.device_outside_package",
	"claims.deposit_reading",
	"services.health_aids_covered",
	"money.rounding.mode",
	"money.rounding.unit",
	"claims.payer_switch_without_cut_off",
	"claims.verification.cost_breakdown",
	"tariff.approved_devices",
)

// PayerNone is the payer of a refused file: Jamkesda pays nothing, and
// the assessment named no other payer.
const PayerNone referral.Payer = "none"

// Adjudicate decides a claim file on the rules of the snapshot s, taken on
// the date of admission, pricing with the INA-CBG table t (nil: the
// rulebook's own). It reuses eligibility.Check, referral.Assess and
// tariff.Price and gives every bill line a verdict. A malformed file, or
// one the tariff cannot price, gives a *rules.FieldError and no adjudication.
func Adjudicate(f *File, s rules.Snapshot, t *tariff.Table) (Adjudication, error) {
	var x Adjudicator
	return x.Adjudicate(f, s, t)
}

// Adjudicator adjudicates files one after another, reusing its buffers:
// a verifier's loop allocates less. The zero value is ready; it is not
// safe for concurrent use (use one per goroutine).
type Adjudicator struct {
	d    eligibility.Decision
	a    referral.Assessment
	bill tariff.Bill
	ep   referral.Episode
	tep  tariff.Episode
	dx   []string
	px   []string
	keys map[uint64]int
	hash maphash.Hash
	doc  Result
	cl   Claim
	docs map[uint64]docEntry // by docKey.hash

	j     judge
	facts [3]string      // a line's category and codes, for the exclusions
	dec   decCache       // the decimals of recent amounts
	rbuf  []rules.Reason // the file's reasons, before the result owns them
	nbuf  []rules.Reason // the file's notes, likewise
	// the pricing's buffers
	itemLine, topUpLine, serviceLine []int
	hl                               []tariff.HospitalLine
	ins                              tariff.Insidental
	amts                             []decimal.Decimal
	namt                             int
}

// decCache remembers the decimals of recent whole-rupiah amounts: a
// decimal.Decimal never changes once made, so results may share them.
type decCache [256]struct {
	n  int64
	d  decimal.Decimal
	ok bool
}

// amount is a pointer to n whole rupiah, in x's buffer: valid until the
// next file.
func (x *Adjudicator) amount(n int64) *decimal.Decimal {
	if x.namt == len(x.amts) {
		x.amts = append(x.amts, decimal.Decimal{})
		x.amts = x.amts[:cap(x.amts)]
	}
	d := &x.amts[x.namt]
	x.namt++
	*d = x.dec.of(n)
	return d
}

// of is n whole rupiah as a decimal; zero shares decimal.Zero.
func (c *decCache) of(n int64) decimal.Decimal {
	if n == 0 {
		return decimal.Zero
	}
	if c == nil {
		return decimal.NewFromInt(n)
	}
	e := &c[(uint64(n)*0x9E3779B97F4A7C15)>>56]
	if !e.ok || e.n != n {
		e.n, e.d, e.ok = n, decimal.NewFromInt(n), true
	}
	return e.d
}

// docKey is what the document check of a file depends on: the rulebook,
// the day the service ended, the kind of claim and the documents held.
type docKey struct {
	rb    *rules.Rulebook
	end   rules.Date
	flags uint8
	docs  uint64 // hash of the document codes, in order
}

// hash folds the key but its rulebook into one word, the docs map's key;
// the entry keeps the whole key to tell a collision (or another
// rulebook) from a hit.
func (k *docKey) hash() uint64 {
	return mixHash(k.docs, uint64(uint32(k.end.DaysUntil(rules.Date{})))<<8|uint64(k.flags))
}

type docEntry struct {
	key     docKey
	missing []Document
	tl      Timeline
}

// documents is Check for the adjudicator, memoised: the files of a month
// share a few kinds and end dates.
func (x *Adjudicator) documents(rb *rules.Rulebook, c *Claim) ([]Document, Timeline, error) {
	k := docKey{rb: rb, end: c.ServiceEnd}
	for i, on := range [...]bool{c.Membership == "dinsos_letter", c.Inpatient, c.Emergency, c.Insidental, c.AMHPKhusus, c.Device, c.Deposit} {
		if on {
			k.flags |= 1 << i
		}
	}
	seed := x.hash.Seed()
	k.docs = uint64(len(c.Documents))
	for _, d := range c.Documents {
		k.docs = mixHash(k.docs, maphash.String(seed, d))
	}
	kh := k.hash()
	if e, ok := x.docs[kh]; ok && e.key == k {
		tl := e.tl
		tl.Late = !c.Submitted.IsZero() && c.Submitted.After(tl.SubmissionDue)
		return e.missing, tl, nil
	}
	if err := CheckInto(&x.doc, c, rb.At(c.ServiceEnd)); err != nil {
		return nil, Timeline{}, err
	}
	if x.docs == nil || len(x.docs) >= 4096 {
		x.docs = make(map[uint64]docEntry, 64)
	}
	x.docs[kh] = docEntry{key: k, missing: slices.Clone(x.doc.Missing), tl: x.doc.Timeline}
	return x.doc.Missing, x.doc.Timeline, nil
}

// Adjudicate is the package's Adjudicate using x's buffers. The result
// does not share memory with x.
func (x *Adjudicator) Adjudicate(f *File, s rules.Snapshot, t *tariff.Table) (Adjudication, error) {
	if err := f.check(s); err != nil {
		return Adjudication{}, err
	}
	return x.adjudicate(f, s, t, nil, nil)
}

// AdjudicateDecided is Adjudicate for a host that has already decided the
// patient's eligibility (d, eligibility.Check on f.Patient) and the
// pathway (a, referral.Assess on f's episode with its principal codes
// first and d) on the snapshot s: the file is adjudicated on those
// decisions instead of deciding them again. The documents, the line
// rules and the pricing of the claimed lines are the file's own, as in
// Adjudicate. Given the decisions Adjudicate would make, the result is
// Adjudicate's.
func (x *Adjudicator) AdjudicateDecided(f *File, s rules.Snapshot, t *tariff.Table, d *eligibility.Decision, a *referral.Assessment) (Adjudication, error) {
	if d == nil || a == nil {
		return Adjudication{}, fieldErrf("(input)", "no eligibility decision or pathway assessment")
	}
	if err := f.check(s); err != nil {
		return Adjudication{}, err
	}
	return x.adjudicate(f, s, t, d, a)
}

// AdjudicateDecidedInto is AdjudicateDecided writing the result into r
// and reusing the capacity of r's slices (the lines, the reasons, the
// missing documents, the provenance) instead of allocating the result's
// own: a host that reads each result before it adjudicates the next, as
// the simulation does, allocates nothing once they have grown. r then
// shares memory with x until the next call with r, and with the previous
// result written into r. The verdict, figures and reasons are
// AdjudicateDecided's. On an error r is the zero Adjudication.
func (x *Adjudicator) AdjudicateDecidedInto(r *Adjudication, f *File, s rules.Snapshot, t *tariff.Table, d *eligibility.Decision, a *referral.Assessment) error {
	if r == nil {
		return fieldErrf("(input)", "no result to write into")
	}
	if d == nil || a == nil {
		*r = Adjudication{}
		return fieldErrf("(input)", "no eligibility decision or pathway assessment")
	}
	if err := f.check(s); err != nil {
		*r = Adjudication{}
		return err
	}
	j := &x.j
	j.into = r
	defer func() { j.into = nil }()
	res, err := x.adjudicate(f, s, t, d, a)
	*r = res
	return err
}

// check checks the file on its own and the snapshot's date.
func (f *File) check(s rules.Snapshot) error {
	if f == nil {
		return fieldErrf("(input)", "no claim file")
	}
	if err := f.validate(); err != nil {
		return err
	}
	if adm := f.Episode.ServiceDate(); !s.Date().Equal(adm) {
		return fieldErrf("episode.admission", "the snapshot is of %s, the admission on %s: take the snapshot on the date of admission", s.Date(), adm)
	}
	return nil
}

func (x *Adjudicator) adjudicate(f *File, s rules.Snapshot, t *tariff.Table, d *eligibility.Decision, a *referral.Assessment) (Adjudication, error) {
	j := &x.j
	// The result is zeroed before, not after: the last one handed out
	// shares nothing x writes to again.
	j.x, j.f, j.s, j.d, j.a, j.round = x, f, s, d, a, rules.Rounding{}
	if into := j.into; into != nil {
		// The result's slices, for finish to reuse; the provenance's too.
		j.lines, j.all, j.missing = into.Lines[:0], into.all[:0], into.Missing[:0]
		j.r = Adjudication{Provenance: into.Provenance}
		*into = Adjudication{}
	} else {
		j.r = Adjudication{}
	}
	x.namt = 0
	j.r.Provenance.Reset(s)
	j.pr = adjParams.Reader(s, &j.r.Provenance)
	if err := j.run(t); err != nil {
		return Adjudication{}, err
	}
	return j.r, nil
}

type judge struct {
	// into is the result AdjudicateDecidedInto writes, whose slices
	// lines, all and missing the result reuses; nil for a result of its
	// own.
	into    *Adjudication
	lines   []LineVerdict
	all     []rules.Reason
	missing []Document
	x       *Adjudicator
	f       *File
	s       rules.Snapshot
	pr      paramset.Reader
	round   rules.Rounding
	r       Adjudication
	d       *eligibility.Decision // the decisions made, or those made here
	a       *referral.Assessment
	// per line
	denied  []bool
	reasons [][]rules.Reason
	payable []int64
	paidRef []string // the citation of what a line is paid at (the package, a tariff)
	claimed []int64
}

func (j *judge) run(t *tariff.Table) error {
	f, x := j.f, j.x
	n := len(f.Lines)
	j.r.ID, j.r.Hospital, j.r.Service = f.ID, f.hospital(), f.Service()
	j.r.Reasons, j.r.Notes = x.rbuf[:0], x.nbuf[:0]
	j.denied = resize(j.denied, n)
	j.payable, j.claimed, j.paidRef = resize(j.payable, n), resize(j.claimed, n), resize(j.paidRef, n)
	if cap(j.reasons) < n {
		j.reasons = append(j.reasons[:cap(j.reasons)], make([][]rules.Reason, n-cap(j.reasons))...)
	}
	j.reasons = j.reasons[:n]
	for i := range j.reasons {
		j.reasons[i] = j.reasons[i][:0]
	}
	if err := j.rounding(); err != nil {
		return err
	}
	for i := range f.Lines {
		c, err := j.whole(f.Lines[i].Amount)
		if err != nil {
			return err
		}
		j.claimed[i] = c
		j.r.amt.claimed += c
	}
	if f.Total != nil {
		if total, err := j.whole(*f.Total); err != nil || total != j.r.amt.claimed {
			if check, v := j.pr.Flag(aCostBreakdown); check {
				j.note(msgTotalMismatch, v.Ref)
			}
		}
	}

	// The documents and the timeline, on the rules of the service's end.
	end := f.serviceEnd()
	f.asClaim(end, &x.cl)
	missing, tl, err := x.documents(j.s.Rulebook(), &x.cl)
	if err != nil {
		return err
	}
	j.r.Missing, j.r.Timeline = []Document{}, tl
	if j.into != nil && j.missing != nil {
		j.r.Missing = j.missing
	}
	if len(missing) > 0 {
		j.r.Missing = append(j.r.Missing, missing...)
	}

	// Eligibility and the pathway, on the rules of the admission.
	if j.d == nil {
		if err := eligibility.CheckInto(&x.d, &f.Patient, j.s); err != nil {
			return prefixed("/patient", err)
		}
		j.episode()
		if err := referral.AssessInto(&x.a, &x.ep, &x.d, j.s); err != nil {
			return prefixed("/episode", err)
		}
		j.d, j.a = &x.d, &x.a
	}
	d, a := j.d, j.a
	j.r.Payer = a.Payer
	j.r.Notes = append(j.r.Notes, a.Warnings...)
	switch {
	case !d.Eligible:
		j.refuse(msgNotParticipant, firstRef(d.Reasons))
		j.r.Reasons = append(j.r.Reasons, d.Reasons...)
	case !a.Covered:
		j.refuse(msgPathway, firstRef(a.Reasons))
		j.r.Reasons = append(j.r.Reasons, a.Reasons...)
	}

	if f.PrivateAgreement {
		j.refuse(msgPrivateAgreement, j.exclusionRef("private_agreement"))
	}
	if pc := f.PayerChange; pc != nil && !pc.CutOff {
		// The reading of Juknis III item 16 (claims.payer_switch_without_cut_off):
		// the whole file, or only the costs before the switch (lineRules).
		if ref := j.exclusionRef("payer_switch_without_cut_off"); ref != "" && !j.switchBeforeOnly() {
			j.refuse(msgSwitchNoCutOff, ref)
		}
	}
	if j.r.Verdict == FileRefused {
		return j.finish(false)
	}

	j.lineRules()
	if err := j.price(t); err != nil {
		return err
	}
	return j.finish(true)
}

func (f *File) hospital() string {
	if f.Hospital != "" {
		return f.Hospital
	}
	return f.Episode.Facility
}

// asClaim is the file as the document check sees it.
func (f *File) asClaim(end rules.Date, c *Claim) {
	*c = Claim{ServiceEnd: end, Submitted: f.Submitted, Membership: f.Membership,
		Inpatient: f.Episode.CareType == referral.Inpatient, Emergency: f.Episode.Emergency == referral.TrueEmergency,
		Insidental: len(f.Insidental) > 0, Deposit: len(f.Deposits) > 0, Documents: f.Documents}
	for _, l := range f.Lines {
		c.AMHPKhusus = c.AMHPKhusus || l.Kind == KindAMHPKhusus && c.Insidental
		c.Device = c.Device || l.Kind == KindDevice
	}
}

// episode builds the pathway's episode: the file's, with the hospital,
// the patient's NIK and the principal codes first.
func (j *judge) episode() {
	f, x := j.f, j.x
	x.ep = f.Episode
	if x.ep.Facility == "" {
		x.ep.Facility = f.Hospital
	}
	if x.ep.PatientNIK.IsZero() {
		x.ep.PatientNIK = f.Patient.Person.NIK
	}
	x.dx, x.px = x.dx[:0], x.px[:0]
	if f.Principal.Diagnosis != "" {
		x.dx = append(x.dx, f.Principal.Diagnosis)
	}
	if f.Principal.Procedure != "" {
		x.px = append(x.px, f.Principal.Procedure)
	}
	x.ep.Diagnoses = append(x.dx, f.Episode.Diagnoses...)
	x.ep.Procedures = append(x.px, f.Episode.Procedures...)
	x.dx, x.px = x.ep.Diagnoses, x.ep.Procedures
}

// prefixed places the field errors of the file's patient facts or
// episode (eligibility's, referral's) at their place in the file, as the
// claim package's own (ErrClaim); another error is returned as it is.
func prefixed(prefix string, err error) error {
	var fe *rules.FieldError
	if !errors.As(err, &fe) {
		return err
	}
	return reclaim(fault.Within(prefix, err), func(ptr string) string { return ptr })
}

// reclaim makes every field error of err one of this package (ErrClaim),
// at the pointer place gives it.
func reclaim(err error, place func(ptr string) string) error {
	var all rules.FieldErrors
	all.AddAll(err)
	for i, e := range all.List {
		cp := e.WithKind(ErrClaim)
		cp.Pointer = place(e.Pointer)
		all.List[i] = cp
	}
	return all.Err()
}

func firstRef(rs []rules.Reason) string {
	if len(rs) > 0 {
		return rs[0].Ref
	}
	return ""
}

func (j *judge) note(m msg, ref string) { j.r.Notes = append(j.r.Notes, m.With(ref)) }

// refuse refuses the whole file.
func (j *judge) refuse(m msg, ref string) {
	j.r.Verdict = FileRefused
	j.r.Reasons = append(j.r.Reasons, m.With(ref))
}

// deny denies line i for a reason; a line keeps every reason.
func (j *judge) deny(i int, m msg, ref string) {
	j.denied[i] = true
	j.reasons[i] = append(j.reasons[i], m.With(ref))
}

// switchBeforeOnly reports whether a payer switch without a cut-off takes
// only the costs before the switch (claims.payer_switch_without_cut_off).
func (j *judge) switchBeforeOnly() bool {
	v := j.pr.Get(aPayerSwitch)
	return v != nil && v.Text() == "before_switch_only"
}

func (j *judge) exclusionRef(code string) string {
	for ex := range j.s.ExclusionsInForce() {
		if ex.Code == code {
			return ex.RefOn(j.s.Date())
		}
	}
	return ""
}

func (j *judge) rounding() error {
	mode, err := j.pr.Lookup(aRoundMode)
	if err != nil {
		return err
	}
	unit, err := j.pr.Lookup(aRoundUnit)
	if err != nil {
		return err
	}
	j.round = rules.Rounding{Mode: rules.RoundingMode(mode.Text()), Unit: unit.Decimal()}
	return nil
}

// whole rounds an amount to whole rupiah with the rulebook's rounding.
func (j *judge) whole(d decimal.Decimal) (int64, error) {
	r := j.round.Round(d)
	if !r.IsInteger() || r.Abs().GreaterThan(maxAmount) {
		return 0, fieldErrf("lines", "amount %s is not a whole number of rupiah after rounding", d)
	}
	return r.IntPart(), nil
}

// lineRules applies the rules that deny a line on its own: the change of
// payer, the exclusions, the approvals, the same line twice.
func (j *judge) lineRules() {
	f, s := j.f, j.s
	insidental := len(f.Insidental) > 0
	age := -1
	if birth, ok := f.Patient.Person.NIK.BirthDate(s.Date()); ok {
		age = s.Date().YearsSince(birth)
	}
	aidsCovered, _ := j.pr.Flag(aHealthAids)
	approved := func(kind string, line int) bool {
		for _, a := range f.Approvals {
			if a.Kind == kind && (line == 0 || a.Line == line) {
				return true
			}
		}
		return false
	}
	var switchRef string
	if pc := f.PayerChange; pc != nil {
		switch v := j.pr.Get(aPayerSwitch); {
		case !pc.CutOff && v != nil && j.switchBeforeOnly():
			switchRef = v.Ref
		default:
			if switchRef = j.exclusionRef("payer_switch_without_cut_off"); switchRef == "" {
				if g, ok := s.Governing(); ok {
					switchRef = g.Short
				}
			}
		}
	}
	// Juknis IV.b.2.o sets the approval of an insidental discharge and no
	// consequence of its absence: the verifier is told, nothing is denied.
	if insidental && f.Episode.CareType == referral.Inpatient && !approved(ApprovalDinkesDischarge, 0) {
		if need, v := j.pr.Flag(aDischargeApproval); need {
			j.note(msgNoDischargeApproval, v.Ref)
		}
	}
	checkLines, breakdown := j.pr.Flag(aCostBreakdown)
	if j.x.keys == nil {
		j.x.keys = map[uint64]int{}
	}
	clear(j.x.keys)
	var facts rules.ExclusionFacts
	for i := range f.Lines {
		l := &f.Lines[i]
		if pc := f.PayerChange; pc != nil && l.Date.Before(pc.Date) {
			j.deny(i, msgBeforeSwitch, switchRef)
		}
		fb := &j.x.facts
		fb[0], fb[1], fb[2] = l.Category, l.ICD10, l.ICD9CM
		facts = rules.ExclusionFacts{Categories: one(fb[0:1]), ICD10: one(fb[1:2]), ICD9CM: one(fb[2:3]),
			MedicalIndication: l.MedicalIndication || f.Episode.MedicalIndication, Age: age}
		if set, ok := s.ExclusionMatches(&facts); ok {
			for ; set != 0; set &= set - 1 {
				j.exclude(i, s.ExclusionAt(bits.TrailingZeros64(set)), aidsCovered)
			}
		} else {
			for ex := range s.ExclusionsInForce() {
				if ex.Matches(&facts) {
					j.exclude(i, ex, aidsCovered)
				}
			}
		}
		switch {
		case l.InsidentalAction && insidental && !approved(ApprovalDinkesAction, i+1):
			if need, v := j.pr.Flag(aActionApproval); need {
				j.deny(i, msgNoActionApproval, v.Ref)
			}
		case l.Kind == KindAMHPKhusus && insidental && !approved(ApprovalDinkesAMHP, i+1):
			if need, v := j.pr.Flag(aAMHPApproval); need {
				j.deny(i, msgNoAMHPApproval, v.Ref)
			}
		case l.Kind == KindDevice && !approved(ApprovalCommitteeDirector, i+1):
			if need, v := j.pr.Flag(aDeviceApproval); need {
				j.deny(i, msgNoDeviceApproval, v.Ref)
			}
		}
		if !checkLines {
			continue
		}
		key := j.x.lineKey(l, j.claimed[i])
		if first, dup := j.x.keys[key]; dup {
			j.deny(i, duplicateLine(first+1), breakdown.Ref)
		} else {
			j.x.keys[key] = i
		}
	}
}

// duplicateLine is the reason of a line that repeats line first (1-based).
func duplicateLine(first int) msg {
	n := strconv.Itoa(first)
	return msg{Code: msgDuplicateLine.Code,
		ID: "Baris tagihan yang sama dengan baris " + n + " ditagihkan dua kali: tidak dibayar.",
		EN: "The same bill line as line " + n + " is billed twice: not paid."}
}

// exclude denies line i for the exclusion ex, which matches it, unless
// the health aids are covered.
func (j *judge) exclude(i int, ex *rules.Exclusion, aidsCovered bool) {
	if ex.Code == "health_aids" && aidsCovered {
		return
	}
	ref := ex.RefOn(j.s.Date())
	j.deny(i, msg{Code: ExcludedCodePrefix + ex.Code, ID: "Pelayanan tidak ditanggung: " + ex.Name.ID + ".", EN: "Not covered: " + ex.Name.EN + "."}, ref)
	j.r.Provenance.Add(rules.Used{Path: "exclusions." + ex.Code, Value: "line " + strconv.Itoa(i+1), From: ex.From, Ref: ref})
}

// one is s (one code), or nil when the code is empty.
func one(s []string) []string {
	if s[0] == "" {
		return nil
	}
	return s
}

// resize is s with length n, its elements zeroed, reusing its array.
func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// lineKey identifies a line for the duplicate check: the same day, kind,
// category, codes, description, quantity and amount (in whole rupiah).
func (x *Adjudicator) lineKey(l *Line, amount int64) uint64 {
	seed := x.hash.Seed()
	var buf [24]byte
	binary.LittleEndian.PutUint64(buf[0:], uint64(dayNum(l.Date)))
	binary.LittleEndian.PutUint64(buf[8:], uint64(l.Quantity))
	binary.LittleEndian.PutUint64(buf[16:], uint64(amount))
	h := maphash.Bytes(seed, buf[:])
	for _, s := range [...]string{l.Kind, l.Category, l.Code, l.ICD10, l.ICD9CM, l.Description} {
		h = mixHash(h, maphash.String(seed, s))
	}
	return h
}

// mixHash folds the hash v of the next field into h, in order: the
// fields' hashes are each a whole maphash of one string, so a string
// cannot run into the next.
func mixHash(h, v uint64) uint64 {
	h = (h ^ v) * 0x9E3779B97F4A7C15
	return h ^ h>>32
}

// price prices the lines still payable with the tariff, and sets every
// line's payable amount.
func (j *judge) price(t *tariff.Table) error {
	f, x := j.f, j.x
	tep := &x.tep
	items := tep.Items[:0]
	topUps := tep.TopUps[:0]
	*tep = tariff.Episode{Facility: f.hospital(), CareType: f.Episode.CareType, Class: f.Episode.Class,
		ClassReason: f.Episode.ClassReason, INACBG: f.INACBG}
	itemLine, topUpLine, serviceLines := x.itemLine[:0], x.topUpLine[:0], x.serviceLine[:0]
	hl := x.hl[:0]
	defer func() { x.itemLine, x.topUpLine, x.serviceLine, x.hl = itemLine, topUpLine, serviceLines, hl }()
	var serviceSum int64
	for i := range f.Lines {
		l := &f.Lines[i]
		if j.denied[i] {
			continue
		}
		kind := l.Kind
		if kind == KindDevice {
			// Without the rule of Juknis IV.b.2.h in force, nothing pays a
			// device outside the package: it is a service of the stay. With
			// it, the declared reading tariff.approved_devices says whether
			// an approved device is paid as claimed or stays within the
			// package (Perwal 27.A/2017 Ps.9(3) lists what is paid apart).
			if _, v := j.pr.Flag(aDeviceApproval); v.Ref == "" {
				kind = KindService
			} else if r := j.pr.Get(aApprovedDevices); r == nil || r.Text() != "as_claimed" {
				kind = KindService
			}
		}
		switch kind {
		case "", KindService:
			serviceLines = append(serviceLines, i)
			serviceSum += j.claimed[i]
			if len(f.Insidental) > 0 {
				hl = append(hl, tariff.HospitalLine{Description: l.Description, Amount: j.x.amount(j.claimed[i])})
			}
		case KindTopUp:
			topUps = append(topUps, l.Code)
			topUpLine = append(topUpLine, i)
		case KindDevice:
			_, v := j.pr.Flag(aDeviceApproval)
			ref := v.Ref
			if r := j.pr.Get(aApprovedDevices); r != nil && r.Ref != "" {
				ref = r.Ref
			}
			j.payable[i] = j.claimed[i]
			j.reasons[i] = append(j.reasons[i], msgDevicePaid.With(ref))
		default:
			items = append(items, tariff.Item{Kind: l.Kind, Tier: l.Code, Quantity: l.Quantity, UnitPrice: l.UnitPrice})
			itemLine = append(itemLine, i)
		}
	}
	tep.Items, tep.TopUps = items, topUps
	if len(f.Insidental) > 0 && len(hl) > 0 {
		x.ins = tariff.Insidental{Services: f.Insidental, Lines: hl}
		tep.Insidental = &x.ins
	}
	if len(serviceLines) == 0 && len(items) == 0 && len(topUps) == 0 {
		return nil // nothing left to price
	}
	if err := tariff.PriceInto(&x.bill, tep, j.a, j.s, t); err != nil {
		return j.tariffError(err, itemLine, topUpLine)
	}
	b := &x.bill
	j.r.Basis = b.Basis
	// The bill: the package (or the hospital-tariff lines and the
	// discount), the top-ups, then the items in order.
	var pkg int64
	var pkgRef string
	k := 0
	if b.Basis == "hospital_tariff" {
		for ; k < len(b.Lines) && (b.Lines[k].Kind == "hospital_tariff" || b.Lines[k].Kind == "discount"); k++ {
			pkg += b.Lines[k].Rupiah()
			if b.Lines[k].Kind == "discount" || pkgRef == "" {
				pkgRef = b.Lines[k].Ref
			}
		}
	} else if k < len(b.Lines) && b.Lines[k].Kind == "inacbg" {
		pkg, pkgRef = b.Lines[k].Rupiah(), b.Lines[k].Ref
		k++
	}
	reduced := msgReducedINACBG
	if b.Basis == "hospital_tariff" {
		reduced = msgInsidentalDiscount
	}
	if err := j.allocate(serviceLines, serviceSum, pkg, reduced, pkgRef); err != nil {
		return err
	}
	for _, i := range topUpLine {
		if k < len(b.Lines) {
			j.capAt(i, b.Lines[k].Rupiah(), b.Lines[k].Ref)
			k++
		}
	}
	for _, i := range itemLine {
		if k < len(b.Lines) {
			j.capAt(i, b.Lines[k].Rupiah(), b.Lines[k].Ref)
			k++
		}
	}
	return nil
}

// capAt pays line i at most the tariff amount.
func (j *judge) capAt(i int, tariff int64, ref string) {
	if j.claimed[i] <= tariff {
		j.payable[i], j.paidRef[i] = j.claimed[i], ref
		return
	}
	j.payable[i] = tariff
	j.reasons[i] = append(j.reasons[i], msgReducedTariff.With(ref))
}

// allocate pays the service lines the package amount pkg: as claimed when
// their sum is not more, else each in proportion to its claim, rounded
// with the rulebook's rounding and the last line taking the rest up to
// its claim (what is left then going to the lines before it, each up to
// its claim), so that the lines add up to pkg to the rupiah and none is
// paid more than it claims.
func (j *judge) allocate(lines []int, sum, pkg int64, m msg, ref string) error {
	if len(lines) == 0 {
		return nil
	}
	if sum <= pkg {
		for _, i := range lines {
			j.payable[i], j.paidRef[i] = j.claimed[i], ref
		}
		if sum < pkg && j.r.Basis == "inacbg" {
			j.note(msgBelowTariff, ref)
		}
		return nil
	}
	left := pkg
	last := len(lines) - 1
	for n, i := range lines {
		share := min(left, j.claimed[i]) // the last line takes the rest, up to its claim
		if n < last {
			var ok bool
			if j.claimed[i] < 1<<31 && pkg < 1<<31 {
				share, ok = j.round.RoundQuo(j.claimed[i]*pkg, sum)
			}
			if !ok {
				q := j.round.Round(decimal.NewFromInt(j.claimed[i]).Mul(decimal.NewFromInt(pkg)).DivRound(decimal.NewFromInt(sum), 16))
				share = q.IntPart()
			}
			share = min(share, left, j.claimed[i])
		}
		j.payable[i], j.paidRef[i] = share, ref
		left -= share
	}
	// What the last line's claim could not take (the shares above rounded
	// down; a last line of a small claim, or of none) goes to the lines
	// before it, in order, each up to its claim: no line is paid more
	// than it claims. The claims add up to more than pkg, so there is
	// room for it.
	for _, i := range lines {
		if left <= 0 {
			break
		}
		add := min(j.claimed[i]-j.payable[i], left)
		j.payable[i] += add
		left -= add
	}
	for _, i := range lines {
		if j.payable[i] < j.claimed[i] {
			j.reasons[i] = append(j.reasons[i], m.With(ref))
		}
	}
	return nil
}

// tariffError names the line a pricing error is about: the tariff
// episode's /items/i and /top_ups/i are the file's /lines/n.
func (j *judge) tariffError(err error, itemLine, topUpLine []int) error {
	var fe *rules.FieldError
	if !errors.As(err, &fe) {
		return err
	}
	return reclaim(err, func(ptr string) string {
		for _, p := range []struct {
			prefix string
			lines  []int
		}{{"/items/", itemLine}, {"/top_ups/", topUpLine}} {
			if rest, ok := strings.CutPrefix(ptr, p.prefix); ok {
				idx, after, _ := strings.Cut(rest, "/")
				if n, err := strconv.Atoi(idx); err == nil && n < len(p.lines) {
					if after != "" {
						after = "/" + after
					}
					return "/lines/" + strconv.Itoa(p.lines[n]) + after
				}
			}
		}
		if strings.HasPrefix(ptr, "/insidental/services") {
			return strings.Replace(ptr, "/insidental/services", "/insidental", 1)
		}
		return ptr
	})
}

// finish sets every line's verdict and the file's figures.
func (j *judge) finish(priced bool) error {
	f, r := j.f, &j.r
	refused := r.Verdict == FileRefused
	fileRef := firstRef(r.Reasons)
	if j.into != nil && cap(j.lines) >= len(f.Lines) {
		r.Lines = j.lines[:len(f.Lines)]
	} else {
		r.Lines = make([]LineVerdict, len(f.Lines))
	}
	whole := true
	for i := range f.Lines {
		c := j.claimed[i]
		lv := LineVerdict{Line: i + 1, Reasons: j.reasons[i]}
		var p int64
		switch {
		case refused:
			lv.Reasons = append(lv.Reasons, msgFileRefused.With(fileRef))
		case j.denied[i] || !priced:
		default:
			p = j.payable[i]
			if len(lv.Reasons) == 0 && p == c {
				lv.Reasons = append(lv.Reasons, msgPaid.With(j.paidRef[i]))
			}
			if len(lv.Reasons) == 0 {
				lv.Reasons = append(lv.Reasons, msgNoPackage.With(""))
			}
		}
		j.reasons[i] = lv.Reasons // x's buffer, copied to the result below
		switch {
		case p == 0 && c > 0 || refused || j.denied[i]:
			lv.Verdict = Denied
			r.amt.denied += c
			p = 0
		case p < c:
			lv.Verdict = Reduced
			r.amt.reduced += c - p
		default:
			lv.Verdict = Paid
		}
		if lv.Verdict != Paid {
			whole = false
		}
		r.amt.payable += p
		lv.Claimed = f.Lines[i].Amount
		if !lv.Claimed.IsInteger() || lv.Claimed.IntPart() != c {
			lv.Claimed = j.x.dec.of(c)
		}
		switch p {
		case c:
			lv.Payable = lv.Claimed
		case 0:
			lv.Payable = decimal.Zero
		default:
			lv.Payable = j.x.dec.of(p)
		}
		lv.Reduced, lv.Denied = decimal.Zero, decimal.Zero
		if lv.Verdict == Reduced {
			lv.Reduced = j.x.dec.of(c - p)
		}
		if lv.Verdict == Denied {
			lv.Denied = lv.Claimed
		}
		code := ""
		if len(lv.Reasons) > 0 {
			code = lv.Reasons[0].Code
		}
		if refused && len(r.Reasons) > 0 {
			code = r.Reasons[0].Code // the file's ground, for the month's figures by reason
		}
		lv.amt = lineAmt{claimed: c, payable: p, verdict: lv.Verdict, reason: code}
		r.Lines[i] = lv
	}
	// The deposit, netted from what is transferred.
	// The reading of Juknis IV.b.2.q (claims.deposit_reading): netted from
	// the transfer, or refunded to the patient by the hospital.
	if len(f.Deposits) > 0 && r.amt.payable > 0 {
		if v := j.pr.Get(aDeposit); v != nil {
			var sum int64
			for _, d := range f.Deposits {
				a, err := j.whole(d.Amount)
				if err != nil {
					return err
				}
				sum += a
			}
			switch v.Text() {
			case "netted":
				r.amt.deposit = min(sum, r.amt.payable)
				j.note(msgDepositNetted, v.Ref)
			case "refunded":
				j.note(msgDepositRefunded, v.Ref)
			}
		}
	}
	switch {
	case refused:
	case r.amt.payable == 0:
		r.Verdict = FileRefused
		if len(r.Reasons) == 0 {
			ref := ""
			for i := range r.Lines {
				if ref == "" && len(r.Lines[i].Reasons) > 0 {
					ref = r.Lines[i].Reasons[0].Ref // the ground of the first line denied
				}
			}
			r.Reasons = append(r.Reasons, msgFileRefused.With(ref))
		}
	case len(r.Missing) > 0:
		r.Verdict = FileIncomplete
		ref := ""
		if len(r.Missing) > 0 {
			ref = r.Missing[0].Ref
		}
		r.Reasons = append(r.Reasons, msgIncomplete.With(ref))
	case whole:
		r.Verdict = FilePaid
		r.Reasons = append(r.Reasons, msgFilePaid.With(firstRef(j.a.Reasons)))
	default:
		r.Verdict = FilePartlyPaid
		r.Reasons = append(r.Reasons, msgFilePaid.With(firstRef(j.a.Reasons)))
	}
	if r.Missing == nil {
		r.Missing = []Document{}
	}
	if r.Verdict == FileRefused && r.Payer == referral.PayerJamkesda {
		r.Payer = PayerNone
	}
	j.own()
	r.setAmounts(&j.x.dec)
	return nil
}

// own moves the file's reasons and notes and the lines' reasons from x's
// buffers into one array of the result's own, each slice capped at its
// length so that appending to one never writes over the next.
func (j *judge) own() {
	r, x := &j.r, j.x
	n := len(r.Reasons) + len(r.Notes)
	for i := range r.Lines {
		n += len(r.Lines[i].Reasons)
	}
	var all []rules.Reason
	if j.into != nil && cap(j.all) >= n {
		all = j.all[:0]
	} else {
		all = make([]rules.Reason, 0, n)
	}
	take := func(rs []rules.Reason) []rules.Reason {
		k := len(all)
		all = append(all, rs...)
		return all[k:len(all):len(all)]
	}
	x.rbuf, x.nbuf = r.Reasons[:0], r.Notes[:0]
	r.Reasons, r.Notes = take(r.Reasons), take(r.Notes)
	for i := range r.Lines {
		r.Lines[i].Reasons = take(r.Lines[i].Reasons)
	}
	r.all = all
}

func (r *Adjudication) setAmounts(c *decCache) {
	a := r.amt
	r.Amounts = Amounts{Claimed: c.of(a.claimed), Payable: c.of(a.payable),
		Reduced: c.of(a.reduced), Denied: c.of(a.denied),
		DepositNetted: c.of(a.deposit), Transfer: c.of(a.payable - a.deposit)}
	if a.deposit == 0 {
		r.Amounts.Transfer = r.Amounts.Payable
	}
}

// refuseAll refuses an adjudicated file after the fact (a duplicate found
// in the month's batch): every line is denied. A line keeps the reasons it
// was denied for; the reasons of a payment (paid, reduced to the package)
// go, and so do the notes of a payment (a deposit netted or refunded, a
// claim below the tariff).
func (r *Adjudication) refuseAll(m msg, ref string) {
	reasons := []rules.Reason{m.With(ref)}
	for _, x := range r.Reasons {
		if x.Code != msgFilePaid.Code && x.Code != msgIncomplete.Code {
			reasons = append(reasons, x)
		}
	}
	r.Verdict, r.Reasons = FileRefused, reasons
	if r.Payer == referral.PayerJamkesda {
		r.Payer = PayerNone
	}
	notes := make([]rules.Reason, 0, len(r.Notes)+1)
	for _, x := range r.Notes {
		switch x.Code {
		case msgDepositNetted.Code, msgDepositRefunded.Code, msgBelowTariff.Code:
		default:
			notes = append(notes, x)
		}
	}
	r.Notes = notes
	r.amt.payable, r.amt.reduced, r.amt.denied, r.amt.deposit = 0, 0, r.amt.claimed, 0
	// The lines' reasons, each with the refusal first, in one array.
	n := 0
	for i := range r.Lines {
		n += 1 + len(r.Lines[i].Reasons)
	}
	all := make([]rules.Reason, 0, n)
	for i := range r.Lines {
		lv := &r.Lines[i]
		k := len(all)
		all = append(all, m.With(ref))
		if lv.Verdict == Denied {
			all = append(all, lv.Reasons...)
		}
		lv.Verdict, lv.Payable, lv.Reduced, lv.Denied = Denied, decimal.Zero, decimal.Zero, lv.Claimed
		lv.Reasons = all[k:len(all):len(all)]
		lv.amt.payable, lv.amt.verdict, lv.amt.reason = 0, Denied, m.Code
	}
	r.setAmounts(nil)
}
