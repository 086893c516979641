package rules

// Text is a message in Bahasa Indonesia with its English rendering.
type Text struct {
	ID string `json:"id"`
	EN string `json:"en"`
}

// InstrumentLevel is what kind of source an entry of the sources table
// is. The scheme's own instruments rank, highest first, perda, perwal,
// kepwal, keputusan, surat_edaran, announcement: a higher one governs a
// lower one where both are in force. National instruments (a Permenkes, an
// SKB, a Keppres) are in force on their dates but never govern the scheme.
// The non-legal sources (a thesis, a news article, a blog post, the
// project's own conventions, an office's record) are never in force: they are cited from the
// date they were published, or from the date a part of them reports on.
type InstrumentLevel string

// Instrument levels: the scheme's, highest first, then the national ones,
// then the non-legal sources.
const (
	LevelPerda        InstrumentLevel = "perda"        // Peraturan Daerah (by-law)
	LevelPerwal       InstrumentLevel = "perwal"       // Peraturan Wali Kota
	LevelKepwal       InstrumentLevel = "kepwal"       // Keputusan Wali Kota
	LevelKeputusan    InstrumentLevel = "keputusan"    // Keputusan Kepala Dinas
	LevelSuratEdaran  InstrumentLevel = "surat_edaran" // circular letter
	LevelAnnouncement InstrumentLevel = "announcement" // public announcement

	LevelLaw          InstrumentLevel = "undang_undang"     // Undang-Undang (a national statute)
	LevelMinisterial  InstrumentLevel = "peraturan_menteri" // Permenkes, Permendagri
	LevelJointDecree  InstrumentLevel = "keputusan_bersama" // SKB of several ministers
	LevelPresidential InstrumentLevel = "keppres"           // Keputusan Presiden

	LevelThesis     InstrumentLevel = "thesis"     // a thesis (skripsi) and its appendices
	LevelNews       InstrumentLevel = "news"       // a news article
	LevelBlog       InstrumentLevel = "blog"       // a blog post
	LevelConvention InstrumentLevel = "convention" // the project's own convention, where no text rules
	LevelRecord     InstrumentLevel = "record"     // an office's own record: a contract register, a Dinkes list
	LevelReference  InstrumentLevel = "reference"  // an encyclopedia or gazetteer entry: public geography
)

var levelRank = map[InstrumentLevel]int{
	LevelPerda: 6, LevelPerwal: 5, LevelKepwal: 4, LevelKeputusan: 3,
	LevelSuratEdaran: 2, LevelAnnouncement: 1,
}

func instrumentLevels() []string {
	return []string{string(LevelPerda), string(LevelPerwal), string(LevelKepwal),
		string(LevelKeputusan), string(LevelSuratEdaran), string(LevelAnnouncement),
		string(LevelLaw), string(LevelMinisterial), string(LevelJointDecree), string(LevelPresidential),
		string(LevelThesis), string(LevelNews), string(LevelBlog), string(LevelConvention), string(LevelRecord), string(LevelReference)}
}

// Legal reports whether the level is that of a legal instrument, which is
// in force between dates, rather than of a non-legal source.
func (l InstrumentLevel) Legal() bool {
	switch l {
	case LevelThesis, LevelNews, LevelBlog, LevelConvention, LevelRecord, LevelReference:
		return false
	}
	return true
}

