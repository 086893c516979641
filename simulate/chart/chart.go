// Package chart draws a simulation's monthly cost, baseline against
// reform, with gonum.org/v1/plot: a bar per month for each rulebook and
// a line of their difference, on a rupiah axis, the legend beneath.
// It is a package of its own so that the simulation itself does not pull
// in a plotting library.
package chart

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"os"
	"strings"

	"github.com/kartusehat/kartusehat/simulate"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Size is the chart's size.
const (
	Width  = 24 * vg.Centimeter
	Height = 14 * vg.Centimeter
)

var (
	baselineColor   = color.RGBA{R: 0x4c, G: 0x72, B: 0xb0, A: 0xff}
	reformColor     = color.RGBA{R: 0xdd, G: 0x84, B: 0x52, A: 0xff}
	differenceColor = color.RGBA{R: 0x2a, G: 0x2a, B: 0x2a, A: 0xff}
)

// Series are the chart's figures, month by month, in whole rupiah: the
// cost to Jamkesda under the baseline and under the reform, and the
// difference, reform minus baseline.
type Series struct {
	Baseline, Reform, Difference [12]int64
}

// SeriesOf returns the comparison's monthly cost to Jamkesda.
func SeriesOf(c *simulate.Comparison) Series {
	var s Series
	for m := range 12 {
		s.Baseline[m] = c.Baseline.ByMonth[m].Cost
		s.Reform[m] = c.Reform.ByMonth[m].Cost
		s.Difference[m] = s.Reform[m] - s.Baseline[m]
	}
	return s
}

// Chart is the chart of monthly cost: the plot, and the legend drawn in
// a strip of its own beneath it, clear of the data.
type Chart struct {
	Plot   *plot.Plot
	Legend plot.Legend
	Series Series
}

// Monthly returns the chart of monthly cost to Jamkesda, baseline
// against reform as a pair of bars a month and their difference (reform
// minus baseline) as a line, on a rupiah axis of 5 to 8 ticks ("Rp 1,2
// M"). Floats only for drawing: the figures are whole rupiah in the
// comparison.
func Monthly(c *simulate.Comparison) (*Chart, error) {
	s := SeriesOf(c)
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Jamkesda Kota Bekasi %d: biaya per bulan / monthly cost (simulated, SYNTHETIC tariff)", c.Year)
	p.Y.Label.Text = "Rupiah (M = miliar, billion; jt = juta, million)"
	p.X.Label.Text = fmt.Sprintf("seed %d, %d encounters", c.Seed, c.Encounters)
	base, ref := make(plotter.Values, 12), make(plotter.Values, 12)
	diff := make(plotter.XYs, 12)
	lo, hi := 0.0, 0.0
	for m := range 12 {
		base[m], ref[m] = float64(s.Baseline[m]), float64(s.Reform[m])
		diff[m] = plotter.XY{X: float64(m), Y: float64(s.Difference[m])}
		lo = min(lo, base[m], ref[m], diff[m].Y)
		hi = max(hi, base[m], ref[m], diff[m].Y)
	}
	w := vg.Points(11)
	b, err := plotter.NewBarChart(base, w)
	if err != nil {
		return nil, err
	}
	b.Color, b.LineStyle.Width, b.Offset = baselineColor, 0, -w/2
	r, err := plotter.NewBarChart(ref, w)
	if err != nil {
		return nil, err
	}
	r.Color, r.LineStyle.Width, r.Offset = reformColor, 0, w/2
	dl, dp, err := plotter.NewLinePoints(diff)
	if err != nil {
		return nil, err
	}
	dl.Color, dl.Width = differenceColor, vg.Points(1.5)
	dp.Color, dp.Shape, dp.Radius = differenceColor, draw.CircleGlyph{}, vg.Points(2.5)
	grid := plotter.NewGrid()
	grid.Vertical.Color = nil
	p.Add(grid, b, r)
	if lo < 0 { // the zero line, for a difference below it
		zero, err := plotter.NewLine(plotter.XYs{{X: -0.8, Y: 0}, {X: 11.8, Y: 0}})
		if err != nil {
			return nil, err
		}
		zero.Color, zero.Width = color.Black, vg.Points(0.75)
		p.Add(zero)
	}
	p.Add(dl, dp)
	p.NominalX("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
	p.X.Min, p.X.Max = -0.8, 11.8
	p.Y.Min, p.Y.Max = axisRange(lo, hi)
	p.Y.Tick.Marker = rupiahTicks{}
	p.Legend = plot.NewLegend() // empty: the legend is drawn beneath
	ch := &Chart{Plot: p, Legend: plot.NewLegend(), Series: s}
	ch.Legend.Top, ch.Legend.Left = true, true
	ch.Legend.Padding = vg.Points(3)
	ch.Legend.Add("baseline: "+c.Baseline.Rulebook, b)
	ch.Legend.Add("reform: "+c.Reform.Rulebook, r)
	ch.Legend.Add("selisih / difference (reform - baseline)", dl, dp)
	return ch, nil
}

// legendHeight is the height of the strip the legend is drawn in.
func (ch *Chart) legendHeight() vg.Length {
	n := vg.Length(3)
	h := ch.Legend.TextStyle.Rectangle("Xg").Size().Y
	return n*h + (n-1)*ch.Legend.Padding + vg.Points(8)
}

// Areas are where the chart of size w by h draws its data and its
// legend: the legend's strip lies beneath the plot, x axis and all.
func (ch *Chart) Areas(w, h vg.Length) (data, legend vg.Rectangle) {
	c := draw.NewCanvas(nopCanvas{}, w, h)
	strip := ch.legendHeight()
	data = ch.Plot.DataCanvas(draw.Crop(c, 0, 0, strip, 0)).Rectangle
	legend = draw.Crop(c, 0, 0, 0, -(h - strip)).Rectangle
	return data, legend
}

// Draw draws the chart on c: the plot above, the legend beneath.
func (ch *Chart) Draw(c draw.Canvas) {
	strip := ch.legendHeight()
	ch.Plot.Draw(draw.Crop(c, 0, 0, strip, 0))
	lc := draw.Crop(c, 0, 0, 0, -(c.Max.Y - c.Min.Y - strip))
	ch.Legend.Draw(draw.Crop(lc, vg.Points(8), 0, 0, -vg.Points(4)))
}

// Render writes the chart as format (svg or png) to w.
func Render(c *simulate.Comparison, format string, w io.Writer) error {
	ch, err := Monthly(c)
	if err != nil {
		return err
	}
	cw, err := draw.NewFormattedCanvas(Width, Height, format)
	if err != nil {
		return err
	}
	ch.Draw(draw.New(cw))
	_, err = cw.WriteTo(w)
	return err
}

// axisRange is the y axis: from lo to hi (lo <= 0 <= hi), widened to
// whole steps of the ticks.
func axisRange(lo, hi float64) (float64, float64) {
	step := tickStep(lo, hi)
	return math.Floor(lo/step) * step, math.Ceil(hi/step) * step
}

// tickStep is the step between the ticks of an axis from lo to hi: the
// smallest of 1, 2, 2.5 and 5 times a power of ten that gives no more than
// 8 ticks on the range widened to whole steps (so 5 to 8 of them).
func tickStep(lo, hi float64) float64 {
	span := hi - lo
	if span <= 0 || math.IsNaN(span) || math.IsInf(span, 0) {
		return 1
	}
	for p := math.Pow(10, math.Floor(math.Log10(span/8))); ; p *= 10 {
		for _, m := range []float64{1, 2, 2.5, 5} {
			step := m * p
			if n := math.Ceil(hi/step-1e-9) - math.Floor(lo/step+1e-9) + 1; n <= 8 {
				return step
			}
		}
	}
}

// rupiahTicks are the y axis's ticks: 5 to 8 of them, labelled in
// rupiah the Indonesian way (Rp 1,2 M; Rp 350 jt; Rp 12.500).
type rupiahTicks struct{}

func (rupiahTicks) Ticks(lo, hi float64) []plot.Tick {
	step := tickStep(lo, hi)
	first, last := math.Ceil(lo/step-1e-9), math.Floor(hi/step+1e-9)
	top := max(math.Abs(first*step), math.Abs(last*step))
	var ticks []plot.Tick
	for i := first; i <= last; i++ {
		v := i * step
		if v == 0 {
			v = 0 // not -0
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: rupiahLabel(v, step, top)})
	}
	return ticks
}

