package simulate

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// Count is a tally of encounters and what they cost, in whole rupiah.
type Count struct {
	Encounters int64 `json:"encounters"`
	// SJP counts the encounters whose pathway is covered (Dinkes issues
	// the service guarantee).
	SJP int64 `json:"sjp"`
	// Paid counts the claims Jamkesda pays; Cost is what it pays.
	Paid int64 `json:"paid"`
	Cost int64 `json:"cost"`
	// PatientCost is what refused encounters cost the patient (or another
	// payer), and the part of paid ones Jamkesda does not pay.
	PatientCost int64 `json:"patient_cost"`
	// Unpriced counts the encounters on dates without tariff rules in
	// force (before Perwal 27.A/2017): their cost is not known.
	Unpriced int64 `json:"unpriced,omitempty"`
}

func (c *Count) add(o *Outcome) {
	c.Encounters++
	if o.Unpriced {
		c.Unpriced++
	}
	if o.SJP {
		c.SJP++
	}
	if o.Paid {
		c.Paid++
	}
	c.Cost += o.Cost
	c.PatientCost += o.PatientCost
}

func (c *Count) plus(d Count) {
	c.Encounters += d.Encounters
	c.SJP += d.SJP
	c.Paid += d.Paid
	c.Cost += d.Cost
	c.PatientCost += d.PatientCost
	c.Unpriced += d.Unpriced
}

func (c Count) minus(d Count) Count {
	return Count{c.Encounters - d.Encounters, c.SJP - d.SJP, c.Paid - d.Paid, c.Cost - d.Cost, c.PatientCost - d.PatientCost, c.Unpriced - d.Unpriced}
}

// People counts persons, not encounters: see "People" in the package
// documentation for how they are counted.
type People struct {
	// Population is every person of the synthetic world: the residents
	// and the fringe of non-residents who reach the city's desks.
	Population int64 `json:"population"`
	// Residents is the city's residents, JKN those of them in JKN (PBI or
	// non-PBI active).
	Residents int64 `json:"residents"`
	JKN       int64 `json:"jkn"`
	// Covered is the persons Jamkesda covers on 1 July of the year (the
	// eligibility decision for each person, with the documents they hold).
	Covered int64 `json:"covered"`
	// Treated is the distinct persons with at least one paid claim in the
	// year; TreatedCard those of them who hold a Kartu Sehat.
	Treated     int64 `json:"treated"`
	TreatedCard int64 `json:"treated_card"`
	// CostPerCovered and CostPerTreated are the year's Cost divided by
	// Covered and by Treated, whole rupiah (half up).
	CostPerCovered int64 `json:"cost_per_covered"`
	CostPerTreated int64 `json:"cost_per_treated"`
	// Gained and Lost, in the difference only, are the persons covered
	// under the reform and not the baseline, and the other way round.
	Gained int64 `json:"gained,omitempty"`
	Lost   int64 `json:"lost,omitempty"`
}

// minus is p - q, keeping d's Gained and Lost.
func (p People) minus(q, d People) People {
	return People{Population: p.Population - q.Population, Residents: p.Residents - q.Residents, JKN: p.JKN - q.JKN,
		Covered: p.Covered - q.Covered, Treated: p.Treated - q.Treated, TreatedCard: p.TreatedCard - q.TreatedCard,
		CostPerCovered: p.CostPerCovered - q.CostPerCovered, CostPerTreated: p.CostPerTreated - q.CostPerTreated,
		Gained: d.Gained, Lost: d.Lost}
}

// Report is one rulebook's year.
type Report struct {
	Rulebook string `json:"rulebook"`
	Revision string `json:"revision,omitempty"`
	Total    Count  `json:"total"`
	// People counts persons: covered, treated, cost per person.
	People People `json:"people"`
	// AverageCost is Cost / Paid (priced claims only), whole rupiah.
	AverageCost int64 `json:"average_cost"`
	// ByMonth is by month of admission, January first.
	ByMonth [12]Count `json:"by_month"`
	// ByService is by care: outpatient, igd, inpatient (INA-CBG) and
	// insidental (an intensive case at the hospital's own tariff).
	ByService map[string]Count `json:"by_service"`
	// ByHospital is by hospital type and ownership ("B private").
	ByHospital map[string]Count `json:"by_hospital"`
	// Refusals is by the code of the first ground of refusal.
	Refusals map[string]Count `json:"refusals"`
	// SJPByStream is the SJP issued by month for the four rows of the
	// 2017 table (ks_outpatient, ks_inpatient, dinsos_outpatient,
	// dinsos_inpatient): the calibration's measure.
	SJPByStream map[string][12]int64 `json:"sjp_by_stream"`
}

