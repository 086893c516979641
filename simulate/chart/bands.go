package chart

import (
	"fmt"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/kartusehat/kartusehat/simulate"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

var (
	outerBand = color.NRGBA{R: 0xdd, G: 0x84, B: 0x52, A: 0x50}
	innerBand = color.NRGBA{R: 0xdd, G: 0x84, B: 0x52, A: 0xb0}
	// medianColor marks a cell's median on its bars.
	medianColor = color.RGBA{R: 0x5a, G: 0x2a, B: 0x0e, A: 0xff}
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
	n := len(cells)
	outer := &rangeBars{lo: make([]float64, n), hi: make([]float64, n), half: 0.3, color: outerBand}
	inner := &rangeBars{lo: make([]float64, n), hi: make([]float64, n), half: 0.17, color: innerBand}
	med := make(plotter.XYs, n)
	ref, refLabel := reference(cells[0])
	hi, lo := ref, ref
	for i, cr := range cells {
		m := metric(cr)
		outer.lo[i], outer.hi[i] = bil(m.Min), bil(m.Max)
		inner.lo[i], inner.hi[i] = bil(m.P5), bil(m.P95)
		med[i] = plotter.XY{X: float64(i), Y: bil(m.Median)}
		hi = maxf(hi, bil(m.Max))
		lo = min(lo, bil(m.Min))
	}
	// The medians: a marker per cell, no line joining the cells (they
	// are categories, not points on a scale).
	points, err := plotter.NewScatter(med)
	if err != nil {
		return nil, err
	}
	points.GlyphStyle = draw.GlyphStyle{Color: medianColor, Radius: vg.Points(3), Shape: medianGlyph{}}
	bl, err := plotter.NewLine(plotter.XYs{{X: -0.5, Y: ref}, {X: float64(n) - 0.5, Y: ref}})
	if err != nil {
		return nil, err
	}
	bl.Color, bl.Dashes = baselineColor, []vg.Length{vg.Points(4), vg.Points(3)}
	grid := plotter.NewGrid()
	grid.Vertical.Color = nil // no vertical lines between categories
	p.Add(grid, outer, inner, bl, points)
	p.Legend.Add(medianLabel, points)
	p.Legend.Add("P5 - P95 of seeds", inner)
	p.Legend.Add("min - max of seeds", outer)
	p.Legend.Add(refLabel, bl)
	// Top right, above the bars: the y range keeps headroom for it.
	p.Legend.Top, p.Legend.Left = true, false
	p.Legend.XOffs, p.Legend.YOffs = -vg.Points(4), -vg.Points(4)
	names := make([]string, n)
	for i, cr := range cells {
		names[i] = shortName(cr)
	}
	p.NominalX(names...)
	p.X.Tick.Label.Rotation = math.Pi / 4
	p.X.Tick.Label.XAlign, p.X.Tick.Label.YAlign = draw.XRight, draw.YTop
	p.X.Min, p.X.Max = -0.6, float64(n)-0.4
	p.Y.Tick.Marker = thousandsTicks{}
	if hi == lo {
		hi, lo = hi+1, lo-1
	}
	p.Y.Min = lo - (hi-lo)*0.1
	p.Y.Max = hi + (hi-p.Y.Min)*0.75
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

// shortName is a cell's name for a tick label: its grid name, cut to
// maxTickLabel runes, or its index when it has none.
func shortName(cr *simulate.CellResult) string {
	name := strings.TrimSpace(cr.Name)
	if name == "" {
		return strconv.Itoa(cr.Cell)
	}
	if r := []rune(name); len(r) > maxTickLabel {
		name = string(r[:maxTickLabel-1]) + "…"
	}
	return name
}

const maxTickLabel = 36

// rangeBars draws, per cell i at x = i, a filled bar from lo[i] to hi[i],
// half wide (in x units) either side.
type rangeBars struct {
	lo, hi []float64
	half   float64
	color  color.Color
}

func (b *rangeBars) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for i := range b.lo {
		x0, x1 := trX(float64(i)-b.half), trX(float64(i)+b.half)
		y0, y1 := trY(b.lo[i]), trY(b.hi[i])
		if y1-y0 < vg.Points(1) { // a spread of nothing still shows
			mid := (y0 + y1) / 2
			y0, y1 = mid-vg.Points(0.5), mid+vg.Points(0.5)
		}
		pts := []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}
		c.FillPolygon(b.color, c.ClipPolygonXY(pts))
	}
}

func (b *rangeBars) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, xmax = -b.half, float64(len(b.lo)-1)+b.half
	ymin, ymax = math.Inf(1), math.Inf(-1)
	for i := range b.lo {
		ymin, ymax = min(ymin, b.lo[i]), max(ymax, b.hi[i])
	}
	return xmin, xmax, ymin, ymax
}

func (b *rangeBars) Thumbnail(c *draw.Canvas) {
	r := c.Rectangle
	pts := []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}}
	c.FillPolygon(b.color, c.ClipPolygonY(pts))
}

// medianGlyph is a median's marker: a bold horizontal stroke across the
// bar with a dot at its centre.
type medianGlyph struct{}

func (medianGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	w := sty.Radius * 3
	c.StrokeLine2(draw.LineStyle{Color: sty.Color, Width: vg.Points(2)}, pt.X-w, pt.Y, pt.X+w, pt.Y)
	draw.CircleGlyph{}.DrawGlyph(c, sty, pt)
}

// thousandsTicks are the default ticks labelled with thousands separated
// by commas and as many decimals as the step between ticks needs.
type thousandsTicks struct{}

func (thousandsTicks) Ticks(lo, hi float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(lo, hi)
	step := math.Inf(1)
	prev := math.NaN()
	for _, t := range ticks {
		if t.Label == "" {
			continue
		}
		if !math.IsNaN(prev) {
			step = min(step, t.Value-prev)
		}
		prev = t.Value
	}
	decimals := 0
	if step > 0 && !math.IsInf(step, 1) && step < 1 {
		decimals = int(math.Ceil(-math.Log10(step) - 1e-9))
	}
	for i := range ticks {
		if ticks[i].Label != "" {
			ticks[i].Label = groupThousands(ticks[i].Value, decimals)
		}
	}
	return ticks
}

// groupThousands formats v with decimals places and commas between
// thousands: 12345.6 -> "12,345.6".
func groupThousands(v float64, decimals int) string {
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	if neg && strings.Trim(b.String(), "0.,") != "" {
		return "-" + b.String()
	}
	return b.String()
}
