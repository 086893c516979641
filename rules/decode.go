package rules

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	yaml "go.yaml.in/yaml/v3"
)

// The decoder works on yaml.Node trees, never on yaml's struct decoding:
// every key is checked against the schema by hand (so a typo is an error,
// with its line), and every scalar is read from its raw text (so 012 stays
// 012, 2018-08-23 is a calendar date and 250000 is an exact decimal).
//
// Typed decoding (Decoder.KnownFields with UnmarshalYAML on dates, amounts
// and dated values) was measured against this walk on facilities.yaml: it
// allocates more (13,760 allocations against 11,376, of which the node
// parse alone is 10,885), at the same speed, before any date, decimal or
// required-key check; its errors name Go types and a line but no column or
// parameter path ("line 2: field knd not found in type rules.facility"); a
// custom unmarshaler must return a *yaml.TypeError or the decoding stops at
// the first error; aliases and merge keys are resolved silently; and the
// parameter tree, keyed by names, still needs a node walk. Equal
// strictness would mean an UnmarshalYAML(*yaml.Node) on nearly every type,
// which is this walk again, so the walk is kept.

// fragment is what one YAML file contributes to a rulebook.
type fragment struct {
	file        string
	meta        *bookMeta
	params      []*rawParam
	groups      []rawGroup
	instruments []Instrument
	openPoints  []OpenPoint
	facilities  []Facility
	exclusions  []Exclusion
	holidays    []HolidayYear
	regions     *Regions
	codeLists   []CodeList
	tariffs     []TariffTable
}

// rawGroup is a group of the parameter tree as read.
type rawGroup struct {
	path string
	node *yaml.Node
}

type bookMeta struct {
	Name        string
	Description string
	Parts       []listed // the files of a whole rulebook (parts:)
	Requires    []listed // the parameters or groups it must hold (requires:)
	line        int      // the line of rulebook:
	partsLine   int      // the line of parts:, 0 when not given
}

// listed is a text of a list with the line it is on.
type listed struct {
	text string
	line int
}

// rawParam is a parameter leaf as read, before its values are typed (an
// overlay may leave the type to the base rulebook).
type rawParam struct {
	path      string
	desc      string
	kind      Kind // KindInvalid when not given
	options   []string
	ambiguity string
	values    *yaml.Node
	node      *yaml.Node
	file      string
}

var nameRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

type decoder struct {
	file string
	c    *errs
}

func (d *decoder) fail(n *yaml.Node, path string, sentinel error, format string, args ...any) {
	e := &loadError{File: d.file, Path: path, Msg: fmt.Sprintf(format, args...), Err: sentinel}
	if n != nil {
		e.Line, e.Column = n.Line, n.Column
	}
	d.c.add(e)
}

var yamlLineRE = regexp.MustCompile(`line (\d+)`)

// parseFragment reads one rulebook file.
func parseFragment(file string, data []byte, c *errs) *fragment {
	d := &decoder{file: file, c: c}
	f := &fragment{file: file}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return f // an empty file contributes nothing
		}
		d.syntax(err)
		return f
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		d.fail(&extra, "", ErrSyntax, "a rulebook file holds one YAML document; found another")
		return f
	} else if !errors.Is(err, io.EOF) {
		d.syntax(err)
		return f
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		d.fail(&doc, "", ErrSyntax, "empty document")
		return f
	}
	root := doc.Content[0]
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return f
	}
	for _, kv := range d.mapping(root, "") {
		switch kv.key {
		case "rulebook":
			f.meta = d.meta(kv.val)
			f.meta.line = kv.keyN.Line
		case "parameters":
			d.paramGroup(kv.val, "", f)
		case "instruments":
			f.instruments = d.instruments(kv.val)
		case "open_points":
			f.openPoints = d.openPoints(kv.val)
		case "facilities":
			f.facilities = d.facilities(kv.val)
		case "exclusions":
			f.exclusions = d.exclusions(kv.val)
		case "holidays":
			f.holidays = d.holidays(kv.val)
		case "regions":
			f.regions = d.regions(kv.val)
		case "code_lists":
			f.codeLists = d.codeLists(kv.val)
		case "tariff_tables":
			f.tariffs = d.tariffTables(kv.val)
		default:
			d.unknown(kv, "", "rulebook, parameters, instruments, open_points, facilities, exclusions, holidays, regions, code_lists, tariff_tables")
		}
	}
	return f
}

func (d *decoder) syntax(err error) {
	e := &loadError{File: d.file, Msg: strings.TrimPrefix(err.Error(), "yaml: "), Err: ErrSyntax}
	if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
		e.Line, _ = strconv.Atoi(m[1])
	}
	d.c.add(e)
}

type keyVal struct {
	key  string
	keyN *yaml.Node
	val  *yaml.Node
}

// mapping returns the pairs of a mapping node, reporting a non-mapping,
// aliases, merge keys and duplicate keys.
func (d *decoder) mapping(n *yaml.Node, path string) []keyVal {
	if n.Kind != yaml.MappingNode {
		d.fail(n, path, ErrType, "expected a mapping, found %s", describe(n))
		return nil
	}
	out := make([]keyVal, 0, len(n.Content)/2)
	seen := make(map[string]bool, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.Tag == "!!merge" {
			d.fail(k, path, ErrType, "keys must be plain names")
			continue
		}
		if v.Kind == yaml.AliasNode || k.Anchor != "" || v.Anchor != "" {
			d.fail(v, join(path, k.Value), ErrType, "anchors and aliases are not supported")
			continue
		}
		if seen[k.Value] {
			d.fail(k, join(path, k.Value), ErrDuplicate, "key %q given twice", k.Value)
			continue
		}
		seen[k.Value] = true
		out = append(out, keyVal{key: k.Value, keyN: k, val: v})
	}
	return out
}

