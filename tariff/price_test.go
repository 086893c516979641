package tariff

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// synthetic is the test table: round, made-up amounts for regional 1. It
// is not a tariff.
var synthetic = func() *Table {
	f, err := os.Open("testdata/inacbg-synthetic.csv")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	t, err := LoadTable(f, "inacbg-synthetic.csv", "SYNTHETIC test table")
	if err != nil {
		panic(err)
	}
	return t
}()

// book gives test hospitals the types the sources do not, as a host's
// overlay would.
var book = func() *rules.Rulebook {
	rb, err := rules.Default().Overlay("types.yaml", strings.NewReader(`
facilities:
  - {code: rs-ananda, name: RS Ananda, kind: hospital, level: 2, ownership: private, hospital_type: C, location: city, partner: [{from: 2017-01-01, ref: kartusehat convention (test fixture)}], ref: kartusehat convention (test fixture)}
  - {code: rs-mitra-keluarga-bekasi-barat, name: RS Mitra Keluarga Bekasi Barat, kind: hospital, level: 2, ownership: private, hospital_type: B, location: city, partner: [{from: 2017-01-01, ref: kartusehat convention (test fixture)}], ref: kartusehat convention (test fixture)}
  - {code: rs-bela, name: RS Bela, kind: hospital, level: 2, ownership: private, hospital_type: D, location: city, partner: [{from: 2017-01-01, ref: kartusehat convention (test fixture)}], ref: kartusehat convention (test fixture)}
  - {code: rs-hermina-grand-wisata, name: RS Hermina Grand Wisata, kind: hospital, level: 2, ownership: private, hospital_type: C, location: bordering, bordering: true, region: Kabupaten Bekasi, partner: [{from: 2017-01-01, ref: kartusehat convention (test fixture)}], ref: kartusehat convention (test fixture)}
  - {code: rs-kabupaten, name: RS Swasta Kabupaten, kind: hospital, level: 2, ownership: private, hospital_type: C, location: bordering, region: Kabupaten Bekasi, partner: [{from: 2017-01-01, ref: kartusehat convention (test fixture)}], ref: kartusehat convention (test fixture)}
  - {code: rs-pemerintah-tetangga, name: RS Pemerintah Tetangga, kind: hospital, level: 2, ownership: government, hospital_type: C, location: bordering, bordering: true, region: Kabupaten Bekasi, partner: [{from: 2017-01-01, ref: kartusehat convention (test fixture)}], ref: kartusehat convention (test fixture)}
  - {code: rs-jauh, name: RS Swasta Jauh, kind: hospital, level: 2, ownership: private, hospital_type: B, location: outside, region: Kota Bandung, partner: [{from: 2017-01-01, ref: kartusehat convention (test fixture)}], ref: kartusehat convention (test fixture)}
  - {code: rs-type-a, name: RS Tipe A, kind: hospital, level: 2, ownership: private, hospital_type: A, location: city, partner: [{from: 2017-01-01, ref: kartusehat convention (test fixture)}], ref: kartusehat convention (test fixture)}
  - {code: rs-cipto-mangunkusumo, name: RS Cipto Mangunkusumo, kind: hospital, level: 2, ownership: government, tariff_code: RSCM, location: outside, region: Jakarta Pusat, partner: [{from: 2017-01-01, ref: kartusehat convention (test fixture)}], ref: kartusehat convention (test fixture)}
  - {code: rs-sample-cp, name: RS Pemerintah Tipe C, kind: hospital, level: 2, ownership: government, hospital_type: C, location: city, partner: [{from: 2017-01-01, ref: kartusehat convention (test fixture)}], ref: kartusehat convention (test fixture)}
`))
	if err != nil {
		panic(err)
	}
	return rb
}()

var covered = &referral.Assessment{Covered: true, Payer: referral.PayerJamkesda}

func d(s string) *decimal.Decimal { v := decimal.RequireFromString(s); return &v }

func intensive(facility string, amounts ...string) *Episode {
	ep := &Episode{Facility: facility, CareType: referral.Inpatient, Insidental: &Insidental{Services: []string{"icu"}}}
	for _, a := range amounts {
		ep.Insidental.Lines = append(ep.Insidental.Lines, HospitalLine{Description: "line", Amount: d(a)})
	}
	return ep
}

