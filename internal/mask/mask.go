// Package mask hides personal numbers (a NIK, a KK number) in text that
// may reach an error message or a log line.
package mask

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Digits masks every run of 16 or more digits in s as a NIK prints
// (3275**********01): the first four and the last two digits stay, every
// other digit becomes '*'. Every error text that may quote what a host
// typed goes through it, so that no full NIK reaches an error or a log
// line, whatever field it landed in and however it was typed.
//
// A digit is any Unicode decimal digit (category Nd: ASCII 0-9, full-width
// ０-９, Arabic-Indic, Devanagari and the like); a run is digits with at
// most one separator between two of them: a space (also a no-break, thin
// or ideographic space), a dash (also a hyphen, an en or em dash, a minus
// sign or a full-width hyphen-minus) or a dot (also a full-width one), so
// that "3275-0101-0190-0001", "3275 0101 0190 0001" and "3275.0101..."
// are masked as the NIK they are. Masking is by rune: the result is valid
// UTF-8 (an invalid byte of s becomes U+FFFD). Text with no such run is
// returned as is, without allocating.
func Digits(s string) string {
	var out []byte // built only when something changes
	last := 0      // s[:last] is in out
	high := false  // s has a byte >= 0x80
	for i := 0; i < len(s); {
		// Outside a run: skip to the next digit or byte >= 0x80.
		for i < len(s) && byteClass[s[i]] <= clsSep {
			i++
		}
		if i == len(s) {
			break
		}
		cls, w := byteClass[s[i]], 1
		if cls == clsHigh {
			high = true
			cls, w = runeClass(s[i:])
			if cls != clsDigit {
				i += w
				continue
			}
		}
		// A run starts at i: count its digits, with at most one
		// separator between two of them.
		start, end, count, sep := i, i+w, 1, false
		for i += w; i < len(s); i += w {
			cls, w = byteClass[s[i]], 1
			if cls == clsHigh {
				high = true
				cls, w = runeClass(s[i:])
			}
			if cls == clsDigit {
				count++
				end, sep = i+w, false
				continue
			}
			if cls == clsSep && !sep {
				sep = true
				continue
			}
			break
		}
		if count >= 16 {
			if out == nil {
				out = make([]byte, 0, len(s))
			}
			out = append(out, s[last:start]...)
			out = maskRun(out, s[start:end], count)
			last = end
		}
		// i is at the byte that ended the run (or past a separator
		// that a second one ended): the outer loop goes on from there.
	}
	if out == nil {
		if high && !utf8.ValidString(s) {
			return strings.ToValidUTF8(s, "\uFFFD")
		}
		return s
	}
	out = append(out, s[last:]...)
	if high && !utf8.Valid(out) {
		return strings.ToValidUTF8(string(out), "\uFFFD")
	}
	return string(out)
}

// The classes of a byte for Digits: a byte >= 0x80 is classed by the
// rune it starts (runeClass).
const (
	clsOther = iota
	clsSep
	clsDigit
	clsHigh
)

var byteClass = func() (t [256]uint8) {
	for c := '0'; c <= '9'; c++ {
		t[c] = clsDigit
	}
	t[' '], t['-'], t['.'] = clsSep, clsSep, clsSep
	for c := utf8.RuneSelf; c < 256; c++ {
		t[c] = clsHigh
	}
	return t
}()

// runeClass classes the rune at the start of s, and returns its width.
func runeClass(s string) (uint8, int) {
	r, w := utf8.DecodeRuneInString(s)
	switch {
	case unicode.IsDigit(r):
		return clsDigit, w
	case isDigitSeparator(r):
		return clsSep, w
	}
	return clsOther, w
}

// maskRun appends run, a run of n digits and single separators, with every
// digit but the first four and the last two written as '*'.
func maskRun(out []byte, run string, n int) []byte {
	k := 0
	for i := 0; i < len(run); {
		r, w := rune(run[i]), 1
		if r >= utf8.RuneSelf {
			r, w = utf8.DecodeRuneInString(run[i:])
		}
		isDigit := r >= '0' && r <= '9' || r >= utf8.RuneSelf && unicode.IsDigit(r)
		if isDigit {
			k++
		}
		if isDigit && k > 4 && k <= n-2 {
			out = append(out, '*')
		} else {
			out = append(out, run[i:i+w]...)
		}
		i += w
	}
	return out
}

// isDigitSeparator reports whether r, not ASCII, may stand between the
// groups of a number as a person types it: a space, a dash or a dot.
func isDigitSeparator(r rune) bool {
	switch r {
	case '\u00a0', '\u2009', '\u202f', '\u3000', // no-break, thin, narrow no-break, ideographic space
		'\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', // hyphens, dashes, minus
		'\uff0d', '\uff0e', '\u00b7': // full-width hyphen-minus and full stop, middle dot
		return true
	}
	return false
}
