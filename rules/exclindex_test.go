package rules

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"
)

// slowMatches is the set ExclusionMatches must give: every exclusion in
// force on s's date matched one by one (Exclusion.Matches), bit i for the
// rulebook's i-th.
func slowMatches(s Snapshot, f *ExclusionFacts) uint64 {
	var set uint64
	for i := range s.rb.exclusions {
		if x := &s.rb.exclusions[i]; x.InForceOn(s.date) && x.Matches(f) {
			set |= 1 << i
		}
	}
	return set
}

// excCodes are the codes the fast match is checked on: every code of the
// embedded code lists and every exclusion's own patterns, each also in
// lower case, with blanks, cut short and lengthened, and random codes.
func excCodes(rb *Rulebook, r *rand.Rand) []string {
	var base []string
	for _, l := range rb.codeLists {
		for _, c := range l.Codes {
			base = append(base, c.Code)
		}
	}
	for _, x := range rb.exclusions {
		base = append(base, x.ICD10...)
		base = append(base, x.ICD9CM...)
		if e := x.Elderly; e != nil {
			base = append(base, e.ICD10...)
			base = append(base, e.ICD9CM...)
		}
	}
	var out []string
	for _, c := range base {
		out = append(out, c, strings.ToLower(c), " "+c+" ", c+"9", c+".1")
		if len(c) > 1 {
			out = append(out, c[:len(c)-1], c[:1], c[:1]+" "+c[1:])
		}
	}
	const alphabet = "ABFHKNOZ0123456789. \tabz"
	for range 1500 {
		b := make([]byte, r.IntN(8))
		for i := range b {
			b[i] = alphabet[r.IntN(len(alphabet))]
		}
		out = append(out, string(b))
	}
	out = append(out, "", strings.Repeat("Z41.1", 10)) // longer than the stack buffer
	return out
}

// The indexed exclusion match (Snapshot.ExclusionMatches) gives the same
// set as Exclusion.Matches on each exclusion in force, for every code of
// the embedded code lists and the exclusions, random codes, every
// category, both medical indications, the ages around the elderly limit
// and the dates on which the list changes.
func TestExclusionMatchesAgreesWithMatches(t *testing.T) {
	rb := Default()
	if rb.excIdx == nil {
		t.Fatal("the default rulebook has no exclusion index")
	}
	r := rand.New(rand.NewPCG(1, 2))
	codes := excCodes(rb, r)
	cats := []string{"", "unknown_category"}
	for _, x := range rb.exclusions {
		cats = append(cats, x.Categories...)
		if x.Elderly != nil {
			cats = append(cats, x.Elderly.Categories...)
		}
	}
	var dates []Date
	for _, x := range rb.exclusions {
		dates = append(dates, x.From.AddDays(-1), x.From, x.From.AddDays(1))
		if !x.Until.IsZero() {
			dates = append(dates, x.Until, x.Until.AddDays(1))
		}
		for _, ref := range x.Refs {
			dates = append(dates, ref.From)
		}
	}
	dates = append(dates, MustParseDate("2010-01-01"), MustParseDate("2019-03-01"), MustParseDate("2024-12-31"))
	slices.SortFunc(dates, Date.Compare)
	dates = slices.Compact(dates)
	ages := []int{-1, 0, 59, 60, 61}
	n, hits := 0, 0
	check := func(s Snapshot, f *ExclusionFacts) {
		t.Helper()
		got, ok := s.ExclusionMatches(f)
		if !ok {
			t.Fatal("ExclusionMatches: not ok on the default rulebook")
		}
		if want := slowMatches(s, f); got != want {
			t.Fatalf("%s: %+v: ExclusionMatches %b, Matches %b", s.Date(), *f, got, want)
		}
		n++
		if got != 0 {
			hits++
		}
	}
	for _, d := range dates {
		s := rb.At(d)
		for _, mi := range []bool{false, true} {
			for _, age := range ages {
				for _, c := range codes {
					check(s, &ExclusionFacts{ICD10: []string{c}, MedicalIndication: mi, Age: age})
					check(s, &ExclusionFacts{ICD9CM: []string{c}, MedicalIndication: mi, Age: age})
				}
				for _, c := range cats {
					check(s, &ExclusionFacts{Categories: []string{c}, MedicalIndication: mi, Age: age})
				}
				// Mixed facts: several categories and codes at once.
				for range 100 {
					f := ExclusionFacts{MedicalIndication: mi, Age: age}
					for range r.IntN(3) {
						f.Categories = append(f.Categories, cats[r.IntN(len(cats))])
					}
					for range r.IntN(3) {
						f.ICD10 = append(f.ICD10, codes[r.IntN(len(codes))])
					}
					for range r.IntN(3) {
						f.ICD9CM = append(f.ICD9CM, codes[r.IntN(len(codes))])
					}
					check(s, &f)
				}
			}
		}
	}
	if hits == 0 || hits == n {
		t.Fatalf("%d of %d facts matched: the test does not tell the two apart", hits, n)
	}
	t.Logf("%d facts, %d matching an exclusion", n, hits)
}

