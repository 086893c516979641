package server

import (
	"context"
	"encoding/json"
	"io"
	"reflect"
	"time"

	"github.com/kartusehat/kartusehat"
	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/internal/fault"
	"github.com/kartusehat/kartusehat/internal/jsonfield"
	"github.com/kartusehat/kartusehat/internal/jsonout"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/shopspring/decimal"
)

type (
	batchFailed = kartusehat.BatchFailed
	errBatchCut = kartusehat.BatchCut
)

// fieldErr is an error the server finds itself, at ptr (a JSON Pointer,
// or a query parameter's name), in Indonesian (id) and English (en).
func fieldErr(code rules.ErrorCode, ptr, id, en string) *rules.FieldError {
	return fault.Safe(fault.New(code, ptr, id, en))
}

// batchLimit is the error of a batch body over --max-batch.
func (s *Server) batchLimit() *rules.FieldError {
	return fault.Limit("batch", "the batch", "--max-batch", s.cfg.maxBatch)
}

func writeJSON(w io.Writer, v any) error     { return jsonout.Indented(w, v) }
func writeJSONLine(w io.Writer, v any) error { return jsonout.Line(w, v) }

var structFields = jsonfield.Of

// runBatch decides JSON Lines from r with op on eng, the summary to
// summary, cut when ctx is done.
func runBatch(ctx context.Context, eng *kartusehat.Engine, op *kartusehat.Op, r io.Reader, w, summary io.Writer, maxLine int) error {
	_, err := eng.RunBatch(ctx, op, r, w, kartusehat.BatchOptions{MaxLine: maxLine, Summary: summary})
	return err
}

func verifyMonth(ctx context.Context, eng *kartusehat.Engine, r io.Reader, w, summary io.Writer, maxLine int, b *claim.Budget, from string) (*claim.Report, error) {
	return eng.VerifyMonth(ctx, r, w, kartusehat.BatchOptions{MaxLine: maxLine, Summary: summary, From: from}, b)
}

func recapMonth(ctx context.Context, eng *kartusehat.Engine, r io.Reader, acks, summary io.Writer, maxLine int, from string) ([]claim.Recap, bool, error) {
	return eng.RecapMonth(ctx, r, acks, kartusehat.BatchOptions{MaxLine: maxLine, Summary: summary, From: from})
}

var allowed = jsonfield.Allowed

var (
	typeDate        = reflect.TypeFor[rules.Date]()
	typeTime        = reflect.TypeFor[time.Time]()
	typeNIK         = reflect.TypeFor[eligibility.NIK]()
	typeDecimal     = reflect.TypeFor[decimal.Decimal]()
	rawMessage      = reflect.TypeFor[json.RawMessage]()
	textUnmarshaler = reflect.TypeFor[interface{ UnmarshalText([]byte) error }]()
)

func derefType(t reflect.Type) reflect.Type { return jsonfield.Deref(t) }
