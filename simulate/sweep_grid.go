package simulate

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"

	"github.com/kartusehat/kartusehat/rules"
	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

// A grid file (YAML) describes a sweep: the reforms to compare, each a
// cell of the product of its axes, and the years, seeds and scale to run
// them at. An axis is either a parameter with its values (listed, or a
// range from, to, step) or a list of overlay files:
//
//	name: Diskon RS tipe B 10-30 %
//	years: [2019]
//	seeds: 10
//	scale: 1000
//	instrument:             # the hypothetical instrument the values cite
//	  id: Skenario Diskon B 2019
//	  level: perwal
//	  title: ...
//	  in_force: 2019-01-01
//	  note: A hypothetical draft for simulation.
//	axes:
//	  - parameter: tariff.insidental.discount.type_b
//	    from: 10
//	    to: 30
//	    step: 2.5
//	  - overlays: [none, no-puskesmas-referral.yaml]
//
// A parameter value takes effect on the instrument's in_force date (or the
// axis' effective date) and cites the axis' ref (default: the instrument's
// id). An overlay file is read relative to the grid file; "none" is the
// level without an overlay. A cell applies its axes in order, overlay
// after overlay (rules.Rulebook.Overlay).

// MaxGridCells is the largest grid a file may describe.
const MaxGridCells = 10_000

// Grid is a sweep's grid of reforms, read from a grid file (ParseGrid).
type Grid struct {
	// Name is the grid's name; File the grid file's name.
	Name string `json:"name"`
	File string `json:"file"`
	// Years, Seeds and Scale are the grid file's defaults (SweepConfig
	// may override them): the years to run, seeds 1 to Seeds, and the
	// volume in per mille of the city.
	Years []int `json:"years"`
	Seeds int   `json:"seeds"`
	Scale int64 `json:"scale_permill"`
	// Cells are the reforms, the product of the axes, the last axis
	// varying fastest.
	Cells []Cell `json:"cells"`
}

// Cell is one reform of a grid.
type Cell struct {
	Index int    `json:"index"`
	Name  string `json:"name"`
	// Settings are what the cell sets, in the order they apply.
	Settings []Setting `json:"settings"`

	levels  []*level
	failing int // the grid line of the level whose overlay failed
}

// Setting is one level of one axis: a parameter's value, or an overlay
// file ("none": no overlay).
type Setting struct {
	Parameter string `json:"parameter,omitempty"`
	Value     string `json:"value,omitempty"`
	Overlay   string `json:"overlay,omitempty"`
}

// level is one value of an axis, made ready as an overlay.
type level struct {
	setting Setting
	label   string
	line    int    // where it is declared in the grid file
	name    string // the overlay's name in errors and reports
	data    []byte // the overlay, nil for "none"
	value   *yaml.Node
	bad     string // what is wrong with the value
}

// GridError is a grid file that cannot run: each problem with where it
// is (file:line) and, once the cells are known, the cell it spoils.
type GridError struct {
	File     string
	Problems []string
}

// Error lists the problems, one a line.
func (e *GridError) Error() string {
	return "simulate: the grid " + e.File + " is refused:\n  " + strings.Join(e.Problems, "\n  ")
}

type gridParser struct {
	file string
	errs []string
}

func (p *gridParser) fail(n *yaml.Node, format string, args ...any) {
	line := 0
	if n != nil {
		line = n.Line
	}
	if len(p.errs) < 20 {
		p.errs = append(p.errs, fmt.Sprintf("%s:%d: %s", p.file, line, fmt.Sprintf(format, args...)))
	}
}

