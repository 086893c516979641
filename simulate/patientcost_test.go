package simulate

import (
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPatientCostIsTheHospitalsBill: "Dalam hal apabila peserta menyalahi
// prosedur pelayanan kesehatan yang telah ditentukan, maka akan dikenakan
// pembiayaan kesehatan secara mandiri" (Perda 9/2018 Ps.16(4)): an
// encounter the scheme does not cover costs the patient the hospital's own
// bill as a general patient, not the INA-CBG package or the insidental
// tariff less the discount that Jamkesda would have paid.
func TestPatientCostIsTheHospitalsBill(t *testing.T) {
	rb, err := WithWorld(rules.Default())
	require.NoError(t, err)
	table, err := SyntheticTable()
	require.NoError(t, err)
	g, err := NewGenerator(rb, 2019, 2, 100)
	require.NoError(t, err)
	x := &Decider{Rulebook: rb, Table: table}
	var e Encounter
	var o Outcome
	refused := 0
	for i := range g.Len() {
		g.Fill(i, &e)
		require.NoError(t, x.Decide(&e, &o))
		if !strings.HasPrefix(o.Reason, "eligibility.") && !strings.HasPrefix(o.Reason, "referral.") {
			continue
		}
		refused++
		var bill int64
		for _, l := range e.Billing.HospitalBill {
			bill += l.Amount.IntPart()
		}
		require.Positive(t, bill)
		assert.Equal(t, bill, o.PatientCost, "encounter %d (%s)", i, o.Reason)
		assert.Zero(t, o.Cost)
	}
	require.Positive(t, refused, "the sample holds refused encounters")
	t.Logf("%d refused encounters, each costing the patient the hospital's bill", refused)
}
