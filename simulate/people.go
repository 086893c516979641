package simulate

import (
	"math/bits"
	"sync/atomic"
	"time"

	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/rules"
)

// The synthetic world's people. Person p is generated on the fly from
// (seed, p) by its own counter-based stream, and its household's facts
// from (seed, household), so a person has the same facts in every
// encounter, on every worker, and in the per-person pass; nothing about
// the population is stored.
//
// The population is laid out in contiguous ranges of person numbers, one
// per category (JKN members, Kartu Sehat holders, Dinsos's poor list,
// the other residents, and a fringe of people who are not residents):
// an encounter of a stream draws its person from its category's range.
// The numbering carries no meaning beyond that; every fact inside a range
// is drawn from the streams.

// Population sizes of the city (scale 1000), in persons. See the package
// documentation for their sources.
const (
	// CardHolders is the Kartu Sehat holders, "sekitar 140 kepesertaan
	// KS" (Dakta 2018-06-08), read as 140 thousand.
	CardHolders = 140_000
	// DinsosPoor is the residents on Dinsos's list of the poor, "26 ribu
	// penduduk" (Jannah 2019 app. B).
	DinsosPoor = 26_000
	// Fringe is the people who reach the city's desks but are not its
	// residents: a KK of another city or regency, not in the registry, or
	// moved out before the year (an assumption; no source gives it).
	Fringe = 100_000
)

// The people's rates, per mille (assumptions: no source gives them).
const (
	deathPermill       = 6   // residents who die during the year
	movePermill        = 10  // residents who move out of the city during the year
	frequentPermill    = 85  // of a range, the frequent users (chronic care)
	frequentUsePermill = 800 // of a range's encounters, those of its frequent users
)

// category is a person's place in the population.
type category uint8

const (
	catJKN          category = iota // residents in JKN: PBI or non-PBI active
	catCard                         // residents holding a Kartu Sehat (some inactive JKN members)
	catDinsos                       // residents on Dinsos's poor list
	catOther                        // other residents: no JKN, no card
	catOutside                      // a KK of Kabupaten Bekasi
	catUnregistered                 // not in the city's registry
	catMovedBefore                  // moved out of the city before the year
	nCategories
)

// fringe split, per mille of Fringe.
var fringePermill = [3]int64{400, 300, 300}

// population is the layout of the person numbers: range c is
// [start[c], start[c+1]).
type population struct {
	start [nCategories + 1]int64
}

// block is the number of person numbers two households share: a block
// of seven is cut in two at a point drawn from the block's stream, so a
// KK holds one to six persons, 3.5 on average.
const block = 7

func roundBlock(n int64) int64 { return max(block, (n+block-1)/block*block) }

func newPopulation(scale int64) population {
	var sizes [nCategories]int64
	per := func(n int64) int64 { return roundBlock((n*scale + 500) / 1000) }
	jkn := int64(Residents * JKNShare / 1000)
	sizes[catJKN] = per(jkn)
	sizes[catCard] = per(CardHolders)
	sizes[catDinsos] = per(DinsosPoor)
	sizes[catOther] = max(block, per(Residents)-sizes[catJKN]-sizes[catCard]-sizes[catDinsos])
	for i, p := range fringePermill {
		sizes[catOutside+category(i)] = per(Fringe * p / 1000)
	}
	var pop population
	for c := range sizes {
		pop.start[c+1] = pop.start[c] + sizes[c]
	}
	return pop
}

func (p *population) total() int64 { return p.start[nCategories] }

func (p *population) residents() int64 { return p.start[catOutside] }

func (p *population) category(i int64) category {
	c := category(0)
	for c+1 < nCategories && i >= p.start[c+1] {
		c++
	}
	return c
}

// person is one person's facts. Days are days of the simulated year
// (1 = 1 January); 0 means never.
type person struct {
	index, household int64
	cat              category
	kec              int
	age              int
	birthMonth       int
	birthDay         int
	female           bool
	jkn              eligibility.JKNStatus
	payer            string // PBI payer
	payerCode        uint8
	registry         eligibility.RegistryStatus
	movedDay         int // moves out of the city on this day
	diedDay          int // dies on this day
	ektpMissing      bool
}

// payerCodes are the PBI payers by code (0: not PBI), pbiPayers the
// payer codes a PBI household draws from (three in five central).
var (
	payerCodes = [...]string{"", "central", "provincial", "city"}
	pbiPayers  = [...]uint8{1, 1, 1, 2, 3}
)

