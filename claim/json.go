package claim

import (
	"strconv"

	"github.com/kartusehat/kartusehat/internal/jsonx"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/shopspring/decimal"
)

// MarshalJSON writes the adjudication as encoding/json would from its
// field tags, without reflection.
func (a Adjudication) MarshalJSON() ([]byte, error) {
	return a.AppendJSON(make([]byte, 0, 1024+512*len(a.Lines)+160*a.Provenance.Len()))
}

// AppendJSON appends the adjudication's JSON to b, as MarshalJSON writes
// it (without escaping <, > and &; an Encoder escapes them when told to).
func (a *Adjudication) AppendJSON(b []byte) ([]byte, error) {
	b = append(b, '{')
	if a.ID != "" {
		b = append(b, `"id":`...)
		b = jsonx.AppendString(b, a.ID)
		b = append(b, ',')
	}
	b = append(b, `"hospital":`...)
	b = jsonx.AppendString(b, a.Hospital)
	b = append(b, `,"service":`...)
	b = jsonx.AppendString(b, a.Service)
	b = append(b, `,"verdict":`...)
	b = jsonx.AppendString(b, string(a.Verdict))
	b = append(b, `,"reasons":`...)
	b = jsonx.AppendArray(b, a.Reasons, (*rules.Reason).AppendJSON)
	b = append(b, `,"notes":`...)
	b = jsonx.AppendArray(b, a.Notes, (*rules.Reason).AppendJSON)
	b = jsonx.AppendArray(append(b, `,"lines":`...), a.Lines, (*LineVerdict).appendJSON)
	m := &a.Amounts
	b = appendDecimal(append(b, `,"amounts":{"claimed":`...), m.Claimed)
	b = appendDecimal(append(b, `,"payable":`...), m.Payable)
	b = appendDecimal(append(b, `,"reduced":`...), m.Reduced)
	b = appendDecimal(append(b, `,"denied":`...), m.Denied)
	b = appendDecimal(append(b, `,"deposit_netted":`...), m.DepositNetted)
	b = appendDecimal(append(b, `,"transfer":`...), m.Transfer)
	b = append(b, '}')
	if a.Basis != "" {
		b = append(b, `,"basis":`...)
		b = jsonx.AppendString(b, a.Basis)
	}
	b = append(b, `,"payer":`...)
	b = jsonx.AppendString(b, string(a.Payer))
	b = jsonx.AppendArray(append(b, `,"missing":`...), a.Missing, (*Document).appendJSON)
	t := &a.Timeline
	b = append(b, `,"timeline":{"submission_month":`...)
	b = jsonx.AppendString(b, t.SubmissionMonth)
	b = appendDate(append(b, `,"submission_due":`...), t.SubmissionDue)
	b = appendDate(append(b, `,"verification_due":`...), t.VerificationDue)
	b = appendDate(append(b, `,"payment_due":`...), t.PaymentDue)
	b = append(b, `,"late":`...)
	b = strconv.AppendBool(b, t.Late)
	b = append(b, `,"ref":`...)
	b = jsonx.AppendString(b, t.Ref)
	b = append(b, `,"steps":{"submission":`...)
	b = jsonx.AppendString(b, t.Steps.Submission)
	b = append(b, `,"verification":`...)
	b = jsonx.AppendString(b, t.Steps.Verification)
	b = append(b, `,"payment":`...)
	b = jsonx.AppendString(b, t.Steps.Payment)
	b = append(b, `}},"provenance":`...)
	b = a.Provenance.AppendJSON(b)
	return append(b, '}'), nil
}

func (d *Document) appendJSON(b []byte) []byte {
	b = append(b, `{"code":`...)
	b = jsonx.AppendString(b, d.Code)
	b = append(b, `,"message":`...)
	b = jsonx.AppendString(b, d.ID)
	b = append(b, `,"message_en":`...)
	b = jsonx.AppendString(b, d.EN)
	b = append(b, `,"ref":`...)
	b = jsonx.AppendString(b, d.Ref)
	return append(b, '}')
}

func (l *LineVerdict) appendJSON(b []byte) []byte {
	b = append(b, `{"line":`...)
	b = strconv.AppendInt(b, int64(l.Line), 10)
	b = append(b, `,"verdict":`...)
	b = jsonx.AppendString(b, string(l.Verdict))
	b = appendDecimal(append(b, `,"claimed":`...), l.Claimed)
	b = appendDecimal(append(b, `,"payable":`...), l.Payable)
	b = appendDecimal(append(b, `,"reduced":`...), l.Reduced)
	b = appendDecimal(append(b, `,"denied":`...), l.Denied)
	b = append(b, `,"reasons":`...)
	b = jsonx.AppendArray(b, l.Reasons, (*rules.Reason).AppendJSON)
	return append(b, '}')
}

// appendDecimal appends d as decimal.Decimal's MarshalJSON writes it.
func appendDecimal(b []byte, d decimal.Decimal) []byte {
	if decimal.MarshalJSONWithoutQuotes {
		return append(b, d.String()...)
	}
	b = append(b, '"')
	b = append(b, d.String()...)
	return append(b, '"')
}

// appendDate appends d as encoding/json writes a rules.Date (its text, a
// JSON string; "" for the zero date).
func appendDate(b []byte, d rules.Date) []byte {
	b = append(b, '"')
	b = d.AppendText(b)
	return append(b, '"')
}
