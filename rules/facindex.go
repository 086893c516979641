package rules

// facIndex finds a facility by code or alias without a map: an open
// addressing table (linear probing, at most a quarter full) of a cheap
// hash, and one string comparison per probe whose hash matches.
type facIndex struct {
	shift uint
	slot  []facSlot
}

type facSlot struct {
	hash uint64
	code string // "" for an empty slot
	f    *Facility
}

// facHash hashes a code by its length and its first and last eight
// bytes: cheap, and the lookup compares the whole code anyway.
func facHash(s string) uint64 {
	n := len(s)
	var a, b uint64
	if n >= 8 {
		a, b = le64(s), le64(s[n-8:])
	} else {
		for i := 0; i < n; i++ {
			a |= uint64(s[i]) << (8 * i)
		}
	}
	h := a * 0x9E3779B97F4A7C15
	h = (h ^ h>>29 ^ b ^ uint64(n)<<56) * 0xBF58476D1CE4E5B9
	return h ^ h>>32
}

func le64(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// buildFacIndex indexes the facilities and aliases.
func buildFacIndex(facilities map[string]*Facility, aliases map[string]string) *facIndex {
	n := len(facilities) + len(aliases)
	if n == 0 {
		return nil
	}
	bits := uint(1)
	for 1<<bits < 4*n {
		bits++
	}
	ix := &facIndex{shift: 64 - bits, slot: make([]facSlot, 1<<bits)}
	add := func(code string, f *Facility) {
		if code == "" || f == nil {
			return
		}
		h := facHash(code)
		mask := uint64(len(ix.slot) - 1)
		for i := h >> ix.shift; ; i = (i + 1) & mask {
			if ix.slot[i].code == "" {
				ix.slot[i] = facSlot{h, code, f}
				return
			}
		}
	}
	for code, f := range facilities {
		add(code, f)
	}
	for a, code := range aliases {
		if _, own := facilities[a]; !own { // a code is found as itself first, as by the maps
			add(a, facilities[code])
		}
	}
	return ix
}

func (ix *facIndex) lookup(code string) *Facility {
	h := facHash(code)
	mask := uint64(len(ix.slot) - 1)
	for i := h >> ix.shift; ; i = (i + 1) & mask {
		s := &ix.slot[i]
		if s.code == "" {
			return nil
		}
		if s.hash == h && s.code == code {
			return s.f
		}
	}
}
