package chart

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/simulate"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/plot/vg"
)

func TestRender(t *testing.T) {
	reform, err := rules.Default().Overlay("r.yaml", strings.NewReader(`
rulebook: {name: "JKN aktif ditanggung"}
parameters:
  participants:
    jkn_active_non_pbi_covered: {values: {2019-01-01: {value: true, ref: "Skenario JKN 2019 Ps.1"}}}
instruments:
  - {id: "Skenario JKN 2019", level: perwal, title: "Skenario simulasi (hipotetis)", in_force: 2019-01-01, ref: "Skenario JKN 2019"}
`))
	require.NoError(t, err)
	c, err := simulate.Run(context.Background(), simulate.Config{Year: 2019, Seed: 1, Baseline: rules.Default(), Reform: reform, Scale: 10})
	require.NoError(t, err)

	var svg bytes.Buffer
	require.NoError(t, Render(c, "svg", &svg))
	assert.Contains(t, svg.String(), "<svg")
	assert.Contains(t, svg.String(), "JKN aktif ditanggung")
	assert.Contains(t, svg.String(), "Dec")

	dir := t.TempDir()
	// A missing directory is refused, not created (issue #17).
	_, err = WriteFiles(c, filepath.Join(dir, "out", "chart"))
	assert.ErrorContains(t, err, "out does not exist")
	assert.NoDirExists(t, filepath.Join(dir, "out"))
	paths, err := WriteFiles(c, filepath.Join(dir, "chart"))
	require.NoError(t, err)
	require.Len(t, paths, 2)
	f, err := os.Open(paths[1])
	require.NoError(t, err)
	defer f.Close()
	img, err := png.Decode(f)
	require.NoError(t, err)
	assert.Greater(t, img.Bounds().Dx(), 500)

	assert.Error(t, Render(c, "bmp", &svg))
}

// The band chart of a sweep: a point per cell, the bands, the baseline,
// in SVG and PNG, and a missing directory refused.
func TestBands(t *testing.T) {
	g, err := simulate.ParseGrid(os.DirFS("../../examples/reforms"), "sweep-type-b-discount.grid.yaml", rules.Default())
	require.NoError(t, err)
	r, err := simulate.Sweep(context.Background(), simulate.SweepConfig{Grid: g, Baseline: rules.Default(), Seeds: 3, Scale: 2})
	require.NoError(t, err)
	p, err := Bands(r, 2019)
	require.NoError(t, err)
	assert.Contains(t, p.Title.Text, "3 seeds")
	var svg bytes.Buffer
	wt, err := p.WriterTo(Width, Height, "svg")
	require.NoError(t, err)
	_, err = wt.WriteTo(&svg)
	require.NoError(t, err)
	for _, want := range []string{"P5 - P95 of seeds", "min - max of seeds", "median cost", "baseline median", ">" + r.Cells[17].Name + "<"} {
		assert.Contains(t, svg.String(), want)
	}
	assert.NotContains(t, svg.String(), ">17<", "the x axis names the cells, not their indices")
	_, err = Bands(r, 2018)
	assert.ErrorContains(t, err, "no cell in 2018")
	dir := t.TempDir()
	paths, err := WriteBandFiles(r, filepath.Join(dir, "sweep"))
	require.NoError(t, err)
	assert.Equal(t, []string{filepath.Join(dir, "sweep-2019.svg"), filepath.Join(dir, "sweep-2019.png"),
		filepath.Join(dir, "sweep-2019-difference.svg"), filepath.Join(dir, "sweep-2019-difference.png")}, paths)
	d, err := DifferenceBands(r, 2019)
	require.NoError(t, err)
	assert.Contains(t, d.Title.Text, "difference from the baseline")
	f, err := os.Open(paths[1])
	require.NoError(t, err)
	defer f.Close()
	_, err = png.Decode(f)
	require.NoError(t, err)
	_, err = WriteBandFiles(r, filepath.Join(dir, "no", "sweep"))
	assert.ErrorContains(t, err, "does not exist")
}

func TestThousandsTicks(t *testing.T) {
	assert.Equal(t, "12,345.6", groupThousands(12345.6, 1))
	assert.Equal(t, "-1,000", groupThousands(-1000, 0))
	assert.Equal(t, "0.00", groupThousands(-0.001, 2))
	assert.Equal(t, "999", groupThousands(999, 0))
	var labels []string
	for _, tk := range (thousandsTicks{}).Ticks(0, 2500) {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
	}
	assert.Contains(t, labels, "2,000")
	labels = labels[:0]
	for _, tk := range (thousandsTicks{}).Ticks(1.35, 1.75) {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
	}
	assert.Contains(t, labels, "1.5")
}

