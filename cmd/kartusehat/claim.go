package main

import (
	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/rules"
)

func cmdClaim(e *env, args []string) error {
	fs := newFlagSet("claim", e)
	var bf bookFlags
	bf.register(fs)
	in := fs.String("input", "-", `JSON file {"service_end": ..., "membership": ..., "documents": [...]}; - for standard input`)
	batch := fs.Bool("batch", false, "read JSON Lines of claims (each with an optional \"id\") and write one result per line")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	rb, err := bf.load()
	if err != nil {
		return err
	}
	if *batch {
		return runBatch(e, *in, "claim", func(c *batchClaim) (any, error) { return checkClaim(rb, &c.Claim) })
	}
	var c claim.Claim
	if err := readJSON(e, *in, &c); err != nil {
		return err
	}
	res, err := checkClaim(rb, &c)
	if err != nil {
		return err
	}
	return writeJSON(e.stdout, res)
}

// batchClaim is a claim with the host's id, for batches.
type batchClaim struct {
	ID string `json:"id,omitempty"`
	claim.Claim
}

func checkClaim(rb *rules.Rulebook, c *claim.Claim) (*claim.Result, error) {
	if c.ServiceEnd.IsZero() {
		return nil, &claim.FieldError{Field: "service_end", Msg: "required"}
	}
	r, err := claim.Check(c, rb.At(c.ServiceEnd))
	if err != nil {
		return nil, err
	}
	return &r, nil
}
