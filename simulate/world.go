package simulate

import (
	"bytes"
	"fmt"
	"sort"
	"strings"

	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
	"github.com/shopspring/decimal"
	"go.yaml.in/yaml/v3"
)

// The simulated world needs two things the rulebook does not give: the
// type (A-D) and ownership of every partner hospital, and Kota Bekasi's
// INA-CBG amounts (the embedded table is a sample of another regional).
// Both are SYNTHETIC here, made up for the simulation and labelled so in
// every report: the simulation compares rulebooks on the same synthetic
// world, so differences between baseline and reform are meaningful while
// absolute amounts are only as good as these made-up figures.

// WorldName labels the synthetic world in reports.
const WorldName = "SYNTHETIC simulation world: hospital types and INA-CBG amounts are made up, not from the sources or a tariff"

// TableName names the synthetic INA-CBG table.
const TableName = "inacbg-synthetic-simulation (SYNTHETIC: made-up amounts, not a tariff)"

// group is an INA-CBG case-mix group the generator draws, with a typical
// ICD-10 diagnosis, its share of the care type's encounters (per mille)
// and its SYNTHETIC class III amount at a government type C hospital.
type group struct {
	code    string
	icd10   string
	name    string
	permill int
	amount  int64
}

// The groups. The shares are assumptions (no source gives a case mix for
// the scheme); the amounts are round synthetic figures of the order of the
// real 2016 rows quoted in the rulebook's sample table.
var (
	outpatientGroups = []group{
		{"Q-5-44-0", "R50.9", "rawat jalan: pemeriksaan dan konsultasi lain", 780, 250_000},
		{"N-3-15-0", "N18.5", "rawat jalan: hemodialisis", 120, 900_000},
		{"M-3-16-0", "M54.5", "rawat jalan: rehabilitasi medik", 60, 200_000},
		{"Z-3-12-0", "Z09.8", "rawat jalan: kontrol pascarawat", 40, 220_000},
	}
	inpatientGroups = []group{
		{"A-4-13-I", "A91", "demam berdarah dengue ringan", 230, 2_300_000},
		{"A-4-14-I", "A09.9", "diare dan gastroenteritis", 110, 1_800_000},
		{"J-4-16-II", "J18.9", "pneumonia sedang", 110, 5_500_000},
		{"O-6-10-I", "O80.9", "persalinan normal", 130, 2_500_000},
		{"O-6-12-I", "O82.9", "persalinan sesar", 80, 5_500_000},
		{"K-1-17-I", "K35.8", "apendektomi", 60, 5_100_000},
		{"E-4-10-II", "E11.9", "diabetes melitus sedang", 100, 4_300_000},
		{"I-4-12-II", "I50.0", "gagal jantung sedang", 90, 5_800_000},
		{"P-8-17-I", "P07.3", "neonatus berat lahir rendah", 90, 5_000_000},
	}
	outCum = cumulative(permills(outpatientGroups))
	inCum  = cumulative(permills(inpatientGroups))
)

func permills(gs []group) []int {
	w := make([]int, len(gs))
	for i, g := range gs {
		w[i] = g.permill
	}
	return w
}

// Tariff-code and class factors of the synthetic table, in per cent of the
// government type C amount: bigger hospitals cost more, private ones 5 %
// more; class 2 is 120 % and class 1 140 % of class III (the ratio of the
// real 2016 rows).
var typeFactor = map[string]int64{"AP": 135, "AS": 140, "BP": 115, "BS": 120, "CP": 100, "CS": 105, "DP": 90, "DS": 95}

// SyntheticTable returns the SYNTHETIC INA-CBG table of the simulation,
// regional 1, every tariff code A-D, government and private.
func SyntheticTable() (*tariff.Table, error) {
	var b bytes.Buffer
	b.WriteString("# " + TableName + "\n# Made up for the simulation from round class III amounts; class 2 = 1.2x, class 1 = 1.4x. NOT a tariff.\n")
	b.WriteString("code,tariff_code,regional,class,care,amount\n")
	codes := make([]string, 0, len(typeFactor))
	for tc := range typeFactor {
		codes = append(codes, tc)
	}
	sort.Strings(codes)
	for _, tc := range codes {
		f := typeFactor[tc]
		for _, g := range outpatientGroups {
			fmt.Fprintf(&b, "%s,%s,1,,outpatient,%d\n", g.code, tc, round100(g.amount*f/100))
		}
		for _, g := range inpatientGroups {
			for class := 3; class >= 1; class-- {
				cf := int64(100 + 20*(3-class))
				fmt.Fprintf(&b, "%s,%s,1,%d,inpatient,%d\n", g.code, tc, class, round100(g.amount*f/100*cf/100))
			}
		}
	}
	return tariff.LoadTable(&b, "inacbg-synthetic-simulation.csv", TableName)
}

func round100(x int64) int64 { return (x + 50) / 100 * 100 }

