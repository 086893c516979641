// Package sweeppipe runs a kartusehat sweep (simulate.Sweep) as an Apache
// Beam pipeline, so that a grid too large for one machine runs on an
// existing distributed engine (Flink, Spark, Dataflow) rather than on one
// of our own.
//
// The work is the in-process sweep's, in work items of two kinds, both
// cut from a (cell, year, seed) and decided by the same generator and
// decider code as simulate.Sweep:
//
//   - a chunk of encounter indices, decided by
//     simulate.SweepPlan.DecidePaid: the chunk's totals (simulate.Count),
//     and the persons of its paid claims;
//   - a chunk of person numbers, the per-person pass
//     (simulate.SweepPlan.CountPeople): the persons covered under the
//     cell's rulebook, gained and lost against the baseline's, and the
//     residents in JKN.
//
// Totals, covered, gained and lost are sums, combined per (cell, year,
// seed) by an integer combiner. Treated is not a sum: a person is treated
// if any of their encounters is paid, and one person's encounters fall in
// many chunks, so adding each chunk's paid persons would count a person
// once per chunk. The paid persons are instead keyed by (cell, year,
// seed, block of simulate.PersonBlock persons) and united per key by a
// bit-set combiner (a union, exact in any order and grouping); each
// united block is counted once (simulate.SweepPlan.CountTreated), and its
// treated and treated card holders join the sums. The output is one line
// of JSON per cell, year and seed (cell -1 is the baseline), with the
// totals and the people as simulate.Run reports them (Gained and Lost
// against the baseline):
//
//	{"cell":3,"name":"type_b=17.5, no overlay","year":2019,"seed":7,"total":{"encounters":...,"cost":...},"people":{"covered":...,"treated":...}}
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
	// Chunk is the most encounters of one work item (0: 4096), and
	// PersonChunk the most persons (0: 65536).
	Chunk       int64
	PersonChunk int64
	// Block is the persons in a block of the treated set, a multiple of
	// 64 (0: simulate.PersonBlock).
	Block int64
	// FailCell and FailSeed inject a failure into the work items of that
	// cell and seed (tests of how a failure surfaces; FailSeed zero: none).
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

// block is the job's block of persons.
func (j *Job) block() int64 {
	if j.Block <= 0 {
		return simulate.PersonBlock
	}
	return j.Block
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

// Item is a work item: encounters [From, To) of a key, or persons
// [From, To) if People.
type Item struct {
	Key    Key
	From   int64
	To     int64
	People bool
}

// Part is a part of a key's totals: from an encounter chunk (Count), a
// person chunk (People's covered, gained, lost, JKN) or a united block
// of the treated set (People's treated). Parts add up.
type Part struct {
	Count  simulate.Count
	People simulate.PeopleCount
}

// BlockKey is a key's block of persons [Block*Job.Block,
// (Block+1)*Job.Block): what the paid persons are united by.
type BlockKey struct {
	Key   Key
	Block int64
}

// Paid is a work item's paid persons in one block, as offsets in the
// block (a person may come more than once).
type Paid struct {
	Persons []int32
}

// Bits is the union of a block's paid persons, one bit per person of the
// block (bit i of Words[i/64] is offset i); Words is nil for an empty
// union.
type Bits struct {
	Words []uint64
}

// Block is a united block, the union's output.
type Block struct {
	Words []uint64
}

// Total is a key's combined total, the pipeline's output.
type Total struct {
	Cell   int64           `json:"cell"`
	Name   string          `json:"name"`
	Year   int64           `json:"year"`
	Seed   int64           `json:"seed"`
	Total  simulate.Count  `json:"total"`
	People simulate.People `json:"people"`
}

func init() {
	beam.RegisterType(reflect.TypeOf((*Key)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*Item)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*Part)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*BlockKey)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*Paid)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*Bits)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*Block)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*simulate.Count)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*simulate.PeopleCount)(nil)).Elem())
	register.DoFn2x1[Key, func(Item), error](&splitFn{})
	register.DoFn4x1[context.Context, Item, func(Key, Part), func(BlockKey, Paid), error](&decideFn{})
	register.Combiner3[Bits, Paid, Block](&unionFn{})
	register.DoFn3x1[BlockKey, Block, func(Key, Part), error](&treatedFn{})
	register.Function2x1(addParts)
	register.DoFn2x1[Key, Part, string](&formatFn{})
	register.Emitter1[Item]()
	register.Emitter2[Key, Part]()
	register.Emitter2[BlockKey, Paid]()
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
	persons := f.plan.Population(int(k.Year), uint64(k.Seed))
	if n == 0 || persons == 0 {
		return fmt.Errorf("sweeppipe: cell %d, year %d, seed %d: no encounters", k.Cell, k.Year, k.Seed)
	}
	chunk := f.Job.Chunk
	if chunk <= 0 {
		chunk = 4096
	}
	for from := int64(0); from < n; from += chunk {
		emit(Item{Key: k, From: from, To: min(from+chunk, n)})
	}
	chunk = f.Job.PersonChunk
	if chunk <= 0 {
		chunk = 1 << 16
	}
	for from := int64(0); from < persons; from += chunk {
		emit(Item{Key: k, From: from, To: min(from+chunk, persons), People: true})
	}
	return nil
}

// decideFn decides a work item: an encounter chunk with
// simulate.SweepPlan.DecidePaid (its totals, and its paid persons by
// block), a person chunk with simulate.SweepPlan.CountPeople.
type decideFn struct {
	Job  Job
	plan *simulate.SweepPlan
}

