package tariff

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/kartusehat/kartusehat/internal/fault"
	"github.com/kartusehat/kartusehat/internal/jsonx"
	"github.com/kartusehat/kartusehat/internal/paramset"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/shopspring/decimal"
)

// Episode is what the hospital bills for one stay or visit.
type Episode struct {
	Facility string            `json:"facility"`
	CareType referral.CareType `json:"care_type"`
	// Class is the treatment class occupied (1, 2 or 3); 0 means III.
	Class       int    `json:"class,omitempty"`
	ClassReason string `json:"class_reason,omitempty"` // class3_full or own_wish
	// INACBG is the case-mix group the grouper gave (K-1-17-I).
	INACBG string `json:"inacbg,omitempty"`
	// TopUps are special CMG codes added to the group (YY01, RR04, DD01).
	TopUps []string `json:"top_ups,omitempty"`
	// Insidental is the hospital's verified bill for an insidental case.
	Insidental *Insidental `json:"insidental,omitempty"`
	// Items are paid outside the INA-CBG package.
	Items []Item `json:"items,omitempty"`
	// HospitalBill is the hospital's bill at its own tariff for a patient
	// who pays as a general patient: a stay moved to a higher class at the
	// patient's own wish (Juknis 440/Kep.21/2017 IV.b.2.j).
	HospitalBill []HospitalLine `json:"hospital_bill,omitempty"`
}

// Insidental is an intensive case (kasus insidentil): the intensive
// services used and the hospital's own bill for the whole stay, after
// verification (Juknis 440/Kep.21/2017 IV.b.2.f).
type Insidental struct {
	Services []string       `json:"services"` // hcu, nicu, picu, icu, iccu, perinatology, chemotherapy
	Lines    []HospitalLine `json:"lines"`
}

// HospitalLine is one line of the hospital's bill at its own tariff.
type HospitalLine struct {
	Description string           `json:"description"`
	Amount      *decimal.Decimal `json:"amount"`
}

// Item is something paid outside the INA-CBG package (Perwal 27.A/2017
// Ps.9(3); Juknis 440/Kep.21/2017 IV.d.3-7).
type Item struct {
	// Kind is ambulance, erythropoietin, blood_bag, amhp_khusus or
	// medical_device (a device outside the package with the medical
	// committee's approval, Juknis 440/Kep.21/2017 IV.b.2.h: paid as
	// claimed or within the package, as tariff.approved_devices says).
	Kind string `json:"kind"`
	// Tier is the ambulance tier (city, outside_city, ventilator_city,
	// ventilator_outside_city) or the special consumable (arterial_stent,
	// screw, ...).
	Tier     string   `json:"tier,omitempty"`
	Quantity Quantity `json:"quantity,omitempty"` // 1 when not given (0); else 1 to MaxQuantity
	// UnitPrice is the PMI tariff of a blood bag, or the minimal standard
	// tariff of a special consumable.
	UnitPrice *decimal.Decimal `json:"unit_price,omitempty"`
	// Destination is where an ambulance outside the city went (jakarta,
	// bogor, tangerang, kabupaten_bekasi, bandung): the outside-city fee
	// is set for the destinations Juknis 440/Kep.21/2017 IV.d.3-4 names.
	// Empty is not checked.
	Destination string `json:"destination,omitempty"`
}

// Line is one line of a bill. Its money is whole rupiah inside (a unit
// price the host gave with a fraction of a rupiah is kept as given);
// UnitPrice and Amount return it as decimals, and it travels as JSON
// strings holding exact decimals ("unit_price", "amount").
type Line struct {
	Kind        string         `json:"kind"`
	Code        string         `json:"code,omitempty"`
	Description string         `json:"description"`
	Quantity    int            `json:"quantity"`
	Payer       referral.Payer `json:"payer"`
	Ref         string         `json:"ref"`

	unit   money
	amount int64 // whole rupiah
}

// UnitPrice returns the line's unit price.
func (l Line) UnitPrice() decimal.Decimal { return l.unit.decimal() }

// Amount returns the line's amount, in whole rupiah.
func (l Line) Amount() decimal.Decimal { return decimal.NewFromInt(l.amount) }

// Rupiah returns the line's amount in whole rupiah, as an integer.
func (l Line) Rupiah() int64 { return l.amount }

// money is a unit price: whole rupiah, or a decimal that is not.
type money struct {
	rp   int64
	dec  decimal.Decimal // when frac
	frac bool
}

func (m money) decimal() decimal.Decimal {
	if m.frac {
		return m.dec
	}
	return decimal.NewFromInt(m.rp)
}

// appendJSON appends m as a JSON string holding an exact decimal.
func (m money) appendJSON(b []byte) []byte {
	if m.frac {
		return strconv.AppendQuote(b, m.dec.String())
	}
	b = append(b, '"')
	b = strconv.AppendInt(b, m.rp, 10)
	return append(b, '"')
}

// Total is what one payer owes, in whole rupiah.
type Total struct {
	Payer  referral.Payer `json:"payer"`
	amount int64
}

// Amount returns what the payer owes.
func (t Total) Amount() decimal.Decimal { return decimal.NewFromInt(t.amount) }

// Rupiah returns what the payer owes in whole rupiah, as an integer.
func (t Total) Rupiah() int64 { return t.amount }

