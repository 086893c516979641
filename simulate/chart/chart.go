// Package chart draws a simulation's monthly cost, baseline against
// reform, with gonum.org/v1/plot: a bar per month for each rulebook.
// It is a package of its own so that the simulation itself does not pull
// in a plotting library.
package chart

import (
	"fmt"
	"image/color"
	"io"
	"os"

	"github.com/kartusehat/kartusehat/simulate"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// Size is the chart's size.
const (
	Width  = 24 * vg.Centimeter
	Height = 13 * vg.Centimeter
)

var (
	baselineColor = color.RGBA{R: 0x4c, G: 0x72, B: 0xb0, A: 0xff}
	reformColor   = color.RGBA{R: 0xdd, G: 0x84, B: 0x52, A: 0xff}
)

// Monthly returns the chart of monthly cost to Jamkesda, in billion
// rupiah (floats only for drawing: the figures are whole rupiah in the
// comparison).
func Monthly(c *simulate.Comparison) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Jamkesda Kota Bekasi %d: biaya per bulan / monthly cost (simulated, SYNTHETIC tariff)", c.Year)
	p.Y.Label.Text = "Rp miliar (billion)"
	p.X.Label.Text = fmt.Sprintf("seed %d, %d encounters", c.Seed, c.Encounters)
	p.Y.Min = 0
	base, ref := make(plotter.Values, 12), make(plotter.Values, 12)
	for m := range 12 {
		base[m] = float64(c.Baseline.ByMonth[m].Cost) / 1e9
		ref[m] = float64(c.Reform.ByMonth[m].Cost) / 1e9
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
	p.Add(b, r, plotter.NewGrid())
	p.Legend.Add("baseline: "+c.Baseline.Rulebook, b)
	p.Legend.Add("reform: "+c.Reform.Rulebook, r)
	p.Legend.Top = true
	p.Legend.Left = true
	p.NominalX("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
	max := 0.0
	for m := range 12 {
		max = maxf(max, maxf(base[m], ref[m]))
	}
	p.Y.Max = max * 1.3 // room for the legend
	p.X.Min, p.X.Max = -0.8, 11.8
	return p, nil
}

func maxf(a, b float64) float64 {
	if a > b {
		return a
	}
	return b
}

// Render writes the chart as format (svg or png) to w.
func Render(c *simulate.Comparison, format string, w io.Writer) error {
	p, err := Monthly(c)
	if err != nil {
		return err
	}
	wt, err := p.WriterTo(Width, Height, format)
	if err != nil {
		return err
	}
	_, err = wt.WriteTo(w)
	return err
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
