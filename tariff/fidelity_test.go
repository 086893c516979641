package tariff

import (
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRoundingStaysOnTheModesSide: Perwal 27.A/2017 Ps.7(1)b pays an
// insidental case "sesuai dengan tarif RS yang melayani dengan memberikan
// potongan harga dari total tagihan setelah verifikasi sebesar 10% untuk
// RS tipe D". An ICU stay at a private type D hospital billed
// Rp 12,345,678 is exactly 11,111,110.2 after the discount. Rounding the
// negative discount line on its own (toward zero: -1,234,567) paid
// 11,111,111, more than the exact amount; the payment is now rounded once,
// so under every mode it stays on the side the mode names.
func TestRoundingStaysOnTheModesSide(t *testing.T) {
	exact := decimal.RequireFromString("11111110.2")
	tests := []struct {
		mode     string
		pay      int64
		discount int64
	}{
		{"half_away_from_zero", 11111110, -1234568},
		{"half_even", 11111110, -1234568},
		{"toward_zero", 11111110, -1234568},
		{"away_from_zero", 11111111, -1234567},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			rb := overlay("parameters: {money: {rounding: {mode: {values: {2017-01-01: {value: " + tt.mode + ", ref: kartusehat convention (mode under test)}}}}}}")
			b, err := price(t, rb, "2019-03-04", intensive("rs-bela", "12345678"), covered, synthetic)
			require.NoError(t, err)
			assert.Equal(t, tt.pay, b.TotalRupiah())
			require.Len(t, b.Lines, 2)
			assert.Equal(t, "discount", b.Lines[1].Kind)
			assert.Equal(t, tt.discount, b.Lines[1].Rupiah())
			assert.Equal(t, "-1234567.8", b.Lines[1].UnitPrice().String(), "the unit is the exact discount")
			pay := decimal.NewFromInt(b.TotalRupiah())
			switch tt.mode {
			case "toward_zero":
				assert.True(t, pay.LessThanOrEqual(exact), "toward zero never pays more than the exact amount")
			case "away_from_zero":
				assert.True(t, pay.GreaterThanOrEqual(exact), "away from zero never pays less")
			default:
				assert.True(t, pay.Sub(exact).Abs().LessThanOrEqual(decimal.RequireFromString("0.5")), "half modes: the nearest rupiah")
			}
		})
	}
	// A line with a fraction of a rupiah: 1,000,000.6 less 10% is
	// 900,000.54; toward zero, the line rounds to 1,000,000 and the
	// payment to 900,000 (never 900,001).
	rb := overlay("parameters: {money: {rounding: {mode: {values: {2017-01-01: {value: toward_zero, ref: kartusehat convention (mode under test)}}}}}}")
	b, err := price(t, rb, "2019-03-04", intensive("rs-bela", "1000000.6"), covered, synthetic)
	require.NoError(t, err)
	assert.Equal(t, int64(900000), b.TotalRupiah())
	assert.Equal(t, int64(1000000), b.Lines[0].Rupiah())
	assert.Equal(t, int64(-100000), b.Lines[1].Rupiah())
}

