// Package examples holds runnable, end-to-end examples of the library's main
// flows: the admission desk, Dinkes verification, and a policy analyst's
// reform. It has no API of its own; read its Example functions, which the
// tests run.
package examples
