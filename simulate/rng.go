package simulate

import "math/bits"

// The generator draws every encounter from its own counter-based random
// stream: the state for encounter i is a hash of (seed, i), so any worker
// can generate any encounter without generating the ones before it, and
// the same seed gives the same encounter whatever the number of workers.

const golden = 0x9e3779b97f4a7c15

// mix64 is the SplitMix64 finaliser (Steele, Lea and Flood 2014), a
// bijection of 64-bit words with good avalanche.
func mix64(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// stream is a SplitMix64 generator.
type stream struct{ s uint64 }

// newStream returns the stream of item i of kind k under seed.
func newStream(seed uint64, k, i uint64) stream {
	return stream{s: mix64(seed^mix64(k*golden+0x632be59bd9b4e019)) ^ mix64(i+golden)}
}

func (r *stream) next() uint64 {
	r.s += golden
	return mix64(r.s)
}

// intn returns a number in [0, n), n > 0 (Lemire's multiply-shift; the
// bias for the small n used here is below 2^-40).
func (r *stream) intn(n int) int {
	hi, _ := bits.Mul64(r.next(), uint64(n))
	return int(hi)
}

// chance reports true with probability ppm/1,000,000.
func (r *stream) chance(ppm int) bool { return r.intn(1_000_000) < ppm }

// pick draws an index from cumulative weights (cum[len-1] is the total).
func (r *stream) pick(cum []int) int {
	x := r.intn(cum[len(cum)-1])
	lo, hi := 0, len(cum)-1
	for lo < hi {
		m := (lo + hi) / 2
		if cum[m] > x {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}

// cumulative turns weights into cumulative weights for pick.
func cumulative(w []int) []int {
	c := make([]int, len(w))
	t := 0
	for i, x := range w {
		t += x
		c[i] = t
	}
	return c
}