// A rulebook with more than 64 exclusions has no index: ExclusionMatches
// says so and the caller matches each exclusion; the zero snapshot too.
func TestExclusionMatchesWithoutIndex(t *testing.T) {
	xs := make([]Exclusion, 65)
	if buildExcIndex(xs) != nil {
		t.Fatal("an index of 65 exclusions")
	}
	if _, ok := (Snapshot{}).ExclusionMatches(&ExclusionFacts{}); ok {
		t.Fatal("the zero snapshot answered")
	}
	if (Snapshot{}).ExclusionAt(0) != nil {
		t.Fatal("the zero snapshot has an exclusion")
	}
	s := Default().At(MustParseDate("2019-03-01"))
	if x := s.ExclusionAt(2); x == nil || x.Code != Default().exclusions[2].Code {
		t.Fatalf("ExclusionAt(2) = %v", x)
	}
	if s.ExclusionAt(-1) != nil || s.ExclusionAt(len(Default().exclusions)) != nil {
		t.Fatal("ExclusionAt out of range")
	}
}

func BenchmarkExclusionMatches(b *testing.B) {
	s := Default().At(MustParseDate("2019-03-01"))
	f := ExclusionFacts{ICD10: []string{"J18.9"}, ICD9CM: []string{"96.04"}, Age: 40}
	b.ReportAllocs()
	for b.Loop() {
		if set, _ := s.ExclusionMatches(&f); set != 0 {
			b.Fatal(set)
		}
	}
}

func BenchmarkExclusionMatchesEach(b *testing.B) {
	s := Default().At(MustParseDate("2019-03-01"))
	f := ExclusionFacts{ICD10: []string{"J18.9"}, ICD9CM: []string{"96.04"}, Age: 40}
	b.ReportAllocs()
	for b.Loop() {
		for x := range s.ExclusionsInForce() {
			if x.Matches(&f) {
				b.Fatal(x.Code)
			}
		}
	}
}

// DateFromTime's fast path for UTC gives the calendar's date: around the
// Unix epoch, the bounds, leap days and random instants.
func TestDateFromTimeUTC(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	check := func(tm time.Time) {
		t.Helper()
		got, err := DateFromTime(tm)
		y, m, d := tm.Date()
		want, ok := DateOf(y, m, d)
		if !ok {
			if err == nil {
				t.Fatalf("%v: %s, want an error", tm, got)
			}
			return
		}
		if err != nil || got != want {
			t.Fatalf("%v: %s, %v; want %s", tm, got, err, want)
		}
		wib := tm.In(time.FixedZone("WIB", 7*3600))
		y, m, d = wib.Date()
		want, ok = DateOf(y, m, d)
		if g, err := DateFromTime(wib); ok && (err != nil || g != want) || !ok && err == nil {
			t.Fatalf("%v: %s, %v; want %s", wib, g, err, want)
		}
	}
	for _, s := range []string{"1970-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "1970-01-01T23:59:59Z", "1969-12-31T00:00:00Z",
		"0001-01-01T00:00:01Z", "9999-12-31T23:59:59Z", "2020-02-29T12:00:00Z", "2019-03-01T00:00:00Z", "1900-03-01T00:00:00Z"} {
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		check(tm)
	}
	check(time.Date(0, 12, 31, 23, 0, 0, 0, time.UTC))
	check(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))
	for range 100000 {
		check(time.Unix(r.Int64N(2*253402300800)-253402300800, 0).UTC())
	}
}

// The facilities' index finds every facility by its code and each alias,
// as the maps do, and nothing for codes the rulebook does not hold.
func TestFacilityIndex(t *testing.T) {
	rb := Default()
	if rb.facIdx == nil {
		t.Fatal("no facility index")
	}
	viaMaps := func(code string) *Facility {
		if f, ok := rb.facilities[code]; ok {
			return f
		}
		if c, ok := rb.aliases[code]; ok {
			return rb.facilities[c]
		}
		return nil
	}
	var codes []string
	for code, f := range rb.facilities {
		codes = append(codes, code, code+"x", code[:len(code)-1], strings.ToUpper(code))
		codes = append(codes, f.Aliases...)
	}
	codes = append(codes, "", "rsud", "puskesmas-", "\x00")
	r := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		b := make([]byte, r.IntN(16))
		for i := range b {
			b[i] = "abcdeimprsu-0123"[r.IntN(16)]
		}
		codes = append(codes, string(b))
	}
	found := 0
	for _, c := range codes {
		got, want := rb.facility(c), viaMaps(c)
		if got != want {
			t.Fatalf("%q: index %v, maps %v", c, got, want)
		}
		if got != nil {
			found++
		}
	}
	if found < len(rb.facilities) {
		t.Fatalf("%d found, %d facilities", found, len(rb.facilities))
	}
	if buildFacIndex(nil, nil) != nil {
		t.Fatal("an index of nothing")
	}
}
