package kartusehat

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/internal/fault"
	"github.com/kartusehat/kartusehat/interop"
	"github.com/kartusehat/kartusehat/interop/eklaim"
	"github.com/kartusehat/kartusehat/interop/fhir"
	"github.com/kartusehat/kartusehat/interop/vclaim"
	"github.com/kartusehat/kartusehat/rules"
)

// The formats an input may come in, and an answer go out in, besides the
// project's own JSON ("", the default): see OpFrom and BatchOptions.From.
const (
	// FormatEKlaim is the Ministry of Health's E-Klaim record
	// (set_claim_data, the grouper's result and the Jamkesda supplement:
	// package interop/eklaim); as an answer, eklaim.Answer.
	FormatEKlaim = "eklaim"
	// FormatFHIR is FHIR R4 (package interop/fhir): a
	// CoverageEligibilityRequest for eligibility, a Claim for a claim
	// file; as an answer, CoverageEligibilityResponse and ClaimResponse.
	FormatFHIR = "fhir"
	// FormatSEP is a VClaim-style SEP with its referral (package
	// interop/vclaim), for the referral operation: {"id", "t_sep",
	// "jamkesda", "facts"}.
	FormatSEP = "sep"
)

// formatPair is an operation's input format and answer format.
type formatPair struct{ op, from, to string }

// formatOps are the operations OpFrom makes, by operation name and
// formats; made once (init), read only afterwards.
var formatOps = map[formatPair]*Op{}

// Formats lists the input formats op takes besides the project's own
// JSON, and for each the answer formats besides it, sorted.
func Formats(op *Op) map[string][]string {
	out := map[string][]string{}
	for k := range formatOps {
		if k.op == op.Name {
			if _, ok := out[k.from]; !ok {
				out[k.from] = nil
			}
			if k.to != "" {
				out[k.from] = append(out[k.from], k.to)
			}
		}
	}
	for _, v := range out {
		slices.Sort(v)
	}
	return out
}

// OpFrom returns op reading its input in the format from and answering in
// the format to ("" for the project's own JSON in either place), or an
// error naming the formats op takes. The combinations are:
//
//   - eligibility from fhir (a CoverageEligibilityRequest), to "" (the
//     decision) or fhir (a CoverageEligibilityResponse);
//   - referral from sep ({"id", "t_sep", "jamkesda", "facts"}), to "";
//   - claim adjudicate from eklaim (an E-Klaim record), to "" (the
//     adjudication, the reading's warnings among its notes) or eklaim
//     (eklaim.Answer); from fhir (a Claim), to "" or fhir (a
//     ClaimResponse).
//
// The decision is the one the same input in the project's JSON gets: the
// reader's output goes through the operation's own path. A fault of the
// reading is a field error at its JSON Pointer into the input as given.
func OpFrom(op *Op, from, to string) (*Op, error) {
	if from == "" && to == "" {
		return op, nil
	}
	if o, ok := formatOps[formatPair{op.Name, from, to}]; ok {
		return o, nil
	}
	var can []string
	for k := range formatOps {
		if k.op != op.Name {
			continue
		}
		if k.to == "" {
			can = append(can, "from "+k.from)
		} else {
			can = append(can, "from "+k.from+" to "+k.to)
		}
	}
	if len(can) == 0 {
		return nil, fault.New(rules.CodeBadValue, "", op.Name+" hanya membaca dan menjawab JSON proyek ini", op.Name+" reads and answers the project's JSON only")
	}
	slices.Sort(can)
	return nil, fault.New(rules.CodeBadValue, "", fmt.Sprintf("%s membaca dan menjawab JSON proyek ini, atau: %s", op.Name, strings.Join(can, "; ")),
		fmt.Sprintf("%s reads and answers the project's JSON, or: %s", op.Name, strings.Join(can, "; ")))
}

