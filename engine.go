package kartusehat

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"reflect"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/internal/engineopt"
	"github.com/kartusehat/kartusehat/internal/fault"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
)

// Engine is the one door to kartusehat: where facts, eligibility,
// referral, price and claim are put together, for Go values (a Stay, see
// Admit, Price, Adjudicate, Decide) and for raw JSON alike (Do, RunBatch).
// The command line and the server run on it, so a Go host, the CLI and an
// HTTP client get the same decisions and the same errors.
//
// A JSON operation (see Ops: eligibility, referral, price, claim; and
// AdjudicateOp, StayOp) takes one raw JSON input, decodes it once and strictly (an
// unknown field, a value of the wrong type, trailing data after the value,
// or an input over the size limit is an error), decides it on the
// Engine's rulebook and returns the result, a value ready for
// encoding/json, or an error. ErrorOf turns any error, from any layer,
// into the one error shape hosts see, {"code", "field", "message"}, where
// field is a JSON Pointer (RFC 6901) into the input and message never
// holds a full NIK or a Go type name.
//
// An Engine is made by New or Default, is immutable once made and is
// safe for concurrent use.
type Engine struct {
	// book is the rulebook every decision is made on.
	book *rules.Rulebook
	// table is the INA-CBG table for price; nil means the rulebook's own.
	table *tariff.Table
	// date is the date of service for eligibility inputs that carry none;
	// zero means such inputs are refused.
	date rules.Date
	// dateFlag names the host's own setting of date (the CLI's --date) in
	// the error of an input without a date; "" for none.
	dateFlag string
}

// Book is the rulebook the Engine decides on.
func (e *Engine) Book() *rules.Rulebook { return e.book }

// Table is the INA-CBG table the Engine prices with; nil means the
// rulebook's own.
func (e *Engine) Table() *tariff.Table { return e.table }

// Date is the date of service the Engine gives an eligibility input that
// carries none (WithDate); zero when there is none.
func (e *Engine) Date() rules.Date { return e.date }

// Op is one operation of the Engine.
type Op struct {
	// Name is the subcommand's (and the server endpoint's) name.
	Name string
	// Summary says in one line what the operation answers.
	Summary string
	// input returns a new value of the operation's input type, for help
	// and for locating decode errors.
	input func() any
	// do decodes the raw input once and decides it. It returns the
	// input's "id" (raw JSON, nil when absent) for batch lines.
	do func(e *Engine, raw []byte) (id json.RawMessage, result any, err error)
}

// Input returns a new value of the operation's input type: what help
// and the OpenAPI document describe.
func (op *Op) Input() any { return op.input() }

// Ops are the Engine's operations, in the order the help lists them.
var Ops = []*Op{
	{Name: "eligibility", Summary: "is the person the facts describe a participant on the date of service?",
		input: func() any { return new(eligibilityInput) }, do: (*Engine).eligibility},
	{Name: "referral", Summary: "the pathway of an episode: covered, who pays, what is missing and by when",
		input: func() any { return new(referralInput) }, do: (*Engine).referral},
	{Name: "price", Summary: "what Dinkes pays for a stay: the referral input plus the billing",
		input: func() any { return new(priceInput) }, do: (*Engine).price},
	{Name: "claim", Summary: "is the claim file complete, and when is it due?",
		input: func() any { return new(claimInput) }, do: (*Engine).claim},
}

// OpNamed returns the operation of that name: one of Ops, or
// AdjudicateOp, VerifyOp, RecapOp or StayOp ("stay").
func OpNamed(name string) (*Op, bool) {
	for _, op := range Ops {
		if op.Name == name {
			return op, true
		}
	}
	for _, op := range []*Op{AdjudicateOp, VerifyOp, RecapOp, StayOp} {
		if op.Name == name {
			return op, true
		}
	}
	return nil, false
}