func (f *decideFn) Setup() error {
	var err error
	f.plan, err = f.Job.plan()
	return err
}

func (f *decideFn) ProcessElement(ctx context.Context, it Item, emit func(Key, Part), emitPaid func(BlockKey, Paid)) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	k := it.Key
	if f.Job.FailSeed != 0 && k.Seed == f.Job.FailSeed && k.Cell == int64(f.Job.FailCell) {
		return fmt.Errorf("simulate: cell %d (%s), year %d, seed %d: encounters [%d, %d): injected failure",
			k.Cell, f.plan.CellName(int(k.Cell)), k.Year, k.Seed, it.From, it.To)
	}
	w := simulate.WorkItem{Cell: int(k.Cell), Year: int(k.Year), Seed: uint64(k.Seed), From: it.From, To: it.To}
	if it.People {
		pc, err := f.plan.CountPeople(w)
		if err != nil {
			return err
		}
		emit(k, Part{People: pc})
		return nil
	}
	blocks := map[int64][]int32{}
	size := f.Job.block()
	c, err := f.plan.DecidePaid(w, func(person int64) {
		b := person / size
		blocks[b] = append(blocks[b], int32(person%size))
	})
	if err != nil {
		return err
	}
	emit(k, Part{Count: c})
	for b, persons := range blocks {
		emitPaid(BlockKey{Key: k, Block: b}, Paid{Persons: persons})
	}
	return nil
}

// unionFn unites a block's paid persons into a bit set: setting bits
// commutes and is idempotent, so the union is exact in any order and
// grouping (a person paid in many work items is one bit).
type unionFn struct {
	// Size is the persons of a block.
	Size int64
}

// CreateAccumulator returns the empty union.
func (*unionFn) CreateAccumulator() Bits { return Bits{} }

// AddInput adds a work item's paid persons.
func (f *unionFn) AddInput(a Bits, p Paid) Bits {
	if a.Words == nil {
		a.Words = make([]uint64, (f.Size+63)/64)
	}
	for _, i := range p.Persons {
		a.Words[i/64] |= 1 << (i % 64)
	}
	return a
}

// MergeAccumulators unites two unions.
func (*unionFn) MergeAccumulators(a, b Bits) Bits {
	switch {
	case a.Words == nil:
		return b
	case b.Words == nil:
		return a
	}
	for i, w := range b.Words {
		a.Words[i] |= w
	}
	return a
}

// ExtractOutput returns the united block.
func (*unionFn) ExtractOutput(a Bits) Block { return Block(a) }

// treatedFn counts a united block's persons once: treated and treated
// card holders, a part of its key's people.
type treatedFn struct {
	Job  Job
	plan *simulate.SweepPlan
}

func (f *treatedFn) Setup() error {
	var err error
	f.plan, err = f.Job.plan()
	return err
}

func (f *treatedFn) ProcessElement(k BlockKey, b Block, emit func(Key, Part)) error {
	pc, err := f.plan.CountTreated(int(k.Key.Year), uint64(k.Key.Seed), k.Block*f.Job.block(), b.Words)
	if err != nil {
		return fmt.Errorf("sweeppipe: cell %d, year %d, seed %d: %w", k.Key.Cell, k.Key.Year, k.Key.Seed, err)
	}
	emit(k.Key, Part{People: pc})
	return nil
}

// addParts is the combiner: integer sums, so the order does not matter.
func addParts(a, b Part) Part {
	a.Count = simulate.Count{Encounters: a.Count.Encounters + b.Count.Encounters, SJP: a.Count.SJP + b.Count.SJP,
		Paid: a.Count.Paid + b.Count.Paid, Cost: a.Count.Cost + b.Count.Cost,
		PatientCost: a.Count.PatientCost + b.Count.PatientCost, Unpriced: a.Count.Unpriced + b.Count.Unpriced}
	a.People.Plus(b.People)
	return a
}

// formatFn writes a key's total and people as a line of JSON.
type formatFn struct {
	Job  Job
	plan *simulate.SweepPlan
}

func (f *formatFn) Setup() error {
	var err error
	f.plan, err = f.Job.plan()
	return err
}

func (f *formatFn) ProcessElement(k Key, p Part) string {
	b, _ := json.Marshal(Total{Cell: k.Cell, Name: f.plan.CellName(int(k.Cell)), Year: k.Year, Seed: k.Seed, Total: p.Count,
		People: f.plan.People(int(k.Year), uint64(k.Seed), p.People, p.Count.Cost)})
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
// of JSON per (cell, year, seed) with the combined total and people
// (Total). The grid is checked here, when the job is built: a bad grid
// fails before the pipeline runs.
func Build(s beam.Scope, j Job) (beam.PCollection, error) {
	keys, err := Keys(j)
	if err != nil {
		return beam.PCollection{}, err
	}
	if j.Block < 0 || j.Block%64 != 0 {
		return beam.PCollection{}, fmt.Errorf("sweeppipe: a block of persons is a positive multiple of 64, not %d", j.Block)
	}
	s = s.Scope("kartusehat.sweep")
	ks := beam.CreateList(s, keys)
	items := beam.ParDo(s, &splitFn{Job: j}, ks)
	items = beam.Reshuffle(s, items) // spread one key's chunks over the workers
	parts, paid := beam.ParDo2(s, &decideFn{Job: j}, items)
	blocks := beam.CombinePerKey(s, &unionFn{Size: j.block()}, paid)
	treated := beam.ParDo(s, &treatedFn{Job: j}, blocks)
	totals := beam.CombinePerKey(s, addParts, beam.Flatten(s, parts, treated))
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