// fields returns a mapping's values by key, refusing a key not in known
// and a key given twice.
func (p *gridParser) fields(n *yaml.Node, what string, known ...string) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	if n.Kind != yaml.MappingNode {
		p.fail(n, "%s must be a mapping", what)
		return out
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case !containsString(known, k.Value):
			p.fail(k, "unknown key %q in %s (known: %s)", k.Value, what, strings.Join(known, ", "))
		case out[k.Value] != nil:
			p.fail(k, "key %q given twice in %s", k.Value, what)
		default:
			out[k.Value] = v
		}
	}
	return out
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func (p *gridParser) int(n *yaml.Node, what string, min, max int64) (int64, bool) {
	if n.Kind != yaml.ScalarNode {
		p.fail(n, "%s must be a whole number", what)
		return 0, false
	}
	v, err := strconv.ParseInt(n.Value, 10, 64)
	if err != nil || v < min || v > max {
		p.fail(n, "%s must be a whole number from %d to %d, is %q", what, min, max, n.Value)
		return 0, false
	}
	return v, true
}

func (p *gridParser) decimal(n *yaml.Node, what string) (decimal.Decimal, bool) {
	if n.Kind != yaml.ScalarNode {
		p.fail(n, "%s must be a number", what)
		return decimal.Decimal{}, false
	}
	d, err := decimal.NewFromString(n.Value)
	if err != nil {
		p.fail(n, "%s must be a number, is %q", what, n.Value)
		return decimal.Decimal{}, false
	}
	return d, true
}

// ParseGrid reads the grid file name from fsys and checks it against the
// baseline rulebook before any simulation: an unknown key (with its
// file:line), an unknown parameter, a value outside the parameter's type
// or options, an overlay file that does not apply, and an empty grid are
// all refused, each naming the cell and the field, in one *GridError.
// Overlay files are read from fsys relative to the grid file.
func ParseGrid(fsys fs.FS, name string, base *rules.Rulebook) (*Grid, error) {
	data, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, fmt.Errorf("simulate: the grid: %w", err)
	}
	if len(data) > rules.MaxFileSize {
		return nil, fmt.Errorf("simulate: the grid %s is larger than %d bytes", name, rules.MaxFileSize)
	}
	p := &gridParser{file: name}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, &GridError{File: name, Problems: []string{fmt.Sprintf("%s: not YAML: %v", name, err)}}
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, &GridError{File: name, Problems: []string{name + ": the grid is empty: give its axes"}}
	}
	root := doc.Content[0]
	top := p.fields(root, "the grid", "name", "years", "seeds", "scale", "instrument", "axes")
	g := &Grid{File: name, Name: strings.TrimSuffix(path.Base(name), path.Ext(name)), Years: []int{2019}, Seeds: 10, Scale: 1000}
	if n := top["name"]; n != nil {
		if n.Kind != yaml.ScalarNode || n.Value == "" {
			p.fail(n, "name must be text")
		} else {
			g.Name = n.Value
		}
	}
	if n := top["years"]; n != nil {
		g.Years = nil
		if n.Kind != yaml.SequenceNode || len(n.Content) == 0 {
			p.fail(n, "years must be a list of years, such as [2019]")
		}
		for _, y := range n.Content {
			if v, ok := p.int(y, "a year", 2017, 2100); ok {
				g.Years = append(g.Years, int(v))
			}
		}
	}
	if n := top["seeds"]; n != nil {
		if v, ok := p.int(n, "seeds", 1, 100_000); ok {
			g.Seeds = int(v)
		}
	}
	if n := top["scale"]; n != nil {
		if v, ok := p.int(n, "scale (per mille)", 1, 1_000_000); ok {
			g.Scale = v
		}
	}
	var instrument *yaml.Node
	var inForce, instrumentID string
	if n := top["instrument"]; n != nil {
		f := p.fields(n, "the instrument", "id", "level", "title", "in_force", "ref", "note", "repealed")
		instrument = n
		if f["id"] != nil {
			instrumentID = f["id"].Value
		}
		if f["in_force"] != nil {
			inForce = f["in_force"].Value
		}
		for _, k := range []string{"id", "level", "title", "in_force"} {
			if f[k] == nil {
				p.fail(n, "the instrument needs %s", k)
			}
		}
	}
	axesNode := top["axes"]
	var axes [][]*level
	if axesNode == nil || axesNode.Kind != yaml.SequenceNode || len(axesNode.Content) == 0 {
		at := axesNode
		if at == nil {
			at = root
		}
		p.fail(at, "the grid is empty: give at least one axis under axes")
	} else {
		for i, a := range axesNode.Content {
			axes = append(axes, p.axis(fsys, name, i+1, a, base, instrument, instrumentID, inForce))
		}
	}
	cells := 1
	for _, a := range axes {
		if len(a) == 0 {
			cells = 0
		}
		cells *= len(a)
		if cells > MaxGridCells {
			p.fail(axesNode, "the grid has more than %d cells", MaxGridCells)
			break
		}
	}
	// A bad value is reported with the first cell that holds it.
	for a, levels := range axes {
		stride := 1
		for _, later := range axes[a+1:] {
			stride *= max(len(later), 1)
		}
		for j, l := range levels {
			if l.bad == "" {
				continue
			}
			var labels []string
			for b, other := range axes {
				switch {
				case b == a:
					labels = append(labels, l.label)
				case len(other) > 0:
					labels = append(labels, other[0].label)
				}
			}
			p.fail(&yaml.Node{Line: l.line}, "cell %d (%s): %s", j*stride, strings.Join(labels, ", "), l.bad)
		}
	}
	if len(p.errs) > 0 {
		return nil, &GridError{File: name, Problems: p.errs}
	}
	if cells == 0 {
		return nil, &GridError{File: name, Problems: []string{fmt.Sprintf("%s:%d: the grid is empty: an axis has no values", name, axesNode.Line)}}
	}
	idx := make([]int, len(axes))
	for c := range cells {
		cell := Cell{Index: c}
		var labels []string
		for a := range axes {
			l := axes[a][idx[a]]
			cell.levels = append(cell.levels, l)
			cell.Settings = append(cell.Settings, l.setting)
			labels = append(labels, l.label)
		}
		cell.Name = strings.Join(labels, ", ")
		g.Cells = append(g.Cells, cell)
		for a := len(axes) - 1; a >= 0; a-- { // the last axis varies fastest
			if idx[a]++; idx[a] < len(axes[a]) {
				break
			}
			idx[a] = 0
		}
	}
	// Every cell's rulebook is built once now, so that a value the
	// rulebook refuses (or a combination of overlays) fails before any
	// work, naming the cell.
	for i := range g.Cells {
		if _, err := g.Cells[i].rulebook(base); err != nil {
			l := g.Cells[i].failing
			p.fail(&yaml.Node{Line: l}, "cell %d (%s): %v", i, g.Cells[i].Name, err)
		}
	}
	if len(p.errs) > 0 {
		return nil, &GridError{File: name, Problems: p.errs}
	}
	return g, nil
}

