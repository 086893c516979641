package kartusehat

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
	"github.com/shopspring/decimal"
)

// fileInput is the JSON input of claim adjudication, verification and
// recap: a claim file; its "id" is the host's claim number.
type fileInput struct {
	// ID is the host's claim number, echoed whatever its JSON type; a
	// string or a number is also carried into the result.
	ID json.RawMessage `json:"id,omitempty"`
	claim.File
}

// LogValue implements slog.LogValuer: every NIK masked.
func (in *fileInput) LogValue() slog.Value { return eligibility.LogValueMasked(in) }

// decodeFile decodes a claim file line strictly (see decodeStrict): the
// file, and its id as given. An amount over tariff.MaxAmount is refused
// as out_of_range, as price refuses it.
func decodeFile(raw []byte, in *fileInput) error {
	if err := decodeStrict(raw, in); err != nil {
		return err
	}
	in.File.ID = idText(in.ID)
	return checkAmounts(&in.File)
}

// errAmountOverMax is the message of an amount over tariff.MaxAmount,
// the same in every operation (price says it so too) and never echoing
// the amount.
var errAmountOverMax = "the amount is more than " + rupiahText(tariff.MaxAmount) + ", the limit for an amount (MaxAmount)"

// errAmountOverMaxID is errAmountOverMax in Indonesian.
var errAmountOverMaxID = "jumlahnya lebih dari " + rupiahText(tariff.MaxAmount) + ", batas sebuah jumlah (MaxAmount)"

// checkAmounts refuses an amount of a claim file over tariff.MaxAmount
// as price does: out_of_range, the limit named.
func checkAmounts(f *claim.File) error {
	over := func(d decimal.Decimal) bool { return d.GreaterThan(maxAmount) }
	for i, l := range f.Lines {
		if over(l.Amount) {
			return inputErr(rules.CodeOutOfRange, fmt.Sprintf("/lines/%d/amount", i), errAmountOverMaxID, errAmountOverMax)
		}
		if l.UnitPrice != nil && over(*l.UnitPrice) {
			return inputErr(rules.CodeOutOfRange, fmt.Sprintf("/lines/%d/unit_price", i), errAmountOverMaxID, errAmountOverMax)
		}
	}
	for i, d := range f.Deposits {
		if over(d.Amount) {
			return inputErr(rules.CodeOutOfRange, fmt.Sprintf("/deposits/%d/amount", i), errAmountOverMaxID, errAmountOverMax)
		}
	}
	return nil
}

var maxAmount = decimal.NewFromInt(tariff.MaxAmount)

// rupiahText writes n as the tariff's messages do: Rp 1,000,000.
func rupiahText(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return "Rp " + s
}

// idText is the id as the result carries it: a string's text, a number's
// digits, "" for anything else.
func idText(id json.RawMessage) string {
	var s string
	if json.Unmarshal(id, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(id, &n) == nil {
		return n.String()
	}
	return ""
}

// AdjudicateOp is the operation of claim adjudication: a claim file in
// (fileInput), its adjudication (a *claim.Adjudication) out.
var AdjudicateOp = &Op{
	Name:    "claim adjudicate",
	Summary: "the verdict on a claim file: every bill line paid, reduced or denied, and the file's amounts",
	input:   func() any { return new(fileInput) },
	do: func(e *Engine, raw []byte) (json.RawMessage, any, error) {
		var in fileInput
		if err := decodeFile(raw, &in); err != nil {
			return idOf(raw), nil, err
		}
		id := in.ID
		a, err := e.adjudicateFile(&in.File, nil, 0)
		if err != nil {
			return id, nil, err
		}
		return id, a, nil
	},
}

// AdjudicateFile adjudicates a claim file on the rules in force on its
// admission, with the Engine's INA-CBG table: the Go-value form of
// AdjudicateOp.
func (e *Engine) AdjudicateFile(f *claim.File) (*claim.Adjudication, error) {
	if f == nil {
		return nil, inputErr(rules.CodeMissing, "", "wajib diisi: berkas klaim", "required: the claim file")
	}
	return e.adjudicateFile(f, nil, 0)
}

// adjudicateFile adjudicates f on the rules of its admission, or verifies
// it in v's month. A file refused before the Verifier sees it is counted
// as failed in v's month all the same.
func (e *Engine) adjudicateFile(f *claim.File, v *claim.Verifier, n int) (*claim.Adjudication, error) {
	if f.Episode.Admission.IsZero() {
		if v != nil {
			v.Failed()
		}
		return nil, inputErr(rules.CodeMissing, "/episode/admission", "wajib diisi: tanggal dan jam masuk", "required: the date-time of admission")
	}
	on, err := rules.DateFromTime(f.Episode.Admission)
	if err != nil {
		if v != nil {
			v.Failed()
		}
		return nil, within("/episode/admission", err)
	}
	var a claim.Adjudication
	if v != nil {
		a, err = v.Verify(f, n)
	} else {
		a, err = claim.Adjudicate(f, e.book.At(on), e.table)
	}
	if err != nil {
		return nil, err
	}
	return &a, nil
}
