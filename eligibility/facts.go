package eligibility

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"

	"github.com/kartusehat/kartusehat/internal/fault"
	"github.com/kartusehat/kartusehat/internal/jsonx"
	"github.com/kartusehat/kartusehat/rules"
)

// Facts are what a host knows about a person when it asks whether they are
// a participant: from the population registry (Dukcapil), JKN, and the
// documents shown at the desk. Every field has a JSON name; hosts in other
// languages send Facts as JSON.
type Facts struct {
	Person    Person    `json:"person"`
	JKN       JKN       `json:"jkn"`
	Documents Documents `json:"documents"`
	// Parent holds the facts of the participant parent, for a newborn
	// (Perda 9/2018 Ps.7(2)). A parent's own Parent must be empty.
	Parent *Facts `json:"parent,omitempty"`
}

// Person is the registry's view of the person.
type Person struct {
	// NIK may be empty only for a newborn not yet registered.
	NIK NIK `json:"nik"`
	// KK is the 16-digit family card number; it may be empty only for a
	// newborn not yet on a KK.
	KK string `json:"kk,omitempty"`
	// KKCity is the four-digit regency or city code of the KK's domicile
	// (3275 for Kota Bekasi). Residence comes from here and the registry,
	// not from the NIK's prefix.
	KKCity   string   `json:"kk_city,omitempty"`
	Registry Registry `json:"registry"`
	// DinsosPoorList: the family is on Dinsos's list of poor families
	// (the basis under Perwal 115/2016).
	DinsosPoorList bool `json:"dinsos_poor_list,omitempty"`
	// Institution is the person's institutional category, if any:
	// prison_inmate, neglected_person, social_home_resident or detainee
	// (Perda 9/2018 Ps.7(3)).
	Institution string `json:"institution,omitempty"`
}

// RegistryStatus is the person's state in the city's NIK population
// database.
type RegistryStatus string

// The registry statuses.
const (
	Living        RegistryStatus = "living"
	Died          RegistryStatus = "died"
	MovedOut      RegistryStatus = "moved_out"      // moved outside Kota Bekasi
	NotRegistered RegistryStatus = "not_registered" // not in the city's database
	// NoLongerValid: removed because the person no longer meets the
	// conditions of participation ("tidak lagi memenuhi keabsahan
	// peserta", Perda 9/2018 Ps.10(2)c), from the registry date.
	NoLongerValid RegistryStatus = "no_longer_valid"
)

// Registry is the person's registry status and the date it took effect
// (of death, or of the move).
type Registry struct {
	Status RegistryStatus `json:"status"`
	Date   rules.Date     `json:"date,omitzero"`
}

// JKNStatus is the person's membership of the national scheme.
type JKNStatus string

// The JKN statuses.
const (
	JKNNone           JKNStatus = "none"
	JKNPBI            JKNStatus = "pbi"              // contributions paid by a government
	JKNNonPBIActive   JKNStatus = "non_pbi_active"   // paying or wage-earning member, active
	JKNNonPBIInactive JKNStatus = "non_pbi_inactive" // member in arrears, inactive
)

// JKN is the person's JKN (BPJS Kesehatan) membership.
type JKN struct {
	Status JKNStatus `json:"status,omitempty"` // empty means none
	// PBIPayer is who pays a PBI member's contributions: central,
	// provincial or city.
	PBIPayer string `json:"pbi_payer,omitempty"`
}

// Documents are what was shown at the desk.
type Documents struct {
	Card         *Card         `json:"card,omitempty"`
	EKTP         *EKTP         `json:"ektp,omitempty"`
	DinsosLetter *DinsosLetter `json:"dinsos_letter,omitempty"`
	Birth        *BirthProof   `json:"birth,omitempty"`
}

// Card is the KS-NIK card shown: one per family, with the NIKs of the
// family printed on its back.
type Card struct {
	NIKs []NIK `json:"niks"`
	// KK is the family card number the card was issued for, if known.
	KK string `json:"kk,omitempty"`
	// ValidThrough is the end date printed on the card.
	ValidThrough rules.Date `json:"valid_through"`
	// Activated: the card was activated at Dinkes (required until
	// 2018-01-30).
	Activated bool `json:"activated,omitempty"`
}

