package peers

import (
	"context"
	"fmt"
	"slices"

	"cel.dev/cel-go/cel"
	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/open-policy-agent/opa/v1/rego"
)

// The rule every engine states: the person is eligible when the family
// card (KK) is domiciled in the city, the registry has them living, they
// are not a PBI member of the national scheme, they showed a recorded
// e-KTP whose NIK is printed on the KS-NIK card, and the card has not
// expired on the date of service (Perda 9/2018 Ps.7(1), Ps.10(2);
// Perwal 27.A/2017 Ps.1(14), Ps.4a.1). It has no provenance, no
// citations and no messages: the engines answer yes or no, with at most
// the codes of the failed conditions.

// input is the rule's view of one desk check, the same for every engine:
// flat strings, as a host would hand them to a policy engine.
type input struct {
	City       string   // the KK's domicile
	Status     string   // registry status
	JKN        string   // none, pbi, non_pbi_active, non_pbi_inactive
	EKTP       bool     // a recorded e-KTP was shown
	EKTPNIK    string   // its NIK
	CardNIKs   []string // the NIKs printed on the card
	CardUntil  string   // ISO date
	ServiceDay string   // ISO date
}

// inputOf flattens the project's facts for the engines.
func inputOf(f *eligibility.Facts, on rules.Date) input {
	in := input{City: f.Person.KKCity, Status: string(f.Person.Registry.Status), JKN: string(f.JKN.Status), ServiceDay: on.String()}
	if e := f.Documents.EKTP; e != nil {
		in.EKTP, in.EKTPNIK = e.Recorded, e.NIK.Digits()
	}
	if c := f.Documents.Card; c != nil {
		for _, n := range c.NIKs {
			in.CardNIKs = append(in.CardNIKs, n.Digits())
		}
		in.CardUntil = c.ValidThrough.String()
	}
	return in
}

// doc is the input as the JSON-like document OPA and CEL take.
func (in input) doc() map[string]any {
	niks := make([]any, len(in.CardNIKs))
	for i, n := range in.CardNIKs {
		niks[i] = n
	}
	return map[string]any{
		"city": in.City, "status": in.Status, "jkn": in.JKN,
		"ektp": in.EKTP, "ektp_nik": in.EKTPNIK, "card_niks": niks,
		"card_until": in.CardUntil, "service_day": in.ServiceDay,
	}
}

// The failed conditions, as bits for bare Go and as codes for Rego.
const (
	failCity = 1 << iota
	failStatus
	failPBI
	failEKTP
	failNotOnCard
	failExpired
)

// bareGo is the rule in plain Go: no engine, no explanation beyond a bit
// per failed condition.
func bareGo(in *input) (eligible bool, failed uint8) {
	if in.City != "3275" {
		failed |= failCity
	}
	if in.Status != "living" {
		failed |= failStatus
	}
	if in.JKN == "pbi" {
		failed |= failPBI
	}
	if !in.EKTP {
		failed |= failEKTP
	}
	if !slices.Contains(in.CardNIKs, in.EKTPNIK) {
		failed |= failNotOnCard
	}
	if in.CardUntil < in.ServiceDay { // ISO dates order as strings
		failed |= failExpired
	}
	return failed == 0, failed
}

// regoModule is the rule in Rego: a set of failed conditions, eligible
// when it is empty.
const regoModule = `package kartusehat.eligibility

import rego.v1

failed contains "kk_outside_city" if input.city != "3275"

failed contains "not_living" if input.status != "living"

failed contains "pbi_member" if input.jkn == "pbi"

failed contains "ektp_not_recorded" if not input.ektp

failed contains "ektp_not_on_card" if not input.ektp_nik in input.card_niks

failed contains "card_expired" if input.card_until < input.service_day

default eligible := false

eligible if count(failed) == 0
`

// celSource is the rule as one CEL expression.
const celSource = `city == "3275" && status == "living" && jkn != "pbi" &&
	ektp && ektp_nik in card_niks && !(card_until < service_day)`

// opaRule is the prepared Rego query of the rule's verdict.
type opaRule struct{ q rego.PreparedEvalQuery }

func newOPA(query string) (*opaRule, error) {
	q, err := rego.New(rego.Query(query), rego.Module("eligibility.rego", regoModule)).PrepareForEval(context.Background())
	if err != nil {
		return nil, err
	}
	return &opaRule{q: q}, nil
}

// eval returns the query's single value.
func (r *opaRule) eval(ctx context.Context, doc map[string]any) (any, error) {
	rs, err := r.q.Eval(ctx, rego.EvalInput(doc))
	if err != nil {
		return nil, err
	}
	if len(rs) != 1 || len(rs[0].Expressions) != 1 {
		return nil, fmt.Errorf("opa: %d results", len(rs))
	}
	return rs[0].Expressions[0].Value, nil
}

// celRule is the compiled CEL program of the rule.
type celRule struct{ prg cel.Program }

func newCEL() (*celRule, error) {
	env, err := cel.NewEnv(
		cel.Variable("city", cel.StringType),
		cel.Variable("status", cel.StringType),
		cel.Variable("jkn", cel.StringType),
		cel.Variable("ektp", cel.BoolType),
		cel.Variable("ektp_nik", cel.StringType),
		cel.Variable("card_niks", cel.ListType(cel.StringType)),
		cel.Variable("card_until", cel.StringType),
		cel.Variable("service_day", cel.StringType),
	)
	if err != nil {
		return nil, err
	}
	ast, iss := env.Compile(celSource)
	if iss.Err() != nil {
		return nil, iss.Err()
	}
	prg, err := env.Program(ast, cel.EvalOptions(cel.OptOptimize))
	if err != nil {
		return nil, err
	}
	return &celRule{prg: prg}, nil
}

func (r *celRule) eval(doc map[string]any) (bool, error) {
	out, _, err := r.prg.Eval(doc)
	if err != nil {
		return false, err
	}
	b, ok := out.Value().(bool)
	if !ok {
		return false, fmt.Errorf("cel: result %v is not a bool", out)
	}
	return b, nil
}
