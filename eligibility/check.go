package eligibility

import (
	"fmt"
	"sync/atomic"

	"github.com/kartusehat/kartusehat/internal/fault"
	"github.com/kartusehat/kartusehat/internal/paramset"
	"github.com/kartusehat/kartusehat/rules"
)

// Basis is the ground on which a person is a participant.
type Basis string

// The bases. Which are open on a date is the rulebook's
// participants.bases.
const (
	BasisNone             Basis = ""
	BasisCardHolder       Basis = "card_holder"        // a KS-NIK card lists the person (Perwal 27.A/2017 Ps.4a.1)
	BasisFamilyMember     Basis = "family_member"      // on the KK the family's card was issued for
	BasisDinsosLetter     Basis = "dinsos_letter"      // Dinsos recommendation letter (Perwal 27.A/2017 Ps.4a.2)
	BasisDinsosPoorFamily Basis = "dinsos_poor_family" // on Dinsos's list of poor families (Perwal 115/2016)
	BasisNIKResident      Basis = "nik_resident"       // resident in the NIK database, not PBI (Perda 9/2018 Ps.7(1))
	BasisNewborn          Basis = "newborn"            // child of a participant (Perda 9/2018 Ps.7(2))
	BasisInstitutional    Basis = "institutional"      // inmate, neglected, social home, detainee with a Dinsos letter
)

// Decision is the answer to "is this person a participant on this date?",
// with its grounds and what it was decided from.
type Decision struct {
	Eligible bool       `json:"eligible"`
	Basis    Basis      `json:"basis,omitempty"`
	Date     rules.Date `json:"date"`
	// Instrument is the governing instrument on the date (Perda 9/2018).
	Instrument string `json:"instrument,omitempty"`
	// Reasons are the grounds of the decision: the basis when eligible,
	// every ground of refusal when not.
	Reasons []rules.Reason `json:"reasons"`
	// Warnings are things the clerk must act on or tell the patient that
	// do not change the answer (a card to bring within 3 x 24 hours, a
	// card lent by another family).
	Warnings   []rules.Reason   `json:"warnings"`
	Provenance rules.Provenance `json:"provenance"`
}

// Has reports whether the decision's reasons or warnings include code.
func (d *Decision) Has(code string) bool {
	for _, r := range d.Reasons {
		if r.Code == code {
			return true
		}
	}
	for _, r := range d.Warnings {
		if r.Code == code {
			return true
		}
	}
	return false
}

// The parameters the checker reads, by index into keys.
const (
	pBases = iota
	pPBIPayers
	pJKNActive
	pEKTPRequired
	pCoversFamily
	pExtended
	pActivation
	pRSUDEKTP
	pNewbornProof
	pInstitutional
	pLendingForbids
	pResidence
	pCardProof
	pCardDays
	pDinsosEKTP
	pNewbornSJP
	pRemoval
	pLendingMonths
	pLendingFine
	pNewbornReading
	nParams
)

// params lists the parameters in the order of the constants above.
var params = paramset.New(
	"participants.bases",
	"participants.pbi_exclusion.payers",
	"participants.jkn_active_non_pbi_covered",
	"participants.card.ektp_required",
	"participants.card.covers_family",
	"participants.card.extended_validity",
	"participants.card.activation_required",
	"participants.card.rsud_accepts_ektp_kk",
	"participants.newborn_proof",
	"participants.institutional_categories",
	"participants.lending.forbidden",
	"participants.residence_required",
	"participants.card_proof",
	"participants.card_duty.working_days",
	"participants.dinsos_letter_ektp_required",
	"participants.newborn_sjp",
	"participants.removal_reasons",
	"participants.lending.max_confinement_months",
	"participants.lending.max_fine",
	"participants.newborn_before_perda",
)

// Check decides whether the person the facts describe is a participant on
// the snapshot's date (the date of service), under the rulebook of the
// snapshot. It is a pure function: no I/O, no clock, safe for concurrent
// use. Facts that are malformed or contradict each other give a
// *rules.FieldError (or *rules.FieldErrors, one for each problem) and no
// decision.
func Check(f *Facts, s rules.Snapshot) (Decision, error) {
	var d Decision
	err := CheckInto(&d, f, s)
	return d, err
}

