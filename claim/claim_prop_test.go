package claim_test

import (
	"encoding/json"
	"slices"
	"sync"
	"testing"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/simulate"
	"github.com/kartusehat/kartusehat/tariff"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// Properties of the claim stage (issue 17, "Properties, not just
// examples"), on random valid files: 100 cases each by default
// (-rapid.checks=N for more). The files are built from the encounters of
// simulate's generator (the embedded rulebook with the synthetic world:
// its hospitals, puskesmas, code lists and documents, on a date of
// 2017-05-15..2026-12-31), the hospital's bill priced by tariff, and
// random lines, quantities, deposits and missing documents on top.

// propWorld is the embedded rulebook with the synthetic world, and the
// synthetic INA-CBG table: shared, read-only, by every case.
var propWorld = sync.OnceValues(func() (*rules.Rulebook, *tariff.Table) {
	rb, err := simulate.WithWorld(rules.Default())
	if err != nil {
		panic(err)
	}
	t, err := simulate.SyntheticTable()
	if err != nil {
		panic(err)
	}
	return rb, t
})

// claimRulesFrom is the day the claim rules (Perwal 27.A/2017) take effect.
var claimRulesFrom = rules.MustParseDate("2017-05-15")

// drawEncounter draws an encounter of a year 2017..2026 from the
// generator, on a day the claim rules are in force.
func drawEncounter(t *rapid.T, rb *rules.Rulebook) *simulate.Encounter {
	year := rapid.IntRange(2017, 2026).Draw(t, "year")
	seed := rapid.Uint64Range(1, 1<<32).Draw(t, "seed")
	g, err := simulate.NewGenerator(rb, year, seed, 1)
	if err != nil {
		t.Fatalf("NewGenerator(%d): %v", year, err)
	}
	e := new(simulate.Encounter)
	g.Fill(rapid.Int64Range(0, g.Len()-1).Draw(t, "encounter"), e)
	if e.Episode.ServiceDate().Before(claimRulesFrom) {
		t.Skip("before the claim rules")
	}
	return e
}

// serviceCategories are the categories of an ordinary bill line.
var serviceCategories = []string{"room", "drug", "lab", "procedure", "consultation"}

// drawFile builds the hospital's claim file for e: the lines of its bill
// (the INA-CBG package or, in an insidental case, its own tariff with
// Dinkes's approvals; the ambulance), then random service lines (some in
// the categories or ICD-10 codes of the exclusions in force), items paid
// outside the package with their quantities, deposits, documents left
// out, a private agreement now and then.
func drawFile(t *rapid.T, e *simulate.Encounter, s rules.Snapshot) *claim.File {
	rb, table := propWorld()
	on := e.Episode.ServiceDate()
	f := &claim.File{Hospital: e.Episode.Facility, Membership: e.Claim.Membership, Patient: e.Facts, Episode: e.Episode,
		INACBG: e.Billing.INACBG, Documents: slices.Clone(e.Claim.Documents)}
	if len(e.Episode.Diagnoses) > 0 {
		f.Principal.Diagnosis = e.Episode.Diagnoses[0]
	}
	var d eligibility.Decision
	var a referral.Assessment
	var b tariff.Bill
	if eligibility.CheckInto(&d, &e.Facts, s) != nil || referral.AssessInto(&a, &e.Episode, &d, s) != nil {
		t.Fatalf("the generator's encounter does not decide")
	}
	_ = rb
	insidental := false
	if err := tariff.PriceInto(&b, &e.Billing, &a, s, table); err == nil {
		insidental = b.Basis == "hospital_tariff"
	}
	if insidental {
		f.Insidental = e.Billing.Insidental.Services
		for _, l := range e.Billing.Insidental.Lines {
			f.Lines = append(f.Lines, claim.Line{Date: on, Category: "intensive", Description: l.Description, Amount: *l.Amount, InsidentalAction: true})
			if rapid.IntRange(0, 7).Draw(t, "approval left out") > 0 {
				f.Approvals = append(f.Approvals, claim.Approval{Kind: claim.ApprovalDinkesAction, Line: len(f.Lines), Date: on})
			}
		}
		f.Approvals = append(f.Approvals, claim.Approval{Kind: claim.ApprovalDinkesDischarge, Date: e.Claim.ServiceEnd})
	}
	for _, l := range b.Lines {
		switch l.Kind {
		case "inacbg":
			if !insidental {
				f.Lines = append(f.Lines, claim.Line{Date: on, Category: "package", Description: "paket INA-CBG " + l.Code, Amount: l.Amount()})
			}
		case "ambulance":
			f.Lines = append(f.Lines, claim.Line{Date: on, Kind: "ambulance", Code: l.Code, Description: l.Description, Amount: l.Amount()})
		case "hospital_tariff":
			if !insidental { // a pathway not covered: the hospital's own bill
				f.Lines = append(f.Lines, claim.Line{Date: on, Category: "procedure", Description: l.Description, Amount: l.Amount()})
			}
		}
	}
	if len(f.Lines) == 0 {
		f.Lines = append(f.Lines, claim.Line{Date: on, Category: "consultation", Description: "konsultasi", Amount: drawAmount(t, "consultation")})
	}
	var excCats, excICD []string
	for x := range s.ExclusionsInForce() {
		excCats = append(excCats, x.Categories...)
		excICD = append(excICD, x.ICD10...)
	}
	for i := range rapid.IntRange(0, 4).Draw(t, "service lines") {
		l := claim.Line{Date: on, Category: rapid.SampledFrom(serviceCategories).Draw(t, "category"), Description: "layanan",
			Quantity: tariff.Quantity(rapid.IntRange(0, 5).Draw(t, "quantity")), Amount: drawAmount(t, "amount")}
		if len(excCats) > 0 && rapid.IntRange(0, 4).Draw(t, "excluded category") == 0 {
			l.Category = rapid.SampledFrom(excCats).Draw(t, "exclusion category")
		}
		if len(excICD) > 0 && rapid.IntRange(0, 4).Draw(t, "excluded code") == 0 {
			l.ICD10 = rapid.SampledFrom(excICD).Draw(t, "exclusion ICD-10")
		}
		if i == 0 && rapid.IntRange(0, 5).Draw(t, "same line twice") == 0 && len(f.Lines) > 0 {
			l = f.Lines[len(f.Lines)-1]
		}
		f.Lines = append(f.Lines, l)
	}
	for range rapid.IntRange(0, 2).Draw(t, "items") {
		unit := decimal.New(rapid.Int64Range(1_000_00, 2_000_000_00).Draw(t, "unit price"), -2)
		q := rapid.IntRange(0, 4).Draw(t, "item quantity")
		l := claim.Line{Date: on, Kind: claim.KindBloodBag, Description: "labu darah", Quantity: tariff.Quantity(q), UnitPrice: &unit,
			Amount: unit.Mul(decimal.NewFromInt(int64(max(q, 1)))).Round(0)}
		f.Lines = append(f.Lines, l)
	}
	for range rapid.IntRange(0, 2).Draw(t, "deposits") {
		f.Deposits = append(f.Deposits, claim.Deposit{Date: on, Amount: drawAmount(t, "deposit")})
	}
	if len(f.Deposits) > 0 && rapid.IntRange(0, 3).Draw(t, "deposit report left out") > 0 {
		f.Documents = append(f.Documents, "deposit_report") // claims.documents.deposit_extra
	}
	if len(f.Documents) > 0 && rapid.IntRange(0, 5).Draw(t, "document left out") == 0 {
		i := rapid.IntRange(0, len(f.Documents)-1).Draw(t, "which document")
		f.Documents = slices.Delete(f.Documents, i, i+1)
	}
	f.PrivateAgreement = rapid.IntRange(0, 15).Draw(t, "private agreement") == 0
	return f
}

// drawAmount draws a whole amount of rupiah up to 20 million, often
// round.
func drawAmount(t *rapid.T, label string) decimal.Decimal {
	n := rapid.Int64Range(0, 20_000_000).Draw(t, label)
	if rapid.Bool().Draw(t, label+" round") {
		n -= n % 1000
	}
	return decimal.NewFromInt(n)
}

// checkAmounts checks one adjudication's figures: claimed = payable +
// reduced + denied, to the rupiah, for the file and for each line; the
// file's figures are its lines' sums; transfer = payable - deposit
// netted; no amount is negative or a fraction of a rupiah. A refused
// file pays nothing and names no payer: PayerNone or the pathway's payer,
// never Jamkesda.
func checkAmounts(t *rapid.T, a *claim.Adjudication, pathway referral.Payer) {
	m := a.Amounts
	for _, x := range []decimal.Decimal{m.Claimed, m.Payable, m.Reduced, m.Denied, m.DepositNetted} {
		if x.IsNegative() || !x.IsInteger() {
			t.Fatalf("%s file: amounts %+v: a negative or fractional amount", a.Verdict, m)
		}
	}
	if !m.Claimed.Equal(m.Payable.Add(m.Reduced).Add(m.Denied)) {
		b, _ := json.MarshalIndent(a.Lines, "", " ")
		t.Logf("%s", b)
		t.Fatalf("%s file: claimed %s != payable %s + reduced %s + denied %s", a.Verdict, m.Claimed, m.Payable, m.Reduced, m.Denied)
	}
	if !m.Transfer.Equal(m.Payable.Sub(m.DepositNetted)) {
		t.Fatalf("%s file: transfer %s != payable %s - deposit netted %s", a.Verdict, m.Transfer, m.Payable, m.DepositNetted)
	}
	var c, p, r, d decimal.Decimal
	for _, l := range a.Lines {
		if !l.Claimed.Equal(l.Payable.Add(l.Reduced).Add(l.Denied)) {
			t.Fatalf("line %d (%s): claimed %s != payable %s + reduced %s + denied %s", l.Line, l.Verdict, l.Claimed, l.Payable, l.Reduced, l.Denied)
		}
		c, p, r, d = c.Add(l.Claimed), p.Add(l.Payable), r.Add(l.Reduced), d.Add(l.Denied)
	}
	if !c.Equal(m.Claimed) || !p.Equal(m.Payable) || !r.Equal(m.Reduced) || !d.Equal(m.Denied) {
		t.Fatalf("%s file: amounts %+v are not its lines' sums (%s, %s, %s, %s)", a.Verdict, m, c, p, r, d)
	}
	if a.Verdict == claim.FileRefused {
		if !m.Payable.IsZero() || !m.Transfer.IsZero() {
			t.Fatalf("a refused file pays %s (transfer %s)", m.Payable, m.Transfer)
		}
		if a.Payer == referral.PayerJamkesda || a.Payer != claim.PayerNone && a.Payer != pathway {
			t.Fatalf("a refused file names the payer %q (the pathway's is %q)", a.Payer, pathway)
		}
	}
}

// pathwayPayer is the payer the pathway assessment of the file names.
func pathwayPayer(t *rapid.T, f *claim.File, s rules.Snapshot) referral.Payer {
	d, err := eligibility.Check(&f.Patient, s)
	if err != nil {
		t.Fatalf("eligibility: %v", err)
	}
	ep := f.Episode
	a, err := referral.Assess(&ep, &d, s)
	if err != nil {
		t.Fatalf("referral: %v", err)
	}
	return a.Payer
}

// TestPropAdjudicationAmounts: on every file, claimed = payable + reduced
// + denied to the rupiah (the file and each line), transfer = payable -
// deposit netted, and a refused file pays 0 and names no payer.
func TestPropAdjudicationAmounts(t *testing.T) {
	rb, table := propWorld()
	verdicts := map[claim.FileVerdict]int{}
	rapid.Check(t, func(t *rapid.T) {
		e := drawEncounter(t, rb)
		s := rb.At(e.Episode.ServiceDate())
		f := drawFile(t, e, s)
		a, err := claim.Adjudicate(f, s, table)
		if err != nil {
			b, _ := json.Marshal(f)
			t.Fatalf("a valid file is not adjudicated: %v\n%s", err, b)
		}
		verdicts[a.Verdict]++
		if a.Amounts.DepositNetted.IsPositive() {
			verdicts[a.Verdict+" with a deposit netted"]++
		}
		checkAmounts(t, &a, pathwayPayer(t, f, s))
	})
	t.Logf("verdicts drawn: %v", verdicts)
}

// TestPropBeritaAcaraSums: the Berita Acara's figures are the sums of the
// month's adjudications, duplicates refused among them: files, amounts,
// by verdict, by service, what is payable now; a line that is not a file
// counts as an error, and every line lands in exactly one count.
func TestPropBeritaAcaraSums(t *testing.T) {
	rb, table := propWorld()
	rapid.Check(t, func(t *rapid.T) {
		v := claim.NewVerifier(rb, table)
		n := rapid.IntRange(1, 8).Draw(t, "files")
		var sum claim.Amounts
		var payNow decimal.Decimal
		byVerdict := map[claim.FileVerdict]claim.Amounts{}
		files, errs := 0, 0
		add := func(x *claim.Amounts, y claim.Amounts) {
			x.Claimed, x.Payable, x.Reduced = x.Claimed.Add(y.Claimed), x.Payable.Add(y.Payable), x.Reduced.Add(y.Reduced)
			x.Denied, x.DepositNetted, x.Transfer = x.Denied.Add(y.Denied), x.DepositNetted.Add(y.DepositNetted), x.Transfer.Add(y.Transfer)
		}
		var prev *claim.File
		for i := 1; i <= n; i++ {
			var f *claim.File
			switch {
			case prev != nil && rapid.IntRange(0, 5).Draw(t, "the same file again") == 0:
				f = prev // a duplicate: the same patient, the same stay
			case rapid.IntRange(0, 9).Draw(t, "a line that is no file") == 0:
				v.Failed()
				errs++
				continue
			default:
				e := drawEncounter(t, rb)
				f = drawFile(t, e, rb.At(e.Episode.ServiceDate()))
			}
			prev = f
			a, err := v.Verify(f, i)
			if err != nil {
				t.Fatalf("file %d: %v", i, err)
			}
			files++
			checkAmounts(t, &a, pathwayPayer(t, f, rb.At(f.Episode.ServiceDate())))
			add(&sum, a.Amounts)
			x := byVerdict[a.Verdict]
			add(&x, a.Amounts)
			byVerdict[a.Verdict] = x
			if a.Verdict == claim.FilePaid || a.Verdict == claim.FilePartlyPaid {
				payNow = payNow.Add(a.Amounts.Transfer)
			}
		}
		rep, err := v.Report(nil)
		if err != nil {
			t.Fatal(err)
		}
		ba := rep.BeritaAcara
		if ba.Files != files || ba.Errors != errs || ba.Files+ba.Errors != n {
			t.Fatalf("Berita Acara: %d files and %d errors; want %d and %d of %d lines", ba.Files, ba.Errors, files, errs, n)
		}
		same := func(what string, got, want claim.Amounts) {
			if !got.Claimed.Equal(want.Claimed) || !got.Payable.Equal(want.Payable) || !got.Reduced.Equal(want.Reduced) ||
				!got.Denied.Equal(want.Denied) || !got.DepositNetted.Equal(want.DepositNetted) || !got.Transfer.Equal(want.Transfer) {
				t.Fatalf("%s: %+v; the adjudications sum to %+v", what, got, want)
			}
		}
		same("the Berita Acara's amounts", ba.Amounts, sum)
		if !ba.PayableNow.Equal(payNow) {
			t.Fatalf("payable now %s; the paid files transfer %s", ba.PayableNow, payNow)
		}
		files = 0
		for _, vt := range ba.ByVerdict {
			want := byVerdict[claim.FileVerdict(vt.Key)]
			files += vt.Files
			if !vt.Claimed.Equal(want.Claimed) || !vt.Payable.Equal(want.Payable) || !vt.Reduced.Equal(want.Reduced) || !vt.Denied.Equal(want.Denied) {
				t.Fatalf("by verdict %s: %+v; the adjudications sum to %+v", vt.Key, vt, want)
			}
		}
		if files != ba.Files {
			t.Fatalf("by verdict: %d files of %d", files, ba.Files)
		}
		var bs claim.Amounts
		files = 0
		for _, st := range ba.ByService {
			files += st.Files
			add(&bs, claim.Amounts{Claimed: st.Claimed, Payable: st.Payable, Reduced: st.Reduced, Denied: st.Denied})
		}
		sum.DepositNetted, sum.Transfer = decimal.Zero, decimal.Zero
		same("by service", bs, sum)
		if files != ba.Files {
			t.Fatalf("by service: %d files of %d", files, ba.Files)
		}
	})
}
