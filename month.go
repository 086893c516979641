package kartusehat

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/rules"
)

// VerifyOp is the operation of a month's verification (VerifyMonth), for
// help and the OpenAPI document; each verification makes its own
// operation around its month's Verifier.
var VerifyOp = &Op{
	Name:    "claim verify",
	Summary: "a hospital's month: every claim file of a JSON Lines batch adjudicated as it is read, duplicates refused, then the month's report (Berita Acara figures, schedule, budget, recap, reporting duties)",
	input:   func() any { return new(fileInput) },
}

// RecapOp is the operation of a recap (RecapMonth), for help and the
// OpenAPI document.
var RecapOp = &Op{
	Name:    "claim recap",
	Summary: "SJP and claim files by month and by service (card or Dinsos letter, outpatient or inpatient), the layout of the 2017 table; JSON Lines of claim files in",
	input:   func() any { return new(fileInput) },
}

// lineErrorsOnly reports whether err is nil or only says that some lines
// of a batch failed (each reported on its line): the batch was read to
// its end and its report stands.
func lineErrorsOnly(err error) bool {
	var bf BatchFailed
	return err == nil || errors.As(err, &bf)
}

// VerifyMonth is a month's verification: every claim file of the JSON
// Lines read from r adjudicated in the month's claim.Verifier as it is
// read, its line written to w (RunBatch's {"line", "id", "result"|"error"}),
// then the month's report with budget b (nil for none). The report is nil
// when the batch was not read to its end; else err is nil or BatchFailed.
//
// The report's accounting is the batch's: every line answered is one of
// the report's files or one of its errors (the Berita Acara's errors are
// the batch's failed lines, whatever stage refused them), so the report,
// its tables and the summary give the same figures.
func (e *Engine) VerifyMonth(ctx context.Context, r io.Reader, w io.Writer, o BatchOptions, b *claim.Budget) (*claim.Report, error) {
	return e.verifyMonth(ctx, r, w, o, b, nil)
}

// VerifyMonthFiles is VerifyMonth that also gives each claim file's row
// (its verdict and amounts), for the workbook's sheet of files. It keeps
// one row per file in memory, which VerifyMonth does not.
func (e *Engine) VerifyMonthFiles(ctx context.Context, r io.Reader, w io.Writer, o BatchOptions, b *claim.Budget) (*claim.Report, []claim.FileRow, error) {
	files := []claim.FileRow{}
	rep, err := e.verifyMonth(ctx, r, w, o, b, &files)
	return rep, files, err
}

func (e *Engine) verifyMonth(ctx context.Context, r io.Reader, w io.Writer, o BatchOptions, b *claim.Budget, files *[]claim.FileRow) (*claim.Report, error) {
	if err := checkFrom(o.From); err != nil {
		return nil, err
	}
	v := claim.NewVerifier(e.book, e.table)
	n := 0
	op := &Op{Name: VerifyOp.Name, Summary: VerifyOp.Summary, input: VerifyOp.input,
		do: func(e *Engine, raw []byte) (json.RawMessage, any, error) {
			n++
			var in fileInput
			warnings, err := e.decodeFileFrom(o.From, raw, &in)
			if err != nil {
				v.Failed()
				return in.ID, nil, err
			}
			a, err := e.adjudicateFile(&in.File, v, n)
			if err != nil {
				return in.ID, nil, err
			}
			a.Notes = append(a.Notes, warnings...)
			if files != nil {
				*files = append(*files, claim.FileRowOf(n, &in.File, a))
			}
			return in.ID, a, nil
		}}
	st, batchErr := e.RunBatch(ctx, op, r, w, o)
	if !lineErrorsOnly(batchErr) {
		return nil, batchErr
	}
	rep, err := v.Report(b)
	if err != nil {
		return nil, err
	}
	if rep.BeritaAcara.Files != st.OK {
		return nil, inputErr(rules.CodeInternal, "", fmt.Sprintf("laporan menghitung %d berkas padahal %d baris diputuskan (mohon laporkan)", rep.BeritaAcara.Files, st.OK), fmt.Sprintf("the report counts %d files where %d lines were decided (please report it)", rep.BeritaAcara.Files, st.OK))
	}
	rep.BeritaAcara.Errors = st.Failed
	return &rep, batchErr
}

// RecapMonth is a recap: every claim file of the JSON Lines read from r
// counted by month and service, a line acknowledged to acks (RunBatch's
// lines, with the file's service as the result). done is false when the
// batch was not read to its end; else err is nil or BatchFailed.
func (e *Engine) RecapMonth(ctx context.Context, r io.Reader, acks io.Writer, o BatchOptions) (recaps []claim.Recap, done bool, err error) {
	if err := checkFrom(o.From); err != nil {
		return nil, false, err
	}
	var book claim.RecapBook
	op := &Op{Name: RecapOp.Name, Summary: RecapOp.Summary, input: RecapOp.input,
		do: func(e *Engine, raw []byte) (json.RawMessage, any, error) {
			var in fileInput
			if _, err := e.decodeFileFrom(o.From, raw, &in); err != nil {
				return in.ID, nil, err
			}
			if in.Episode.Admission.IsZero() {
				return in.ID, nil, inputErr(rules.CodeMissing, "/episode/admission", "wajib diisi: tanggal dan jam masuk", "required: the date-time of admission")
			}
			if _, err := rules.DateFromTime(in.Episode.Admission); err != nil {
				return in.ID, nil, within("/episode/admission", err)
			}
			if err := book.Add(&in.File); err != nil {
				return in.ID, nil, err
			}
			return in.ID, struct {
				Service string `json:"service"`
			}{in.Service()}, nil
		}}
	_, batchErr := e.RunBatch(ctx, op, r, acks, o)
	if !lineErrorsOnly(batchErr) {
		return nil, false, batchErr
	}
	return book.Recaps(), true, batchErr
}
