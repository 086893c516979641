#!/usr/bin/env bash
# Compares kartusehat's eligibility decision with OPA, CEL and bare Go:
# checks that the engines agree, runs every benchmark in ONE go test
# invocation (COUNT runs each, default 5) and prints the medians and
# ratios. Extra arguments go to go test (for example -benchtime=2s).
# The raw output is kept in $OUT (default: bench.txt here).
set -euo pipefail
cd "$(dirname "$0")"
out=${OUT:-bench.txt}
go test -count=1 -run '^TestEnginesAgree$' .
{
	echo "# $(git rev-parse --short HEAD 2>/dev/null || echo '?') $(go version | cut -d' ' -f3) $(nproc) CPUs, load: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
	go test -run '^$' -bench '^BenchmarkEligibility$' -benchmem -count "${COUNT:-5}" "$@" .
} | tee "$out"
echo
go run ./cmd/benchratio -peers opa,cel -floor go <"$out"
