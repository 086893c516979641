package rules

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Rulebook is a complete, validated set of dated parameters and tables. It
// is immutable once built: Overlay returns a new Rulebook and leaves its
// receiver untouched, and every method is safe for concurrent use.
//
// Build one with Load, Parse or Default. The zero Rulebook holds no rules:
// its snapshots are the zero Snapshot, which every decision refuses with
// ErrZeroSnapshot; Overlay on it is ErrZeroRulebook; its tables are empty.
type Rulebook struct {
	name        string
	description string
	overlays    []string
	sources     []string

	params      map[string]*param
	paths       []string // sorted
	instruments []Instrument
	sourceIDs   map[string]int // instrument id -> index in instruments
	openPoints  []OpenPoint
	facilities  map[string]*Facility
	facCodes    []string // sorted
	aliases     map[string]string
	exclusions  []Exclusion
	holidays    map[int]*HolidayYear
	years       []int // sorted
	regions     Regions
	cityCode    string // province and city, such as 3275
	codeLists   map[string]*CodeList
	tariffs     map[string]*TariffTable
	gov         []govSpan // governing instrument by date, ascending
	calRuns     []calRun  // the covered days, in runs of consecutive years
	calRunsCuti []calRun  // the same, counting cuti bersama as working days
	known       Date      // KnownThrough

	revision string
	memo     *sync.Map // derived data, per rulebook: see Memo
	excIdx   *excIndex // the exclusions, indexed (Snapshot.ExclusionMatches)
	facIdx   *facIndex // the facilities by code and alias
}

// govSpan: from this date on, instruments[idx] governs (idx -1: none).
type govSpan struct {
	from Date
	idx  int
}

//go:embed kotabekasi/*.yaml
var kotaBekasi embed.FS

var defaultBook = sync.OnceValues(func() (*Rulebook, error) {
	sub, err := fs.Sub(kotaBekasi, "kotabekasi")
	if err != nil {
		return nil, err
	}
	return Load(sub)
})

// Default returns the Kota Bekasi rulebook embedded in this package. It is
// parsed once, on first use, and shared: a Rulebook is immutable. The
// embedded files are checked by this package's tests, so Default panics
// only if the module itself is broken.
func Default() *Rulebook {
	rb, err := defaultBook()
	if err != nil {
		panic("rules: the embedded Kota Bekasi rulebook is invalid: " + err.Error())
	}
	return rb
}

// DefaultFS returns the embedded Kota Bekasi rulebook files, for hosts that
// want to copy and edit them.
func DefaultFS() fs.FS {
	sub, _ := fs.Sub(kotaBekasi, "kotabekasi")
	return sub
}

// Load reads a rulebook from every .yaml and .yml file in fsys, in lexical
// order of their paths. Each file may hold any of the top-level sections
// (rulebook, parameters, instruments, facilities, exclusions, holidays,
// regions); defining the same parameter, facility, exclusion, instrument or
// holiday year in two files is an error.
//
// The rulebook must be whole. One file's rulebook: section lists every
// file under parts: (and may list under requires: the parameters, groups,
// code_lists.NAME and tariff_tables.NAME the decisions read); a part that
// is missing or empty, a file that is not a part, a required entry that is
// absent, or an empty instruments, parameters, facilities, exclusions,
// holidays or regions section is an error wrapping ErrIncomplete naming
// it (the manifest's file and line). Every problem found is reported,
// each with its file and line, in one error, a line each. A file over MaxFileSize,
// or files together over MaxRulebookSize, is an error wrapping
// ErrTooLarge that names the file and the limit.
func Load(fsys fs.FS) (*Rulebook, error) {
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("rules: reading rulebook files: %w", err)
	}
	sort.Strings(files)
	if len(files) == 0 {
		return nil, fmt.Errorf("rules: no .yaml files in the rulebook directory")
	}
	c := &errs{}
	frags := make([]*fragment, 0, len(files))
	left := int64(MaxRulebookSize)
	datas := make([][]byte, len(files))
	for i, name := range files { // every file's size is checked before any is parsed
		data, err := readFS(fsys, name, &left)
		if err != nil {
			return nil, err
		}
		datas[i] = data
	}
	for i, name := range files {
		frags = append(frags, parseFragment(name, datas[i], c))
	}
	return build(frags, c, true)
}

