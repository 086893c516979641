package peers

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bytedance/sonic"
	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
)

// The command's batch lines, decoded in one pass into typed values, and
// its results, encoded: what a JSON library costs the CLI per line,
// whatever the rules cost.

// eligibilityLine is a line of "kartusehat eligibility --batch".
type eligibilityLine struct {
	ID    string            `json:"id,omitempty"`
	Date  rules.Date        `json:"date,omitzero"`
	Facts eligibility.Facts `json:"facts"`
}

// priceLine is a line of "kartusehat price --batch".
type priceLine struct {
	ID      string            `json:"id,omitempty"`
	Episode referral.Episode  `json:"episode"`
	Facts   eligibility.Facts `json:"facts"`
	Billing tariff.Episode    `json:"billing"`
}

// resultLine is a line of output.
type resultLine struct {
	ID     string `json:"id,omitempty"`
	Line   int    `json:"line"`
	Result any    `json:"result"`
}

type priceResult struct {
	Eligibility *eligibility.Decision `json:"eligibility"`
	Assessment  *referral.Assessment  `json:"assessment"`
	Bill        *tariff.Bill          `json:"bill"`
}

// codec is one JSON library as the command would use it: strict decoding
// (an unknown member is an error) and encoding as encoding/json does.
type codec struct {
	name      string
	unmarshal func([]byte, any) error
	marshal   func(any) ([]byte, error)
}

func strictV1(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}

// sonicStd is sonic set up to behave as encoding/json (ConfigStd) and to
// reject unknown members.
var sonicStd = sonic.Config{EscapeHTML: true, SortMapKeys: true, CompactMarshaler: true, CopyString: true,
	ValidateString: true, DisallowUnknownFields: true}.Froze()

// codecs are the libraries measured; json_v2_test.go adds encoding/json/v2
// when built with GOEXPERIMENT=jsonv2 (under which encoding/json itself
// runs on the v2 implementation: its figures are then v1's API on v2).
var codecs = []codec{
	{"encoding_json", strictV1, json.Marshal},
	{"sonic", sonicStd.Unmarshal, sonicStd.Marshal},
}

