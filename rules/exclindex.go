package rules

// excIndex answers Exclusion.Matches for every exclusion of a rulebook at
// once: a set of bits, bit i for the rulebook's i-th exclusion. It is
// built once per rulebook (finish), so a decision pays a few map lookups
// instead of comparing each fact with each exclusion's lists.
type excIndex struct {
	spans    []excSpan            // the exclusions in force from a date on, ascending
	cat      map[string][2]uint64 // a category -> the exclusions it triggers: [0] their own, [1] their elderly part's
	icd10    codeIndex
	icd9     codeIndex
	unlessMI uint64       // UnlessMedicalIndication
	elderly  []elderlyBit // the exclusions with an elderly part
	byCode   map[string]int
}

type excSpan struct {
	from Date
	set  uint64
}

type elderlyBit struct {
	minAge int
	bit    uint64
}

// codeIndex is a trie of the normalised code patterns (normCode): a code
// walks it byte by byte, case and blanks aside, and collects the
// exclusions of each pattern that is a prefix of it, as matchCode reads a
// pattern. Node 0 is the root; child 0 is none.
type codeIndex struct {
	class [256]uint8  // a byte of a pattern -> 1.., every other byte 0
	n     int         // classes + 1
	child []int32     // node*n + class -> child node
	set   [][2]uint64 // node -> [0] the exclusions' own codes, [1] their elderly part's
}

func (c *codeIndex) add(patterns []string, part int, bit uint64) {
	for _, p := range patterns {
		norm := normCode(p)
		if norm == "" { // matchCode: an empty pattern matches nothing
			continue
		}
		node := c.root()
		for i := 0; i < len(norm); i++ {
			k := c.classOf(norm[i])
			next := c.child[node*c.n+k]
			if next == 0 {
				next = int32(len(c.set))
				c.set = append(c.set, [2]uint64{})
				c.child = append(c.child, make([]int32, c.n)...)
				c.child[node*c.n+k] = next
			}
			node = int(next)
		}
		c.set[node][part] |= bit
	}
}

func (c *codeIndex) root() int {
	if c.set == nil {
		c.n = 1
		c.set = [][2]uint64{{}}
		c.child = make([]int32, c.n)
	}
	return 0
}

// classOf returns b's class, adding one (and widening every node) for a
// byte no pattern had.
func (c *codeIndex) classOf(b byte) int {
	if k := c.class[b]; k != 0 {
		return int(k)
	}
	if c.n == 255 {
		panic("rules: more than 254 distinct bytes in exclusion codes")
	}
	old, n := c.child, c.n+1
	c.child = make([]int32, len(c.set)*n)
	for node := range c.set {
		copy(c.child[node*n:], old[node*c.n:(node+1)*c.n])
	}
	c.class[b] = uint8(c.n)
	c.n = n
	return n - 1
}

// match returns the exclusions that one of codes triggers.
func (c *codeIndex) match(codes []string) (own, elderly uint64) {
	if len(c.set) <= 1 {
		return 0, 0
	}
	for _, code := range codes {
		node := 0
		for i := 0; i < len(code); i++ {
			ch := code[i]
			if ch == ' ' || ch == '\t' {
				continue // blanks are ignored, as normCode does
			}
			k := c.class[upperByte(ch)]
			if k == 0 {
				break
			}
			next := c.child[node*c.n+int(k)]
			if next == 0 {
				break
			}
			node = int(next)
			own |= c.set[node][0]
			elderly |= c.set[node][1]
		}
	}
	return own, elderly
}

