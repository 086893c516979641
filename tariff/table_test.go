package tariff

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoadTable(t *testing.T) {
	assert.Equal(t, 61, synthetic.Len())
	assert.Regexp(t, `^sha256:[0-9a-f]{64}$`, synthetic.Revision())
	assert.False(t, synthetic.Sample())

	tests := []struct {
		name, data string
		line       int
		msg        string
	}{
		{"empty", "", 1, "empty table"},
		{"bad header", "code,amount\n", 1, "header must name"},
		{"field count", "code,tariff_code,regional,class,care,amount\nK-1-17-I,CS,1,3,inpatient\n", 2, "5 fields"},
		{"bad code", "code,tariff_code,regional,class,care,amount\nK117I,CS,1,3,inpatient,5\n", 2, "neither an INA-CBG group"},
		{"regional 6", "code,tariff_code,regional,class,care,amount\nK-1-17-I,CS,6,3,inpatient,5\n", 2, "regional \"6\""},
		{"class 4", "code,tariff_code,regional,class,care,amount\nK-1-17-I,CS,1,4,inpatient,5\n", 2, "class \"4\""},
		{"bad care", "code,tariff_code,regional,class,care,amount\nK-1-17-I,CS,1,3,day,5\n", 2, "care \"day\""},
		{"negative", "code,tariff_code,regional,class,care,amount\nK-1-17-I,CS,1,3,inpatient,-5\n", 2, "negative amount"},
		{"non-numeric", "code,tariff_code,regional,class,care,amount\nK-1-17-I,CS,1,3,inpatient,5.000.000\n", 2, "not whole rupiah"},
		{"duplicate", "code,tariff_code,regional,class,care,amount\n\nK-1-17-I,CS,1,3,inpatient,5\nK-1-17-I,CS,1,3,inpatient,6\n", 4, "given twice"},
		{"quoted", "code,tariff_code,regional,class,care,amount\n\"K-1-17-I\",CS,1,3,inpatient,5\n", 2, "quoted"},
		{"no rows", "code,tariff_code,regional,class,care,amount\n", 1, "no rows"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := LoadTable(strings.NewReader(tt.data), "t.csv", "ref")
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrTable)
			var te *TableError
			require.True(t, errors.As(err, &te))
			assert.Equal(t, tt.line, te.Line)
			assert.Contains(t, err.Error(), fmt.Sprintf("t.csv:%d: ", tt.line))
			assert.Contains(t, err.Error(), tt.msg)
		})
	}
}

func TestValidCode(t *testing.T) {
	for code, want := range map[string]bool{
		"K-1-17-I": true, "E-4-10-III": true, "Q-5-44-0": true, "X-0-13-X": true, "YY01": true, "RR04": true, "DD01": true,
		"K-1-17-IV": false, "K-1-170-I": false, "KK-1-17-I": false, "Y01": false, "YY0A": false, "": false,
	} {
		assert.Equal(t, want, validCode([]byte(code)), code)
	}
}

// FuzzLoadTable: no panic on any input; an error is a positioned
// *TableError.
func FuzzLoadTable(f *testing.F) {
	f.Add([]byte("code,tariff_code,regional,class,care,amount\nK-1-17-I,CS,1,3,inpatient,5000000\nYY01,CS,1,,,20000000\n"))
	f.Add([]byte("care,amount,code,tariff_code,regional,class,extra\ninpatient,5,A-4-12-I,CP,3,3,x\n"))
	f.Add([]byte("code,tariff_code,regional,class,care,amount\n,,,,,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tb, err := LoadTable(bytes.NewReader(data), "fuzz.csv", "ref")
		if err != nil {
			var te *TableError
			if !errors.As(err, &te) {
				t.Fatalf("not a *TableError: %v", err)
			}
			return
		}
		if tb.Len() == 0 || tb.Revision() == "" {
			t.Fatal("a loaded table has rows and a revision")
		}
	})
}

// fullTable writes an INA-CBG-sized table: 130,000 rows.
func fullTable() []byte {
	var b bytes.Buffer
	b.WriteString("code,tariff_code,regional,class,care,amount\n")
	n := 0
	tcs := []string{"AP", "AS", "BP", "BS", "CP", "CS", "DP", "DS"}
	for cmg := 0; n < 130000; cmg++ {
		letter := string(rune('A' + cmg%26))
		group := cmg/26%99 + 1
		for _, sev := range []string{"I", "II", "III"} {
			for _, tc := range tcs {
				for reg := 1; reg <= 5; reg++ {
					for cls := 1; cls <= 3 && n < 130000; cls++ {
						fmt.Fprintf(&b, "%s-%d-%d-%s,%s,%d,%d,inpatient,%d\n", letter, cmg/2574%9+1, group, sev, tc, reg, cls, 1000000+n*100)
						n++
					}
				}
			}
		}
	}
	return b.Bytes()
}

func TestFullTableLoads(t *testing.T) {
	if testing.Short() {
		t.Skip("loads 130,000 rows")
	}
	tb, err := LoadTable(bytes.NewReader(fullTable()), "full.csv", "ref")
	require.NoError(t, err)
	assert.Equal(t, 130000, tb.Len())
}

func BenchmarkLoadTable130k(b *testing.B) {
	data := fullTable()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := LoadTable(bytes.NewReader(data), "full.csv", "ref"); err != nil {
			b.Fatal(err)
		}
	}
}

// A typical inpatient: INA-CBG group, one top-up, an ambulance, two
// blood bags and erythropoietin.
func typicalInpatient() *Episode {
	return &Episode{Facility: "rs-ananda", CareType: referral.Inpatient, INACBG: "K-1-17-I", TopUps: []string{"YY01"},
		Items: []Item{{Kind: "ambulance", Tier: "city"}, {Kind: "blood_bag", Quantity: 2, UnitPrice: d("360000")}, {Kind: "erythropoietin", Quantity: 2}}}
}

func BenchmarkPriceInpatient(b *testing.B) {
	s := book.At(rules.MustParseDate("2019-03-04"))
	a := &referral.Assessment{Covered: true, Payer: referral.PayerJamkesda, Date: s.Date()}
	ep := typicalInpatient()
	for b.Loop() {
		if _, err := Price(ep, a, s, synthetic); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPriceInsidental(b *testing.B) {
	s := book.At(rules.MustParseDate("2019-03-04"))
	a := &referral.Assessment{Covered: true, Payer: referral.PayerJamkesda, Date: s.Date()}
	ep := intensive("rs-ananda", "10000000", "2500000", "750000")
	for b.Loop() {
		if _, err := Price(ep, a, s, synthetic); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPriceIntoInpatient(b *testing.B) {
	s := book.At(rules.MustParseDate("2019-03-04"))
	a := &referral.Assessment{Covered: true, Payer: referral.PayerJamkesda, Date: s.Date()}
	ep := typicalInpatient()
	var bill Bill
	for b.Loop() {
		if err := PriceInto(&bill, ep, a, s, synthetic); err != nil {
			b.Fatal(err)
		}
	}
}
