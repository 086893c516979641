package eligibility

import (
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/kartusehat/kartusehat/internal/fault"
	"github.com/kartusehat/kartusehat/rules"
)

// NIK is a Nomor Induk Kependudukan, the 16-digit population number:
//
//	32 75 01 550890 0001
//	|  |  |  |      serial (4)
//	|  |  |  birth date DDMMYY, with 40 added to the day for women (6)
//	|  |  kecamatan (2)
//	|  regency or city (2)
//	province (2)
//
// The first six digits say where the NIK was issued, not where the person
// lives now: residence comes from the registry and the family card (KK),
// never from the prefix.
//
// A NIK is personal data. String, and fmt's %v, %s, %q and %#v, show it
// masked (3275**********01); the full number comes only from Digits and
// from its text and JSON encodings (MarshalText), which hosts need to
// exchange it. The zero NIK is not valid.
type NIK struct {
	d [16]byte
}

// Sex as encoded in a NIK.
type Sex uint8

// The sexes a NIK encodes.
const (
	SexUnknown Sex = iota
	Male
	Female
)

// String returns the name of the value.
func (s Sex) String() string {
	switch s {
	case Male:
		return "male"
	case Female:
		return "female"
	}
	return "unknown"
}

// MarshalText implements encoding.TextMarshaler.
func (s Sex) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// ErrNIK is wrapped by every error about a malformed NIK: a
// *rules.FieldError of code rules.CodeBadValue, whose messages show the
// input masked (its first four and last two characters), its length, and
// which part is wrong.
var ErrNIK = errors.New("eligibility: malformed NIK")

// maskInput masks a malformed NIK as typed, by rune (a full-width or
// other Unicode digit is one rune of several bytes): the first four and
// the last two runes stay, the rest become '*'; six runes or fewer are
// all masked. The result is valid UTF-8.
func maskInput(s string) string {
	rs := []rune(strings.ToValidUTF8(s, "\uFFFD"))
	for i := range rs {
		if len(rs) <= 6 || i >= 4 && i < len(rs)-2 {
			rs[i] = '*'
		}
	}
	return string(rs)
}

// nikIndonesian is the Indonesian of the parts and messages of a NIK's
// errors.
var nikIndonesian = map[string]string{
	"length":                                "panjang",
	"digits":                                "angka",
	"province":                              "provinsi",
	"regency":                               "kabupaten/kota",
	"kecamatan":                             "kecamatan",
	"serial":                                "nomor urut",
	"birth date":                            "tanggal lahir",
	"a NIK has 16 digits":                   "NIK terdiri dari 16 angka",
	"province codes run from 11":            "kode provinsi mulai dari 11",
	"regency code 00":                       "kode kabupaten/kota 00",
	"kecamatan code 00":                     "kode kecamatan 00",
	"serial 0000":                           "nomor urut 0000",
	"month is not 01-12":                    "bulan bukan 01-12",
	"day is not 01-31 (or 41-71 for women)": "tanggal bukan 01-31 (atau 41-71 untuk perempuan)",
	"no such calendar date":                 "tanggal itu tidak ada di kalender",
}

// nikError is the error of a malformed NIK, given masked.
func nikError(masked string, length int, part, msg string) *rules.FieldError {
	idMsg, ok := nikIndonesian[msg]
	if !ok { // character N is not a digit
		idMsg = strings.Replace(strings.Replace(msg, "character ", "karakter ke-", 1), "is not a digit", "bukan angka", 1)
	}
	fe := fault.New(rules.CodeBadValue, "",
		fmt.Sprintf("NIK tidak sah %q (%d karakter): %s: %s", masked, length, nikIndonesian[part], idMsg),
		fmt.Sprintf("malformed NIK %q (%d characters): %s: %s", masked, length, part, msg))
	fe.Kind = ErrNIK
	return fe
}

// ParseNIK parses and validates a NIK: 16 digits, a province, regency and
// kecamatan code that are not 00, a birth date DDMMYY (day 1-31, or 41-71
// for women) that is a real date in 19YY or 20YY, and a serial that is not
// 0000.
func ParseNIK(s string) (NIK, error) { return parseNIK(s) }

