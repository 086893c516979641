// Package reforms holds the sample reform overlays of the project, the
// YAML files beside this one, embedded so that a program built anywhere
// offers them: `kartusehat serve` lists them in the reform lab and the
// rulebook explorer's diff. A sweep grid (*.grid.yaml) is not a reform.
package reforms

import "embed"

// FS holds the sample reforms (*.yaml) at its root.
//
//go:embed *.yaml
var FS embed.FS