func inpatient(facility, code string) *Episode {
	return &Episode{Facility: facility, CareType: referral.Inpatient, INACBG: code}
}

func price(t *testing.T, rb *rules.Rulebook, date string, ep *Episode, a *referral.Assessment, table *Table) (Bill, error) {
	t.Helper()
	s := rb.At(rules.MustParseDate(date))
	aa := *a
	aa.Date = s.Date()
	return Price(ep, &aa, s, table)
}

type line struct{ kind, amount string }

func overlay(src string) *rules.Rulebook {
	rb, err := book.Overlay("reform.yaml", strings.NewReader(src))
	if err != nil {
		panic(err)
	}
	return rb
}

func TestPrice(t *testing.T) {
	tests := []struct {
		name  string
		rb    *rules.Rulebook
		ep    *Episode
		basis string
		lines []line
		total string
		warn  string
	}{
		// Perwal 27.A/2017 Ps.7(1)b: "potongan harga ... 10% untuk RS tipe D, 15% untuk RS tipe C dan 20% untuk RS tipe B".
		{"insidental at a private type B hospital in the city: 20%", book, intensive("rs-mitra-keluarga-bekasi-barat", "10000000", "2500000"),
			"hospital_tariff", []line{{"hospital_tariff", "10000000"}, {"hospital_tariff", "2500000"}, {"discount", "-2500000"}}, "10000000", ""},
		{"insidental at a private type C hospital in the city: 15%", book, intensive("rs-ananda", "10000000", "2500000"),
			"hospital_tariff", []line{{"hospital_tariff", "10000000"}, {"hospital_tariff", "2500000"}, {"discount", "-1875000"}}, "10625000", ""},
		{"insidental at a private type D hospital in the city: 10%", book, intensive("rs-bela", "10000000", "2500000"),
			"hospital_tariff", []line{{"hospital_tariff", "10000000"}, {"hospital_tariff", "2500000"}, {"discount", "-1250000"}}, "11250000", ""},
		// The rulebook's own class for RS Mekarsari: C in both copies of the Ministry's registry (SIRS Kemenkes c.2021 and 2026-01-21, kode_rs 3275024).
		{"insidental at a private hospital of the rulebook's class C: 15%", rules.Default(), intensive("rs-mekarsari", "10000000"),
			"hospital_tariff", []line{{"hospital_tariff", "10000000"}, {"discount", "-1500000"}}, "8500000", ""},
		// "... kecuali RSUD Dr. Chasbullah A.M Kota Bekasi".
		{"insidental at the RSUD: its tariff, no discount", book, intensive("rsud-cam", "10000000", "2500000"),
			"hospital_tariff", []line{{"hospital_tariff", "10000000"}, {"hospital_tariff", "2500000"}}, "12500000", "city_hospital_no_discount"},
		// Ps.7(1)c: "berlaku hanya bagi RS Swasta di Kota Bekasi dan RS yang berbatasan langsung dengan Kota Bekasi".
		{"insidental at a private hospital bordering the city", book, intensive("rs-hermina-grand-wisata", "4000000"),
			"hospital_tariff", []line{{"hospital_tariff", "4000000"}, {"discount", "-600000"}}, "3400000", ""},
		// By default (tariff.insidental.bordering_reading: region) a hospital
		// in a bordering regency borders the city; on the narrower reading
		// only one on the border itself does (TestBorderingHospitals).
		{"insidental at a private hospital in a bordering regency", book,
			func() *Episode { e := intensive("rs-kabupaten", "4000000"); e.INACBG = "K-1-17-I"; return e }(),
			"hospital_tariff", []line{{"hospital_tariff", "4000000"}, {"discount", "-600000"}}, "3400000", ""},
		{"insidental at a government hospital bordering the city: INA-CBG (\"RS Swasta\" governs both)", book,
			func() *Episode { e := intensive("rs-pemerintah-tetangga", "4000000"); e.INACBG = "K-1-17-I"; return e }(),
			"inacbg", []line{{"inacbg", "4750000"}}, "4750000", "insidental_at_inacbg"},
		{"insidental at a government hospital bordering the city, the other reading", overlay(`
parameters:
  tariff:
    insidental:
      bordering_private_only:
        values:
          2017-05-15: {value: false, ref: "Perwal 27.A/2017 Ps.7(1)c (RS yang berbatasan langsung, any)"}
`), intensive("rs-pemerintah-tetangga", "4000000"),
			"hospital_tariff", []line{{"hospital_tariff", "4000000"}, {"discount", "-600000"}}, "3400000", ""},
		{"insidental at a private hospital far away: INA-CBG instead", book,
			func() *Episode { e := intensive("rs-jauh", "10000000"); e.INACBG = "K-1-17-I"; return e }(),
			"inacbg", []line{{"inacbg", "6000000"}}, "6000000", "insidental_at_inacbg"},
		// Rounding to whole rupiah, half away from zero: the hospital's
		// lines one by one, and the payment (the bill less the discount)
		// once, as a whole: 1,000,005 less 10% is 900,004.5, paid 900,005.
		{"a payment ending in .5 rupiah", book, intensive("rs-bela", "1000005"),
			"hospital_tariff", []line{{"hospital_tariff", "1000005"}, {"discount", "-100000"}}, "900005", ""},
		{"a hospital line ending in .5 rupiah", book, intensive("rsud-cam", "212500.5"),
			"hospital_tariff", []line{{"hospital_tariff", "212501"}}, "212501", ""},

		// INA-CBG (Perda Ps.17(1); Juknis IV.d.1), class III.
		{"INA-CBG, class III, a private type C hospital", book, inpatient("rs-ananda", "K-1-17-I"),
			"inacbg", []line{{"inacbg", "5000000"}}, "5000000", ""},
		{"INA-CBG with a special CMG top-up", book, func() *Episode { e := inpatient("rs-ananda", "K-1-17-I"); e.TopUps = []string{"YY01"}; return e }(),
			"inacbg", []line{{"inacbg", "5000000"}, {"top_up", "20000000"}}, "25000000", ""},
		{"a national hospital with its own tariff code (RSCM)", book, inpatient("rs-cipto-mangunkusumo", "K-1-17-I"),
			"inacbg", []line{{"inacbg", "9000000"}}, "9000000", ""},
		{"outpatient INA-CBG", book, &Episode{Facility: "rs-ananda", CareType: referral.Outpatient, INACBG: "Q-5-44-0"},
			"inacbg", []line{{"inacbg", "250000"}}, "250000", ""},
		{"moved to class II because class III was full: INA-CBG of the class occupied", book,
			func() *Episode {
				e := inpatient("rs-ananda", "K-1-17-I")
				e.Class, e.ClassReason = 2, "class3_full"
				return e
			}(),
			"inacbg", []line{{"inacbg", "6000000"}}, "6000000", ""},

		// Juknis IV.d.3-4 ambulance tiers, IV.d.7 erythropoietin.
		{"ambulance in the city", book, func() *Episode {
			e := inpatient("rs-ananda", "K-1-17-I")
			e.Items = []Item{{Kind: "ambulance", Tier: "city"}}
			return e
		}(),
			"inacbg", []line{{"inacbg", "5000000"}, {"ambulance", "200000"}}, "5200000", ""},
		{"ambulance outside the city, twice", book, func() *Episode {
			e := inpatient("rs-ananda", "K-1-17-I")
			e.Items = []Item{{Kind: "ambulance", Tier: "outside_city", Quantity: 2}}
			return e
		}(), "inacbg", []line{{"inacbg", "5000000"}, {"ambulance", "1000000"}}, "6000000", ""},
		{"ambulance with a ventilator in the city", book, func() *Episode {
			e := inpatient("rs-ananda", "K-1-17-I")
			e.Items = []Item{{Kind: "ambulance", Tier: "ventilator_city"}}
			return e
		}(), "inacbg", []line{{"inacbg", "5000000"}, {"ambulance", "5000000"}}, "10000000", ""},
		{"ambulance with a ventilator outside the city", book, func() *Episode {
			e := inpatient("rs-ananda", "K-1-17-I")
			e.Items = []Item{{Kind: "ambulance", Tier: "ventilator_outside_city"}}
			return e
		}(), "inacbg", []line{{"inacbg", "5000000"}, {"ambulance", "7500000"}}, "12500000", ""},
		{"erythropoietin, three doses", book, func() *Episode {
			e := inpatient("rs-ananda", "K-1-17-I")
			e.Items = []Item{{Kind: "erythropoietin", Quantity: 3}}
			return e
		}(), "inacbg", []line{{"inacbg", "5000000"}, {"erythropoietin", "750000"}}, "5750000", ""},
		{"blood bags at the PMI tariff and a stent at the minimal tariff", book, func() *Episode {
			e := inpatient("rs-ananda", "K-1-17-I")
			e.Items = []Item{{Kind: "blood_bag", Quantity: 2, UnitPrice: d("360000")}, {Kind: "amhp_khusus", Tier: "arterial_stent", UnitPrice: d("12500000")}}
			return e
		}(), "inacbg", []line{{"inacbg", "5000000"}, {"blood_bag", "720000"}, {"amhp_khusus", "12500000"}}, "18220000", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := price(t, tt.rb, "2019-03-04", tt.ep, covered, synthetic)
			require.NoError(t, err)
			assert.Equal(t, tt.basis, b.Basis)
			require.Len(t, b.Lines, len(tt.lines), "%+v", b.Lines)
			sum := decimal.Zero
			for i, l := range tt.lines {
				assert.Equal(t, l.kind, b.Lines[i].Kind, "line %d", i)
				assert.True(t, b.Lines[i].Amount().Equal(decimal.RequireFromString(l.amount)), "line %d: %s, want %s", i, b.Lines[i].Amount(), l.amount)
				assert.True(t, b.Lines[i].Amount().IsInteger(), "whole rupiah")
				assert.NotEmpty(t, b.Lines[i].Ref)
				assert.Equal(t, referral.PayerJamkesda, b.Lines[i].Payer)
				sum = sum.Add(b.Lines[i].Amount())
			}
			assert.True(t, b.Total().Equal(decimal.RequireFromString(tt.total)), "total %s, want %s", b.Total(), tt.total)
			assert.True(t, sum.Equal(b.Total()), "lines add up to the total")
			assert.True(t, b.TotalFor(referral.PayerJamkesda).Equal(b.Total()))
			if tt.warn != "" {
				var codes []string
				for _, w := range b.Warnings {
					codes = append(codes, w.Code)
				}
				assert.Contains(t, codes, tt.warn)
			}
			assert.Equal(t, synthetic.Revision(), b.TableRevision)
		})
	}
}