// CheckInto is Check writing into d, reusing the capacity of its slices:
// a host checking many people in a loop allocates nothing after the first.
func CheckInto(d *Decision, f *Facts, s rules.Snapshot) error {
	// Field by field: the provenance is reset in place, not copied, and
	// reads the parameters itself (no reader to set up and copy), with
	// the values of the date and the governing instrument found by one
	// lookup.
	d.Eligible, d.Basis, d.Date = false, BasisNone, s.Date()
	d.Reasons, d.Warnings = d.Reasons[:0], d.Warnings[:0]
	params.Begin(s, &d.Provenance)
	d.Instrument = d.Provenance.Instrument
	if f == nil {
		return fieldErr(rules.CodeMissing, "", "tidak ada data", "no facts")
	}
	if err := s.Check(); err != nil {
		return snapshotErr(err)
	}
	if !f.valid() {
		if err := f.Validate(s.Date()); err != nil {
			return err
		}
	}
	var c checker
	c.d, c.p, c.on, c.city = d, &d.Provenance, s.Date(), s.Rulebook().CityCode()
	c.check(f, true)
	if d.Reasons == nil {
		d.Reasons = []rules.Reason{}
	}
	if s.IsBeyond() {
		w, _ := s.Beyond()
		d.Warnings = append(d.Warnings, w)
	}
	if d.Warnings == nil {
		d.Warnings = []rules.Reason{}
	}
	return nil
}

type checker struct {
	d    *Decision
	p    *rules.Provenance // &d.Provenance, which reads the parameters
	on   rules.Date
	city string
	// base is where the reasons of the decision being made start: 0, or
	// past the newborn's own while its parent is checked.
	base int
}

func (c *checker) reason(m *msg, ref string) {
	c.d.Reasons = appendReason(c.d.Reasons, m, ref)
}

// appendReason appends m with the citation ref, writing the reason in
// place field by field: a Reason built whole and then copied is read back
// before its parts are stored, which stalls.
func appendReason(rs []rules.Reason, m *msg, ref string) []rules.Reason {
	n := len(rs)
	if n < cap(rs) {
		rs = rs[:n+1]
	} else {
		rs = append(rs, rules.Reason{})
	}
	r := &rs[n]
	r.Code, r.ID, r.EN, r.Ref = m.Code, m.ID, m.EN, ref
	return rs
}

// note adds a ground as a reason when asReason, else as a warning.
func (c *checker) note(asReason bool, m *msg, ref string) {
	if asReason {
		c.reason(m, ref)
	} else {
		c.warn(m, ref)
	}
}

func (c *checker) warn(m *msg, ref string) {
	for _, w := range c.d.Warnings {
		if w.Code == m.Code {
			return
		}
	}
	c.d.Warnings = appendReason(c.d.Warnings, m, ref)
}

// absent stands for a parameter with no value on the date.
var absent = &rules.Value{}

// param reads a parameter and records it; ok is false when the rulebook
// has no value on the date (the rule is not in force). The value is the
// rulebook's own: read it, never write it.
func (c *checker) param(i int) (*rules.Value, bool) {
	if v := c.p.Read(i); v != nil {
		return v, true
	}
	return absent, false
}

func (c *checker) check(f *Facts, top bool) {
	d := c.d
	if d.Instrument == "" {
		c.reason(&msgNoRules, "")
		return
	}
	bases, ok := c.param(pBases)
	if !ok {
		c.reason(&msgNoRules, "")
		return
	}
	on := c.on
	p := &f.Person
	excluded := false

	// Removals from the list (participants.removal_reasons: Perda 9/2018
	// Ps.10(2) from 2018-08-23).
	if st := p.Registry.Status; st != Living {
		var now, after *msg
		var code string
		switch st {
		case Died:
			now, after, code = &msgDied, &msgDiedAfter, "died"
		case MovedOut:
			now, after, code = &msgMovedOut, &msgMovedAfter, "moved_out"
		case NoLongerValid:
			now, after, code = &msgNoLongerValid, &msgNoLongerValidAfter, "no_longer_valid"
		}
		if code != "" {
			if v, ok := c.param(pRemoval); ok && v.Contains(code) {
				if !p.Registry.Date.After(on) {
					c.reason(now, v.Ref)
					excluded = true
				} else {
					c.warn(after, v.Ref)
				}
			}
		}
	}

	// JKN: PBI members (Perda Ps.7(1), Ps.14(5)); active members (Dinkes).
	switch f.JKN.Status {
	case JKNPBI:
		if v, ok := c.param(pPBIPayers); ok && v.Contains(f.JKN.PBIPayer) {
			c.reason(&msgPBI, v.Ref)
			excluded = true
		}
	case JKNNonPBIActive:
		if covered, v := c.p.ReadFlag(pJKNActive); !covered {
			c.reason(&msgJKNActive, v.Ref)
			excluded = true
		}
	}
	if excluded {
		return
	}

	for _, b := range bases.List() {
		if c.try(Basis(b), f, top) {
			d.Eligible = true
			return
		}
	}
	if len(d.Reasons) == c.base {
		c.reason(&msgNoBasis, bases.Ref)
	}
}

