package simulate

import (
	"fmt"
	"time"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
)

// The generator's behavioural rates, per mille. None is in the sources:
// they are assumptions, stated so that a reader can change them and see
// what moves. A defect is generated whatever the rules; the rulebook of
// the run decides what it costs.
const (
	igdPermill            = 100 // outpatient-stream visits that are IGD visits, not admitted
	falseEmergencyPermill = 150 // IGD visits the doctor certifies as no emergency
	emergencyInPermill    = 300 // inpatients admitted through the IGD as an emergency
	directPermill         = 80  // non-emergency patients who come without a puskesmas referral
	ektpMissingPermill    = 20  // card holders whose e-KTP is not recorded
	excludedPermill       = 10  // outpatient visits for an excluded service (a general check-up)
	sjpLatePermill        = 30  // inpatients whose SJP comes after the deadline
	ownWishPermill        = 20  // inpatients in class I at their own wish
	class3FullPermill     = 30  // inpatients moved to class II because class III is full
	insidentalPermill     = 70  // inpatients with an intensive (insidental) service
	ambulancePermill      = 60  // inpatients brought by ambulance
	claimGapPermill       = 20  // claim files missing the medical resume
	inactiveJKNPermill    = 150 // participant-stream persons who are inactive JKN members
	pbiPermill            = 450 // JKN members at the desk who are PBI (the rest active)
	rsudPermill           = 250 // hospital encounters at the RSUD
	outsidePermill        = 100 // at hospitals outside or bordering the city
)

var insidentalServices = [][]string{{"icu"}, {"nicu"}, {"picu"}, {"hcu"}, {"iccu"}, {"perinatology"}, {"chemotherapy"}}

// Encounter is one generated hospital visit or stay: the facts at the
// admission desk, the episode as the hospital records it, what it bills
// and the claim file. The slices inside are the generator's buffers:
// an Encounter is valid until the next Fill into it.
type Encounter struct {
	Index  int64
	Month  time.Month
	Stream Stream
	// Person is the number of the person the encounter belongs to, and
	// Household the number of their KK: the same person has the same
	// facts in every encounter.
	Person, Household int64
	// Hospital is the hospital's type and ownership, such as "B private".
	Hospital string
	Facts    eligibility.Facts
	Episode  referral.Episode
	Billing  tariff.Episode
	Claim    claim.Claim

	niks     [1]eligibility.NIK
	card     eligibility.Card
	ektp     eligibility.EKTP
	letter   eligibility.DinsosLetter
	ref      referral.Referral
	sjp      referral.SJP
	diag     [1]string
	ins      tariff.Insidental
	lines    [3]tariff.HospitalLine
	hbill    [2]tariff.HospitalLine
	items    [1]tariff.Item
	nikBytes [16]byte
	person   person
}

// Generator generates the encounters of a simulated city year from a
// seed. It holds no per-encounter state: Fill is safe for concurrent use
// on distinct Encounters, and encounter i is the same whoever asks.
type Generator struct {
	seed      uint64
	plan      *plan
	pop       population
	hospitals []hospital
	hospCum   []int
	cityHosp  []int // indices of hospitals in the city other than the RSUD
	rsud      int
	puskesmas []string // by kecamatan 1-12
	amounts   amountPool
	small     amountPool // outpatient amounts at the hospital's own tariff
	docs      map[docKey][]string
	lastAdmit rules.Date // inpatients are admitted on or before this day
	wib       *time.Location
	months    [12]monthDays
}

// monthDays is a month of the year as Fill spreads admissions over it.
type monthDays struct {
	first    rules.Date
	midnight time.Time // the first day's midnight, WIB
	days     int       // the days admissions are spread over
	yearDay  int       // the day of the year of the day before the first
}

type docKey struct{ dinsos, inpatient, emergency, insidental, gap bool }