// Parse reads a rulebook held in one YAML file. name is used in error
// messages. It is checked as Load checks a directory, except for its
// parts: list (the one file is the whole), which is not checked. A file over MaxFileSize is an error wrapping ErrTooLarge;
// reading stops at the limit.
func Parse(name string, r io.Reader) (*Rulebook, error) {
	data, err := readFile(r, MaxFileSize, "rulebook file", name, "rules.MaxFileSize")
	if err != nil {
		return nil, err
	}
	c := &errs{}
	return build([]*fragment{parseFragment(name, data, c)}, c, false)
}

// build makes a whole rulebook of its files. dir is true for Load (a
// directory, whose rulebook: section must list its parts) and false for
// Parse (one file, its own whole).
func build(frags []*fragment, c *errs, dir bool) (*Rulebook, error) {
	rb := &Rulebook{
		params:     map[string]*param{},
		facilities: map[string]*Facility{},
		holidays:   map[int]*HolidayYear{},
		codeLists:  map[string]*CodeList{},
		tariffs:    map[string]*TariffTable{},
	}
	var manifest *fragment
	for _, f := range frags {
		d := &decoder{file: f.file, c: c}
		rb.sources = append(rb.sources, f.file)
		if f.meta != nil {
			if manifest != nil {
				d.fail(nil, "rulebook", ErrDuplicate, "rulebook: is given in more than one file (first in %s)", manifest.file)
			} else {
				manifest = f
			}
			rb.name, rb.description = f.meta.Name, f.meta.Description
		}
		rb.merge(f, d, false)
	}
	if rb.name == "" {
		c.add(&loadError{File: frags[0].file, Path: "rulebook", Msg: "no file gives rulebook: name:", Err: ErrMissing})
	}
	if manifest != nil {
		// A file that failed to decode, or a missing part, leaves sections
		// empty: the sections are checked once the parts are there and
		// decode.
		checkParts(manifest, frags, c, dir)
		if c.err() == nil {
			rb.checkComplete(manifest, c)
		}
	}
	return rb.finish(c)
}

// Overlay returns a new rulebook: rb with the dated values and table
// entries of the overlay file applied, as a reform or a host's correction
// would. rb itself is not changed.
//
// In the overlay, a parameter that rb has takes the overlay's values in
// addition to its own: a value dated the same day replaces rb's, a value on
// a new date is added (and ends the one before it). Its type may be left
// out; if given it must match. A parameter rb does not have is added, and
// then it must declare its type, so that a misspelt path cannot slip in as
// a new, unused parameter. Facilities, exclusions and instruments with the
// code or id of an existing one replace it whole; others are added. A
// holiday year replaces the year whole.
//
// An overlay over MaxFileSize is an error wrapping ErrTooLarge that
// names it and the limit; reading stops at the limit, so an endless
// reader fails fast.
func (rb *Rulebook) Overlay(name string, r io.Reader) (*Rulebook, error) {
	if rb == nil || rb.memo == nil {
		return nil, ErrZeroRulebook
	}
	data, err := readFile(r, MaxFileSize, "overlay", name, "rules.MaxFileSize")
	if err != nil {
		return nil, err
	}
	c := &errs{}
	f := parseFragment(name, data, c)
	nb := rb.clone()
	nb.sources = append(nb.sources, name)
	label := name
	if f.meta != nil && f.meta.Name != "" {
		label = f.meta.Name
	}
	nb.overlays = append(nb.overlays, label)
	if f.meta != nil && (f.meta.partsLine != 0 || len(f.meta.Requires) > 0) {
		c.add(&loadError{File: name, Line: f.meta.line, Path: "rulebook", Err: ErrUnknownKey,
			Msg: "an overlay is not a whole rulebook: parts: and requires: belong to the rulebook it applies to"})
	}
	nb.merge(f, &decoder{file: name, c: c}, true)
	return nb.finish(c)
}

