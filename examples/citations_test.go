package examples_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The dates the instruments change on, and the days either side.
var walkDates = []string{
	"2017-01-16", "2017-05-11", "2017-05-12", "2017-05-14", "2017-05-15",
	"2017-08-01", "2018-01-29", "2018-01-30", "2018-08-22", "2018-08-23",
	"2018-09-10", "2019-03-04", "2019-03-13",
}

const (
	walkNIK   = "3275014508900001"
	walkOther = "3275050101800004"
	walkKK    = "3275010101170001"
)

// walkFacts are fact patterns covering every basis and every ground of
// refusal the checker has.
func walkFacts(on rules.Date) map[string]*eligibility.Facts {
	n, o := eligibility.MustParseNIK(walkNIK), eligibility.MustParseNIK(walkOther)
	card := func() *eligibility.Facts {
		return &eligibility.Facts{
			Person: eligibility.Person{NIK: n, KK: walkKK, KKCity: "3275", Registry: eligibility.Registry{Status: eligibility.Living}},
			Documents: eligibility.Documents{
				Card: &eligibility.Card{NIKs: []eligibility.NIK{n}, KK: walkKK, ValidThrough: rules.MustParseDate("2018-12-31"), Activated: true},
				EKTP: &eligibility.EKTP{NIK: n, Recorded: true},
			},
		}
	}
	change := func(f *eligibility.Facts, c func(*eligibility.Facts)) *eligibility.Facts { c(f); return f }
	before := on.AddDays(-1)
	after := on.AddDays(1)
	out := map[string]*eligibility.Facts{
		"card holder":   card(),
		"no card":       change(card(), func(f *eligibility.Facts) { f.Documents.Card = nil }),
		"nothing shown": change(card(), func(f *eligibility.Facts) { f.Documents = eligibility.Documents{} }),
		"family member": change(card(), func(f *eligibility.Facts) { f.Documents.Card.NIKs = []eligibility.NIK{o} }),
		"another family": change(card(), func(f *eligibility.Facts) {
			f.Documents.Card.NIKs, f.Documents.Card.KK = []eligibility.NIK{o}, "3275050202170002"
		}),
		"expired card":     change(card(), func(f *eligibility.Facts) { f.Documents.Card.ValidThrough = rules.MustParseDate("2017-01-31") }),
		"not activated":    change(card(), func(f *eligibility.Facts) { f.Documents.Card.Activated = false }),
		"no e-KTP":         change(card(), func(f *eligibility.Facts) { f.Documents.EKTP = nil }),
		"e-KTP unrecorded": change(card(), func(f *eligibility.Facts) { f.Documents.EKTP.Recorded = false }),
		"e-KTP of another": change(card(), func(f *eligibility.Facts) { f.Documents.EKTP.NIK = o }),
		"not registered":   change(card(), func(f *eligibility.Facts) { f.Person.Registry.Status = eligibility.NotRegistered }),
		"KK outside":       change(card(), func(f *eligibility.Facts) { f.Person.KKCity = "3216" }),
		"died": change(card(), func(f *eligibility.Facts) {
			f.Person.Registry = eligibility.Registry{Status: eligibility.Died, Date: before}
		}),
		"died after": change(card(), func(f *eligibility.Facts) {
			f.Person.Registry = eligibility.Registry{Status: eligibility.Died, Date: after}
		}),
		"moved out": change(card(), func(f *eligibility.Facts) {
			f.Person.Registry = eligibility.Registry{Status: eligibility.MovedOut, Date: before}
		}),
		"moved after": change(card(), func(f *eligibility.Facts) {
			f.Person.Registry = eligibility.Registry{Status: eligibility.MovedOut, Date: after}
		}),
		"no longer valid": change(card(), func(f *eligibility.Facts) {
			f.Person.Registry = eligibility.Registry{Status: eligibility.NoLongerValid, Date: before}
		}),
		"PBI central":  change(card(), func(f *eligibility.Facts) { f.JKN = eligibility.JKN{Status: eligibility.JKNPBI, PBIPayer: "central"} }),
		"PBI city":     change(card(), func(f *eligibility.Facts) { f.JKN = eligibility.JKN{Status: eligibility.JKNPBI, PBIPayer: "city"} }),
		"JKN active":   change(card(), func(f *eligibility.Facts) { f.JKN.Status = eligibility.JKNNonPBIActive }),
		"JKN inactive": change(card(), func(f *eligibility.Facts) { f.JKN.Status = eligibility.JKNNonPBIInactive }),
		"poor family":  change(card(), func(f *eligibility.Facts) { f.Documents.Card, f.Person.DinsosPoorList = nil, true }),
		"Dinsos letter": change(card(), func(f *eligibility.Facts) {
			f.Documents.Card, f.Documents.DinsosLetter = nil, &eligibility.DinsosLetter{Category: "poor", Date: on}
		}),
		"Dinsos no e-KTP": change(card(), func(f *eligibility.Facts) {
			f.Documents = eligibility.Documents{DinsosLetter: &eligibility.DinsosLetter{Category: "poor", Date: on}}
		}),
		"inmate letter":     {Person: eligibility.Person{NIK: o, KK: "3216010101170001", KKCity: "3216", Registry: eligibility.Registry{Status: eligibility.Living}, Institution: "prison_inmate"}, Documents: eligibility.Documents{DinsosLetter: &eligibility.DinsosLetter{Category: "prison_inmate", Date: on}}},
		"inmate no letter":  {Person: eligibility.Person{NIK: o, KK: "3216010101170001", KKCity: "3216", Registry: eligibility.Registry{Status: eligibility.Living}, Institution: "prison_inmate"}},
		"inmate wrong cat":  {Person: eligibility.Person{NIK: o, KK: "3216010101170001", KKCity: "3216", Registry: eligibility.Registry{Status: eligibility.Living}, Institution: "detainee"}, Documents: eligibility.Documents{DinsosLetter: &eligibility.DinsosLetter{Category: "neglected_person", Date: on}}},
		"newborn":           {Person: eligibility.Person{Registry: eligibility.Registry{Status: eligibility.Living}}, Documents: eligibility.Documents{Birth: &eligibility.BirthProof{Kind: "birth_letter", ParentNIK: n, Date: before}}, Parent: card()},
		"newborn mismatch":  {Person: eligibility.Person{Registry: eligibility.Registry{Status: eligibility.Living}}, Documents: eligibility.Documents{Birth: &eligibility.BirthProof{Kind: "birth_letter", ParentNIK: o, Date: before}}, Parent: card()},
		"newborn no parent": {Person: eligibility.Person{Registry: eligibility.Registry{Status: eligibility.Living}}, Documents: eligibility.Documents{Birth: &eligibility.BirthProof{Kind: "birth_certificate", ParentNIK: n, Date: before}}},
		"newborn of non-participant": {Person: eligibility.Person{Registry: eligibility.Registry{Status: eligibility.Living}}, Documents: eligibility.Documents{Birth: &eligibility.BirthProof{Kind: "birth_letter", ParentNIK: n, Date: before}},
			Parent: change(card(), func(f *eligibility.Facts) { f.Person.KKCity = "3216" })},
	}
	return out
}

