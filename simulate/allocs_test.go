package simulate

import (
	"testing"

	"github.com/kartusehat/kartusehat/rules"
	"github.com/stretchr/testify/require"
)

// Deciding an encounter through the four packages allocates little, on
// average over a sample of the year: the claim's adjudication (its lines'
// verdicts and one array of reasons) and what the tariff's
// checks allocate.
func TestDecideAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	rb, err := WithWorld(rules.Default())
	require.NoError(t, err)
	g, err := NewGenerator(rb, 2019, 1, 10)
	require.NoError(t, err)
	table, err := SyntheticTable()
	require.NoError(t, err)
	x := &Decider{Rulebook: rb, Table: table}
	var e Encounter
	var o Outcome
	const sample = 2000
	step := max(1, g.Len()/sample)
	decide := func() {
		for i := int64(0); i < g.Len(); i += step {
			g.Fill(i, &e)
			require.NoError(t, x.Decide(&e, &o))
		}
	}
	decide() // warm the decider's caches
	n := testing.AllocsPerRun(3, decide) / float64((g.Len()+step-1)/step)
	t.Logf("%.2f allocations an encounter", n)
	if n > 3 {
		t.Errorf("%.2f allocations an encounter, want at most 3", n)
	}
}
