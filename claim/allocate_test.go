package claim

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
)

// TestAllocateNeverPaysAboveTheClaim (found by TestPropBeritaAcaraSums):
// the package is shared among the service lines in proportion to their
// claims, the last line taking the rest; when the shares before it round
// down, the rest was paid to the last line even past its claim (a line
// claiming 0 was paid 1, and claimed != payable + reduced + denied).
// What the last line cannot take goes to the lines before it.
func TestAllocateNeverPaysAboveTheClaim(t *testing.T) {
	f := stay()
	for i, rp := range []int64{2_500_000, 3_000_000, 3_500_000, 0} {
		f.Lines[i].Amount = decimal.NewFromInt(rp)
	}
	a := adjudicate(t, f)
	// 8,800,000 in proportion to 9,000,000: 2,444,444.4 -> 2,444,444;
	// 2,933,333.3 -> 2,933,333; 3,422,222.2 -> 3,422,222; the last claims
	// 0 and takes 0, so the rupiah left goes to the first line.
	got := []string{}
	for _, l := range a.Lines {
		got = append(got, l.Payable.String())
		assert.True(t, l.Claimed.Equal(l.Payable.Add(l.Reduced).Add(l.Denied)), "line %d: %s != %s + %s + %s", l.Line, l.Claimed, l.Payable, l.Reduced, l.Denied)
	}
	assert.Equal(t, []string{"2444445", "2933333", "3422222", "0"}, got)
	assert.Equal(t, "8800000", a.Amounts.Payable.String())
	assert.Equal(t, "200000", a.Amounts.Reduced.String())
}