func (d *decoder) unknown(kv keyVal, path, allowed string) {
	d.fail(kv.keyN, path, ErrUnknownKey, "unknown key %q (allowed: %s)", kv.key, allowed)
}

func (d *decoder) sequence(n *yaml.Node, path string) []*yaml.Node {
	if n.Kind != yaml.SequenceNode {
		d.fail(n, path, ErrType, "expected a list, found %s", describe(n))
		return nil
	}
	for _, e := range n.Content {
		if e.Kind == yaml.AliasNode || e.Anchor != "" {
			d.fail(e, path, ErrType, "anchors and aliases are not supported")
			return nil
		}
	}
	return n.Content
}

func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "an empty value"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "nothing"
}

// text reads a non-empty scalar as its raw text.
func (d *decoder) text(n *yaml.Node, path string) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		d.fail(n, path, ErrType, "expected text, found %s", describe(n))
		return "", false
	}
	if n.Tag == "!!null" || strings.TrimSpace(n.Value) == "" {
		d.fail(n, path, ErrMissing, "value is empty")
		return "", false
	}
	return n.Value, true
}

func (d *decoder) textList(n *yaml.Node, path string) ([]string, bool) {
	items := d.sequence(n, path)
	if items == nil && n.Kind != yaml.SequenceNode {
		return nil, false
	}
	out := make([]string, 0, len(items))
	ok := true
	for _, it := range items {
		s, good := d.text(it, path)
		ok = ok && good
		out = append(out, s)
	}
	return out, ok
}

func (d *decoder) date(n *yaml.Node, path string) (Date, bool) {
	s, ok := d.text(n, path)
	if !ok {
		return Date{}, false
	}
	dt, err := ParseDate(s)
	if err != nil {
		d.fail(n, path, ErrType, "%v", err)
		return Date{}, false
	}
	return dt, true
}

func (d *decoder) boolean(n *yaml.Node, path string) (bool, bool) {
	s, ok := d.text(n, path)
	if !ok {
		return false, false
	}
	switch s {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	d.fail(n, path, ErrType, "expected true or false, found %q", s)
	return false, false
}

func (d *decoder) integer(n *yaml.Node, path string) (int, bool) {
	s, ok := d.text(n, path)
	if !ok {
		return 0, false
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		d.fail(n, path, ErrType, "expected a whole number, found %q", s)
		return 0, false
	}
	return v, true
}

var decimalRE = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

func (d *decoder) decimal(n *yaml.Node, path string) (decimal.Decimal, bool) {
	s, ok := d.text(n, path)
	if !ok {
		return decimal.Decimal{}, false
	}
	if !decimalRE.MatchString(s) || len(s) > 40 {
		d.fail(n, path, ErrType, "expected a plain decimal number such as 250000 or 12.5, found %q", s)
		return decimal.Decimal{}, false
	}
	v, err := decimal.NewFromString(s)
	if err != nil {
		d.fail(n, path, ErrType, "expected a number, found %q", s)
		return decimal.Decimal{}, false
	}
	return v, true
}

func (d *decoder) enum(n *yaml.Node, path string, options ...string) (string, bool) {
	s, ok := d.text(n, path)
	if !ok {
		return "", false
	}
	for _, o := range options {
		if s == o {
			return s, true
		}
	}
	d.fail(n, path, ErrEnum, "%q is not one of %s", s, strings.Join(options, ", "))
	return "", false
}

func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

func (d *decoder) meta(n *yaml.Node) *bookMeta {
	m := &bookMeta{}
	for _, kv := range d.mapping(n, "rulebook") {
		switch kv.key {
		case "name":
			m.Name, _ = d.text(kv.val, "rulebook.name")
		case "description":
			m.Description, _ = d.text(kv.val, "rulebook.description")
		case "parts":
			m.partsLine = kv.keyN.Line
			m.Parts = d.entries(kv.val, "rulebook.parts")
		case "requires":
			m.Requires = d.entries(kv.val, "rulebook.requires")
		default:
			d.unknown(kv, "rulebook", "name, description, parts, requires")
		}
	}
	return m
}

// entries reads a list of texts, each with its line; a text given twice is
// an error.
func (d *decoder) entries(n *yaml.Node, path string) []listed {
	var out []listed
	seen := map[string]int{}
	for _, it := range d.sequence(n, path) {
		s, ok := d.text(it, path)
		if !ok {
			continue
		}
		if first, dup := seen[s]; dup {
			d.fail(it, path, ErrDuplicate, "%q is listed again (first at line %d)", s, first)
			continue
		}
		seen[s] = it.Line
		out = append(out, listed{text: s, line: it.Line})
	}
	return out
}

// paramGroup reads a group of the parameter tree: an optional description
// and named children, each a group or a leaf (a mapping with values:).
func (d *decoder) paramGroup(n *yaml.Node, path string, f *fragment) {
	pairs := d.mapping(n, path)
	children := 0
	for _, kv := range pairs {
		if kv.key != "description" {
			children++
		}
	}
	if children == 0 && n.Kind == yaml.MappingNode {
		d.fail(n, path, ErrMissing, "a group with no parameters (is values: misspelt?)")
		return
	}
	if path != "" {
		f.groups = append(f.groups, rawGroup{path: path, node: n})
	}
	for _, kv := range pairs {
		if kv.key == "description" {
			d.text(kv.val, join(path, "description"))
			continue
		}
		child := join(path, kv.key)
		if !nameRE.MatchString(kv.key) {
			d.fail(kv.keyN, path, ErrUnknownKey, "%q is not a parameter name (lower case letters, digits and _)", kv.key)
			continue
		}
		if kv.val.Kind != yaml.MappingNode {
			d.fail(kv.val, child, ErrType, "expected a group or a parameter with values:, found %s", describe(kv.val))
			continue
		}
		if isLeaf(kv.val) {
			if p := d.leaf(kv.val, child); p != nil {
				f.params = append(f.params, p)
			}
			continue
		}
		d.paramGroup(kv.val, child, f)
	}
}

// isLeaf reports whether a mapping is a parameter rather than a group: it
// has values:, or a scalar type: (so that a misspelt values: is reported
// as an unknown key of the parameter, not as a strange group).
func isLeaf(n *yaml.Node) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		switch n.Content[i].Value {
		case "values":
			return true
		case "type":
			if n.Content[i+1].Kind == yaml.ScalarNode {
				return true
			}
		}
	}
	return false
}

