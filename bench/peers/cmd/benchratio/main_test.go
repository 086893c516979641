package main

import (
	"strings"
	"testing"
)

const sample = `goos: linux
BenchmarkEligibility/opa-2   	 100	 40000 ns/op	 8000 B/op	 140 allocs/op
BenchmarkEligibility/go-2    	 100	 10.00 ns/op	    0 B/op	   0 allocs/op
BenchmarkEligibility/check_into/card_holder-2 	 100	 50.0 ns/op	 0 B/op	 0 allocs/op
BenchmarkEligibility/opa-2   	 100	 30000 ns/op	 8000 B/op	 140 allocs/op
BenchmarkEligibility/go-2    	 100	 12.00 ns/op	    0 B/op	   0 allocs/op
BenchmarkEligibility/check_into/card_holder-2 	 100	 40.0 ns/op	 0 B/op	 0 allocs/op
BenchmarkEligibility/opa-2   	 100	 50000 ns/op	 8000 B/op	 140 allocs/op
BenchmarkEligibility/go-2    	 100	 11.00 ns/op	    0 B/op	   0 allocs/op
BenchmarkEligibility/check_into/card_holder-2 	 100	 45.0 ns/op	 0 B/op	 0 allocs/op
PASS
`

func TestReport(t *testing.T) {
	results, err := parse(strings.NewReader(sample))
	if err != nil {
		t.Fatal(err)
	}
	if len(results) != 3 || results[2].name != "Eligibility/check_into/card_holder" {
		t.Fatalf("parsed %d results, last %q", len(results), results[len(results)-1].name)
	}
	var b strings.Builder
	report(&b, results, []string{"opa", "cel"}, "go")
	out := b.String()
	for _, want := range []string{
		"opa                                  3      40000.0     8000       140",
		"check_into/card_holder               3         45.0        0         0",
		"check_into/card_holder           opa/this   888.9x  this/go   4.1x",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
}

func TestMedian(t *testing.T) {
	for _, c := range []struct {
		in   []float64
		want float64
	}{{nil, 0}, {[]float64{3}, 3}, {[]float64{5, 1, 3}, 3}, {[]float64{4, 1, 3, 2}, 2.5}} {
		if got := median(c.in); got != c.want {
			t.Errorf("median(%v) = %v, want %v", c.in, got, c.want)
		}
	}
}

func TestReportGroups(t *testing.T) {
	results, err := parse(strings.NewReader(`BenchmarkJSON/decode/std-2 	 1	 3000 ns/op
BenchmarkJSON/decode/fast-2 	 1	 1000 ns/op
BenchmarkJSON/encode/std-2 	 1	 8000 ns/op
BenchmarkJSON/encode/fast-2 	 1	 2000 ns/op
`))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	report(&b, results, []string{"std"}, "")
	for _, want := range []string{"decode/fast                      std/this     3.0x", "encode/fast                      std/this     4.0x"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report lacks %q:\n%s", want, b.String())
		}
	}
}