// Bill is what an episode costs, line by line, and who pays. Its money is
// whole rupiah inside; Total, TotalFor and the lines' and totals' methods
// give it as decimals, and it travels as JSON strings holding exact
// decimals.
type Bill struct {
	Date rules.Date `json:"date"`
	// Basis is inacbg, hospital_tariff (an insidental case at its own
	// tariff) or general_patient (the patient pays the hospital's own
	// tariff: an upgrade at the patient's own wish).
	Basis  string  `json:"basis"`
	Lines  []Line  `json:"lines"`
	Totals []Total `json:"totals"`
	// Table and TableRevision identify the INA-CBG table used; Sample is
	// true when it is not a real tariff.
	Table         string           `json:"table,omitempty"`
	TableRevision string           `json:"table_revision,omitempty"`
	Sample        bool             `json:"sample,omitempty"`
	Warnings      []rules.Reason   `json:"warnings"`
	Provenance    rules.Provenance `json:"provenance"`

	total int64 // whole rupiah
}

// Total returns the bill's total, the sum of its lines.
func (b *Bill) Total() decimal.Decimal { return decimal.NewFromInt(b.total) }

// TotalRupiah returns the bill's total in whole rupiah, as an integer.
func (b *Bill) TotalRupiah() int64 { return b.total }

// TotalFor returns what payer owes.
func (b *Bill) TotalFor(payer referral.Payer) decimal.Decimal {
	for _, t := range b.Totals {
		if t.Payer == payer {
			return t.Amount()
		}
	}
	return decimal.Zero
}

// Sentinel errors wrapped by this package's *rules.FieldError, for
// errors.Is.
var (
	ErrEpisode      = errors.New("tariff: invalid episode")
	ErrUnknownCode  = errors.New("tariff: INA-CBG code not in the table")
	ErrRegional     = errors.New("tariff: regional not in the table")
	ErrHospitalType = errors.New("tariff: hospital type or ownership unknown")
	ErrAmount       = errors.New("tariff: missing or negative amount")
	// ErrRange: an amount, quantity or total over its limit (MaxAmount,
	// MaxQuantity, MaxTotal).
	ErrRange = errors.New("tariff: amount out of range")
)

// fail is a *rules.FieldError of this package: field is a dotted path
// (items[0].tier; "(input)" for the input as a whole), made a JSON
// Pointer; sentinel (may be nil) joins ErrEpisode for errors.Is; the
// message is the English format with its args, and its Indonesian is
// found in idFormats (the code's own words when it is not there). The
// code: out of range for ErrRange, missing for "required...",
// inconsistent for a date or an assessment that does not match, bad
// value otherwise.
func fail(field string, sentinel error, format string, args ...any) *rules.FieldError {
	en := fmt.Sprintf(format, args...)
	id := ""
	if f, ok := idFormats[format]; ok {
		id = fmt.Sprintf(f, args...)
	}
	code := rules.CodeBadValue
	switch {
	case sentinel == ErrRange:
		code = rules.CodeOutOfRange
	case strings.HasPrefix(format, "required"):
		code = rules.CodeMissing
	case strings.Contains(format, " is of %s, the "):
		code = rules.CodeInconsistent
	}
	ptr := ""
	if !strings.HasPrefix(field, "(") {
		ptr = jsonx.Pointer(field)
	}
	fe := fault.New(code, ptr, id, en)
	fe.Kind, fe.Err = ErrEpisode, sentinel
	return fe
}

// Price prices the episode on the date of the snapshot s, for the pathway
// assessment a (whose payer every line carries), with the INA-CBG table t
// (nil: the rulebook's own table, a sample in the embedded rulebook). An
// unknown INA-CBG code, a regional the table lacks, a negative amount, a
// hospital bill line without an amount, or a hospital of unknown type
// where the price depends on it gives a *rules.FieldError (a
// *rules.FieldErrors when the episode has several bad fields) and no
// bill.
func Price(ep *Episode, a *referral.Assessment, s rules.Snapshot, t *Table) (Bill, error) {
	// One allocation for the bill, its lines and its total, sized for the
	// lines the episode makes (a bill with more lines grows its own):
	// the fewer bytes, the fewer collections.
	var b *Bill
	switch n := ep.lines(); {
	case n <= 3:
		blk := new(struct {
			b      Bill
			lines  [3]Line
			totals [1]Total
		})
		b = &blk.b
		b.Lines, b.Totals = blk.lines[:0], blk.totals[:0]
	case n <= 5:
		blk := new(struct {
			b      Bill
			lines  [5]Line
			totals [1]Total
		})
		b = &blk.b
		b.Lines, b.Totals = blk.lines[:0], blk.totals[:0]
	default:
		blk := new(struct {
			b      Bill
			lines  [8]Line
			totals [1]Total
		})
		b = &blk.b
		b.Lines, b.Totals = blk.lines[:0], blk.totals[:0]
	}
	if err := PriceInto(b, ep, a, s, t); err != nil {
		return Bill{}, err
	}
	return *b, nil
}

// lines estimates the number of lines the episode's bill has: the
// package or the hospital's bill, and a line per top-up and item.
func (ep *Episode) lines() int {
	if ep == nil {
		return 0
	}
	n := 1 + len(ep.TopUps) + len(ep.Items) + len(ep.HospitalBill)
	if ep.Insidental != nil {
		n += len(ep.Insidental.Lines)
	}
	return n
}