func hasKey(n *yaml.Node, key string) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return true
		}
	}
	return false
}

func (d *decoder) leaf(n *yaml.Node, path string) *rawParam {
	p := &rawParam{path: path, node: n, file: d.file}
	unknown := false
	for _, kv := range d.mapping(n, path) {
		switch kv.key {
		case "description":
			p.desc, _ = d.text(kv.val, path)
		case "type":
			s, ok := d.text(kv.val, path)
			if !ok {
				continue
			}
			k, ok := parseKind(s)
			if !ok {
				d.fail(kv.val, path, ErrEnum, "unknown type %q (amount, percent, number, int, bool, text, enum, list, date)", s)
				continue
			}
			p.kind = k
		case "options":
			p.options, _ = d.textList(kv.val, path)
		case "ambiguity":
			p.ambiguity, _ = d.text(kv.val, path)
		case "values":
			p.values = kv.val
		default:
			d.unknown(kv, path, "description, type, options, ambiguity, values")
			unknown = true
		}
	}
	if p.values == nil && !unknown {
		d.fail(n, path, ErrMissing, "parameter has no values:")
	}
	if p.kind == KindEnum && len(p.options) == 0 {
		d.fail(n, path, ErrMissing, "an enum parameter needs options:")
	}
	if p.kind != KindEnum && p.kind != KindList && p.kind != KindInvalid && p.options != nil {
		d.fail(n, path, ErrUnknownKey, "options: is only for types enum and list")
	}
	return p
}

// typedValues decodes the values: mapping of a leaf whose kind is known.
func (d *decoder) typedValues(p *param, n *yaml.Node) []Value {
	pairs := d.mapping(n, p.path)
	if len(pairs) == 0 && n.Kind == yaml.MappingNode {
		d.fail(n, p.path, ErrMissing, "values: holds no dated value")
	}
	out := make([]Value, 0, len(pairs))
	sites := make([]valueSite, len(pairs))
	var prev Date
	for i, kv := range pairs {
		from, err := ParseDate(kv.key)
		if err != nil {
			d.fail(kv.keyN, p.path, ErrType, "values are keyed by the date they take effect: %v", err)
			continue
		}
		if !prev.IsZero() && !from.After(prev) {
			d.fail(kv.keyN, p.path, ErrOrder, "value from %s is listed after the value from %s: list values in date order", from, prev)
		}
		prev = from
		entry := kv.val
		sites[i] = valueSite{file: d.file, line: entry.Line}
		v := Value{Path: p.path, Kind: p.kind, From: from, site: &sites[i]}
		if entry.Kind != yaml.MappingNode {
			d.fail(entry, p.path, ErrType, "a dated value is a mapping with value: and ref:, found %s", describe(entry))
			continue
		}
		var haveValue, haveRef bool
		for _, e := range d.mapping(entry, p.path) {
			switch e.key {
			case "value":
				haveValue = d.payload(p, &v, e.val)
			case "ref":
				v.Ref, haveRef = d.text(e.val, p.path)
				if !haveRef {
					haveRef = true // reported by text already
				}
			case "note":
				v.Note, _ = d.text(e.val, p.path)
			case "until":
				v.Until, _ = d.date(e.val, p.path)
			default:
				d.unknown(e, p.path, "value, ref, note, until")
			}
		}
		if !hasKey(entry, "value") {
			d.fail(entry, p.path, ErrMissing, "the value from %s has no value:", from)
			continue
		}
		if !haveRef {
			d.fail(entry, p.path, ErrNoCitation, "the value from %s has no ref: (cite the article it comes from)", from)
		}
		if !v.Until.IsZero() && v.Until.Before(from) {
			d.fail(entry, p.path, ErrOrder, "until %s is before the value takes effect on %s", v.Until, from)
		}
		if !haveValue {
			continue
		}
		if msg, sentinel := p.checkValue(&v); sentinel != nil {
			d.fail(valueNode(entry), p.path, sentinel, "%s", msg)
			continue
		}
		v.prepare()
		out = append(out, v)
	}
	for i := 0; i+1 < len(out); i++ {
		if u := out[i].Until; !u.IsZero() && !u.Before(out[i+1].From) {
			d.fail(n, p.path, ErrOverlap, "the value from %s runs until %s, past the value from %s", out[i].From, u, out[i+1].From)
		}
	}
	return out
}

