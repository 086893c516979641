package main

import (
	"strings"

	"github.com/kartusehat/kartusehat/server"
)

// The server's names the serve tests use.
const (
	mediaJSON      = "application/json"
	mediaNDJSON    = "application/x-ndjson"
	revisionHeader = "Kartusehat-Revision"
)

// openAPIBytes is the served OpenAPI document.
func openAPIBytes() []byte { return server.OpenAPI() }

// The month's media types and header.
const (
	mediaCSV          = "text/csv; charset=utf-8"
	mediaXLSX         = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	failedLinesHeader = "Kartusehat-Failed-Lines"
)

// serveOp is an operation as the server offers it, at POST /v1/{path}.
type serveOp struct {
	path string
	op   *Op
}

// serveOps are the operations at /v1/{path} and /v1/{path}/batch.
func serveOps() []serveOp {
	var out []serveOp
	for _, op := range Ops {
		out = append(out, serveOp{op.Name, op})
	}
	return append(out, serveOp{"claim/adjudicate", adjudicateOp})
}

// monthServeOps are the month's operations, at /v1/{path} alone.
func monthServeOps() []serveOp {
	return []serveOp{{"claim/verify", verifyOp}, {"claim/recap", recapOp}}
}

// inputSchemaName is the component name of the input schema of the
// operation at path: EligibilityInput, ClaimAdjudicateInput.
func inputSchemaName(path string) string {
	var b strings.Builder
	for _, part := range strings.Split(path, "/") {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String() + "Input"
}