// EKTP is the electronic identity card shown.
type EKTP struct {
	NIK NIK `json:"nik"`
	// Recorded: the e-KTP recording (perekaman) was done; only a recorded
	// e-KTP counts.
	Recorded bool `json:"recorded"`
}

// DinsosLetter is a recommendation letter (Surat Rekomendasi Jaminan) of
// the social affairs office.
type DinsosLetter struct {
	// Category is poor (a resident without a card, Perwal 27.A/2017
	// Ps.1(15)) or an institutional category (prison_inmate,
	// neglected_person, social_home_resident, detainee).
	Category string     `json:"category"`
	Date     rules.Date `json:"date"`
	Number   string     `json:"number,omitempty"`
}

// BirthProof is a birth certificate or birth letter for a newborn.
type BirthProof struct {
	Kind      string     `json:"kind"` // birth_certificate or birth_letter
	ParentNIK NIK        `json:"parent_nik"`
	Date      rules.Date `json:"date"` // of birth
}

// ErrFacts is wrapped by every *rules.FieldError of this package.
var ErrFacts = errors.New("eligibility: invalid facts")

// fieldErr is a *rules.FieldError of this package at ptr: id and en are
// the Indonesian and English formats of its message, with the same args.
func fieldErr(code rules.ErrorCode, ptr, id, en string, args ...any) *rules.FieldError {
	if len(args) > 0 {
		id, en = fmt.Sprintf(id, args...), fmt.Sprintf(en, args...)
	}
	fe := fault.New(code, ptr, id, en)
	fe.Kind = ErrFacts
	return fe
}

// causeErr is fieldErr with the error that caused it, its text the
// English message.
func causeErr(code rules.ErrorCode, ptr, id string, err error) *rules.FieldError {
	fe := fieldErr(code, ptr, id, strings.TrimPrefix(err.Error(), "eligibility: "))
	fe.Err = err
	return fe
}

func isDigits[T string | []byte](s T, n int) bool {
	if len(s) != n {
		return false
	}
	i := 0
	for ; i+8 <= len(s); i += 8 {
		// Eight bytes at once: each is a digit when its high nibble is 3
		// and adding 6 to its low nibble does not carry into it.
		t := s[i : i+8] // one bounds check for the eight
		x := uint64(t[0]) | uint64(t[1])<<8 | uint64(t[2])<<16 | uint64(t[3])<<24 |
			uint64(t[4])<<32 | uint64(t[5])<<40 | uint64(t[6])<<48 | uint64(t[7])<<56
		const hi, six, three = 0xf0f0f0f0f0f0f0f0, 0x0606060606060606, 0x3030303030303030
		if x&hi != three || (x+six)&hi != three {
			return false
		}
	}
	if len(s)-i == 4 {
		// Four bytes at once, as above (a city code).
		t := s[i : i+4]
		x := uint32(t[0]) | uint32(t[1])<<8 | uint32(t[2])<<16 | uint32(t[3])<<24
		const hi, six, three = 0xf0f0f0f0, 0x06060606, 0x30303030
		return x&hi == three && (x+six)&hi == three
	}
	for ; i < len(s); i++ {
		if s[i]-'0' > 9 { // bytes wrap: one comparison tests both bounds
			return false
		}
	}
	return true
}

// digits16 is isDigits(s, 16), small enough to be inlined: a KK number.
func digits16(s string) bool {
	if len(s) != 16 {
		return false
	}
	x := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
	y := uint64(s[8]) | uint64(s[9])<<8 | uint64(s[10])<<16 | uint64(s[11])<<24 |
		uint64(s[12])<<32 | uint64(s[13])<<40 | uint64(s[14])<<48 | uint64(s[15])<<56
	const hi, six, three = 0xf0f0f0f0f0f0f0f0, 0x0606060606060606, 0x3030303030303030
	return x&hi == three && (x+six)&hi == three && y&hi == three && (y+six)&hi == three
}