// PriceInto is Price writing into b, reusing the capacity of its slices:
// a verifier pricing a month's claims in a loop allocates little once
// they have grown.
func PriceInto(b *Bill, ep *Episode, a *referral.Assessment, s rules.Snapshot, t *Table) error {
	if ep == nil {
		return fail("(input)", nil, "no episode")
	}
	if a == nil {
		return fail("(assessment)", nil, "no pathway assessment")
	}
	if err := s.Check(); err != nil {
		return fault.Within("", err)
	}
	if !a.Date.Equal(s.Date()) {
		return fail("(assessment)", nil, "the assessment is of %s, the snapshot of %s", a.Date, s.Date())
	}
	var errs rules.FieldErrors
	fac, ok := s.FacilityRef(ep.Facility) // the rulebook's own: read, never written
	if !ok {
		errs.Add(fail("facility", nil, "unknown facility code %q", ep.Facility))
	}
	ep.validate(&errs)
	if err := errs.Err(); err != nil {
		return err
	}
	if t == nil {
		var err error
		if t, err = RulebookTable(s); err != nil {
			return err
		}
	}
	// Field by field: the provenance is reset in place, not copied.
	lines, warnings := b.Lines[:0], b.Warnings[:0]
	if lines == nil {
		lines = make([]Line, 0, 4+len(ep.Items))
	}
	if warnings == nil {
		warnings = []rules.Reason{}
	}
	b.Date, b.Basis, b.Lines, b.Totals, b.total = s.Date(), "", lines, b.Totals[:0], 0
	b.Table, b.TableRevision, b.Sample, b.Warnings = t.name, t.revision, t.sample, warnings
	params.Begin(s, &b.Provenance) // reset, and reading the pricer's parameters
	p := pricer{s: s, ep: ep, fac: fac, t: t, a: a, bill: b}
	if err := p.rounding(); err != nil {
		return err
	}
	p.payer = referral.PayerJamkesda
	if !a.Covered {
		p.payer = a.Payer
	}
	if t.sample {
		p.warn(msgSample, t.ref)
	}
	if err := p.price(); err != nil {
		return err
	}
	p.totals()
	if s.IsBeyond() {
		w, _ := s.Beyond()
		p.bill.Warnings = append(p.bill.Warnings, w)
	}
	return nil
}

// validate adds to errs every problem of the episode on its own.
func (ep *Episode) validate(errs *rules.FieldErrors) {
	switch ep.CareType {
	case referral.Inpatient, referral.Outpatient, referral.IGD:
	default:
		errs.Add(fail("care_type", nil, "%q is not outpatient, inpatient or igd", ep.CareType))
	}
	if ep.Class < 0 || ep.Class > 3 {
		errs.Add(fail("class", nil, "%d is not a treatment class 1, 2 or 3", ep.Class))
	}
	switch ep.ClassReason {
	case "", "class3_full", "own_wish":
	default:
		errs.Add(fail("class_reason", nil, "%q is not class3_full or own_wish", ep.ClassReason))
	}
	if (ep.Class == 1 || ep.Class == 2) && ep.ClassReason == "" {
		errs.Add(fail("class_reason", nil, "required for class %d: class3_full or own_wish", ep.Class))
	}
	if ep.INACBG == "" && ep.Insidental == nil {
		errs.Add(fail("inacbg", nil, "required: the INA-CBG group the grouper gave"))
	}
	if ep.INACBG != "" && !validCode(ep.INACBG) {
		errs.Add(fail("inacbg", ErrUnknownCode, "%q is not an INA-CBG group code such as K-1-17-I", ep.INACBG))
	}
	for i, c := range ep.TopUps {
		if !validCode(c) {
			errs.Add(fail("top_ups["+strconv.Itoa(i)+"]", ErrUnknownCode, "%q is not a special CMG code such as YY01", c))
		}
	}
	if in := ep.Insidental; in != nil {
		if len(in.Services) == 0 {
			errs.Add(fail("insidental.services", nil, "required: the intensive services used (icu, nicu, ...)"))
		}
		if len(in.Lines) == 0 {
			errs.Add(fail("insidental.lines", ErrAmount, "required: the hospital's verified bill"))
		}
		for i, l := range in.Lines {
			if l.Amount != nil && !l.Amount.IsNegative() && !l.Amount.GreaterThan(maxAmount) {
				continue
			}
			field := "insidental.lines[" + strconv.Itoa(i) + "].amount"
			if l.Amount == nil {
				errs.Add(fail(field, ErrAmount, "a hospital bill line needs an amount"))
			} else if l.Amount.IsNegative() {
				errs.Add(fail(field, ErrAmount, "negative amount %s", l.Amount))
			} else {
				errs.Add(fail(field, ErrRange, "the amount is more than %s, the limit for an amount (MaxAmount)", rupiah(MaxAmount)))
			}
		}
	}
	for i, l := range ep.HospitalBill {
		if l.Amount != nil && !l.Amount.IsNegative() {
			continue
		}
		field := "hospital_bill[" + strconv.Itoa(i) + "].amount"
		if l.Amount == nil {
			errs.Add(fail(field, ErrAmount, "a hospital bill line needs an amount"))
		} else {
			errs.Add(fail(field, ErrAmount, "negative amount %s", l.Amount))
		}
	}
	for i := range ep.Items {
		ep.Items[i].validate(errs, i)
	}
}

// validate adds to errs every problem of the item, the i-th.
func (it *Item) validate(errs *rules.FieldErrors, i int) {
	field := func() string { return "items[" + strconv.Itoa(i) + "]" }
	{
		if it.Quantity > maxQuantity {
			errs.Add(fail(field()+".quantity", ErrRange, "quantity %d is more than %d, the limit (MaxQuantity)", it.Quantity, maxQuantity))
		}
		if it.Quantity < 0 { // exclusive of the above
			errs.Add(fail(field()+".quantity", ErrAmount, "negative quantity %d: a quantity is 1 to %d", it.Quantity, maxQuantity))
		}
		if it.UnitPrice != nil && it.UnitPrice.IsNegative() {
			errs.Add(fail(field()+".unit_price", ErrAmount, "negative amount %s", it.UnitPrice))
		}
		if it.UnitPrice != nil && it.UnitPrice.GreaterThan(maxAmount) { // exclusive of the above
			errs.Add(fail(field()+".unit_price", ErrRange, "the amount is more than %s, the limit for an amount (MaxAmount)", rupiah(MaxAmount)))
		}
		switch it.Kind {
		case "ambulance":
			switch it.Tier {
			case "city", "outside_city", "ventilator_city", "ventilator_outside_city":
			default:
				errs.Add(fail(field()+".tier", nil, "ambulance tier %q is not city, outside_city, ventilator_city or ventilator_outside_city", it.Tier))
			}
		case "blood_bag", "amhp_khusus", "medical_device":
			if it.UnitPrice == nil {
				errs.Add(fail(field()+".unit_price", ErrAmount, "required for %s: the tariff it is paid at", it.Kind))
			}
		case "erythropoietin":
		default:
			errs.Add(fail(field()+".kind", nil, "%q is not ambulance, erythropoietin, blood_bag, amhp_khusus or medical_device", it.Kind))
		}
	}
}

