package jsonx

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/kartusehat/kartusehat/internal/mask"
)

// encoding/json accepts two things a strict input must not: an object
// with the same key twice (the last wins, silently), and a key that
// matches a field only when case is ignored ("Date" for "date", even
// "ſex" for "sex"). CheckKeys refuses both, in one pass over the
// bytes, for every strict decoder of the module: the library's
// (eligibility.DecodeFacts, referral.DecodeEpisode, claim.DecodeFile, the
// JSON Lines extracts of eligibility.Reconcile) and the command's.

// KeyErrorKind says why CheckKeys refused a key.
type KeyErrorKind int

// The kinds of a *KeyError.
const (
	// KeyDuplicate: the key is given more than once in its object.
	KeyDuplicate KeyErrorKind = iota + 1
	// KeyCaseMismatch: the key matches a struct field only when case is
	// ignored (encoding/json would have filled the field); KeyError.Field
	// is the field's exact name.
	KeyCaseMismatch
	// KeyUnknown: the key is not a field of the struct at all (a strict
	// decoder with DisallowUnknownFields reports these before).
	KeyUnknown
)

// String returns duplicate, case_mismatch or unknown.
func (k KeyErrorKind) String() string {
	switch k {
	case KeyDuplicate:
		return "duplicate"
	case KeyCaseMismatch:
		return "case_mismatch"
	case KeyUnknown:
		return "unknown"
	}
	return "KeyErrorKind(" + strconv.Itoa(int(k)) + ")"
}

// KeyError is the error of CheckKeys: one object key that a strict
// decoder refuses.
type KeyError struct {
	Kind KeyErrorKind
	// Key is the key as given (unescaped).
	Key string
	// Field is, for KeyCaseMismatch, the exact JSON name of the field
	// the key matches ignoring case.
	Field string
	// Pointer is the RFC 6901 JSON Pointer of the key in the input
	// ("/billing/items/1/quantity").
	Pointer string
	// Path is the same place in the dotted style of the library's field
	// errors ("billing.items[1].quantity").
	Path string
}

// Error implements the error interface. A run of 16 or more digits in
// the key (perhaps a NIK typed as a key) is masked.
func (e *KeyError) Error() string {
	key := mask.Digits(e.Key)
	switch e.Kind {
	case KeyDuplicate:
		return fmt.Sprintf("rules: duplicate JSON key %q at %s", key, mask.Digits(e.Pointer))
	case KeyCaseMismatch:
		return fmt.Sprintf("rules: JSON key %q at %s matches field %q only ignoring case", key, mask.Digits(e.Pointer), e.Field)
	}
	return fmt.Sprintf("rules: unknown JSON key %q at %s", key, mask.Digits(e.Pointer))
}

// Message says what is wrong and how to fix it, for a field error that
// names the key's place itself: it holds neither the key nor its place.
func (e *KeyError) Message() string {
	switch e.Kind {
	case KeyDuplicate:
		return "duplicate key: given more than once in this object; give it once"
	case KeyCaseMismatch:
		return fmt.Sprintf("unknown field: keys are case-sensitive; the field is %q", e.Field)
	}
	return "unknown field (check its spelling)"
}

// CheckKeys reports the first key of data, one JSON value that
// decodes into a value of type t (a pointer to it is fine), that a strict
// decoder refuses: a key given twice in one object (KeyDuplicate), or a
// key of a struct's object that is not exactly one of its fields' JSON
// names (KeyCaseMismatch, or KeyUnknown). Fields are found as
// encoding/json finds them (tags, embedded structs inlined). Keys inside
// a map, an interface value, json.RawMessage, or a type with its own
// UnmarshalJSON or UnmarshalText are checked for duplicates only.
//
// The error is a *KeyError (always: a type assertion is safe), or nil. CheckKeys is meant to run after
// the decode succeeded; on bytes that are not JSON it stops without a
// panic, and its answer is then unspecified. It is safe for concurrent
// use; the shape of each type is computed once.
func CheckKeys(data []byte, t reflect.Type) error {
	c := keyScanner{data: data}
	c.ws()
	if ke := c.value(keyNodeOf(t)); ke != nil {
		return ke
	}
	return nil
}

