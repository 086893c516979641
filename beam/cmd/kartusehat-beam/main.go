// Command kartusehat-beam runs a kartusehat sweep (a grid file, as for
// "kartusehat simulate sweep") as an Apache Beam pipeline, on the runner
// the Beam flags name: Prism (the default, local), Flink, Spark or
// Dataflow. It writes one line of JSON per cell, year and seed with the
// combined totals and people (cell -1: the baseline).
//
//	kartusehat-beam --grid examples/reforms/sweep-type-b-discount.grid.yaml --seeds 10 --scale 5 --output /tmp/sweep/totals
//
// A runner's own flags go alongside: --runner=flink --endpoint=HOST:8099
// --environment_type=DOCKER (Flink or Spark job server), or
// --runner=dataflow --project=P --region=R --temp_location=gs://B/tmp
// --staging_location=gs://B/staging (Dataflow); see the README.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/textio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"
	"github.com/kartusehat/kartusehat/beam/sweeppipe"
)

var (
	grid   = flag.String("grid", "", "the grid file (YAML), read here and carried in the job (required)")
	seeds  = flag.Int("seeds", 0, "seeds 1 to N (default: the grid's)")
	scale  = flag.Int64("scale", 0, "volume in per mille of the city (default: the grid's)")
	chunk  = flag.Int64("chunk", 4096, "encounters per work item")
	output = flag.String("output", "", "where the totals go: a path or file-system URL textio writes (gs://..., required)")
)

func main() {
	flag.Parse()
	beam.Init()
	if *grid == "" || *output == "" {
		fmt.Fprintln(os.Stderr, "kartusehat-beam: --grid and --output are required")
		os.Exit(2)
	}
	j, err := sweeppipe.ReadJob(os.DirFS(filepath.Dir(*grid)), filepath.Base(*grid))
	if err != nil {
		log.Fatalf("kartusehat-beam: %v", err)
	}
	j.Seeds, j.Scale, j.Chunk = *seeds, *scale, *chunk
	p, s := beam.NewPipelineWithRoot()
	lines, err := sweeppipe.Build(s, j)
	if err != nil {
		log.Fatalf("kartusehat-beam: %v", err)
	}
	textio.Write(s, *output, lines)
	if err := beamx.Run(context.Background(), p); err != nil {
		log.Fatalf("kartusehat-beam: the job failed: %v", err)
	}
}
