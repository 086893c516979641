package mask

import (
	"regexp"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// A NIK typed with dashes, spaces or dots in a free-text field was echoed;
// one in full-width digits was masked byte by byte, cutting UTF-8. The
// mask is by rune and knows the forms a person types.
func TestMaskDigitsForms(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"nik 3275-0101-0190-0001 here", "nik 3275-****-****-**01 here"},
		{"nik 3275 0101 0190 0001.", "nik 3275 **** **** **01."},
		{"3275.0101.0190.0001", "3275.****.****.**01"},
		{"32 75 01 01 01 90 00 01", "32 75 ** ** ** ** ** 01"},
		{"３２７５０１４５０８９００００１", "３２７５**********０１"},
		{"nik：３２７５－０１０１－０１９０－０００１", "nik：３２７５－****－****－**０１"},
		{"٣٢٧٥٠١٤٥٠٨٩٠٠٠٠١", "٣٢٧٥**********٠١"},                 // Arabic-Indic digits
		{"३२७५०१४५०८९००००१ x", "३२७५**********०१ x"},             // Devanagari
		{"3275０１４５０８９００００1", "3275**********０1"},                 // mixed widths
		{"3275 0101 0190 0001", "3275 **** **** **01"},           // no-break spaces
		{"3275–0101–0190–0001", "3275–****–****–**01"},           // en dashes
		{"3275--0101--0190--0001", "3275--0101--0190--0001"},     // two separators end a run
		{"3275-0101-0190-001", "3275-0101-0190-001"},             // 15 digits
		{"2019-01-01 to 2019-12-31", "2019-01-01 to 2019-12-31"}, // dates apart
		{"amount 1.000.000.000.000.000", "amount 1.000.***.***.***.*00"},
		{"bad \xff byte 3275014508900001", "bad \ufffd byte 3275**********01"},
		{"\xff", "\ufffd"},
		{"3275014508900001\xe3\x80", "3275**********01\ufffd"},
		{"-3275014508900001-", "-3275**********01-"},
	} {
		got := Digits(c.in)
		if got != c.want {
			t.Errorf("Digits(%q) = %q, want %q", c.in, got, c.want)
		}
		if !utf8.ValidString(got) {
			t.Errorf("Digits(%q) = %q: not valid UTF-8", c.in, got)
		}
	}
	// No allocation when nothing is masked.
	plain := "claim: lines[3].quantity: 0 is outside 1-100000 (amount 26970000 on 2019-03-04)"
	if n := testing.AllocsPerRun(100, func() { _ = Digits(plain) }); n != 0 {
		t.Errorf("Digits of a text without a NIK allocates %v times", n)
	}
}

// FuzzMaskDigits: the result is valid UTF-8, holds no run of 16 digits
// (Unicode digits, single separators between them), and for valid input
// is the input rune for rune, with '*' for some digits.
func FuzzMaskDigits(f *testing.F) {
	for _, s := range []string{"", "3275014508900001", "3275-0101-0190-0001", "3275 0101 0190 0001", "３２７５０１４５０８９０００１",
		"٣٢٧٥٠١٤٥٠٨٩٠٠٠٠١", "a\xff3275014508900001\xfe", "1.2.3.4.5.6.7.8.9.0.1.2.3.4.5.6", "3275－０１０１－0190－0001", "12345678  12345678"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Digits(in)
		if !utf8.ValidString(out) {
			t.Fatalf("Digits(%q) = %q: not valid UTF-8", in, out)
		}
		if m := longRun(out); m != "" {
			t.Fatalf("Digits(%q) = %q keeps the run %q", in, out, m)
		}
		if !utf8.ValidString(in) {
			return
		}
		ri, ro := []rune(in), []rune(out)
		if len(ri) != len(ro) {
			t.Fatalf("Digits(%q) = %q: %d runes, not %d", in, out, len(ro), len(ri))
		}
		for i := range ri {
			if ro[i] != ri[i] && (ro[i] != '*' || !unicode.IsDigit(ri[i])) {
				t.Fatalf("Digits(%q) = %q: rune %d is %q, not %q or a masked digit", in, out, i, ro[i], ri[i])
			}
		}
		if Digits(out) != out {
			t.Fatalf("Digits is not idempotent on %q", in)
		}
	})
}

// runRE finds 16 digits with at most one separator between two, in the
// classes of runes written as d (digit), s (separator) and o (other).
var runRE = regexp.MustCompile(`d(s?d){15}`)

// longRun returns a run of 16 digits in s, or "": an implementation apart
// from Digits's.
func longRun(s string) string {
	var cls strings.Builder
	rs := []rune(s)
	for _, r := range rs {
		switch {
		case unicode.IsDigit(r):
			cls.WriteByte('d')
		case strings.ContainsRune(" -.\u00a0\u2009\u202f\u3000\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uff0d\uff0e\u00b7", r):
			cls.WriteByte('s')
		default:
			cls.WriteByte('o')
		}
	}
	if loc := runRE.FindStringIndex(cls.String()); loc != nil {
		return string(rs[loc[0]:loc[1]])
	}
	return ""
}

// BenchmarkMaskDigits: the mask on error texts, the common case without a
// NIK, and with one.
func BenchmarkMaskDigits(b *testing.B) {
	for _, bc := range []struct{ name, s string }{
		{"plain", `claim: lines[3].quantity: 0 is outside 1-100000: a quantity is a whole number of units, from 1 to 100000 (amount 26970000 on 2019-03-04)`},
		{"nik", `eligibility: person.nik: "3275014508900001" is not a NIK of the city: its first four digits are not 3275 (kk 3275010101170001)`},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(bc.s)))
			for b.Loop() {
				_ = Digits(bc.s)
			}
		})
	}
}

// maskDigitsASCII is the mask as it was (ASCII digits only, byte by
// byte), kept to compare the speed of the hot path.
func maskDigitsASCII(s string) string {
	var b []byte
	run := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] >= '0' && s[i] <= '9' {
			run++
			continue
		}
		if run >= 16 {
			if b == nil {
				b = []byte(s)
			}
			for j := i - run + 4; j < i-2; j++ {
				b[j] = '*'
			}
		}
		run = 0
	}
	if b == nil {
		return s
	}
	return string(b)
}

func BenchmarkMaskDigitsASCII(b *testing.B) {
	for _, bc := range []struct{ name, s string }{
		{"plain", `claim: lines[3].quantity: 0 is outside 1-100000: a quantity is a whole number of units, from 1 to 100000 (amount 26970000 on 2019-03-04)`},
		{"nik", `eligibility: person.nik: "3275014508900001" is not a NIK of the city: its first four digits are not 3275 (kk 3275010101170001)`},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(bc.s)))
			for b.Loop() {
				_ = maskDigitsASCII(bc.s)
			}
		})
	}
}
