package main

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// compact reads a testdata input as one JSON line.
func compact(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("../../examples/testdata/" + name)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, json.Compact(&buf, b))
	return buf.String()
}

// TestErrorShape: every error, from every layer, is {"code", "field",
// "message"} with a JSON Pointer and no Go type name.
func TestErrorShape(t *testing.T) {
	stay := compact(t, "stay-rsud.json")
	episode := compact(t, "episode-idul-fitri.json")
	runErrorCases(t, []errorCase{
		{"empty", "referral", ``, errJSON(CodeBadJSON, "", "empty input: expected one JSON object")},
		{"syntax", "referral", `{"episode": }`, errJSON(CodeBadJSON, "", "JSON syntax error at byte 13: invalid character '}' looking for beginning of value")},
		{"truncated", "referral", `{"episode": {`, errJSON(CodeBadJSON, "", "truncated JSON: the input ends inside a value")},
		{"array", "referral", `[1]`, errJSON(CodeBadValue, "", "expected a JSON object, found an array")},
		{"trailing object", "referral", episode + ` {}`, errJSON(CodeBadJSON, "", "trailing data after the JSON value at byte "+itoa(len(episode)+2)+": give one JSON value (use --batch for JSON Lines)")},
		{"trailing garbage", "claim", `{"service_end": "2019-03-20", "membership": "card", "documents": []} x`, errJSON(CodeBadJSON, "", "trailing data after the JSON value at byte 69: give one JSON value (use --batch for JSON Lines)")},
		{"unknown nested field", "referral", strings.Replace(episode, `"care_type"`, `"care_typ"`, 1), errJSON(CodeUnknownField, "/episode/care_typ", "unknown field (check its spelling; --help lists the fields)")},
		{"wrong type", "referral", strings.Replace(episode, `"facility":"rs-ananda"`, `"facility":7`, 1), errJSON(CodeBadValue, "/episode/facility", "expected a string, found a number")},
		{"bad date in array", "claim", `{"service_end": "2019-02-30", "membership": "card", "documents": []}`, errJSON(CodeBadValue, "/service_end", `no such calendar date: "2019-02-30"`)},
		{"NaN amount", "price", strings.Replace(stay, `"unit_price":"360000"`, `"unit_price":"NaN"`, 1), errJSON(CodeBadValue, "/billing/items/1/unit_price", `not an amount: expected a number of rupiah in decimal digits, as a string or a number ("360000"); no hexadecimal, NaN or infinity`)},
		{"hexadecimal amount", "price", strings.Replace(stay, `"unit_price":"360000"`, `"unit_price":"0x10"`, 1), errJSON(CodeBadValue, "/billing/items/1/unit_price", `not an amount: expected a number of rupiah in decimal digits, as a string or a number ("360000"); no hexadecimal, NaN or infinity`)},
		{"huge quantity", "price", strings.Replace(stay, `"quantity":2,"unit_price"`, `"quantity":1e30,"unit_price"`, 1), errJSON(CodeBadValue, "/billing/items/1/quantity", "a whole number is expected, written in digits only (no decimal point, no exponent), found 1e30")},
		{"quantity with a fraction", "price", strings.Replace(stay, `"quantity":2,"unit_price"`, `"quantity":2.5,"unit_price"`, 1), errJSON(CodeBadValue, "/billing/items/1/quantity", "a whole number is expected, written in digits only (no decimal point, no exponent), found 2.5")},
		{"quantity 2.0", "price", strings.Replace(stay, `"quantity":2,"unit_price"`, `"quantity":2.0,"unit_price"`, 1), errJSON(CodeBadValue, "/billing/items/1/quantity", "a whole number is expected, written in digits only (no decimal point, no exponent), found 2.0")},
		{"quantity 1e5", "price", strings.Replace(stay, `"quantity":2,"unit_price"`, `"quantity":1e5,"unit_price"`, 1), errJSON(CodeBadValue, "/billing/items/1/quantity", "a whole number is expected, written in digits only (no decimal point, no exponent), found 1e5")},
		{"quantity past int64", "price", strings.Replace(stay, `"quantity":2,"unit_price"`, `"quantity":99999999999999999999,"unit_price"`, 1), errJSON(CodeOutOfRange, "/billing/items/1/quantity", "a number of 20 digits is outside 1 to 100000, the range of a quantity (MaxQuantity)")},
		{"a leading byte-order mark", "claim", "\ufeff" + `{"service_end": "2019-03-20", "membership": "card", "documents": [], "x": 1}`, errJSON(CodeUnknownField, "/x", "unknown field (check its spelling; --help lists the fields)")},
		{"library field", "referral", strings.Replace(episode, `"from":"pkm-bekasi-jaya"`, `"from":"pkm-nowhere"`, 1), errJSON(CodeBadValue, "/episode/referral/from", `unknown facility code "pkm-nowhere"`)},
		{"missing", "price", episode, errJSON(CodeMissing, "/billing", "required: the INA-CBG group, the hospital's bill, the items outside the package")},
		{"host decision refused", "referral", `{"episode": {}, "eligibility": {"eligible": true}}`, errJSON(CodeRefused, "/eligibility", `a decision supplied by the host is not trusted: send the patient's "facts", and eligibility is decided from them on the date of admission`)},
		{"other person's NIK", "referral", strings.Replace(episode, `"patient_nik":"3275014508900001"`, `"patient_nik":"3275051203800008"`, 1), errJSON(CodeInconsistent, "/episode/patient_nik", "the episode's patient 3275**********08 is not the person of the facts, 3275**********01 (/facts/person/nik)")},
		{"claim field", "claim", `{"service_end": "2019-03-20", "membership": "card", "documents": ["selfie"]}`, errJSON(CodeBadValue, "/documents/0", `unknown document code "selfie"`)},
	})
}