// walkBook is the embedded rulebook with a non-partner hospital and the
// hospital types pricing needs, as a host's overlay would give them.
func walkBook(t *testing.T) *rules.Rulebook {
	rb, err := rules.Default().Overlay("walk.yaml", strings.NewReader(`
facilities:
  - {code: rs-non-mitra, name: RS Non Mitra, kind: hospital, level: 2, ownership: private, location: city, partner: [{from: 2030-01-01, ref: kartusehat convention (test fixture)}], ref: kartusehat convention (test fixture)}
  - {code: rs-ananda, name: RS Ananda, kind: hospital, level: 2, ownership: private, hospital_type: C, location: city, partner: [{from: 2017-01-01, ref: kartusehat convention (test fixture)}], ref: kartusehat convention (test fixture)}
  - {code: rs-tetangga, name: RS Tetangga, kind: hospital, level: 2, ownership: private, hospital_type: B, location: bordering, bordering: true, region: Kabupaten Bekasi, partner: [{from: 2017-01-01, ref: kartusehat convention (test fixture)}], ref: kartusehat convention (test fixture)}
`))
	require.NoError(t, err)
	return rb
}

func wibAt(on rules.Date, hour int) time.Time {
	y, m, d := on.Civil()
	return time.Date(y, m, d, hour, 0, 0, 0, time.FixedZone("WIB", 7*3600))
}