// batchInputs returns an eligibility line and a price line, from the
// project's examples.
func batchInputs(t testing.TB) (elig, price []byte) {
	compact := func(name string) []byte {
		raw, err := os.ReadFile("../../examples/testdata/" + name)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := json.Compact(&b, raw); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	elig = append([]byte(`{"id":"desk-0001","date":"2018-06-01","facts":`), compact("facts-card-holder.json")...)
	elig = append(elig, '}')
	stay := compact("stay-rsud.json")
	price = append([]byte(`{"id":"stay-0001",`), stay[1:]...)
	return elig, price
}

// batchOutputs decides the two lines with the project and returns the
// results the command writes.
func batchOutputs(t testing.TB, elig, price []byte) (eligOut, priceOut resultLine) {
	var el eligibilityLine
	var pl priceLine
	if err := strictV1(elig, &el); err != nil {
		t.Fatal(err)
	}
	if err := strictV1(price, &pl); err != nil {
		t.Fatal(err)
	}
	rb := rules.Default()
	d, err := eligibility.Check(&el.Facts, rb.At(el.Date))
	if err != nil {
		t.Fatal(err)
	}
	on := pl.Episode.ServiceDate()
	s := rb.At(on)
	pd, err := eligibility.Check(&pl.Facts, s)
	if err != nil {
		t.Fatal(err)
	}
	a, err := referral.Assess(&pl.Episode, &pd, s)
	if err != nil {
		t.Fatal(err)
	}
	ep := pl.Billing
	ep.Facility, ep.CareType = pl.Episode.Facility, pl.Episode.CareType
	f, err := os.Open("../../examples/testdata/inacbg-synthetic.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	table, err := tariff.LoadTable(f, "inacbg-synthetic.csv", "synthetic")
	if err != nil {
		t.Fatal(err)
	}
	bill, err := tariff.Price(&ep, &a, s, table)
	if err != nil {
		t.Fatal(err)
	}
	return resultLine{ID: el.ID, Line: 1, Result: &d}, resultLine{ID: pl.ID, Line: 1, Result: &priceResult{&pd, &a, &bill}}
}

// appendResult writes a result line with the project's own JSON writers
// (AppendJSON), as a command can without any library.
func appendResult(b []byte, r resultLine) ([]byte, error) {
	b = append(b, `{"id":`...)
	b = appendJSONString(b, r.ID)
	b = append(b, `,"line":`...)
	b = strconv.AppendInt(b, int64(r.Line), 10)
	b = append(b, `,"result":`...)
	switch v := r.Result.(type) {
	case *eligibility.Decision:
		b = v.AppendJSON(b)
	case *priceResult:
		b = append(b, `{"eligibility":`...)
		b = v.Eligibility.AppendJSON(b)
		b = append(b, `,"assessment":`...)
		var err error
		if b, err = v.Assessment.AppendJSON(b); err != nil {
			return nil, err
		}
		b = append(b, `,"bill":`...)
		b = v.Bill.AppendJSON(b)
		b = append(b, '}')
	default:
		return nil, fmt.Errorf("no writer for %T", v)
	}
	return append(b, '}'), nil
}

// TestCodecsAgree: every library decodes the lines to the same values,
// rejects an unknown member, and encodes the results to the same JSON.
func TestCodecsAgree(t *testing.T) {
	elig, price := batchInputs(t)
	eligOut, priceOut := batchOutputs(t, elig, price)
	var wantE eligibilityLine
	var wantP priceLine
	_ = strictV1(elig, &wantE)
	_ = strictV1(price, &wantP)
	wantEOut, _ := json.Marshal(eligOut)
	wantPOut, _ := json.Marshal(priceOut)
	for _, c := range codecs {
		var e eligibilityLine
		var p priceLine
		if err := c.unmarshal(elig, &e); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if err := c.unmarshal(price, &p); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		a, _ := json.Marshal(e)
		b, _ := json.Marshal(wantE)
		if string(a) != string(b) {
			t.Errorf("%s decodes the eligibility line as\n%s\nwant\n%s", c.name, a, b)
		}
		a, _ = json.Marshal(p)
		b, _ = json.Marshal(wantP)
		if string(a) != string(b) {
			t.Errorf("%s decodes the price line as\n%s\nwant\n%s", c.name, a, b)
		}
		typo := bytes.Replace(elig, []byte(`"kk_city"`), []byte(`"kk_ctiy"`), 1)
		if err := c.unmarshal(typo, new(eligibilityLine)); err == nil || !strings.Contains(err.Error(), "kk_ctiy") {
			t.Errorf("%s: an unknown member gives %v", c.name, err)
		}
		for _, o := range []struct {
			v    resultLine
			want []byte
		}{{eligOut, wantEOut}, {priceOut, wantPOut}} {
			if got, err := appendResult(nil, o.v); err != nil || !sameJSON(got, o.want) {
				t.Errorf("AppendJSON writes %s (%v)\nwant\n%s", got, err, o.want)
			}
			got, err := c.marshal(o.v)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if !sameJSON(got, o.want) {
				t.Errorf("%s encodes\n%s\nwant\n%s", c.name, got, o.want)
			}
		}
	}
}

// sameJSON compares two documents as values (v2 may order nothing
// differently, but spacing and escaping may differ).
func sameJSON(a, b []byte) bool {
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal(b, &y) != nil {
		return false
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return string(xa) == string(ya)
}

// BenchmarkJSON decodes and encodes the batch lines with each library.
// SetBytes is the input line's size, so MB/s compares with jq on the
// same file.
func BenchmarkJSON(b *testing.B) {
	elig, price := batchInputs(b)
	eligOut, priceOut := batchOutputs(b, elig, price)
	for name, out := range map[string]resultLine{"encode_eligibility": eligOut, "encode_price": priceOut} {
		b.Run(name+"/append_json", func(b *testing.B) {
			b.ReportAllocs()
			buf := make([]byte, 0, 16<<10)
			for b.Loop() {
				var err error
				if buf, err = appendResult(buf[:0], out); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	for _, c := range codecs {
		b.Run("decode_eligibility/"+c.name, func(b *testing.B) {
			b.SetBytes(int64(len(elig)))
			b.ReportAllocs()
			for b.Loop() {
				var l eligibilityLine
				if err := c.unmarshal(elig, &l); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("encode_eligibility/"+c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.marshal(eligOut); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("decode_price/"+c.name, func(b *testing.B) {
			b.SetBytes(int64(len(price)))
			b.ReportAllocs()
			for b.Loop() {
				var l priceLine
				if err := c.unmarshal(price, &l); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run("encode_price/"+c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.marshal(priceOut); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// appendJSONString appends s as a JSON string, escaped as encoding/json
// escapes it but for <, > and &: a command's own writer (the module's is
// internal to it).
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b = append(b, '\\', byte(r))
		case r == '\n':
			b = append(b, '\\', 'n')
		case r == '\r':
			b = append(b, '\\', 'r')
		case r == '\t':
			b = append(b, '\\', 't')
		case r < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[r>>4], hex[r&0xf])
		case r == '\u2028' || r == '\u2029':
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xf])
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return append(b, '"')
}