// parseNIK parses a NIK from text or bytes; from bytes (a row of an
// extract) it allocates nothing unless it fails.
func parseNIK[T string | []byte](s T) (NIK, error) {
	fail := func(part, msg string) (NIK, error) {
		return NIK{}, nikError(maskInput(string(s)), len(s), part, msg)
	}
	if len(s) != 16 {
		return fail("length", "a NIK has 16 digits")
	}
	var n NIK
	for i := 0; i < 16; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return fail("digits", fmt.Sprintf("character %d is not a digit", i+1))
		}
		n.d[i] = c
	}
	switch {
	case n.d[0] == '0' || n.d[0] == '1' && n.d[1] == '0':
		return fail("province", "province codes run from 11")
	case n.d[2] == '0' && n.d[3] == '0':
		return fail("regency", "regency code 00")
	case n.d[4] == '0' && n.d[5] == '0':
		return fail("kecamatan", "kecamatan code 00")
	case n.d[12] == '0' && n.d[13] == '0' && n.d[14] == '0' && n.d[15] == '0':
		return fail("serial", "serial 0000")
	}
	day, month, yy := n.birthParts()
	if day > 40 {
		day -= 40
	}
	if month < 1 || month > 12 {
		return fail("birth date", "month is not 01-12")
	}
	if day < 1 || day > 31 {
		return fail("birth date", "day is not 01-31 (or 41-71 for women)")
	}
	_, ok19 := rules.DateOf(1900+yy, time.Month(month), day)
	_, ok20 := rules.DateOf(2000+yy, time.Month(month), day)
	if !ok19 && !ok20 {
		return fail("birth date", "no such calendar date")
	}
	return n, nil
}

// MustParseNIK is like ParseNIK but panics on error. It is for tests.
func MustParseNIK(s string) NIK {
	n, err := ParseNIK(s)
	if err != nil {
		panic(err)
	}
	return n
}

func (n NIK) birthParts() (day, month, yy int) {
	two := func(i int) int { return int(n.d[i]-'0')*10 + int(n.d[i+1]-'0') }
	return two(6), two(8), two(10)
}

// IsZero reports whether n is the zero NIK.
func (n NIK) IsZero() bool { return n.d[0] == 0 }

// Digits returns the full 16-digit number. Use it only where the full
// number is needed; it is personal data.
func (n NIK) Digits() string {
	if n.IsZero() {
		return ""
	}
	return string(n.d[:])
}

// String returns the NIK masked: the province and regency, then stars, then
// the last two digits (3275**********01).
func (n NIK) String() string {
	if n.IsZero() {
		return ""
	}
	var b [16]byte
	copy(b[:4], n.d[:4])
	for i := 4; i < 14; i++ {
		b[i] = '*'
	}
	b[14], b[15] = n.d[14], n.d[15]
	return string(b[:])
}

// Format makes every fmt verb show the masked form.
func (n NIK) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('#'):
		_, _ = f.Write([]byte(n.GoString()))
	case verb == 'q':
		fmt.Fprintf(f, "%q", n.String())
	default:
		_, _ = f.Write([]byte(n.String()))
	}
}

// GoString implements fmt.GoStringer with the masked form.
func (n NIK) GoString() string { return `eligibility.NIK("` + n.String() + `")` }

// LogValue implements slog.LogValuer: logs show the NIK masked.
func (n NIK) LogValue() slog.Value { return slog.StringValue(n.String()) }

// Province returns the two-digit province code of issue (32 is Jawa
// Barat).
func (n NIK) Province() string { return string(n.d[0:2]) }

// Regency returns the four-digit regency or city code of issue (3275 is
// Kota Bekasi).
func (n NIK) Regency() string { return string(n.d[0:4]) }

// Kecamatan returns the six-digit kecamatan code of issue (327501 is
// Bekasi Timur).
func (n NIK) Kecamatan() string { return string(n.d[0:6]) }

// Sex returns the sex the NIK encodes: female where 40 was added to the
// day of birth.
func (n NIK) Sex() Sex {
	if n.IsZero() {
		return SexUnknown
	}
	if d, _, _ := n.birthParts(); d > 40 {
		return Female
	}
	return Male
}

// BirthDate returns the date of birth the NIK encodes. The NIK gives only
// two digits of the year, so the century is resolved against asOf (the
// date of service): the birth is put in the latest century that does not
// place it after asOf. A NIK of a person born in 1925 and checked in 2019
// is therefore read as born in 2025 only if that is not after asOf; it
// reads as 1925. Persons over 100 cannot be told from infants this way,
// and the registry's date of birth, where a host has it, is better.
func (n NIK) BirthDate(asOf rules.Date) (rules.Date, bool) {
	if n.IsZero() {
		return rules.Date{}, false
	}
	day, month, yy := n.birthParts()
	if day > 40 {
		day -= 40
	}
	c := asOf.Year() / 100 * 100
	for _, century := range []int{c, c - 100, c - 200} {
		if d, ok := rules.DateOf(century+yy, time.Month(month), day); ok && !d.After(asOf) {
			return d, true
		}
	}
	return rules.Date{}, false
}

// MarshalText implements encoding.TextMarshaler with the full number, for
// JSON and other exchange formats.
func (n NIK) MarshalText() ([]byte, error) { return []byte(n.Digits()), nil }

// UnmarshalText implements encoding.TextUnmarshaler. Empty text gives the
// zero NIK.
func (n *NIK) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*n = NIK{}
		return nil
	}
	p, err := ParseNIK(string(b))
	if err != nil {
		return err
	}
	*n = p
	return nil
}
