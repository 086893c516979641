package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// encoding/json accepts two things a strict input must not: an object
// with the same key twice (the last wins, silently), and a key that
// matches a field only when case is ignored ("Date" for "date", even
// "ſex" for "sex"). checkKeys refuses both, in one pass over the bytes
// that decodeStrict has already decoded: every decoder of the command
// and of the server goes through it.

// keyNode is what checkKeys knows of the Go type at one place of the
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

// keyNodeOf returns the node of type t, built once per type.
func keyNodeOf(t reflect.Type) *keyNode {
	if n, ok := keyNodes.Load(t); ok {
		return n.(*keyNode)
	}
	n := buildKeyNode(t, map[reflect.Type]*keyNode{})
	keyNodes.Store(t, n)
	return n
}

func buildKeyNode(t reflect.Type, memo map[reflect.Type]*keyNode) *keyNode {
	t = derefType(t)
	if t == rawMessage || reflect.PointerTo(t).Implements(jsonUnmarshaler) || reflect.PointerTo(t).Implements(textUnmarshaler) {
		return nil
	}
	if n, ok := memo[t]; ok {
		return n // a recursive type (the facts of a parent)
	}
	switch t.Kind() {
	case reflect.Struct:
		n := &keyNode{fields: map[string]*keyNode{}}
		memo[t] = n
		for _, f := range structFields(t, true) {
			n.fields[f.name] = buildKeyNode(f.typ, memo)
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

// checkKeys reports the first duplicate key (bad_json) or key that is not
// exactly a field's name (unknown_field) in data, one JSON value that
// decodes into a value of type t, with the JSON Pointer of the key.
func checkKeys(data []byte, t reflect.Type) *inputError {
	c := keyScanner{data: data}
	c.ws()
	return c.value(keyNodeOf(t))
}

// keyScanner walks well-formed JSON (decodeStrict has decoded it), and
// stops without a panic if it is not.
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

func (c *keyScanner) value(n *keyNode) *inputError {
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
			if ie := c.value(elem); ie != nil {
				ie.Field = "/" + strconv.Itoa(k) + ie.Field
				return ie
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

func (c *keyScanner) object(n *keyNode) *inputError {
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
			return &inputError{Code: CodeBadJSON, Field: "/" + escapePointer(string(key)),
				Msg: fmt.Sprintf("duplicate key: %q is given more than once in this object; give it once", key)}
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
		if ie := c.value(child); ie != nil {
			ie.Field = "/" + escapePointer(string(key)) + ie.Field
			return ie
		}
		c.ws()
		if c.peek() == ',' {
			c.i++
		}
	}
}

// unknownKey is the error for a key of a struct's object that is not
// exactly one of its fields: encoding/json matched it to a field
// ignoring case (it refuses the others itself).
func unknownKey(n *keyNode, key string) *inputError {
	msg := "unknown field: keys are case-sensitive (--help lists the fields)"
	for name := range n.fields {
		if strings.EqualFold(name, key) {
			msg = fmt.Sprintf("unknown field: keys are case-sensitive; the field is %q", name)
			break
		}
	}
	return &inputError{Code: CodeUnknownField, Field: "/" + escapePointer(key), Msg: msg}
}
