package rules

// Text is a message in Bahasa Indonesia with its English rendering.
type Text struct {
	ID string `json:"id"`
	EN string `json:"en"`
}

// InstrumentLevel ranks legal instruments: a higher level governs a lower
// one where both are in force.
type InstrumentLevel string

// Instrument levels, highest first.
const (
	LevelPerda        InstrumentLevel = "perda"        // Peraturan Daerah (by-law)
	LevelPerwal       InstrumentLevel = "perwal"       // Peraturan Wali Kota
	LevelKepwal       InstrumentLevel = "kepwal"       // Keputusan Wali Kota
	LevelKeputusan    InstrumentLevel = "keputusan"    // Keputusan Kepala Dinas
	LevelSuratEdaran  InstrumentLevel = "surat_edaran" // circular letter
	LevelAnnouncement InstrumentLevel = "announcement" // public announcement
)

var levelRank = map[InstrumentLevel]int{
	LevelPerda: 6, LevelPerwal: 5, LevelKepwal: 4, LevelKeputusan: 3,
	LevelSuratEdaran: 2, LevelAnnouncement: 1,
}

func instrumentLevels() []string {
	return []string{string(LevelPerda), string(LevelPerwal), string(LevelKepwal),
		string(LevelKeputusan), string(LevelSuratEdaran), string(LevelAnnouncement)}
}

// Instrument is a legal instrument of the scheme and the dates it is in
// force.
type Instrument struct {
	ID         string          `json:"id"`    // stable, such as perda-9-2018
	Short      string          `json:"short"` // citation prefix, such as "Perda 9/2018"
	Title      string          `json:"title"`
	Level      InstrumentLevel `json:"level"`
	InForce    Date            `json:"in_force"`
	Repealed   Date            `json:"repealed,omitzero"`     // first day no longer in force
	RepealedBy string          `json:"repealed_by,omitempty"` // instrument id
	Ref        string          `json:"ref"`
	Note       string          `json:"note,omitempty"`
	line       int
	file       string
}

// InForceOn reports whether the instrument is in force on d.
func (in Instrument) InForceOn(d Date) bool {
	return !d.Before(in.InForce) && (in.Repealed.IsZero() || d.Before(in.Repealed))
}

// Location classes a facility by where it is relative to Kota Bekasi.
type Location string

// The location classes.
const (
	LocationCity      Location = "city"      // in Kota Bekasi
	LocationBordering Location = "bordering" // in a region bordering Kota Bekasi
	LocationOutside   Location = "outside"   // further away
)

// Ownership of a facility.
type Ownership string

// The ownerships.
const (
	OwnershipGovernment Ownership = "government"
	OwnershipPrivate    Ownership = "private"
	// OwnershipUnknown: the sources do not say. A decision that depends on
	// ownership fails rather than guess.
	OwnershipUnknown Ownership = "unknown"
)

// FacilityKind is what sort of facility it is.
type FacilityKind string

// The facility kinds.
const (
	KindPuskesmas FacilityKind = "puskesmas" // PPK I
	KindClinic    FacilityKind = "clinic"    // klinik pratama rawat inap, PPK I
	KindHospital  FacilityKind = "hospital"  // PPK II
)

// Partnership is a period during which a facility has a cooperation
// agreement (perjanjian kerja sama) with the city.
type Partnership struct {
	From  Date   `json:"from"`
	Until Date   `json:"until,omitzero"` // last day; zero while open-ended
	Ref   string `json:"ref"`
}

