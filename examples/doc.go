// Package examples holds runnable, end-to-end examples of the library's main
// flows: the admission desk, Dinkes verification, and a policy analyst's
// reform. It has no API of its own; read its Example functions, which the
// tests run.
//
// Runnable programs, each with a README and a test that runs it:
// examples/hospital (one stay as the SIMRS clerk sees it, admission to
// claim file), examples/simrs (the same job through the root package's
// engine and one Stay value) and examples/policy (a year under the rules and under a
// reform). examples/reforms holds sample reforms for
// `kartusehat simulate --reform FILE`.
package examples