// Instrument is one entry of the rulebook's sources table: a legal
// instrument with the dates it is in force, or a non-legal source (a
// thesis, an article, a blog post) with its bibliographic data. Every ref
// of the rulebook names its sources by their ID ("Perda 9/2018 Ps.16(4)"
// cites the entry with ID "Perda 9/2018").
type Instrument struct {
	// ID is the citation id, such as "Perda 9/2018", "Jannah 2019" or
	// "Dakta 2018-06-08": a ref is this id, a space and a pinpoint.
	ID string `json:"id"`
	// Short is the citation prefix: the ID.
	Short string          `json:"short"`
	Title string          `json:"title"`
	Level InstrumentLevel `json:"level"`
	// Number is the instrument's number as it is written (9 Tahun 2018,
	// 440/Kep.21-Dinkes/IV/2017).
	Number string `json:"number,omitempty"`
	// Enacted is the date it was signed (ditetapkan), where known.
	Enacted Date `json:"enacted,omitzero"`
	// InForce is the first day a legal instrument is in force; zero for a
	// non-legal source.
	InForce    Date   `json:"in_force,omitzero"`
	Repealed   Date   `json:"repealed,omitzero"`     // first day no longer in force
	RepealedBy string `json:"repealed_by,omitempty"` // instrument id
	// Published is the date a non-legal source appeared (for an undated
	// one, the earliest its text allows, as its Note says).
	Published Date `json:"published,omitzero"`
	// Author, Publisher and URL are a non-legal source's bibliographic
	// data (the reporter, the site or university).
	Author    string `json:"author,omitempty"`
	Publisher string `json:"publisher,omitempty"`
	URL       string `json:"url,omitempty"`
	// Parts date the parts of a source that carry their own date, such as
	// an interview of a thesis's appendix B (given on 13 March 2019) or an
	// appendix that tabulates an earlier year. A citation whose pinpoint
	// starts with a part's Pinpoint is dated by the part: it holds from
	// ReportsFrom if the part reports on a period before it was given,
	// else from Date.
	Parts []struct {
		Pinpoint    string `json:"pinpoint"`
		Date        Date   `json:"date,omitzero"`
		ReportsFrom Date   `json:"reports_from,omitzero"`
		Note        string `json:"note,omitempty"`
	} `json:"parts,omitempty"`
	// NotGoverning marks a legal instrument in force that rules one matter
	// beside the scheme (a payment procedure, the verifiers, private
	// health services) and so never governs it, whatever its level
	// (governs: false in the sources table).
	NotGoverning bool `json:"not_governing,omitempty"`
	// Ref says where the table's data on this entry comes from: the
	// instrument itself or a text that names it (possibly a later one).
	Ref  string `json:"ref"`
	Note string `json:"note,omitempty"`
	line int
	file string
}

// InForceOn reports whether a legal instrument is in force on d. A
// non-legal source is never in force.
func (in Instrument) InForceOn(d Date) bool {
	if !in.Level.Legal() || in.InForce.IsZero() {
		return false
	}
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

// DatedClass is a hospital's class (type A, B, C or D) as a source gives
// it from a date: the class a registry copy of that date lists.
type DatedClass struct {
	From  Date   `json:"from"`
	Value string `json:"value"`
	Ref   string `json:"ref"`
}

// ClassOn returns the hospital's class on d: the latest dated class from
// on or before d. Where d is before every dated class, the class in force
// then is not known: it returns the earliest class known, with later true,
// so that a decision can say the class is read from a later source. An
// undated class (HospitalType alone) is returned as it is, later false.
func (f *Facility) ClassOn(d Date) (class string, later bool) {
	if len(f.Classes) == 0 {
		return f.HospitalType, false
	}
	if d.Before(f.Classes[0].From) {
		return f.Classes[0].Value, true
	}
	class = f.Classes[0].Value
	for _, c := range f.Classes[1:] {
		if d.Before(c.From) {
			break
		}
		class = c.Value
	}
	return class, false
}

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
	// Where the class is dated (Classes), it is the earliest class known.
	HospitalType string `json:"hospital_type,omitempty"`
	// Classes are the hospital's classes by the date a source gives them
	// (a copy of the Ministry's registry), oldest first; empty when the
	// class is undated (HospitalType holds for every date). ClassOn reads
	// the class in force on a date. Not in the facility's JSON: a listing
	// of the rules in force on a date cites no source that appeared later
	// (the rulebook's revision hashes them).
	Classes  []DatedClass `json:"-"`
	Location Location     `json:"location"`
	// Kecamatan is the six-digit kecamatan code for a facility in the city,
	// where known.
	Kecamatan string `json:"kecamatan,omitempty"`
	// Region names the kabupaten or kota where the facility is (Kota
	// Bekasi, Jakarta Timur, Kabupaten Bekasi), where known. The loader
	// checks Location against it and the regions' bordering list.
	Region string `json:"region,omitempty"`
	// TariffCode is the hospital's own E-Klaim tariff code where it has
	// one (RSCM, RSJP, RSAB); otherwise its INA-CBG tariff follows its type
	// and ownership (CS: a private type C hospital).
	TariffCode string `json:"tariff_code,omitempty"`
	// KodeRS is the Ministry of Health's hospital code (kode RS, seven
	// digits, as its hospital registry SIRS lists it), where a source
	// gives it; SATUSEHAT and E-Klaim name a hospital by it. Look a
	// facility up by it with Rulebook.FacilityByKodeRS.
	KodeRS string `json:"kode_rs,omitempty"`
	// CityHospital marks the RSUD, which Perwal 27.A/2017 Ps.7(1)b exempts
	// from the insidental discount.
	CityHospital bool `json:"city_hospital,omitempty"`
	// Bordering marks a hospital that a source places on the city's
	// border itself: the narrower reading of "RS yang berbatasan langsung
	// dengan Kota Bekasi" (Perwal 27.A/2017 Ps.7(1)c), chosen by the
	// parameter tariff.insidental.bordering_reading (on_border). On the
	// default reading (region), a hospital in a bordering region is
	// bordering, whatever this flag says.
	Bordering bool `json:"bordering,omitempty"`
	// ProfileRef cites where the hospital type and ownership were read
	// (the national hospital registry or the hospital's own page) and the
	// date it was seen; empty where no source was found and both stay
	// unknown or are read from the name as Note says.
	ProfileRef string        `json:"profile_ref,omitempty"`
	Aliases    []string      `json:"aliases,omitempty"`
	Partner    []Partnership `json:"partner"`
	Ref        string        `json:"ref"`
	Note       string        `json:"note,omitempty"`
	line       int
	file       string
}