// try attempts one basis. On success it sets the basis and its reason; on
// failure it adds the grounds that apply to this person (evidence the
// person showed and that failed) and returns false.
func (c *checker) try(b Basis, f *Facts, top bool) bool {
	switch b {
	case BasisCardHolder:
		return c.tryCard(f)
	case BasisNIKResident:
		return c.tryResident(f)
	case BasisDinsosLetter:
		return c.tryDinsosLetter(f)
	case BasisDinsosPoorFamily:
		return c.tryPoorFamily(f)
	case BasisNewborn:
		return top && c.tryNewborn(f)
	case BasisInstitutional:
		return c.tryInstitutional(f)
	}
	return false
}

func (c *checker) succeed(b Basis, m *msg, ref string) bool {
	d := c.d
	d.Basis = b
	d.Reasons = appendReason(d.Reasons[:c.base], m, ref)
	return true
}

// cardUse is what the card shown says about the person.
type cardUse uint8

const (
	cardAbsent       cardUse = iota
	cardListed               // the person's NIK is printed on the card
	cardFamily               // on the KK the card was issued for
	cardNotForPerson         // neither: a card of another family
	cardUnusable             // expired, not activated, or no matching e-KTP
)

// card evaluates the card shown for the person, adding a ground (as a
// reason when asReason, else as a warning) for each defect.
func (c *checker) card(f *Facts, asReason bool) cardUse {
	card := f.Documents.Card
	if card == nil {
		return cardAbsent
	}
	// A method value (note := c.warn) would move the decision to the
	// heap: c.note takes the choice as an argument instead.
	use := cardNotForPerson
	if !f.Person.NIK.IsZero() && cardLists(card, &f.Person.NIK) {
		use = cardListed
	}
	if use == cardNotForPerson && card.KK != "" && card.KK == f.Person.KK {
		if covers, v := c.p.ReadFlag(pCoversFamily); covers {
			use = cardFamily
			c.warn(&msgFamilyNotPrinted, v.Ref)
		}
	}
	if use == cardNotForPerson {
		_, proof := c.p.ReadFlag(pCardProof)
		c.note(asReason, &msgCardNotForPerson, proof.Ref)
		if forbidden, v := c.p.ReadFlag(pLendingForbids); forbidden {
			c.warn(&msgLending, v.Ref)
			c.lendingPenalty()
		}
		return cardNotForPerson
	}
	usable := true
	end := card.ValidThrough
	if v, ok := c.param(pExtended); ok && v.Kind == rules.KindDate && v.Date().After(end) {
		end = v.Date()
	}
	if c.on.After(end) {
		v, _ := c.param(pExtended)
		c.note(asReason, &msgCardExpired, v.Ref)
		usable = false
	}
	if required, v := c.p.ReadFlag(pActivation); required && !card.Activated {
		c.note(asReason, &msgCardNotActivated, v.Ref)
		usable = false
	}
	if required, v := c.p.ReadFlag(pEKTPRequired); required {
		switch e := f.Documents.EKTP; {
		case e == nil:
			c.note(asReason, &msgEKTPMissing, v.Ref)
			usable = false
		case !e.Recorded:
			c.note(asReason, &msgEKTPNotRecorded, v.Ref)
			usable = false
		case !cardLists(card, &e.NIK):
			c.note(asReason, &msgEKTPNotOnCard, v.Ref)
			usable = false
		}
	}
	if !usable {
		return cardUnusable
	}
	return use
}

func cardLists(card *Card, n *NIK) bool {
	for i := range card.NIKs {
		if card.NIKs[i] == *n {
			return true
		}
	}
	return false
}

