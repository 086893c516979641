package main

import (
	"bytes"
	"errors"
	"os"

	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
)

// priceInput is what "kartusehat price" reads: the referral input plus the
// billing facts. Billing's facility, care type and class default to the
// episode's.
type priceInput struct {
	referralInput
	Billing *tariff.Episode `json:"billing"`
}

type priceOutput struct {
	Eligibility *eligibility.Decision `json:"eligibility"`
	Assessment  *referral.Assessment  `json:"assessment"`
	Bill        *tariff.Bill          `json:"bill"`
}

func cmdPrice(e *env, args []string) error {
	fs := newFlagSet("price", e)
	var bf bookFlags
	bf.register(fs)
	in := fs.String("input", "-", `JSON file {"episode": {...}, "facts": {...}, "billing": {...}}; - for standard input`)
	batch := fs.Bool("batch", false, "read JSON Lines of such objects (each with an optional \"id\") and write one result per line")
	table := fs.String("inacbg", "", "INA-CBG tariff table (CSV); default: the rulebook's own table (a sample in the embedded rulebook)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	rb, err := bf.load()
	if err != nil {
		return err
	}
	var t *tariff.Table
	if *table != "" {
		f, err := os.Open(*table)
		if err != nil {
			return err
		}
		t, err = tariff.LoadTable(f, *table, "host-supplied INA-CBG table "+*table)
		f.Close()
		if err != nil {
			return err
		}
	}
	if *batch {
		return runBatch(e, *in, "price", func(input *priceInput) (any, error) { return priceOne(rb, t, input) })
	}
	var input priceInput
	if err := readJSON(e, *in, &input); err != nil {
		return err
	}
	out, err := priceOne(rb, t, &input)
	if err != nil {
		return err
	}
	return writeJSON(e.stdout, out)
}

// priceOne decides eligibility, assesses the pathway and prices one stay.
func priceOne(rb *rules.Rulebook, t *tariff.Table, input *priceInput) (*priceOutput, error) {
	if input.Billing == nil {
		return nil, errors.New(`the input needs "billing": the INA-CBG group, the hospital's bill, the items outside the package`)
	}
	d, a, err := decideAndAssess(rb, input.Episode, input.Facts, input.Eligibility)
	if err != nil {
		return nil, err
	}
	ep, _ := referral.DecodeEpisode(bytes.NewReader(input.Episode))
	b := *input.Billing
	if b.Facility == "" {
		b.Facility = ep.Facility
	}
	if b.CareType == "" {
		b.CareType = ep.CareType
	}
	if b.Class == 0 && b.ClassReason == "" {
		b.Class, b.ClassReason = ep.Class, ep.ClassReason
	}
	bill, err := tariff.Price(&b, a, rb.At(ep.ServiceDate()), t)
	if err != nil {
		return nil, err
	}
	return &priceOutput{Eligibility: d, Assessment: a, Bill: &bill}, nil
}
