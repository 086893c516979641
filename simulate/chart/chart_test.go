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