// field draws a number in [0, n) from the low 21 bits of *v and shifts
// them out: three draws from one 64-bit word (the bias, n/2^21, is below
// 0.05 % for the n used here).
func field(v *uint64, n int) int {
	x := int((*v & (1<<21 - 1) * uint64(n)) >> 21)
	*v >>= 21
	return x
}

// households holds the facts of the two KK of a block.
type households struct {
	cut      int64 // persons of the block before the cut are in the first KK
	kec      int
	payer    [2]uint8 // PBI payer code, 0 if the KK is not PBI
	inactive [2]bool  // an inactive JKN membership (card holders)
}

// households generates the KK of block b from (seed, b).
func (g *Generator) households(b int64) (h households) {
	s := newStream(g.seed, 3, uint64(b))
	v := s.next()
	h.cut = int64(1 + field(&v, block-1))
	h.kec = 1 + field(&v, 12)
	for k := range 2 {
		w := s.next()
		if field(&w, 1000) < pbiPermill {
			h.payer[k] = pbiPayers[field(&w, len(pbiPayers))]
		} else {
			field(&w, len(pbiPayers))
		}
		h.inactive[k] = field(&w, 1000) < inactiveJKNPermill
	}
	return h
}

// person generates person i.
func (g *Generator) person(i int64, pp *person) {
	r := newStream(g.seed, 2, uint64(i))
	g.personOf(i, g.pop.category(i), g.households(i/block), r.s, pp)
	v := r.next() // age, birth month and day, sex
	pp.age = field(&v, 80)
	pp.birthMonth, pp.birthDay = 1+field(&v, 12), 1+field(&v, 28)
	pp.female = v&1 == 1
}

// personOf fills what the per-person pass reads of person i of category
// c in the block whose KK are h, from the state s of the person's stream:
// everything but age, birth date and sex.
func (g *Generator) personOf(i int64, c category, h households, s uint64, pp *person) {
	k := 0
	if i%block >= h.cut {
		k = 1
	}
	*pp = person{index: i, household: 2*(i/block) + int64(k), cat: c, kec: h.kec,
		registry: eligibility.Living, jkn: eligibility.JKNNone}
	switch c {
	case catJKN:
		pp.jkn = eligibility.JKNNonPBIActive
		if h.payer[k] != 0 {
			pp.jkn, pp.payerCode = eligibility.JKNPBI, h.payer[k]
			pp.payer = payerCodes[h.payer[k]]
		}
	case catCard:
		if h.inactive[k] {
			pp.jkn = eligibility.JKNNonPBIInactive
		}
	case catUnregistered:
		pp.registry = eligibility.NotRegistered
	case catMovedBefore:
		pp.registry = eligibility.MovedOut
	}
	// The person's second word: the e-KTP, a death or a move and its day.
	w := mix64(s + golden + golden)
	// Only card holders show an e-KTP at the desk that may not be
	// recorded: the Dinsos letter stands on its own.
	pp.ektpMissing = field(&w, 1000) < ektpMissingPermill && c == catCard
	if c < catOutside {
		x, day := field(&w, 1000), 1+field(&w, 365)
		switch {
		case x < deathPermill:
			pp.diedDay = day
		case x < deathPermill+movePermill:
			pp.movedDay = day
		}
	}
}

// draw returns a person number of category c for an encounter: a
// frequent user (the first frequentPermill of the range) for
// frequentUsePermill of the encounters, anyone in the range otherwise.
func (g *Generator) draw(c category, r *stream) int64 {
	start, n := g.pop.start[c], g.pop.start[c+1]-g.pop.start[c]
	if r.chance(frequentUsePermill * 1000) {
		n = max(1, n*frequentPermill/1000)
	}
	return start + int64(r.intn(int(n)))
}

// registryOn is the person's registry entry on day (of the year).
func (pp *person) registryOn(year, day int) eligibility.Registry {
	switch {
	case pp.registry == eligibility.MovedOut:
		return eligibility.Registry{Status: eligibility.MovedOut, Date: rules.MustDate(year-1, 12, 1)}
	case pp.diedDay > 0 && day >= pp.diedDay:
		return eligibility.Registry{Status: eligibility.Died, Date: dayDate(year, pp.diedDay)}
	case pp.movedDay > 0 && day >= pp.movedDay:
		return eligibility.Registry{Status: eligibility.MovedOut, Date: dayDate(year, pp.movedDay)}
	}
	return eligibility.Registry{Status: pp.registry}
}

func dayDate(year, day int) rules.Date {
	return rules.MustDate(year, 1, 1).AddDays(day - 1)
}

