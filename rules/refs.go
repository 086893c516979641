package rules

import (
	"fmt"
	"strings"
	"time"
)

// A ref names its sources by the ids of the rulebook's sources table, each
// followed by a pinpoint (the article, the appendix), several joined by
// "; ": "Perda 9/2018 Ps.16(3); Juknis 440/Kep.21/2017 IV.b.2.c". The
// loader refuses a ref that names an unknown source, or a source that
// cannot be cited on the date the value carrying it takes effect.

// Citation is one source a ref names, and where in it.
type Citation struct {
	Source   string `json:"source"`             // the id in the sources table
	Pinpoint string `json:"pinpoint,omitempty"` // Ps.16(3), app. B (interview E)
}

// since is the first date the entry can be cited at all.
func (in *Instrument) since() Date {
	if in.Level.Legal() {
		return in.InForce
	}
	return in.Published
}

// ParseRef splits a ref into the sources it names. Each "; "-separated
// part must start with the id of an entry of the sources table, followed
// by the end of the part or a space and the pinpoint; the longest id that
// fits wins ("SKB 1066/2022" over a shorter id that prefixes it).
func (rb *Rulebook) ParseRef(ref string) ([]Citation, error) {
	if strings.TrimSpace(ref) == "" {
		return nil, fmt.Errorf("%w: empty ref", ErrCitation)
	}
	var out []Citation
	for part := range strings.SplitSeq(ref, "; ") {
		if strings.Contains(part, ";") {
			return out, fmt.Errorf("%w: %q holds a \";\" not followed by a space: sources are joined by \"; \"", ErrCitation, part)
		}
		c, ok := rb.cite(part)
		if !ok {
			return out, fmt.Errorf("%w: %q names no source of the rulebook's sources table (a ref is <source id> <pinpoint>, several joined by \"; \")", ErrCitation, part)
		}
		out = append(out, c)
	}
	return out, nil
}

func (rb *Rulebook) cite(part string) (Citation, bool) {
	best := ""
	// The ids start a part and end at a space: try each space in the part
	// (a ref part is short), keeping the longest prefix that is an id.
	for i := 0; i <= len(part); i++ {
		if i < len(part) && part[i] != ' ' {
			continue
		}
		if _, ok := rb.sourceIDs[part[:i]]; ok {
			best = part[:i]
		}
	}
	if best == "" {
		return Citation{}, false
	}
	return Citation{Source: best, Pinpoint: strings.TrimSpace(part[len(best):])}, true
}

// RefInForce checks a ref against a date: every source it names must be in
// the sources table, and on d a legal instrument must be in force, a
// non-legal source must have appeared (or the part cited must report on
// that date). Decision packages' tests walk every citation a decision
// emits through it; it returns nil or an error wrapping ErrCitation.
func (rb *Rulebook) RefInForce(ref string, d Date) error {
	if strings.TrimSpace(ref) == "" {
		return fmt.Errorf("%w: empty ref", ErrCitation)
	}
	for part := range strings.SplitSeq(ref, "; ") { // as ParseRef, without building the slice
		c, ok := rb.cite(part)
		if !ok || strings.Contains(part, ";") {
			_, err := rb.ParseRef(ref)
			return err
		}
		if err := rb.citable(c, d); err != nil {
			return err
		}
	}
	return nil
}

// CheckRef is RefInForce on the snapshot's date.
func (s Snapshot) CheckRef(ref string) error {
	if s.rb == nil {
		return ErrZeroSnapshot
	}
	return s.rb.RefInForce(ref, s.date)
}

func (rb *Rulebook) citable(c Citation, d Date) error {
	in := &rb.instruments[rb.sourceIDs[c.Source]]
	if in.Level.Legal() {
		switch {
		case d.Before(in.InForce):
			return fmt.Errorf("%w: %s is cited on %s but is in force only from %s", ErrCitation, c.Source, d, in.InForce)
		case !in.Repealed.IsZero() && !d.Before(in.Repealed):
			return fmt.Errorf("%w: %s is cited on %s but was repealed on %s", ErrCitation, c.Source, d, in.Repealed)
		}
		return nil
	}
	if in.Level == LevelConvention {
		return nil
	}
	from, what := in.Published, "appeared"
	for _, p := range in.Parts {
		if partOf(c.Pinpoint, p.Pinpoint) {
			from, what = p.Date, "is dated"
			if !p.ReportsFrom.IsZero() {
				from, what = p.ReportsFrom, "reports on the period"
			}
			break
		}
	}
	if d.Before(from) {
		return fmt.Errorf("%w: %s %s is cited on %s but %s only from %s", ErrCitation, c.Source, c.Pinpoint, d, what, from)
	}
	return nil
}