func (rb *Rulebook) clone() *Rulebook {
	nb := *rb
	nb.overlays = slices.Clone(rb.overlays)
	nb.sources = slices.Clone(rb.sources)
	nb.paths = slices.Clone(rb.paths)
	nb.params = make(map[string]*param, len(rb.params))
	for k, v := range rb.params {
		nb.params[k] = v // params are copied on write in merge
	}
	nb.instruments = slices.Clone(rb.instruments)
	nb.openPoints = slices.Clone(rb.openPoints)
	nb.facilities = make(map[string]*Facility, len(rb.facilities))
	for k, v := range rb.facilities {
		nb.facilities[k] = v
	}
	nb.exclusions = slices.Clone(rb.exclusions)
	nb.codeLists = make(map[string]*CodeList, len(rb.codeLists))
	for k, v := range rb.codeLists {
		nb.codeLists[k] = v
	}
	nb.tariffs = make(map[string]*TariffTable, len(rb.tariffs))
	for k, v := range rb.tariffs {
		nb.tariffs[k] = v
	}
	nb.holidays = make(map[int]*HolidayYear, len(rb.holidays))
	for k, v := range rb.holidays {
		nb.holidays[k] = v
	}
	return &nb
}

func (rb *Rulebook) merge(f *fragment, d *decoder, overlay bool) {
	for _, g := range f.groups {
		if p, ok := rb.params[g.path]; ok {
			d.fail(g.node, g.path, ErrUnknownKey, "%s is a parameter (%s:%d), not a group: its keys are description, type, options, ambiguity, values", g.path, p.file, p.line)
		}
	}
	for _, rp := range f.params {
		rb.mergeParam(rp, d, overlay)
	}
	mergeSlice(&rb.instruments, f.instruments, func(x *Instrument) string { return x.ID }, pos[Instrument], "instruments", d, overlay)
	mergeSlice(&rb.openPoints, f.openPoints, func(x *OpenPoint) string { return x.Ref }, pos[OpenPoint], "open_points", d, overlay)
	mergeSlice(&rb.exclusions, f.exclusions, func(x *Exclusion) string { return x.Code }, pos[Exclusion], "exclusions", d, overlay)
	mergeMap(rb.facilities, f.facilities, func(x *Facility) string { return x.Code }, pos[Facility], "facilities", d, overlay)
	mergeMap(rb.holidays, f.holidays, func(x *HolidayYear) int { return x.Year }, pos[HolidayYear], "holidays", d, overlay)
	mergeMap(rb.codeLists, f.codeLists, func(x *CodeList) string { return x.Name }, pos[CodeList], "code_lists", d, overlay)
	mergeMap(rb.tariffs, f.tariffs, func(x *TariffTable) string { return x.Name }, pos[TariffTable], "tariff_tables", d, overlay)
	if f.regions != nil {
		if rb.regions.Province != "" && !overlay {
			d.fail(nil, "regions", ErrDuplicate, "regions defined again at line %d (first in %s:%d)", f.regions.line, rb.regions.file, rb.regions.line)
		} else {
			rb.regions = *f.regions
		}
	}
}

// located is a table entry that knows where it was defined.
type located interface {
	Instrument | OpenPoint | Exclusion | Facility | HolidayYear | CodeList | TariffTable
}

// pos returns where a table entry was defined.
func pos[T located](x *T) (string, int) {
	switch v := any(x).(type) {
	case *Instrument:
		return v.file, v.line
	case *OpenPoint:
		return v.file, v.line
	case *Exclusion:
		return v.file, v.line
	case *Facility:
		return v.file, v.line
	case *HolidayYear:
		return v.file, v.line
	case *CodeList:
		return v.file, v.line
	case *TariffTable:
		return v.file, v.line
	}
	return "", 0
}

// duplicate reports an entry defined twice in a base rulebook, at the
// second definition's line, naming the first.
func duplicate[T any, K comparable](d *decoder, section string, k K, second, first *T, where func(*T) (string, int)) {
	_, line := where(second)
	ff, fl := where(first)
	d.c.add(&loadError{File: d.file, Line: line, Path: fmt.Sprintf("%s.%v", section, k),
		Msg: fmt.Sprintf("defined again (first in %s:%d)", ff, fl), Err: ErrDuplicate})
}

// mergeMap puts each of add into m by its key: an overlay's entry replaces
// the rulebook's; in a base rulebook a second definition is an error.
func mergeMap[T any, K comparable](m map[K]*T, add []T, key func(*T) K, where func(*T) (string, int), section string, d *decoder, overlay bool) {
	for i := range add {
		x := &add[i]
		k := key(x)
		if old, ok := m[k]; ok && !overlay {
			duplicate(d, section, k, x, old, where)
			continue
		}
		m[k] = x
	}
}