// walkEpisodes are pathways covering every rule the assessor applies.
func walkEpisodes(on rules.Date) map[string]*referral.Episode {
	n := eligibility.MustParseNIK(walkNIK)
	adm := wibAt(on, 9)
	no := false
	ref := func(from, reason, kind string) *referral.Referral {
		return &referral.Referral{From: from, Date: on, Reason: reason, Kind: kind, Diagnosis: "J45.9"}
	}
	base := func(care referral.CareType) *referral.Episode {
		return &referral.Episode{PatientNIK: n, Facility: "rs-ananda", CareType: care, Admission: adm,
			Referral: ref("pkm-bekasi-jaya", "medical", "full"), AsOf: adm.AddDate(0, 0, 20)}
	}
	change := func(e *referral.Episode, c func(*referral.Episode)) *referral.Episode { c(e); return e }
	return map[string]*referral.Episode{
		"outpatient":         base(referral.Outpatient),
		"inpatient":          base(referral.Inpatient),
		"inpatient late SJP": change(base(referral.Inpatient), func(e *referral.Episode) { e.SJP = &referral.SJP{Issued: adm.AddDate(0, 0, 10)} }),
		"no referral":        change(base(referral.Outpatient), func(e *referral.Episode) { e.Referral = nil }),
		"true emergency": change(base(referral.Inpatient), func(e *referral.Episode) {
			e.Emergency, e.Referral, e.CareType = referral.TrueEmergency, nil, referral.Inpatient
		}),
		"false emergency": change(base(referral.IGD), func(e *referral.Episode) { e.Emergency, e.Referral = referral.FalseEmergency, nil }),
		"non-partner":     change(base(referral.Outpatient), func(e *referral.Episode) { e.Facility = "rs-non-mitra" }),
		"non-partner emergency late report": change(base(referral.IGD), func(e *referral.Episode) {
			e.Facility, e.Emergency, e.Referral, e.ReportedToDinkes = "rs-non-mitra", referral.TrueEmergency, nil, adm.AddDate(0, 0, 5)
		}),
		"outside city": change(base(referral.Outpatient), func(e *referral.Episode) { e.Facility = "rs-fatmawati" }),
		"outside city non-medical": change(base(referral.Outpatient), func(e *referral.Episode) {
			e.Facility, e.Referral = "rs-fatmawati", ref("rsud-cam", "non_medical", "full")
		}),
		"puskesmas non-medical": change(base(referral.Outpatient), func(e *referral.Episode) { e.Referral.Reason = "non_medical" }),
		"partial referral":      change(base(referral.Outpatient), func(e *referral.Episode) { e.Referral.Kind = "partial" }),
		"other payer":           change(base(referral.Outpatient), func(e *referral.Episode) { e.OtherPayer = "traffic_accident" }),
		"class III full":        change(base(referral.Inpatient), func(e *referral.Episode) { e.Class, e.ClassReason = 2, "class3_full" }),
		"own wish":              change(base(referral.Inpatient), func(e *referral.Episode) { e.Class, e.ClassReason = 1, "own_wish" }),
		"caesarean baby":        change(base(referral.Inpatient), func(e *referral.Episode) { e.CaesareanHealthyBaby = true }),
		"control visit old referral": change(base(referral.Outpatient), func(e *referral.Episode) {
			e.ControlVisit, e.PreviousVisit = true, on
		}),
		"hospital referral, emergency, no ambulance": change(base(referral.Inpatient), func(e *referral.Episode) {
			e.Emergency, e.Referral = referral.TrueEmergency, ref("rsud-cam", "medical", "full")
			e.Referral.Ambulance, e.Referral.BedConfirmed, e.Referral.Nurse = &no, &no, &no
		}),
		"insidental discharge": change(base(referral.Inpatient), func(e *referral.Episode) { e.Insidental, e.Discharge = true, adm.AddDate(0, 0, 5) }),
		"breaches": change(base(referral.Inpatient), func(e *referral.Episode) {
			e.ProviderRefused, e.DepositPaid, e.Discharge = true, true, adm.AddDate(0, 0, 2)
		}),
		"excluded category": change(base(referral.Outpatient), func(e *referral.Episode) { e.Categories = []string{"cosmetic", "wheelchair"} }),
		"card handed in late": change(base(referral.Inpatient), func(e *referral.Episode) {
			e.ProofHandedIn, e.ProofKind = adm.AddDate(0, 0, 10), "ks_nik"
		}),
	}
}