func valueNode(entry *yaml.Node) *yaml.Node {
	for i := 0; i+1 < len(entry.Content); i += 2 {
		if entry.Content[i].Value == "value" {
			return entry.Content[i+1]
		}
	}
	return entry
}

func (d *decoder) payload(p *param, v *Value, n *yaml.Node) bool {
	var ok bool
	switch p.kind {
	case KindAmount, KindPercent, KindNumber:
		v.num, ok = d.decimal(n, p.path)
	case KindInt:
		var i int
		i, ok = d.integer(n, p.path)
		v.num = decimal.NewFromInt(int64(i))
	case KindBool:
		v.b, ok = d.boolean(n, p.path)
	case KindText, KindEnum:
		v.text, ok = d.text(n, p.path)
	case KindList:
		v.list, ok = d.textList(n, p.path)
	case KindDate:
		v.date, ok = d.date(n, p.path)
	}
	return ok
}

func (d *decoder) instruments(n *yaml.Node) []Instrument {
	var out []Instrument
	for _, it := range d.sequence(n, "instruments") {
		in := Instrument{line: it.Line, file: d.file}
		path := "instruments"
		for _, kv := range d.mapping(it, path) {
			switch kv.key {
			case "id":
				in.ID, _ = d.text(kv.val, path)
				path = "instruments." + in.ID
			case "title":
				in.Title, _ = d.text(kv.val, path)
			case "level":
				s, _ := d.enum(kv.val, path, instrumentLevels()...)
				in.Level = InstrumentLevel(s)
			case "number":
				in.Number, _ = d.text(kv.val, path)
			case "enacted":
				in.Enacted, _ = d.date(kv.val, path)
			case "in_force":
				in.InForce, _ = d.date(kv.val, path)
			case "repealed":
				in.Repealed, _ = d.date(kv.val, path)
			case "repealed_by":
				in.RepealedBy, _ = d.text(kv.val, path)
			case "published":
				in.Published, _ = d.date(kv.val, path)
			case "author":
				in.Author, _ = d.text(kv.val, path)
			case "publisher":
				in.Publisher, _ = d.text(kv.val, path)
			case "url":
				in.URL, _ = d.text(kv.val, path)
			case "parts":
				d.sourceParts(kv.val, path, &in)
			case "ref":
				in.Ref, _ = d.text(kv.val, path)
			case "note":
				in.Note, _ = d.text(kv.val, path)
			case "governs":
				governs, _ := d.boolean(kv.val, path)
				in.NotGoverning = !governs
			default:
				d.unknown(kv, path, "id, title, level, number, enacted, in_force, repealed, repealed_by, published, author, publisher, url, parts, governs, ref, note")
			}
		}
		in.Short = in.ID
		d.require(it, path, map[string]bool{"id": in.ID != "", "title": in.Title != "", "level": in.Level != ""})
		if hasKey(it, "id") {
			d.cited(it, path, "instrument", in.Ref)
		}
		switch {
		case in.Level == "":
		case in.Level.Legal():
			if in.InForce.IsZero() && !hasKey(it, "in_force") {
				d.fail(it, path, ErrMissing, "a legal instrument needs in_force:")
			}
			if !in.Published.IsZero() || in.Author != "" || in.Publisher != "" {
				d.fail(it, path, ErrUnknownKey, "published, author and publisher are for non-legal sources")
			}
		default:
			if !in.InForce.IsZero() || !in.Repealed.IsZero() || in.RepealedBy != "" || !in.Enacted.IsZero() {
				d.fail(it, path, ErrUnknownKey, "a %s is not in force: give published:, not enacted, in_force or repealed", in.Level)
			}
			if in.Published.IsZero() && in.Level != LevelConvention && !hasKey(it, "published") {
				d.fail(it, path, ErrMissing, "a %s needs published:", in.Level)
			}
		}
		if !in.Repealed.IsZero() && !in.Repealed.After(in.InForce) {
			d.fail(it, path, ErrOrder, "repealed %s is not after in_force %s", in.Repealed, in.InForce)
		}
		if !in.Enacted.IsZero() && in.Enacted.After(in.InForce) && !in.InForce.IsZero() {
			d.fail(it, path, ErrOrder, "enacted %s is after in_force %s", in.Enacted, in.InForce)
		}
		out = append(out, in)
	}
	return out
}

// sourceParts reads the parts of the source in.
func (d *decoder) sourceParts(n *yaml.Node, path string, in *Instrument) {
	items := d.sequence(n, path)
	in.Parts = slices.Grow(in.Parts[:0], len(items))[:len(items)]
	for i, it := range items {
		p := &in.Parts[i]
		for _, kv := range d.mapping(it, path) {
			switch kv.key {
			case "pinpoint":
				p.Pinpoint, _ = d.text(kv.val, path)
			case "date":
				p.Date, _ = d.date(kv.val, path)
			case "reports_from":
				p.ReportsFrom, _ = d.date(kv.val, path)
			case "note":
				p.Note, _ = d.text(kv.val, path)
			default:
				d.unknown(kv, path, "pinpoint, date, reports_from, note")
			}
		}
		d.require(it, path, map[string]bool{"pinpoint": p.Pinpoint != ""})
		if p.Date.IsZero() && p.ReportsFrom.IsZero() {
			d.fail(it, path, ErrMissing, "a part needs date: or reports_from:")
		}
		if !p.ReportsFrom.IsZero() && p.Note == "" {
			d.fail(it, path, ErrNoCitation, "a part that reports on an earlier period needs a note: saying where it says so")
		}
	}
}

