// Package jsonfield lists the JSON fields of a Go struct type as
// encoding/json decodes them. The engine's error locator and key check,
// the CLI's help and the server's OpenAPI schemas all read the fields
// from here, so they cannot disagree.
package jsonfield

import (
	"reflect"
	"strings"
)

// Field is one JSON field of a struct: its name and Go type.
type Field struct {
	Name string
	Type reflect.Type
}

// Of returns the JSON fields of a struct as encoding/json decodes
// them, in declaration order: embedded structs' fields inlined (the facts
// at the top level of an eligibility input too), the first of a name
// kept. Fields tagged help:"alternative" (another way to give fields
// listed elsewhere) are left out unless alternatives is true. The help,
// the OpenAPI schemas, the error locator and the key check all read the
// fields from here, so they cannot disagree.
func Of(t reflect.Type, alternatives bool) []Field {
	var out []Field
	seen := map[string]bool{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, _, _ := strings.Cut(tag, ",")
			if !alternatives && f.Tag.Get("help") == "alternative" {
				continue
			}
			if f.Anonymous && name == "" {
				if et := Deref(f.Type); et.Kind() == reflect.Struct {
					walk(et)
					continue
				}
			}
			if !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			if !seen[name] {
				seen[name] = true
				out = append(out, Field{name, f.Type})
			}
		}
	}
	walk(t)
	return out
}

// Map maps the JSON names of a struct's fields (Of with
// the alternatives) to their types. Names are exact: a key that differs
// in case is an unknown field (see the engine's key check).
func Map(t reflect.Type) map[string]reflect.Type {
	fields := Of(t, true)
	out := make(map[string]reflect.Type, len(fields))
	for _, f := range fields {
		out[f.Name] = f.Type
	}
	return out
}

// Deref is t with its pointers taken off.
func Deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}
