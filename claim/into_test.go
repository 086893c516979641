package claim

import (
	"encoding/json"
	"testing"

	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// AdjudicateDecidedInto, one result reused from file to file (files of
// many shapes, one after another, twice), gives what AdjudicateDecided
// gives each file; an error leaves the zero result.
func TestAdjudicateDecidedInto(t *testing.T) {
	fs := files(t)
	tb := table(t)
	var x, y Adjudicator
	var r Adjudication
	n := 0
	for round := range 2 {
		for i, f := range fs {
			s := rules.Default().At(f.Episode.ServiceDate())
			if _, err := x.Adjudicate(f, s, tb); err != nil {
				continue
			}
			d, a := x.d, x.a // the decisions Adjudicate made
			d.Reasons, a.Reasons = append([]rules.Reason(nil), d.Reasons...), append([]rules.Reason(nil), a.Reasons...)
			want, werr := y.AdjudicateDecided(f, s, tb, &d, &a)
			err := x.AdjudicateDecidedInto(&r, f, s, tb, &d, &a)
			require.Equal(t, werr, err, "file %d", i)
			sameResult(t, want, r, "file %d, round %d", i, round)
			n++
		}
	}
	require.Greater(t, n, len(fs))

	f := stay()
	s := rules.Default().At(f.Episode.ServiceDate())
	require.Error(t, x.AdjudicateDecidedInto(nil, f, s, tb, &eligibility.Decision{}, &referral.Assessment{}))
	require.Error(t, x.AdjudicateDecidedInto(&r, f, s, tb, nil, nil))
	assert.Equal(t, Adjudication{}, r)
	bad := stay()
	bad.Lines[0].Date = rules.Date{}
	if err := x.AdjudicateDecidedInto(&r, bad, s, tb, &eligibility.Decision{}, &referral.Assessment{}); assert.Error(t, err) {
		assert.Equal(t, Adjudication{}, r)
	}
}

// sameResult asserts that got is want: the same JSON, the same records
// of provenance, and every other field equal (the provenance's buffers,
// reused, may differ in being empty rather than nil).
func sameResult(t *testing.T, want, got Adjudication, msgAndArgs ...any) {
	t.Helper()
	wj, err := json.Marshal(want)
	require.NoError(t, err)
	gj, err := json.Marshal(got)
	require.NoError(t, err)
	assert.JSONEq(t, string(wj), string(gj), msgAndArgs...)
	assert.Equal(t, want.Provenance.Params(), got.Provenance.Params(), msgAndArgs...)
	want.Provenance, got.Provenance = rules.Provenance{}, rules.Provenance{}
	assert.Equal(t, want, got, msgAndArgs...)
}

// Once its slices have grown, AdjudicateDecidedInto allocates nothing for
// the typical stay.
func TestAdjudicateDecidedIntoAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	f := stay()
	s := rules.Default().At(f.Episode.ServiceDate())
	tb := table(t)
	var x Adjudicator
	_, err := x.Adjudicate(f, s, tb)
	require.NoError(t, err)
	d, a := x.d, x.a
	var r Adjudication
	require.NoError(t, x.AdjudicateDecidedInto(&r, f, s, tb, &d, &a))
	require.Equal(t, FilePartlyPaid, r.Verdict)
	if n := testing.AllocsPerRun(100, func() { _ = x.AdjudicateDecidedInto(&r, f, s, tb, &d, &a) }); n > 0 {
		t.Errorf("Adjudicator.AdjudicateDecidedInto: %v allocations, want none", n)
	}
}