// mergeSlice is mergeMap for the tables kept in order.
func mergeSlice[T any, K comparable](l *[]T, add []T, key func(*T) K, where func(*T) (string, int), section string, d *decoder, overlay bool) {
	for i := range add {
		x := &add[i]
		k := key(x)
		j := -1
		for i := range *l { // by index: a closure over each element would copy it
			if key(&(*l)[i]) == k {
				j = i
				break
			}
		}
		switch {
		case j < 0:
			*l = append(*l, *x)
		case overlay:
			(*l)[j] = *x
		default:
			duplicate(d, section, k, x, &(*l)[j], where)
		}
	}
}

func (rb *Rulebook) mergeParam(rp *rawParam, d *decoder, overlay bool) {
	old, exists := rb.params[rp.path]
	if exists && !overlay {
		d.fail(rp.node, rp.path, ErrDuplicate, "parameter defined again (first in %s:%d)", old.file, old.line)
		return
	}
	p := &param{path: rp.path, desc: rp.desc, kind: rp.kind, options: rp.options, ambiguity: rp.ambiguity, file: rp.file, line: rp.node.Line}
	if exists {
		if rp.kind != KindInvalid && rp.kind != old.kind {
			d.fail(rp.node, rp.path, ErrType, "the overlay gives type %s; the rulebook's parameter is %s", rp.kind, old.kind)
			return
		}
		p.kind, p.file, p.line = old.kind, old.file, old.line
		if p.desc == "" {
			p.desc = old.desc
		}
		if p.options == nil {
			p.options = old.options
		}
		if p.ambiguity == "" {
			p.ambiguity = old.ambiguity
		}
	} else if rp.kind == KindInvalid {
		if overlay {
			d.fail(rp.node, rp.path, ErrUnknownKey, "the rulebook has no parameter %s (to add one, give its type:)", rp.path)
		} else {
			d.fail(rp.node, rp.path, ErrMissing, "parameter has no type:")
		}
		return
	}
	for _, other := range rb.paths {
		if strings.HasPrefix(other, rp.path+".") || strings.HasPrefix(rp.path, other+".") {
			d.fail(rp.node, rp.path, ErrDuplicate, "%s is both a parameter and a group (see %s)", rp.path, other)
			return
		}
	}
	if rp.values == nil {
		return // reported by the decoder
	}
	vals := d.typedValues(p, rp.values)
	if exists {
		vals = mergeValues(old.values, vals)
		for i := 0; i+1 < len(vals); i++ {
			if u := vals[i].Until; !u.IsZero() && !u.Before(vals[i+1].From) {
				d.fail(rp.node, rp.path, ErrOverlap, "after the overlay, the value from %s runs until %s, past the value from %s", vals[i].From, u, vals[i+1].From)
			}
		}
	}
	p.values = vals
	rb.params[rp.path] = p
	if !exists {
		i, _ := slices.BinarySearch(rb.paths, rp.path)
		rb.paths = slices.Insert(rb.paths, i, rp.path)
	}
}

// mergeValues returns base with each of add put in its place by date,
// replacing a base value of the same date.
func mergeValues(base, add []Value) []Value {
	out := slices.Clone(base)
	for _, v := range add {
		i, found := slices.BinarySearchFunc(out, v.From, func(x Value, d Date) int { return x.From.Compare(d) })
		if found {
			out[i] = v
		} else {
			out = slices.Insert(out, i, v)
		}
	}
	return out
}

