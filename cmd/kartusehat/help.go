package main

import (
	"flag"
	"fmt"
	"io"
	"reflect"
	"sort"
	"strings"
	"time"

	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/internal/jsonfield"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/shopspring/decimal"
)

// allowed gives the allowed values of input fields (jsonfield.Allowed).
var allowed = jsonfield.Allowed

// helpField is one input field as the help lists it.
type helpField struct {
	path, kind string
}

// inputFields lists the fields of an input type, depth first, each with
// the JSON kind it takes.
func inputFields(t reflect.Type) []helpField {
	var out []helpField
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type, prefix string)
	walk = func(t reflect.Type, prefix string) {
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if seen[t] {
			return // Facts.parent: the same fields again
		}
		seen[t] = true
		defer delete(seen, t)
		names := structFields(t, false)
		for _, f := range names {
			path := f.Name
			if prefix != "" {
				path = prefix + "." + f.Name
			}
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			kind := describe(ft)
			out = append(out, helpField{path: path, kind: kind})
			switch {
			case kind == "object":
				walk(ft, path)
			case ft.Kind() == reflect.Slice && describe(derefType(ft.Elem())) == "object":
				walk(ft.Elem(), path+"[]")
			}
		}
	}
	walk(t, "")
	return out
}

var (
	typeDate    = reflect.TypeFor[rules.Date]()
	typeTime    = reflect.TypeFor[time.Time]()
	typeNIK     = reflect.TypeFor[eligibility.NIK]()
	typeDecimal = reflect.TypeFor[decimal.Decimal]()
)

// describe names the JSON a field takes.
func describe(t reflect.Type) string {
	switch t {
	case typeDate:
		return "date YYYY-MM-DD"
	case typeTime:
		return "date-time RFC 3339 (2019-03-04T10:00:00+07:00)"
	case typeNIK:
		return "NIK, 16 digits"
	case typeDecimal:
		return "amount, a decimal string (\"360000\")"
	case rawMessage:
		return "any JSON value"
	}
	switch t.Kind() {
	case reflect.Struct:
		return "object"
	case reflect.Slice:
		return "array of " + describe(derefType(t.Elem()))
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "whole number"
	}
	return t.Kind().String()
}

// writeOpHelp writes an operation subcommand's help: usage, what it
// answers, its flags, and every input field with its JSON kind and
// allowed values.
func writeOpHelp(w io.Writer, op *Op, fs *flag.FlagSet) {
	syn := "[FILE | --input FILE] [--batch] [-o json|jsonl] [flags]"
	switch op {
	case verifyOp:
		syn = "[FILE | --input FILE] [-o csv=DIR] [-o xlsx=FILE] [-o json=FILE] [flags]"
	case recapOp:
		syn = "[FILE | --input FILE] [-o json|csv] [-o xlsx=FILE] [flags]"
	}
	name := op.Name
	if name == "claim" {
		name = "claim check" // "kartusehat claim" alone is claim check
	}
	fmt.Fprintf(w, "Usage: kartusehat %s %s\n\n%s\n\nFlags:\n", name, syn, wrap(op.Summary, 100, 0))
	printDefaults(fs)
	fmt.Fprintf(w, "\nInput: one JSON object with these fields (with --batch, one such object a line):\n")
	fields := inputFields(reflect.TypeOf(op.Input()))
	width := 0
	for _, f := range fields {
		width = max(width, len(f.path))
	}
	width = min(width, 40)
	for _, f := range fields {
		line := fmt.Sprintf("  %-*s  %s", width, f.path, f.kind)
		if a, ok := allowed[op.Name+":"+f.path]; ok {
			line += ": " + a
		} else if a, ok := allowed[f.path]; ok {
			line += ": " + a
		} else if a, ok := allowed[strings.TrimPrefix(f.path, "facts.")]; ok {
			line += ": " + a
		} else if a, ok := allowed[strings.TrimPrefix(f.path, "parent.")]; ok {
			line += ": " + a
		}
		fmt.Fprintln(w, wrap(line, 100, width+4))
	}
	fmt.Fprintf(w, "\nErrors are {\"code\", \"pointer\", \"message\", \"message_en\"}: pointer is a JSON Pointer into the input,\nmessage in Bahasa Indonesia, message_en in English.\n")
	fmt.Fprintf(w, "Exit status: 0 all decided, 1 an input or batch line failed, 2 usage error.\n")
}

// wrap breaks s at spaces into lines of at most width columns, continued
// lines indented by indent spaces; a word longer than a line is cut.
// Runs of spaces (alignment) are kept on the first line.
func wrap(s string, width, indent int) string {
	if len(s) <= width {
		return s
	}
	var b strings.Builder
	col := 0
	lead := strings.Repeat(" ", indent)
	for i, word := range strings.Split(s, " ") {
		switch {
		case i == 0:
		case word == "" && col < width:
			b.WriteByte(' ')
			col++
			continue
		case word == "":
			continue
		case col+1+len(word) > width && col > indent:
			b.WriteString("\n" + lead)
			col = indent
		default:
			b.WriteByte(' ')
			col++
		}
		for col+len(word) > width && width-col > 0 {
			cut := width - col
			b.WriteString(word[:cut] + "\n" + lead)
			word, col = word[cut:], indent
		}
		b.WriteString(word)
		col += len(word)
	}
	lines := strings.Split(b.String(), "\n")
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " ")
	}
	return strings.Join(lines, "\n")
}

// wrapIf is wrap, or s unchanged for width 0.
func wrapIf(s string, width, indent int) string {
	if width == 0 {
		return s
	}
	return wrap(s, width, indent)
}

// helpPaths lists every field path of every operation's input, sorted,
// for tests.
func helpPaths() []string {
	set := map[string]bool{}
	for _, op := range Ops {
		for _, f := range inputFields(reflect.TypeOf(op.Input())) {
			set[f.path] = true
			set[strings.TrimPrefix(f.path, "facts.")] = true
		}
	}
	var out []string
	for p := range set {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}