// referenceDay is the day of the year on which each person's cover is
// decided: 1 July.
func referenceDay(year int) int { return time.Date(year, 7, 1, 0, 0, 0, 0, time.UTC).YearDay() }

// signature is what of a person the eligibility decision on the
// reference date reads: the category (card, letter, KK city), the JKN
// status and payer, the registry status and whether the e-KTP is
// recorded. Every person with the same signature gets the same decision,
// so the per-person pass counts signatures and decides each once.
type signature uint16

const nSignatures = 1 << 10

var registryCodes = [...]eligibility.RegistryStatus{eligibility.Living, eligibility.MovedOut, eligibility.Died, eligibility.NotRegistered}
var jknCodes = [...]eligibility.JKNStatus{eligibility.JKNNone, eligibility.JKNPBI, eligibility.JKNNonPBIActive, eligibility.JKNNonPBIInactive}

// signature returns the person's signature on day (of the year).
func (pp *person) signature(day int) signature {
	s := signature(pp.cat)
	var j signature
	switch pp.jkn {
	case eligibility.JKNPBI:
		j = 1
	case eligibility.JKNNonPBIActive:
		j = 2
	case eligibility.JKNNonPBIInactive:
		j = 3
	}
	s = s<<2 | j
	s = s<<2 | signature(pp.payerCode)
	var reg signature
	switch {
	case pp.registry == eligibility.MovedOut:
		reg = 1
	case pp.registry == eligibility.NotRegistered:
		reg = 3
	case pp.diedDay > 0 && day >= pp.diedDay:
		reg = 2
	case pp.movedDay > 0 && day >= pp.movedDay:
		reg = 1
	}
	s = s<<2 | reg
	s <<= 1
	if pp.ektpMissing {
		s |= 1
	}
	return s
}

// peopleTally is one worker's per-person pass: persons by signature, and
// residents in JKN.
type peopleTally struct {
	bySignature [nSignatures]int64
	jkn         int64
}

// countPeople counts the persons of [from, to) by signature on the
// reference day, a block's KK generated once.
func (g *Generator) countPeople(from, to int64, t *peopleTally) {
	day := referenceDay(g.plan.year)
	var pp person
	var h households
	for i := from; i < to; i++ {
		if i == from || i%block == 0 {
			h = g.households(i / block)
		}
		c := g.pop.category(i)
		g.personOf(i, c, h, newStream(g.seed, 2, uint64(i)).s, &pp)
		if c == catJKN {
			t.jkn++
		}
		t.bySignature[pp.signature(day)]++
	}
}

// covers decides whether Jamkesda covers a person of signature s on the
// reference date under rb: the facts are a representative person's with
// the signature's values (the decision reads nothing else of them).
func (g *Generator) covers(s signature, rb *rules.Rulebook, d *eligibility.Decision) (bool, error) {
	year := g.plan.year
	on := dayDate(year, referenceDay(year))
	pp := person{index: 0, kec: 1, age: 30, birthMonth: 6, birthDay: 15, ektpMissing: s&1 == 1,
		registry: registryCodes[(s>>1)&3], payerCode: uint8(s>>3) & 3, jkn: jknCodes[(s>>5)&3], cat: category(s >> 7)}
	pp.payer = payerCodes[pp.payerCode]
	var e Encounter
	g.personFacts(&e, &pp, on, referenceDay(year))
	e.Facts.Person.Registry = eligibility.Registry{Status: pp.registry}
	switch pp.registry {
	case eligibility.MovedOut, eligibility.Died:
		e.Facts.Person.Registry.Date = on
	}
	if err := eligibility.CheckInto(d, &e.Facts, rb.At(on)); err != nil {
		return false, err
	}
	return d.Eligible, nil
}

// treated is a set of person numbers, one bit each, safe for concurrent
// use: the persons with at least one paid claim. Setting bits commutes,
// so the set is the same whatever the order of the workers.
type treated []atomic.Uint64

func newTreated(n int64) treated { return make(treated, (n+63)/64) }

func (t treated) set(i int64) {
	w, m := &t[i/64], uint64(1)<<(i%64)
	if w.Load()&m == 0 {
		w.Or(m)
	}
}

// count returns the number of persons in [from, to) in the set.
func (t treated) count(from, to int64) int64 {
	var n int64
	for i := from; i < to; {
		if i%64 == 0 && to-i >= 64 {
			n += int64(bits.OnesCount64(t[i/64].Load()))
			i += 64
			continue
		}
		if t[i/64].Load()&(1<<(i%64)) != 0 {
			n++
		}
		i++
	}
	return n
}
