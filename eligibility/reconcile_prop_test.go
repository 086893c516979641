package eligibility

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// TestPropReconcile: on random extracts (100 cases by default), the
// changes are exactly the model's: removed = participants before who are
// not after, added = participants after who were not before, in ascending
// order of NIK, each once; the summary's counts are the sums of what was
// emitted and the rows read.
func TestPropReconcile(t *testing.T) {
	statuses := []string{"resident", "born", "moved_in", "died", "moved_out", "invalid"}
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 40).Draw(t, "people")
		type row struct {
			in     bool
			status string
			pbi    bool
		}
		var prev, cur strings.Builder
		prev.WriteString("nik,kk,status,date,pbi\n")
		cur.WriteString("nik,kk,status,date,pbi\n")
		var wantRemoved, wantAdded []string
		prevRows, curRows, unchanged := 0, 0, 0
		draw := func(label string) row {
			return row{in: rapid.Bool().Draw(t, label+".in"), status: rapid.SampledFrom(statuses).Draw(t, label+".status"), pbi: rapid.Bool().Draw(t, label+".pbi")}
		}
		participant := func(r row) bool {
			return r.in && (r.status == "resident" || r.status == "born" || r.status == "moved_in") && !r.pbi // PBI members are excluded on 2019-02-28
		}
		for i := range n {
			// NIKs in ascending order: the serial grows with i.
			nik := fmt.Sprintf("327501450890%04d", i+1)
			p, c := draw("prev"), draw("cur")
			for _, x := range []struct {
				r    row
				b    *strings.Builder
				rows *int
			}{{p, &prev, &prevRows}, {c, &cur, &curRows}} {
				if x.r.in {
					fmt.Fprintf(x.b, "%s,3275010101170001,%s,,%v\n", nik, x.r.status, x.r.pbi)
					*x.rows++
				}
			}
			switch pp, cp := participant(p), participant(c); {
			case pp && !cp:
				wantRemoved = append(wantRemoved, nik)
			case !pp && cp:
				wantAdded = append(wantAdded, nik)
			case pp && cp:
				unchanged++
			}
		}
		var gotRemoved, gotAdded, order []string
		pr, err := NewExtractReader(strings.NewReader(prev.String()), CSV, "p.csv")
		if err != nil {
			t.Fatal(err)
		}
		cr, err := NewExtractReader(strings.NewReader(cur.String()), CSV, "c.csv")
		if err != nil {
			t.Fatal(err)
		}
		sum, err := Reconcile(context.Background(), on2019, pr, cr, func(c Change) error {
			if c.Kind == Added {
				gotAdded = append(gotAdded, c.NIK.Digits())
			} else {
				gotRemoved = append(gotRemoved, c.NIK.Digits())
			}
			if c.Ref == "" || c.Reason == "" {
				t.Fatalf("a change without its reason or citation: %+v", c)
			}
			order = append(order, c.NIK.Digits())
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(gotRemoved, wantRemoved) || !slices.Equal(gotAdded, wantAdded) {
			t.Fatalf("removed %v added %v; want removed %v added %v", gotRemoved, gotAdded, wantRemoved, wantAdded)
		}
		if !slices.IsSorted(order) || len(slices.Compact(slices.Clone(order))) != len(order) {
			t.Fatalf("changes not in ascending order of NIK, each once: %v", order)
		}
		byReason := 0
		for _, k := range sum.ByReason {
			byReason += k
		}
		if sum.Previous != prevRows || sum.Current != curRows || sum.Added != len(wantAdded) || sum.Removed != len(wantRemoved) ||
			sum.Unchanged != unchanged || byReason != sum.Added+sum.Removed {
			t.Fatalf("summary %+v; want %d and %d rows, %d added, %d removed, %d unchanged", sum, prevRows, curRows, len(wantAdded), len(wantRemoved), unchanged)
		}
	})
}
