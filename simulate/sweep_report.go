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

// Ranked returns the indices of r.Cells ranked "by cost for the same
// coverage": by year; then in groups of equal median people covered
// (most covered first); within a group by median cost (cheapest first),
// then by median SJP (most encounters covered first), then by cell. The
// cells of a group cover the same number of people (in the median seed),
// so their order answers which of them covers those people for the least
// money; a group that covers more people comes before one that covers
// fewer, whatever it costs (compare their cost per person covered, a
// column of the table, across groups).
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
		case x.PeopleCovered.Median != y.PeopleCovered.Median:
			return cmpInt64(y.PeopleCovered.Median, x.PeopleCovered.Median)
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
	for _, f := range []string{"cost", "difference", "patient_cost", "baseline_cost", "sjp", "paid", "people_covered", "people_gained", "people_lost", "cost_per_covered"} {
		for _, s := range []string{"min", "p5", "median", "p95", "max"} {
			h = append(h, f+"_"+s)
		}
	}
	return h
}()

// WriteCSV writes the ranked table as CSV: per cell and year, the spread
// of each figure (Ranked: by cost for the same coverage).
func (r *SweepResult) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for rank, i := range r.Ranked() {
		c := &r.Cells[i]
		row := []string{strconv.Itoa(rank + 1), strconv.Itoa(c.Year), strconv.Itoa(c.Cell), c.Name, strconv.Itoa(len(c.Runs))}
		for _, s := range []*Spread{&c.Cost, &c.Difference, &c.PatientCost, &c.BaselineCost, &c.SJP, &c.Paid,
			&c.PeopleCovered, &c.PeopleGained, &c.PeopleLost, &c.CostPerCovered} {
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

// WriteTable writes the ranked table as text (Ranked: by cost for the
// same coverage): per cell and year, the median people covered with its
// P5-P95 band, the median people who gain and lose cover, the median cost
// with its P5-P95 band, the median cost per person covered, difference
// and patient cost, and the encounters covered; then what the spread
// captures.
func (r *SweepResult) WriteTable(w io.Writer) error {
	fmt.Fprintf(w, "Kota Bekasi Jamkesda, sweep %q: %d cells x %d seeds x %d years at %d per mille, %s encounters decided\n",
		r.Grid, len(r.Cells)/max(len(r.Years), 1), r.Seeds, len(r.Years), r.Scale, group3(r.Encounters))
	fmt.Fprintf(w, "baseline: %s\nNOTE: %s.\nINA-CBG: %s.\n\n", r.Baseline, r.World, r.Table)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "rank\tyear\tcell\tpeople covered median\tP5 - P95\tgained\tlost\tcost median (Rp)\tP5 - P95 (Rp)\tper person covered (Rp)\tdifference median (Rp)\tpatient cost median (Rp)\tSJP median\t\n")
	for rank, i := range r.Ranked() {
		c := &r.Cells[i]
		fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s - %s\t%s\t%s\t%s\t%s - %s\t%s\t%s\t%s\t%s\t\n", rank+1, c.Year, c.Name,
			group3(c.PeopleCovered.Median), group3(c.PeopleCovered.P5), group3(c.PeopleCovered.P95),
			group3(c.PeopleGained.Median), group3(c.PeopleLost.Median),
			group3(c.Cost.Median), group3(c.Cost.P5), group3(c.Cost.P95), group3(c.CostPerCovered.Median),
			signed(c.Difference.Median), group3(c.PatientCost.Median), group3(c.SJP.Median))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\nRanked by cost for the same coverage: cells in groups of equal median people covered (most first), "+
		"each group cheapest first (median cost); across groups compare the cost per person covered.\n%s\n", r.Spread)
	return err
}