func (d *decoder) require(n *yaml.Node, path string, have map[string]bool) {
	for _, k := range sortedKeys(have) {
		if !have[k] && !hasKey(n, k) {
			d.fail(n, path, ErrMissing, "missing %s:", k)
		}
	}
}

func (d *decoder) facilities(n *yaml.Node) []Facility {
	var out []Facility
	for _, it := range d.sequence(n, "facilities") {
		f := Facility{line: it.Line, file: d.file}
		path := "facilities"
		for _, kv := range d.mapping(it, path) {
			switch kv.key {
			case "code":
				f.Code, _ = d.text(kv.val, path)
				path = "facilities." + f.Code
			case "name":
				f.Name, _ = d.text(kv.val, path)
			case "kind":
				s, _ := d.enum(kv.val, path, string(KindPuskesmas), string(KindClinic), string(KindHospital))
				f.Kind = FacilityKind(s)
			case "level":
				f.Level, _ = d.integer(kv.val, path)
				if f.Level != 1 && f.Level != 2 {
					d.fail(kv.val, path, ErrRange, "level is 1 (PPK I) or 2 (PPK II), found %d", f.Level)
				}
			case "ownership":
				s, _ := d.enum(kv.val, path, string(OwnershipGovernment), string(OwnershipPrivate), string(OwnershipUnknown))
				f.Ownership = Ownership(s)
			case "hospital_type":
				if kv.val.Kind == yaml.MappingNode {
					f.Classes = d.datedClasses(kv.val, path+".hospital_type")
					if len(f.Classes) > 0 {
						f.HospitalType = f.Classes[0].Value
					}
					break
				}
				s, _ := d.enum(kv.val, path, "A", "B", "C", "D", "unknown")
				if s != "unknown" {
					f.HospitalType = s
				}
			case "location":
				s, _ := d.enum(kv.val, path, string(LocationCity), string(LocationBordering), string(LocationOutside))
				f.Location = Location(s)
			case "kecamatan":
				f.Kecamatan, _ = d.text(kv.val, path)
			case "region":
				f.Region, _ = d.text(kv.val, path)
			case "city_hospital":
				f.CityHospital, _ = d.boolean(kv.val, path)
			case "bordering":
				f.Bordering, _ = d.boolean(kv.val, path)
			case "profile_ref":
				f.ProfileRef, _ = d.text(kv.val, path)
			case "tariff_code":
				f.TariffCode, _ = d.text(kv.val, path)
			case "kode_rs":
				f.KodeRS, _ = d.text(kv.val, path)
				if !validKodeRS(f.KodeRS) {
					d.fail(kv.val, path, ErrRange, "kode_rs is the Ministry of Health's seven-digit hospital code, found %q", f.KodeRS)
				}
			case "aliases":
				f.Aliases, _ = d.textList(kv.val, path)
			case "partner":
				f.Partner = d.partnerships(kv.val, path)
			case "ref":
				f.Ref, _ = d.text(kv.val, path)
			case "note":
				f.Note, _ = d.text(kv.val, path)
			default:
				d.unknown(kv, path, "code, name, kind, level, ownership, hospital_type, tariff_code, kode_rs, location, kecamatan, region, city_hospital, bordering, aliases, partner, profile_ref, ref, note")
			}
		}
		d.require(it, path, map[string]bool{"code": f.Code != "", "name": f.Name != "", "kind": f.Kind != "",
			"level": f.Level != 0, "ownership": f.Ownership != "", "location": f.Location != "", "ref": f.Ref != ""})
		if f.Bordering && f.Location == LocationCity {
			d.fail(it, path, ErrRange, "a hospital in the city is not one bordering it")
		}
		if f.Kind == KindHospital && f.Level == 1 || f.Kind != KindHospital && f.Kind != "" && f.Level == 2 {
			d.fail(it, path, ErrRange, "a %s is not a level %d facility", f.Kind, f.Level)
		}
		out = append(out, f)
	}
	return out
}

// datedClasses reads a hospital's classes keyed by date, each
// {value: A|B|C|D, ref}, in date order.
func (d *decoder) datedClasses(n *yaml.Node, path string) []DatedClass {
	var out []DatedClass
	for _, kv := range d.mapping(n, path) {
		from, err := ParseDate(kv.key)
		if err != nil {
			d.fail(kv.keyN, path, ErrType, "a class is keyed by the date it is given from (YYYY-MM-DD), found %q", kv.key)
			continue
		}
		c := DatedClass{From: from}
		for _, e := range d.mapping(kv.val, path+"."+kv.key) {
			switch e.key {
			case "value":
				c.Value, _ = d.enum(e.val, path+"."+kv.key, "A", "B", "C", "D")
			case "ref":
				c.Ref, _ = d.text(e.val, path+"."+kv.key)
			default:
				d.unknown(e, path+"."+kv.key, "value, ref")
			}
		}
		d.cited(kv.val, path+"."+kv.key, "a class", c.Ref)
		if len(out) > 0 && !out[len(out)-1].From.Before(from) {
			d.fail(kv.keyN, path, ErrRange, "classes are keyed by dates in order, %s after %s", from, out[len(out)-1].From)
		}
		out = append(out, c)
	}
	return out
}