// keyNode is what CheckKeys knows of the Go type at one place of the
// input: the exact field names of a struct, or the element of a map,
// slice or array. A nil node is a value whose keys are not fields (a
// leaf, a custom decoder, json.RawMessage): only duplicates are checked
// inside it.
type keyNode struct {
	fields map[string]*keyNode // a struct's fields, by exact JSON name
	elem   *keyNode            // a map's, slice's or array's element
	isMap  bool
}

var keyNodes sync.Map // reflect.Type -> *keyNode

var (
	textUnmarshalerType = reflect.TypeFor[interface{ UnmarshalText([]byte) error }]()
	jsonUnmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	rawMessageType      = reflect.TypeFor[json.RawMessage]()
)

// keyNodeOf returns the node of type t, built once per type.
func keyNodeOf(t reflect.Type) *keyNode {
	if t == nil {
		return nil
	}
	if n, ok := keyNodes.Load(t); ok {
		return n.(*keyNode)
	}
	n := buildKeyNode(t, map[reflect.Type]*keyNode{})
	keyNodes.Store(t, n)
	return n
}

func derefType(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

func buildKeyNode(t reflect.Type, memo map[reflect.Type]*keyNode) *keyNode {
	t = derefType(t)
	if t == rawMessageType || reflect.PointerTo(t).Implements(jsonUnmarshalerType) || reflect.PointerTo(t).Implements(textUnmarshalerType) {
		return nil
	}
	if n, ok := memo[t]; ok {
		return n // a recursive type (the facts of a parent)
	}
	switch t.Kind() {
	case reflect.Struct:
		n := &keyNode{fields: map[string]*keyNode{}}
		memo[t] = n
		for name, ft := range jsonStructFields(t) {
			n.fields[name] = buildKeyNode(ft, memo)
		}
		return n
	case reflect.Map:
		n := &keyNode{isMap: true}
		memo[t] = n
		n.elem = buildKeyNode(t.Elem(), memo)
		return n
	case reflect.Slice, reflect.Array:
		n := &keyNode{}
		memo[t] = n
		n.elem = buildKeyNode(t.Elem(), memo)
		return n
	}
	return nil
}

// jsonStructFields are the JSON fields of a struct as encoding/json
// decodes them: embedded structs' fields inlined, the first of a name
// kept.
func jsonStructFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	var walk func(t reflect.Type, depth int)
	walk = func(t reflect.Type, depth int) {
		if depth > 32 {
			return // an embedding cycle through pointers
		}
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, _, _ := strings.Cut(tag, ",")
			if f.Anonymous && name == "" {
				if et := derefType(f.Type); et.Kind() == reflect.Struct {
					walk(et, depth+1)
					continue
				}
			}
			if !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			if _, ok := out[name]; !ok {
				out[name] = f.Type
			}
		}
	}
	walk(t, 0)
	return out
}

// keyScanner walks well-formed JSON, and stops without a panic if it is
// not.
type keyScanner struct {
	data []byte
	i    int
}

func (c *keyScanner) ws() {
	for c.i < len(c.data) {
		switch c.data[c.i] {
		case ' ', '\t', '\n', '\r':
			c.i++
		default:
			return
		}
	}
}

func (c *keyScanner) peek() byte {
	if c.i < len(c.data) {
		return c.data[c.i]
	}
	return 0
}

func (c *keyScanner) value(n *keyNode) *KeyError {
	switch c.peek() {
	case '{':
		return c.object(n)
	case '[':
		var elem *keyNode
		if n != nil {
			elem = n.elem
		}
		c.i++
		for k := 0; ; k++ {
			c.ws()
			if c.peek() == ']' || c.i >= len(c.data) {
				c.i++
				return nil
			}
			if ke := c.value(elem); ke != nil {
				idx := strconv.Itoa(k)
				ke.Pointer = "/" + idx + ke.Pointer
				if !strings.HasPrefix(ke.Path, "[") {
					ke.Path = "." + ke.Path
				}
				ke.Path = "[" + idx + "]" + ke.Path
				return ke
			}
			c.ws()
			if c.peek() != ',' {
				c.i++ // ']', or not JSON: stop
				return nil
			}
			c.i++
		}
	case '"':
		c.str()
	default: // a number, true, false or null
		c.i++
		for c.i < len(c.data) {
			switch c.data[c.i] {
			case ',', ']', '}', ' ', '\t', '\n', '\r':
				return nil
			}
			c.i++
		}
	}
	return nil
}