// Comparison is a year under the baseline and under the reform, with the
// difference (reform minus baseline).
type Comparison struct {
	Year       int    `json:"year"`
	Seed       uint64 `json:"seed"`
	Scale      int64  `json:"scale_permill"`
	Encounters int64  `json:"encounters"`
	World      string `json:"world"`
	Table      string `json:"inacbg_table"`
	Baseline   Report `json:"baseline"`
	Reform     Report `json:"reform"`
	Difference Report `json:"difference"`
}

// tally accumulates one worker's outcomes.
type tally struct {
	total    Count
	month    [12]Count
	service  map[string]*Count
	hospital map[string]*Count
	refusal  map[string]*Count
	sjp      [4][12]int64
}

func newTally() *tally {
	return &tally{service: map[string]*Count{}, hospital: map[string]*Count{}, refusal: map[string]*Count{}}
}

func bump(m map[string]*Count, k string, o *Outcome) {
	c := m[k]
	if c == nil {
		c = &Count{}
		m[k] = c
	}
	c.add(o)
}

func (t *tally) add(e *Encounter, o *Outcome) {
	t.total.add(o)
	t.month[e.Month-1].add(o)
	service := string(e.Episode.CareType)
	if o.Insidental {
		service = "insidental"
	}
	bump(t.service, service, o)
	bump(t.hospital, e.Hospital, o)
	if o.Reason != "" {
		bump(t.refusal, o.Reason, o)
	}
	if o.SJP && e.Stream < 4 {
		t.sjp[e.Stream][e.Month-1]++
	}
}

func (t *tally) merge(u *tally) {
	t.total.plus(u.total)
	for i := range t.month {
		t.month[i].plus(u.month[i])
	}
	for _, p := range [...][2]map[string]*Count{{t.service, u.service}, {t.hospital, u.hospital}, {t.refusal, u.refusal}} {
		for k, c := range p[1] {
			if p[0][k] == nil {
				p[0][k] = &Count{}
			}
			p[0][k].plus(*c)
		}
	}
	for s := range t.sjp {
		for m := range t.sjp[s] {
			t.sjp[s][m] += u.sjp[s][m]
		}
	}
}

func flat(m map[string]*Count) map[string]Count {
	out := make(map[string]Count, len(m))
	for k, c := range m {
		out[k] = *c
	}
	return out
}

func (t *tally) report(name, revision string) Report {
	r := Report{Rulebook: name, Revision: revision, Total: t.total, ByMonth: t.month,
		ByService: flat(t.service), ByHospital: flat(t.hospital), Refusals: flat(t.refusal),
		SJPByStream: map[string][12]int64{}}
	if priced := t.total.Paid - t.total.Unpriced; priced > 0 {
		r.AverageCost = (t.total.Cost + priced/2) / priced
	}
	for s := range t.sjp {
		r.SJPByStream[Stream(s).String()] = t.sjp[s]
	}
	return r
}

func diffMap(a, b map[string]Count) map[string]Count {
	out := map[string]Count{}
	for k, c := range b {
		out[k] = c.minus(a[k])
	}
	for k, c := range a {
		if _, ok := b[k]; !ok {
			out[k] = Count{}.minus(c)
		}
	}
	return out
}

func difference(a, b *Report) Report {
	d := Report{Rulebook: "reform - baseline", Total: b.Total.minus(a.Total), AverageCost: b.AverageCost - a.AverageCost,
		ByService: diffMap(a.ByService, b.ByService), ByHospital: diffMap(a.ByHospital, b.ByHospital),
		Refusals: diffMap(a.Refusals, b.Refusals), SJPByStream: map[string][12]int64{}}
	for m := range d.ByMonth {
		d.ByMonth[m] = b.ByMonth[m].minus(a.ByMonth[m])
	}
	for k, v := range b.SJPByStream {
		w := a.SJPByStream[k]
		for m := range v {
			v[m] -= w[m]
		}
		d.SJPByStream[k] = v
	}
	return d
}

// WriteJSON writes the comparison as indented JSON (map keys sorted, so
// the same run gives the same bytes).
func (c *Comparison) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(c)
}