// The parameters the pricer reads.
const (
	pInsidental = iota
	pCityExempt
	pOwnership
	pLocations
	pDiscountA
	pDiscountB
	pDiscountC
	pDiscountD
	pFull3Pricing
	pRegional
	pOutside
	pAmbulanceCity
	pAmbulanceOutside
	pAmbulanceVentCity
	pAmbulanceVentOutside
	pEPOAmount
	pEPOPer
	pBloodBasis
	pAMHPList
	pAMHPBasis
	pRoundMode
	pRoundUnit
	pINACBGApplies
	pSpecialCMG
	pHospitalTariff
	pBorderingPrivate
	pOwnWish
	pDestinations
	pBorderingReading
	pCityBasis
	pApprovedDevices
	nParams
)

// params lists the parameters in the order of the constants above.
var params = paramset.New(
	"services.insidental",
	"tariff.insidental.city_hospital_exempt",
	"tariff.insidental.ownership",
	"tariff.insidental.locations",
	"tariff.insidental.discount.type_a",
	"tariff.insidental.discount.type_b",
	"tariff.insidental.discount.type_c",
	"tariff.insidental.discount.type_d",
	"services.class_upgrade.full_class3_pricing",
	"tariff.inacbg.regional",
	"services.outside_package",
	"tariff.ambulance.city",
	"tariff.ambulance.outside_city",
	"tariff.ambulance.ventilator_city",
	"tariff.ambulance.ventilator_outside_city",
	"tariff.erythropoietin.amount",
	"tariff.erythropoietin.per",
	"tariff.blood_bag_basis",
	"services.amhp_khusus",
	"tariff.amhp_khusus_basis",
	"money.rounding.mode",
	"money.rounding.unit",
	"tariff.inacbg.applies",
	"tariff.inacbg.special_cmg",
	"tariff.insidental.hospital_tariff",
	"tariff.insidental.bordering_private_only",
	"tariff.own_wish_upgrade",
	"tariff.ambulance.outside_city_destinations",
	"tariff.insidental.bordering_reading",
	"tariff.insidental.city_hospital_basis",
	"tariff.approved_devices",
)

type pricer struct {
	s     rules.Snapshot
	ep    *Episode
	fac   *rules.Facility
	t     *Table
	round rules.Rounding
	// roundUnit is round.Unit in whole rupiah.
	roundUnit int64
	payer     referral.Payer
	a         *referral.Assessment
	bill      *Bill
	total     int64 // whole rupiah
	// classWarned: the bill already says the class is a later one.
	classWarned bool
}

// param reads a parameter in force on the date, recorded once in the
// provenance. The value is the rulebook's own: read it, never write it.
func (p *pricer) param(i int) (*rules.Value, error) {
	if v := p.bill.Provenance.Read(i); v != nil {
		return v, nil
	}
	// None in force: the snapshot's own lookup says so (rules.ErrNoParam).
	if _, err := p.s.Param(params.Path(i)); err != nil {
		return nil, err
	}
	return nil, fmt.Errorf("tariff: %s at %s: %w", params.Path(i), p.s.Date(), rules.ErrNoParam)
}

// rounding reads the rulebook's rounding through the pricer's keys.
func (p *pricer) rounding() error {
	mode, err := p.param(pRoundMode)
	if err != nil {
		return err
	}
	unit, err := p.param(pRoundUnit)
	if err != nil {
		return err
	}
	if !unit.Decimal().IsPositive() || !unit.Decimal().IsInteger() {
		return fmt.Errorf("tariff: %s must be a positive whole number of rupiah, is %s", unit.Path, unit.Decimal())
	}
	p.round = rules.Rounding{Mode: rules.RoundingMode(mode.Text()), Unit: unit.Decimal()}
	p.roundUnit, _ = unit.WholeNumber()
	return nil
}

// class is the hospital's class on the date of service (its type, A to
// D; empty when unknown). Where the class in force then is not known, only
// a later one (a registry copy of 2021 for a stay of 2019), the bill says
// so once, with the warning class_as_of_later_registry citing ref, the
// rule the price reads the class for.
func (p *pricer) class(ref string) string {
	c, later := p.fac.ClassOn(p.s.Date())
	if later && !p.classWarned {
		p.classWarned = true
		p.warn(msgClassLater, ref)
	}
	return c
}

func (p *pricer) warn(m msg, ref string) { p.bill.Warnings = append(p.bill.Warnings, m.With(ref)) }

// add rounds the amount once, with the rulebook's mode, and appends the
// line. Whole-rupiah prices go to addWhole: integers, no decimals. It is
// the one place amounts are summed: a unit price outside ±MaxAmount (a
// rulebook value an overlay set too high), a quantity over MaxQuantity,
// or a total past MaxTotal is a *rules.FieldError on field (ErrRange) and no
// line.
func (p *pricer) add(field at, kind, code, desc string, qty int, unit decimal.Decimal, ref string) error {
	if n, ok := wholeRupiah(unit); ok {
		return p.addWhole(field, kind, code, desc, qty, n, ref)
	}
	if unit.GreaterThan(maxAmount) || unit.LessThan(minAmount) {
		return fail(field.String(), ErrRange, "the %s amount (%s) is beyond %s, the limit for an amount (MaxAmount)", kind, ref, rupiah(MaxAmount))
	}
	if qty < 0 || qty > MaxQuantity {
		return fail(field.String(), ErrRange, "quantity %d is beyond %d, the limit (MaxQuantity)", qty, MaxQuantity)
	}
	amount := p.round.Round(unit.Mul(decimal.NewFromInt(int64(qty)))).IntPart()
	return p.addLine(field, kind, code, desc, qty, money{dec: unit, frac: true}, amount, ref)
}

