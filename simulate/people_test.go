package simulate

import (
	"testing"

	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A reform that stops excluding the city's own PBI members (an
// illustration, not a rule of any instrument).
const cityPBICovered = `
rulebook: {name: "PBI kota ditanggung"}
parameters:
  participants:
    pbi_exclusion:
      payers: {values: {2019-01-01: {value: [central, provincial], ref: "Skenario PBI 2019 Ps.1"}}}
instruments:
  - {id: "Skenario PBI 2019", level: perwal, title: "Skenario simulasi (hipotetis)", in_force: 2019-01-01, ref: "Skenario PBI 2019"}
`

func generator(t testing.TB, year int, seed uint64, scale int64) *Generator {
	t.Helper()
	rb, err := WithWorld(rules.Default())
	require.NoError(t, err)
	g, err := NewGenerator(rb, year, seed, scale)
	require.NoError(t, err)
	return g
}

// The population's layout: 2.8 million residents, 1.4 million of them in
// JKN, 140 thousand card holders, 26 thousand on Dinsos's list, each
// range a whole number of blocks, and the fringe after the residents.
func TestPopulationLayout(t *testing.T) {
	p := newPopulation(1000)
	assert.Equal(t, int64(Residents), p.residents())
	for _, tc := range []struct {
		c    category
		want int64
	}{
		{catJKN, 1_400_000}, {catCard, 140_000}, {catDinsos, 26_005}, {catOther, 1_233_995},
		{catOutside, 40_005}, {catUnregistered, 30_002}, {catMovedBefore, 30_002},
	} {
		assert.Equal(t, tc.want, p.start[tc.c+1]-p.start[tc.c], "category %d", tc.c)
		assert.Zero(t, (p.start[tc.c+1]-p.start[tc.c])%block, "category %d is whole blocks", tc.c)
		assert.Equal(t, tc.c, p.category(p.start[tc.c]))
		assert.Equal(t, tc.c, p.category(p.start[tc.c+1]-1))
	}
	assert.Equal(t, int64(2_900_009), p.total())
	small := newPopulation(1) // every range keeps at least one block
	for c := range nCategories {
		assert.GreaterOrEqual(t, small.start[c+1]-small.start[c], int64(block))
	}
}

// Households: a block of seven numbers holds two KK of one to six
// persons; a KK shares its kecamatan and, in JKN, its PBI status.
func TestHouseholds(t *testing.T) {
	g := generator(t, 2019, 1, 1000)
	sizes := map[int64]int{}
	var pp, first person
	for i := int64(0); i < 7*2000; i++ { // JKN range
		g.person(i, &pp)
		if pp.index%block == 0 || pp.household != first.household {
			first = pp
		}
		sizes[pp.household]++
		assert.Equal(t, first.kec, pp.kec, "person %d", i)
		assert.Equal(t, first.jkn, pp.jkn, "person %d", i)
		assert.Equal(t, first.payer, pp.payer, "person %d", i)
		assert.Equal(t, i/block, pp.household/2)
	}
	hist := map[int]int{}
	for _, n := range sizes {
		hist[n]++
	}
	for n := 1; n <= 6; n++ {
		assert.Greater(t, hist[n], 100, "households of %d", n)
	}
	assert.Len(t, hist, 6, "sizes 1 to 6 only")
}

// A person has the same facts in every encounter: the NIK, the KK, the
// JKN status and the documents come from the person, not the encounter.
func TestPersonSameInEveryEncounter(t *testing.T) {
	g := generator(t, 2019, 1, 20)
	type seen struct {
		nik, kk string
		jkn     eligibility.JKN
		card    bool
		letter  bool
	}
	byPerson := map[int64]seen{}
	repeats := 0
	var e Encounter
	for i := range g.Len() {
		g.Fill(i, &e)
		s := seen{e.Facts.Person.NIK.Digits(), e.Facts.Person.KK, e.Facts.JKN, e.Facts.Documents.Card != nil, e.Facts.Documents.DinsosLetter != nil}
		if old, ok := byPerson[e.Person]; ok {
			require.Equal(t, old, s, "person %d in encounter %d", e.Person, i)
			repeats++
		}
		byPerson[e.Person] = s
		// A person's registry entry follows their move.
		var pp person
		g.person(e.Person, &pp)
		if pp.movedDay > 0 {
			doy := rules.MustDate(2019, 1, 1).DaysUntil(e.Episode.ServiceDate()) + 1
			assert.Equal(t, doy >= pp.movedDay, e.Facts.Person.Registry.Status == eligibility.MovedOut, "encounter %d", i)
		}
		assert.False(t, pp.diedDay > 0 && e.Episode.ServiceDate().After(dayDate(2019, pp.diedDay)), "encounter %d after the death", i)
	}
	assert.Greater(t, repeats, int(g.Len()/2), "frequent users come back")
}

// Treated is the number of distinct persons with a paid claim, and
// Covered, Gained and Lost are each person's cover on 1 July decided
// under each rulebook: counted here person by person, with a set and a
// loop over the population, against Run's flat counts.
func TestPeopleCounts(t *testing.T) {
	const scale = 10
	base, err := WithWorld(rules.Default())
	require.NoError(t, err)
	ref, err := WithWorld(reform(t, cityPBICovered))
	require.NoError(t, err)
	table, err := SyntheticTable()
	require.NoError(t, err)
	g, err := NewGenerator(base, 2019, 5, scale)
	require.NoError(t, err)
	bd, rd := &Decider{Rulebook: base, Table: table}, &Decider{Rulebook: ref, Table: table}
	bt, rt := map[int64]bool{}, map[int64]bool{}
	var bcost, rcost int64
	var e Encounter
	var bo, ro Outcome
	for i := range g.Len() {
		g.Fill(i, &e)
		require.NoError(t, bd.Decide(&e, &bo))
		require.NoError(t, rd.Decide(&e, &ro))
		if bo.Paid {
			bt[e.Person] = true
		}
		if ro.Paid {
			rt[e.Person] = true
		}
		bcost += bo.Cost
		rcost += ro.Cost
	}
	// Cover person by person, on the facts the person brings to the desk
	// on 1 July.
	on := rules.MustDate(2019, 7, 1)
	var covB, covR, gained, lost, cityPBI int64
	var d eligibility.Decision
	var pp person
	for i := range g.pop.total() {
		g.person(i, &pp)
		g.personFacts(&e, &pp, on, referenceDay(2019))
		require.NoError(t, eligibility.CheckInto(&d, &e.Facts, base.At(on)))
		b := d.Eligible
		require.NoError(t, eligibility.CheckInto(&d, &e.Facts, ref.At(on)))
		r := d.Eligible
		covB += b2i(b)
		covR += b2i(r)
		gained += b2i(r && !b)
		lost += b2i(b && !r)
		if pp.payer == "city" && e.Facts.Person.Registry.Status == eligibility.Living {
			cityPBI++
		}
	}
	assert.Greater(t, cityPBI, int64(100))
	assert.Equal(t, cityPBI, gained, "the city's PBI members alive and resident on 1 July gain cover")
	assert.Zero(t, lost)

	for _, w := range []int{1, 3} {
		c := run(t, Config{Year: 2019, Seed: 5, Baseline: rules.Default(), Reform: reform(t, cityPBICovered), Scale: scale, Workers: w})
		bp, rp, dp := c.Baseline.People, c.Reform.People, c.Difference.People
		assert.Equal(t, int64(len(bt)), bp.Treated, "%d workers", w)
		assert.Equal(t, int64(len(rt)), rp.Treated)
		assert.Equal(t, covB, bp.Covered)
		assert.Equal(t, covR, rp.Covered)
		assert.Equal(t, gained, dp.Gained)
		assert.Equal(t, lost, dp.Lost)
		assert.Equal(t, covR-covB, dp.Covered)
		assert.Equal(t, (bcost+covB/2)/covB, bp.CostPerCovered)
		assert.Equal(t, (rcost+int64(len(rt))/2)/int64(len(rt)), rp.CostPerTreated)
		assert.Equal(t, g.pop.total(), bp.Population)
		assert.Equal(t, int64(Residents*scale/1000), bp.Residents)
		var cards int64
		for p := range bt {
			if g.pop.category(p) == catCard {
				cards++
			}
		}
		assert.Equal(t, cards, bp.TreatedCard)
	}
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// The treated set counts each person once whatever the order, and
// counts ranges that do not start or end on a word.
func TestTreatedSet(t *testing.T) {
	s := newTreated(200)
	for _, i := range []int64{0, 1, 63, 64, 65, 127, 128, 199, 64, 0} {
		s.set(i)
	}
	assert.Equal(t, int64(8), s.count(0, 200))
	assert.Equal(t, int64(6), s.count(1, 199))
	assert.Equal(t, int64(3), s.count(63, 66))
	assert.Equal(t, int64(0), s.count(2, 63))
}