// Facility is a health care provider (PPK) known to the rulebook.
type Facility struct {
	Code      string       `json:"code"` // stable code, such as rsud-cam
	Name      string       `json:"name"`
	Kind      FacilityKind `json:"kind"`
	Level     int          `json:"level"` // 1 = PPK I, 2 = PPK II
	Ownership Ownership    `json:"ownership"`
	// HospitalType is A, B, C or D; empty when the sources do not say.
	HospitalType string   `json:"hospital_type,omitempty"`
	Location     Location `json:"location"`
	// Kecamatan is the six-digit kecamatan code for a facility in the city,
	// where known.
	Kecamatan string `json:"kecamatan,omitempty"`
	// Region names where a facility outside the city is (Jakarta Timur,
	// Kabupaten Bekasi).
	Region string `json:"region,omitempty"`
	// TariffCode is the hospital's own E-Klaim tariff code where it has
	// one (RSCM, RSJP, RSAB); otherwise its INA-CBG tariff follows its type
	// and ownership (CS: a private type C hospital).
	TariffCode string `json:"tariff_code,omitempty"`
	// CityHospital marks the RSUD, which Perwal 27.A/2017 Ps.7(1)b exempts
	// from the insidental discount.
	CityHospital bool          `json:"city_hospital,omitempty"`
	Aliases      []string      `json:"aliases,omitempty"`
	Partner      []Partnership `json:"partner"`
	Ref          string        `json:"ref"`
	Note         string        `json:"note,omitempty"`
	line         int
	file         string
}

// PartnerOn reports whether the facility is a partner on d.
func (f *Facility) PartnerOn(d Date) bool {
	for _, p := range f.Partner {
		if !d.Before(p.From) && (p.Until.IsZero() || !d.After(p.Until)) {
			return true
		}
	}
	return false
}

// Exclusion is a service the scheme does not pay for (Perwal 27.A/2017
// Ps.9(4); Juknis 440/Kep.21/2017 III, "tidak ditanggung"), with what
// triggers it.
type Exclusion struct {
	Code   string `json:"code"`   // stable, such as cosmetic
	Number int    `json:"number"` // item number in the Juknis list
	Name   Text   `json:"name"`
	// Categories are the service categories a host tags an episode or bill
	// line with that trigger the exclusion.
	Categories []string `json:"categories"`
	// ICD10 holds ICD-10 diagnosis codes or code prefixes (Z41.1, F1).
	ICD10 []string `json:"icd10,omitempty"`
	// ICD9CM holds ICD-9-CM procedure codes or code prefixes.
	ICD9CM []string `json:"icd9cm,omitempty"`
	// UnlessMedicalIndication: the codes trigger only where the service
	// had no medical indication (circumcision, abortion).
	UnlessMedicalIndication bool   `json:"unless_medical_indication,omitempty"`
	From                    Date   `json:"from"`
	Until                   Date   `json:"until,omitzero"`
	Ref                     string `json:"ref"`
	Note                    string `json:"note,omitempty"`
	line                    int
	file                    string
}

// InForceOn reports whether the exclusion applies on d.
func (x *Exclusion) InForceOn(d Date) bool {
	return !d.Before(x.From) && (x.Until.IsZero() || !d.After(x.Until))
}

// HolidayKind tells a public holiday from a collective leave day.
type HolidayKind string

// The holiday kinds.
const (
	HolidayNational    HolidayKind = "libur_nasional" // hari libur nasional
	HolidayCutiBersama HolidayKind = "cuti_bersama"   // collective leave
)

// Holiday is one non-working day other than a weekend.
type Holiday struct {
	Date Date        `json:"date"`
	Name string      `json:"name"`
	Kind HolidayKind `json:"kind"`
}

// HolidayYear is the holidays of one year, as fixed by the joint decree
// (SKB) of the Ministers of Religious Affairs, Manpower and
// Administrative Reform.
type HolidayYear struct {
	Year int       `json:"year"`
	Ref  string    `json:"ref"`
	Note string    `json:"note,omitempty"`
	Days []Holiday `json:"days"`
	line int
	file string
}

// Kecamatan is a district of Kota Bekasi.
type Kecamatan struct {
	Code string `json:"code"` // six digits, such as 327501
	Name string `json:"name"`
}

// Regions holds the administrative codes of the city.
type Regions struct {
	Province     string      `json:"province"`      // 32
	ProvinceName string      `json:"province_name"` // Jawa Barat
	City         string      `json:"city"`          // 75
	CityName     string      `json:"city_name"`     // Kota Bekasi
	Kecamatan    []Kecamatan `json:"kecamatan"`
	Ref          string      `json:"ref"`
	line         int
	file         string
}

