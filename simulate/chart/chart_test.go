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
	paths, err := WriteFiles(c, filepath.Join(dir, "out", "chart"))
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
