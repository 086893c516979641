package jsonx

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type keyTestItem struct {
	Code     string `json:"code"`
	Quantity int    `json:"quantity"`
}

type keyTestInner struct {
	ValidThrough testDate `json:"valid_through"`
}

type keyTestEmbedded struct {
	Extra string `json:"extra"`
}

type keyTestDoc struct {
	keyTestEmbedded
	Name    string                  `json:"name"`
	Items   []keyTestItem           `json:"items"`
	Inner   *keyTestInner           `json:"inner"`
	Tags    map[string]keyTestItem  `json:"tags"`
	Raw     json.RawMessage         `json:"raw"`
	Any     any                     `json:"any"`
	Parent  *keyTestDoc             `json:"parent"`
	Skipped string                  `json:"-"`
	Untag   string                  // no tag: the JSON name is Untag
	Grid    [][]keyTestItem         `json:"grid"`
	ByDate  map[string][]keyTestDoc `json:"by_date"`
}

// TestCheckKeys: a key given twice, or a key that matches a field
// only when case is ignored (encoding/json accepts both), is refused with
// its kind, the JSON Pointer and the dotted path of the key.
func TestCheckKeys(t *testing.T) {
	typ := reflect.TypeFor[*keyTestDoc]()
	for _, tc := range []struct {
		name, in string
		want     *KeyError // nil: accepted
	}{
		{"valid", `{"name":"a","items":[{"code":"x","quantity":1}],"inner":{"valid_through":"2019-01-01"},"extra":"e","Untag":"u"}`, nil},
		{"empty", `{}`, nil},
		{"null", `null`, nil},
		{"duplicate top-level", `{"name":"a","items":[],"name":"b"}`,
			&KeyError{Kind: KeyDuplicate, Key: "name", Pointer: "/name", Path: "name"}},
		{"duplicate in an array element", `{"items":[{"code":"x"},{"quantity":2,"quantity":3}]}`,
			&KeyError{Kind: KeyDuplicate, Key: "quantity", Pointer: "/items/1/quantity", Path: "items[1].quantity"}},
		{"duplicate by escape", `{"name":"a","n\u0061me":"b"}`,
			&KeyError{Kind: KeyDuplicate, Key: "name", Pointer: "/name", Path: "name"}},
		{"duplicate in a nested struct", `{"inner":{"valid_through":"2019-01-01","valid_through":"2020-01-01"}}`,
			&KeyError{Kind: KeyDuplicate, Key: "valid_through", Pointer: "/inner/valid_through", Path: "inner.valid_through"}},
		{"duplicate in a map", `{"tags":{"a":{},"a":{}}}`,
			&KeyError{Kind: KeyDuplicate, Key: "a", Pointer: "/tags/a", Path: "tags.a"}},
		{"duplicate in raw JSON", `{"raw":{"k":1,"k":2}}`,
			&KeyError{Kind: KeyDuplicate, Key: "k", Pointer: "/raw/k", Path: "raw.k"}},
		{"duplicate in any", `{"any":[{"k":1,"k":2}]}`,
			&KeyError{Kind: KeyDuplicate, Key: "k", Pointer: "/any/0/k", Path: "any[0].k"}},
		{"duplicate in an array of arrays", `{"grid":[[],[{"code":"a","code":"b"}]]}`,
			&KeyError{Kind: KeyDuplicate, Key: "code", Pointer: "/grid/1/0/code", Path: "grid[1][0].code"}},
		{"pointer escapes", `{"tags":{"a/b~c":{},"a/b~c":{}}}`,
			&KeyError{Kind: KeyDuplicate, Key: "a/b~c", Pointer: "/tags/a~1b~0c", Path: "tags.a/b~c"}},
		{"cased top-level", `{"Name":"a"}`,
			&KeyError{Kind: KeyCaseMismatch, Key: "Name", Field: "name", Pointer: "/Name", Path: "Name"}},
		{"cased embedded field", `{"EXTRA":"a"}`,
			&KeyError{Kind: KeyCaseMismatch, Key: "EXTRA", Field: "extra", Pointer: "/EXTRA", Path: "EXTRA"}},
		{"cased untagged field", `{"untag":"a"}`,
			&KeyError{Kind: KeyCaseMismatch, Key: "untag", Field: "Untag", Pointer: "/untag", Path: "untag"}},
		{"cased in a recursive type", `{"parent":{"items":[{"Code":"x"}]}}`,
			&KeyError{Kind: KeyCaseMismatch, Key: "Code", Field: "code", Pointer: "/parent/items/0/Code", Path: "parent.items[0].Code"}},
		{"cased under a map", `{"by_date":{"2019-01-01":[{"NAME":"x"}]}}`,
			&KeyError{Kind: KeyCaseMismatch, Key: "NAME", Field: "name", Pointer: "/by_date/2019-01-01/0/NAME", Path: "by_date.2019-01-01[0].NAME"}},
		// U+017F LATIN SMALL LETTER LONG S folds to s in encoding/json.
		{"Unicode-folded key", `{"inner":{"valid_through":"2019-01-01"},"ſkipped":1,"nameſ":2}`,
			&KeyError{Kind: KeyUnknown, Key: "ſkipped", Pointer: "/ſkipped", Path: "ſkipped"}},
		{"Unicode-folded field", `{"naMe":1}`,
			&KeyError{Kind: KeyCaseMismatch, Key: "naMe", Field: "name", Pointer: "/naMe", Path: "naMe"}},
		{"long s", `{"itemſ":[]}`,
			&KeyError{Kind: KeyCaseMismatch, Key: "itemſ", Field: "items", Pointer: "/itemſ", Path: "itemſ"}},
		{"tagged minus is unknown", `{"Skipped":1}`,
			&KeyError{Kind: KeyUnknown, Key: "Skipped", Pointer: "/Skipped", Path: "Skipped"}},
		{"empty key twice", `{"tags":{"":{},"":{}}}`,
			&KeyError{Kind: KeyDuplicate, Key: "", Pointer: "/tags/", Path: "tags."}},
		{"empty key in an array", `[{"":1,"":2}]`,
			&KeyError{Kind: KeyDuplicate, Key: "", Pointer: "/0/", Path: "[0]."}},
		{"map keys keep their case", `{"tags":{"A":{},"a":{}}}`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckKeys([]byte(tc.in), typ)
			if tc.want == nil {
				assert.NoError(t, err)
				return
			}
			var ke *KeyError
			require.True(t, errors.As(err, &ke), "%v", err)
			assert.Equal(t, tc.want, ke)
		})
	}
	// encoding/json itself fills the field from the cased key: that is
	// what the check is for.
	var d keyTestDoc
	require.NoError(t, json.Unmarshal([]byte(`{"itemſ":[{"code":"x"}]}`), &d))
	assert.Len(t, d.Items, 1)
}