// NewGenerator returns the generator of year under seed for the hospitals
// and puskesmas of rb (with the synthetic world applied: WithWorld).
// scale is per mille of the city's volume (1000: the whole city).
func NewGenerator(rb *rules.Rulebook, year int, seed uint64, scale int64) (*Generator, error) {
	if year < 2017 {
		return nil, fmt.Errorf("simulate: the scheme starts in 2017; no year %d", year)
	}
	if scale <= 0 {
		return nil, fmt.Errorf("simulate: scale must be positive, is %d", scale)
	}
	if _, ok := rb.HolidayYear(year); !ok {
		return nil, fmt.Errorf("simulate: the rulebook has no holiday calendar for %d, so SJP deadlines cannot be computed: %w", year, rules.ErrNoCalendar)
	}
	g := &Generator{seed: seed, plan: newPlan(year, scale), pop: newPopulation(scale), amounts: newAmountPool(), small: newSmallPool(), rsud: -1,
		wib: time.FixedZone("WIB", 7*3600)}
	// Deadlines run three working days past admission: without next
	// year's calendar, December's admissions are spread over its first 20
	// days.
	g.lastAdmit = rules.MustDate(year, 12, 31)
	if _, ok := rb.HolidayYear(year + 1); !ok {
		g.lastAdmit = rules.MustDate(year, 12, 20)
	}
	for m := range g.months {
		first := rules.MustDate(year, time.Month(m+1), 1)
		days := time.Date(year, time.Month(m+2), 0, 0, 0, 0, 0, time.UTC).Day()
		if m == 11 && g.lastAdmit.Day() < days {
			days = g.lastAdmit.Day()
		}
		g.months[m] = monthDays{first: first, midnight: time.Date(year, time.Month(m+1), 1, 0, 0, 0, 0, g.wib), days: days,
			yearDay: rules.MustDate(year, 1, 1).DaysUntil(first)}
	}
	on := rules.MustDate(year, 1, 1)
	var weights []int
	var nCity, nOut int
	for _, f := range rb.Facilities() {
		if f.Kind != rules.KindHospital || !f.PartnerOn(on) || f.Level != 2 {
			continue
		}
		switch {
		case f.CityHospital: // weighted on its own
		case f.Location == rules.LocationCity:
			nCity++
		default:
			nOut++
		}
	}
	if nCity == 0 {
		return nil, fmt.Errorf("simulate: the rulebook has no partner hospital in the city besides the RSUD on %s", on)
	}
	for _, f := range rb.Facilities() {
		if f.Kind != rules.KindHospital || !f.PartnerOn(on) || f.Level != 2 {
			continue
		}
		typ := f.HospitalType
		if typ == "" || (f.Ownership != rules.OwnershipGovernment && f.Ownership != rules.OwnershipPrivate) {
			return nil, fmt.Errorf("simulate: hospital %s has no type or ownership: apply WithWorld first", f.Code)
		}
		h := hospital{code: f.Code, city: f.Location == rules.LocationCity, class: typ + " " + string(f.Ownership)}
		w := 0
		switch {
		case f.CityHospital:
			w = rsudPermill * 1000
			g.rsud = len(g.hospitals)
		case h.city:
			w = (1000 - rsudPermill - outsidePermill) * 1000 / nCity
			g.cityHosp = append(g.cityHosp, len(g.hospitals))
		default:
			w = outsidePermill * 1000 / nOut // nOut > 0: this is one
		}
		g.hospitals = append(g.hospitals, h)
		weights = append(weights, w)
	}
	if g.rsud < 0 || len(g.cityHosp) == 0 {
		return nil, fmt.Errorf("simulate: the rulebook needs a city hospital (RSUD) and partner hospitals in the city on %s", on)
	}
	g.hospCum = cumulative(weights)
	g.puskesmas = make([]string, 13)
	for _, f := range rb.Facilities() {
		if f.Kind == rules.KindPuskesmas && len(f.Kecamatan) == 6 && f.PartnerOn(on) {
			var k int
			fmt.Sscanf(f.Kecamatan[4:], "%d", &k)
			if k >= 1 && k <= 12 && g.puskesmas[k] == "" {
				g.puskesmas[k] = f.Code
			}
		}
	}
	for k := 1; k <= 12; k++ { // a kecamatan without one is served by the next
		for j := 0; g.puskesmas[k] == "" && j < 12; j++ {
			g.puskesmas[k] = g.puskesmas[(k+j)%12+1]
		}
		if g.puskesmas[k] == "" {
			return nil, fmt.Errorf("simulate: the rulebook has no partner puskesmas on %s", on)
		}
	}
	g.docs = map[docKey][]string{}
	for _, k := range allDocKeys() {
		g.docs[k] = documents(k)
	}
	return g, nil
}

