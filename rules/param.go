package rules

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Kind is the type of a parameter's values.
type Kind uint8

// The kinds of parameter a rulebook may declare with "type:".
const (
	KindInvalid Kind = iota
	KindAmount       // money in rupiah, never negative ("amount")
	KindPercent      // a percentage from 0 to 100 ("percent")
	KindNumber       // a non-negative decimal number ("number")
	KindInt          // a whole number ("int")
	KindBool         // true or false ("bool")
	KindText         // free text ("text")
	KindEnum         // one of the declared options ("enum")
	KindList         // a list of codes ("list")
	KindDate         // a calendar date ("date")
)

var kindNames = [...]string{
	KindInvalid: "invalid",
	KindAmount:  "amount",
	KindPercent: "percent",
	KindNumber:  "number",
	KindInt:     "int",
	KindBool:    "bool",
	KindText:    "text",
	KindEnum:    "enum",
	KindList:    "list",
	KindDate:    "date",
}

// String returns the name of k as written in YAML.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

func parseKind(s string) (Kind, bool) {
	for i, n := range kindNames {
		if i != 0 && n == s {
			return Kind(i), true
		}
	}
	return KindInvalid, false
}

// Value is one dated value of a parameter: what it is, from when and until
// when it is in force, and the article it comes from. It is what a snapshot
// lookup returns, and what a decision records as provenance.
type Value struct {
	Path  string // the parameter's path, such as tariff.ambulance.city
	Kind  Kind
	From  Date   // first day in force
	Until Date   // last day in force; zero while open-ended
	Ref   string // citation, such as "Juknis 440/Kep.21/2017 IV.d.3"
	Note  string // optional remark: a reading chosen, a source's caveat

	num  decimal.Decimal // amount, percent, number, int
	text string          // text, enum
	b    bool
	list []string
	date Date
	disp string     // Display, computed once at load
	site *valueSite // where it was defined, for the loader's checks
	// whole is num as an int64 when wholeOK: a whole number that fits
	// (computed once at load, for integer arithmetic in hot paths).
	whole   int64
	wholeOK bool
}

// valueSite is the file and line of a dated value.
type valueSite struct {
	file string
	line int
}

// prepare computes, once at load, what the hot paths read: the display
// text and the whole number.
func (v *Value) prepare() {
	v.disp = v.display()
	switch v.Kind {
	case KindAmount, KindPercent, KindNumber, KindInt:
		if v.num.IsInteger() && v.num.Cmp(maxWhole) <= 0 && v.num.Cmp(minWhole) >= 0 {
			v.whole, v.wholeOK = v.num.IntPart(), true
		}
	}
}

var (
	maxWhole = decimal.NewFromInt(1<<62 - 1)
	minWhole = decimal.NewFromInt(-(1<<62 - 1))
)

// WholeNumber returns an amount, percent, number or int parameter as an
// int64, with ok true, when it is a whole number (of rupiah, for an
// amount) within ±2^62; hot paths add such values as integers.
func (v *Value) WholeNumber() (n int64, ok bool) { return v.whole, v.wholeOK }

// Decimal returns the value of an amount, percent, number or int
// parameter. It is the zero decimal for other kinds.
func (v *Value) Decimal() decimal.Decimal { return v.num }

// Int returns the value of an int parameter.
func (v *Value) Int() int {
	if v.wholeOK {
		return int(v.whole)
	}
	return int(v.num.IntPart())
}

// Bool returns the value of a bool parameter.
func (v *Value) Bool() bool { return v.b }

// Text returns the value of a text or enum parameter.
func (v *Value) Text() string { return v.text }

// List returns the value of a list parameter. The slice is shared with the
// rulebook and must not be modified.
func (v *Value) List() []string { return v.list }

// Date returns the value of a date parameter.
func (v *Value) Date() Date { return v.date }

// Contains reports whether a list parameter holds code.
func (v *Value) Contains(code string) bool {
	for _, c := range v.list {
		if c == code {
			return true
		}
	}
	return false
}

// InForce reports whether the value is in force on d.
func (v *Value) InForce(d Date) bool {
	return !d.Before(v.From) && (v.Until.IsZero() || !d.After(v.Until))
}

// Display returns the value in the text form it has in YAML (amounts in
// whole rupiah, lists joined by commas).
func (v *Value) Display() string {
	if v.disp != "" {
		return v.disp
	}
	return v.display()
}

func (v *Value) display() string {
	switch v.Kind {
	case KindAmount, KindPercent, KindNumber, KindInt:
		return v.num.String()
	case KindBool:
		return strconv.FormatBool(v.b)
	case KindText, KindEnum:
		return v.text
	case KindList:
		return strings.Join(v.list, ", ")
	case KindDate:
		return v.date.String()
	}
	return ""
}