// syntheticType gives a hospital the rulebook leaves untyped a SYNTHETIC
// type and, where unknown, ownership: national referral hospitals type A,
// other government hospitals and the large private chains type B, mother
// and child hospitals type C, the rest type C or D.
func syntheticType(f rules.Facility) (typ string, own rules.Ownership) {
	typ, own = f.HospitalType, f.Ownership
	if own != rules.OwnershipGovernment && own != rules.OwnershipPrivate {
		own = rules.OwnershipPrivate
	}
	if typ == "A" || typ == "B" || typ == "C" || typ == "D" {
		return typ, own
	}
	c := f.Code
	switch {
	case strings.Contains(c, "cipto") || strings.Contains(c, "harapan-kita") || strings.Contains(c, "fatmawati") ||
		strings.Contains(c, "persahabatan") || strings.Contains(c, "sulianti") || strings.Contains(c, "soeharto"):
		return "A", own
	case own == rules.OwnershipGovernment:
		return "B", own
	case strings.Contains(c, "mitra-keluarga") || strings.Contains(c, "hermina") || strings.Contains(c, "awal-bros") ||
		strings.Contains(c, "st-elisabeth"):
		return "B", own
	case strings.HasPrefix(c, "rsia-") || strings.HasPrefix(c, "rsb-"):
		return "C", own
	case mix64(uint64(len(c))*golden^hashString(c))%3 == 0:
		return "D", own
	}
	return "C", own
}

func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * 1099511628211
	}
	return h
}

// yamlFacility is a facility as the rulebook's YAML spells it.
type yamlFacility struct {
	Code         string            `yaml:"code"`
	Name         string            `yaml:"name"`
	Kind         string            `yaml:"kind"`
	Level        int               `yaml:"level"`
	Ownership    string            `yaml:"ownership"`
	HospitalType string            `yaml:"hospital_type"`
	TariffCode   string            `yaml:"tariff_code,omitempty"`
	Location     string            `yaml:"location"`
	Kecamatan    string            `yaml:"kecamatan,omitempty"`
	Region       string            `yaml:"region,omitempty"`
	CityHospital bool              `yaml:"city_hospital,omitempty"`
	Bordering    bool              `yaml:"bordering,omitempty"`
	ProfileRef   string            `yaml:"profile_ref,omitempty"`
	Aliases      []string          `yaml:"aliases,omitempty"`
	Partner      []yamlPartnership `yaml:"partner"`
	Ref          string            `yaml:"ref"`
	Note         string            `yaml:"note"`
}

type yamlPartnership struct {
	From  string `yaml:"from"`
	Until string `yaml:"until,omitempty"`
	Ref   string `yaml:"ref"`
}

// WorldOverlay returns the overlay that gives every hospital of rb a type
// and an ownership (SYNTHETIC where rb does not know them).
func WorldOverlay(rb *rules.Rulebook) []byte {
	var fs []yamlFacility
	for _, f := range rb.Facilities() {
		if f.Kind != rules.KindHospital {
			continue
		}
		typ, own := syntheticType(f)
		if typ == f.HospitalType && own == f.Ownership {
			continue
		}
		y := yamlFacility{Code: f.Code, Name: f.Name, Kind: string(f.Kind), Level: f.Level, Ownership: string(own),
			HospitalType: typ, TariffCode: f.TariffCode, Location: string(f.Location), Kecamatan: f.Kecamatan,
			Region: f.Region, CityHospital: f.CityHospital, Bordering: f.Bordering, ProfileRef: f.ProfileRef, Aliases: f.Aliases, Ref: f.Ref,
			Note: strings.TrimSpace("SYNTHETIC type " + typ + " and ownership " + string(own) + " for the simulation. " + f.Note)}
		for _, p := range f.Partner {
			yp := yamlPartnership{From: p.From.String(), Ref: p.Ref}
			if !p.Until.IsZero() {
				yp.Until = p.Until.String()
			}
			y.Partner = append(y.Partner, yp)
		}
		fs = append(fs, y)
	}
	out, err := yaml.Marshal(struct {
		Rulebook   map[string]string `yaml:"rulebook"`
		Facilities []yamlFacility    `yaml:"facilities"`
	}{map[string]string{"name": "SYNTHETIC hospital types for the simulation"}, fs})
	if err != nil {
		panic(err) // marshalling plain structs cannot fail
	}
	return out
}

// WithWorld returns rb with the synthetic world's hospital types overlaid.
func WithWorld(rb *rules.Rulebook) (*rules.Rulebook, error) {
	return rb.Overlay("synthetic-world.yaml", bytes.NewReader(WorldOverlay(rb)))
}

// newSmallPool holds outpatient amounts at a hospital's own tariff.
func newSmallPool() amountPool {
	p := make(amountPool, 32)
	for i := range p {
		d := decimal.NewFromInt(int64(150_000 + i*25_000)) // Rp 150,000 to 925,000
		p[i] = &d
	}
	return p
}

// hospital is a hospital the generator sends patients to.
type hospital struct {
	code  string
	city  bool   // in Kota Bekasi (else a referral from a city hospital is needed)
	class string // type and ownership, such as "B private"
}

// amountPool holds the hospital bill line amounts of insidental cases,
// built once: decimals are immutable and shared by every encounter.
type amountPool []*decimal.Decimal

func newAmountPool() amountPool {
	p := make(amountPool, 64)
	for i := range p {
		d := decimal.NewFromInt(int64(1_000_000 + i*150_000)) // Rp 1.0 to 10.45 million a line
		p[i] = &d
	}
	return p
}