// axis reads one axis into its levels.
func (p *gridParser) axis(fsys fs.FS, file string, k int, n *yaml.Node, base *rules.Rulebook, instrument *yaml.Node, instrumentID, inForce string) []*level {
	f := p.fields(n, fmt.Sprintf("axis %d", k), "parameter", "values", "from", "to", "step", "effective", "ref", "overlays")
	if ov := f["overlays"]; ov != nil {
		for _, key := range []string{"parameter", "values", "from", "to", "step", "effective", "ref"} {
			if f[key] != nil {
				p.fail(f[key], "axis %d lists overlays: %s belongs to a parameter axis", k, key)
			}
		}
		if ov.Kind != yaml.SequenceNode || len(ov.Content) == 0 {
			p.fail(ov, "axis %d: overlays must be a list of overlay files (\"none\": no overlay)", k)
			return nil
		}
		var out []*level
		for _, o := range ov.Content {
			if o.Kind != yaml.ScalarNode || o.Value == "" {
				p.fail(o, "axis %d: an overlay is a file name", k)
				continue
			}
			l := &level{setting: Setting{Overlay: o.Value}, line: o.Line}
			if o.Value == "none" {
				l.label = "no overlay"
				out = append(out, l)
				continue
			}
			rel := path.Join(path.Dir(file), o.Value)
			data, err := fs.ReadFile(fsys, rel)
			if err != nil {
				p.fail(o, "axis %d: overlay %s: %v", k, o.Value, err)
				continue
			}
			l.data, l.name = data, o.Value
			l.label = strings.TrimSuffix(path.Base(o.Value), path.Ext(o.Value))
			out = append(out, l)
		}
		return out
	}
	pn := f["parameter"]
	if pn == nil {
		p.fail(n, "axis %d needs a parameter (with values, or from, to and step) or overlays", k)
		return nil
	}
	param, ok := base.Param(pn.Value)
	if !ok {
		p.fail(pn, "axis %d: unknown parameter %q (kartusehat rules lists them)", k, pn.Value)
		return nil
	}
	if instrument == nil {
		p.fail(pn, "axis %d: a parameter's values cite an instrument: give the grid an instrument", k)
		return nil
	}
	effective, ref := inForce, instrumentID
	if e := f["effective"]; e != nil {
		effective = e.Value
	}
	if r := f["ref"]; r != nil {
		ref = r.Value
	}
	var values []*yaml.Node
	switch vs := f["values"]; {
	case vs != nil:
		for _, key := range []string{"from", "to", "step"} {
			if f[key] != nil {
				p.fail(f[key], "axis %d: give values or from/to/step, not both", k)
			}
		}
		if vs.Kind != yaml.SequenceNode || len(vs.Content) == 0 {
			p.fail(vs, "axis %d: values must be a non-empty list", k)
			return nil
		}
		values = vs.Content
	case f["from"] != nil || f["to"] != nil || f["step"] != nil:
		if f["from"] == nil || f["to"] == nil || f["step"] == nil {
			p.fail(n, "axis %d: a range needs from, to and step", k)
			return nil
		}
		from, ok1 := p.decimal(f["from"], "from")
		to, ok2 := p.decimal(f["to"], "to")
		step, ok3 := p.decimal(f["step"], "step")
		if !ok1 || !ok2 || !ok3 {
			return nil
		}
		if !step.IsPositive() || to.LessThan(from) {
			p.fail(f["step"], "axis %d: a range needs from <= to and a positive step", k)
			return nil
		}
		if to.Sub(from).Div(step).GreaterThan(decimal.NewFromInt(MaxGridCells)) {
			p.fail(f["step"], "axis %d: the range has more than %d values", k, MaxGridCells)
			return nil
		}
		for v := from; !v.GreaterThan(to); v = v.Add(step) {
			values = append(values, &yaml.Node{Kind: yaml.ScalarNode, Value: v.String(), Line: f["from"].Line})
		}
	default:
		p.fail(n, "axis %d: parameter %s needs values, or from, to and step", k, pn.Value)
		return nil
	}
	leaf := pn.Value[strings.LastIndexByte(pn.Value, '.')+1:]
	var out []*level
	for _, v := range values {
		text, bad := checkValue(param, v)
		if bad != "" {
			// Kept, to be reported with the first cell it spoils once
			// every axis is known.
			out = append(out, &level{label: leaf + "=" + nodeText(v), line: v.Line, bad: fmt.Sprintf("axis %d: %s: %s", k, param.Path, bad)})
			continue
		}
		l := &level{setting: Setting{Parameter: param.Path, Value: text}, label: leaf + "=" + text, line: v.Line,
			name: fmt.Sprintf("%s:%d (%s=%s)", file, v.Line, param.Path, text), value: v}
		data, err := paramOverlay(l.label, param.Path, effective, ref, v, instrument)
		if err != nil {
			p.fail(v, "axis %d: %v", k, err)
			continue
		}
		l.data = data
		out = append(out, l)
	}
	return out
}