// maxWholeUnit bounds the unit prices added as integers: with a quantity
// of at most MaxQuantity their product stays far inside int64.
const maxWholeUnit = 1 << 40

// wholeRupiah returns d in whole rupiah when it is a whole number within
// ±maxWholeUnit, without allocating.
func wholeRupiah(d decimal.Decimal) (int64, bool) {
	if d.Exponent() > 0 || !d.IsInteger() {
		return 0, false
	}
	n := d.IntPart()
	return n, n <= maxWholeUnit && n >= -maxWholeUnit
}

// addWhole is add for a unit price in whole rupiah: in integers.
func (p *pricer) addWhole(field at, kind, code, desc string, qty int, unit int64, ref string) error {
	if unit > MaxAmount || unit < -MaxAmount {
		return fail(field.String(), ErrRange, "the %s amount (%s) is beyond %s, the limit for an amount (MaxAmount)", kind, ref, rupiah(MaxAmount))
	}
	if qty < 0 || qty > MaxQuantity {
		return fail(field.String(), ErrRange, "quantity %d is beyond %d, the limit (MaxQuantity)", qty, MaxQuantity)
	}
	amount := unit * int64(qty) // |amount| <= MaxAmount*MaxQuantity = 1e17
	if p.roundUnit != 1 {
		amount = p.round.RoundWhole(amount)
	}
	return p.addLine(field, kind, code, desc, qty, money{rp: unit}, amount, ref)
}

// addLine adds the rounded line to the total, checked, and appends it.
func (p *pricer) addLine(field at, kind, code, desc string, qty int, unit money, amount int64, ref string) error {
	// |amount| <= MaxAmount*MaxQuantity = 1e17 and |p.total| <= MaxTotal,
	// so the sum cannot overflow int64 before it is checked.
	total := p.total + amount
	if total > MaxTotal || total < -MaxTotal {
		return fail(field.String(), ErrRange, "the bill's total would pass %s, the limit (MaxTotal)", rupiah(MaxTotal))
	}
	p.total = total
	p.bill.Lines = append(p.bill.Lines, Line{Kind: kind, Code: code, Description: desc, Quantity: qty,
		unit: unit, amount: amount, Payer: p.payer, Ref: ref})
	return nil
}

// at names an episode field for an error, built only when there is one:
// name, name[i] or name[i]suffix.
type at struct {
	name   string
	i      int // -1: no index
	suffix string
}

func fieldAt(name string) at { return at{name: name, i: -1} }

func (a at) String() string {
	if a.i < 0 {
		return a.name + a.suffix
	}
	return a.name + "[" + strconv.Itoa(a.i) + "]" + a.suffix
}

func (p *pricer) price() error {
	ep := p.ep
	if ep.CareType == referral.Inpatient && ep.Class > 0 && ep.Class < 3 && ep.ClassReason == "own_wish" && p.payer == referral.PayerPatient {
		if v, err := p.param(pOwnWish); err == nil && v.Text() == "hospital_tariff" {
			return p.priceGeneralPatient(v)
		}
	}
	if !p.a.Covered {
		return p.priceNotCovered()
	}
	hospitalTariff := false
	if ep.Insidental != nil && p.bill.Provenance.Read(pInsidental) == nil {
		// No insidental tariff yet (before Perwal 27.A/2017): INA-CBG.
		av, err := p.param(pINACBGApplies)
		if err != nil {
			return err
		}
		p.warn(msgNoInsidentalTariff, av.Ref)
		if ep.INACBG == "" {
			return fail("inacbg", nil, "required: no insidental tariff is in force on %s, so the case is paid at INA-CBG", p.s.Date())
		}
		p.bill.Basis = "inacbg"
		if err := p.priceINACBG(); err != nil {
			return err
		}
		return p.priceItems()
	}
	if ep.Insidental != nil {
		ok, err := p.insidentalApplies()
		if err != nil {
			return err
		}
		hospitalTariff = ok
	}
	if !hospitalTariff && ep.CareType == referral.Inpatient && ep.Class > 0 && ep.Class < 3 && ep.ClassReason == "class3_full" {
		v, err := p.param(pFull3Pricing)
		if err != nil {
			return err
		}
		if v.Text() == "insidental" {
			if ep.Insidental == nil {
				return fail("insidental", ErrAmount, "the rulebook prices a class III-full upgrade at the insidental tariff (%s): give the hospital's bill", v.Ref)
			}
			ok, err := p.insidentalApplies()
			if err != nil {
				return err
			}
			hospitalTariff = ok
		}
	}
	if hospitalTariff {
		p.bill.Basis = "hospital_tariff"
		if err := p.priceHospitalTariff(); err != nil {
			return err
		}
	} else {
		p.bill.Basis = "inacbg"
		if ep.Insidental != nil {
			places, err := p.param(pLocations)
			if err != nil {
				return err
			}
			p.warn(msgInsidentalAtINACBG, places.Ref)
			if ep.INACBG == "" {
				return fail("inacbg", nil, "required: the insidental tariff does not apply at this hospital, so the case is paid at INA-CBG")
			}
		}
		if err := p.priceINACBG(); err != nil {
			return err
		}
	}
	return p.priceItems()
}