func (d *decoder) partnerships(n *yaml.Node, path string) []Partnership {
	var out []Partnership
	var prev Date
	for _, it := range d.sequence(n, path) {
		var p Partnership
		for _, kv := range d.mapping(it, path) {
			switch kv.key {
			case "from":
				p.From, _ = d.date(kv.val, path)
			case "until":
				p.Until, _ = d.date(kv.val, path)
			case "ref":
				p.Ref, _ = d.text(kv.val, path)
			default:
				d.unknown(kv, path, "from, until, ref")
			}
		}
		d.require(it, path, map[string]bool{"from": !p.From.IsZero()})
		d.cited(it, path, "partnership", p.Ref)
		d.span(it, path, p.From, p.Until)
		if !prev.IsZero() && !p.From.After(prev) {
			d.fail(it, path, ErrOverlap, "partnership from %s overlaps or precedes the one before", p.From)
		}
		prev = p.Until
		if prev.IsZero() {
			prev = p.From
		}
		out = append(out, p)
	}
	return out
}

func (d *decoder) exclusions(n *yaml.Node) []Exclusion {
	var out []Exclusion
	for _, it := range d.sequence(n, "exclusions") {
		x := Exclusion{line: it.Line, file: d.file}
		path := "exclusions"
		for _, kv := range d.mapping(it, path) {
			switch kv.key {
			case "code":
				x.Code, _ = d.text(kv.val, path)
				path = "exclusions." + x.Code
			case "number":
				x.Number, _ = d.integer(kv.val, path)
			case "name":
				x.Name = d.bilingual(kv.val, path)
			case "categories":
				x.Categories, _ = d.textList(kv.val, path)
			case "icd10":
				x.ICD10, _ = d.textList(kv.val, path)
			case "icd9cm":
				x.ICD9CM, _ = d.textList(kv.val, path)
			case "unless_medical_indication":
				x.UnlessMedicalIndication, _ = d.boolean(kv.val, path)
			case "elderly":
				x.Elderly = d.ageLimited(kv.val, path+".elderly")
			case "from":
				x.From, _ = d.date(kv.val, path)
			case "until":
				x.Until, _ = d.date(kv.val, path)
			case "ref":
				x.Ref, _ = d.text(kv.val, path)
			case "refs":
				x.Refs = d.datedRefs(kv.val, path)
			case "note":
				x.Note, _ = d.text(kv.val, path)
			default:
				d.unknown(kv, path, "code, number, name, categories, icd10, icd9cm, unless_medical_indication, elderly, from, until, ref, refs, note")
			}
		}
		d.require(it, path, map[string]bool{"code": x.Code != "", "number": x.Number != 0,
			"categories": len(x.Categories) > 0, "from": !x.From.IsZero()})
		d.cited(it, path, "exclusion", x.Ref)
		d.span(it, path, x.From, x.Until)
		if len(x.Refs) > 0 && !x.Refs[0].From.After(x.From) {
			d.fail(it, path, ErrOrder, "refs: are the citations from a later date than from: %s", x.From)
		}
		out = append(out, x)
	}
	return out
}

func (d *decoder) ageLimited(n *yaml.Node, path string) *AgeLimited {
	a := &AgeLimited{}
	for _, kv := range d.mapping(n, path) {
		switch kv.key {
		case "categories":
			a.Categories, _ = d.textList(kv.val, path)
		case "icd10":
			a.ICD10, _ = d.textList(kv.val, path)
		case "icd9cm":
			a.ICD9CM, _ = d.textList(kv.val, path)
		case "min_age":
			a.MinAge, _ = d.integer(kv.val, path)
		case "ref":
			a.Ref, _ = d.text(kv.val, path)
		default:
			d.unknown(kv, path, "categories, icd10, icd9cm, min_age, ref")
		}
	}
	d.require(n, path, map[string]bool{"min_age": a.MinAge > 0})
	if a.Ref == "" {
		d.fail(n, path, ErrNoCitation, "the age limit has no ref:")
	}
	return a
}

func (d *decoder) bilingual(n *yaml.Node, path string) Text {
	var t Text
	for _, kv := range d.mapping(n, path) {
		switch kv.key {
		case "id":
			t.ID, _ = d.text(kv.val, path)
		case "en":
			t.EN, _ = d.text(kv.val, path)
		default:
			d.unknown(kv, path, "id, en")
		}
	}
	if t.ID == "" || t.EN == "" {
		d.fail(n, path, ErrMissing, "a name needs id: (Bahasa Indonesia) and en: (English)")
	}
	return t
}

func (d *decoder) holidays(n *yaml.Node) []HolidayYear {
	var out []HolidayYear
	for _, kv := range d.mapping(n, "holidays") {
		path := "holidays." + kv.key
		year, err := strconv.Atoi(kv.key)
		if err != nil || year < 1900 || year > 2999 {
			d.fail(kv.keyN, "holidays", ErrType, "holidays are keyed by year, found %q", kv.key)
			continue
		}
		hy := HolidayYear{Year: year, line: kv.keyN.Line, file: d.file}
		for _, f := range d.mapping(kv.val, path) {
			switch f.key {
			case "ref":
				hy.Ref, _ = d.text(f.val, path)
			case "note":
				hy.Note, _ = d.text(f.val, path)
			case "days":
				hy.Days = d.holidayDays(f.val, path, year)
			default:
				d.unknown(f, path, "ref, note, days")
			}
		}
		if hy.Ref == "" {
			d.fail(kv.keyN, path, ErrNoCitation, "holiday year has no ref: (cite its SKB)")
		}
		out = append(out, hy)
	}
	return out
}

