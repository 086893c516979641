package kartusehat

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/interop"
	"github.com/kartusehat/kartusehat/interop/fhir"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("examples/testdata/" + name)
	require.NoError(t, err)
	return b
}

func jsonOf(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// TestEligibilityFromFHIR: the card holder's CoverageEligibilityRequest
// gets, byte for byte, the decision the same facts get as the project's
// JSON, on the day Perda 9/2018 takes effect, the day before and on the
// example's day; to fhir, the response is the example's.
func TestEligibilityFromFHIR(t *testing.T) {
	e := defaultEngine(t)
	elig, _ := OpNamed("eligibility")
	fromFHIR, err := OpFrom(elig, FormatFHIR, "")
	require.NoError(t, err)
	facts := readTestdata(t, "facts-card-holder.json")
	for _, on := range []string{"2018-09-30", "2018-10-01", "2019-03-04"} {
		t.Run(on, func(t *testing.T) {
			_, want, err := e.Do(elig, []byte(`{"date":"`+on+`","facts":`+string(facts)+`}`))
			require.NoError(t, err)
			f, err := eligibilityFactsOf(facts)
			require.NoError(t, err)
			req, err := fhir.NewEligibilityRequest("r", f, rules.MustParseDate(on))
			require.NoError(t, err)
			id, got, err := e.Do(fromFHIR, []byte(jsonOf(t, req)))
			require.NoError(t, err)
			assert.Equal(t, `"r"`, string(id))
			assert.Equal(t, jsonOf(t, want), jsonOf(t, got))
		})
	}
	toFHIR, err := OpFrom(elig, FormatFHIR, FormatFHIR)
	require.NoError(t, err)
	_, got, err := e.Do(toFHIR, readTestdata(t, "eligibility-request.fhir.json"))
	require.NoError(t, err)
	b, err := json.MarshalIndent(got, "", "  ")
	require.NoError(t, err)
	assert.Equal(t, string(readTestdata(t, "eligibility-response.fhir.json")), string(b)+"\n")
}

// syntheticEngine prices with the synthetic INA-CBG table of the
// examples, which has the sample month's groups.
func syntheticEngine(t testing.TB) *Engine {
	t.Helper()
	f, err := os.Open("examples/testdata/inacbg-synthetic.csv")
	require.NoError(t, err)
	defer f.Close()
	tb, err := tariff.LoadTable(f, "inacbg-synthetic.csv", "synthetic INA-CBG table")
	require.NoError(t, err)
	return defaultEngine(t, WithTable(tb))
}

func eligibilityFactsOf(b []byte) (*eligibility.Facts, error) {
	var f eligibility.Facts
	return &f, decodeStrict(b, &f)
}

// TestOpFromErrors: a combination no reader makes is refused, naming
// those that exist; a resource of the wrong type is a field error at
// /resourceType, with every fault kept for an OperationOutcome.
func TestOpFromErrors(t *testing.T) {
	elig, _ := OpNamed("eligibility")
	_, err := OpFrom(elig, FormatEKlaim, "")
	require.Error(t, err)
	e0 := ErrorOf(err)
	assert.Equal(t, rules.CodeBadValue, e0.Code)
	assert.Equal(t, "", e0.Pointer)
	assert.Equal(t, "eligibility reads and answers the project's JSON, or: from fhir; from fhir to fhir", e0.MessageEN)
	price, _ := OpNamed("price")
	_, err = OpFrom(price, FormatFHIR, "")
	assert.Equal(t, "price reads and answers the project's JSON only", ErrorOf(err).MessageEN)

	e := defaultEngine(t)
	op, err := OpFrom(elig, FormatFHIR, "")
	require.NoError(t, err)
	_, _, err = e.Do(op, []byte(`{"resourceType":"Patient"}`))
	require.Error(t, err)
	e1 := ErrorOf(err)
	assert.Equal(t, rules.CodeBadValue, e1.Code)
	assert.Equal(t, "/resourceType", e1.Pointer)
	assert.Equal(t, `A "Patient" resource is not a CoverageEligibilityRequest.`, e1.MessageEN)
	out := fhir.Outcome(err)
	require.Len(t, out.Issue, 1)
	assert.Equal(t, "wrong_resource", out.Issue[0].Details.Coding[0].Code)
}

// TestVerifyMonthFromEKlaim is the acceptance of issue #19: the sample
// month as E-Klaim records gives the same Berita Acara, and the same
// report, as the native month; each line's adjudication is the native
// one (no record's kode_tarif differs from the rulebook's class, so no
// note is added).
func TestVerifyMonthFromEKlaim(t *testing.T) {
	e := syntheticEngine(t)
	var nativeLines, ekLines bytes.Buffer
	want, err := e.VerifyMonth(context.Background(), bytes.NewReader(readTestdata(t, "month-rsud-2019-03.jsonl")), &nativeLines, BatchOptions{}, nil)
	require.NoError(t, err)
	got, err := e.VerifyMonth(context.Background(), bytes.NewReader(readTestdata(t, "month-rsud-2019-03.eklaim.jsonl")), &ekLines, BatchOptions{From: FormatEKlaim}, nil)
	require.NoError(t, err)
	assert.Equal(t, jsonOf(t, want.BeritaAcara), jsonOf(t, got.BeritaAcara))
	assert.Equal(t, jsonOf(t, want), jsonOf(t, got))
	assert.Greater(t, want.BeritaAcara.Files, 1)
	// Each file's verdict, reasons, notes and amounts are the native
	// file's (its lines come in E-Klaim's order of categories).
	nl, el := strings.Split(nativeLines.String(), "\n"), strings.Split(ekLines.String(), "\n")
	require.Equal(t, len(nl), len(el))
	for i := range nl {
		type result struct {
			ID      json.RawMessage `json:"id"`
			Verdict json.RawMessage `json:"verdict"`
			Reasons json.RawMessage `json:"reasons"`
			Notes   json.RawMessage `json:"notes"`
			Amounts json.RawMessage `json:"amounts"`
		}
		var n, k struct {
			Result result          `json:"result"`
			Error  json.RawMessage `json:"error"`
		}
		if nl[i] == "" {
			continue
		}
		require.NoError(t, json.Unmarshal([]byte(nl[i]), &n))
		require.NoError(t, json.Unmarshal([]byte(el[i]), &k))
		assert.Equal(t, n, k, "line %d", i+1)
		assert.NotEmpty(t, k.Result.Amounts, "line %d", i+1)
	}

	_, err = e.VerifyMonth(context.Background(), strings.NewReader(""), &ekLines, BatchOptions{From: "csv"}, nil)
	assert.Equal(t, `"csv": the claim files of a month are the project's JSON, eklaim or fhir`, ErrorOf(err).MessageEN)
}

// TestVerifyMonthFromEKlaimFault: a record that does not read is its
// line's error at its JSON Pointer into the record, counted among the
// Berita Acara's errors, and the batch goes on.
func TestVerifyMonthFromEKlaimFault(t *testing.T) {
	e := syntheticEngine(t)
	month := readTestdata(t, "month-rsud-2019-03.eklaim.jsonl")
	first, rest, _ := bytes.Cut(month, []byte("\n"))
	bad := bytes.Replace(first, []byte(`"kamar":`), []byte(`"kamar_vip":`), 1)
	require.NotEqual(t, first, bad)
	var out bytes.Buffer
	rep, err := e.VerifyMonth(context.Background(), bytes.NewReader(append(append(bad, '\n'), rest...)), &out, BatchOptions{From: FormatEKlaim}, nil)
	require.ErrorAs(t, err, new(BatchFailed))
	require.NotNil(t, rep)
	assert.Equal(t, 1, rep.BeritaAcara.Errors)
	line, _, _ := strings.Cut(out.String(), "\n")
	var item struct {
		Line  int               `json:"line"`
		Error *rules.FieldError `json:"error"`
	}
	require.NoError(t, json.Unmarshal([]byte(line), &item))
	assert.Equal(t, 1, item.Line)
	require.NotNil(t, item.Error)
	assert.Equal(t, rules.CodeUnknownField, item.Error.Code)
	assert.Equal(t, "/data/tarif_rs/kamar_vip", item.Error.Pointer)
}

// TestFormats: what each operation reads and answers besides the
// project's JSON.
func TestFormats(t *testing.T) {
	elig, _ := OpNamed("eligibility")
	ref, _ := OpNamed("referral")
	price, _ := OpNamed("price")
	assert.Equal(t, map[string][]string{"fhir": {"fhir"}}, Formats(elig))
	assert.Equal(t, map[string][]string{"sep": nil}, Formats(ref))
	assert.Equal(t, map[string][]string{"eklaim": {"eklaim"}, "fhir": {"fhir"}}, Formats(AdjudicateOp))
	assert.Empty(t, Formats(price))
	same, err := OpFrom(price, "", "")
	require.NoError(t, err)
	assert.Same(t, price, same)
}

// TestReadingErrors: a reader's fault is the module's one field error,
// with the stable code hosts see and the reader's own code as its Kind
// (errors.Is finds it; the OperationOutcome shows it), every fault of a
// reading listed by ErrorsOf.
func TestReadingErrors(t *testing.T) {
	for _, tc := range []struct {
		code interop.Code
		want rules.ErrorCode
	}{
		{interop.CodeUnknownField, rules.CodeUnknownField},
		{interop.CodeMissing, rules.CodeMissing},
		{interop.CodeBadValue, rules.CodeBadValue},
		{interop.CodeTotalMismatch, rules.CodeInconsistent},
		{interop.CodeWrongResource, rules.CodeBadValue},
		{interop.CodeNoPatientID, rules.CodeMissing},
		{interop.CodeNotJamkesda, rules.CodeRefused},
		{interop.CodeUnknownFacilty, rules.CodeOutOfRange},
	} {
		fe := interop.NewError(tc.code, "/x", "id 3275014508900001", "en")
		assert.Equal(t, tc.want, fe.Code, tc.code)
		assert.Equal(t, "id 3275**********01", fe.Message, tc.code)
		assert.True(t, errors.Is(fe, tc.code) && errors.Is(fe, interop.ErrInterop) && errors.Is(fe, tc.want), tc.code)
		assert.Equal(t, tc.code, interop.CodeOf(fe))
	}
	assert.Len(t, interop.Codes(), 8)

	e := syntheticEngine(t)
	first, _, _ := bytes.Cut(readTestdata(t, "month-rsud-2019-03.eklaim.jsonl"), []byte("\n"))
	bad := bytes.Replace(first, []byte(`"payor_cd":"`), []byte(`"payor_cd":"JKN`), 1)
	bad = bytes.Replace(bad, []byte(`"jenis_rawat":"`), []byte(`"jenis_rawat":"9`), 1)
	require.NotEqual(t, first, bad)
	op, err := OpFrom(AdjudicateOp, FormatEKlaim, "")
	require.NoError(t, err)
	_, _, err = e.Do(op, bad)
	require.Error(t, err)
	assert.True(t, errors.Is(err, interop.CodeNotJamkesda))
	assert.False(t, errors.Is(err, interop.CodeTotalMismatch))
	var got []string
	for _, fe := range ErrorsOf(err) {
		got = append(got, string(fe.Code)+" "+fe.Pointer)
	}
	assert.Equal(t, []string{"refused /data/payor_cd", "bad_value /data/jenis_rawat"}, got)
	assert.Equal(t, ErrorsOf(err)[0], ErrorOf(err))
	out := fhir.Outcome(err)
	require.Len(t, out.Issue, 2)
	assert.Equal(t, "payor_not_jamkesda", out.Issue[0].Details.Coding[0].Code)
	assert.Equal(t, "business-rule", out.Issue[0].Code)
	assert.Equal(t, []string{"data.payor_cd"}, out.Issue[0].Expression)
}
