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
	return bands(r, year, "cost", "median cost",
		func(c *simulate.CellResult) simulate.Spread { return c.Cost },
		func(c *simulate.CellResult) (float64, string) {
			return float64(c.BaselineCost.Median) / 1e9, "baseline median: " + r.Baseline
		})
}

// DifferenceBands is the chart of each cell's cost minus the baseline's,
// seed by seed, with the same bands, and zero as a dashed line. Baseline
// and reform share each seed's encounters, so this band is much
// narrower than the cost's: it is the chart to compare cells by.
func DifferenceBands(r *simulate.SweepResult, year int) (*plot.Plot, error) {
	return bands(r, year, "difference from the baseline", "median difference",
		func(c *simulate.CellResult) simulate.Spread { return c.Difference },
		func(*simulate.CellResult) (float64, string) { return 0, "no difference" })
}

func bands(r *simulate.SweepResult, year int, what, medianLabel string, metric func(*simulate.CellResult) simulate.Spread,
	reference func(*simulate.CellResult) (float64, string)) (*plot.Plot, error) {
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
	p.Title.Text = fmt.Sprintf("Jamkesda Kota Bekasi %d: %s per cell, %d seeds (simulated, SYNTHETIC tariff)", year, what, r.Seeds)
	p.Y.Label.Text = "Rp miliar (billion)"
	p.X.Label.Text = "cell (band: the seeds' spread, the synthetic world's randomness only)"
	bil := func(v int64) float64 { return float64(v) / 1e9 }
	band := func(lo, hi func(simulate.Spread) int64, c color.Color) (*plotter.Polygon, error) {
		pts := make(plotter.XYs, 0, 2*len(cells))
		for i, cr := range cells {
			pts = append(pts, plotter.XY{X: float64(i), Y: bil(hi(metric(cr)))})
		}
		for i := len(cells) - 1; i >= 0; i-- {
			pts = append(pts, plotter.XY{X: float64(i), Y: bil(lo(metric(cells[i])))})
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
	outer, err := band(func(s simulate.Spread) int64 { return s.Min }, func(s simulate.Spread) int64 { return s.Max }, outerBand)
	if err != nil {
		return nil, err
	}
	inner, err := band(func(s simulate.Spread) int64 { return s.P5 }, func(s simulate.Spread) int64 { return s.P95 }, innerBand)
	if err != nil {
		return nil, err
	}
	ref, refLabel := reference(cells[0])
	med := make(plotter.XYs, len(cells))
	hi, lo := ref, ref
	for i, cr := range cells {
		m := metric(cr)
		med[i] = plotter.XY{X: float64(i), Y: bil(m.Median)}
		hi = maxf(hi, bil(m.Max))
		lo = min(lo, bil(m.Min))
	}
	line, points, err := plotter.NewLinePoints(med)
	if err != nil {
		return nil, err
	}
	line.Color, points.Color = reformColor, reformColor
	points.Shape = draw.CircleGlyph{}
	bl, err := plotter.NewLine(plotter.XYs{{X: -0.5, Y: ref}, {X: float64(len(cells)) - 0.5, Y: ref}})
	if err != nil {
		return nil, err
	}
	bl.Color, bl.Dashes = baselineColor, []vg.Length{vg.Points(4), vg.Points(3)}
	p.Add(outer, inner, line, points, bl, plotter.NewGrid())
	p.Legend.Add(medianLabel, line, points)
	p.Legend.Add("P5 - P95 of seeds", inner)
	p.Legend.Add("min - max of seeds", outer)
	p.Legend.Add(refLabel, bl)
	p.Legend.Top, p.Legend.Left = true, true
	names := make([]string, len(cells))
	for i, cr := range cells {
		names[i] = fmt.Sprint(cr.Cell)
	}
	p.NominalX(names...)
	p.X.Min, p.X.Max = -0.6, float64(len(cells))-0.4
	// The axis spans the figures, not zero to the top: the cells differ
	// by a few per cent. The legend needs room above.
	if hi == lo {
		hi, lo = hi+1, lo-1
	}
	p.Y.Min = lo - (hi-lo)*0.1
	p.Y.Max = hi + (hi-p.Y.Min)*0.6
	return p, nil
}

// WriteBandFiles writes the band charts of each year of the sweep, the
// cost to prefix-YEAR.svg and .png and the difference from the baseline
// to prefix-YEAR-difference.svg and .png, and returns their paths. The
// directory must exist.
func WriteBandFiles(r *simulate.SweepResult, prefix string) ([]string, error) {
	if err := parentExists(prefix); err != nil {
		return nil, err
	}
	var paths []string
	for _, y := range r.Years {
		for _, c := range []struct {
			suffix string
			chart  func(*simulate.SweepResult, int) (*plot.Plot, error)
		}{{"", Bands}, {"-difference", DifferenceBands}} {
			p, err := c.chart(r, y)
			if err != nil {
				return paths, err
			}
			for _, format := range []string{"svg", "png"} {
				path := fmt.Sprintf("%s-%d%s.%s", prefix, y, c.suffix, format)
				if err := save(p, format, path); err != nil {
					return paths, err
				}
				paths = append(paths, path)
			}
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
