package eligibility

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/kartusehat/kartusehat/internal/jsonx"
	"github.com/kartusehat/kartusehat/internal/mask"
	"io"
	"reflect"
	"sort"
	"strconv"
	"strings"

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

// ErrFacts is wrapped by every FieldError.
var ErrFacts = errors.New("eligibility: invalid facts")

// FieldError reports a fact that is missing, malformed or contradicts
// another. Field is the JSON path (documents.card.valid_through). Messages
// never hold a full NIK.
type FieldError struct {
	Field string
	Msg   string
	Err   error // an underlying error such as a *NIKError, if any
}

// Error implements the error interface.
func (e *FieldError) Error() string {
	return mask.Digits("eligibility: " + e.Field + ": " + e.Msg)
}

// Unwrap returns ErrFacts and the underlying error.
func (e *FieldError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrFacts, e.Err}
	}
	return []error{ErrFacts}
}

func fieldErr(field, format string, args ...any) *FieldError {
	return &FieldError{Field: field, Msg: fmt.Sprintf(format, args...)}
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
// returns the first problem as a *FieldError.
func (f *Facts) Validate(on rules.Date) error {
	return f.validate(on, "", true)
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

func (f *Facts) validate(on rules.Date, prefix string, allowParent bool) error {
	p := &f.Person
	newborn := f.Documents.Birth != nil
	if p.NIK.IsZero() && !newborn {
		return fieldErr(prefix+"person.nik", "required (only a newborn with a birth proof may come without a NIK)")
	}
	if p.KK == "" && !newborn {
		return fieldErr(prefix+"person.kk", "required: the family card (KK) number")
	}
	if p.KK != "" && !isDigits(p.KK, 16) {
		return fieldErr(prefix+"person.kk", "a KK number has 16 digits")
	}
	if p.KK != "" && p.KKCity == "" {
		return fieldErr(prefix+"person.kk_city", "required with kk: the regency or city code of the KK's domicile, such as 3275")
	}
	if p.KKCity != "" && !isDigits(p.KKCity, 4) {
		return fieldErr(prefix+"person.kk_city", "a regency or city code has 4 digits, such as 3275")
	}
	switch p.Registry.Status {
	case Living, NotRegistered:
		if !p.Registry.Date.IsZero() {
			return fieldErr(prefix+"person.registry.date", "a date of death or move is given, but the status is %s", p.Registry.Status)
		}
	case Died, MovedOut, NoLongerValid:
		if p.Registry.Date.IsZero() {
			return fieldErr(prefix+"person.registry.date", "required for status %s", p.Registry.Status)
		}
	case "":
		if !newborn {
			return fieldErr(prefix+"person.registry.status", "required: living, died, moved_out or not_registered")
		}
	default:
		return fieldErr(prefix+"person.registry.status", "%q is not living, died, moved_out, no_longer_valid or not_registered", p.Registry.Status)
	}
	if p.Institution != "" && !oneOf(p.Institution, institutionCategories...) {
		return fieldErr(prefix+"person.institution", "%q is not one of %s", p.Institution, strings.Join(institutionCategories, ", "))
	}
	switch f.JKN.Status {
	case "", JKNNone, JKNNonPBIActive, JKNNonPBIInactive:
		if f.JKN.PBIPayer != "" {
			return fieldErr(prefix+"jkn.pbi_payer", "given, but the JKN status is not pbi")
		}
	case JKNPBI:
		if !oneOf(f.JKN.PBIPayer, "central", "provincial", "city") {
			return fieldErr(prefix+"jkn.pbi_payer", "required for a PBI member: central, provincial or city")
		}
	default:
		return fieldErr(prefix+"jkn.status", "%q is not none, pbi, non_pbi_active or non_pbi_inactive", f.JKN.Status)
	}
	d := &f.Documents
	if c := d.Card; c != nil {
		if len(c.NIKs) == 0 {
			return fieldErr(prefix+"documents.card.niks", "a card lists at least one NIK")
		}
		for i := range c.NIKs {
			if c.NIKs[i].IsZero() {
				return fieldErr(prefix+"documents.card.niks["+strconv.Itoa(i)+"]", "empty NIK")
			}
		}
		if c.ValidThrough.IsZero() {
			return fieldErr(prefix+"documents.card.valid_through", "required: the end date printed on the card")
		}
		if c.KK != "" && c.KK != p.KK && !isDigits(c.KK, 16) { // the person's KK is checked above
			return fieldErr(prefix+"documents.card.kk", "a KK number has 16 digits")
		}
	}
	if e := d.EKTP; e != nil && e.NIK.IsZero() {
		return fieldErr(prefix+"documents.ektp.nik", "required")
	}
	if l := d.DinsosLetter; l != nil {
		if !oneOf(l.Category, append([]string{"poor"}, institutionCategories...)...) {
			return fieldErr(prefix+"documents.dinsos_letter.category", "%q is not poor, %s", l.Category, strings.Join(institutionCategories, ", "))
		}
		if l.Date.IsZero() {
			return fieldErr(prefix+"documents.dinsos_letter.date", "required")
		}
		if l.Date.After(on) {
			return fieldErr(prefix+"documents.dinsos_letter.date", "%s is after the date of service %s", l.Date, on)
		}
	}
	if b := d.Birth; b != nil {
		if !oneOf(b.Kind, "birth_certificate", "birth_letter") {
			return fieldErr(prefix+"documents.birth.kind", "%q is not birth_certificate or birth_letter", b.Kind)
		}
		if b.ParentNIK.IsZero() {
			return fieldErr(prefix+"documents.birth.parent_nik", "required: the participant parent's NIK")
		}
		if b.Date.IsZero() {
			return fieldErr(prefix+"documents.birth.date", "required")
		}
		if b.Date.After(on) {
			return fieldErr(prefix+"documents.birth.date", "birth on %s is after the date of service %s", b.Date, on)
		}
	}
	if f.Parent != nil {
		if !allowParent {
			return fieldErr(prefix+"parent", "a parent's facts cannot hold another parent")
		}
		if err := f.Parent.validate(on, prefix+"parent.", false); err != nil {
			return err
		}
	}
	return nil
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
		return nil, fieldErr("(input)", "facts larger than %d bytes", maxFactsBytes)
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
		return nil, fieldErr("(input)", "more than one JSON value; use the batch mode for JSON Lines")
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
// t, as a *FieldError naming the key (a key given twice, or one that
// matches a field only ignoring case); nil if there is none.
func keysError(data []byte, t reflect.Type) error {
	err := jsonx.CheckKeys(data, t)
	if err == nil {
		return nil
	}
	ke := err.(*jsonx.KeyError)
	return &FieldError{Field: ke.Path, Msg: ke.Message(), Err: ke}
}

// jsonFieldError turns an encoding/json error into a *FieldError that
// names the field.
func jsonFieldError(data []byte, err error) error {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		return &FieldError{Field: te.Field, Msg: fmt.Sprintf("expected %s, found a JSON %s", te.Type, te.Value)}
	case errors.As(err, &se):
		return &FieldError{Field: "(input)", Msg: fmt.Sprintf("JSON syntax error at byte %d: %v", se.Offset, err), Err: err}
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		field := findKey(data, name)
		if field == "" {
			field = name
		}
		return &FieldError{Field: field, Msg: "unknown field (check its spelling)"}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &FieldError{Field: "(input)", Msg: "empty or truncated JSON", Err: err}
	}
	// A NIK or a date failed its own parsing; json does not say where.
	if field := locateBadText(data); field != "" {
		return &FieldError{Field: field, Msg: err.Error(), Err: err}
	}
	return &FieldError{Field: "(input)", Msg: err.Error(), Err: err}
}

var (
	nikKeys  = map[string]bool{"nik": true, "niks": true, "parent_nik": true}
	dateKeys = map[string]bool{"date": true, "valid_through": true}
)

// findKey returns the path of the first object key named name.
func findKey(data []byte, name string) string {
	return walkJSON(data, func(path, key string, v any) bool { return key == name })
}

// locateBadText returns the path of the first NIK or date string in the
// document that does not parse.
func locateBadText(data []byte) string {
	return walkJSON(data, func(path, key string, v any) bool {
		t, ok := v.(string)
		if !ok || t == "" {
			return false
		}
		if nikKeys[key] {
			if _, err := ParseNIK(t); err != nil {
				return true
			}
		}
		if dateKeys[key] {
			if _, err := rules.ParseDate(t); err != nil {
				return true
			}
		}
		return false
	})
}

// walkJSON visits every value of a JSON document in a fixed order (object
// keys sorted), with its path and the key it stands under (an array's
// elements stand under the array's key), and returns the path of the first
// for which hit is true.
func walkJSON(data []byte, hit func(path, key string, v any) bool) string {
	var doc any
	if json.Unmarshal(data, &doc) != nil {
		return ""
	}
	var walk func(v any, path, key string) string
	walk = func(v any, path, key string) string {
		if path != "" && hit(path, key, v) {
			return path
		}
		switch t := v.(type) {
		case map[string]any:
			keys := make([]string, 0, len(t))
			for k := range t {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				p := k
				if path != "" {
					p = path + "." + k
				}
				if r := walk(t[k], p, k); r != "" {
					return r
				}
			}
		case []any:
			for i, e := range t {
				if r := walk(e, path+"["+strconv.Itoa(i)+"]", key); r != "" {
					return r
				}
			}
		}
		return ""
	}
	return walk(doc, "", "")
}
