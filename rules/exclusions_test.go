package rules

import (
	"testing"
)

// ExclusionsInForce yields what Exclusions returns, in order, without
// copying: before Perwal 27.A/2017 there is none; from 2017-05-15 all 16.
func TestExclusionsInForce(t *testing.T) {
	rb := Default()
	for _, tc := range []struct {
		on   string
		want int
	}{{"2017-03-01", 0}, {"2017-05-14", 0}, {"2017-05-15", 16}, {"2019-03-01", 16}} {
		s := rb.At(MustParseDate(tc.on))
		var got []string
		for ex := range s.ExclusionsInForce() {
			got = append(got, ex.Code)
		}
		var want []string
		for _, ex := range s.Exclusions() {
			want = append(want, ex.Code)
		}
		if len(got) != tc.want || len(want) != tc.want {
			t.Errorf("%s: %d yielded, %d returned, want %d", tc.on, len(got), len(want), tc.want)
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%s: #%d is %s, want %s", tc.on, i, got[i], want[i])
			}
		}
	}
}
