// Command benchratio reads `go test -bench` output (several -count runs
// of the same benchmarks) and prints, per benchmark, the median ns/op,
// B/op and allocs/op, then how many times slower each engine named by
// -peers is than each other benchmark, and how many times slower each
// other benchmark is than the -floor one. In a group of sub-benchmarks
// (decode/sonic), a peer is the group's own (decode/encoding_json).
//
//	go test -run '^$' -bench . -count 5 -benchmem | go run ./cmd/benchratio
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// result holds one benchmark's figures, one per run.
type result struct {
	name              string
	ns, bytes, allocs []float64
}

// cpuSuffix is the -GOMAXPROCS suffix go test adds to a name.
var cpuSuffix = regexp.MustCompile(`-\d+$`)

// parse reads benchmark lines, in the order the benchmarks first appear.
func parse(r io.Reader) ([]*result, error) {
	var out []*result
	byName := map[string]*result{}
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := cpuSuffix.ReplaceAllString(strings.TrimPrefix(f[0], "Benchmark"), "")
		res := byName[name]
		if res == nil {
			res = &result{name: name}
			byName[name] = res
			out = append(out, res)
		}
		for i := 2; i+1 < len(f); i++ {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			switch f[i+1] {
			case "ns/op":
				res.ns = append(res.ns, v)
			case "B/op":
				res.bytes = append(res.bytes, v)
			case "allocs/op":
				res.allocs = append(res.allocs, v)
			}
		}
	}
	return out, sc.Err()
}

// median of xs; 0 for none.
func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(xs))
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// short drops the prefix every name shares up to a slash.
func short(results []*result) func(string) string {
	prefix := ""
	if len(results) > 1 {
		prefix = results[0].name
		for _, r := range results[1:] {
			for !strings.HasPrefix(r.name, prefix) {
				prefix = prefix[:len(prefix)-1]
			}
		}
		prefix = prefix[:strings.LastIndexByte(prefix, '/')+1]
	}
	return func(n string) string { return strings.TrimPrefix(n, prefix) }
}

func report(w io.Writer, results []*result, peers []string, floor string) {
	name := short(results)
	med := map[string]float64{}
	fmt.Fprintf(w, "%-32s %5s %12s %8s %9s\n", "median of", "runs", "ns/op", "B/op", "allocs/op")
	for _, r := range results {
		n := name(r.name)
		med[n] = median(r.ns)
		fmt.Fprintf(w, "%-32s %5d %12.1f %8.0f %9.0f\n", n, len(r.ns), med[n], median(r.bytes), median(r.allocs))
	}
	// A peer is named alone (opa) or, for a benchmark in a group
	// (decode/sonic), as the group's member (decode/encoding_json).
	lookup := func(n, p string) (float64, bool) {
		if i := strings.LastIndexByte(n, '/'); i >= 0 {
			if m, ok := med[n[:i+1]+p]; ok {
				return m, true
			}
		}
		m, ok := med[p]
		return m, ok
	}
	isPeer := func(n string) bool {
		last := n[strings.LastIndexByte(n, '/')+1:]
		return slices.Contains(peers, n) || slices.Contains(peers, last) || n == floor || last == floor
	}
	fmt.Fprintln(w)
	for _, r := range results {
		n := name(r.name)
		if isPeer(n) || med[n] == 0 {
			continue
		}
		var parts []string
		for _, p := range peers {
			if m, ok := lookup(n, p); ok {
				parts = append(parts, fmt.Sprintf("%s/this %7.1fx", p, m/med[n]))
			}
		}
		if m, ok := lookup(n, floor); ok && m > 0 {
			parts = append(parts, fmt.Sprintf("this/%s %5.1fx", floor, med[n]/m))
		}
		fmt.Fprintf(w, "%-32s %s\n", n, strings.Join(parts, "  "))
	}
}

func main() {
	peers := flag.String("peers", "opa,cel", "comma-separated benchmarks (after the shared prefix) to compare the others with")
	floor := flag.String("floor", "go", "the benchmark of the bare rule")
	flag.Parse()
	results, err := parse(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "benchratio:", err)
		os.Exit(1)
	}
	if len(results) == 0 {
		fmt.Fprintln(os.Stderr, "benchratio: no benchmark lines on standard input")
		os.Exit(1)
	}
	report(os.Stdout, results, strings.Split(*peers, ","), *floor)
}