// insidentalApplies tells whether an insidental case is paid at the
// hospital's own tariff here (Perwal 27.A/2017 Ps.7(1)b-c).
func (p *pricer) insidentalApplies() (bool, error) {
	services, err := p.param(pInsidental)
	if err != nil {
		return false, err
	}
	for i, sv := range p.ep.Insidental.Services {
		if !services.Contains(sv) {
			return false, fail("insidental.services["+strconv.Itoa(i)+"]", nil, "%q is not an insidental service (%s: %v)", sv, services.Ref, services.List())
		}
	}
	if p.fac.CityHospital {
		// "kecuali RSUD" (Ps.7(1)b): an exception from the discount only
		// (its own tariff in full), or from the whole arrangement (INA-CBG).
		if basis, err := p.param(pCityBasis); err == nil && basis.Text() == "inacbg" {
			return false, nil
		}
		if exempt, err := p.param(pCityExempt); err == nil && exempt.Bool() {
			return true, nil
		}
	}
	places, err := p.param(pLocations)
	if err != nil {
		return false, err
	}
	// Where the hospital is: in the city, bordering it directly, or
	// outside. Bordering is, on the default reading, a hospital in a
	// region that borders the city (its location, which the loader checks
	// against its region); on the narrower one, only a hospital a source
	// places on the border itself (its own flag).
	loc := string(rules.LocationOutside)
	switch p.fac.Location {
	case rules.LocationCity:
		loc = string(rules.LocationCity)
	case rules.LocationBordering:
		reading, err := p.param(pBorderingReading)
		if err != nil {
			return false, err
		}
		if reading.Text() == "region" || p.fac.Bordering {
			loc = string(rules.LocationBordering)
		}
	}
	if !places.Contains(loc) {
		return false, nil
	}
	if loc == string(rules.LocationBordering) {
		if v, err := p.param(pBorderingPrivate); err == nil && !v.Bool() {
			return true, nil // any bordering hospital, on that reading
		}
	}
	if p.fac.Ownership == rules.OwnershipUnknown {
		return false, fail("facility", ErrHospitalType, "the ownership of %s is not known, and whether its insidental cases get the insidental tariff depends on it (%s)", p.fac.Name, places.Ref)
	}
	owners, err := p.param(pOwnership)
	if err != nil {
		return false, err
	}
	return owners.Contains(string(p.fac.Ownership)), nil
}

// priceGeneralPatient bills a patient who pays as a general patient at the
// hospital's own tariff, with no discount and none of the scheme's fixed
// fees: the city pays nothing.
func (p *pricer) priceGeneralPatient(v *rules.Value) error {
	if len(p.ep.HospitalBill) == 0 {
		return fail("hospital_bill", ErrAmount, "required: the patient pays as a general patient at the hospital's own tariff (%s), not at INA-CBG", v.Ref)
	}
	p.bill.Basis = "general_patient"
	p.warn(msgGeneralPatient, v.Ref)
	for i, l := range p.ep.HospitalBill {
		if err := p.add(at{"hospital_bill", i, ".amount"}, "hospital_tariff", "", l.Description, 1, *l.Amount, v.Ref); err != nil {
			return err
		}
	}
	// The scheme's fixed fees (an ambulance, blood bags) are what Jamkesda
	// pays; a general patient pays what the hospital's own bill charges.
	return nil
}

// priceNotCovered bills a patient the scheme does not cover (the
// assessment's payer) the hospital's own bill, as a general patient: no
// INA-CBG package, no insidental discount and no fixed fee of the scheme,
// which are what Jamkesda pays, not what a general patient is charged.
// The bill is the episode's hospital_bill or, where there is none, the
// hospital's bill of an insidental case, in full. Each line cites the
// ground on which the patient is not covered (the assessment's first
// reason, from the rulebook).
func (p *pricer) priceNotCovered() error {
	ref := ""
	if len(p.a.Reasons) > 0 {
		ref = p.a.Reasons[0].Ref
	}
	if ref == "" {
		return fail("(assessment)", nil, "a pathway not covered gives no ground (reason with a ref) to bill the patient as a general patient on")
	}
	lines, field := p.ep.HospitalBill, "hospital_bill"
	if len(lines) == 0 && p.ep.Insidental != nil {
		lines, field = p.ep.Insidental.Lines, "insidental.lines"
	}
	if len(lines) == 0 {
		return fail("hospital_bill", ErrAmount, "required: a patient the scheme does not cover (%s) pays the hospital's own bill as a general patient, not INA-CBG", ref)
	}
	p.bill.Basis = "general_patient"
	p.warn(msgNotCovered, ref)
	for i, l := range lines {
		if err := p.add(at{field, i, ".amount"}, "hospital_tariff", "", l.Description, 1, *l.Amount, ref); err != nil {
			return err
		}
	}
	return nil
}