func allDocKeys() []docKey {
	var ks []docKey
	for i := 0; i < 32; i++ {
		ks = append(ks, docKey{i&1 != 0, i&2 != 0, i&4 != 0, i&8 != 0, i&16 != 0})
	}
	return ks
}

// documents is the claim file a hospital puts together for a case
// (claims.yaml: documents and claims.file); gap leaves out the medical
// resume.
func documents(k docKey) []string {
	d := []string{"ktp_copy", "kk_copy", "claim_letter", "sjp_copy", "inacbg_grouping", "exam_results", "cost_breakdown"}
	if k.dinsos {
		d = append(d, "dinsos_letter")
	} else {
		d = append(d, "ks_copy")
	}
	if !k.gap {
		d = append(d, "medical_resume")
	}
	if k.inpatient {
		d = append(d, "inpatient_letter")
		if k.emergency {
			d = append(d, "igd_doctor_letter")
		}
	}
	if k.insidental {
		d = append(d, "insidental_forms_1_5", "dinkes_action_approvals", "dinkes_discharge_approval")
	}
	return d
}

// Year returns the simulated year.
func (g *Generator) Year() int { return g.plan.year }

// Len returns the number of encounters of the year.
func (g *Generator) Len() int64 { return g.plan.total() }

// Fill generates encounter i (0 <= i < Len) into e.
func (g *Generator) Fill(i int64, e *Encounter) {
	month, st, j, n := g.plan.cell(i)
	r := newStream(g.seed, 1, uint64(i))
	// Spread the cell evenly over its days, then jitter within the day.
	mdays := g.months[month].days
	day := 1 + int(j*int64(mdays)/max(n, 1))
	*e = Encounter{Index: i, Month: time.Month(month + 1), Stream: st,
		niks: e.niks, diag: e.diag, lines: e.lines, hbill: e.hbill, items: e.items, nikBytes: e.nikBytes}

	inpatient := st == KSInpatient || st == DinsosInpatient
	if st == JKNMember || st == NotParticipant {
		inpatient = r.chance(160_000) // the 2017 table's inpatient share
	}
	admitDate := g.months[month].first.AddDays(day - 1)
	admission := g.months[month].midnight.Add(time.Duration(day-1)*24*time.Hour + time.Duration(7+r.intn(12))*time.Hour +
		time.Duration(r.intn(60))*time.Minute)

	// The person: drawn from the stream's part of the population (a
	// person who has died before the day is drawn again), with the facts
	// of their own stream.
	c := catJKN
	switch st {
	case KSOutpatient, KSInpatient:
		c = catCard
	case DinsosOutpatient, DinsosInpatient:
		c = catDinsos
	case NotParticipant:
		c = [...]category{catOutside, catOutside, catOutside, catOutside, catUnregistered, catUnregistered, catUnregistered,
			catMovedBefore, catMovedBefore, catMovedBefore}[r.intn(10)]
	}
	doy := g.months[month].yearDay + day
	pp := &e.person
	for try := 0; ; try++ {
		g.person(g.draw(c, &r), pp)
		if pp.diedDay == 0 || pp.diedDay > doy {
			break
		}
		if try == 3 {
			pp.diedDay = 0 // four deaths in a row: once in 10^9 encounters
			break
		}
	}
	e.Person, e.Household = pp.index, pp.household
	kec := pp.kec
	g.personFacts(e, pp, admitDate, doy)
	nik := e.niks[0]
	dinsos := st == DinsosOutpatient || st == DinsosInpatient

	// The hospital and the pathway.
	h := &g.hospitals[r.pick(g.hospCum)]
	e.Hospital = h.class
	ep := &e.Episode
	*ep = referral.Episode{PatientNIK: nik, Facility: h.code, CareType: referral.Outpatient, Admission: admission, BackReferralSent: true}
	var grp *group
	emergency := false
	if inpatient {
		ep.CareType = referral.Inpatient
		grp = &inpatientGroups[r.pick(inCum)]
		emergency = r.chance(emergencyInPermill * 1000)
		los := 1 + r.intn(6)
		ep.Discharge = admission.AddDate(0, 0, los).Add(time.Duration(r.intn(4)) * time.Hour)
		issued := admission.Add(time.Duration(2+r.intn(40)) * time.Hour)
		if r.chance(sjpLatePermill * 1000) {
			issued = admission.AddDate(0, 0, 9)
		}
		e.sjp = referral.SJP{NIK: nik, Issued: issued}
		ep.SJP = &e.sjp
		switch {
		case r.chance(ownWishPermill * 1000):
			ep.Class, ep.ClassReason = 1, "own_wish"
		case r.chance(class3FullPermill * 1000):
			ep.Class, ep.ClassReason = 2, "class3_full"
		}
		if emergency {
			ep.Emergency = referral.TrueEmergency
			ep.DocumentsComplete = admission.Add(time.Duration(4+r.intn(40)) * time.Hour)
		}
	} else {
		grp = &outpatientGroups[r.pick(outCum)]
		if r.chance(igdPermill * 1000) {
			ep.CareType = referral.IGD
			emergency = true
			ep.Emergency = referral.TrueEmergency
			if r.chance(falseEmergencyPermill * 1000) {
				ep.Emergency = referral.FalseEmergency
			}
			ep.Discharge = admission.Add(time.Duration(1+r.intn(5)) * time.Hour)
		} else {
			ep.Discharge = admission.Add(time.Duration(1+r.intn(3)) * time.Hour)
			e.sjp = referral.SJP{NIK: nik, Issued: admission.Add(30 * time.Minute)}
			ep.SJP = &e.sjp
			if r.chance(excludedPermill * 1000) {
				ep.Categories = excludedCategory
			}
		}
	}
	e.diag[0] = grp.icd10
	ep.Diagnoses = e.diag[:]
	if !emergency && !r.chance(directPermill*1000) {
		from := g.puskesmas[kec]
		if !h.city {
			from = g.hospitals[g.rsud].code // a hospital outside the city takes a city hospital's referral
		}
		e.ref = referral.Referral{From: from, Date: admitDate, Reason: "medical", Kind: "full", Diagnosis: grp.icd10, StatedReason: "complication"}
		ep.Referral = &e.ref
	}

	// The bill.
	b := &e.Billing
	*b = tariff.Episode{Facility: h.code, CareType: ep.CareType, Class: ep.Class, ClassReason: ep.ClassReason, INACBG: grp.code}
	insidental := false
	if inpatient {
		if r.chance(insidentalPermill * 1000) {
			insidental = true
			e.ins.Services = insidentalServices[r.intn(len(insidentalServices))]
			e.lines[0] = tariff.HospitalLine{Description: "kamar dan perawatan intensif", Amount: g.amounts[r.intn(len(g.amounts))]}
			e.lines[1] = tariff.HospitalLine{Description: "obat dan bahan habis pakai", Amount: g.amounts[r.intn(len(g.amounts))]}
			e.lines[2] = tariff.HospitalLine{Description: "tindakan dan pemeriksaan penunjang", Amount: g.amounts[r.intn(len(g.amounts))]}
			e.ins.Lines = e.lines[:]
			b.Insidental = &e.ins
		}
		// The stay at the hospital's own tariff, billed if the patient
		// pays as a general patient (a class upgrade at their own wish).
		e.hbill[0] = tariff.HospitalLine{Description: "kamar dan perawatan (tarif umum)", Amount: g.amounts[r.intn(len(g.amounts))]}
		e.hbill[1] = tariff.HospitalLine{Description: "obat, tindakan dan penunjang (tarif umum)", Amount: g.amounts[r.intn(len(g.amounts))]}
		b.HospitalBill = e.hbill[:2]
		if r.chance(ambulancePermill * 1000) {
			e.items[0] = tariff.Item{Kind: "ambulance", Tier: "city", Quantity: 1}
			b.Items = e.items[:]
		}
	}

	if !inpatient {
		e.hbill[0] = tariff.HospitalLine{Description: "pemeriksaan dan tindakan (tarif umum)", Amount: g.small[r.intn(len(g.small))]}
		b.HospitalBill = e.hbill[:1]
	}

	// The claim file.
	end := admitDate
	if !ep.Discharge.IsZero() {
		end, _ = rules.DateFromTime(ep.Discharge) // a generated date of the simulated year
	}
	membership := "card"
	if dinsos {
		membership = "dinsos_letter"
	}
	gap := r.chance(claimGapPermill * 1000)
	e.Claim = claim.Claim{ServiceEnd: end, Membership: membership, Inpatient: inpatient, Emergency: emergency && inpatient,
		Insidental: insidental, Documents: g.docs[docKey{dinsos, inpatient, emergency && inpatient, insidental, gap}]}
}