// TestPriceNotCovered: "Dalam hal apabila peserta menyalahi prosedur
// pelayanan kesehatan yang telah ditentukan, maka akan dikenakan
// pembiayaan kesehatan secara mandiri" (Perda 9/2018 Ps.16(4)): a patient
// the scheme does not cover pays as a general patient, the hospital's own
// bill, not the INA-CBG package nor the insidental tariff less the
// discount, which are what Jamkesda pays.
func TestPriceNotCovered(t *testing.T) {
	notCovered := &referral.Assessment{Covered: false, Payer: referral.PayerPatient,
		Reasons: []rules.Reason{{Code: "referral_missing", Ref: "Perda 9/2018 Ps.16(1), Ps.16(4)"}}}
	withBill := func(e *Episode) *Episode {
		e.HospitalBill = []HospitalLine{{Description: "Kamar kelas III, 4 hari", Amount: d("3200000")}, {Description: "Tindakan dan obat", Amount: d("4150000")}}
		return e
	}
	tests := []struct {
		name  string
		ep    *Episode
		lines []int64
		total int64
	}{
		// At INA-CBG the stay would be 5,000,000 (the synthetic K-1-17-I, CS).
		{"an inpatient stay: the hospital's bill, not INA-CBG", withBill(inpatient("rs-ananda", "K-1-17-I")), []int64{3200000, 4150000}, 7350000},
		// The insidental tariff would be 12,500,000 less 15%.
		{"an insidental case with its hospital bill: the bill in full, no discount", intensive("rs-ananda", "10000000", "2500000"), []int64{10000000, 2500000}, 12500000},
		{"an insidental case at the RSUD", intensive("rsud-cam", "10000000"), []int64{10000000}, 10000000},
		{"a stay with an ambulance: the scheme's fixed fee is not billed", func() *Episode {
			e := withBill(inpatient("rs-ananda", "K-1-17-I"))
			e.Items = []Item{{Kind: "ambulance", Tier: "city"}}
			return e
		}(), []int64{3200000, 4150000}, 7350000},
	}
	for _, tt := range tests {
		for _, date := range []string{"2017-03-01", "2019-03-04"} {
			t.Run(tt.name+" "+date, func(t *testing.T) {
				b, err := price(t, book, date, tt.ep, notCovered, synthetic)
				require.NoError(t, err)
				assert.Equal(t, "general_patient", b.Basis)
				require.Len(t, b.Lines, len(tt.lines))
				for i, l := range b.Lines {
					assert.Equal(t, tt.lines[i], l.Rupiah())
					assert.Equal(t, "hospital_tariff", l.Kind)
					assert.Equal(t, referral.PayerPatient, l.Payer)
					assert.Equal(t, "Perda 9/2018 Ps.16(1), Ps.16(4)", l.Ref, "the ground of the refusal")
				}
				assert.Equal(t, tt.total, b.TotalRupiah())
				assert.True(t, b.TotalFor(referral.PayerJamkesda).IsZero())
				assert.True(t, b.TotalFor(referral.PayerPatient).Equal(decimal.NewFromInt(tt.total)))
				assert.Equal(t, "not_covered_general_patient", b.Warnings[0].Code)
			})
		}
	}
	_, err := price(t, book, "2019-03-04", inpatient("rs-ananda", "K-1-17-I"), notCovered, synthetic)
	assert.ErrorIs(t, err, ErrAmount)
	assert.ErrorContains(t, err, "hospital_bill: required: a patient the scheme does not cover")
}

