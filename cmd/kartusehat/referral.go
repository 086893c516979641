package main

import (
	"bytes"
	"encoding/json"
	"errors"

	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
)

// referralInput is what "kartusehat referral" reads: the episode, and
// either the patient's facts (eligibility is then decided on the date of
// admission) or an eligibility decision the host already has.
type referralInput struct {
	ID          string                `json:"id,omitempty"` // the host's own, for batches
	Episode     json.RawMessage       `json:"episode"`
	Facts       json.RawMessage       `json:"facts,omitempty"`
	Eligibility *eligibility.Decision `json:"eligibility,omitempty"`
}

type referralOutput struct {
	Eligibility *eligibility.Decision `json:"eligibility"`
	Assessment  *referral.Assessment  `json:"assessment"`
}

func cmdReferral(e *env, args []string) error {
	fs := newFlagSet("referral", e)
	var bf bookFlags
	bf.register(fs)
	in := fs.String("input", "-", `JSON file {"episode": {...}, "facts": {...}} or {"episode": ..., "eligibility": ...}; - for standard input`)
	batch := fs.Bool("batch", false, "read JSON Lines of such objects (each with an optional \"id\") and write one result per line")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	rb, err := bf.load()
	if err != nil {
		return err
	}
	if *batch {
		return runBatch(e, *in, "referral", func(input *referralInput) (any, error) {
			d, a, err := decideAndAssess(rb, input.Episode, input.Facts, input.Eligibility)
			return referralOutput{Eligibility: d, Assessment: a}, err
		})
	}
	var input referralInput
	if err := readJSON(e, *in, &input); err != nil {
		return err
	}
	d, a, err := decideAndAssess(rb, input.Episode, input.Facts, input.Eligibility)
	if err != nil {
		return err
	}
	return writeJSON(e.stdout, referralOutput{Eligibility: d, Assessment: a})
}

// decideAndAssess decodes the episode, decides eligibility on the date of
// admission (unless the host gave a decision) and assesses the pathway.
func decideAndAssess(rb *rules.Rulebook, rawEpisode, rawFacts json.RawMessage, d *eligibility.Decision) (*eligibility.Decision, *referral.Assessment, error) {
	if len(rawEpisode) == 0 {
		return nil, nil, errors.New(`the input needs "episode"`)
	}
	ep, err := referral.DecodeEpisode(bytes.NewReader(rawEpisode))
	if err != nil {
		return nil, nil, err
	}
	if ep.Admission.IsZero() {
		return nil, nil, errors.New("referral: admission: required")
	}
	s := rb.At(ep.ServiceDate())
	if err := ep.Validate(s); err != nil {
		return nil, nil, err
	}
	switch {
	case d != nil && len(rawFacts) > 0:
		return nil, nil, errors.New(`give "facts" or "eligibility", not both`)
	case d == nil && len(rawFacts) == 0:
		return nil, nil, errors.New(`the input needs the patient's "facts" (or an "eligibility" decision)`)
	case d == nil:
		facts, err := eligibility.UnmarshalFacts(rawFacts)
		if err != nil {
			return nil, nil, err
		}
		dd, err := eligibility.Check(facts, s)
		if err != nil {
			return nil, nil, err
		}
		d = &dd
	}
	a, err := referral.Assess(ep, d, s)
	if err != nil {
		return nil, nil, err
	}
	return d, &a, nil
}