// Do decides one raw JSON input with the named operation. It returns the
// input's "id" (raw JSON, nil when absent), and the result or an error for
// ErrorOf.
func (e *Engine) Do(op *Op, raw []byte) (id json.RawMessage, result any, err error) {
	if op == nil || op.do == nil {
		return nil, nil, inputErr(rules.CodeInternal, "", "operasi tidak dikenal", "no such operation")
	}
	defer func() {
		// A decision package must never panic; if one does, the host
		// gets an error for this input, not a dead process.
		if r := recover(); r != nil {
			result, err = nil, inputErr(rules.CodeInternal, "", fmt.Sprintf("kesalahan internal saat memutuskan masukan ini (mohon laporkan): %v", r), fmt.Sprintf("internal error deciding this input (please report it): %v", r))
		}
	}()
	return op.do(e, raw)
}

// decodeStrict decodes raw, a single JSON value, into v as every
// operation decodes its input: an unknown field (a key that matches a
// field only ignoring case too), a key given twice in one object, a value
// of the wrong type or form, or anything but white space after the value
// is an error whose ErrorOf names the field by its JSON Pointer.
func decodeStrict(raw []byte, v any) error {
	raw = bytes.TrimPrefix(raw, utf8BOM) // a leading byte-order mark
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(raw, reflect.TypeOf(v), err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return inputErr(rules.CodeBadJSON, "", fmt.Sprintf(fault.TrailingDataID+" pada bita ke-%d: berikan satu nilai JSON", dec.InputOffset()), fmt.Sprintf(fault.TrailingData+" at byte %d: give one JSON value", dec.InputOffset()))
	}
	if ie := checkKeys(raw, reflect.TypeOf(v)); ie != nil {
		return ie
	}
	return nil
}

// idOf returns the "id" of a JSON object, tolerantly, for a line that
// failed to decode strictly.
func idOf(raw []byte) json.RawMessage {
	raw = bytes.TrimPrefix(raw, utf8BOM)
	var x struct {
		ID json.RawMessage `json:"id"`
	}
	if json.NewDecoder(bytes.NewReader(raw)).Decode(&x) != nil {
		return nil
	}
	return x.ID
}

// eligibilityInput is the input of eligibility: {"id", "date", "facts"},
// or the facts themselves at the top level (with the date from the
// Engine's default).
type eligibilityInput struct {
	// ID is the host's own identifier, echoed back in batch output.
	ID json.RawMessage `json:"id,omitempty"`
	// Date is the date of service, YYYY-MM-DD.
	Date rules.Date `json:"date,omitzero"`
	// Facts are what the host knows about the person.
	Facts *eligibility.Facts `json:"facts,omitempty"`
	// FactsInline are the facts' fields at the top level, the date then
	// from --date (the help lists them once, under facts).
	*engineopt.FactsInline `help:"alternative"`
}

// LogValue implements slog.LogValuer: every NIK masked.
func (in *eligibilityInput) LogValue() slog.Value { return eligibility.LogValueMasked(in) }

func (in *eligibilityInput) facts() *eligibility.Facts {
	if in.Facts != nil {
		return in.Facts
	}
	return in.FactsInline
}

func (e *Engine) eligibility(raw []byte) (json.RawMessage, any, error) {
	var in eligibilityInput
	if fast, ok := decodeEligibilityFast(raw); ok {
		in = fast
	} else if err := decodeStrict(raw, &in); err != nil {
		return idOf(raw), nil, err
	}
	d, err := e.decideEligibility(&in)
	if err != nil {
		return in.ID, nil, err
	}
	return in.ID, d, nil
}

func (e *Engine) decideEligibility(in *eligibilityInput) (*eligibility.Decision, error) {
	if in.Facts != nil && in.FactsInline != nil {
		return nil, inputErr(rules.CodeInconsistent, "/facts", `berikan data di bawah "facts" atau di tingkat teratas, jangan keduanya`, `give the facts under "facts" or at the top level, not both`)
	}
	f := in.facts()
	if f == nil {
		return nil, inputErr(rules.CodeMissing, "/facts", `wajib diisi: data orangnya ({"date": ..., "facts": {"person": ..., "jkn": ..., "documents": ...}})`, `required: the person's facts ({"date": ..., "facts": {"person": ..., "jkn": ..., "documents": ...}})`)
	}
	on := in.Date
	if on.IsZero() {
		on = e.date
	}
	if on.IsZero() {
		if e.dateFlag == "" {
			return nil, inputErr(rules.CodeMissing, "/date", `wajib diisi: tanggal pelayanan, "date": "YYYY-MM-DD"`, `required: the date of service, "date": "YYYY-MM-DD"`)
		}
		return nil, inputErr(rules.CodeMissing, "/date", `wajib diisi: tanggal pelayanan ("date" pada masukan, atau `+e.dateFlag+`)`, `required: the date of service ("date" on the input, or `+e.dateFlag+`)`)
	}
	d, err := eligibility.Check(f, e.book.At(on))
	if err != nil {
		if in.Facts != nil {
			return nil, within("/facts", err)
		}
		return nil, err
	}
	return &d, nil
}