// TestBorderingHospitals: "Pembayaran sebagaimana dimaksud huruf b
// berlaku hanya bagi RS Swasta di Kota Bekasi dan RS yang berbatasan
// langsung dengan Kota Bekasi" (Perwal 27.A/2017 Ps.7(1)c). On the default
// reading (region) a private hospital of a region bordering the city
// (Kabupaten Bekasi, Kabupaten Bogor, Kota Depok, Jakarta Timur: the
// regions' bordering list) is paid its own tariff less the discount, on
// the embedded facility list with no overlay; on the narrower reading
// (on_border) only a hospital on the border itself, which no facility is.
func TestBorderingHospitals(t *testing.T) {
	onBorder := rules.Default()
	onBorder, err := onBorder.Overlay("on-border.yaml", strings.NewReader(
		"parameters: {tariff: {insidental: {bordering_reading: {values: {2017-05-15: {value: on_border, ref: Perwal 27.A/2017 Ps.7(1)c (the narrower reading)}}}}}}"))
	require.NoError(t, err)
	tests := []struct {
		name     string
		rb       *rules.Rulebook
		facility string
		basis    string
		total    int64
	}{
		// RS Hermina Grand Wisata, Kabupaten Bekasi, class B private: 20 %.
		{"Kabupaten Bekasi, type B, region reading", rules.Default(), "rs-hermina-grand-wisata", "hospital_tariff", 8000000},
		// RS Kartika Husada Tambun, Kabupaten Bekasi, class C private: 15 %.
		{"Kabupaten Bekasi, type C, region reading", rules.Default(), "rs-kartika-husada-tambun", "hospital_tariff", 8500000},
		// RS Hermina Cileungsi (Mekarsari), Kabupaten Bogor, class C private.
		{"Kabupaten Bogor, type C, region reading", rules.Default(), "rs-hermina-cileungsi", "hospital_tariff", 8500000},
		// RSJ Islam Klender, Jakarta Timur, class C private.
		{"Jakarta Timur, type C, region reading", rules.Default(), "rsj-islam-klender", "hospital_tariff", 8500000},
		{"Kabupaten Bekasi, type B, on_border reading: INA-CBG (BS)", onBorder, "rs-hermina-grand-wisata", "inacbg", 6000000},
		{"Kabupaten Bogor, type C, on_border reading: INA-CBG (CS)", onBorder, "rs-hermina-cileungsi", "inacbg", 5000000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := intensive(tt.facility, "10000000")
			e.INACBG = "K-1-17-I"
			b, err := price(t, tt.rb, "2019-03-04", e, covered, synthetic)
			require.NoError(t, err)
			assert.Equal(t, tt.basis, b.Basis)
			assert.Equal(t, tt.total, b.TotalRupiah())
		})
	}
	// The facility list gives each hospital's region; the loader checks the
	// location against the regions' bordering list.
	f, ok := rules.Default().Facility("rs-hermina-grand-wisata")
	require.True(t, ok)
	assert.Equal(t, "Kabupaten Bekasi", f.Region)
	assert.Equal(t, rules.LocationBordering, f.Location)
	f, ok = rules.Default().Facility("rs-sulianti-saroso")
	require.True(t, ok)
	assert.Equal(t, rules.LocationOutside, f.Location, "Jakarta Utara does not border the city")
	_, err = rules.Default().Overlay("bad.yaml", strings.NewReader(
		"facilities:\n  - {code: rs-x, name: RS X, kind: hospital, level: 2, ownership: private, location: outside, region: Kota Depok, partner: [{from: 2020-01-01, ref: kartusehat convention (test)}], ref: kartusehat convention (test)}\n"))
	assert.ErrorContains(t, err, "region Kota Depok is bordering")
}

// TestCityHospitalBasis: "... sebesar 10% untuk RS tipe D, 15% untuk RS
// tipe C dan 20% untuk RS tipe B ..., kecuali RSUD Dr. Chasbullah A.M Kota
// Bekasi" (Perwal 27.A/2017 Ps.7(1)b): the RSUD's own tariff in full
// (own_tariff, the default), or INA-CBG (inacbg, with Ps.7(1)c "berlaku
// hanya bagi RS Swasta").
func TestCityHospitalBasis(t *testing.T) {
	inacbg := overlay("parameters: {tariff: {insidental: {city_hospital_basis: {values: {2017-05-15: {value: inacbg, ref: Perwal 27.A/2017 Ps.7(1)c}}}}}}")
	tests := []struct {
		name  string
		rb    *rules.Rulebook
		basis string
		total int64
	}{
		{"own_tariff", book, "hospital_tariff", 10000000},
		{"inacbg (BP)", inacbg, "inacbg", 5500000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := intensive("rsud-cam", "10000000")
			e.INACBG = "K-1-17-I"
			b, err := price(t, tt.rb, "2019-03-04", e, covered, synthetic)
			require.NoError(t, err)
			assert.Equal(t, tt.basis, b.Basis)
			assert.Equal(t, tt.total, b.TotalRupiah())
		})
	}
}