// TableRow is a row of the comparison's table: a month, the year, a
// service or a hospital type, with the claims paid, the cost to Jamkesda
// and the cost to patients under the baseline and the reform, their
// differences (reform minus baseline) and their changes, in whole rupiah.
type TableRow struct {
	// Section is month, total, service or hospital; Key the month (Jan to
	// Dec), "total", the service or the hospital type.
	Section string `json:"section"`
	Key     string `json:"key"`

	BaselinePaid int64 `json:"baseline_paid"`
	ReformPaid   int64 `json:"reform_paid"`

	// The cost to Jamkesda.
	Baseline   int64  `json:"baseline_cost"`
	Reform     int64  `json:"reform_cost"`
	Difference int64  `json:"difference_cost"`
	Change     Change `json:"change_cost"`

	// The cost to patients (or another payer): refused encounters and
	// the part of paid ones Jamkesda does not pay.
	BaselinePatient   int64  `json:"baseline_patient_cost"`
	ReformPatient     int64  `json:"reform_patient_cost"`
	PatientDifference int64  `json:"difference_patient_cost"`
	PatientChange     Change `json:"change_patient_cost"`
}

// Change is a relative change, reform against baseline, in tenths of a
// percent rounded half away from zero; not Valid when the baseline is
// zero (a change from nothing has no percentage).
type Change struct {
	Tenths int64
	Valid  bool
}

// ChangeOf is the change from base to now.
func ChangeOf(base, now int64) Change {
	if base == 0 {
		return Change{}
	}
	// (now-base)*1000/|base|, half away from zero, without overflow.
	num := new(big.Int).Mul(new(big.Int).Sub(big.NewInt(now), big.NewInt(base)), big.NewInt(2000))
	den := new(big.Int).Abs(big.NewInt(base))
	half := new(big.Int).Set(den)
	if num.Sign() < 0 {
		half.Neg(half)
	}
	num.Add(num, half)
	q := num.Quo(num, den.Mul(den, big.NewInt(2)))
	if !q.IsInt64() {
		return Change{}
	}
	return Change{Tenths: q.Int64(), Valid: true}
}

// String is the change as a percentage with a sign and one decimal
// ("+12.3%", "-0.5%", "0.0%"), or "n/a".
func (c Change) String() string {
	if !c.Valid {
		return "n/a"
	}
	return c.number() + "%"
}

// number is the percentage without its sign "%": "+12.3", "" for n/a.
func (c Change) number() string {
	if !c.Valid {
		return ""
	}
	t := c.Tenths
	sign := "+"
	switch {
	case t < 0:
		sign, t = "-", -t
	case t == 0:
		sign = ""
	}
	return sign + strconv.FormatInt(t/10, 10) + "." + strconv.FormatInt(t%10, 10)
}

// MarshalJSON writes the change as a number of percent with one decimal
// (12.3), or null when there is none.
func (c Change) MarshalJSON() ([]byte, error) {
	if !c.Valid {
		return []byte("null"), nil
	}
	return []byte(strings.TrimPrefix(c.number(), "+")), nil
}

func tableRow(section, key string, x, y Count) TableRow {
	return TableRow{Section: section, Key: key, BaselinePaid: x.Paid, ReformPaid: y.Paid,
		Baseline: x.Cost, Reform: y.Cost, Difference: y.Cost - x.Cost, Change: ChangeOf(x.Cost, y.Cost),
		BaselinePatient: x.PatientCost, ReformPatient: y.PatientCost, PatientDifference: y.PatientCost - x.PatientCost,
		PatientChange: ChangeOf(x.PatientCost, y.PatientCost)}
}

// Rows returns the comparison's table: the months, January first, the
// year's total, the services and the hospital types (in order of name).
func (c *Comparison) Rows() []TableRow {
	b, r := &c.Baseline, &c.Reform
	var rows []TableRow
	for m := range 12 {
		rows = append(rows, tableRow("month", time.Month(m + 1).String()[:3], b.ByMonth[m], r.ByMonth[m]))
	}
	rows = append(rows, tableRow("total", "total", b.Total, r.Total))
	for _, k := range keys(b.ByService, r.ByService) {
		rows = append(rows, tableRow("service", k, b.ByService[k], r.ByService[k]))
	}
	for _, k := range keys(b.ByHospital, r.ByHospital) {
		rows = append(rows, tableRow("hospital", k, b.ByHospital[k], r.ByHospital[k]))
	}
	return rows
}

// tableColumns are the table's column keys (its CSV header) after the
// section and the key.
var tableColumns = []string{"baseline_paid", "reform_paid", "baseline_cost", "reform_cost", "difference_cost", "change_cost_pct",
	"baseline_patient_cost", "reform_patient_cost", "difference_patient_cost", "change_patient_cost_pct"}