// resident reports whether the registry and KK place the person in the
// city, adding a reason if not.
func (c *checker) resident(f *Facts) bool {
	_, v := c.p.ReadFlag(pResidence)
	if f.Person.Registry.Status == NotRegistered {
		c.reason(&msgNotInRegistry, v.Ref)
		return false
	}
	if !sameCode(f.Person.KKCity, c.city) {
		c.reason(&msgKKOutside, v.Ref)
		return false
	}
	return true
}

// sameCode reports whether a == b, comparing a 4-byte code (a city code)
// in place rather than by a call.
func sameCode(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	if len(a) == 4 {
		return a[0] == b[0] && a[1] == b[1] && a[2] == b[2] && a[3] == b[3]
	}
	return a == b
}

func (c *checker) tryCard(f *Facts) bool {
	if f.Documents.Card == nil {
		if f.Documents.DinsosLetter == nil && !f.Person.DinsosPoorList && f.Person.Institution == "" && f.Documents.Birth == nil {
			_, v := c.p.ReadFlag(pCardProof)
			c.reason(&msgCardMissing, v.Ref)
		}
		return false
	}
	if !c.resident(f) {
		return false
	}
	switch c.card(f, true) {
	case cardListed:
		_, v := c.p.ReadFlag(pCardProof)
		return c.succeed(BasisCardHolder, &msgBasisCardHolder, v.Ref)
	case cardFamily:
		v, _ := c.param(pCoversFamily)
		return c.succeed(BasisFamilyMember, &msgBasisFamily, v.Ref)
	}
	return false
}

func (c *checker) tryResident(f *Facts) bool {
	if f.Person.NIK.IsZero() {
		return false // a newborn without a NIK: see tryNewborn
	}
	if !c.resident(f) {
		return false
	}
	switch c.card(f, false) {
	case cardAbsent:
		c.cardToFollow()
		if accepts, v := c.p.ReadFlag(pRSUDEKTP); accepts {
			c.warn(&msgRSUDEKTP, v.Ref)
		}
	case cardUnusable, cardNotForPerson:
		c.cardToFollow()
	}
	_, v := c.p.ReadFlag(pResidence)
	return c.succeed(BasisNIKResident, &msgBasisResident, v.Ref)
}

func (c *checker) tryDinsosLetter(f *Facts) bool {
	l := f.Documents.DinsosLetter
	if l == nil || l.Category != "poor" {
		return false
	}
	if !c.resident(f) {
		return false
	}
	required, v := c.p.ReadFlag(pDinsosEKTP)
	if required {
		switch e := f.Documents.EKTP; {
		case e == nil:
			c.reason(&msgEKTPMissing, v.Ref)
			return false
		case !e.Recorded:
			c.reason(&msgEKTPNotRecorded, v.Ref)
			return false
		}
	}
	return c.succeed(BasisDinsosLetter, &msgBasisDinsosLetter, v.Ref)
}

func (c *checker) tryPoorFamily(f *Facts) bool {
	if !f.Person.DinsosPoorList {
		return false
	}
	if !c.resident(f) {
		return false
	}
	bases, _ := c.param(pBases)
	return c.succeed(BasisDinsosPoorFamily, &msgBasisPoorFamily, bases.Ref)
}

func (c *checker) tryNewborn(f *Facts) bool {
	b := f.Documents.Birth
	if b == nil {
		return false
	}
	// Before the Perda a baby is a participant only by a declared reading
	// (participants.newborn_before_perda).
	if v, ok := c.param(pNewbornReading); ok && v.Text() == "not_participant" {
		c.reason(&msgNewbornNotParticipant, v.Ref)
		return false
	}
	proofs, ok := c.param(pNewbornProof)
	if !ok || !proofs.Contains(b.Kind) {
		c.reason(&msgNewbornProof, proofs.Ref)
		return false
	}
	if f.Parent == nil {
		c.reason(&msgNewbornNoParent, proofs.Ref)
		return false
	}
	if f.Parent.Person.NIK != b.ParentNIK {
		c.reason(&msgNewbornParentMismatch, proofs.Ref)
		return false
	}
	// The parent must be a participant on the date, by the same rules:
	// decided in place, on the same decision and provenance, and its
	// grounds set aside afterwards (a nested decision would move both to
	// the heap).
	nr, nw, base := len(c.d.Reasons), len(c.d.Warnings), c.base
	c.base = nr
	c.check(f.Parent, false)
	parentEligible := c.d.Eligible
	c.d.Reasons, c.d.Warnings, c.d.Eligible, c.d.Basis, c.base = c.d.Reasons[:nr], c.d.Warnings[:nw], false, BasisNone, base
	if !parentEligible {
		c.reason(&msgNewbornParentNot, proofs.Ref)
		return false
	}
	if f.Documents.Card == nil || !cardLists(f.Documents.Card, &f.Person.NIK) {
		if sjp, v := c.p.ReadFlag(pNewbornSJP); sjp {
			c.warn(&msgNewbornSJP, v.Ref)
		}
	}
	return c.succeed(BasisNewborn, &msgBasisNewborn, proofs.Ref)
}