// finish validates cross-references, sorts the tables and computes the
// revision.
func (rb *Rulebook) finish(c *errs) (*Rulebook, error) {
	rb.facCodes = rb.facCodes[:0:0]
	rb.aliases = map[string]string{}
	for code, f := range rb.facilities {
		rb.facCodes = append(rb.facCodes, code)
		d := &decoder{file: f.file, c: c}
		if f.Region != "" {
			if loc, ok := rb.regions.LocationOf(f.Region); ok && loc != f.Location {
				d.fail(nil, "facilities."+code, ErrReference, "region %s is %s by the rulebook's regions (%s), but location is %s", f.Region, loc, rb.regions.BorderingRef, f.Location)
			}
		} else if f.Location == LocationBordering && len(rb.regions.Bordering) > 0 {
			d.fail(nil, "facilities."+code, ErrMissing, "a facility located bordering the city needs its region: one of %v", rb.regions.Bordering)
		}
		if f.Kecamatan != "" {
			if _, ok := rb.regions.KecamatanByCode(f.Kecamatan); !ok {
				c.add(&loadError{File: f.file, Line: f.line, Path: "facilities." + code, Msg: fmt.Sprintf("kecamatan %q is not a kecamatan of the rulebook's regions", f.Kecamatan), Err: ErrReference})
			}
			if f.Location != LocationCity {
				d.fail(nil, "facilities."+code, ErrReference, "a kecamatan is given for a facility whose location is %s", f.Location)
			}
		}
		for _, a := range f.Aliases {
			if other, dup := rb.aliases[a]; dup {
				c.add(&loadError{File: f.file, Line: f.line, Path: "facilities." + code, Msg: fmt.Sprintf("alias %q is also an alias of %s", a, other), Err: ErrDuplicate})
			}
			rb.aliases[a] = code
		}
	}
	sort.Strings(rb.facCodes)
	for _, code := range rb.facCodes {
		if owner, ok := rb.aliases[code]; ok && owner != code {
			c.add(&loadError{File: rb.facilities[code].file, Line: rb.facilities[code].line, Path: "facilities." + code, Msg: fmt.Sprintf("code is also an alias of %s", owner), Err: ErrDuplicate})
		}
	}
	sort.SliceStable(rb.instruments, func(i, j int) bool { return rb.instruments[i].since().Before(rb.instruments[j].since()) })
	rb.sourceIDs = make(map[string]int, len(rb.instruments))
	for i, in := range rb.instruments {
		rb.sourceIDs[in.ID] = i
	}
	for _, in := range rb.instruments {
		if in.RepealedBy != "" {
			if _, ok := rb.sourceIDs[in.RepealedBy]; !ok {
				c.add(&loadError{File: in.file, Line: in.line, Path: "instruments." + in.ID, Msg: fmt.Sprintf("repealed_by %q is not an instrument of the rulebook", in.RepealedBy), Err: ErrReference})
			}
		}
	}
	rb.checkRefs(c)
	sort.SliceStable(rb.exclusions, func(i, j int) bool { return rb.exclusions[i].Number < rb.exclusions[j].Number })
	rb.years = rb.years[:0:0]
	for y := range rb.holidays {
		rb.years = append(rb.years, y)
	}
	sort.Ints(rb.years)
	if err := c.err(); err != nil {
		sortErrors(c.list)
		return nil, c.list
	}
	rb.revision = rb.computeRevision()
	rb.gov = rb.governingTimeline()
	rb.cityCode = rb.regions.Province + rb.regions.City
	rb.calRuns = buildCalRuns(rb.years, rb.holidays, false)
	rb.calRunsCuti = buildCalRuns(rb.years, rb.holidays, true)
	rb.known = rb.knownThrough()
	rb.memo = new(sync.Map)
	rb.excIdx = buildExcIndex(rb.exclusions)
	rb.facIdx = buildFacIndex(rb.facilities, rb.aliases)
	return rb, nil
}

// governingTimeline precomputes which instrument governs from each date on
// which an instrument starts or ends.
func (rb *Rulebook) governingTimeline() []govSpan {
	var dates []Date
	for _, in := range rb.instruments {
		dates = append(dates, in.InForce)
		if !in.Repealed.IsZero() {
			dates = append(dates, in.Repealed)
		}
	}
	slices.SortFunc(dates, Date.Compare)
	dates = slices.Compact(dates)
	out := make([]govSpan, 0, len(dates))
	for _, d := range dates {
		out = append(out, govSpan{from: d, idx: rb.governingIndex(d)})
	}
	return out
}

func (rb *Rulebook) governingIndex(d Date) int {
	best := -1
	for i, in := range rb.instruments {
		if !in.InForceOn(d) || levelRank[in.Level] == 0 || in.NotGoverning {
			continue
		}
		if best < 0 {
			best = i
			continue
		}
		b := rb.instruments[best]
		if levelRank[in.Level] > levelRank[b.Level] || levelRank[in.Level] == levelRank[b.Level] && !in.InForce.Before(b.InForce) {
			best = i
		}
	}
	return best
}

// Memo returns the value memoised under key for this rulebook, building it
// with build on first use. Packages that derive data from a rulebook (a
// table of resolved Keys, an index) keep it here: it lives exactly as long
// as the rulebook, and an overlay, being a new rulebook, starts empty.
// build must be a pure function of rb; it may run more than once when
// called concurrently, and one result is kept. key should be a value of an
// unexported type of the calling package, as with context keys.
func (rb *Rulebook) Memo(key any, build func(*Rulebook) any) any {
	if rb.memo == nil { // the zero Rulebook: nothing is kept
		return build(rb)
	}
	if v, ok := rb.memo.Load(key); ok {
		return v
	}
	v, _ := rb.memo.LoadOrStore(key, build(rb))
	return v
}