func TestPriceReforms(t *testing.T) {
	reform := func(src string) *rules.Rulebook {
		rb, err := book.Overlay("reform.yaml", strings.NewReader(src))
		require.NoError(t, err)
		return rb
	}
	// Erythropoietin per stay (the other reading of Juknis IV.d.7).
	rb := reform("parameters: {tariff: {erythropoietin: {per: {values: {2017-05-15: {value: stay, ref: kartusehat convention (other reading)}}}}}}")
	e := inpatient("rs-ananda", "K-1-17-I")
	e.Items = []Item{{Kind: "erythropoietin", Quantity: 3}}
	b, err := price(t, rb, "2019-03-04", e, covered, synthetic)
	require.NoError(t, err)
	assert.True(t, b.Lines[1].Amount().Equal(decimal.NewFromInt(250000)), b.Lines[1].Amount().String())

	// Ambulance in the city at the words' Rp 200,000.
	rb = reform("parameters: {tariff: {ambulance: {city: {values: {2017-05-15: {value: 200000, ref: Juknis 440/Kep.21/2017 IV.d.3 (the words)}}}}}}")
	e = inpatient("rs-ananda", "K-1-17-I")
	e.Items = []Item{{Kind: "ambulance", Tier: "city"}}
	b, err = price(t, rb, "2019-03-04", e, covered, synthetic)
	require.NoError(t, err)
	assert.True(t, b.Lines[1].Amount().Equal(decimal.NewFromInt(200000)))

	// A class III-full upgrade priced at the class III rate.
	rb = reform("parameters: {services: {class_upgrade: {full_class3_pricing: {values: {2017-05-12: {value: inacbg_class3, ref: kartusehat convention (reading under test)}, 2017-05-15: {value: inacbg_class3, ref: kartusehat convention (reading under test)}}}}}}")
	e = inpatient("rs-ananda", "K-1-17-I")
	e.Class, e.ClassReason = 2, "class3_full"
	b, err = price(t, rb, "2019-03-04", e, covered, synthetic)
	require.NoError(t, err)
	assert.True(t, b.Total().Equal(decimal.NewFromInt(5000000)))

	// Banker's rounding: the payment 900,004.5 rounds to 900,004, so the
	// discount line is -100,001.
	rb = reform("parameters: {money: {rounding: {mode: {values: {2017-01-01: {value: half_even, ref: kartusehat convention (reform under test)}}}}}}")
	b, err = price(t, rb, "2019-03-04", intensive("rs-bela", "1000005"), covered, synthetic)
	require.NoError(t, err)
	assert.True(t, b.Lines[1].Amount().Equal(decimal.NewFromInt(-100001)), b.Lines[1].Amount().String())
	assert.Equal(t, int64(900004), b.TotalRupiah())

	// Rounding to Rp 1,000, in integers: two blood bags at Rp 360,001 are
	// Rp 720,000 (half away from zero).
	rb = reform("parameters: {money: {rounding: {unit: {values: {2017-01-01: {value: 1000, ref: kartusehat convention (reform under test)}}}}}}")
	e = typicalInpatient()
	unit := decimal.NewFromInt(360001)
	e.Items[1].UnitPrice = &unit
	b, err = price(t, rb, "2019-03-04", e, covered, synthetic)
	require.NoError(t, err)
	assert.Equal(t, "blood_bag", b.Lines[3].Kind)
	assert.Equal(t, int64(720000), b.Lines[3].Rupiah())
	assert.Equal(t, "360001", b.Lines[3].UnitPrice().String())
}