// digits4 is isDigits(s, 4), small enough to be inlined: a city code.
func digits4(s string) bool {
	if len(s) != 4 {
		return false
	}
	x := uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
	const hi, six, three = 0xf0f0f0f0, 0x06060606, 0x30303030
	return x&hi == three && (x+six)&hi == three
}

func oneOf(s string, options ...string) bool {
	for _, o := range options {
		if s == o {
			return true
		}
	}
	return false
}

var institutionCategories = []string{"prison_inmate", "neglected_person", "social_home_resident", "detainee"}

// Validate checks the facts on their own and against the date of service:
// required fields, formats, and facts that contradict each other. It
// reports every problem (up to rules.MaxFieldErrors): a *rules.FieldError
// when there is one, a *rules.FieldErrors when there are several, each
// with its JSON Pointer (/person/kk) and code.
func (f *Facts) Validate(on rules.Date) error {
	var errs rules.FieldErrors
	f.validate(&errs, on, "", true)
	return errs.Err()
}

// valid reports, without building an error, that the facts of the
// commonest shapes pass Validate: a person with a NIK and a KK, a card or
// an e-KTP or neither, no letter, birth proof, parent, institution or PBI
// membership. False means only "ask Validate", which finds the problem or
// finds none. It is the hot path of CheckInto: a small function, where
// Validate's frame is large.
func (f *Facts) valid() bool {
	p, d := &f.Person, &f.Documents
	if f.Parent != nil || d.Birth != nil || d.DinsosLetter != nil || p.Institution != "" ||
		p.NIK.d[0] == 0 || !digits16(p.KK) || !digits4(p.KKCity) {
		return false
	}
	switch p.Registry.Status {
	case Living, NotRegistered:
		if !p.Registry.Date.IsZero() {
			return false
		}
	case Died, MovedOut, NoLongerValid:
		if p.Registry.Date.IsZero() {
			return false
		}
	default:
		return false
	}
	switch f.JKN.Status {
	case "", JKNNone, JKNNonPBIActive, JKNNonPBIInactive:
		if f.JKN.PBIPayer != "" {
			return false
		}
	default:
		return false
	}
	if c := d.Card; c != nil {
		if len(c.NIKs) == 0 || c.ValidThrough.IsZero() {
			return false
		}
		for i := range c.NIKs {
			if c.NIKs[i].d[0] == 0 {
				return false
			}
		}
		if c.KK != "" && c.KK != p.KK && !digits16(c.KK) {
			return false
		}
	}
	if e := d.EKTP; e != nil && e.NIK.d[0] == 0 {
		return false
	}
	return true
}