func sortErrors(l loadErrors) {
	sort.SliceStable(l, func(i, j int) bool {
		if l[i].File != l[j].File {
			return l[i].File < l[j].File
		}
		if l[i].Line != l[j].Line {
			return l[i].Line < l[j].Line
		}
		return l[i].Column < l[j].Column
	})
}

// canonical is the content a revision hashes: every parameter and table,
// in a fixed order, without file names or lines.
type canonical struct {
	Name        string       `json:"name"`
	Description string       `json:"description"`
	Params      []Param      `json:"parameters"`
	Instruments []Instrument `json:"instruments"`
	OpenPoints  []OpenPoint  `json:"open_points"`
	Facilities  []*Facility  `json:"facilities"`
	// Classes are the facilities' dated classes, by code (not in a
	// facility's own JSON, whose refs are those of its listing).
	Classes    map[string][]DatedClass `json:"facility_classes,omitempty"`
	Exclusions []Exclusion             `json:"exclusions"`
	Holidays   []*HolidayYear          `json:"holidays"`
	Regions    Regions                 `json:"regions"`
	CodeLists  []*CodeList             `json:"code_lists"`
	Tariffs    []*TariffTable          `json:"tariff_tables"`
}

type canonicalParam struct {
	Param
	Type string `json:"type"`
}

func (rb *Rulebook) canonical() canonical {
	cn := canonical{Name: rb.name, Description: rb.description, Regions: rb.regions}
	for _, p := range rb.paths {
		cn.Params = append(cn.Params, rb.params[p].public())
	}
	cn.Instruments = rb.instruments
	cn.OpenPoints = rb.openPoints
	for _, c := range rb.facCodes {
		f := rb.facilities[c]
		cn.Facilities = append(cn.Facilities, f)
		if len(f.Classes) > 0 {
			if cn.Classes == nil {
				cn.Classes = map[string][]DatedClass{}
			}
			cn.Classes[c] = f.Classes
		}
	}
	cn.Exclusions = rb.exclusions
	for _, y := range rb.years {
		cn.Holidays = append(cn.Holidays, rb.holidays[y])
	}
	for _, name := range sortedNames(rb.codeLists) {
		cn.CodeLists = append(cn.CodeLists, rb.codeLists[name])
	}
	for _, name := range sortedNames(rb.tariffs) {
		cn.Tariffs = append(cn.Tariffs, rb.tariffs[name])
	}
	return cn
}