// referralInput is the input of referral: the episode and the patient's
// facts; eligibility is decided from the facts on the date of admission.
type referralInput struct {
	// ID is the host's own identifier, echoed back in batch output.
	ID json.RawMessage `json:"id,omitempty"`
	// Episode is the visit or stay.
	Episode *referral.Episode `json:"episode"`
	// Facts are the patient's facts, as for eligibility.
	Facts *eligibility.Facts `json:"facts"`
	// Eligibility, a decision the host already has, is refused: the
	// decision is always made from the facts.
	Eligibility json.RawMessage `json:"eligibility,omitempty"`
}

// LogValue implements slog.LogValuer: every NIK masked.
func (in *referralInput) LogValue() slog.Value { return eligibility.LogValueMasked(in) }

type referralOutput struct {
	Eligibility *eligibility.Decision `json:"eligibility"`
	Assessment  *referral.Assessment  `json:"assessment"`
}

// AppendJSON appends the output's JSON as encoding/json writes it (the
// batch runner's fast path).
func (o *referralOutput) AppendJSON(b []byte) ([]byte, error) {
	b, err := appendDecided(b, o.Eligibility, o.Assessment)
	return append(b, '}'), err
}

// appendDecided appends the object's opening and its first two fields,
// the eligibility decision and the assessment, shared by the referral and
// price outputs.
func appendDecided(b []byte, d *eligibility.Decision, a *referral.Assessment) ([]byte, error) {
	b = append(b, `{"eligibility":`...)
	b = appendDecision(b, d)
	b = append(b, `,"assessment":`...)
	if a == nil {
		return append(b, "null"...), nil
	}
	return a.AppendJSON(b)
}

func appendDecision(b []byte, d *eligibility.Decision) []byte {
	if d == nil {
		return append(b, "null"...)
	}
	return d.AppendJSON(b)
}

func (e *Engine) referral(raw []byte) (json.RawMessage, any, error) {
	var in referralInput
	if err := decodeStrict(raw, &in); err != nil {
		return idOf(raw), nil, err
	}
	d, a, err := e.decideAndAssess(&in)
	if err != nil {
		return in.ID, nil, err
	}
	return in.ID, &referralOutput{Eligibility: d, Assessment: a}, nil
}

// decideAndAssess decides eligibility on the date of admission and
// assesses the pathway.
func (e *Engine) decideAndAssess(in *referralInput) (*eligibility.Decision, *referral.Assessment, error) {
	if len(in.Eligibility) > 0 {
		return nil, nil, inputErr(rules.CodeRefused, "/eligibility",
			`keputusan yang diberikan host tidak dipercaya: kirim "facts" pasien, dan kepesertaan diputuskan darinya pada tanggal masuk`,
			`a decision supplied by the host is not trusted: send the patient's "facts", and eligibility is decided from them on the date of admission`)
	}
	ep := in.Episode
	if ep == nil {
		return nil, nil, inputErr(rules.CodeMissing, "/episode", "wajib diisi: kunjungan atau rawatannya", "required: the visit or stay")
	}
	if in.Facts == nil {
		return nil, nil, inputErr(rules.CodeMissing, "/facts", "wajib diisi: data pasien, dasar keputusan kepesertaan", "required: the patient's facts, from which eligibility is decided")
	}
	if ep.Admission.IsZero() {
		return nil, nil, inputErr(rules.CodeMissing, "/episode/admission", "wajib diisi: tanggal dan jam masuk", "required: the date-time of admission")
	}
	on, err := rules.DateFromTime(ep.Admission)
	if err != nil {
		return nil, nil, within("/episode/admission", err)
	}
	if err := checkPatient(ep, in.Facts); err != nil {
		return nil, nil, err
	}
	s := e.book.At(on)
	if err := ep.Validate(s); err != nil {
		return nil, nil, within("/episode", err)
	}
	d, err := eligibility.Check(in.Facts, s)
	if err != nil {
		return nil, nil, within("/facts", err)
	}
	a, err := referral.Assess(ep, &d, s)
	if err != nil {
		return nil, nil, within("/episode", err)
	}
	return &d, &a, nil
}

