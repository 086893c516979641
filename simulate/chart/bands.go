package chart

import (
	"fmt"
	"image/color"
	"os"
	"path/filepath"

	"github.com/kartusehat/kartusehat/simulate"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

var (
	outerBand = color.NRGBA{R: 0xdd, G: 0x84, B: 0x52, A: 0x38}
	innerBand = color.NRGBA{R: 0xdd, G: 0x84, B: 0x52, A: 0x80}
)

// Bands returns the chart of a sweep's year: for each cell (in grid
// order, along the x axis), the median cost to Jamkesda as a line with
// points, the seeds' P5-P95 band around it and the min-max band lighter
// still, and the baseline's median cost as a dashed line; in billion
// rupiah (floats only for drawing). The y axis does not start at zero.
func Bands(r *simulate.SweepResult, year int) (*plot.Plot, error) {
	var cells []*simulate.CellResult
	for i := range r.Cells {
		if r.Cells[i].Year == year {
			cells = append(cells, &r.Cells[i])
		}
	}
	if len(cells) == 0 {
		return nil, fmt.Errorf("chart: the sweep has no cell in %d", year)
	}
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Jamkesda Kota Bekasi %d: biaya per sel / cost per cell, %d seeds (simulated, SYNTHETIC tariff)", year, r.Seeds)
	p.Y.Label.Text = "Rp miliar (billion)"
	p.X.Label.Text = "cell (band: the seeds' spread, the synthetic world's randomness only)"
	bil := func(v int64) float64 { return float64(v) / 1e9 }
	band := func(lo, hi func(*simulate.CellResult) int64, c color.Color) (*plotter.Polygon, error) {
		pts := make(plotter.XYs, 0, 2*len(cells))
		for i, cr := range cells {
			pts = append(pts, plotter.XY{X: float64(i), Y: bil(hi(cr))})
		}
		for i := len(cells) - 1; i >= 0; i-- {
			pts = append(pts, plotter.XY{X: float64(i), Y: bil(lo(cells[i]))})
		}
		if len(cells) == 1 { // a band of one cell: a small box
			pts = plotter.XYs{{X: -0.2, Y: pts[0].Y}, {X: 0.2, Y: pts[0].Y}, {X: 0.2, Y: pts[1].Y}, {X: -0.2, Y: pts[1].Y}}
		}
		poly, err := plotter.NewPolygon(pts)
		if err != nil {
			return nil, err
		}
		poly.Color, poly.LineStyle.Width = c, 0
		return poly, nil
	}
	outer, err := band(func(c *simulate.CellResult) int64 { return c.Cost.Min }, func(c *simulate.CellResult) int64 { return c.Cost.Max }, outerBand)
	if err != nil {
		return nil, err
	}
	inner, err := band(func(c *simulate.CellResult) int64 { return c.Cost.P5 }, func(c *simulate.CellResult) int64 { return c.Cost.P95 }, innerBand)
	if err != nil {
		return nil, err
	}
	med := make(plotter.XYs, len(cells))
	base := make(plotter.XYs, 2)
	hi, lo := 0.0, bil(cells[0].BaselineCost.Median)
	for i, cr := range cells {
		med[i] = plotter.XY{X: float64(i), Y: bil(cr.Cost.Median)}
		hi = maxf(hi, maxf(bil(cr.Cost.Max), bil(cr.BaselineCost.Max)))
		lo = min(lo, bil(cr.Cost.Min))
	}
	base[0] = plotter.XY{X: -0.5, Y: bil(cells[0].BaselineCost.Median)}
	base[1] = plotter.XY{X: float64(len(cells)) - 0.5, Y: base[0].Y}
	line, points, err := plotter.NewLinePoints(med)
	if err != nil {
		return nil, err
	}
	line.Color, points.Color = reformColor, reformColor
	points.Shape = draw.CircleGlyph{}
	bl, err := plotter.NewLine(base)
	if err != nil {
		return nil, err
	}
	bl.Color, bl.Dashes = baselineColor, []vg.Length{vg.Points(4), vg.Points(3)}
	p.Add(outer, inner, line, points, bl, plotter.NewGrid())
	p.Legend.Add("median cost", line, points)
	p.Legend.Add("P5 - P95 of seeds", inner)
	p.Legend.Add("min - max of seeds", outer)
	p.Legend.Add("baseline median: "+r.Baseline, bl)
	p.Legend.Top, p.Legend.Left = true, true
	names := make([]string, len(cells))
	for i, cr := range cells {
		names[i] = fmt.Sprint(cr.Cell)
	}
	p.NominalX(names...)
	p.X.Min, p.X.Max = -0.6, float64(len(cells))-0.4
	// The axis starts near the lowest cost, not at zero: the cells differ
	// by a few per cent. The legend needs room above.
	p.Y.Min = lo - (hi-lo)*0.1
	p.Y.Max = hi + (hi-p.Y.Min)*0.6
	return p, nil
}

// WriteBandFiles writes the band chart of each year of the sweep to
// prefix-YEAR.svg and prefix-YEAR.png and returns their paths. The
// directory must exist.
func WriteBandFiles(r *simulate.SweepResult, prefix string) ([]string, error) {
	if err := parentExists(prefix); err != nil {
		return nil, err
	}
	var paths []string
	for _, y := range r.Years {
		p, err := Bands(r, y)
		if err != nil {
			return paths, err
		}
		for _, format := range []string{"svg", "png"} {
			path := fmt.Sprintf("%s-%d.%s", prefix, y, format)
			if err := save(p, format, path); err != nil {
				return paths, err
			}
			paths = append(paths, path)
		}
	}
	return paths, nil
}

func save(p *plot.Plot, format, path string) error {
	wt, err := p.WriterTo(Width, Height, format)
	if err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	_, err = wt.WriteTo(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("chart: %s: %w", path, err)
	}
	return nil
}

// parentExists refuses a prefix whose directory does not exist: a chart
// is not written into directories made up on the way.
func parentExists(prefix string) error {
	dir := filepath.Dir(prefix)
	st, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("chart: the directory %s does not exist: create it first", dir)
	}
	if !st.IsDir() {
		return fmt.Errorf("chart: %s is not a directory", dir)
	}
	return nil
}
