package claim_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
	"pgregory.net/rapid"
)

// decided is one encounter's four decisions, as JSON.
type decided [4][]byte

// decideAll runs the encounter's facts, episode, bill and claim file
// through eligibility, referral, tariff and claim on the shared snapshot,
// with the buffers given (reused from one encounter to the next).
func decideAll(c *propCase, d *eligibility.Decision, a *referral.Assessment, b *tariff.Bill, x *claim.Adjudicator) (decided, error) {
	var out decided
	var err error
	if err = eligibility.CheckInto(d, &c.facts, c.s); err != nil {
		return out, err
	}
	if err = referral.AssessInto(a, &c.episode, d, c.s); err != nil {
		return out, err
	}
	priceErr := tariff.PriceInto(b, &c.billing, a, c.s, c.table)
	adj, adjErr := x.Adjudicate(c.file, c.s, c.table)
	if out[0], err = json.Marshal(d); err != nil {
		return out, err
	}
	if out[1], err = json.Marshal(a); err != nil {
		return out, err
	}
	if priceErr != nil {
		out[2] = []byte("error: " + priceErr.Error())
	} else if out[2], err = json.Marshal(b); err != nil {
		return out, err
	}
	if adjErr != nil {
		out[3] = []byte("error: " + adjErr.Error())
	} else if out[3], err = json.Marshal(&adj); err != nil {
		return out, err
	}
	return out, nil
}

// propCase is one encounter and its claim file, with the snapshot of its
// date, shared by every goroutine.
type propCase struct {
	facts   eligibility.Facts
	episode referral.Episode
	billing tariff.Episode
	file    *claim.File
	s       rules.Snapshot
	table   *tariff.Table
}

// TestPropSameOnNGoroutines: the decisions (eligibility, referral, price,
// adjudication) of a set of encounters are the same, byte for byte, when
// made one by one on fresh buffers and when made on 2 to 8 goroutines at
// once, each in its own order on its own reused buffers, all on the same
// rulebook, snapshots, table and inputs (run with -race for the data
// races too).
func TestPropSameOnNGoroutines(t *testing.T) {
	rb, table := propWorld()
	rapid.Check(t, func(t *rapid.T) {
		var cases []*propCase
		for range rapid.IntRange(1, 12).Draw(t, "encounters") {
			e := drawEncounter(t, rb)
			s := rb.At(e.Episode.ServiceDate())
			c := &propCase{facts: e.Facts, episode: e.Episode, billing: e.Billing, file: drawFile(t, e, s), s: s, table: table}
			// The encounter's buffers are the generator's: the case keeps
			// its own copies of what it points to.
			c.facts, c.episode, c.billing = cloneJSON(t, c.facts), cloneJSON(t, c.episode), cloneJSON(t, c.billing)
			cases = append(cases, c)
		}
		want := make([]decided, len(cases))
		for i, c := range cases {
			var d eligibility.Decision
			var a referral.Assessment
			var b tariff.Bill
			var x claim.Adjudicator
			var err error
			if want[i], err = decideAll(c, &d, &a, &b, &x); err != nil {
				t.Fatalf("encounter %d: %v", i, err)
			}
		}
		n := rapid.IntRange(2, 8).Draw(t, "goroutines")
		errs := make([]error, n)
		var wg sync.WaitGroup
		for g := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var d eligibility.Decision
				var a referral.Assessment
				var b tariff.Bill
				var x claim.Adjudicator
				for k := range cases {
					i := (k + g) % len(cases) // each goroutine in its own order
					got, err := decideAll(cases[i], &d, &a, &b, &x)
					if err != nil {
						errs[g] = fmt.Errorf("goroutine %d, encounter %d: %w", g, i, err)
						return
					}
					for j, what := range []string{"eligibility", "referral", "price", "adjudication"} {
						if !bytes.Equal(got[j], want[i][j]) {
							errs[g] = fmt.Errorf("goroutine %d, encounter %d: the %s differs from the one made alone:\n%s\n%s", g, i, what, got[j], want[i][j])
							return
						}
					}
				}
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
	})
}

// cloneJSON is a deep copy of v through its JSON.
func cloneJSON[T any](t *rapid.T, v T) T {
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out T
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}