// priceInput is the input of price: the referral input plus the billing.
// Billing's facility, care type and class default to the episode's.
type priceInput struct {
	referralInput
	// Billing is what the hospital bills: the INA-CBG group, the
	// hospital's own bill of an insidental case, the items outside the
	// package.
	Billing *tariff.Episode `json:"billing"`
}

// LogValue implements slog.LogValuer: every NIK masked.
func (in *priceInput) LogValue() slog.Value { return eligibility.LogValueMasked(in) }

type priceOutput struct {
	Eligibility *eligibility.Decision `json:"eligibility"`
	Assessment  *referral.Assessment  `json:"assessment"`
	Bill        *tariff.Bill          `json:"bill"`
}

// AppendJSON appends the output's JSON as encoding/json writes it (the
// batch runner's fast path).
func (o *priceOutput) AppendJSON(b []byte) ([]byte, error) {
	b, err := appendDecided(b, o.Eligibility, o.Assessment)
	if err != nil {
		return b, err
	}
	b = append(b, `,"bill":`...)
	if o.Bill == nil {
		b = append(b, "null"...)
	} else {
		b = o.Bill.AppendJSON(b)
	}
	return append(b, '}'), nil
}

func (e *Engine) price(raw []byte) (json.RawMessage, any, error) {
	var in priceInput
	if err := decodeStrict(raw, &in); err != nil {
		return idOf(raw), nil, err
	}
	out, err := e.priceOne(&in)
	if err != nil {
		return in.ID, nil, err
	}
	return in.ID, out, nil
}

func (e *Engine) priceOne(in *priceInput) (*priceOutput, error) {
	if in.Billing == nil {
		return nil, inputErr(rules.CodeMissing, "/billing", "wajib diisi: grup INA-CBG, tagihan rumah sakit, item di luar paket", "required: the INA-CBG group, the hospital's bill, the items outside the package")
	}
	d, a, err := e.decideAndAssess(&in.referralInput)
	if err != nil {
		return nil, err
	}
	var b tariff.Episode
	if err := billingOf(&b, in.Billing, in.Episode, "/billing"); err != nil {
		return nil, err
	}
	bill, err := tariff.Price(&b, a, e.book.At(a.Date), e.table)
	if err != nil {
		return nil, within("/billing", err)
	}
	return &priceOutput{Eligibility: d, Assessment: a, Bill: &bill}, nil
}

// claimInput is the input of claim: a claim, with the host's id.
type claimInput struct {
	// ID is the host's own identifier, echoed back in batch output.
	ID json.RawMessage `json:"id,omitempty"`
	claim.Claim
}

// LogValue implements slog.LogValuer: every NIK-like run of digits
// masked (a claim holds no NIK field, but a host may type one anywhere).
func (in *claimInput) LogValue() slog.Value { return eligibility.LogValueMasked(in) }

func (e *Engine) claim(raw []byte) (json.RawMessage, any, error) {
	var in claimInput
	if err := decodeStrict(raw, &in); err != nil {
		return idOf(raw), nil, err
	}
	if in.ServiceEnd.IsZero() {
		return in.ID, nil, inputErr(rules.CodeMissing, "/service_end", "wajib diisi: hari terakhir pelayanan", "required: the last day of the service")
	}
	r, err := claim.Check(&in.Claim, e.book.At(in.ServiceEnd))
	if err != nil {
		return in.ID, nil, err
	}
	return in.ID, &r, nil
}

// errNoInput is the error for an empty input.
var errNoInput = errors.New("empty input: expected one JSON object")