func (d *decoder) holidayDays(n *yaml.Node, path string, year int) []Holiday {
	var out []Holiday
	var prev Date
	for _, it := range d.sequence(n, path) {
		var h Holiday
		for _, kv := range d.mapping(it, path) {
			switch kv.key {
			case "date":
				h.Date, _ = d.date(kv.val, path)
			case "name":
				h.Name, _ = d.text(kv.val, path)
			case "kind":
				s, _ := d.enum(kv.val, path, string(HolidayNational), string(HolidayCutiBersama))
				h.Kind = HolidayKind(s)
			default:
				d.unknown(kv, path, "date, name, kind")
			}
		}
		d.require(it, path, map[string]bool{"date": !h.Date.IsZero(), "name": h.Name != "", "kind": h.Kind != ""})
		if h.Date.IsZero() {
			continue
		}
		if h.Date.Year() != year {
			d.fail(it, path, ErrRange, "%s is not in %d", h.Date, year)
		}
		if !prev.IsZero() && !h.Date.After(prev) {
			d.fail(it, path, ErrOrder, "%s is listed after %s: list days in date order, once each", h.Date, prev)
		}
		prev = h.Date
		out = append(out, h)
	}
	return out
}

var digitsRE = regexp.MustCompile(`^[0-9]+$`)

func (d *decoder) regions(n *yaml.Node) *Regions {
	r := &Regions{line: n.Line, file: d.file}
	const path = "regions"
	for _, kv := range d.mapping(n, path) {
		switch kv.key {
		case "province":
			r.Province, _ = d.text(kv.val, path)
		case "province_name":
			r.ProvinceName, _ = d.text(kv.val, path)
		case "city":
			r.City, _ = d.text(kv.val, path)
		case "city_name":
			r.CityName, _ = d.text(kv.val, path)
		case "ref":
			r.Ref, _ = d.text(kv.val, path)
		case "bordering":
			r.Bordering, _ = d.textList(kv.val, path+".bordering")
		case "bordering_ref":
			r.BorderingRef, _ = d.text(kv.val, path)
		case "kecamatan":
			for _, it := range d.sequence(kv.val, path) {
				var k Kecamatan
				for _, f := range d.mapping(it, path+".kecamatan") {
					switch f.key {
					case "code":
						k.Code, _ = d.text(f.val, path+".kecamatan")
					case "name":
						k.Name, _ = d.text(f.val, path+".kecamatan")
					default:
						d.unknown(f, path+".kecamatan", "code, name")
					}
				}
				if len(k.Code) != 6 || !digitsRE.MatchString(k.Code) {
					d.fail(it, path+".kecamatan", ErrType, "a kecamatan code is six digits, found %q", k.Code)
				}
				r.Kecamatan = append(r.Kecamatan, k)
			}
		default:
			d.unknown(kv, path, "province, province_name, city, city_name, kecamatan, ref, bordering, bordering_ref")
		}
	}
	if len(r.Province) != 2 || !digitsRE.MatchString(r.Province) || len(r.City) != 2 || !digitsRE.MatchString(r.City) {
		d.fail(n, path, ErrType, "province and city are two-digit codes (quote them: \"32\")")
	}
	if r.Ref == "" {
		d.fail(n, path, ErrNoCitation, "regions have no ref:")
	}
	if len(r.Bordering) > 0 && r.BorderingRef == "" {
		d.fail(n, path, ErrNoCitation, "the bordering regions have no bordering_ref:")
	}
	return r
}

// header is what every named table of the rulebook carries: the dates it
// applies and the article it comes from.
type header struct {
	from, until Date
	ref, note   string
}

// headerField decodes a header key; it reports false for other keys.
func (d *decoder) headerField(f keyVal, path string, h *header) bool {
	switch f.key {
	case "from":
		h.from, _ = d.date(f.val, path)
	case "until":
		h.until, _ = d.date(f.val, path)
	case "ref":
		h.ref, _ = d.text(f.val, path)
	case "note":
		h.note, _ = d.text(f.val, path)
	default:
		return false
	}
	return true
}

// checkHeader reports a header without citation or start, or that ends
// before it starts.
func (d *decoder) checkHeader(n *yaml.Node, path, what string, h *header) {
	d.cited(n, path, what, h.ref)
	if h.from.IsZero() {
		d.fail(n, path, ErrMissing, "%s has no from:", what)
	}
	d.span(n, path, h.from, h.until)
}

// tableName checks a table's name.
func (d *decoder) tableName(kv keyVal, section string) bool {
	if !nameRE.MatchString(kv.key) {
		d.fail(kv.keyN, section, ErrUnknownKey, "%q is not a table name (lower case letters, digits and _)", kv.key)
		return false
	}
	return true
}