// TestPriceOwnWishUpgrade: "pasien tidak boleh pindah kelas atas
// keinginannya sendiri" (Juknis IV.b.2.j); "kalau misalkan ada pasien dia
// mau pake ks tapi dia mau kelas kita engga bisa jadi pasien bayar umum"
// (interview E): the city pays nothing, and the patient pays the hospital's
// own tariff as a general patient, not INA-CBG.
func TestPriceOwnWishUpgrade(t *testing.T) {
	e := inpatient("rs-ananda", "K-1-17-I")
	e.Class, e.ClassReason = 1, "own_wish"
	e.HospitalBill = []HospitalLine{{Description: "Kamar kelas I, 3 hari", Amount: d("4500000")}, {Description: "Tindakan", Amount: d("3250000")}}
	e.Items = []Item{{Kind: "ambulance", Tier: "city"}} // the scheme's fee, not the general patient's bill
	notCovered := &referral.Assessment{Covered: false, Payer: referral.PayerPatient}
	for _, date := range []string{"2017-06-05", "2019-03-04"} {
		b, err := price(t, book, date, e, notCovered, synthetic)
		require.NoError(t, err)
		assert.Equal(t, "general_patient", b.Basis)
		assert.True(t, b.TotalFor(referral.PayerPatient).Equal(decimal.NewFromInt(7750000)), b.Total().String())
		assert.True(t, b.TotalFor(referral.PayerJamkesda).IsZero())
		require.Len(t, b.Lines, 2)
		for _, l := range b.Lines {
			assert.Equal(t, "hospital_tariff", l.Kind)
			assert.Equal(t, referral.PayerPatient, l.Payer)
		}
		assert.Equal(t, "general_patient", b.Warnings[0].Code)
	}
	b, _ := price(t, book, "2019-03-04", e, notCovered, synthetic)
	assert.Equal(t, "Perda 9/2018 Ps.14(4), Ps.16(4); Juknis 440/Kep.21/2017 IV.b.2.j", b.Lines[0].Ref)
	b, _ = price(t, book, "2019-03-13", e, notCovered, synthetic)
	assert.Equal(t, "Perda 9/2018 Ps.14(4), Ps.16(4); Jannah 2019 app. B (interview E)", b.Lines[0].Ref, "cited from the day of the interview")

	e.HospitalBill = nil
	_, err := price(t, book, "2019-03-04", e, notCovered, synthetic)
	assert.ErrorIs(t, err, ErrAmount)
	assert.ErrorContains(t, err, "hospital_bill")
}