// checkRefs checks every ref of the rulebook: each must name known
// sources, and a dated one sources citable on its date. Values, table
// entries and partnerships are checked on the day they take effect; a
// holiday year on its last day (its decree and the Keppres for election
// days are all enacted by then); the undated refs (a facility's listing,
// the regions, a source's own entry) only for known sources.
func (rb *Rulebook) checkRefs(c *errs) {
	check := func(file string, line int, path, ref string, d Date) {
		if ref == "" {
			return // reported by the decoder
		}
		var err error
		if d.IsZero() {
			_, err = rb.ParseRef(ref)
		} else {
			err = rb.RefInForce(ref, d)
		}
		if err != nil {
			msg := strings.TrimPrefix(err.Error(), ErrCitation.Error()+": ")
			if !d.IsZero() {
				msg = "ref: " + msg
			}
			c.add(&loadError{File: file, Line: line, Path: path, Msg: msg, Err: ErrCitation})
		}
	}
	for _, path := range rb.paths {
		p := rb.params[path]
		for i := range p.values {
			v := &p.values[i]
			file, line := p.file, p.line
			if v.site != nil {
				file, line = v.site.file, v.site.line
			}
			check(file, line, path, v.Ref, v.From)
			last := v.Until
			if last.IsZero() && i+1 < len(p.values) {
				last = p.values[i+1].From.AddDays(-1)
			}
			if r := rb.repealedWithin(v.Ref, v.From, last); r != "" {
				c.add(&loadError{File: file, Line: line, Path: path, Err: ErrCitation,
					Msg: fmt.Sprintf("the value from %s still runs when %s: end it there (until:, or a value from that day citing what replaced it)", v.From, r)})
			}
		}
	}
	for i := range rb.instruments {
		in := &rb.instruments[i]
		check(in.file, in.line, "instruments."+in.ID, in.Ref, Date{})
	}
	for i := range rb.openPoints {
		o := &rb.openPoints[i]
		check(o.file, o.line, "open_points."+o.Ref, o.Ref, Date{})
	}
	for _, code := range sortedNames(rb.facilities) {
		f := rb.facilities[code]
		check(f.file, f.line, "facilities."+code, f.Ref, Date{})
		check(f.file, f.line, "facilities."+code, f.ProfileRef, Date{})
		for _, c := range f.Classes {
			check(f.file, f.line, "facilities."+code+".hospital_type", c.Ref, c.From)
		}
		for _, p := range f.Partner {
			check(f.file, f.line, "facilities."+code+".partner", p.Ref, p.From)
		}
	}
	for i := range rb.exclusions {
		x := &rb.exclusions[i]
		check(x.file, x.line, "exclusions."+x.Code, x.Ref, x.From)
		for _, r := range x.Refs {
			check(x.file, r.line, "exclusions."+x.Code+".refs", r.Ref, r.From)
		}
		if x.Elderly != nil {
			check(x.file, x.line, "exclusions."+x.Code+".elderly", x.Elderly.Ref, x.From)
		}
	}
	for y, hy := range rb.holidays {
		last, _ := DateOf(y, time.December, 31)
		check(hy.file, hy.line, fmt.Sprintf("holidays.%d", y), hy.Ref, last)
	}
	for name, l := range rb.codeLists {
		check(l.file, l.line, "code_lists."+name, l.Ref, l.From)
	}
	for name, t := range rb.tariffs {
		check(t.file, t.line, "tariff_tables."+name, t.Ref, t.From)
	}
	if rb.regions.Ref != "" {
		check(rb.regions.file, rb.regions.line, "regions", rb.regions.Ref, Date{})
	}
	if rb.regions.BorderingRef != "" {
		check(rb.regions.file, rb.regions.line, "regions.bordering", rb.regions.BorderingRef, Date{})
	}
}

// repealedWithin names the first source of ref that is repealed while a
// value from..last (last zero: open-ended) is still in force, or "".
func (rb *Rulebook) repealedWithin(ref string, from, last Date) string {
	for part := range strings.SplitSeq(ref, "; ") {
		c, ok := rb.cite(part)
		if !ok {
			return "" // reported already
		}
		in := &rb.instruments[rb.sourceIDs[c.Source]]
		if in.Repealed.IsZero() || !in.Repealed.After(from) {
			continue
		}
		if last.IsZero() || !last.Before(in.Repealed) {
			return fmt.Sprintf("%s is repealed on %s", c.Source, in.Repealed)
		}
	}
	return ""
}

// partOf reports whether a pinpoint cites the part: it is the part's
// pinpoint, or starts with it (less a closing parenthesis) followed by a
// space, a colon, a comma or the parenthesis: "app. B (interview F: ...)"
// cites the part "app. B (interview F)", "app. B (interview SF)" does not
// cite "app. B (interview S)".
func partOf(pinpoint, part string) bool {
	base := strings.TrimSuffix(part, ")")
	if !strings.HasPrefix(pinpoint, base) {
		return false
	}
	if len(pinpoint) == len(base) {
		return true
	}
	switch pinpoint[len(base)] {
	case ' ', ':', ',', ')':
		return true
	}
	return false
}