func (d *decoder) codeLists(n *yaml.Node) []CodeList {
	var out []CodeList
	for _, kv := range d.mapping(n, "code_lists") {
		path := "code_lists." + kv.key
		if !d.tableName(kv, "code_lists") {
			continue
		}
		l := CodeList{Name: kv.key, line: kv.keyN.Line, file: d.file}
		var h header
		for _, f := range d.mapping(kv.val, path) {
			if d.headerField(f, path, &h) {
				continue
			}
			switch f.key {
			case "description":
				l.Description, _ = d.text(f.val, path)
			case "codes":
				seen := map[string]bool{}
				for _, it := range d.sequence(f.val, path) {
					var c Code
					for _, e := range d.mapping(it, path) {
						switch e.key {
						case "code":
							c.Code, _ = d.text(e.val, path)
						case "name":
							c.Name, _ = d.text(e.val, path)
						default:
							d.unknown(e, path, "code, name")
						}
					}
					if c.Code == "" || c.Name == "" {
						d.fail(it, path, ErrMissing, "a code needs code: and name:")
						continue
					}
					if seen[normCode(c.Code)] {
						d.fail(it, path, ErrDuplicate, "code %s listed twice", c.Code)
					}
					seen[normCode(c.Code)] = true
					l.Codes = append(l.Codes, c)
				}
			default:
				d.unknown(f, path, "description, from, until, ref, note, codes")
			}
		}
		l.buildIndex()
		d.checkHeader(kv.keyN, path, "code list", &h)
		l.From, l.Until, l.Ref, l.Note = h.from, h.until, h.ref, h.note
		out = append(out, l)
	}
	return out
}

func (d *decoder) tariffTables(n *yaml.Node) []TariffTable {
	var out []TariffTable
	for _, kv := range d.mapping(n, "tariff_tables") {
		path := "tariff_tables." + kv.key
		if !d.tableName(kv, "tariff_tables") {
			continue
		}
		t := TariffTable{Name: kv.key, line: kv.keyN.Line, file: d.file}
		var h header
		for _, f := range d.mapping(kv.val, path) {
			if d.headerField(f, path, &h) {
				continue
			}
			switch f.key {
			case "sample":
				t.Sample, _ = d.boolean(f.val, path)
			case "rows":
				for _, it := range d.sequence(f.val, path) {
					var r TariffRow
					for _, e := range d.mapping(it, path) {
						switch e.key {
						case "code":
							r.Code, _ = d.text(e.val, path)
						case "tariff_code":
							r.TariffCode, _ = d.text(e.val, path)
						case "regional":
							r.Regional, _ = d.integer(e.val, path)
						case "class":
							r.Class, _ = d.integer(e.val, path)
						case "care":
							r.Care, _ = d.enum(e.val, path, "inpatient", "outpatient")
						case "amount":
							a, ok := d.decimal(e.val, path)
							if ok && (a.IsNegative() || !a.IsInteger()) {
								d.fail(e.val, path, ErrNegative, "an amount is whole, non-negative rupiah, found %s", a)
							}
							r.Amount = a.IntPart()
						default:
							d.unknown(e, path, "code, tariff_code, regional, class, care, amount")
						}
					}
					if r.Code == "" || r.TariffCode == "" || r.Regional < 1 || r.Regional > 5 || r.Class < 0 || r.Class > 3 {
						d.fail(it, path, ErrMissing, "a row needs code, tariff_code, regional 1-5, class 0-3 and amount")
						continue
					}
					t.Rows = append(t.Rows, r)
				}
			default:
				d.unknown(f, path, "from, until, ref, note, sample, rows")
			}
		}
		d.checkHeader(kv.keyN, path, "tariff table", &h)
		t.From, t.Until, t.Ref, t.Note = h.from, h.until, h.ref, h.note
		out = append(out, t)
	}
	return out
}

func (d *decoder) openPoints(n *yaml.Node) []OpenPoint {
	var out []OpenPoint
	for _, it := range d.sequence(n, "open_points") {
		o := OpenPoint{line: it.Line, file: d.file}
		path := "open_points"
		for _, kv := range d.mapping(it, path) {
			switch kv.key {
			case "ref":
				o.Ref, _ = d.text(kv.val, path)
				path = "open_points." + o.Ref
			case "delegates_to":
				o.DelegatesTo, _ = d.text(kv.val, path)
			case "subject":
				o.Subject = d.bilingual(kv.val, path)
			case "note":
				o.Note, _ = d.text(kv.val, path)
			default:
				d.unknown(kv, path, "ref, delegates_to, subject, note")
			}
		}
		d.require(it, path, map[string]bool{"ref": o.Ref != "", "delegates_to": o.DelegatesTo != ""})
		out = append(out, o)
	}
	return out
}

// datedRefs reads a mapping of dates to refs: the citation from each date
// on, in ascending order.
func (d *decoder) datedRefs(n *yaml.Node, path string) []DatedRef {
	var out []DatedRef
	for _, kv := range d.mapping(n, path) {
		from, err := ParseDate(kv.key)
		if err != nil {
			d.fail(kv.keyN, path, ErrType, "refs: are keyed by the date the citation holds from: %v", err)
			continue
		}
		if len(out) > 0 && !from.After(out[len(out)-1].From) {
			d.fail(kv.keyN, path, ErrOrder, "refs: list dates in ascending order")
		}
		r, _ := d.text(kv.val, path)
		out = append(out, DatedRef{From: from, Ref: r, line: kv.keyN.Line})
	}
	return out
}

// cited reports a table entry without a ref.
func (d *decoder) cited(n *yaml.Node, path, what, ref string) {
	if ref == "" {
		d.fail(n, path, ErrNoCitation, "%s has no ref:", what)
	}
}

// span reports an entry whose until (its last day) is before its from.
func (d *decoder) span(n *yaml.Node, path string, from, until Date) {
	if !until.IsZero() && until.Before(from) {
		d.fail(n, path, ErrOrder, "until %s is before from %s", until, from)
	}
}