// checkValue checks a value against the parameter's type and options and
// returns it as text, or what is wrong with it.
func checkValue(param rules.Param, v *yaml.Node) (text, bad string) {
	switch param.Kind {
	case rules.KindList:
		if v.Kind != yaml.SequenceNode {
			return "", fmt.Sprintf("a list parameter takes a list, such as [%s]", strings.Join(param.Options, ", "))
		}
		var items []string
		for _, it := range v.Content {
			if it.Kind != yaml.ScalarNode || (len(param.Options) > 0 && !containsString(param.Options, it.Value)) {
				return "", fmt.Sprintf("%q is not one of its options (%s)", it.Value, strings.Join(param.Options, ", "))
			}
			items = append(items, it.Value)
		}
		return "[" + strings.Join(items, " ") + "]", ""
	case rules.KindEnum:
		if v.Kind != yaml.ScalarNode || !containsString(param.Options, v.Value) {
			return "", fmt.Sprintf("%q is not one of its options (%s)", v.Value, strings.Join(param.Options, ", "))
		}
	case rules.KindBool:
		if v.Kind != yaml.ScalarNode || (v.Value != "true" && v.Value != "false") {
			return "", fmt.Sprintf("%q is not true or false", v.Value)
		}
	case rules.KindAmount, rules.KindPercent, rules.KindNumber, rules.KindInt:
		d, err := decimal.NewFromString(v.Value)
		if v.Kind != yaml.ScalarNode || err != nil {
			return "", fmt.Sprintf("%q is not a number (the parameter is %s)", v.Value, param.Kind)
		}
		switch {
		case d.IsNegative():
			return "", fmt.Sprintf("%s is negative", v.Value)
		case param.Kind == rules.KindPercent && d.GreaterThan(decimal.NewFromInt(100)):
			return "", fmt.Sprintf("%s is outside 0-100 (the parameter is a percent)", v.Value)
		case param.Kind == rules.KindInt && !d.IsInteger():
			return "", fmt.Sprintf("%s is not a whole number", v.Value)
		}
	default:
		if v.Kind != yaml.ScalarNode {
			return "", fmt.Sprintf("a %s parameter takes one value", param.Kind)
		}
	}
	return v.Value, ""
}