func (f *Facts) validate(errs *rules.FieldErrors, on rules.Date, prefix string, allowParent bool) {
	const (
		missing      = rules.CodeMissing
		bad          = rules.CodeBadValue
		inconsistent = rules.CodeInconsistent
	)
	add := func(code rules.ErrorCode, ptr, id, en string, args ...any) {
		errs.Add(fieldErr(code, prefix+ptr, id, en, args...))
	}
	p := &f.Person
	newborn := f.Documents.Birth != nil
	if p.NIK.IsZero() && !newborn {
		add(missing, "/person/nik", "wajib diisi (hanya bayi baru lahir dengan bukti kelahiran boleh tanpa NIK)", "required (only a newborn with a birth proof may come without a NIK)")
	}
	if p.KK == "" && !newborn {
		add(missing, "/person/kk", "wajib diisi: nomor kartu keluarga (KK)", "required: the family card (KK) number")
	}
	if p.KK != "" && !isDigits(p.KK, 16) {
		add(bad, "/person/kk", "nomor KK terdiri dari 16 angka", "a KK number has 16 digits")
	}
	if p.KK != "" && p.KKCity == "" {
		add(missing, "/person/kk_city", "wajib diisi bersama kk: kode kabupaten atau kota domisili KK, misalnya 3275", "required with kk: the regency or city code of the KK's domicile, such as 3275")
	}
	if p.KKCity != "" && !isDigits(p.KKCity, 4) {
		add(bad, "/person/kk_city", "kode kabupaten atau kota terdiri dari 4 angka, misalnya 3275", "a regency or city code has 4 digits, such as 3275")
	}
	switch p.Registry.Status {
	case Living, NotRegistered:
		if !p.Registry.Date.IsZero() {
			add(inconsistent, "/person/registry/date", "tanggal meninggal atau pindah diisi, tetapi statusnya %s", "a date of death or move is given, but the status is %s", p.Registry.Status)
		}
	case Died, MovedOut, NoLongerValid:
		if p.Registry.Date.IsZero() {
			add(missing, "/person/registry/date", "wajib diisi untuk status %s", "required for status %s", p.Registry.Status)
		}
	case "":
		if !newborn {
			add(missing, "/person/registry/status", "wajib diisi: living, died, moved_out atau not_registered", "required: living, died, moved_out or not_registered")
		}
	default:
		add(bad, "/person/registry/status", "%q bukan living, died, moved_out, no_longer_valid atau not_registered", "%q is not living, died, moved_out, no_longer_valid or not_registered", p.Registry.Status)
	}
	if p.Institution != "" && !oneOf(p.Institution, institutionCategories...) {
		add(bad, "/person/institution", "%q bukan salah satu dari %s", "%q is not one of %s", p.Institution, strings.Join(institutionCategories, ", "))
	}
	switch f.JKN.Status {
	case "", JKNNone, JKNNonPBIActive, JKNNonPBIInactive:
		if f.JKN.PBIPayer != "" {
			add(inconsistent, "/jkn/pbi_payer", "diisi, tetapi status JKN bukan pbi", "given, but the JKN status is not pbi")
		}
	case JKNPBI:
		if !oneOf(f.JKN.PBIPayer, "central", "provincial", "city") {
			add(missing, "/jkn/pbi_payer", "wajib diisi untuk peserta PBI: central, provincial atau city", "required for a PBI member: central, provincial or city")
		}
	default:
		add(bad, "/jkn/status", "%q bukan none, pbi, non_pbi_active atau non_pbi_inactive", "%q is not none, pbi, non_pbi_active or non_pbi_inactive", f.JKN.Status)
	}
	d := &f.Documents
	if c := d.Card; c != nil {
		if len(c.NIKs) == 0 {
			add(missing, "/documents/card/niks", "kartu memuat sedikitnya satu NIK", "a card lists at least one NIK")
		}
		for i := range c.NIKs {
			if c.NIKs[i].IsZero() {
				add(missing, "/documents/card/niks/"+strconv.Itoa(i), "NIK kosong", "empty NIK")
			}
		}
		if c.ValidThrough.IsZero() {
			add(missing, "/documents/card/valid_through", "wajib diisi: tanggal akhir yang tercetak pada kartu", "required: the end date printed on the card")
		}
		if c.KK != "" && c.KK != p.KK && !isDigits(c.KK, 16) { // the person's KK is checked above
			add(bad, "/documents/card/kk", "nomor KK terdiri dari 16 angka", "a KK number has 16 digits")
		}
	}
	if e := d.EKTP; e != nil && e.NIK.IsZero() {
		add(missing, "/documents/ektp/nik", "", "")
	}
	if l := d.DinsosLetter; l != nil {
		if !oneOf(l.Category, append([]string{"poor"}, institutionCategories...)...) {
			add(bad, "/documents/dinsos_letter/category", "%q bukan poor, %s", "%q is not poor, %s", l.Category, strings.Join(institutionCategories, ", "))
		}
		if l.Date.IsZero() {
			add(missing, "/documents/dinsos_letter/date", "", "")
		}
		if l.Date.After(on) {
			add(inconsistent, "/documents/dinsos_letter/date", "%s sesudah tanggal pelayanan %s", "%s is after the date of service %s", l.Date, on)
		}
	}
	if b := d.Birth; b != nil {
		if !oneOf(b.Kind, "birth_certificate", "birth_letter") {
			add(bad, "/documents/birth/kind", "%q bukan birth_certificate atau birth_letter", "%q is not birth_certificate or birth_letter", b.Kind)
		}
		if b.ParentNIK.IsZero() {
			add(missing, "/documents/birth/parent_nik", "wajib diisi: NIK orang tua yang menjadi peserta", "required: the participant parent's NIK")
		}
		if b.Date.IsZero() {
			add(missing, "/documents/birth/date", "", "")
		}
		if b.Date.After(on) {
			add(inconsistent, "/documents/birth/date", "kelahiran pada %s sesudah tanggal pelayanan %s", "birth on %s is after the date of service %s", b.Date, on)
		}
	}
	if f.Parent != nil {
		if !allowParent {
			add(bad, "/parent", "data orang tua tidak boleh memuat orang tua lagi", "a parent's facts cannot hold another parent")
			return
		}
		f.Parent.validate(errs, on, prefix+"/parent", false)
	}
}

