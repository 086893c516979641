// Package sweeppipe runs a kartusehat sweep (simulate.Sweep) as an Apache
// Beam pipeline, so that a grid too large for one machine runs on an
// existing distributed engine (Flink, Spark, Dataflow) rather than on one
// of our own.
//
// The work is the in-process sweep's: a work item is (cell, year, seed,
// chunk of encounter indices), decided by simulate.SweepPlan.Decide, the
// same generator and decider code, and the items' totals are summed per
// (cell, year, seed) with an integer combiner. The output is one line of
// JSON per cell, year and seed (cell -1 is the baseline):
//
//	{"cell":3,"name":"type_b=17.5, no overlay","year":2019,"seed":7,"total":{"encounters":...,"cost":...}}
//
// The pipeline's inputs are the grid file and the overlay files it names,
// read where the job is built and carried inside the pipeline (a few
// kilobytes), so the workers need no file system of ours.
//
// The module is nested (its own go.mod), so the library's go.mod never
// requires Beam.
package sweeppipe

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"reflect"
	"testing/fstest"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/simulate"
)

// Job is a sweep's inputs, as the pipeline carries them to the workers.
type Job struct {
	// GridName is the grid file's name, and Files the grid file and the
	// overlay files it names, by their path relative to the grid's
	// directory's root (the grid's own path is GridName).
	GridName string
	Files    map[string][]byte
	// Years, Seeds and Scale override the grid's when set.
	Years []int
	Seeds int
	Scale int64
	// Chunk is the most encounters of one work item (0: 4096).
	Chunk int64
	// FailCell and FailSeed inject a failure into the work items of that
	// cell and seed (tests of how a failure surfaces; FailSeed 0: none).
	FailCell int
	FailSeed int64
}

// ReadJob reads the grid file name and the overlay files it names from
// fsys into a Job.
func ReadJob(fsys fs.FS, name string) (Job, error) {
	g, err := simulate.ParseGrid(fsys, name, rules.Default())
	if err != nil {
		return Job{}, err
	}
	j := Job{GridName: name, Files: map[string][]byte{}}
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return Job{}, err
	}
	j.Files[name] = data
	for _, c := range g.Cells {
		for _, s := range c.Settings {
			if s.Overlay == "" || s.Overlay == "none" {
				continue
			}
			p := overlayPath(name, s.Overlay)
			if _, ok := j.Files[p]; ok {
				continue
			}
			if j.Files[p], err = fs.ReadFile(fsys, p); err != nil {
				return Job{}, err
			}
		}
	}
	return j, nil
}

// plan parses the job's grid against the embedded rulebook and prepares
// the sweep.
func (j *Job) plan() (*simulate.SweepPlan, error) {
	fsys := fstest.MapFS{}
	for name, data := range j.Files {
		fsys[name] = &fstest.MapFile{Data: data}
	}
	base := rules.Default()
	g, err := simulate.ParseGrid(fsys, j.GridName, base)
	if err != nil {
		return nil, err
	}
	return simulate.NewSweepPlan(simulate.SweepConfig{Grid: g, Baseline: base, Years: j.Years, Seeds: j.Seeds, Scale: j.Scale})
}

// Key is a (cell, year, seed): what the totals are combined by. Cell -1
// is the baseline.
type Key struct {
	Cell int64
	Year int64
	Seed int64
}

// Item is a work item: encounters [From, To) of a key.
type Item struct {
	Key  Key
	From int64
	To   int64
}

// Total is a key's combined total, the pipeline's output.
type Total struct {
	Cell  int64          `json:"cell"`
	Name  string         `json:"name"`
	Year  int64          `json:"year"`
	Seed  int64          `json:"seed"`
	Total simulate.Count `json:"total"`
}

func init() {
	beam.RegisterType(reflect.TypeOf((*Key)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*Item)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*simulate.Count)(nil)).Elem())
	register.DoFn2x1[Key, func(Item), error](&splitFn{})
	register.DoFn3x1[context.Context, Item, func(Key, simulate.Count), error](&decideFn{})
	register.Function2x1(addCounts)
	register.DoFn2x1[Key, simulate.Count, string](&formatFn{})
	register.Emitter1[Item]()
	register.Emitter2[Key, simulate.Count]()
}

// splitFn cuts a key's year into work items.
type splitFn struct {
	Job  Job
	plan *simulate.SweepPlan
}