// TestCitationsInForce walks every decision package over many fact
// patterns on the days the instruments change, and fails if any reason,
// warning, missing item, deadline, breach, bill line, reconciliation change
// or parameter read cites a source the rulebook's sources table does not
// allow that day (Snapshot.CheckRef): a 2017 decision citing Perda 9/2018
// (in force from 2018-08-23), or an interview before the day it was given,
// is wrong.
func TestCitationsInForce(t *testing.T) {
	rb := walkBook(t)
	f, err := os.Open("testdata/inacbg-synthetic.csv")
	require.NoError(t, err)
	table, err := tariff.LoadTable(f, "inacbg-synthetic.csv", "SYNTHETIC test table")
	f.Close()
	require.NoError(t, err)

	decisions := 0
	for _, date := range walkDates {
		on := rules.MustParseDate(date)
		s := rb.At(on)
		check := func(what, ref string) {
			t.Helper()
			if err := s.CheckRef(ref); err != nil {
				t.Errorf("%s on %s: %v", what, date, err)
			}
		}
		checkReasons := func(what string, rs []rules.Reason) {
			t.Helper()
			for _, r := range rs {
				check(what+" "+r.Code, r.Ref)
			}
		}
		checkProv := func(what string, p rules.Provenance) {
			t.Helper()
			for _, u := range p.Params() {
				check(what+" parameter "+u.Path, u.Ref)
			}
		}
		var ds []*eligibility.Decision
		for name, facts := range walkFacts(on) {
			d, err := eligibility.Check(facts, s)
			require.NoError(t, err, name)
			decisions++
			checkReasons("eligibility "+name, d.Reasons)
			checkReasons("eligibility "+name, d.Warnings)
			checkProv("eligibility "+name, d.Provenance)
			if name == "card holder" || name == "no card" || name == "another family" {
				ds = append(ds, &d)
			}
		}
		for _, d := range ds {
			for name, ep := range walkEpisodes(on) {
				a, err := referral.Assess(ep, d, s)
				require.NoError(t, err, name)
				decisions++
				what := "referral " + name
				checkReasons(what, a.Reasons)
				checkReasons(what, a.Missing)
				checkReasons(what, a.Warnings)
				for _, dl := range a.Deadlines {
					check(what+" deadline "+dl.Code, dl.Ref)
				}
				for _, b := range a.Breaches {
					check(what+" breach "+b.Code, b.Ref)
					if len(b.Sanctions) > 0 {
						check(what+" sanction "+b.Code, b.SanctionRef)
					} else if b.SanctionRef != "" {
						t.Errorf("%s breach %s on %s: a sanction citation without sanctions", what, b.Code, date)
					}
				}
				checkProv(what, a.Provenance)
				for _, te := range walkBills(ep) {
					bill, err := tariff.Price(te, &a, s, table)
					if err != nil {
						// Only the INA-CBG table may lack a row, or the
						// rulebook a hospital's type; any other error is a
						// fault of the walk.
						// Before the Juknis no fee for items outside the
						// package is in force: a lookup error, not a guess.
						if errors.Is(err, rules.ErrNoParam) && on.Before(rules.MustParseDate("2017-05-15")) {
							continue
						}
						if !errors.Is(err, tariff.ErrHospitalType) {
							require.ErrorIs(t, err, tariff.ErrUnknownCode, "%s on %s", name, date)
						}
						continue
					}
					decisions++
					for _, l := range bill.Lines {
						check("tariff "+name+" line "+l.Kind, l.Ref)
					}
					checkReasons("tariff "+name, bill.Warnings)
					checkProv("tariff "+name, bill.Provenance)
				}
			}
		}
		_, err := eligibility.Reconcile(context.Background(), s, walkExtract(t, false), walkExtract(t, true), func(c eligibility.Change) error {
			check("reconcile "+c.Reason, c.Ref)
			return nil
		})
		// Before 2017-05-15 a birth is not yet a reason of addition: the
		// reconciliation says so rather than cite a later text.
		if err != nil {
			require.ErrorContains(t, err, `holds no reason "born"`)
		}
	}
	require.Greater(t, decisions, 2500, "the walk must cover many decisions")
}