// errorCase is one input of a subcommand and the error it must give.
type errorCase struct {
	name, cmd, in string
	want          wireErr
}

// runErrorCases runs each case's input through its subcommand: exit 1,
// exactly the error wanted, no Go type name.
func runErrorCases(t *testing.T, tests []errorCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := runCmd(t, tt.in, tt.cmd)
			require.Equal(t, 1, code, out+errOut)
			var got struct{ Error wireErr }
			require.NoError(t, json.Unmarshal([]byte(out), &got), out)
			assert.Equal(t, tt.want, got.Error.en())
			assert.NotEmpty(t, got.Error.MessageID, "the Indonesian message")
			assert.NotContains(t, out+errOut, "Go ")
			assert.NotContains(t, out+errOut, "main.")
		})
	}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// TestBatchLines: one line out per line in, the id echoed whatever its
// JSON type, an over-limit line reported and the batch going on, trailing
// data refused, exit 1 with a summary when any line failed.
func TestBatchLines(t *testing.T) {
	ok := `{"service_end": "2019-03-20", "membership": "card", "documents": []`
	in := ok + `, "id": 7}` + "\n" +
		ok + `, "id": {"claim": "x"}}` + "\n" +
		ok + `, "id": "s"} {"second": 1}` + "\n" +
		`{"id": [1, 2], "service_end": 5}` + "\n" +
		`{"pad": "` + strings.Repeat("x", 300) + `"}` + "\n" +
		"\r\n" +
		ok + "}\r\n" +
		`not json` + "\n" +
		ok + `, "id": null}`
	code, out, errOut := runCmd(t, in, "claim", "--batch", "--max-line", "200")
	assert.Equal(t, 1, code)
	assert.Equal(t, "kartusehat claim: 8 lines, 4 done, 4 with errors\n", errOut)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	require.Len(t, lines, 8)
	type item struct {
		Line   int             `json:"line"`
		ID     json.RawMessage `json:"id"`
		Result json.RawMessage `json:"result"`
		Error  *wireErr        `json:"error"`
	}
	var items []item
	for _, l := range lines {
		var it item
		require.NoError(t, json.Unmarshal([]byte(l), &it), l)
		items = append(items, it)
	}
	want := []struct {
		line int
		id   string
		code string
	}{
		{1, `7`, ""},
		{2, `{"claim":"x"}`, ""},
		{3, `"s"`, CodeBadJSON},
		{4, `[1,2]`, CodeBadValue},
		{5, ``, CodeTooLarge},
		{7, ``, ""},
		{8, ``, CodeBadJSON},
		{9, `null`, ""},
	}
	for i, w := range want {
		assert.Equal(t, w.line, items[i].Line, "item %d", i)
		assert.Equal(t, w.id, string(items[i].ID), "item %d", i)
		if w.code == "" {
			assert.Nil(t, items[i].Error, "item %d", i)
			assert.NotEmpty(t, items[i].Result, "item %d", i)
		} else {
			require.NotNil(t, items[i].Error, "item %d", i)
			assert.Equal(t, w.code, items[i].Error.Code, "item %d", i)
		}
	}
	assert.Equal(t, "line 5 is larger than 200 bytes, the limit --max-line", items[4].Error.Message)
	assert.Equal(t, "/service_end", items[3].Error.Field)

	// All lines good: exit 0.
	code, _, errOut = runCmd(t, ok+"}\n"+ok+"}\n", "claim", "--batch")
	assert.Equal(t, 0, code, errOut)
	assert.Equal(t, "kartusehat claim: 2 lines, 2 done, 0 with errors\n", errOut)
}

func TestSingleInputLimit(t *testing.T) {
	code, out, _ := runCmd(t, `{"pad": "`+strings.Repeat("x", 100)+`"}`, "claim", "--max-input", "50")
	assert.Equal(t, 1, code)
	assert.JSONEq(t, `{"error": {"code": "too_large", "pointer": "", "message": "masukan lebih besar dari 50 bita, batas --max-input", "message_en": "the input is larger than 50 bytes, the limit --max-input"}}`, out)
}

// errJSON is an wireErr from its code, field and message.
func errJSON(code, field, msg string) wireErr {
	return wireErr{Code: code, Field: field, Message: msg}
}