// nodeText is a value as the grid writes it, a list in brackets.
func nodeText(v *yaml.Node) string {
	if v.Kind != yaml.SequenceNode {
		return v.Value
	}
	var items []string
	for _, it := range v.Content {
		items = append(items, nodeText(it))
	}
	return "[" + strings.Join(items, " ") + "]"
}

// paramOverlay writes the overlay that sets path to v from effective,
// citing ref, with the instrument that ref names.
func paramOverlay(label, path, effective, ref string, v, instrument *yaml.Node) ([]byte, error) {
	str := func(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: s} }
	quoted := func(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }
	mapping := func(kv ...*yaml.Node) *yaml.Node { return &yaml.Node{Kind: yaml.MappingNode, Content: kv} }
	val := *v
	val.Line, val.Column = 0, 0
	leaf := mapping(str("values"), mapping(str(effective), mapping(str("value"), &val, str("ref"), quoted(ref))))
	parts := strings.Split(path, ".")
	for i := len(parts) - 1; i >= 0; i-- {
		leaf = mapping(str(parts[i]), leaf)
	}
	root := mapping(str("rulebook"), mapping(str("name"), quoted(label)), str("parameters"), leaf,
		str("instruments"), &yaml.Node{Kind: yaml.SequenceNode, Content: []*yaml.Node{instrument}})
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	if err := enc.Encode(root); err != nil {
		return nil, err
	}
	return b.Bytes(), enc.Close()
}

// rulebook is the cell's rulebook: base with the cell's overlays applied
// in order.
func (c *Cell) rulebook(base *rules.Rulebook) (*rules.Rulebook, error) {
	rb := base
	for _, l := range c.levels {
		if l.data == nil {
			continue
		}
		nb, err := rb.Overlay(l.name, bytes.NewReader(l.data))
		if err != nil {
			c.failing = l.line
			return nil, err
		}
		rb = nb
	}
	if rb == base {
		return base, nil
	}
	return rb, nil
}