// TestCheckKeysMany: duplicates are found past the small-object list.
func TestCheckKeysMany(t *testing.T) {
	var b strings.Builder
	b.WriteString("{")
	for i := range 40 {
		b.WriteString(`"k` + strconv.Itoa(i) + `":1,`)
	}
	b.WriteString(`"k33":2}`)
	var ke *KeyError
	require.ErrorAs(t, CheckKeys([]byte(b.String()), reflect.TypeFor[map[string]int]()), &ke)
	assert.Equal(t, "/k33", ke.Pointer)
	assert.NoError(t, CheckKeys([]byte(strings.Replace(b.String(), `"k33":2`, `"k40":2`, 1)), reflect.TypeFor[map[string]int]()))
}

// TestKeyErrorMasksNIK: a NIK typed as a key does not reach the error
// text in full.
func TestKeyErrorMasksNIK(t *testing.T) {
	err := CheckKeys([]byte(`{"3275010101010001":1,"3275010101010001":2}`), reflect.TypeFor[any]())
	require.Error(t, err)
	assert.Equal(t, `rules: duplicate JSON key "3275**********01" at /3275**********01`, err.Error())
	err = CheckKeys([]byte(`{"Name":1}`), reflect.TypeFor[keyTestDoc]())
	assert.Equal(t, `rules: JSON key "Name" at /Name matches field "name" only ignoring case`, err.Error())
	assert.Equal(t, "duplicate", KeyDuplicate.String())
	assert.Equal(t, "case_mismatch", KeyCaseMismatch.String())
	assert.Equal(t, "unknown", KeyUnknown.String())
}