func (p *pricer) priceHospitalTariff() error {
	hv, err := p.param(pHospitalTariff)
	if err != nil {
		return err
	}
	before := p.total
	for i, l := range p.ep.Insidental.Lines {
		if err := p.add(at{"insidental.lines", i, ".amount"}, "hospital_tariff", "", l.Description, 1, *l.Amount, hv.Ref); err != nil {
			return err
		}
	}
	if p.fac.CityHospital {
		if v, err := p.param(pCityExempt); err == nil && v.Bool() {
			p.warn(msgCityHospitalNoDiscount, v.Ref)
			return nil
		}
	}
	class := p.class(hv.Ref)
	if class == "" {
		return fail("facility", ErrHospitalType, "the type of %s is not known, and the insidental discount depends on it (10%% type D, 15%% type C, 20%% type B)", p.fac.Name)
	}
	i := pDiscountA + int(class[0]-'A')
	if i < pDiscountA || i > pDiscountD {
		return fail("facility", ErrHospitalType, "no hospital type %q", class)
	}
	pct, err := p.param(i)
	if err != nil {
		return fail("facility", ErrHospitalType, "the rulebook sets no insidental discount for a type %s hospital (%v)", class, err)
	}
	// The payment is rounded once, as a whole: the exact bill less the
	// exact discount, rounded with the rulebook's mode. The discount line
	// is what takes the lines' rounded sum to it, so that rounding the
	// lines one by one (a negative line rounds the other way) never takes
	// the payment across the exact amount against the mode.
	exact := decimal.Zero
	for _, l := range p.ep.Insidental.Lines {
		exact = exact.Add(*l.Amount)
	}
	discount := exact.Mul(pct.Decimal()).Div(decimal.NewFromInt(100)).Neg()
	pay := p.round.Round(exact.Add(discount)).IntPart()
	code := params.Path(i)[len("tariff.insidental.discount."):]
	const desc = "Potongan harga tarif insidentil menurut tipe RS"
	field := fieldAt("insidental.lines")
	amount := pay - (p.total - before)
	if n, ok := wholeRupiah(discount); ok {
		return p.addLine(field, "discount", code, desc, 1, money{rp: n}, amount, pct.Ref)
	}
	if discount.LessThan(minAmount) {
		return fail(field.String(), ErrRange, "the discount amount (%s) is beyond %s, the limit for an amount (MaxAmount)", pct.Ref, rupiah(MaxAmount))
	}
	return p.addLine(field, "discount", code, desc, 1, money{dec: discount, frac: true}, amount, pct.Ref)
}

// tariffCode is the E-Klaim kode_tarif of the hospital: its type and P
// (government) or S (private).
func (p *pricer) tariffCode(ref string) (string, error) {
	f := p.fac
	if f.TariffCode != "" {
		return f.TariffCode, nil // a national hospital's own code
	}
	class := p.class(ref)
	if class == "" {
		return "", fail("facility", ErrHospitalType, "the type of %s is not known, and the INA-CBG tariff depends on it: overlay the facility with its hospital_type (or its own tariff_code)", f.Name)
	}
	var codes *[4]string
	switch f.Ownership {
	case rules.OwnershipGovernment:
		codes = &governmentCodes
	case rules.OwnershipPrivate:
		codes = &privateCodes
	}
	if codes != nil && class[0] >= 'A' && class[0] <= 'D' {
		return codes[class[0]-'A'], nil
	}
	return "", fail("facility", ErrHospitalType, "the ownership of %s is not known, and the INA-CBG tariff depends on it", f.Name)
}

func (p *pricer) priceINACBG() error {
	ep := p.ep
	rv, err := p.param(pRegional)
	if err != nil {
		return err
	}
	tc, err := p.tariffCode(rv.Ref)
	if err != nil {
		return err
	}
	regional := uint8(rv.Int())
	if !p.t.hasRegional(regional) {
		return fail("inacbg", ErrRegional, "the table %s has no rows for regional %d (%s)", p.t.name, regional, rv.Ref)
	}
	k := key{code: upper(ep.INACBG), tariffCode: tc, regional: regional, care: CareOutpatient}
	av, err := p.param(pINACBGApplies)
	if err != nil {
		return err
	}
	ref := av.Ref
	if ep.CareType == referral.Inpatient {
		k.care = CareInpatient
		k.class = 3
		if ep.Class > 0 && ep.Class < 3 {
			switch ep.ClassReason {
			case "class3_full":
				v, err := p.param(pFull3Pricing)
				if err != nil {
					return err
				}
				if v.Text() == "inacbg_occupied_class" {
					k.class = uint8(ep.Class)
				}
				ref = v.Ref
			case "own_wish":
				k.class = uint8(ep.Class) // the patient pays as a general patient
			}
		}
	}
	amt, ok := p.t.lookup(k)
	if !ok {
		return fail("inacbg", ErrUnknownCode, "no amount for %s (tariff code %s, regional %d, class %d, %s) in the table %s", ep.INACBG, tc, regional, k.class, careName(k.care), p.t.name)
	}
	desc := classDesc[k.class]
	if k.care == CareOutpatient {
		desc = "Tarif INA-CBG rawat jalan"
	}
	if err := p.addWhole(fieldAt("inacbg"), "inacbg", ep.INACBG, desc, 1, amt.rp, ref); err != nil {
		return err
	}
	var cmg *rules.Value
	if len(ep.TopUps) > 0 {
		if cmg, err = p.param(pSpecialCMG); err != nil {
			return err
		}
	}
	for i, c := range ep.TopUps {
		tk := key{code: upper(c), tariffCode: tc, regional: regional}
		amt, ok := p.t.lookup(tk)
		if !ok {
			return fail("top_ups["+strconv.Itoa(i)+"]", ErrUnknownCode, "no amount for special CMG %s (tariff code %s, regional %d) in the table %s", c, tc, regional, p.t.name)
		}
		if err := p.addWhole(at{"top_ups", i, ""}, "top_up", c, "Special CMG", 1, amt.rp, cmg.Ref); err != nil {
			return err
		}
	}
	return nil
}

// The limits of the money a bill holds, checked where amounts enter
// (validate, for the host's amounts; add, for the rulebook's) and where
// they are summed (add): an input over a limit is a *rules.FieldError wrapping
// ErrRange, never a wrong total.
const (
	// MaxAmount bounds every amount that enters a bill, in rupiah: a
	// unit price, a hospital bill line, a rulebook tariff: one trillion
	// rupiah, far above any real hospital bill.
	MaxAmount = 1_000_000_000_000
	// MaxQuantity bounds an item's quantity. With MaxAmount it keeps
	// every line (at most 1e17) in int64.
	MaxQuantity = 100_000
	// MaxTotal bounds a bill's total, in rupiah: the sum of its lines
	// must stay within it.
	MaxTotal = 1_000_000_000_000_000
)

