package server

import (
	"encoding/json"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// The OpenAPI description the server serves is serve_openapi.json (the
// endpoints, the outputs, the error shape) with the schema of every
// operation's input generated from its Go type, the same walk the help
// makes: an input field added to the code is in the description at once.

// openAPIBytes returns the served OpenAPI document.
var openAPIBytes = sync.OnceValue(func() []byte {
	var doc map[string]any
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		panic("serve_openapi.json: " + err.Error()) // a test loads it
	}
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	g := &schemaGen{components: schemas}
	for _, so := range append(serveOps(), monthServeOps()...) {
		g.op = so.op.Name
		schemas[inputSchemaName(so.path)] = g.schema(reflect.TypeOf(so.op.Input()), "", map[reflect.Type]bool{})
	}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		panic(err)
	}
	return append(b, '\n')
})

// inputSchemaName is the component name of the input schema of the
// operation at path: EligibilityInput, ClaimAdjudicateInput.
func inputSchemaName(path string) string {
	var b strings.Builder
	for _, part := range strings.Split(path, "/") {
		b.WriteString(strings.ToUpper(part[:1]) + part[1:])
	}
	return b.String() + "Input"
}

// requiredInput are the input fields each operation refuses as
// "missing" when they are absent, by operation name and field path: the
// schemas mark them required. TestRequiredInputIsMissing checks each
// against the engine.
var requiredInput = map[string][]string{
	"eligibility":      {"date"}, // over HTTP; the CLI also takes --date
	"referral":         {"episode", "facts", "episode.admission"},
	"price":            {"episode", "facts", "episode.admission", "billing"},
	"claim":            {"service_end"},
	"claim adjudicate": {"episode", "episode.admission"},
	"stay":             {"episode.admission"},
	"claim verify":     {"episode", "episode.admission"},
	"claim recap":      {"episode", "episode.admission"},
}

// schemaGen makes JSON Schemas (2020-12, as OpenAPI 3.1 has them) from
// input types.
type schemaGen struct {
	op         string
	components map[string]any
}

// enumWord is one allowed value in the help's list of allowed values.
var enumWord = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// enumOf returns the allowed values of the field at path as the help
// lists them, when they are a plain list of words.
func (g *schemaGen) enumOf(path string) []any {
	a, ok := allowed[g.op+":"+path]
	if !ok {
		for _, p := range []string{path, strings.TrimPrefix(path, "facts."), strings.TrimPrefix(path, "parent.")} {
			if a, ok = allowed[p]; ok {
				break
			}
		}
	}
	if !ok {
		return nil
	}
	var out []any
	for _, w := range strings.Split(a, ", ") {
		if !enumWord.MatchString(w) {
			return nil
		}
		out = append(out, w)
	}
	return out
}

func (g *schemaGen) schema(t reflect.Type, path string, stack map[reflect.Type]bool) map[string]any {
	t = derefType(t)
	switch t {
	case typeDate:
		return map[string]any{"type": "string", "pattern": `^([0-9]{4}-[0-9]{2}-[0-9]{2})?$`, "description": "date YYYY-MM-DD"}
	case typeTime:
		return map[string]any{"type": "string", "format": "date-time"}
	case typeNIK:
		return map[string]any{"type": "string", "pattern": `^([0-9]{16})?$`, "description": "NIK, 16 digits"}
	case typeDecimal:
		return map[string]any{"type": []any{"string", "number"}, "description": "an amount in rupiah, best as a decimal string (\"360000\")"}
	case rawMessage:
		return map[string]any{}
	}
	switch t.Kind() {
	case reflect.Struct:
		if stack[t] {
			// A type within itself (the facts of a newborn's parent).
			name := t.Name()
			if _, done := g.components[name]; !done {
				g.components[name] = map[string]any{} // placeholder while it is made
				g.components[name] = g.schema(t, "", map[reflect.Type]bool{})
			}
			return map[string]any{"$ref": "#/components/schemas/" + name}
		}
		stack[t] = true
		defer delete(stack, t)
		props := map[string]any{}
		var req []any
		for _, f := range structFields(t, true) {
			p := f.Name
			if path != "" {
				p = path + "." + f.Name
			}
			props[f.Name] = g.schema(f.Type, p, stack)
			if slices.Contains(requiredInput[g.op], p) {
				req = append(req, f.Name)
			}
		}
		out := map[string]any{"type": "object", "additionalProperties": false, "properties": props}
		if len(req) > 0 {
			out["required"] = req
		}
		return out
	case reflect.Slice, reflect.Array:
		return map[string]any{"type": "array", "items": g.schema(t.Elem(), path+"[]", stack)}
	case reflect.Map:
		return map[string]any{"type": "object", "additionalProperties": g.schema(t.Elem(), path+"[]", stack)}
	case reflect.String:
		s := map[string]any{"type": "string"}
		if e := g.enumOf(path); e != nil {
			s["enum"] = e
		}
		return s
	case reflect.Bool:
		return map[string]any{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return map[string]any{"type": "integer"}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer", "minimum": 0}
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}
	}
	if reflect.PointerTo(t).Implements(textUnmarshaler) {
		return map[string]any{"type": "string"}
	}
	return map[string]any{}
}