// DecodeFacts reads one Facts object from JSON, strictly: an unknown field
// (often a typo, or a key that matches a field only ignoring case), a key
// given twice in one object, a malformed NIK or date, or trailing data is
// an error naming the field.
func DecodeFacts(r io.Reader) (*Facts, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxFactsBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > maxFactsBytes {
		return nil, fieldErr(rules.CodeTooLarge, "", "data lebih dari %d byte", "facts larger than %d bytes", maxFactsBytes)
	}
	return UnmarshalFacts(data)
}

const maxFactsBytes = 1 << 20

// UnmarshalFacts is DecodeFacts on a byte slice.
func UnmarshalFacts(data []byte) (*Facts, error) {
	var f Facts
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, jsonFieldError(data, err)
	}
	if dec.More() {
		return nil, fieldErr(rules.CodeBadJSON, "", "lebih dari satu nilai JSON; gunakan mode batch untuk JSON Lines", "more than one JSON value; use the batch mode for JSON Lines")
	}
	if err := keysError(data, factsType); err != nil {
		return nil, err
	}
	return &f, nil
}

var (
	factsType  = reflect.TypeFor[Facts]()
	recordType = reflect.TypeFor[Record]() // a JSON Lines extract's row
)

// keysError is jsonx.CheckKeys on data, decoded into a value of type
// t, as a *rules.FieldError naming the key (a key given twice, or one
// that matches a field only ignoring case); nil if there is none.
func keysError(data []byte, t reflect.Type) error {
	err := jsonx.CheckKeys(data, t)
	if err == nil {
		return nil
	}
	return problemErr(jsonx.KeyProblem(err.(*jsonx.KeyError)))
}

// problemErr is the *rules.FieldError of a decoder's problem.
func problemErr(p jsonx.Problem) *rules.FieldError {
	fe := fieldErr(rules.ErrorCode(p.Code), p.Pointer, p.ID, p.EN)
	fe.Err = p.Err
	return fe
}

// jsonFieldError turns an encoding/json error into a *rules.FieldError
// that names the field.
func jsonFieldError(data []byte, err error) error {
	p := jsonx.DecodeProblem(data, err)
	var fe *rules.FieldError
	if p.Pointer == "" && errors.As(err, &fe) {
		// A NIK or a date failed its own parsing; json does not say
		// where.
		cp := fe.WithKind(ErrFacts)
		cp.Pointer = locateBadText(data, fe.Error())
		return cp
	}
	if p.Pointer == "" && p.Code == "bad_value" {
		p.Pointer = locateBadText(data, "")
	}
	return problemErr(p)
}

var (
	nikKeys  = map[string]bool{"nik": true, "niks": true, "parent_nik": true}
	dateKeys = map[string]bool{"date": true, "valid_through": true}
)

// locateBadText returns the JSON Pointer of the first NIK or date string
// in the document that does not parse, with the error text want if it is
// not "" (the culprit, where two values are bad), else any.
func locateBadText(data []byte, want string) string {
	bad := func(key, t string) error {
		if nikKeys[key] {
			if _, err := ParseNIK(t); err != nil {
				return err
			}
		}
		if dateKeys[key] {
			if _, err := rules.ParseDate(t); err != nil {
				return err
			}
		}
		return nil
	}
	find := func(want string) string {
		return jsonx.Locate(data, func(key string, v any) bool {
			t, ok := v.(string)
			if !ok || t == "" {
				return false
			}
			err := bad(key, t)
			return err != nil && (want == "" || err.Error() == want)
		})
	}
	if ptr := find(want); ptr != "" || want == "" {
		return ptr
	}
	return find("")
}
