package simulate

import (
	"bytes"
	"context"
	"math"
	"runtime"
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func run(t testing.TB, cfg Config) *Comparison {
	t.Helper()
	c, err := Run(context.Background(), cfg)
	require.NoError(t, err)
	return c
}

func jsonOf(t testing.TB, c *Comparison) []byte {
	var b bytes.Buffer
	require.NoError(t, c.WriteJSON(&b))
	require.NoError(t, c.WriteTable(&b))
	return b.Bytes()
}

func reform(t testing.TB, yaml string) *rules.Rulebook {
	t.Helper()
	rb, err := rules.Default().Overlay("reform.yaml", strings.NewReader(yaml))
	require.NoError(t, err)
	return rb
}

const referralDropped = `
rulebook: {name: "Rujukan puskesmas tidak wajib"}
parameters:
  referral:
    puskesmas_referral_required: {values: {2019-01-01: {value: false, ref: "Skenario Rujukan 2019 Ps.16(1)"}}}
instruments:
  - {id: "Skenario Rujukan 2019", level: perda, title: "Skenario simulasi (hipotetis)", in_force: 2019-01-01, ref: "Skenario Rujukan 2019"}
`

const discountB25 = `
rulebook: {name: "Diskon RS tipe B 25%"}
parameters:
  tariff:
    insidental:
      discount:
        type_b: {values: {2019-01-01: {value: 25, ref: "Skenario Diskon B 2019 Ps.1"}}}
instruments:
  - {id: "Skenario Diskon B 2019", level: perwal, title: "Skenario simulasi (hipotetis)", in_force: 2019-01-01, ref: "Skenario Diskon B 2019"}
`

// The same seed gives the same bytes on one worker and on all cores (and
// on an odd number that interleaves the chunks differently); another seed
// gives other bytes.
func TestSameSeedSameBytes(t *testing.T) {
	cfg := Config{Year: 2019, Seed: 1, Baseline: rules.Default(), Reform: reform(t, referralDropped), Scale: 40}
	if raceEnabled {
		cfg.Scale = 10
	}
	cfg.Workers = 1
	one := jsonOf(t, run(t, cfg))
	for _, w := range []int{runtime.NumCPU(), 3, 8} {
		cfg.Workers = w
		assert.Equal(t, string(one), string(jsonOf(t, run(t, cfg))), "%d workers", w)
	}
	cfg.Seed = 2
	assert.NotEqual(t, string(one), string(jsonOf(t, run(t, cfg))), "another seed")

	// The people counts too: a reform that changes who is covered.
	cfg.Seed, cfg.Reform, cfg.Workers = 1, reform(t, cityPBICovered), 1
	c := run(t, cfg)
	assert.Positive(t, c.Baseline.People.Treated)
	assert.Positive(t, c.Difference.People.Gained)
	one = jsonOf(t, c)
	for _, w := range []int{runtime.NumCPU(), 3} {
		cfg.Workers = w
		assert.Equal(t, string(one), string(jsonOf(t, run(t, cfg))), "%d workers, people", w)
	}
}

// Encounter i is the same whoever generates it and whatever was generated
// before: a shard can start anywhere.
func TestEncounterIndependentOfOrder(t *testing.T) {
	rb, err := WithWorld(rules.Default())
	require.NoError(t, err)
	g, err := NewGenerator(rb, 2019, 1, 10)
	require.NoError(t, err)
	var a, b Encounter
	g.Fill(777, &a)
	for i := int64(0); i < 50; i++ {
		g.Fill(i*97%g.Len(), &b)
	}
	g.Fill(777, &b)
	assert.Equal(t, a.Facts.Person.NIK.Digits(), b.Facts.Person.NIK.Digits())
	assert.Equal(t, a.Episode.Admission, b.Episode.Admission)
	assert.Equal(t, a.Episode.Facility, b.Episode.Facility)
	assert.Equal(t, a.Billing.INACBG, b.Billing.INACBG)
	assert.Equal(t, a.Claim.Documents, b.Claim.Documents)
}

func within(t *testing.T, what string, got, want int64, tol float64) {
	t.Helper()
	if d := math.Abs(float64(got-want)) / float64(want); d > tol {
		t.Errorf("%s: %d, want %d +- %.0f %% (off by %.1f %%)", what, got, want, tol*100, d*100)
	}
}

// The 2017 SJP the rules issue land on Jannah 2019 app. J: each row's
// year within 2 %, each month's total within 5 %, each cell of at least
// 1,000 within 5 %; for two seeds.
func TestCalibration2017(t *testing.T) {
	seeds := []uint64{1, 7}
	if raceEnabled {
		seeds = seeds[:1]
	}
	for _, seed := range seeds {
		c := run(t, Config{Year: 2017, Seed: seed, Baseline: rules.Default()})
		got := c.Baseline.SJPByStream
		var all, want int64
		for m := 0; m < 12; m++ {
			var g, w int64
			for r := 0; r < 4; r++ {
				row := Stream(r).String()
				g += got[row][m]
				w += AppendixJ[r][m]
				if AppendixJ[r][m] >= 1000 {
					within(t, row+" "+monthName(m), got[row][m], AppendixJ[r][m], 0.05)
				}
			}
			within(t, "month "+monthName(m), g, w, 0.05)
			all += g
			want += w
		}
		for r := 0; r < 4; r++ {
			var g, w int64
			for m := 0; m < 12; m++ {
				g += got[Stream(r).String()][m]
				w += AppendixJ[r][m]
			}
			within(t, "year "+Stream(r).String(), g, w, 0.02)
		}
		assert.Equal(t, int64(104_905), want, "appendix J's total")
		within(t, "year", all, want, 0.02)
		assert.Equal(t, c.Baseline.Total.SJP, all, "only the four rows get an SJP in 2017 (the JKN members have no card)")

		// People (Dakta 2018-06-08): 2.8 million residents, 1.4 million of
		// them in JKN; 26 thousand card users treated in hospitals.
		p := c.Baseline.People
		assert.Equal(t, int64(2_800_000), p.Residents)
		assert.Equal(t, int64(1_400_000), p.JKN)
		within(t, "card holders treated (a paid claim)", p.TreatedCard, 26_000, 0.05)
		// NOT a calibration: the source's Rp 1.2 million per person is not
		// met (the package documentation says why); this holds the figure
		// where the documentation says it lands.
		within(t, "cost per person treated (lands at; the source says 1,200,000)", p.CostPerTreated, 3_500_000, 0.05)
	}
}

// From 2018: about 1.3 million encounters; half the residents' arrivals
// are JKN members (1.4 of 2.8 million). A paid claim costs about
// Rp 1.2 million on average: no longer a source's target (Dakta's figure
// is per person), but the level of the synthetic amounts, held here.
func TestCalibration2019(t *testing.T) {
	scale := int64(200)
	if raceEnabled {
		scale = 50
	}
	c := run(t, Config{Year: 2019, Seed: 1, Baseline: rules.Default(), Scale: scale})
	within(t, "encounters (x1000/scale)", c.Encounters*1000/scale, 1_300_000, 0.01)
	within(t, "average cost per paid claim", c.Baseline.AverageCost, 1_200_000, 0.05)

	rb, err := WithWorld(rules.Default())
	require.NoError(t, err)
	g, err := NewGenerator(rb, 2019, 1, 1000)
	require.NoError(t, err)
	var jkn, residents int64
	var e Encounter
	step := int64(13)
	if raceEnabled {
		step = 101
	}
	for i := int64(0); i < g.Len(); i += step {
		g.Fill(i, &e)
		switch e.Stream {
		case JKNMember:
			jkn++
			residents++
		case NotParticipant:
		default:
			residents++
		}
	}
	within(t, "JKN share of residents' arrivals (per mille)", jkn*1000/residents, JKNShare, 0.02)
}

// A reform that changes only the type B discount changes only the cost of
// insidental cases at type B private hospitals: encounter by encounter,
// and in the report.
func TestTypeBDiscountOnlyTouchesTypeBPrivateInsidental(t *testing.T) {
	base, err := WithWorld(rules.Default())
	require.NoError(t, err)
	ref, err := WithWorld(reform(t, discountB25))
	require.NoError(t, err)
	table, err := SyntheticTable()
	require.NoError(t, err)
	scale := int64(150)
	if raceEnabled {
		scale = 30
	}
	g, err := NewGenerator(base, 2019, 3, scale)
	require.NoError(t, err)
	bd, rd := &Decider{Rulebook: base, Table: table}, &Decider{Rulebook: ref, Table: table}
	var e Encounter
	var bo, ro Outcome
	changed := 0
	for i := range g.Len() {
		g.Fill(i, &e)
		require.NoError(t, bd.Decide(&e, &bo))
		require.NoError(t, rd.Decide(&e, &ro))
		if e.Hospital == "B private" && bo.Insidental {
			// 25 % off the hospital's tariff instead of 20 %: 5 % of its lines
			// (the ambulance and the other items are not discounted).
			var lines int64
			for _, l := range e.Billing.Insidental.Lines {
				lines += l.Amount.IntPart()
			}
			assert.Equal(t, bo.Paid, ro.Paid)
			assert.Equal(t, bo.Reason, ro.Reason)
			if strings.HasPrefix(bo.Reason, "claim.") { // a file returned to the hospital: nobody pays yet
				assert.Equal(t, bo, ro)
				continue
			}
			assert.Equal(t, bo.Cost+bo.PatientCost-lines*5/100, ro.Cost+ro.PatientCost, "encounter %d", i)
			if bo.Paid {
				assert.Equal(t, bo.Cost-lines*5/100, ro.Cost, "encounter %d", i)
				changed++
			}
			continue
		}
		require.Equal(t, bo, ro, "encounter %d (%s, insidental %v) should not change", i, e.Hospital, bo.Insidental)
	}
	assert.Greater(t, changed, int(scale/10), "type B private insidental cases in the sample")

	c := run(t, Config{Year: 2019, Seed: 3, Baseline: rules.Default(), Reform: reform(t, discountB25), Scale: scale})
	d := c.Difference
	assert.Less(t, d.Total.Cost, int64(0))
	assert.Equal(t, d.Total.Cost, d.ByHospital["B private"].Cost)
	assert.Equal(t, d.Total.Cost, d.ByService["insidental"].Cost)
	assert.Equal(t, d.Total.PatientCost, d.ByHospital["B private"].PatientCost)
	for k, v := range d.ByHospital {
		if k != "B private" {
			assert.Zero(t, v, k)
		}
	}
	assert.Zero(t, d.Total.Paid)
}

// Dropping the puskesmas referral again pays the patients who came
// straight to the hospital, and nothing else moves the other way.
func TestReferralDropped(t *testing.T) {
	c := run(t, Config{Year: 2019, Seed: 1, Baseline: rules.Default(), Reform: reform(t, referralDropped), Scale: 40})
	b, r := c.Baseline.Refusals, c.Reform.Refusals
	assert.Greater(t, b["referral.referral_missing"].Encounters, int64(500))
	assert.Zero(t, r["referral.referral_missing"].Encounters)
	assert.Greater(t, c.Difference.Total.Paid, int64(0))
	assert.Greater(t, c.Difference.Total.Cost, int64(0))
	for m, d := range c.Difference.ByMonth {
		assert.GreaterOrEqual(t, d.Cost, int64(0), monthName(m))
	}
}

func TestRunErrors(t *testing.T) {
	_, err := Run(context.Background(), Config{Year: 2027, Baseline: rules.Default()})
	assert.ErrorIs(t, err, rules.ErrNoCalendar)
	_, err = Run(context.Background(), Config{Year: 2016, Baseline: rules.Default()})
	assert.ErrorContains(t, err, "starts in 2017")
	_, err = Run(context.Background(), Config{Year: 2019})
	assert.ErrorContains(t, err, "baseline")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = Run(ctx, Config{Year: 2019, Baseline: rules.Default()})
	assert.ErrorIs(t, err, context.Canceled)
}

func monthName(m int) string {
	return [...]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}[m]
}