// TestAmbulanceDestination: "luar kota (Jakarta, Bogor, Tangerang, Kab
// Bekasi dan Bandung) Rp. 500.000" (Juknis IV.d.3): the fee is set for
// those destinations.
func TestAmbulanceDestination(t *testing.T) {
	e := inpatient("rs-ananda", "K-1-17-I")
	e.Items = []Item{{Kind: "ambulance", Tier: "outside_city", Destination: "jakarta"}}
	b, err := price(t, book, "2019-03-04", e, covered, synthetic)
	require.NoError(t, err)
	assert.True(t, b.Total().Equal(decimal.NewFromInt(5500000)))
	e.Items[0].Destination = "depok"
	_, err = price(t, book, "2019-03-04", e, covered, synthetic)
	assert.ErrorContains(t, err, `/items/0/destination: the rulebook sets no outside-city ambulance fee for "depok"`)
}

func TestPriceSampleTable(t *testing.T) {
	rb, err := book.Overlay("regional3.yaml", strings.NewReader("parameters: {tariff: {inacbg: {regional: {values: {2017-01-01: {value: 3, ref: kartusehat convention (test fixture)}}}}}}"))
	require.NoError(t, err)
	b, err := price(t, rb, "2019-03-04", inpatient("rs-sample-cp", "E-4-10-II"), covered, nil)
	require.NoError(t, err)
	assert.True(t, b.Total().Equal(decimal.NewFromInt(5192500)), "the real 2016 row, regional 3, CP, class 3")
	assert.True(t, b.Sample)
	assert.Equal(t, "sample_table", b.Warnings[0].Code)

	// With Kota Bekasi's own regional 1, the sample cannot price a stay.
	_, err = price(t, book, "2019-03-04", inpatient("rs-sample-cp", "E-4-10-II"), covered, nil)
	assert.ErrorIs(t, err, ErrRegional)
}

