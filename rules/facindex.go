package rules

// facIndex finds a facility by code or alias without a map: a table
// indexed by a seeded hash that the rulebook's codes and aliases do not
// collide in (found once, in finish), and one string comparison.
type facIndex struct {
	seed  uint64
	shift uint
	slot  []int16 // hash -> 1 + index in keys, 0 for none
	keys  []string
	facs  []*Facility
}

func facHash(seed uint64, s string) uint64 {
	h := seed
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * 0x100000001b3
	}
	h ^= h >> 31
	return h * 0x9E3779B97F4A7C15
}

// buildFacIndex indexes the facilities and aliases; nil when no seed
// tried separates them (the map lookup then serves).
func buildFacIndex(facilities map[string]*Facility, aliases map[string]string) *facIndex {
	n := len(facilities) + len(aliases)
	if n == 0 || n > 4096 {
		return nil
	}
	ix := &facIndex{}
	bits := uint(1)
	for 1<<bits < 8*n {
		bits++
	}
	ix.shift = 64 - bits
	for code, f := range facilities {
		ix.keys, ix.facs = append(ix.keys, code), append(ix.facs, f)
	}
	for a, code := range aliases {
		if f := facilities[code]; f != nil {
			ix.keys, ix.facs = append(ix.keys, a), append(ix.facs, f)
		}
	}
	ix.slot = make([]int16, 1<<bits)
seeds:
	for seed := uint64(1); seed < 4096; seed++ {
		clear(ix.slot)
		for i, k := range ix.keys {
			h := facHash(seed, k) >> ix.shift
			if ix.slot[h] != 0 {
				continue seeds
			}
			ix.slot[h] = int16(i + 1)
		}
		ix.seed = seed
		return ix
	}
	return nil
}

func (ix *facIndex) lookup(code string) *Facility {
	if i := ix.slot[facHash(ix.seed, code)>>ix.shift]; i != 0 && ix.keys[i-1] == code {
		return ix.facs[i-1]
	}
	return nil
}
