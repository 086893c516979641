// Package factsjson is a fast decoder of the eligibility input (the
// request the server answers most): {"id", "date", "facts"}, or the facts
// at the top level, with eligibility.Facts decoded by hand.
//
// It handles only the plain case: exact-case known keys, each once in its
// object; strings of printable ASCII without escapes; true and false;
// null where encoding/json accepts it; an "id" that is a plain string, a
// number, true, false or null. On anything else (an unknown key, a
// duplicate, an escape, a number where a string goes, a key in another
// case, a malformed NIK or date, trailing data, a byte-order mark...) it
// says "not handled" and the caller decodes strictly, as before, so that
// the results and the errors stay those of the strict path. It never
// returns an error of its own. It is not part of the module's API.
package factsjson

import (
	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/rules"
)

// Input is the eligibility input as the root package's eligibilityInput
// holds it.
type Input struct {
	ID     []byte             // the raw JSON of "id", nil when absent
	Date   rules.Date         // "date", zero when absent
	Facts  *eligibility.Facts // "facts"
	Inline *eligibility.Facts // the facts' keys at the top level
}

// Eligibility decodes raw into in, as encoding/json with unknown fields
// disallowed would, and reports true; or reports false, in undefined,
// when raw is not in the plain case it handles.
func Eligibility(raw []byte, in *Input) bool {
	*in = Input{}
	// One copy of the whole input: every string of the facts is a part
	// of it (encoding/json makes one allocation per string).
	d := dec{s: string(raw)}
	var seen uint
	ok := d.members(func(k string) bool {
		switch k {
		case "id":
			if !once(&seen, 1<<8) {
				return false
			}
			v, ok := d.rawScalar()
			if ok {
				in.ID = []byte(v)
			}
			return ok
		case "date":
			return once(&seen, 1<<9) && d.date(&in.Date)
		case "facts":
			if !once(&seen, 1<<10) {
				return false
			}
			if d.null() {
				in.Facts = nil
				return true
			}
			in.Facts = new(eligibility.Facts)
			return d.facts(in.Facts, 0)
		}
		if in.Inline == nil {
			// encoding/json allocates the embedded pointer on meeting
			// any of its fields, even one given as null.
			in.Inline = new(eligibility.Facts)
		}
		return d.factsField(in.Inline, k, &seen, 0)
	})
	if !ok {
		return false
	}
	d.ws()
	return d.i == len(d.s)
}

// maxParentDepth is how deep "parent" nests in what the fast path takes:
// a parent's own parent is refused by validation, and left to the strict
// path here.
const maxParentDepth = 1

// dec reads JSON from s at i.
type dec struct {
	s string
	i int
}

func once(seen *uint, bit uint) bool {
	if *seen&bit != 0 {
		return false
	}
	*seen |= bit
	return true
}

