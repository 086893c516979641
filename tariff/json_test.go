package tariff

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The JSON of a bill, written without decimals, is the JSON of the bill
// as it was when its money was decimal.Decimal fields, byte for byte, and
// reads back to the same bill.
func TestBillJSONAsDecimals(t *testing.T) {
	type oldLine struct {
		Kind        string          `json:"kind"`
		Code        string          `json:"code,omitempty"`
		Description string          `json:"description"`
		Quantity    int             `json:"quantity"`
		UnitPrice   decimal.Decimal `json:"unit_price"`
		Amount      decimal.Decimal `json:"amount"`
		Payer       referral.Payer  `json:"payer"`
		Ref         string          `json:"ref"`
	}
	type oldTotal struct {
		Payer  referral.Payer  `json:"payer"`
		Amount decimal.Decimal `json:"amount"`
	}
	type oldBill struct {
		Date          rules.Date       `json:"date"`
		Basis         string           `json:"basis"`
		Lines         []oldLine        `json:"lines"`
		Totals        []oldTotal       `json:"totals"`
		Total         decimal.Decimal  `json:"total"`
		Table         string           `json:"table,omitempty"`
		TableRevision string           `json:"table_revision,omitempty"`
		Sample        bool             `json:"sample,omitempty"`
		Warnings      []rules.Reason   `json:"warnings"`
		Provenance    rules.Provenance `json:"provenance"`
	}
	if n := reflect.TypeFor[Bill]().NumField(); n != 10 {
		t.Fatalf("Bill has %d fields: add the new ones to billJSON and PriceInto's reset, then update this test", n)
	}
	if n := reflect.TypeFor[Line]().NumField(); n != 8 {
		t.Fatalf("Line has %d fields: add the new ones to its JSON, then update this test", n)
	}
	s := book.At(rules.MustParseDate("2019-03-04"))
	a := &referral.Assessment{Covered: true, Payer: referral.PayerJamkesda, Date: s.Date()}
	half := decimal.RequireFromString("360000.5")
	withFraction := typicalInpatient()
	withFraction.Items[1].UnitPrice = &half
	regional3, err := book.Overlay("regional3.yaml", strings.NewReader("parameters: {tariff: {inacbg: {regional: {values: {2017-01-01: {value: 3, ref: kartusehat convention (test fixture)}}}}}}"))
	require.NoError(t, err)
	for name, c := range map[string]struct {
		s  rules.Snapshot
		ep *Episode
		t  *Table
	}{
		"inpatient":              {s, typicalInpatient(), synthetic},
		"insidental":             {s, intensive("rs-ananda", "10000000", "2500000", "750000"), synthetic},
		"a fraction of a rupiah": {s, withFraction, synthetic},
		"the sample table":       {regional3.At(s.Date()), inpatient("rs-sample-cp", "E-4-10-II"), nil},
	} {
		b, err := Price(c.ep, a, c.s, c.t)
		require.NoError(t, err, name)
		old := oldBill{Date: b.Date, Basis: b.Basis, Total: b.Total(), Table: b.Table, TableRevision: b.TableRevision, Sample: b.Sample, Warnings: b.Warnings, Provenance: b.Provenance}
		for _, l := range b.Lines {
			old.Lines = append(old.Lines, oldLine{l.Kind, l.Code, l.Description, l.Quantity, l.UnitPrice(), l.Amount(), l.Payer, l.Ref})
		}
		for _, tt := range b.Totals {
			old.Totals = append(old.Totals, oldTotal{tt.Payer, tt.Amount()})
		}
		want, err := json.Marshal(old)
		require.NoError(t, err)
		got, err := json.Marshal(&b)
		require.NoError(t, err)
		assert.Equal(t, string(want), string(got), name)

		var back Bill
		require.NoError(t, json.Unmarshal(got, &back), name)
		again, _ := json.Marshal(&back)
		assert.Equal(t, string(got), string(again), name)
		assert.Equal(t, b.TotalRupiah(), back.TotalRupiah())
	}
}

// PriceInto allocates nothing for a typical inpatient once its bill has
// room.
func TestPriceIntoDoesNotAllocate(t *testing.T) {
	s := book.At(rules.MustParseDate("2019-03-04"))
	a := &referral.Assessment{Covered: true, Payer: referral.PayerJamkesda, Date: s.Date()}
	ep := typicalInpatient()
	var b Bill
	require.NoError(t, PriceInto(&b, ep, a, s, synthetic))
	if n := testing.AllocsPerRun(100, func() { _ = PriceInto(&b, ep, a, s, synthetic) }); n != 0 {
		t.Errorf("PriceInto allocates %v times, want 0", n)
	}
	assert.Equal(t, int64(len(b.Lines)), int64(5))
	var sum int64
	for _, l := range b.Lines {
		sum += l.Rupiah()
	}
	assert.Equal(t, sum, b.TotalRupiah(), "the lines add up to the total, in integers")
}

// Price allocates once for an INA-CBG episode of up to 8 lines, a block sized for the
// lines the episode makes, and its bill is PriceInto's, whatever the
// block (an insidental case adds its decimals).
func TestPriceAllocatesOnce(t *testing.T) {
	s := book.At(rules.MustParseDate("2019-03-04"))
	a := &referral.Assessment{Covered: true, Payer: referral.PayerJamkesda, Date: s.Date()}
	short := typicalInpatient()
	short.Items = short.Items[:1]
	long := typicalInpatient()
	long.Items = append(long.Items, long.Items...)
	long.Items = append(long.Items, long.Items...)
	for _, ep := range []*Episode{typicalInpatient(), short, long, intensive("rs-ananda", "10000000", "2500000", "750000")} {
		if n := testing.AllocsPerRun(100, func() { _, _ = Price(ep, a, s, synthetic) }); n > 1 && ep.Insidental == nil && ep.lines() <= 8 {
			t.Errorf("Price of %d lines allocates %v times, want 1", ep.lines(), n)
		}
		got, err := Price(ep, a, s, synthetic)
		require.NoError(t, err)
		var into Bill
		require.NoError(t, PriceInto(&into, ep, a, s, synthetic))
		g, _ := json.Marshal(&got)
		w, _ := json.Marshal(&into)
		require.Equal(t, string(w), string(g))
	}
}