func walkExtract(t *testing.T, current bool) *eligibility.ExtractReader {
	data := "nik,status,date,pbi\n3275011203850002,resident,,\n3275014508900001,resident,,\n3275015001500005,invalid,,\n3275016001600006,resident,,\n"
	if current {
		data = "nik,status,date,pbi\n3275011203850002,died,2017-01-02,\n3275012010170003,born,2017-01-02,\n3275014508900001,moved_out,2017-01-02,\n3275015001500005,resident,,\n3275016001600006,resident,,true\n"
	}
	er, err := eligibility.NewExtractReader(strings.NewReader(data), eligibility.CSV, "walk.csv")
	require.NoError(t, err)
	return er
}

// walkBills are the bills of an episode: INA-CBG with a top-up and items,
// an insidental case, and the hospital's bill for an own-wish upgrade.
func walkBills(ep *referral.Episode) []*tariff.Episode {
	amt := decimal.NewFromInt(4000000)
	base := tariff.Episode{Facility: ep.Facility, CareType: ep.CareType, Class: ep.Class, ClassReason: ep.ClassReason, INACBG: "K-1-17-I"}
	if ep.CareType != referral.Inpatient {
		base.INACBG = "Q-5-44-0"
	}
	// The hospital's own bill: what a patient who pays as a general
	// patient (an upgrade at their wish, or a pathway not covered) pays.
	base.HospitalBill = []tariff.HospitalLine{{Description: "Tarif umum", Amount: &amt}}
	withItems := base
	withItems.TopUps = []string{"YY01"}
	withItems.Items = []tariff.Item{{Kind: "ambulance", Tier: "city"}, {Kind: "blood_bag", UnitPrice: &amt}}
	insidental := base
	insidental.Insidental = &tariff.Insidental{Services: []string{"icu"}, Lines: []tariff.HospitalLine{{Description: "ICU", Amount: &amt}}}
	out := []*tariff.Episode{&base, &insidental}
	if ep.CareType == referral.Inpatient && ep.ClassReason == "" {
		out = append(out, &withItems)
	}
	return out
}