func TestPriceErrors(t *testing.T) {
	tests := []struct {
		name  string
		ep    *Episode
		want  error
		field string
		msg   string
	}{
		{"unknown INA-CBG code", inpatient("rs-ananda", "K-1-99-I"), ErrUnknownCode, "/inacbg", "no amount for K-1-99-I"},
		{"malformed INA-CBG code", inpatient("rs-ananda", "K1-17"), ErrUnknownCode, "/inacbg", "not an INA-CBG group code"},
		{"unknown top-up", func() *Episode { e := inpatient("rs-ananda", "K-1-17-I"); e.TopUps = []string{"DD09"}; return e }(), ErrUnknownCode, "/top_ups/0", "special CMG DD09"},
		{"hospital of unknown type (INA-CBG)", inpatient("rs-persada-medika", "K-1-17-I"), ErrHospitalType, "/facility", "type of RS Persada Medika Jt Rahayu is not known"},
		{"hospital of unknown type (discount)", intensive("rs-persada-medika", "1000000"), ErrHospitalType, "/facility", "insidental discount depends on it"},
		{"hospital of unknown ownership", intensive("rs-jatisampurna", "1000000"), ErrHospitalType, "/facility", "ownership of RS Jatisampurna is not known"},
		{"type A: no discount set", intensive("rs-type-a", "1000000"), ErrHospitalType, "/facility", "no insidental discount for a type A"},
		{"negative hospital line", intensive("rs-ananda", "-5"), ErrAmount, "/insidental/lines/0/amount", "negative"},
		{"hospital line without an amount", func() *Episode {
			e := intensive("rs-ananda", "1000")
			e.Insidental.Lines = append(e.Insidental.Lines, HospitalLine{Description: "ICU"})
			return e
		}(), ErrAmount, "/insidental/lines/1/amount", "needs an amount"},
		{"negative unit price", func() *Episode {
			e := inpatient("rs-ananda", "K-1-17-I")
			e.Items = []Item{{Kind: "blood_bag", UnitPrice: d("-1")}}
			return e
		}(), ErrAmount, "/items/0/unit_price", "negative"},
		{"blood bag without its tariff", func() *Episode {
			e := inpatient("rs-ananda", "K-1-17-I")
			e.Items = []Item{{Kind: "blood_bag"}}
			return e
		}(), ErrAmount, "/items/0/unit_price", "required"},
		{"unknown ambulance tier", func() *Episode {
			e := inpatient("rs-ananda", "K-1-17-I")
			e.Items = []Item{{Kind: "ambulance", Tier: "helicopter"}}
			return e
		}(), ErrEpisode, "/items/0/tier", `"helicopter"`},
		{"not an insidental service", func() *Episode {
			e := intensive("rs-ananda", "1000")
			e.Insidental.Services = []string{"ward"}
			return e
		}(),
			ErrEpisode, "/insidental/services/0", `"ward" is not an insidental service`},
		{"unknown facility", inpatient("rs-nowhere", "K-1-17-I"), ErrEpisode, "/facility", "unknown facility"},
		{"no INA-CBG code", &Episode{Facility: "rs-ananda", CareType: referral.Inpatient}, ErrEpisode, "/inacbg", "required"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := price(t, book, "2019-03-04", tt.ep, covered, synthetic)
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.want)
			var fe *rules.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.field, fe.Pointer)
			assert.Contains(t, fe.MessageEN, tt.msg)
		})
	}
}