// The y axis: 5 to 8 ticks, labelled in rupiah the Indonesian way.
func TestRupiahTicks(t *testing.T) {
	labels := func(lo, hi float64) []string {
		var out []string
		for _, tk := range (rupiahTicks{}).Ticks(axisRange(lo, hi)) {
			out = append(out, tk.Label)
		}
		return out
	}
	for _, c := range []struct {
		name   string
		lo, hi float64
		want   []string
	}{
		{"billions", 0, 7.3e9, []string{"Rp 0", "Rp 2 M", "Rp 4 M", "Rp 6 M", "Rp 8 M"}},
		{"a billion and a bit", 0, 1.35e9, []string{"Rp 0", "Rp 0,2 M", "Rp 0,4 M", "Rp 0,6 M", "Rp 0,8 M", "Rp 1,0 M", "Rp 1,2 M", "Rp 1,4 M"}},
		{"steps of 2.5", 0, 1.6e9, []string{"Rp 0", "Rp 0,25 M", "Rp 0,50 M", "Rp 0,75 M", "Rp 1,00 M", "Rp 1,25 M", "Rp 1,50 M", "Rp 1,75 M"}},
		{"millions", 0, 3.4e8, []string{"Rp 0", "Rp 50 jt", "Rp 100 jt", "Rp 150 jt", "Rp 200 jt", "Rp 250 jt", "Rp 300 jt", "Rp 350 jt"}},
		{"a difference below zero", -3.2e8, 2.1e9, []string{"-Rp 0,5 M", "Rp 0", "Rp 0,5 M", "Rp 1,0 M", "Rp 1,5 M", "Rp 2,0 M", "Rp 2,5 M"}},
		{"thousands", 0, 42000, []string{"Rp 0", "Rp 10.000", "Rp 20.000", "Rp 30.000", "Rp 40.000", "Rp 50.000"}},
		{"tens of billions", 0, 5.6e10, []string{"Rp 0", "Rp 10 M", "Rp 20 M", "Rp 30 M", "Rp 40 M", "Rp 50 M", "Rp 60 M"}},
		{"nothing", 0, 0, []string{"Rp 0"}},
	} {
		got := labels(c.lo, c.hi)
		assert.Equal(t, c.want, got, c.name)
		if c.hi > 0 {
			assert.True(t, len(got) >= 5 && len(got) <= 8, "%s: %d ticks", c.name, len(got))
		}
	}
	assert.Equal(t, "12.345,6", groupID(12345.6, 1))
	// Every span from a thousand rupiah to a trillion gets 5 to 8 ticks.
	for hi := 1e3; hi < 1e12; hi *= 1.07 {
		for _, lo := range []float64{0, -hi / 7} {
			n := len((rupiahTicks{}).Ticks(axisRange(lo, hi)))
			assert.True(t, n >= 5 && n <= 8, "%g to %g: %d ticks", lo, hi, n)
		}
	}
}

// The difference series is reform minus baseline, month by month, and
// the legend lies beneath the data area, never over it.
func TestMonthlySeriesAndLegend(t *testing.T) {
	c := &simulate.Comparison{Year: 2019, Seed: 1, Encounters: 100}
	c.Baseline.Rulebook, c.Reform.Rulebook = "Kartu Sehat Kota Bekasi", "tarif tipe B -10%"
	for m := range 12 {
		c.Baseline.ByMonth[m].Cost = int64(m+1) * 100_000_000
		c.Reform.ByMonth[m].Cost = int64(m+1)*100_000_000 + int64(m-4)*25_000_000
	}
	ch, err := Monthly(c)
	require.NoError(t, err)
	assert.Equal(t, [12]int64{-100_000_000, -75_000_000, -50_000_000, -25_000_000, 0, 25_000_000, 50_000_000, 75_000_000, 100_000_000, 125_000_000, 150_000_000, 175_000_000},
		ch.Series.Difference)
	assert.Equal(t, int64(1_375_000_000), ch.Series.Reform[11])
	assert.Equal(t, int64(1_200_000_000), ch.Series.Baseline[11])
	// The axis takes in the difference below zero.
	assert.Equal(t, -0.25e9, ch.Plot.Y.Min)
	assert.Equal(t, 1.5e9, ch.Plot.Y.Max)

	data, legend := ch.Areas(Width, Height)
	assert.LessOrEqual(t, legend.Max.Y, data.Min.Y, "the legend beneath the data")
	assert.Greater(t, legend.Max.Y-legend.Min.Y, vg.Points(30), "room for three entries")
	assert.Greater(t, data.Max.Y-data.Min.Y, Height/2, "the data keep most of the height")
	assert.Equal(t, vg.Length(0), legend.Min.Y)

	var svg bytes.Buffer
	require.NoError(t, Render(c, "svg", &svg))
	for _, want := range []string{"selisih / difference (reform - baseline)", "baseline: Kartu Sehat Kota Bekasi", "reform: tarif tipe B -10%", ">Rp 1,25 M<", ">-Rp 0,25 M<", ">Rp 1,50 M<"} {
		assert.Contains(t, svg.String(), want)
	}
}