func init() {
	elig, _ := OpNamed("eligibility")
	ref, _ := OpNamed("referral")
	add := func(base *Op, from, to string, input func() any, do func(e *Engine, raw []byte) (json.RawMessage, any, error)) {
		formatOps[formatPair{base.Name, from, to}] = &Op{Name: base.Name, Summary: base.Summary, input: input, do: do}
	}
	fhirElig := func(to string) func(e *Engine, raw []byte) (json.RawMessage, any, error) {
		return func(e *Engine, raw []byte) (json.RawMessage, any, error) {
			req, err := fhir.DecodeEligibilityRequest(raw)
			if err != nil {
				return idOf(raw), nil, err
			}
			id := stringID(req.ID)
			f, on, err := fhir.EligibilityFacts(req)
			if err != nil {
				return id, nil, err
			}
			d, err := e.decideEligibility(&eligibilityInput{Date: on, Facts: f})
			if err != nil {
				return id, nil, err
			}
			if to == FormatFHIR {
				return id, fhir.EligibilityResponse(req, f, d), nil
			}
			return id, d, nil
		}
	}
	add(elig, FormatFHIR, "", func() any { return new(fhir.CoverageEligibilityRequest) }, fhirElig(""))
	add(elig, FormatFHIR, FormatFHIR, func() any { return new(fhir.CoverageEligibilityRequest) }, fhirElig(FormatFHIR))
	add(ref, FormatSEP, "", func() any { return new(sepInput) }, (*Engine).referralFromSEP)
	for _, to := range []string{"", FormatEKlaim} {
		add(AdjudicateOp, FormatEKlaim, to, func() any { return new(eklaim.Record) }, func(e *Engine, raw []byte) (json.RawMessage, any, error) {
			rd, err := readFile(e, FormatEKlaim, raw)
			if err != nil {
				return rd.id, nil, err
			}
			a, err := e.adjudicateFile(rd.file, nil, 0)
			if err != nil {
				return rd.id, nil, err
			}
			if to == FormatEKlaim {
				return rd.id, eklaim.Write(rd.eklaim, a), nil // the warnings among its notes
			}
			a.Notes = append(a.Notes, rd.eklaim.Warnings...)
			return rd.id, a, nil
		})
	}
	for _, to := range []string{"", FormatFHIR} {
		add(AdjudicateOp, FormatFHIR, to, func() any { return new(fhir.Claim) }, func(e *Engine, raw []byte) (json.RawMessage, any, error) {
			rd, err := readFile(e, FormatFHIR, raw)
			if err != nil {
				return rd.id, nil, err
			}
			a, err := e.adjudicateFile(rd.file, nil, 0)
			if err != nil {
				return rd.id, nil, err
			}
			if to == FormatFHIR {
				return rd.id, fhir.NewClaimResponse(rd.fhir, rd.file, a), nil
			}
			return rd.id, a, nil
		})
	}
}

// stringID is a resource's or record's id as the raw JSON of a batch line's
// "id"; nil when empty.
func stringID(s string) json.RawMessage {
	if s == "" {
		return nil
	}
	b, _ := json.Marshal(s)
	return b
}

// read is a claim file read from a format, with its reading.
type read struct {
	id     json.RawMessage
	file   *claim.File
	eklaim *eklaim.Conversion
	fhir   *fhir.Claim
}

// readFile reads a claim file in the format from (eklaim, fhir) as the
// native file, with the id of the record (the supplement's id, else the
// SEP number; the FHIR resource's id), its amounts checked as a native
// file's are.
func readFile(e *Engine, from string, raw []byte) (read, error) {
	var rd read
	switch from {
	case FormatEKlaim:
		rec, err := eklaim.Decode(raw)
		if err != nil {
			return read{id: idOf(raw)}, err
		}
		rd.id = stringID(rec.Data.NomorSEP)
		if rec.Jamkesda != nil && rec.Jamkesda.ID != "" {
			rd.id = stringID(rec.Jamkesda.ID)
		}
		c, err := eklaim.ToFile(rec, e.book)
		if err != nil {
			return rd, err
		}
		rd.eklaim, rd.file = c, &c.File
	case FormatFHIR:
		c, err := fhir.DecodeClaim(raw)
		if err != nil {
			return read{id: idOf(raw)}, err
		}
		rd.id, rd.fhir = stringID(c.ID), c
		f, err := fhir.ClaimFile(c, e.book)
		if err != nil {
			return rd, err
		}
		rd.file = f
	default:
		return rd, fault.New(rules.CodeBadValue, "", fmt.Sprintf("tidak ada pembaca berkas klaim untuk format %q", from), fmt.Sprintf("no claim file reader for the format %q", from))
	}
	if err := checkAmounts(rd.file); err != nil {
		return rd, err
	}
	return rd, nil
}

