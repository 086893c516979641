package rules

import (
	"fmt"
	"strings"
)

// A base rulebook is whole: a file left out of a directory, or a section
// emptied, would otherwise load in silence and decide wrongly (without
// the exclusions an excluded service is covered; without the bases nobody
// is eligible). So the rulebook: section of a rulebook directory lists its
// parts (the files), and may list what it requires (the parameters and
// tables its decisions read); the loader checks both, and that every
// section the decisions read is there and not empty. An overlay is not a
// whole rulebook and is checked for none of this.

// empty reports whether a file contributes nothing.
func (f *fragment) empty() bool {
	return f.meta == nil && len(f.params) == 0 && len(f.instruments) == 0 && len(f.openPoints) == 0 &&
		len(f.facilities) == 0 && len(f.exclusions) == 0 && len(f.holidays) == 0 && f.regions == nil &&
		len(f.codeLists) == 0 && len(f.tariffs) == 0
}

// checkParts checks the files of a directory (dir) against the manifest's
// parts: list: the list is required, each part must be there and hold
// something, and every file must be a part. A single file (Parse) is its
// own whole: its list, if any, is not checked.
func checkParts(manifest *fragment, frags []*fragment, c *errs, dir bool) {
	m := manifest.meta
	if !dir {
		return
	}
	if m.partsLine == 0 {
		c.add(&loadError{File: manifest.file, Line: m.line, Path: "rulebook.parts", Err: ErrIncomplete,
			Msg: "the rulebook does not list its parts: give parts: with every file of the rulebook, so that a file left out is noticed"})
		return
	}
	byName := make(map[string]*fragment, len(frags))
	for _, f := range frags {
		byName[f.file] = f
	}
	isPart := make(map[string]bool, len(m.Parts))
	for _, p := range m.Parts {
		isPart[p.text] = true
		f, ok := byName[p.text]
		switch {
		case !ok:
			c.add(&loadError{File: manifest.file, Line: p.line, Path: "rulebook.parts", Err: ErrIncomplete,
				Msg: fmt.Sprintf("part %s is missing: the rulebook lists it but there is no such file", p.text)})
		case f.empty():
			c.add(&loadError{File: p.text, Path: "rulebook.parts", Err: ErrIncomplete,
				Msg: fmt.Sprintf("part %s is empty (listed in %s:%d)", p.text, manifest.file, p.line)})
		}
	}
	for _, f := range frags {
		if !isPart[f.file] {
			c.add(&loadError{File: f.file, Path: "rulebook.parts", Err: ErrIncomplete,
				Msg: fmt.Sprintf("the file is not a part of the rulebook: add it to parts: in %s:%d, or remove it", manifest.file, m.partsLine)})
		}
	}
}

// checkComplete checks that every section the decisions read is there and
// not empty, and that each parameter, group or table of requires: is
// there.
func (rb *Rulebook) checkComplete(manifest *fragment, c *errs) {
	m := manifest.meta
	missing := func(section, what string) {
		c.add(&loadError{File: manifest.file, Line: m.line, Path: section, Err: ErrIncomplete,
			Msg: fmt.Sprintf("the rulebook has no %s: the decisions read them (is a part missing?)", what)})
	}
	if len(rb.instruments) == 0 {
		missing("instruments", "instruments (the sources table)")
	}
	if len(rb.params) == 0 {
		missing("parameters", "parameters")
	}
	if len(rb.facilities) == 0 {
		missing("facilities", "facilities")
	}
	if len(rb.exclusions) == 0 {
		missing("exclusions", "exclusions")
	}
	if len(rb.holidays) == 0 {
		missing("holidays", "holidays (the working-day calendar)")
	}
	if rb.regions.Province == "" {
		missing("regions", "regions")
	}
	for _, r := range m.Requires {
		if !rb.holds(r.text) {
			c.add(&loadError{File: manifest.file, Line: r.line, Path: "rulebook.requires", Err: ErrIncomplete,
				Msg: fmt.Sprintf("the rulebook requires %s, and has none (is a part missing?)", r.text)})
		}
	}
}

// holds reports whether the rulebook has what a requires: listed names: a
// code list (code_lists.NAME), a tariff table (tariff_tables.NAME), or a
// parameter, or a group with at least one parameter, at the path.
func (rb *Rulebook) holds(what string) bool {
	if name, ok := strings.CutPrefix(what, "code_lists."); ok {
		l, ok := rb.codeLists[name]
		return ok && len(l.Codes) > 0
	}
	if name, ok := strings.CutPrefix(what, "tariff_tables."); ok {
		_, ok := rb.tariffs[name]
		return ok
	}
	if _, ok := rb.params[what]; ok {
		return true
	}
	for p := range rb.params {
		if strings.HasPrefix(p, what+".") {
			return true
		}
	}
	return false
}