// maxQuantity is MaxQuantity, as the validation reads it.
const maxQuantity = MaxQuantity

// rupiah writes n with thousands separators: Rp 1,000,000,000,000.
func rupiah(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return "Rp " + s
}

var (
	maxAmount = decimal.NewFromInt(MaxAmount)
	minAmount = decimal.NewFromInt(-MaxAmount)
)

var (
	governmentCodes = [4]string{"AP", "BP", "CP", "DP"}
	privateCodes    = [4]string{"AS", "BS", "CS", "DS"}
)

var classDesc = [4]string{"Tarif INA-CBG", "Tarif INA-CBG rawat inap kelas I", "Tarif INA-CBG rawat inap kelas II", "Tarif INA-CBG rawat inap kelas III"}

var ambulanceParam = map[string]int{
	"city": pAmbulanceCity, "outside_city": pAmbulanceOutside,
	"ventilator_city": pAmbulanceVentCity, "ventilator_outside_city": pAmbulanceVentOutside,
}

var ambulanceDesc = map[string]string{
	"city": "Ambulans dalam kota", "outside_city": "Ambulans luar kota",
	"ventilator_city": "Ambulans dengan ventilator, dalam kota", "ventilator_outside_city": "Ambulans dengan ventilator, luar kota",
}

func careName(c Care) string {
	switch c {
	case CareInpatient:
		return "inpatient"
	case CareOutpatient:
		return "outpatient"
	}
	return "top-up"
}

func upper(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'a' && s[i] <= 'z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'a' && b[j] <= 'z' {
					b[j] -= 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// priceItems prices what is paid outside the package.
func (p *pricer) priceItems() error {
	if len(p.ep.Items) == 0 {
		return nil
	}
	outside, err := p.param(pOutside)
	if err != nil {
		return err
	}
	for i, it := range p.ep.Items {
		field := func() string { return "items[" + strconv.Itoa(i) + "]" }
		if it.Kind != "medical_device" && !outside.Contains(it.Kind) {
			return fail(field()+".kind", nil, "%s is not paid outside the INA-CBG package on %s (%s)", it.Kind, p.s.Date(), outside.Ref)
		}
		qty := it.Quantity.Count() // 1 when not given
		var addErr error
		switch it.Kind {
		case "ambulance":
			v, err := p.param(ambulanceParam[it.Tier])
			if err != nil {
				return err
			}
			if it.Destination != "" && (it.Tier == "outside_city" || it.Tier == "ventilator_outside_city") {
				dv, err := p.param(pDestinations)
				if err != nil {
					return err
				}
				if !dv.Contains(it.Destination) {
					return fail(field()+".destination", nil, "the rulebook sets no outside-city ambulance fee for %q (%s: %v)", it.Destination, dv.Ref, dv.List())
				}
			}
			addErr = p.add(at{"items", i, ""}, "ambulance", it.Tier, ambulanceDesc[it.Tier], qty, v.Decimal(), v.Ref)
		case "erythropoietin":
			v, err := p.param(pEPOAmount)
			if err != nil {
				return err
			}
			per, err := p.param(pEPOPer)
			if err != nil {
				return err
			}
			if per.Text() == "stay" {
				qty = 1
			}
			addErr = p.add(at{"items", i, ""}, "erythropoietin", per.Text(), "Obat eritropoietin", qty, v.Decimal(), v.Ref)
		case "blood_bag":
			v, err := p.param(pBloodBasis)
			if err != nil {
				return err
			}
			addErr = p.add(at{"items", i, ".unit_price"}, "blood_bag", "", "Labu darah", qty, *it.UnitPrice, v.Ref)
		case "medical_device":
			v, err := p.param(pApprovedDevices)
			if err != nil {
				return err
			}
			if v.Text() != "as_claimed" {
				p.warn(msgDeviceInPackage, v.Ref) // within the package: not paid apart
				continue
			}
			addErr = p.add(at{"items", i, ".unit_price"}, "medical_device", it.Tier, "Alat medis di luar paket (persetujuan Komite Medik)", qty, *it.UnitPrice, v.Ref)
		case "amhp_khusus":
			list, err := p.param(pAMHPList)
			if err != nil {
				return err
			}
			if !list.Contains(it.Tier) {
				return fail(field()+".tier", nil, "%q is not a special consumable paid outside the package (%v)", it.Tier, list.List())
			}
			v, err := p.param(pAMHPBasis)
			if err != nil {
				return err
			}
			addErr = p.add(at{"items", i, ".unit_price"}, "amhp_khusus", it.Tier, "AMHP khusus", qty, *it.UnitPrice, v.Ref)
		}
		if addErr != nil {
			return addErr
		}
	}
	return nil
}

// totals adds the rounded lines by payer, in whole rupiah: the totals are
// exactly the sum of the lines. Every line of a bill has the same payer
// (the assessment's), so there is one payer total.
func (p *pricer) totals() {
	b := p.bill
	b.total = p.total
	b.Totals = append(b.Totals[:0], Total{Payer: p.payer, amount: p.total})
}

// ApprovedDevices reads, on the snapshot's date, how a medical device given
// outside the INA-CBG package with the medical committee's approval is paid
// (tariff.approved_devices, Juknis 440/Kep.21/2017 IV.b.2.h): asClaimed is
// true when it is paid apart, as claimed; false when it stays within the
// package. ref cites the reading. For the claim adjudication, which reads
// the reading through the tariff.
func ApprovedDevices(s rules.Snapshot) (asClaimed bool, ref string, err error) {
	v, err := s.Param("tariff.approved_devices")
	if err != nil {
		return false, "", err
	}
	return v.Text() == "as_claimed", v.Ref, nil
}