// WriteTableCSV writes the comparison's table (Rows) as CSV: section,
// key, then the claims paid, the cost to Jamkesda and the cost to
// patients, baseline, reform, difference and % change (one decimal;
// empty when the baseline is zero), in whole rupiah.
func (c *Comparison) WriteTableCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(append([]string{"section", "key"}, tableColumns...)); err != nil {
		return err
	}
	i := strconv.FormatInt
	for _, t := range c.Rows() {
		if err := cw.Write([]string{t.Section, t.Key, i(t.BaselinePaid, 10), i(t.ReformPaid, 10),
			i(t.Baseline, 10), i(t.Reform, 10), i(t.Difference, 10), strings.TrimPrefix(t.Change.number(), "+"),
			i(t.BaselinePatient, 10), i(t.ReformPatient, 10), i(t.PatientDifference, 10), strings.TrimPrefix(t.PatientChange.number(), "+")}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteTable writes the comparison as text tables: by month, by service,
// by hospital type (the claims paid, the cost to Jamkesda and the cost to
// patients, baseline beside reform, with the difference and the %
// change), then by ground of refusal, the average cost and the people.
func (c *Comparison) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	b, r, d := &c.Baseline, &c.Reform, &c.Difference
	fmt.Fprintf(w, "Kota Bekasi Jamkesda, simulated year %d (seed %d): %s encounters\n", c.Year, c.Seed, group3(c.Encounters))
	fmt.Fprintf(w, "baseline: %s\nreform:   %s\n", b.Rulebook, r.Rulebook)
	fmt.Fprintf(w, "NOTE: %s.\nINA-CBG: %s.\n", c.World, c.Table)
	fmt.Fprintf(w, "Jamkesda: the cost to Jamkesda; patient: the cost to patients (refused encounters, the part Jamkesda does not pay); Rp.\n\n")
	header := "\tpaid baseline\tpaid reform\tJamkesda baseline\tJamkesda reform\tJamkesda difference\t% change" +
		"\tpatient baseline\tpatient reform\tpatient difference\t% change\t\n"
	blank := strings.Repeat("\t", 11) + "\n"
	section := ""
	for _, t := range c.Rows() {
		if t.Section != section {
			if section != "" {
				fmt.Fprint(tw, blank)
			}
			section = t.Section
			if section != "total" {
				fmt.Fprintf(tw, "%s%s", section, header)
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", t.Key, group3(t.BaselinePaid), group3(t.ReformPaid),
			group3(t.Baseline), group3(t.Reform), signed(t.Difference), t.Change,
			group3(t.BaselinePatient), group3(t.ReformPatient), signed(t.PatientDifference), t.PatientChange)
	}
	fmt.Fprint(tw, blank)
	if err := tw.Flush(); err != nil {
		return err
	}
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "refused (first ground)\tbaseline\treform\tdifference\t\n")
	for _, k := range keys(b.Refusals, r.Refusals) {
		x, y := b.Refusals[k], r.Refusals[k]
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", k, group3(x.Encounters), group3(y.Encounters), signed(y.Encounters-x.Encounters))
	}
	fmt.Fprintf(tw, "\t\t\t\t\naverage cost per paid claim (Rp)\t%s\t%s\t%s\t\n", group3(b.AverageCost), group3(r.AverageCost), signed(d.AverageCost))
	bp, rp, dp := &b.People, &r.People, &d.People
	fmt.Fprintf(tw, "\t\t\t\t\npeople (of %s, %s residents)\tbaseline\treform\tdifference\t\n", group3(bp.Population), group3(bp.Residents))
	for _, x := range [...]struct {
		label   string
		b, r, d int64
	}{
		{"covered on 1 July", bp.Covered, rp.Covered, dp.Covered},
		{"treated (a paid claim)", bp.Treated, rp.Treated, dp.Treated},
		{"  of them card holders", bp.TreatedCard, rp.TreatedCard, dp.TreatedCard},
		{"cost per person covered (Rp)", bp.CostPerCovered, rp.CostPerCovered, dp.CostPerCovered},
		{"cost per person treated (Rp)", bp.CostPerTreated, rp.CostPerTreated, dp.CostPerTreated},
	} {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t\n", x.label, group3(x.b), group3(x.r), signed(x.d))
	}
	fmt.Fprintf(tw, "gained cover under the reform\t\t\t%s\t\nlost cover under the reform\t\t\t%s\t\n", group3(dp.Gained), group3(dp.Lost))
	return tw.Flush()
}

func keys(a, b map[string]Count) []string {
	var ks []string
	for k := range a {
		ks = append(ks, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			ks = append(ks, k)
		}
	}
	slices.Sort(ks)
	return ks
}

// group3 writes n with thousands separated by commas.
func group3(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func signed(n int64) string {
	if n > 0 {
		return "+" + group3(n)
	}
	return group3(n)
}
