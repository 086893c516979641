package main

import (
	"context"
	"encoding/json"
	"io"
	"reflect"

	"github.com/kartusehat/kartusehat"
	"github.com/kartusehat/kartusehat/internal/fault"
	"github.com/kartusehat/kartusehat/internal/jsonfield"
	"github.com/kartusehat/kartusehat/rules"
)

// The command line is a thin layer of flags over the library: the names
// below are the root package's, under the names the commands use.

// Engine is the library's engine (kartusehat.Engine).
type Engine = kartusehat.Engine

// Op is an operation of the Engine.
type Op = kartusehat.Op

// ErrorJSON is the one error type (rules.FieldError), as the commands
// write it.
type ErrorJSON = rules.FieldError

// The error codes (see the library).
const (
	CodeBadJSON      = string(rules.CodeBadJSON)
	CodeUnknownField = string(rules.CodeUnknownField)
	CodeMissing      = string(rules.CodeMissing)
	CodeBadValue     = string(rules.CodeBadValue)
	CodeOutOfRange   = string(rules.CodeOutOfRange)
	CodeTooLarge     = string(rules.CodeTooLarge)
	CodeInconsistent = string(rules.CodeInconsistent)
	CodeRefused      = string(rules.CodeRefused)
	CodeNoRules      = string(rules.CodeNoRules)
	CodeInternal     = string(rules.CodeInternal)
	CodeTimeout      = string(rules.CodeTimeout)
	CodeInterrupted  = string(rules.CodeInterrupted)
)

// The size limits of inputs.
const (
	DefaultMaxInput = kartusehat.DefaultMaxInput
	DefaultMaxLine  = kartusehat.DefaultMaxLine
)

var (
	// Ops are the Engine's operations.
	Ops = kartusehat.Ops
	// adjudicateOp, verifyOp and recapOp are the claim subcommands'
	// operations.
	adjudicateOp = kartusehat.AdjudicateOp
	verifyOp     = kartusehat.VerifyOp
	recapOp      = kartusehat.RecapOp
)

// OpNamed returns the operation of that name.
func OpNamed(name string) (*Op, bool) { return kartusehat.OpNamed(name) }

// ErrorOf turns any error into the error hosts see.
func ErrorOf(err error) *ErrorJSON { return kartusehat.ErrorOf(err) }

// SafeText masks every NIK-like run of digits and drops Go type names.
func SafeText(s string) string { return fault.SafeText(s) }

func withHint(e *ErrorJSON) *ErrorJSON {
	return fault.WithHint(e, "pakai --batch untuk JSON Lines", "use --batch for JSON Lines")
}

func readLimited(r io.Reader, limit int64, name string) ([]byte, error) {
	return fault.ReadLimited(r, limit, name)
}

type (
	batchFailed = kartusehat.BatchFailed
	namedField  = jsonfield.Field
)

func structFields(t reflect.Type, alternatives bool) []namedField {
	return jsonfield.Of(t, alternatives)
}

func derefType(t reflect.Type) reflect.Type { return jsonfield.Deref(t) }

// runBatch decides JSON Lines from r with op on eng, as the library's
// RunBatch: the summary to summary, cut when ctx is done.
func runBatch(ctx context.Context, eng *Engine, op *Op, r io.Reader, w, summary io.Writer, maxLine int) error {
	_, err := eng.RunBatch(ctx, op, r, w, kartusehat.BatchOptions{MaxLine: maxLine, Summary: summary})
	return err
}

// rawMessage is the type of a field kept as raw JSON.
var rawMessage = reflect.TypeFor[json.RawMessage]()