// TestClaimCitationsInForce walks the claim adjudication and a verifier's
// month over the walk's patients and pathways on the days the instruments
// change: every reason, note, line, missing document and parameter of an
// adjudication is checked on the date of admission (the rules it is
// decided on), the timeline's month on the day the service ended and each
// of its steps on the day it is due; the month's Berita Acara, schedules,
// duties and budget on their own dates; and every citation in the
// workbook's sheets must be one of those checked.
func TestClaimCitationsInForce(t *testing.T) {
	rb := walkBook(t)
	f, err := os.Open("testdata/inacbg-synthetic.csv")
	require.NoError(t, err)
	table, err := tariff.LoadTable(f, "inacbg-synthetic.csv", "SYNTHETIC test table")
	f.Close()
	require.NoError(t, err)

	adjudicated, seen := 0, map[string]bool{}
	for _, date := range walkDates {
		on := rules.MustParseDate(date)
		checked := map[string]bool{}
		check := func(what string, ref string, d rules.Date) {
			t.Helper()
			checked[ref] = true
			if err := rb.RefInForce(ref, d); err != nil {
				t.Errorf("%s (%s, walk %s): %v", what, d, date, err)
			}
		}
		checkReasons := func(what string, rs []rules.Reason, d rules.Date) {
			t.Helper()
			for _, r := range rs {
				seen[r.Code] = true
				check(what+" "+r.Code, r.Ref, d)
			}
		}
		checkTimeline := func(what string, end rules.Date, ref string, steps claim.StepRefs, sub, ver, pay rules.Date) {
			t.Helper()
			check(what+" timeline", ref, end)
			check(what+" submission step", steps.Submission, sub)
			check(what+" verification step", steps.Verification, ver)
			check(what+" payment step", steps.Payment, pay)
		}
		v := claim.NewVerifier(rb, table)
		var x claim.Adjudicator
		n := 0
		for fname, facts := range walkFacts(on) {
			for ename, ep := range walkEpisodes(on) {
				for _, file := range walkClaimFiles(on, facts, ep) {
					n++
					what := "claim " + fname + " / " + ename + " / " + file.ID
					a, err := x.Adjudicate(file, rb.At(on), table)
					if err != nil {
						if os.Getenv("WALK_DEBUG") != "" {
							t.Logf("%s: %v", file.ID, err)
						}
						continue // a file the walk's pathway or table cannot price
					}
					va, err := v.Verify(file, n)
					require.NoError(t, err, what)
					adjudicated++
					end := file.ServiceEnd()
					for _, ad := range []*claim.Adjudication{&a, &va} {
						for _, r := range ad.Reasons {
							// The documents are checked on the rules of the
							// service's end, and so is the file's
							// incompleteness; every other ground on the
							// rules of the admission.
							d := on
							if r.Code == "incomplete" {
								d = end
							}
							seen[r.Code] = true
							check(what+" "+r.Code, r.Ref, d)
						}
						checkReasons(what+" note", ad.Notes, on)
						for _, l := range ad.Lines {
							checkReasons(fmt.Sprintf("%s line %d", what, l.Line), l.Reasons, on)
						}
						for _, d := range ad.Missing {
							check(what+" missing "+d.Code, d.Ref, end)
						}
						for _, u := range ad.Provenance.Params() {
							check(what+" parameter "+u.Path, u.Ref, on)
						}
						tl := ad.Timeline
						checkTimeline(what, end, tl.Ref, tl.Steps, tl.SubmissionDue, tl.VerificationDue, tl.PaymentDue)
					}
				}
			}
		}
		r, err := v.Report(&claim.Budget{Year: on.Year(), Amount: decimal.NewFromInt(1_000_000)})
		require.NoError(t, err)
		ba := r.BeritaAcara
		for _, rt := range ba.ByReason {
			check("berita acara reason "+rt.Code, rt.Ref, on)
		}
		if ba.DepositRef != "" {
			check("berita acara deposit", ba.DepositRef, on)
		}
		var lastEnd rules.Date
		for _, sc := range r.Schedules {
			checkTimeline("schedule "+sc.ServiceEnd.String(), sc.ServiceEnd, sc.Ref, sc.Steps, sc.SubmissionDue, sc.VerificationDue, sc.PaymentDue)
			check("berita acara", ba.Ref, sc.VerificationDue)
			if sc.ServiceEnd.After(lastEnd) {
				lastEnd = sc.ServiceEnd
			}
		}
		duties := 0
		for _, m := range ba.ServiceMonths {
			ds, err := claim.Duties(m, rb)
			require.NoError(t, err)
			mt, err := time.Parse("2006-01", m)
			require.NoError(t, err)
			last, err := rules.DateFromTime(mt.AddDate(0, 1, -1))
			require.NoError(t, err)
			for _, d := range ds {
				check("duty "+d.Code+" "+d.Period, d.Ref, last)
			}
			duties += len(ds)
		}
		require.Len(t, r.Duties, duties)
		if lastEnd.IsZero() { // no file: the budget is read at the year's end
			lastEnd = rules.MustParseDate(fmt.Sprintf("%04d-12-31", on.Year()))
		}
		if b := r.Budget; b != nil && b.Reason.Code != "budget_short_no_rule" {
			check("budget "+b.Reason.Code, b.Reason.Ref, lastEnd)
		}
		// The workbook: every citation is one of those checked.
		for _, sh := range r.Sheets() {
			col := slices.Index(sh.Rows[0], "ref")
			if col < 0 {
				continue
			}
			for _, row := range sh.Rows[1:] {
				if ref := row[col]; ref != "" && !checked[ref] {
					t.Errorf("sheet %s row %v on %s: the citation %q was not checked on its date", sh.Name, row[:3], date, ref)
				}
			}
		}
		// Before Perwal 27.A/2017 no rule sets a claim's timeline: no file
		// can be adjudicated (the document check says so).
		if !on.Before(rules.MustParseDate("2017-05-12")) {
			require.NotEmpty(t, r.Schedules, date)
		}
	}
	require.Greater(t, adjudicated, 1500, "the walk must adjudicate many files")
	for _, code := range []string{"approval_missing_dinkes_discharge", "approval_missing_dinkes_action", "duplicate_line", "total_mismatch",
		"deposit_netted", "duplicate_stay", "overlapping_stay", "duplicate_sjp", "excluded_cosmetic", "not_participant", "payable", "paid"} {
		assert.True(t, seen[code], "the walk never gave %s", code)
	}
}