func (f *splitFn) Setup() error {
	var err error
	f.plan, err = f.Job.plan()
	return err
}

func (f *splitFn) ProcessElement(k Key, emit func(Item)) error {
	n := f.plan.Len(int(k.Year), uint64(k.Seed))
	if n == 0 {
		return fmt.Errorf("sweeppipe: cell %d, year %d, seed %d: no encounters", k.Cell, k.Year, k.Seed)
	}
	chunk := f.Job.Chunk
	if chunk <= 0 {
		chunk = 4096
	}
	for from := int64(0); from < n; from += chunk {
		emit(Item{Key: k, From: from, To: min(from+chunk, n)})
	}
	return nil
}

// decideFn decides a work item with simulate.SweepPlan.Decide.
type decideFn struct {
	Job  Job
	plan *simulate.SweepPlan
}

func (f *decideFn) Setup() error {
	var err error
	f.plan, err = f.Job.plan()
	return err
}

func (f *decideFn) ProcessElement(ctx context.Context, it Item, emit func(Key, simulate.Count)) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	k := it.Key
	if f.Job.FailSeed != 0 && k.Seed == f.Job.FailSeed && k.Cell == int64(f.Job.FailCell) {
		return fmt.Errorf("simulate: cell %d (%s), year %d, seed %d: encounters [%d, %d): injected failure",
			k.Cell, f.plan.CellName(int(k.Cell)), k.Year, k.Seed, it.From, it.To)
	}
	c, err := f.plan.Decide(simulate.WorkItem{Cell: int(k.Cell), Year: int(k.Year), Seed: uint64(k.Seed), From: it.From, To: it.To})
	if err != nil {
		return err
	}
	emit(k, c)
	return nil
}

// addCounts is the combiner: integer sums, so the order does not matter.
func addCounts(a, b simulate.Count) simulate.Count {
	return simulate.Count{Encounters: a.Encounters + b.Encounters, SJP: a.SJP + b.SJP, Paid: a.Paid + b.Paid,
		Cost: a.Cost + b.Cost, PatientCost: a.PatientCost + b.PatientCost, Unpriced: a.Unpriced + b.Unpriced}
}

// formatFn writes a key's total as a line of JSON.
type formatFn struct {
	Job  Job
	plan *simulate.SweepPlan
}

func (f *formatFn) Setup() error {
	var err error
	f.plan, err = f.Job.plan()
	return err
}

func (f *formatFn) ProcessElement(k Key, c simulate.Count) string {
	b, _ := json.Marshal(Total{Cell: k.Cell, Name: f.plan.CellName(int(k.Cell)), Year: k.Year, Seed: k.Seed, Total: c})
	return string(b)
}

// Keys lists the job's keys: the baseline's and every cell's, for every
// year and seed.
func Keys(j Job) ([]Key, error) {
	p, err := j.plan()
	if err != nil {
		return nil, err
	}
	var out []Key
	for c := -1; c < len(p.Grid().Cells); c++ {
		for _, y := range p.Years() {
			for s := 1; s <= p.Seeds(); s++ {
				out = append(out, Key{Cell: int64(c), Year: int64(y), Seed: int64(s)})
			}
		}
	}
	return out, nil
}

// Build adds the sweep to the pipeline and returns its output: one line
// of JSON per (cell, year, seed) with the combined total (Total). The
// grid is checked here, when the job is built: a bad grid fails before
// the pipeline runs.
func Build(s beam.Scope, j Job) (beam.PCollection, error) {
	keys, err := Keys(j)
	if err != nil {
		return beam.PCollection{}, err
	}
	s = s.Scope("kartusehat.sweep")
	ks := beam.CreateList(s, keys)
	items := beam.ParDo(s, &splitFn{Job: j}, ks)
	items = beam.Reshuffle(s, items) // spread one key's chunks over the workers
	counts := beam.ParDo(s, &decideFn{Job: j}, items)
	totals := beam.CombinePerKey(s, addCounts, counts)
	return beam.ParDo(s, &formatFn{Job: j}, totals), nil
}

func overlayPath(grid, overlay string) string {
	dir := grid
	for i := len(dir) - 1; i >= 0; i-- {
		if dir[i] == '/' {
			return dir[:i+1] + overlay
		}
	}
	return overlay
}
