package simulate

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"text/tabwriter"
)

// Ranked returns the indices of r.Cells ranked by year, then by median
// cost (cheapest first), then by median coverage (most SJP first), then
// by cell: the reforms that cover the same encounters for less come
// first.
func (r *SweepResult) Ranked() []int {
	idx := make([]int, len(r.Cells))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		x, y := &r.Cells[a], &r.Cells[b]
		switch {
		case x.Year != y.Year:
			return x.Year - y.Year
		case x.Cost.Median != y.Cost.Median:
			return cmpInt64(x.Cost.Median, y.Cost.Median)
		case x.SJP.Median != y.SJP.Median:
			return cmpInt64(y.SJP.Median, x.SJP.Median)
		}
		return x.Cell - y.Cell
	})
	return idx
}

func cmpInt64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// WriteJSON writes the sweep as indented JSON.
func (r *SweepResult) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// csvHeader is the sweep CSV's header: one row per cell and year,
// ranked (Ranked), whole rupiah.
var csvHeader = func() []string {
	h := []string{"rank", "year", "cell", "name", "seeds"}
	for _, f := range []string{"cost", "difference", "patient_cost", "baseline_cost", "sjp", "paid", "people_covered"} {
		for _, s := range []string{"min", "p5", "median", "p95", "max"} {
			h = append(h, f+"_"+s)
		}
	}
	return h
}()

// WriteCSV writes the ranked table as CSV: per cell and year, the spread
// of each figure. The people_covered columns are empty until the
// simulation counts persons.
func (r *SweepResult) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for rank, i := range r.Ranked() {
		c := &r.Cells[i]
		row := []string{strconv.Itoa(rank + 1), strconv.Itoa(c.Year), strconv.Itoa(c.Cell), c.Name, strconv.Itoa(len(c.Runs))}
		for _, s := range []*Spread{&c.Cost, &c.Difference, &c.PatientCost, &c.BaselineCost, &c.SJP, &c.Paid, c.PeopleCovered} {
			if s == nil {
				row = append(row, "", "", "", "", "")
				continue
			}
			for _, v := range []int64{s.Min, s.P5, s.Median, s.P95, s.Max} {
				row = append(row, strconv.FormatInt(v, 10))
			}
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// WriteTable writes the ranked table as text: per cell and year, the
// median cost with its P5-P95 band, the median difference and patient
// cost, and the encounters covered; then what the spread captures.
func (r *SweepResult) WriteTable(w io.Writer) error {
	fmt.Fprintf(w, "Kota Bekasi Jamkesda, sweep %q: %d cells x %d seeds x %d years at %d per mille, %s encounters decided\n",
		r.Grid, len(r.Cells)/max(len(r.Years), 1), r.Seeds, len(r.Years), r.Scale, group3(r.Encounters))
	fmt.Fprintf(w, "baseline: %s\nNOTE: %s.\nINA-CBG: %s.\n\n", r.Baseline, r.World, r.Table)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "rank\tyear\tcell\tcost median (Rp)\tP5 - P95 (Rp)\tdifference median (Rp)\tpatient cost median (Rp)\tSJP median\t\n")
	for rank, i := range r.Ranked() {
		c := &r.Cells[i]
		fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s - %s\t%s\t%s\t%s\t\n", rank+1, c.Year, c.Name, group3(c.Cost.Median),
			group3(c.Cost.P5), group3(c.Cost.P95), signed(c.Difference.Median), group3(c.PatientCost.Median), group3(c.SJP.Median))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\n%s\n", r.Spread)
	return err
}