// walkClaimFiles are claim files of the episode: a stay with a duplicate
// line, a stated total that does not add up, a cosmetic line and a device
// without its approval; the same without the device; and an insidental
// case without its Dinkes approvals, with a deposit and the SJP number of
// an earlier file.
func walkClaimFiles(on rules.Date, facts *eligibility.Facts, ep *referral.Episode) []*claim.File {
	membership := "card"
	if facts.Documents.DinsosLetter != nil {
		membership = "dinsos_letter"
	}
	base := func(id string) *claim.File {
		e := *ep
		e.PatientNIK = eligibility.NIK{}
		group := "K-1-17-I"
		if e.CareType != referral.Inpatient {
			group = "Q-5-44-0"
		}
		f := &claim.File{ID: id, Hospital: e.Facility, Membership: membership, Patient: *facts, Episode: e, INACBG: group,
			Principal: claim.Principal{Diagnosis: "J45.9"},
			Documents: []string{"ks_copy", "dinsos_letter", "ktp_copy", "kk_copy", "inpatient_letter", "igd_doctor_letter", "claim_letter",
				"medical_resume", "sjp_copy", "inacbg_grouping", "exam_results", "cost_breakdown"}}
		f.Episode.Diagnoses = nil
		return f
	}
	amt := func(n int64) decimal.Decimal { return decimal.NewFromInt(n) }
	plain := base("plain")
	plain.Lines = []claim.Line{
		{Date: on, Category: "room", Description: "Kamar", Amount: amt(1_500_000)},
		{Date: on, Category: "drug", Description: "Obat", Amount: amt(700_000)},
		{Date: on, Category: "drug", Description: "Obat", Amount: amt(700_000)},
		{Date: on, Category: "cosmetic", Description: "Kosmetik", Amount: amt(300_000)},
		{Date: on, Kind: claim.KindDevice, Description: "Alat di luar paket", Amount: amt(900_000)},
	}
	plain.Documents = append(plain.Documents, "medical_committee_director_approval")
	total := amt(1)
	plain.Total = &total
	// Before the Juknis no rule speaks of a device or a deposit: a file
	// without them.
	simple := base("simple")
	simple.Lines = plain.Lines[:4]
	ins := base("insidental")
	ins.Insidental = []string{"icu"}
	ins.Episode.Insidental = ins.Episode.CareType == referral.Inpatient
	ins.Episode.SJP = &referral.SJP{Number: "SJP/WALK/0001", Issued: ep.Admission}
	ins.Lines = []claim.Line{
		{Date: on, Category: "icu", Description: "ICU", Amount: amt(6_000_000), InsidentalAction: true},
		{Date: on, Category: "room", Description: "Kamar", Amount: amt(800_000)},
	}
	ins.Deposits = []claim.Deposit{{Date: on, Amount: amt(500_000)}}
	ins.Documents = append(ins.Documents, "insidental_forms_1_5", "deposit_report")
	return []*claim.File{ins, plain, simple}
}