// TestApprovedDevices: "Alat Medis yang diberikan kepada pasien di luar
// paket INA-CBG's harus disetujui oleh Komite Medik RS dan ditandatangani
// oleh Direktur" (Juknis 440/Kep.21/2017 IV.b.2.h) sets the approval; the
// services paid outside the package are "LABU DARAH, AMBULANCE, AMHP
// KHUSUS" (Perwal 27.A/2017 Ps.9(3)). Default: within the package.
func TestApprovedDevices(t *testing.T) {
	asClaimed := overlay("parameters: {tariff: {approved_devices: {values: {2017-05-15: {value: as_claimed, ref: Juknis 440/Kep.21/2017 IV.b.2.h}}}}}")
	tests := []struct {
		name  string
		rb    *rules.Rulebook
		lines int
		total int64
		warn  string
	}{
		{"within_package", book, 1, 5000000, "device_within_package"},
		{"as_claimed", asClaimed, 2, 5000000 + 2*1750000, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := inpatient("rs-ananda", "K-1-17-I")
			e.Items = []Item{{Kind: "medical_device", Tier: "pacemaker", Quantity: 2, UnitPrice: d("1750000")}}
			b, err := price(t, tt.rb, "2019-03-04", e, covered, synthetic)
			require.NoError(t, err)
			assert.Len(t, b.Lines, tt.lines)
			assert.Equal(t, tt.total, b.TotalRupiah())
			if tt.warn != "" {
				assert.Equal(t, tt.warn, b.Warnings[len(b.Warnings)-1].Code)
			}
			ok, ref, err := ApprovedDevices(tt.rb.At(rules.MustParseDate("2019-03-04")))
			require.NoError(t, err)
			assert.Equal(t, tt.name == "as_claimed", ok)
			assert.NotEmpty(t, ref)
		})
	}
}

// TestDatedHospitalClass: the discount is "10% untuk RS tipe D, 15% untuk
// RS tipe C dan 20% untuk RS tipe B" (Perwal 27.A/2017 Ps.7(1)b) of the
// hospital's type on the date of service. The rulebook's classes are dated
// by the source that gives them (the registry copies of 2021-08-10 and
// 2026-01-21); before the first, the class in force is not known, and the
// bill says so (class_as_of_later_registry) rather than price silently.
func TestDatedHospitalClass(t *testing.T) {
	rb := rules.Default()
	tests := []struct {
		name     string
		facility string
		date     string
		insid    bool
		basis    string
		total    int64
		later    bool
	}{
		// RS Mitra Keluarga Bekasi Timur: class B in both copies (kode_rs 3275046).
		{"a 2019 stay, class known only from 2021", "rs-mitra-keluarga-bekasi-timur", "2019-03-04", true, "hospital_tariff", 8000000, true},
		{"a 2022 stay, class of the 2021 copy", "rs-mitra-keluarga-bekasi-timur", "2022-01-03", true, "hospital_tariff", 8000000, false},
		// RS Dr. Sitanala: class C in the copy of c.2021, B in that of 2026 (kode_rs 3671032): INA-CBG CP, then BP.
		{"Sitanala in 2019: C, a later class", "rs-sitanala", "2019-03-04", false, "inacbg", 4750000, true},
		{"Sitanala in 2022: C", "rs-sitanala", "2022-01-03", false, "inacbg", 4750000, false},
		{"Sitanala in 2026: B", "rs-sitanala", "2026-02-02", false, "inacbg", 5500000, false},
		// The RSUD: "RSUD dengan tipe B itu" (Media Indonesia 2019-03-27), INA-CBG BP.
		{"the RSUD before the article", "rsud-cam", "2019-03-04", false, "inacbg", 5500000, true},
		{"the RSUD after the article", "rsud-cam", "2019-04-01", false, "inacbg", 5500000, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := inpatient(tt.facility, "K-1-17-I")
			if tt.insid {
				e = intensive(tt.facility, "10000000")
			}
			b, err := price(t, rb, tt.date, e, covered, synthetic)
			require.NoError(t, err)
			assert.Equal(t, tt.basis, b.Basis)
			assert.Equal(t, tt.total, b.TotalRupiah())
			var codes []string
			for _, w := range b.Warnings {
				codes = append(codes, w.Code)
			}
			if tt.later {
				assert.Contains(t, codes, "class_as_of_later_registry")
			} else {
				assert.NotContains(t, codes, "class_as_of_later_registry")
			}
		})
	}
	f, _ := rb.Facility("rs-sitanala")
	c, later := f.ClassOn(rules.MustParseDate("2021-08-09"))
	assert.Equal(t, "C", c)
	assert.True(t, later)
	c, later = f.ClassOn(rules.MustParseDate("2026-01-21"))
	assert.Equal(t, "B", c, "the day the 2026 copy gives it")
	assert.False(t, later)
}
