package main

import (
	"reflect"
	"strings"
)

// namedField is one JSON field of a struct: its name and Go type.
type namedField struct {
	name string
	typ  reflect.Type
}

// structFields are the JSON fields of a struct as encoding/json decodes
// them, in declaration order: embedded structs' fields inlined (the facts
// at the top level of an eligibility input too), the first of a name
// kept. Fields tagged help:"alternative" (another way to give fields
// listed elsewhere) are left out unless alternatives is true. The help,
// the OpenAPI schemas, the error locator and the key check all read the
// fields from here, so they cannot disagree.
func structFields(t reflect.Type, alternatives bool) []namedField {
	var out []namedField
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
				if et := derefType(f.Type); et.Kind() == reflect.Struct {
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
				out = append(out, namedField{name, f.Type})
			}
		}
	}
	walk(t)
	return out
}

// jsonFields maps the JSON names of a struct's fields (structFields with
// the alternatives) to their types. Names are exact: a key that differs
// in case is an unknown field (see checkKeys).
func jsonFields(t reflect.Type) map[string]reflect.Type {
	fields := structFields(t, true)
	out := make(map[string]reflect.Type, len(fields))
	for _, f := range fields {
		out[f.name] = f.typ
	}
	return out
}