var excludedCategory = []string{"general_check_up"}

// kkNumbers are family card numbers, one per kecamatan: the rules read a
// KK only to match a card to its family, which one number per kecamatan
// is enough for.
var kkNumbers = func() [13]string {
	var k [13]string
	for i := 1; i <= 12; i++ {
		k[i] = fmt.Sprintf("3275%02d0101170001", i)
	}
	return k
}()

// personFacts fills e's facts at the desk on day doy of the year (date
// on) from the person's: the NIK, the KK, the registry entry on that day,
// JKN, and the card, e-KTP or Dinsos letter they hold.
func (g *Generator) personFacts(e *Encounter, pp *person, on rules.Date, doy int) {
	g.nik(e, pp, on)
	nik := e.niks[0]
	f := &e.Facts
	f.Person = eligibility.Person{NIK: nik, KK: kkNumbers[pp.kec], KKCity: "3275", Registry: pp.registryOn(on.Year(), doy)}
	f.JKN = eligibility.JKN{Status: pp.jkn, PBIPayer: pp.payer}
	e.ektp = eligibility.EKTP{NIK: nik, Recorded: !pp.ektpMissing}
	f.Documents = eligibility.Documents{EKTP: &e.ektp}
	switch pp.cat {
	case catCard:
		e.card = eligibility.Card{NIKs: e.niks[:], KK: f.Person.KK, ValidThrough: rules.MustDate(2017, 12, 31), Activated: true}
		f.Documents.Card = &e.card
	case catDinsos:
		f.Person.DinsosPoorList = true
		e.letter = eligibility.DinsosLetter{Category: "poor", Date: on}
		f.Documents.DinsosLetter = &e.letter
	case catOutside:
		f.Person.KKCity = "3216" // a KK of Kabupaten Bekasi
	}
}

// nik writes the person's NIK: the city, the kecamatan, the birth date
// (women's day plus 40), and a serial from the person's number.
func (g *Generator) nik(e *Encounter, pp *person, on rules.Date) {
	age := pp.age
	by := on.Year() - age
	bm, bd := pp.birthMonth, pp.birthDay
	if age == 0 { // born on 1 January, so before any day of the year
		bm, bd = 1, 1
	}
	if pp.female {
		bd += 40
	}
	b := &e.nikBytes
	put := func(at, v, w int) {
		for k := w - 1; k >= 0; k-- {
			b[at+k] = byte('0' + v%10)
			v /= 10
		}
	}
	put(0, 3275, 4)
	put(4, pp.kec, 2)
	put(6, bd, 2)
	put(8, bm, 2)
	put(10, by%100, 2)
	put(12, 1+int(pp.index%9999), 4)
	if err := e.niks[0].UnmarshalText(b[:]); err != nil {
		panic("simulate: generated a malformed NIK: " + err.Error()) // a bug in nik, not bad input
	}
}