// dupByTokens is a slow oracle: whether an object holds a key twice,
// found with encoding/json's token stream; ok is false if it cannot say.
func dupByTokens(data []byte) (dup, ok bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	type frame struct {
		obj  bool
		seen map[string]bool
		key  bool // the next string token is a key
	}
	var stack []*frame
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return false, true
		}
		if err != nil {
			return false, false
		}
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if s, ok := tok.(string); ok && top != nil && top.obj && top.key {
			if top.seen[s] {
				return true, true
			}
			top.seen[s] = true
			top.key = false
			continue
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &frame{obj: true, seen: map[string]bool{}, key: true})
			continue
		case json.Delim('['):
			stack = append(stack, &frame{})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
		}
		if len(stack) > 0 && stack[len(stack)-1].obj {
			stack[len(stack)-1].key = true
		}
	}
}

// FuzzCheckKeys: CheckKeys never panics nor loops on any bytes, and
// on valid JSON finds a duplicate key exactly when there is one.
func FuzzCheckKeys(f *testing.F) {
	for _, s := range []string{`{"a":1,"b":[{"a":1,"a":2}]}`, `{"a":{"a":{}},"\u0061":0}`, `[1,"x",{"k":null}]`, `{"a":"\"}","b":1,"a\\":2}`, `{`, `[`, `"`, `{"a"`, `{"a":[}`, "{\"\xff\":1,\"\xfe\":2}"} {
		f.Add([]byte(s))
	}
	anyType := reflect.TypeFor[any]()
	docType := reflect.TypeFor[keyTestDoc]()
	f.Fuzz(func(t *testing.T, data []byte) {
		err := CheckKeys(data, anyType)
		_ = CheckKeys(data, docType) // nor on a struct type
		if !json.Valid(data) {
			return
		}
		dup, ok := dupByTokens(data)
		if !ok {
			return
		}
		if !dup {
			assert.NoError(t, err, "no duplicate in %q", data)
			return
		}
		var ke *KeyError
		require.ErrorAs(t, err, &ke, "a duplicate in %q", data)
		assert.Equal(t, KeyDuplicate, ke.Kind)
	})
}

// BenchmarkCheckKeys: the key check on a small document of each
// shape it walks.
func BenchmarkCheckKeys(b *testing.B) {
	doc := []byte(`{"name":"a","items":[{"code":"x","quantity":1},{"code":"y","quantity":2}],"inner":{"valid_through":"2019-01-01"},"tags":{"a":{"code":"z"}},"extra":"e"}`)
	typ := reflect.TypeFor[*keyTestDoc]()
	b.SetBytes(int64(len(doc)))
	for b.Loop() {
		if CheckKeys(doc, typ) != nil {
			b.Fatal("refused")
		}
	}
}

// testDate has its own UnmarshalText, as rules.Date does: its keys are
// not a struct's.
type testDate struct{ s string }

func (d *testDate) UnmarshalText(b []byte) error { d.s = string(b); return nil }

func TestPointer(t *testing.T) {
	for in, want := range map[string]string{
		"":                       "",
		"person.kk":              "/person/kk",
		"documents.card.niks[0]": "/documents/card/niks/0",
		"items[1].quantity":      "/items/1/quantity",
		"grid[2][3]":             "/grid/2/3",
		"a/b.c~d":                "/a~1b/c~0d",
	} {
		assert.Equal(t, want, Pointer(in), in)
	}
}