func (rb *Rulebook) computeRevision() string {
	cn := rb.canonical()
	params := make([]canonicalParam, len(cn.Params))
	for i, p := range cn.Params {
		params[i] = canonicalParam{Param: p, Type: p.Kind.String()}
	}
	h := sha256.New()
	enc := json.NewEncoder(h)
	// The encoder writes maps sorted and structs in field order, so the
	// same content always gives the same bytes.
	_ = enc.Encode(struct {
		canonical
		Params []canonicalParam `json:"parameters"`
	}{cn, params})
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// Name returns the rulebook's name, as its rulebook: section gives it.
func (rb *Rulebook) Name() string { return rb.name }

// Description returns the rulebook's description.
func (rb *Rulebook) Description() string { return rb.description }

// Overlays returns the names of the overlays applied, in order.
func (rb *Rulebook) Overlays() []string { return slices.Clone(rb.overlays) }

// Sources returns the files the rulebook was built from, overlays last.
func (rb *Rulebook) Sources() []string { return slices.Clone(rb.sources) }

// Revision returns a content hash of the rulebook after overlays, of the
// form sha256:<64 hex digits>. Two rulebooks with the same parameters and
// tables have the same revision, however their files are laid out,
// commented or named, and whether a value came from the base or an overlay;
// every decision records it, so that it can be replayed on the same rules.
func (rb *Rulebook) Revision() string { return rb.revision }

// Params returns every parameter with all its dated values, sorted by
// path.
func (rb *Rulebook) Params() []Param {
	out := make([]Param, 0, len(rb.paths))
	for _, p := range rb.paths {
		out = append(out, rb.params[p].public())
	}
	return out
}

// Param returns one parameter with all its dated values.
func (rb *Rulebook) Param(path string) (Param, bool) {
	p, ok := rb.params[path]
	if !ok {
		return Param{}, false
	}
	return p.public(), true
}

// Instruments returns the whole sources table (legal instruments and
// non-legal sources), in the order they took effect or appeared.
func (rb *Rulebook) Instruments() []Instrument { return slices.Clone(rb.instruments) }

// Instrument returns the entry of the sources table with the given id,
// such as "Perda 9/2018" or "Jannah 2019".
func (rb *Rulebook) Instrument(id string) (Instrument, bool) {
	if i, ok := rb.sourceIDs[id]; ok {
		return rb.instruments[i], true
	}
	return Instrument{}, false
}

// OpenPoints returns the instruments the texts delegate to that the
// sources do not hold, in the order of the rulebook.
func (rb *Rulebook) OpenPoints() []OpenPoint { return slices.Clone(rb.openPoints) }

// Facilities returns every facility, sorted by code, whatever its
// partnership dates.
func (rb *Rulebook) Facilities() []Facility {
	out := make([]Facility, 0, len(rb.facCodes))
	for _, c := range rb.facCodes {
		out = append(out, *rb.facilities[c])
	}
	return out
}

// Facility returns the facility with the given code or alias.
func (rb *Rulebook) Facility(code string) (Facility, bool) {
	f := rb.facility(code)
	if f == nil {
		return Facility{}, false
	}
	return *f, true
}

// FacilityByKodeRS returns the facility whose Ministry of Health hospital
// code (kode RS) is code. It is false when no facility has it, or when
// more than one does (the rulebook does not tell them apart).
func (rb *Rulebook) FacilityByKodeRS(code string) (Facility, bool) {
	if rb == nil || code == "" {
		return Facility{}, false
	}
	var found *Facility
	for _, c := range rb.facCodes {
		if f := rb.facilities[c]; f.KodeRS == code {
			if found != nil {
				return Facility{}, false
			}
			found = f
		}
	}
	if found == nil {
		return Facility{}, false
	}
	return *found, true
}

func (rb *Rulebook) facility(code string) *Facility {
	if rb.facIdx != nil {
		return rb.facIdx.lookup(code)
	}
	if f, ok := rb.facilities[code]; ok {
		return f
	}
	if c, ok := rb.aliases[code]; ok {
		return rb.facilities[c]
	}
	return nil
}

// Exclusions returns every exclusion, in the order of the Juknis list.
func (rb *Rulebook) Exclusions() []Exclusion { return slices.Clone(rb.exclusions) }

// CityCode returns the four-digit code of the city (province and city:
// 3275 for Kota Bekasi), as a KK's domicile or a NIK's prefix writes it.
func (rb *Rulebook) CityCode() string { return rb.cityCode }

// Regions returns the administrative codes of the city.
func (rb *Rulebook) Regions() Regions {
	r := rb.regions
	r.Kecamatan = slices.Clone(r.Kecamatan)
	return r
}

// Calendar returns the working-day calendar built from the rulebook's
// holiday years.
func (rb *Rulebook) Calendar() Calendar { return Calendar{rb: rb} }

// HolidayYears returns the years the calendar covers, ascending.
func (rb *Rulebook) HolidayYears() []int { return slices.Clone(rb.years) }

// HolidayYear returns the holidays of one year.
func (rb *Rulebook) HolidayYear(year int) (HolidayYear, bool) {
	hy, ok := rb.holidays[year]
	if !ok {
		return HolidayYear{}, false
	}
	out := *hy
	out.Days = slices.Clone(hy.Days)
	return out, true
}

// Ambiguities returns the parameters that settle a point the texts leave
// open, each with the readings in its ambiguity text and its defaults.
func (rb *Rulebook) Ambiguities() []Param {
	var out []Param
	for _, p := range rb.paths {
		if rb.params[p].ambiguity != "" {
			out = append(out, rb.params[p].public())
		}
	}
	return out
}

func sortedNames[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// CodeList returns the named code list, whatever its dates.
func (rb *Rulebook) CodeList(name string) (CodeList, bool) {
	l, ok := rb.codeLists[name]
	if !ok {
		return CodeList{}, false
	}
	out := *l
	out.Codes = slices.Clone(l.Codes)
	return out, true
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