// ws skips JSON white space.
func (d *dec) ws() {
	for d.i < len(d.s) {
		switch d.s[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// eat skips white space and then c, reporting whether c was there.
func (d *dec) eat(c byte) bool {
	d.ws()
	if d.i < len(d.s) && d.s[d.i] == c {
		d.i++
		return true
	}
	return false
}

// word reads the literal w (true, false, null) after white space. What
// follows it is checked by the caller, which expects , } or ].
func (d *dec) word(w string) bool {
	d.ws()
	if len(d.s)-d.i >= len(w) && d.s[d.i:d.i+len(w)] == w {
		d.i += len(w)
		return true
	}
	return false
}

func (d *dec) null() bool { return d.word("null") }

// str reads a plain string: printable ASCII, no escapes.
func (d *dec) str() (string, bool) {
	d.ws()
	if d.i >= len(d.s) || d.s[d.i] != '"' {
		return "", false
	}
	for j := d.i + 1; j < len(d.s); j++ {
		switch c := d.s[j]; {
		case c == '"':
			v := d.s[d.i+1 : j]
			d.i = j + 1
			return v, true
		case c < 0x20 || c == '\\' || c >= 0x80:
			return "", false
		}
	}
	return "", false
}

// members reads an object, calling fn with each key, the decoder then
// before the member's value, which fn reads.
func (d *dec) members(fn func(k string) bool) bool {
	if !d.eat('{') {
		return false
	}
	if d.eat('}') {
		return true
	}
	for {
		k, ok := d.str()
		if !ok || !d.eat(':') || !fn(k) {
			return false
		}
		if !d.eat(',') {
			return d.eat('}')
		}
	}
}

// rawScalar reads a plain string, a number, true, false or null, and
// returns its text.
func (d *dec) rawScalar() (string, bool) {
	d.ws()
	start := d.i
	if d.i >= len(d.s) {
		return "", false
	}
	switch c := d.s[d.i]; {
	case c == '"':
		_, ok := d.str()
		return d.s[start:d.i], ok
	case c == 't':
		return "true", d.word("true")
	case c == 'f':
		return "false", d.word("false")
	case c == 'n':
		return "null", d.word("null")
	case c == '-' || c >= '0' && c <= '9':
		if !d.number() {
			return "", false
		}
		return d.s[start:d.i], true
	}
	return "", false
}

// number reads a JSON number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func (d *dec) number() bool {
	s, i := d.s, d.i
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && s[i] >= '1' && s[i] <= '9':
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	default:
		return false
	}
	digits := func() bool {
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i > j
	}
	if i < len(s) && s[i] == '.' {
		i++
		if !digits() {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if !digits() {
			return false
		}
	}
	d.i = i
	return true
}

// text reads a string into a string field; null leaves it as it is.
func (d *dec) text(p *string) bool {
	if d.null() {
		return true
	}
	v, ok := d.str()
	*p = v
	return ok
}

// boolean reads true or false; null leaves the field as it is.
func (d *dec) boolean(p *bool) bool {
	switch {
	case d.word("true"):
		*p = true
	case d.word("false"):
		*p = false
	case d.null():
	default:
		return false
	}
	return true
}

// nik reads a NIK with eligibility.ParseNIK, the parser of its
// UnmarshalText; "" is the zero NIK, null leaves it as it is. A NIK that
// does not parse is left to the strict path, which says why.
func (d *dec) nik(p *eligibility.NIK) bool {
	if d.null() {
		return true
	}
	v, ok := d.str()
	if !ok {
		return false
	}
	if v == "" {
		*p = eligibility.NIK{}
		return true
	}
	n, err := eligibility.ParseNIK(v)
	*p = n
	return err == nil
}

// date reads a date with rules.ParseDate, the parser of its
// UnmarshalText, as nik reads a NIK.
func (d *dec) date(p *rules.Date) bool {
	if d.null() {
		return true
	}
	v, ok := d.str()
	if !ok {
		return false
	}
	if v == "" {
		*p = rules.Date{}
		return true
	}
	t, err := rules.ParseDate(v)
	*p = t
	return err == nil
}

// facts reads an object of eligibility.Facts.
func (d *dec) facts(f *eligibility.Facts, depth int) bool {
	var seen uint
	return d.members(func(k string) bool { return d.factsField(f, k, &seen, depth) })
}

// factsField reads the value of the key k of the facts f, its bits in
// seen 0 to 3.
func (d *dec) factsField(f *eligibility.Facts, k string, seen *uint, depth int) bool {
	switch k {
	case "person":
		return once(seen, 1<<0) && d.person(&f.Person)
	case "jkn":
		return once(seen, 1<<1) && d.jkn(&f.JKN)
	case "documents":
		return once(seen, 1<<2) && d.documents(&f.Documents)
	case "parent":
		if !once(seen, 1<<3) {
			return false
		}
		if d.null() {
			f.Parent = nil
			return true
		}
		if depth >= maxParentDepth {
			return false
		}
		f.Parent = new(eligibility.Facts)
		return d.facts(f.Parent, depth+1)
	}
	return false
}

// A struct given as null is left as it is, as encoding/json leaves it.

func (d *dec) person(p *eligibility.Person) bool {
	if d.null() {
		return true
	}
	var seen uint
	return d.members(func(k string) bool {
		switch k {
		case "nik":
			return once(&seen, 1<<0) && d.nik(&p.NIK)
		case "kk":
			return once(&seen, 1<<1) && d.text(&p.KK)
		case "kk_city":
			return once(&seen, 1<<2) && d.text(&p.KKCity)
		case "registry":
			return once(&seen, 1<<3) && d.registry(&p.Registry)
		case "dinsos_poor_list":
			return once(&seen, 1<<4) && d.boolean(&p.DinsosPoorList)
		case "institution":
			return once(&seen, 1<<5) && d.text(&p.Institution)
		}
		return false
	})
}

func (d *dec) registry(r *eligibility.Registry) bool {
	if d.null() {
		return true
	}
	var seen uint
	return d.members(func(k string) bool {
		switch k {
		case "status":
			return once(&seen, 1<<0) && d.text((*string)(&r.Status))
		case "date":
			return once(&seen, 1<<1) && d.date(&r.Date)
		}
		return false
	})
}

func (d *dec) jkn(j *eligibility.JKN) bool {
	if d.null() {
		return true
	}
	var seen uint
	return d.members(func(k string) bool {
		switch k {
		case "status":
			return once(&seen, 1<<0) && d.text((*string)(&j.Status))
		case "pbi_payer":
			return once(&seen, 1<<1) && d.text(&j.PBIPayer)
		}
		return false
	})
}

func (d *dec) documents(doc *eligibility.Documents) bool {
	if d.null() {
		return true
	}
	var seen uint
	return d.members(func(k string) bool {
		switch k {
		case "card":
			if !once(&seen, 1<<0) {
				return false
			}
			if d.null() {
				doc.Card = nil
				return true
			}
			doc.Card = new(eligibility.Card)
			return d.card(doc.Card)
		case "ektp":
			if !once(&seen, 1<<1) {
				return false
			}
			if d.null() {
				doc.EKTP = nil
				return true
			}
			doc.EKTP = new(eligibility.EKTP)
			return d.ektp(doc.EKTP)
		case "dinsos_letter":
			if !once(&seen, 1<<2) {
				return false
			}
			if d.null() {
				doc.DinsosLetter = nil
				return true
			}
			doc.DinsosLetter = new(eligibility.DinsosLetter)
			return d.letter(doc.DinsosLetter)
		case "birth":
			if !once(&seen, 1<<3) {
				return false
			}
			if d.null() {
				doc.Birth = nil
				return true
			}
			doc.Birth = new(eligibility.BirthProof)
			return d.birth(doc.Birth)
		}
		return false
	})
}

func (d *dec) card(c *eligibility.Card) bool {
	var seen uint
	return d.members(func(k string) bool {
		switch k {
		case "niks":
			return once(&seen, 1<<0) && d.niks(&c.NIKs)
		case "kk":
			return once(&seen, 1<<1) && d.text(&c.KK)
		case "valid_through":
			return once(&seen, 1<<2) && d.date(&c.ValidThrough)
		case "activated":
			return once(&seen, 1<<3) && d.boolean(&c.Activated)
		}
		return false
	})
}

// niks reads an array of NIKs: null is a nil slice, [] an empty one, as
// encoding/json makes them.
func (d *dec) niks(p *[]eligibility.NIK) bool {
	if d.null() {
		*p = nil
		return true
	}
	if !d.eat('[') {
		return false
	}
	s := make([]eligibility.NIK, 0, 4)
	if !d.eat(']') {
		for {
			s = append(s, eligibility.NIK{})
			if !d.nik(&s[len(s)-1]) {
				return false
			}
			if !d.eat(',') {
				if !d.eat(']') {
					return false
				}
				break
			}
		}
	}
	*p = s
	return true
}

func (d *dec) ektp(e *eligibility.EKTP) bool {
	var seen uint
	return d.members(func(k string) bool {
		switch k {
		case "nik":
			return once(&seen, 1<<0) && d.nik(&e.NIK)
		case "recorded":
			return once(&seen, 1<<1) && d.boolean(&e.Recorded)
		}
		return false
	})
}

func (d *dec) letter(l *eligibility.DinsosLetter) bool {
	var seen uint
	return d.members(func(k string) bool {
		switch k {
		case "category":
			return once(&seen, 1<<0) && d.text(&l.Category)
		case "date":
			return once(&seen, 1<<1) && d.date(&l.Date)
		case "number":
			return once(&seen, 1<<2) && d.text(&l.Number)
		}
		return false
	})
}

func (d *dec) birth(b *eligibility.BirthProof) bool {
	var seen uint
	return d.members(func(k string) bool {
		switch k {
		case "kind":
			return once(&seen, 1<<0) && d.text(&b.Kind)
		case "parent_nik":
			return once(&seen, 1<<1) && d.nik(&b.ParentNIK)
		case "date":
			return once(&seen, 1<<2) && d.date(&b.Date)
		}
		return false
	})
}