func (c *checker) tryInstitutional(f *Facts) bool {
	if f.Person.Institution == "" {
		return false
	}
	cats, ok := c.param(pInstitutional)
	if !ok || !cats.Contains(f.Person.Institution) {
		return false
	}
	l := f.Documents.DinsosLetter
	if l == nil {
		c.reason(&msgInstitutionalNoLetter, cats.Ref)
		return false
	}
	if l.Category != f.Person.Institution {
		c.reason(&msgInstitutionalLetterCategory, cats.Ref)
		return false
	}
	return c.succeed(BasisInstitutional, &msgBasisInstitutional, cats.Ref)
}

// cardToFollow warns of the participant's duty to hand in the card or
// other proof (participants.card_duty.working_days), where it is in force.
func (c *checker) cardToFollow() {
	v, ok := c.param(pCardDays)
	if !ok {
		return
	}
	c.warn(cardDutyMsg(v), v.Ref)
}

// cardDutyMsgs holds the card-duty message for each number of working
// days the rulebook may set (the number is the rulebook's; the message is
// built once per number, not per decision). It is keyed by the number, not
// the rulebook: a rulebook's pointer handed to a cache would move every
// decision to the heap.
var cardDutyMsgs [32]atomic.Pointer[msg]

func cardDutyMsg(v *rules.Value) *msg {
	n := v.Int()
	if n >= 0 && n < len(cardDutyMsgs) {
		if m := cardDutyMsgs[n].Load(); m != nil {
			return m
		}
	}
	m := newMsg(msgCardNotShown.Code, fmt.Sprintf(msgCardNotShown.ID, n), fmt.Sprintf(msgCardNotShown.EN, n))
	if n >= 0 && n < len(cardDutyMsgs) {
		cardDutyMsgs[n].Store(&m)
	}
	return &m
}

// lendingPenalty states the penalty for lending a card, from the
// rulebook's amounts (Perda 9/2018 Ps.23(1)).
func (c *checker) lendingPenalty() {
	months, ok1 := c.param(pLendingMonths)
	fine, ok2 := c.param(pLendingFine)
	if !ok1 || !ok2 {
		return
	}
	amount := fine.Decimal().StringFixed(0)
	ref := months.Ref
	if fine.Ref != months.Ref {
		ref += "; " + fine.Ref
	}
	m := newMsg(msgLendingPenalty.Code,
		fmt.Sprintf(msgLendingPenalty.ID, months.Int(), groupDigits(amount, '.')),
		fmt.Sprintf(msgLendingPenalty.EN, months.Int(), groupDigits(amount, ',')))
	c.warn(&m, ref)
}

// groupDigits writes a whole number with sep between groups of three
// digits (50.000.000 in Bahasa Indonesia, 50,000,000 in English).
func groupDigits(n string, sep byte) string {
	if len(n) <= 3 {
		return n
	}
	b := make([]byte, 0, len(n)+len(n)/3)
	for i := 0; i < len(n); i++ {
		if i > 0 && (len(n)-i)%3 == 0 {
			b = append(b, sep)
		}
		b = append(b, n[i])
	}
	return string(b)
}

// snapshotErr is the field error of a snapshot that cannot serve a
// decision (the zero Snapshot, a date the rules cannot speak for).
func snapshotErr(err error) *rules.FieldError {
	code := fault.CodeOf(err)
	if code == "" {
		code = rules.CodeNoRules
	}
	return causeErr(code, "", "", err)
}