// sepInput is the referral input as a VClaim-style SEP: the SEP with its
// referral and the Jamkesda supplement (vclaim.Input), and the patient's
// facts, as for the referral operation.
type sepInput struct {
	// ID is the host's own identifier, echoed back in batch output.
	ID json.RawMessage `json:"id,omitempty"`
	// SEP is the SEP (for Jamkesda the SJP) with its referral.
	SEP json.RawMessage `json:"t_sep"`
	// Jamkesda is what the SEP does not hold (referral.Episode).
	Jamkesda json.RawMessage `json:"jamkesda,omitempty"`
	// Facts are the patient's facts, as for eligibility.
	Facts *eligibility.Facts `json:"facts"`
}

func (e *Engine) referralFromSEP(raw []byte) (json.RawMessage, any, error) {
	var in sepInput
	if err := decodeStrict(raw, &in); err != nil {
		return idOf(raw), nil, err
	}
	if len(in.SEP) == 0 {
		return in.ID, nil, fault.New(rules.CodeMissing, "/t_sep", "wajib: SEP (t_sep)", "required: the SEP (t_sep)")
	}
	sep := struct {
		SEP      json.RawMessage `json:"t_sep"`
		Jamkesda json.RawMessage `json:"jamkesda,omitempty"`
	}{in.SEP, in.Jamkesda}
	b, err := json.Marshal(sep)
	if err != nil {
		return in.ID, nil, err
	}
	vin, err := vclaim.Decode(b)
	if err != nil {
		return in.ID, nil, err
	}
	c, err := vclaim.ToEpisode(vin, e.book)
	if err != nil {
		return in.ID, nil, err
	}
	d, a, err := e.decideAndAssess(&referralInput{ID: in.ID, Episode: &c.Episode, Facts: in.Facts})
	if err != nil {
		return in.ID, nil, err
	}
	unmapped := c.Unmapped
	if unmapped == nil {
		unmapped = []interop.Unmapped{}
	}
	return in.ID, &sepOutput{Eligibility: d, Assessment: a, Unmapped: unmapped}, nil
}

// sepOutput is the referral's answer to an SEP: the eligibility and the
// assessment, as for the project's JSON, and the SEP's fields that have
// no counterpart in the episode.
type sepOutput struct {
	Eligibility any                `json:"eligibility"`
	Assessment  any                `json:"assessment"`
	Unmapped    []interop.Unmapped `json:"unmapped"`
}

// decodeFileFrom decodes a claim file line in the format from ("" for
// the project's JSON, eklaim, fhir) into in, with the reading's warnings
// (an E-Klaim kode_tarif the rulebook does not give the hospital), for a
// month's verification and recap. On a fault in.ID is the line's id as
// far as it could be read.
func (e *Engine) decodeFileFrom(from string, raw []byte, in *fileInput) ([]rules.Reason, error) {
	if from == "" {
		if err := decodeFile(raw, in); err != nil {
			in.ID = idOf(raw)
			return nil, err
		}
		return nil, nil
	}
	rd, err := readFile(e, from, raw)
	in.ID = rd.id
	if err != nil {
		return nil, err
	}
	in.File = *rd.file
	if rd.eklaim != nil {
		return rd.eklaim.Warnings, nil
	}
	return nil, nil
}

// checkFrom refuses a format of claim files no reader reads.
func checkFrom(from string) error {
	switch from {
	case "", FormatEKlaim, FormatFHIR:
		return nil
	}
	return fault.New(rules.CodeBadValue, "", fmt.Sprintf("%q: berkas klaim sebulan adalah JSON proyek ini, %s atau %s", from, FormatEKlaim, FormatFHIR),
		fmt.Sprintf("%q: the claim files of a month are the project's JSON, %s or %s", from, FormatEKlaim, FormatFHIR))
}