// Used returns the record of v that a decision keeps as provenance.
func (v *Value) Used() Used {
	return Used{Path: v.Path, Value: v.Display(), From: v.From, Ref: v.Ref}
}

// jsonValue is the JSON form of a Value.
type jsonValue struct {
	Path  string          `json:"path"`
	Kind  string          `json:"type"`
	Value json.RawMessage `json:"value"`
	From  Date            `json:"from"`
	Until *Date           `json:"until,omitempty"`
	Ref   string          `json:"ref"`
	Note  string          `json:"note,omitempty"`
}

// MarshalJSON writes the value with its typed payload: amounts and other
// numbers as JSON strings holding exact decimals, lists as arrays.
func (v Value) MarshalJSON() ([]byte, error) {
	var payload any
	switch v.Kind {
	case KindAmount, KindPercent, KindNumber, KindInt:
		payload = v.num.String()
	case KindBool:
		payload = v.b
	case KindText, KindEnum:
		payload = v.text
	case KindList:
		l := v.list
		if l == nil {
			l = []string{}
		}
		payload = l
	case KindDate:
		payload = v.date
	}
	raw, err := json.Marshal(payload)
	if err != nil {
		return nil, err
	}
	j := jsonValue{Path: v.Path, Kind: v.Kind.String(), Value: raw, From: v.From, Ref: v.Ref, Note: v.Note}
	if !v.Until.IsZero() {
		u := v.Until
		j.Until = &u
	}
	return json.Marshal(j)
}

// Used is the provenance record of one parameter a decision read: enough to
// replay the decision and to audit it against the rulebook.
type Used struct {
	Path  string `json:"path"`
	Value string `json:"value"`
	From  Date   `json:"from"`
	Ref   string `json:"ref"`
}

// param is a leaf of the parameter tree.
type param struct {
	path      string
	desc      string
	kind      Kind
	options   []string // for KindEnum
	ambiguity string   // non-empty when the texts allow more than one reading
	values    []Value  // ascending by From, not overlapping
	file      string
	line      int
}

// at returns the value in force on d.
func (p *param) at(d Date) (Value, bool) {
	if v := p.atPtr(d); v != nil {
		return *v, true
	}
	return Value{}, false
}

// atPtr returns the value in force on d, or nil.
func (p *param) atPtr(d Date) *Value {
	// Parameters hold few dated values; a backwards scan is faster than a
	// binary search at these sizes.
	for i := len(p.values) - 1; i >= 0; i-- {
		v := &p.values[i]
		if !d.Before(v.From) {
			if v.Until.IsZero() || !d.After(v.Until) {
				return v
			}
			return nil
		}
	}
	return nil
}

// Param describes a parameter of the rulebook: its path, type, description,
// the ambiguity it settles if any, and all its dated values.
type Param struct {
	Path        string   `json:"path"`
	Kind        Kind     `json:"-"`
	Description string   `json:"description,omitempty"`
	Options     []string `json:"options,omitempty"`
	Ambiguity   string   `json:"ambiguity,omitempty"`
	Values      []Value  `json:"values"`
}

func (p *param) public() Param {
	return Param{
		Path:        p.path,
		Kind:        p.kind,
		Description: p.desc,
		Options:     append([]string(nil), p.options...),
		Ambiguity:   p.ambiguity,
		Values:      append([]Value(nil), p.values...),
	}
}

// checkValue validates one value against its parameter's declaration.
func (p *param) checkValue(v *Value) (msg string, sentinel error) {
	switch p.kind {
	case KindAmount:
		if v.num.IsNegative() {
			return fmt.Sprintf("negative amount %s", v.num), ErrNegative
		}
	case KindNumber:
		if v.num.IsNegative() {
			return fmt.Sprintf("negative number %s", v.num), ErrNegative
		}
	case KindPercent:
		if v.num.IsNegative() || v.num.GreaterThan(decimal.NewFromInt(100)) {
			return fmt.Sprintf("percentage %s outside 0-100", v.num), ErrRange
		}
	case KindEnum:
		for _, o := range p.options {
			if o == v.text {
				return "", nil
			}
		}
		return fmt.Sprintf("%q is not one of %s", v.text, strings.Join(p.options, ", ")), ErrEnum
	case KindList:
		if p.options == nil {
			return "", nil
		}
	next:
		for _, item := range v.list {
			for _, o := range p.options {
				if o == item {
					continue next
				}
			}
			return fmt.Sprintf("%q is not one of %s", item, strings.Join(p.options, ", ")), ErrEnum
		}
	}
	return "", nil
}