// str skips a string and returns its content between the quotes, and
// whether it must be unquoted to be compared (an escape, or bytes that
// are not valid UTF-8, which encoding/json replaces).
func (c *keyScanner) str() (raw []byte, slow bool) {
	start := c.i
	c.i++
	ascii := true
	for c.i < len(c.data) {
		switch b := c.data[c.i]; {
		case b == '"':
			c.i++
			raw = c.data[start+1 : c.i-1]
			return raw, slow || (!ascii && !utf8.Valid(raw))
		case b == '\\':
			slow = true
			c.i++
		case b >= utf8.RuneSelf:
			ascii = false
		}
		c.i++
	}
	return nil, false
}

// smallObject is how many keys an object holds before duplicates are
// looked up in a map rather than by comparing with each.
const smallObject = 16

func (c *keyScanner) object(n *keyNode) *KeyError {
	c.i++
	var small [smallObject][]byte
	seen := small[:0]
	var many map[string]bool
	for {
		c.ws()
		if c.peek() != '"' {
			c.i++ // '}', or not JSON: stop
			return nil
		}
		raw, slow := c.str()
		key := raw
		if slow {
			var s string
			if json.Unmarshal(c.data[c.i-len(raw)-2:c.i], &s) != nil {
				return nil
			}
			key = []byte(s)
		}
		dup := false
		if many != nil {
			dup = many[string(key)]
			many[string(key)] = true
		} else {
			for _, k := range seen {
				if bytes.Equal(k, key) {
					dup = true
					break
				}
			}
			if seen = append(seen, key); len(seen) > smallObject {
				many = make(map[string]bool, 2*smallObject)
				for _, k := range seen {
					many[string(k)] = true
				}
			}
		}
		if dup {
			return newKeyError(KeyDuplicate, string(key), "")
		}
		var child *keyNode
		if n != nil && n.isMap {
			child = n.elem
		} else if n != nil && n.fields != nil {
			var ok bool
			if child, ok = n.fields[string(key)]; !ok {
				return unknownKey(n, string(key))
			}
		}
		c.ws()
		c.i++ // ':'
		c.ws()
		if ke := c.value(child); ke != nil {
			ke.Pointer = "/" + EscapePointer(string(key)) + ke.Pointer
			if !strings.HasPrefix(ke.Path, "[") {
				ke.Path = "." + ke.Path
			}
			ke.Path = string(key) + ke.Path
			return ke
		}
		c.ws()
		if c.peek() == ',' {
			c.i++
		}
	}
}

func newKeyError(kind KeyErrorKind, key, field string) *KeyError {
	return &KeyError{Kind: kind, Key: key, Field: field, Pointer: "/" + EscapePointer(key), Path: key}
}

// unknownKey is the error for a key of a struct's object that is not
// exactly one of its fields.
func unknownKey(n *keyNode, key string) *KeyError {
	// The first in name order, so that the answer does not depend on
	// map order (two fields differing only in case).
	field := ""
	for name := range n.fields {
		if strings.EqualFold(name, key) && (field == "" || name < field) {
			field = name
		}
	}
	if field == "" {
		return newKeyError(KeyUnknown, key, "")
	}
	return newKeyError(KeyCaseMismatch, key, field)
}

// EscapePointer escapes one reference token of a JSON Pointer (RFC 6901):
// ~ as ~0, / as ~1.
func EscapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// Pointer turns a Go-side dotted field path (person.kk, items[0].tier,
// as encoding/json's UnmarshalTypeError.Field gives it) into an RFC 6901
// JSON Pointer (/person/kk, /items/0/tier). The empty path is "".
func Pointer(dotted string) string {
	if dotted == "" {
		return ""
	}
	var b strings.Builder
	for _, part := range strings.Split(dotted, ".") {
		name, rest, _ := strings.Cut(part, "[")
		b.WriteByte('/')
		b.WriteString(EscapePointer(name))
		for rest != "" {
			idx, after, _ := strings.Cut(rest, "]")
			b.WriteByte('/')
			b.WriteString(idx)
			rest = strings.TrimPrefix(after, "[")
		}
	}
	return b.String()
}
