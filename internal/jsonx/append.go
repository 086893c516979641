// Package jsonx holds the JSON plumbing the packages of the module share:
// the fast writers of their AppendJSON methods, and the strict key check
// of their decoders (CheckKeys). It is not part of the module's API.
package jsonx

import "unicode/utf8"

// AppendArray appends items as a JSON array, each item written by one;
// null for a nil slice, as encoding/json writes it. The decision packages'
// JSON writers share it.
func AppendArray[T any](b []byte, items []T, one func(*T, []byte) []byte) []byte {
	if items == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i := range items {
		if i > 0 {
			b = append(b, ',')
		}
		b = one(&items[i], b)
	}
	return append(b, ']')
}

const hexDigits = "0123456789abcdef"

// AppendString appends s to b as a JSON string, escaped as
// encoding/json escapes it (quotes, backslashes and control characters,
// U+2028 and U+2029, invalid UTF-8 as U+FFFD) except for <, > and &,
// which an Encoder escapes in what a MarshalJSON method returns when told
// to.
func AppendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