// buildExcIndex indexes rb's exclusions; nil when there are more than 64.
func buildExcIndex(xs []Exclusion) *excIndex {
	if len(xs) > 64 {
		return nil
	}
	ix := &excIndex{cat: map[string][2]uint64{}, byCode: map[string]int{}}
	var dates []Date
	for i := range xs {
		x, bit := &xs[i], uint64(1)<<i
		ix.byCode[x.Code] = i
		for _, c := range x.Categories {
			v := ix.cat[c]
			v[0] |= bit
			ix.cat[c] = v
		}
		ix.icd10.add(x.ICD10, 0, bit)
		ix.icd9.add(x.ICD9CM, 0, bit)
		if x.UnlessMedicalIndication {
			ix.unlessMI |= bit
		}
		if e := x.Elderly; e != nil {
			ix.elderly = append(ix.elderly, elderlyBit{e.MinAge, bit})
			for _, c := range e.Categories {
				v := ix.cat[c]
				v[1] |= bit
				ix.cat[c] = v
			}
			ix.icd10.add(e.ICD10, 1, bit)
			ix.icd9.add(e.ICD9CM, 1, bit)
		}
		dates = append(dates, x.From)
		if !x.Until.IsZero() {
			dates = append(dates, x.Until.AddDays(1))
		}
	}
	sortDates(dates)
	for _, d := range dates {
		var set uint64
		for i := range xs {
			if xs[i].InForceOn(d) {
				set |= 1 << i
			}
		}
		if n := len(ix.spans); n > 0 && ix.spans[n-1].from == d {
			continue
		}
		ix.spans = append(ix.spans, excSpan{d, set})
	}
	return ix
}

func sortDates(ds []Date) {
	for i := 1; i < len(ds); i++ {
		for j := i; j > 0 && ds[j].Before(ds[j-1]); j-- {
			ds[j], ds[j-1] = ds[j-1], ds[j]
		}
	}
}

// inForce is the set of the exclusions in force on d.
func (ix *excIndex) inForce(d Date) uint64 {
	lo, hi := 0, len(ix.spans)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if !d.Before(ix.spans[m].from) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == 0 {
		return 0
	}
	return ix.spans[lo-1].set
}

// match is the set of the exclusions x for which x.Matches(f), in force
// or not.
func (ix *excIndex) match(f *ExclusionFacts) uint64 {
	var cat, ecat uint64
	for _, c := range f.Categories {
		if v, ok := ix.cat[c]; ok {
			cat |= v[0]
			ecat |= v[1]
		}
	}
	own10, e10 := ix.icd10.match(f.ICD10)
	own9, e9 := ix.icd9.match(f.ICD9CM)
	var old uint64 // the exclusions whose elderly part applies at f.Age
	if f.Age >= 0 {
		for _, e := range ix.elderly {
			if f.Age >= e.minAge {
				old |= e.bit
			}
		}
	}
	codes := own10 | own9 | old&(ecat|e10|e9)
	if f.MedicalIndication {
		codes &^= ix.unlessMI
	}
	return cat | codes
}

// ExclusionMatches returns the exclusions in force on the snapshot's date
// that match f (Exclusion.Matches), as a set of bits: bit i stands for
// ExclusionAt(i), so that the set in ascending bit order is the order of
// ExclusionsInForce. It is the same answer as matching each exclusion,
// from an index built once per rulebook. ok is false when the rulebook
// has more than 64 exclusions (or is the zero Rulebook): the caller then
// matches each exclusion itself.
func (s Snapshot) ExclusionMatches(f *ExclusionFacts) (set uint64, ok bool) {
	if s.rb == nil || s.rb.excIdx == nil {
		return 0, false
	}
	ix := s.rb.excIdx
	in := ix.inForce(s.date)
	if in == 0 {
		return 0, true
	}
	return ix.match(f) & in, true
}

// ExclusionAt returns the rulebook's i-th exclusion (in the order of
// Rulebook.Exclusions), or nil when there is none: the Exclusion is the
// rulebook's own, read it, never write it.
func (s Snapshot) ExclusionAt(i int) *Exclusion {
	if s.rb == nil || i < 0 || i >= len(s.rb.exclusions) {
		return nil
	}
	return &s.rb.exclusions[i]
}

// ExclusionInForce returns the position (as in ExclusionAt) of the
// exclusion with the given code if it applies on the snapshot's date, or
// -1.
func (s Snapshot) ExclusionInForce(code string) int {
	if s.rb == nil {
		return -1
	}
	if ix := s.rb.excIdx; ix != nil {
		i, ok := ix.byCode[code]
		if !ok || ix.inForce(s.date)&(1<<i) == 0 {
			return -1
		}
		return i
	}
	for i := range s.rb.exclusions {
		if x := &s.rb.exclusions[i]; x.Code == code && x.InForceOn(s.date) {
			return i
		}
	}
	return -1
}