// KecamatanByCode returns the kecamatan with the six-digit code.
func (r *Regions) KecamatanByCode(code string) (Kecamatan, bool) {
	for _, k := range r.Kecamatan {
		if k.Code == code {
			return k, true
		}
	}
	return Kecamatan{}, false
}

// Code is one entry of a code list: an ICD-10 code (or prefix) and its
// name.
type Code struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// CodeList is a named, dated and cited list of codes, such as the
// diagnoses a puskesmas is expected to treat itself.
type CodeList struct {
	Name        string         `json:"name"`
	Description string         `json:"description,omitempty"`
	From        Date           `json:"from"`
	Until       Date           `json:"until,omitzero"`
	Ref         string         `json:"ref"`
	Note        string         `json:"note,omitempty"`
	Codes       []Code         `json:"codes"`
	index       map[string]int // normalised code -> position in Codes
	line        int
	file        string
}

// InForceOn reports whether the list applies on d.
func (l *CodeList) InForceOn(d Date) bool {
	return !d.Before(l.From) && (l.Until.IsZero() || !d.After(l.Until))
}

// Match returns the entry whose code is code or a prefix of it at a code
// boundary (J45 matches J45.9; A0 does not match A09 unless listed as A0).
func (l *CodeList) Match(code string) (Code, bool) {
	if l.index == nil { // a list built by hand, not loaded
		for _, c := range l.Codes {
			if MatchCode(c.Code, code) {
				return c, true
			}
		}
		return Code{}, false
	}
	var buf [24]byte
	n := 0
	for i := 0; i < len(code) && n < len(buf); i++ {
		ch := code[i]
		switch {
		case ch == ' ' || ch == '\t':
			continue
		case ch >= 'a' && ch <= 'z':
			ch -= 'a' - 'A'
		}
		buf[n] = ch
		n++
	}
	for k := n; k > 0; k-- { // the longest listed prefix wins
		if i, ok := l.index[string(buf[:k])]; ok {
			return l.Codes[i], true
		}
	}
	return Code{}, false
}

func (l *CodeList) buildIndex() {
	l.index = make(map[string]int, len(l.Codes))
	for i, c := range l.Codes {
		l.index[normCode(c.Code)] = i
	}
}

// MatchCode reports whether the ICD code pattern matches code: equal, or
// a prefix of it (F1 matches F10-F19, Z41.1 matches Z41.1, 99.3 matches
// 99.31). Case and surrounding spaces are ignored.
func MatchCode(pattern, code string) bool {
	p, c := normCode(pattern), normCode(code)
	return p != "" && len(c) >= len(p) && c[:len(p)] == p
}

func normCode(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch == ' ' || ch == '\t':
			continue
		case ch >= 'a' && ch <= 'z':
			ch -= 'a' - 'A'
		}
		b = append(b, ch)
	}
	return string(b)
}

// TariffRow is one amount of an INA-CBG tariff table: for a case-mix group
// (K-1-17-I) or a special CMG top-up (YY01), a hospital tariff code (AP,
// CS, RSCM), a regional (1-5), a treatment class (1-3; 0 for outpatients
// and top-ups) and a care type.
type TariffRow struct {
	Code       string `json:"code"`
	TariffCode string `json:"tariff_code"`
	Regional   int    `json:"regional"`
	Class      int    `json:"class,omitempty"`
	Care       string `json:"care,omitempty"` // inpatient, outpatient; empty for a top-up
	Amount     int64  `json:"amount"`         // whole rupiah
}

// TariffTable is a dated, cited INA-CBG tariff table held in the rulebook.
// A Sample table is not the scheme's real tariff: it exists to show the
// shape and to test with, and says so.
type TariffTable struct {
	Name   string      `json:"name"`
	From   Date        `json:"from"`
	Until  Date        `json:"until,omitzero"`
	Ref    string      `json:"ref"`
	Note   string      `json:"note,omitempty"`
	Sample bool        `json:"sample"`
	Rows   []TariffRow `json:"rows"`
	line   int
	file   string
}

// InForceOn reports whether the table applies on d.
func (t *TariffTable) InForceOn(d Date) bool {
	return !d.Before(t.From) && (t.Until.IsZero() || !d.After(t.Until))
}
