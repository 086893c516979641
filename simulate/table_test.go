package simulate

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestChangeOf(t *testing.T) {
	for _, c := range []struct {
		base, now int64
		want      string
		tenths    int64
	}{
		{1000, 1123, "+12.3%", 123},
		{1000, 1000, "0.0%", 0},
		{1000, 995, "-0.5%", -5},
		{2000, 2001, "+0.1%", 1},  // 0.05% rounds half away from zero
		{2000, 1999, "-0.1%", -1}, // and below zero too
		{3000, 3001, "0.0%", 0},   // 0.033%
		{1000, 0, "-100.0%", -1000},
		{1, 9_000_000_000_000_000_000, "+899999999999999999900.0%", 0},
		{0, 500, "n/a", 0},
		{0, 0, "n/a", 0},
	} {
		ch := ChangeOf(c.base, c.now)
		if c.base == 1 {
			assert.False(t, ch.Valid, "too large to hold")
			continue
		}
		assert.Equal(t, c.want, ch.String(), "%d -> %d", c.base, c.now)
		assert.Equal(t, c.tenths, ch.Tenths, "%d -> %d", c.base, c.now)
	}
	b, err := json.Marshal(struct{ A, B, C Change }{ChangeOf(1000, 1123), ChangeOf(1000, 995), ChangeOf(0, 1)})
	require.NoError(t, err)
	assert.Equal(t, `{"A":12.3,"B":-0.5,"C":null}`, string(b))
}

// tableComparison is a comparison with figures set by hand: March and the
// inpatient service, one hospital type.
func tableComparison() *Comparison {
	c := &Comparison{Year: 2019, Seed: 7, Encounters: 40, World: "SYNTHETIC", Table: "synthetic"}
	c.Baseline.Rulebook, c.Reform.Rulebook = "base", "reform"
	mar := [2]Count{{Paid: 10, Cost: 50_000_000, PatientCost: 4_000_000}, {Paid: 12, Cost: 56_150_000, PatientCost: 1_000_000}}
	c.Baseline.ByMonth[2], c.Reform.ByMonth[2] = mar[0], mar[1]
	c.Reform.ByMonth[3] = Count{Paid: 1, Cost: 700_000}
	c.Baseline.Total = mar[0]
	c.Reform.Total = Count{Paid: 13, Cost: 56_850_000, PatientCost: 1_000_000}
	c.Baseline.ByService = map[string]Count{"inpatient": mar[0]}
	c.Reform.ByService = map[string]Count{"inpatient": mar[1], "outpatient": {Paid: 1, Cost: 700_000}}
	c.Baseline.ByHospital = map[string]Count{"B public": mar[0]}
	c.Reform.ByHospital = map[string]Count{"B public": c.Reform.Total}
	c.Difference = difference(&c.Baseline, &c.Reform)
	return c
}

// The table: baseline, reform, difference and % change of the cost to
// Jamkesda and of the cost to patients, month by month, for the year, by
// service and by hospital type.
func TestTableRows(t *testing.T) {
	c := tableComparison()
	rows := c.Rows()
	require.Len(t, rows, 12+1+2+1)
	assert.Equal(t, TableRow{Section: "month", Key: "Mar", BaselinePaid: 10, ReformPaid: 12,
		Baseline: 50_000_000, Reform: 56_150_000, Difference: 6_150_000, Change: Change{Tenths: 123, Valid: true},
		BaselinePatient: 4_000_000, ReformPatient: 1_000_000, PatientDifference: -3_000_000, PatientChange: Change{Tenths: -750, Valid: true}}, rows[2])
	assert.Equal(t, TableRow{Section: "month", Key: "Apr", ReformPaid: 1, Reform: 700_000, Difference: 700_000}, rows[3], "from nothing: no % change")
	assert.Equal(t, TableRow{Section: "month", Key: "Jan"}, rows[0])
	assert.Equal(t, TableRow{Section: "total", Key: "total", BaselinePaid: 10, ReformPaid: 13,
		Baseline: 50_000_000, Reform: 56_850_000, Difference: 6_850_000, Change: Change{Tenths: 137, Valid: true},
		BaselinePatient: 4_000_000, ReformPatient: 1_000_000, PatientDifference: -3_000_000, PatientChange: Change{Tenths: -750, Valid: true}}, rows[12])
	assert.Equal(t, "inpatient", rows[13].Key)
	assert.Equal(t, "outpatient", rows[14].Key)
	assert.Equal(t, "hospital", rows[15].Section)
	assert.Equal(t, "+13.7%", rows[15].Change.String())
	for _, r := range rows {
		assert.Equal(t, r.Reform-r.Baseline, r.Difference, r.Key)
		assert.Equal(t, r.ReformPatient-r.BaselinePatient, r.PatientDifference, r.Key)
	}

	var csvOut bytes.Buffer
	require.NoError(t, c.WriteTableCSV(&csvOut))
	lines := strings.Split(csvOut.String(), "\n")
	assert.Equal(t, "section,key,baseline_paid,reform_paid,baseline_cost,reform_cost,difference_cost,change_cost_pct,"+
		"baseline_patient_cost,reform_patient_cost,difference_patient_cost,change_patient_cost_pct", lines[0])
	assert.Equal(t, "month,Jan,0,0,0,0,0,,0,0,0,", lines[1])
	assert.Equal(t, "month,Mar,10,12,50000000,56150000,6150000,12.3,4000000,1000000,-3000000,-75.0", lines[3])
	assert.Equal(t, "month,Apr,0,1,0,700000,700000,,0,0,0,", lines[4])
	assert.Equal(t, "total,total,10,13,50000000,56850000,6850000,13.7,4000000,1000000,-3000000,-75.0", lines[13])
	assert.Equal(t, "service,outpatient,0,1,0,700000,700000,,0,0,0,", lines[15])

	var text bytes.Buffer
	require.NoError(t, c.WriteTable(&text))
	out := text.String()
	for _, want := range []string{
		"paid baseline  paid reform  Jamkesda baseline  Jamkesda reform  Jamkesda difference  % change  patient baseline  patient reform  patient difference  % change",
		"Mar             10           12         50,000,000       56,150,000           +6,150,000    +12.3%         4,000,000       1,000,000          -3,000,000    -75.0%",
		"Apr              0            1                  0          700,000             +700,000       n/a                 0               0                   0       n/a",
		"       total             10           13         50,000,000       56,850,000           +6,850,000    +13.7%         4,000,000       1,000,000          -3,000,000    -75.0%",
	} {
		assert.Contains(t, out, want)
	}
}
