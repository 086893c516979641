package tariff

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/kartusehat/kartusehat/internal/jsonx"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/shopspring/decimal"
)

// MarshalJSON writes the line, its money as JSON strings holding exact
// decimals, without reflection.
func (l Line) MarshalJSON() ([]byte, error) { return l.appendJSON(make([]byte, 0, 256)), nil }

func (l *Line) appendJSON(b []byte) []byte {
	b = append(b, `{"kind":`...)
	b = jsonx.AppendString(b, l.Kind)
	if l.Code != "" {
		b = append(b, `,"code":`...)
		b = jsonx.AppendString(b, l.Code)
	}
	b = append(b, `,"description":`...)
	b = jsonx.AppendString(b, l.Description)
	b = append(b, `,"quantity":`...)
	b = strconv.AppendInt(b, int64(l.Quantity), 10)
	b = append(b, `,"unit_price":`...)
	b = l.unit.appendJSON(b)
	b = append(b, `,"amount":"`...)
	b = strconv.AppendInt(b, l.amount, 10)
	b = append(b, `","payer":`...)
	b = jsonx.AppendString(b, string(l.Payer))
	b = append(b, `,"ref":`...)
	b = jsonx.AppendString(b, l.Ref)
	return append(b, '}')
}

// lineJSON is the JSON form of a Line, for decoding.
type lineJSON struct {
	Kind        string          `json:"kind"`
	Code        string          `json:"code,omitempty"`
	Description string          `json:"description"`
	Quantity    int             `json:"quantity"`
	UnitPrice   decimal.Decimal `json:"unit_price"`
	Amount      decimal.Decimal `json:"amount"`
	Payer       referral.Payer  `json:"payer"`
	Ref         string          `json:"ref"`
}

// UnmarshalJSON reads a line as MarshalJSON writes it; its amount must be
// whole rupiah.
func (l *Line) UnmarshalJSON(data []byte) error {
	var j lineJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	amount, ok := wholeRupiah(j.Amount)
	if !ok {
		return fmt.Errorf("tariff: a bill line's amount %s is not whole rupiah", j.Amount)
	}
	*l = Line{Kind: j.Kind, Code: j.Code, Description: j.Description, Quantity: j.Quantity, Payer: j.Payer, Ref: j.Ref, amount: amount}
	if rp, ok := wholeRupiah(j.UnitPrice); ok {
		l.unit = money{rp: rp}
	} else {
		l.unit = money{dec: j.UnitPrice, frac: true}
	}
	return nil
}

// MarshalJSON writes the total, its amount as a JSON string.
func (t Total) MarshalJSON() ([]byte, error) { return t.appendJSON(make([]byte, 0, 48)), nil }

func (t *Total) appendJSON(b []byte) []byte {
	b = append(b, `{"payer":`...)
	b = jsonx.AppendString(b, string(t.Payer))
	b = append(b, `,"amount":"`...)
	b = strconv.AppendInt(b, t.amount, 10)
	return append(b, `"}`...)
}

// totalJSON is the JSON form of a Total.
type totalJSON struct {
	Payer  referral.Payer `json:"payer"`
	Amount int64          `json:"amount,string"`
}

// UnmarshalJSON reads a total as MarshalJSON writes it.
func (t *Total) UnmarshalJSON(data []byte) error {
	var j totalJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	*t = Total{Payer: j.Payer, amount: j.Amount}
	return nil
}

// billJSON is the JSON form of a Bill.
type billJSON struct {
	Date          rules.Date       `json:"date"`
	Basis         string           `json:"basis"`
	Lines         []Line           `json:"lines"`
	Totals        []Total          `json:"totals"`
	Total         int64            `json:"total,string"`
	Table         string           `json:"table,omitempty"`
	TableRevision string           `json:"table_revision,omitempty"`
	Sample        bool             `json:"sample,omitempty"`
	Warnings      []rules.Reason   `json:"warnings"`
	Provenance    rules.Provenance `json:"provenance"`
}

// MarshalJSON writes the bill, its money as JSON strings holding exact
// decimals, without reflection.
func (b Bill) MarshalJSON() ([]byte, error) {
	return b.AppendJSON(make([]byte, 0, 1024+256*len(b.Lines)+160*b.Provenance.Len())), nil
}

// AppendJSON appends the bill's JSON to b, as MarshalJSON writes it
// (without escaping <, > and &; an Encoder escapes them when told to).
func (b *Bill) AppendJSON(out []byte) []byte {
	out = append(out, `{"date":"`...)
	out = b.Date.AppendText(out)
	out = append(out, `","basis":`...)
	out = jsonx.AppendString(out, b.Basis)
	out = append(out, `,"lines":`...)
	out = jsonx.AppendArray(out, b.Lines, (*Line).appendJSON)
	out = append(out, `,"totals":`...)
	out = jsonx.AppendArray(out, b.Totals, (*Total).appendJSON)
	out = append(out, `,"total":"`...)
	out = strconv.AppendInt(out, b.total, 10)
	out = append(out, '"')
	if b.Table != "" {
		out = append(out, `,"table":`...)
		out = jsonx.AppendString(out, b.Table)
	}
	if b.TableRevision != "" {
		out = append(out, `,"table_revision":`...)
		out = jsonx.AppendString(out, b.TableRevision)
	}
	if b.Sample {
		out = append(out, `,"sample":true`...)
	}
	out = append(out, `,"warnings":`...)
	out = jsonx.AppendArray(out, b.Warnings, (*rules.Reason).AppendJSON)
	out = append(out, `,"provenance":`...)
	out = b.Provenance.AppendJSON(out)
	return append(out, '}')
}

// UnmarshalJSON reads a bill as MarshalJSON writes it.
func (b *Bill) UnmarshalJSON(data []byte) error {
	var j billJSON
	if err := json.Unmarshal(data, &j); err != nil {
		return err
	}
	*b = Bill{Date: j.Date, Basis: j.Basis, Lines: j.Lines, Totals: j.Totals, total: j.Total,
		Table: j.Table, TableRevision: j.TableRevision, Sample: j.Sample, Warnings: j.Warnings, Provenance: j.Provenance}
	return nil
}