// The claim stage is the claim file adjudicated line by line: what a paid
// encounter costs is the adjudication's payable amount, and for the
// files the generator builds it is the bill's Jamkesda total to the
// rupiah (the hospital claims its priced lines).
func TestClaimStageIsAdjudication(t *testing.T) {
	rb, err := WithWorld(rules.Default())
	require.NoError(t, err)
	table, err := SyntheticTable()
	require.NoError(t, err)
	g, err := NewGenerator(rb, 2019, 9, 5)
	require.NoError(t, err)
	x := &Decider{Rulebook: rb, Table: table}
	var e Encounter
	var o Outcome
	paid, insidental := 0, 0
	for i := int64(0); i < g.Len(); i++ {
		g.Fill(i, &e)
		require.NoError(t, x.Decide(&e, &o))
		if !o.Paid {
			continue
		}
		paid++
		if o.Insidental {
			insidental++
		}
		assert.Equal(t, x.b.TotalFor("jamkesda").IntPart(), o.Cost, "encounter %d", i)
		a, err := claim.Adjudicate(x.file(&e, o.Insidental), rb.At(e.Episode.ServiceDate()), table)
		require.NoError(t, err)
		assert.Equal(t, a.Amounts.Payable.IntPart(), o.Cost, "encounter %d", i)
		assert.Contains(t, []claim.FileVerdict{claim.FilePaid, claim.FilePartlyPaid}, a.Verdict)
	}
	assert.Greater(t, paid, 2000)
	assert.Greater(t, insidental, 10)
}