// rupiahLabel labels v, a tick of an axis whose ticks are step apart and
// reach top at most: in miliar (M) from a billion, in juta (jt) from a
// million, else in full, with as many decimals as the step needs, a
// comma before them and a dot between thousands.
func rupiahLabel(v, step, top float64) string {
	unit, suffix := 1.0, ""
	switch {
	case top >= 1e9:
		unit, suffix = 1e9, " M"
	case top >= 1e6:
		unit, suffix = 1e6, " jt"
	}
	decimals := 0
	if s := step / unit; s < 1 {
		decimals = int(math.Ceil(-math.Log10(s) - 1e-9))
		if r := s * math.Pow(10, float64(decimals)); math.Abs(r-math.Round(r)) > 1e-9 {
			decimals++ // 0.25
		}
	}
	if v == 0 {
		return "Rp 0"
	}
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	return sign + "Rp " + groupID(v/unit, decimals) + suffix
}

// groupID formats v with decimals places the Indonesian way: a dot
// between thousands, a comma before the decimals (12345.6 -> 12.345,6).
func groupID(v float64, decimals int) string {
	return strings.NewReplacer(",", ".", ".", ",").Replace(groupThousands(v, decimals))
}

// nopCanvas is a canvas to measure a layout on: it must draw nothing.
type nopCanvas struct{ vg.Canvas }

func maxf(a, b float64) float64 {
	if a > b {
		return a
	}
	return b
}

// WriteFiles writes the chart to prefix.svg and prefix.png and returns
// their paths. The directory must exist: a missing one is refused, not
// created.
func WriteFiles(c *simulate.Comparison, prefix string) ([]string, error) {
	if err := parentExists(prefix); err != nil {
		return nil, err
	}
	var paths []string
	for _, format := range []string{"svg", "png"} {
		path := prefix + "." + format
		f, err := os.Create(path)
		if err != nil {
			return paths, err
		}
		err = Render(c, format, f)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return paths, fmt.Errorf("chart: %s: %w", path, err)
		}
		paths = append(paths, path)
	}
	return paths, nil
}