// TestPriceReportsEveryField: an episode with three bad fields reports
// the three, in order, with exact pointers, codes and Indonesian
// messages; errors.Is finds each code, ErrEpisode and the sentinels.
func TestPriceReportsEveryField(t *testing.T) {
	book := rules.Default()
	e := inpatient("rs-ananda", "K-1-17-I")
	e.Class = 7
	e.TopUps = []string{"yy01!"}
	e.Items = []Item{{Kind: "ambulance", Tier: "city", Quantity: MaxQuantity + 1}}
	_, err := price(t, book, "2019-03-04", e, covered, synthetic)
	var l *rules.FieldErrors
	require.ErrorAs(t, err, &l)
	want := []struct {
		ptr  string
		code rules.ErrorCode
		id   string
	}{
		{"/class", rules.CodeBadValue, "7 bukan kelas perawatan 1, 2 atau 3"},
		{"/top_ups/0", rules.CodeBadValue, `"yy01!" bukan kode special CMG seperti YY01`},
		{"/items/0/quantity", rules.CodeOutOfRange, "kuantitas 100001 lebih dari batas 100000 (MaxQuantity)"},
	}
	require.Len(t, l.List, len(want), "%v", err)
	for i, w := range want {
		assert.Equal(t, w.ptr, l.List[i].Pointer)
		assert.Equal(t, w.code, l.List[i].Code)
		assert.Equal(t, w.id, l.List[i].Message)
		assert.ErrorIs(t, err, w.code)
	}
	assert.ErrorIs(t, err, ErrEpisode)
	assert.ErrorIs(t, err, ErrUnknownCode)
	assert.ErrorIs(t, err, ErrRange)
}

// TestIndonesianOfEveryFormat: every English message format that fail
// is called with in this package has its Indonesian in idFormats, with
// the same verbs.
func TestIndonesianOfEveryFormat(t *testing.T) {
	src, err := os.ReadFile("price.go")
	require.NoError(t, err)
	re := regexp.MustCompile(`fail\([^\n]*?, (?:nil|Err\w+), ("(?:[^"\\]|\\.)*")`)
	verbs := regexp.MustCompile(`%[-+# 0]*[a-z%]`)
	n := 0
	for _, m := range re.FindAllSubmatch(src, -1) {
		format, err := strconv.Unquote(string(m[1]))
		require.NoError(t, err)
		id, ok := idFormats[format]
		if assert.True(t, ok, "no Indonesian for %q", format) {
			assert.Equal(t, verbs.FindAllString(format, -1), verbs.FindAllString(id, -1), format)
		}
		n++
	}
	assert.Greater(t, n, 40)
}