// validKodeRS reports whether s is a kode RS: seven digits.
func validKodeRS(s string) bool {
	if len(s) != 7 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
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

// OpenPoint is an instrument a text delegates to but the sources do not
// hold (Perda 9/2018 Ps.9(2): "diatur dengan Peraturan Wali Kota"): what it
// would rule is open, and a host that has the instrument overlays it.
type OpenPoint struct {
	// Ref is the delegating article, such as "Perda 9/2018 Ps.9(2)".
	Ref string `json:"ref"`
	// DelegatesTo is the instrument the article names (Peraturan Wali Kota).
	DelegatesTo string `json:"delegates_to"`
	Subject     Text   `json:"subject"`
	Note        string `json:"note,omitempty"`
	line        int
	file        string
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
	UnlessMedicalIndication bool `json:"unless_medical_indication,omitempty"`
	// Elderly lists what the exclusion covers only for an elderly patient
	// (hearing aids "pada lansia"); nil when nothing is age-limited.
	Elderly *AgeLimited `json:"elderly,omitempty"`
	From    Date        `json:"from"`
	Until   Date        `json:"until,omitzero"`
	// Ref cites the exclusion as from From; Refs give the citation from
	// later dates, where a later instrument restates it (the Juknis, the
	// Perda). RefOn picks the one for a date.
	Ref  string     `json:"ref"`
	Refs []DatedRef `json:"refs,omitempty"`
	Note string     `json:"note,omitempty"`
	line int
	file string
}

// DatedRef is a citation that holds from a date on.
type DatedRef struct {
	From Date   `json:"from"`
	Ref  string `json:"ref"`
	line int
}

// RefOn returns the exclusion's citation on d: the latest of Refs in
// force by d, else Ref.
func (x *Exclusion) RefOn(d Date) string {
	for i := len(x.Refs) - 1; i >= 0; i-- {
		if !d.Before(x.Refs[i].From) {
			return x.Refs[i].Ref
		}
	}
	return x.Ref
}

// AgeLimited is the part of an exclusion that applies only from an age:
// its categories and codes, the age in whole years, and the article that
// sets the age.
type AgeLimited struct {
	Categories []string `json:"categories,omitempty"`
	ICD10      []string `json:"icd10,omitempty"`
	ICD9CM     []string `json:"icd9cm,omitempty"`
	MinAge     int      `json:"min_age"`
	Ref        string   `json:"ref"`
}

// ExclusionFacts are what an exclusion is matched against: the service
// categories and codes of a stay or of one bill line, whether a medical
// indication is stated, and the patient's age in whole years (Age < 0:
// not known; the age-limited part then does not apply).
type ExclusionFacts struct {
	Categories        []string
	ICD10             []string
	ICD9CM            []string
	MedicalIndication bool
	Age               int
}

// Matches reports whether the exclusion covers the facts.
func (x *Exclusion) Matches(f *ExclusionFacts) bool {
	if anyEqual(f.Categories, x.Categories) {
		return true
	}
	if x.UnlessMedicalIndication && f.MedicalIndication {
		return false
	}
	if anyMatch(f.ICD10, x.ICD10) || anyMatch(f.ICD9CM, x.ICD9CM) {
		return true
	}
	if e := x.Elderly; e != nil && f.Age >= 0 && f.Age >= e.MinAge {
		return anyEqual(f.Categories, e.Categories) || anyMatch(f.ICD10, e.ICD10) || anyMatch(f.ICD9CM, e.ICD9CM)
	}
	return false
}

func anyEqual(have, want []string) bool {
	for _, c := range have {
		for _, w := range want {
			if c == w {
				return true
			}
		}
	}
	return false
}

func anyMatch(codes, patterns []string) bool {
	for _, c := range codes {
		for _, p := range patterns {
			if matchCode(p, c) {
				return true
			}
		}
	}
	return false
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
	// Bordering names the regions (kabupaten, kota) that border the city,
	// as a facility's region names them; BorderingRef cites the source.
	// A facility whose region is one of them is located "bordering".
	Bordering    []string `json:"bordering,omitempty"`
	BorderingRef string   `json:"bordering_ref,omitempty"`
	line         int
	file         string
}

// LocationOf classes a region: the city itself, a region that borders it
// (Bordering), or outside; ok is false when the regions list no bordering
// regions, so that a region cannot be classed.
func (r *Regions) LocationOf(region string) (loc Location, ok bool) {
	if len(r.Bordering) == 0 {
		return "", false
	}
	if region == r.CityName {
		return LocationCity, true
	}
	for _, b := range r.Bordering {
		if b == region {
			return LocationBordering, true
		}
	}
	return LocationOutside, true
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
	maxLen      int            // the longest key of index
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
			if matchCode(c.Code, code) {
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
	for k := min(n, l.maxLen); k > 0; k-- { // the longest listed prefix wins
		if i, ok := l.index[string(buf[:k])]; ok {
			return l.Codes[i], true
		}
	}
	return Code{}, false
}

func (l *CodeList) buildIndex() {
	l.index = make(map[string]int, len(l.Codes))
	for i, c := range l.Codes {
		k := normCode(c.Code)
		l.index[k] = i
		l.maxLen = max(l.maxLen, len(k))
	}
}

// matchCode reports whether the ICD code pattern matches code: equal, or
// a prefix of it (F1 matches F10-F19, Z41.1 matches Z41.1, 99.3 matches
// 99.31). Case and surrounding spaces are ignored.
func matchCode(pattern, code string) bool {
	i, j := 0, 0
	matched := 0
	for {
		for i < len(pattern) && (pattern[i] == ' ' || pattern[i] == '\t') {
			i++
		}
		if i == len(pattern) {
			return matched > 0
		}
		for j < len(code) && (code[j] == ' ' || code[j] == '\t') {
			j++
		}
		if j == len(code) || upperByte(pattern[i]) != upperByte(code[j]) {
			return false
		}
		i, j, matched = i+1, j+1, matched+1
	}
}

func upperByte(ch byte) byte {
	if ch >= 'a' && ch <= 'z' {
		return ch - ('a' - 'A')
	}
	return ch
}

func normCode(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if ch := s[i]; ch != ' ' && ch != '\t' {
			b = append(b, upperByte(ch))
		}
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
