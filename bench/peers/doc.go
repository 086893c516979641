// Package peers measures one eligibility decision of kartusehat beside the
// engines a host would otherwise write it in: a prepared Rego query (Open
// Policy Agent), a CEL program (cel.dev/cel-go) and bare Go with no
// explanation. It is a module of its own, so that the project's module
// never depends on OPA or CEL; it reaches the project through a replace
// directive to the checkout it sits in.
//
// Run ./run.sh from this directory: it runs every benchmark in one
// go test -bench invocation and prints medians and ratios (see
// cmd/benchratio).
package peers
