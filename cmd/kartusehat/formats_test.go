package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const (
	testdata  = "../../examples/testdata/"
	synthetic = testdata + "inacbg-synthetic.csv"
)

func readTestdata(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(testdata + name)
	require.NoError(t, err)
	return string(b)
}

// TestFromFHIR: eligibility and claim adjudicate read FHIR R4 and give,
// byte for byte, the output the same input gets as the project's JSON;
// --to fhir answers the example's CoverageEligibilityResponse and
// ClaimResponse (the files the interop/fhir tests check against the R4
// schema).
func TestFromFHIR(t *testing.T) {
	for _, tc := range []struct {
		name       string
		args, same []string
		want       string // a file of examples/testdata
	}{
		{name: "eligibility", args: []string{"eligibility", "--from", "fhir", testdata + "eligibility-request.fhir.json"},
			same: []string{"eligibility", "--date", "2019-03-04", testdata + "facts-card-holder.json"}},
		{name: "eligibility to fhir", args: []string{"eligibility", "--from", "fhir", "--to", "fhir", testdata + "eligibility-request.fhir.json"},
			want: "eligibility-response.fhir.json"},
		{name: "claim adjudicate", args: []string{"claim", "adjudicate", "--inacbg", synthetic, "--from", "fhir", testdata + "claim-stay.fhir.json"},
			same: []string{"claim", "adjudicate", "--inacbg", synthetic, testdata + "claim-stay.json"}},
		{name: "claim adjudicate to fhir", args: []string{"claim", "adjudicate", "--inacbg", synthetic, "--from", "fhir", "--to", "fhir", testdata + "claim-stay.fhir.json"},
			want: "claim-stay-response.fhir.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCmd(t, "", tc.args...)
			require.Equal(t, 0, code, errOut)
			want := ""
			if tc.want != "" {
				want = readTestdata(t, tc.want)
			} else {
				c, o, e := runCmd(t, "", tc.same...)
				require.Equal(t, 0, c, e)
				want = o
			}
			assert.Equal(t, want, out)
		})
	}
}

// TestFromEKlaim: claim adjudicate reads an E-Klaim record and answers
// per tarif_rs category; the categories' payable amounts add up to the
// file's, the native file's (8 800 000 of 9 000 000 claimed, the
// INA-CBG package: each line reduced in proportion, 2 000 000 x 88/90 =
// 1 955 555.56, to the rupiah 1 955 556).
func TestFromEKlaim(t *testing.T) {
	code, out, errOut := runCmd(t, "", "claim", "adjudicate", "--inacbg", synthetic, "--from", "eklaim", "--to", "eklaim", testdata+"claim-rsud-2019-03-0001.eklaim.json")
	require.Equal(t, 0, code, errOut)
	var ans struct {
		NomorSEP string `json:"nomor_sep"`
		Verdict  string `json:"verdict"`
		TarifRS  []struct {
			Kategori, Status, Diajukan, Dibayar, Dikurangi, Ditolak string
		} `json:"tarif_rs"`
		Amounts  map[string]string `json:"amounts"`
		Unmapped []any             `json:"unmapped"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &ans))
	assert.NotNil(t, ans.Unmapped, `"unmapped": [], never left out`)
	assert.Empty(t, ans.Unmapped)
	assert.Equal(t, "SJP/2019/03/0001", ans.NomorSEP)
	assert.Equal(t, "partly_paid", ans.Verdict)
	type cat struct{ Kategori, Status, Diajukan, Dibayar, Dikurangi, Ditolak string }
	var got []cat
	for _, c := range ans.TarifRS {
		got = append(got, cat(c))
	}
	assert.Equal(t, []cat{
		{"prosedur_non_bedah", "reduced", "2000000", "1955556", "44444", "0"},
		{"laboratorium", "reduced", "1500000", "1466667", "33333", "0"},
		{"kamar", "reduced", "2500000", "2444444", "55556", "0"},
		{"obat", "reduced", "3000000", "2933333", "66667", "0"},
	}, got)
	assert.Equal(t, map[string]string{"claimed": "9000000", "payable": "8800000", "reduced": "200000", "denied": "0",
		"deposit_netted": "0", "transfer": "8800000"}, ans.Amounts)

	// Without --to the answer is the native file's adjudication.
	code, out, errOut = runCmd(t, "", "claim", "adjudicate", "--inacbg", synthetic, "--from", "eklaim", testdata+"claim-rsud-2019-03-0001.eklaim.json")
	require.Equal(t, 0, code, errOut)
	first, _, _ := strings.Cut(readTestdata(t, "month-rsud-2019-03.jsonl"), "\n")
	_, native, _ := runCmd(t, first, "claim", "adjudicate", "--inacbg", synthetic)
	var a, b struct {
		Verdict json.RawMessage `json:"verdict"`
		Reasons json.RawMessage `json:"reasons"`
		Amounts json.RawMessage `json:"amounts"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &a))
	require.NoError(t, json.Unmarshal([]byte(native), &b))
	assert.Equal(t, b, a)
}

// TestVerifyFromEKlaim: the sample month as E-Klaim records gives,
// byte for byte, the native month's report line (Berita Acara,
// schedule, budget, recap).
func TestVerifyFromEKlaim(t *testing.T) {
	lastLine := func(s string) string {
		lines := strings.Split(strings.TrimSpace(s), "\n")
		return lines[len(lines)-1]
	}
	code, ek, errOut := runCmd(t, "", "claim", "verify", "--inacbg", synthetic, "--from", "eklaim", testdata+"month-rsud-2019-03.eklaim.jsonl")
	require.Equal(t, 0, code, errOut)
	code, native, errOut := runCmd(t, "", "claim", "verify", "--inacbg", synthetic, testdata+"month-rsud-2019-03.jsonl")
	require.Equal(t, 0, code, errOut)
	assert.True(t, strings.HasPrefix(lastLine(native), `{"report":{`))
	assert.Equal(t, lastLine(native), lastLine(ek))
	assert.Equal(t, strings.Count(native, "\n"), strings.Count(ek, "\n"))
}

// TestReferralFromSEP: the first stay of the sample month as an SEP
// gets the native episode's eligibility and assessment, and the list of
// the SEP's fields with no counterpart (none here).
func TestReferralFromSEP(t *testing.T) {
	code, out, errOut := runCmd(t, "", "referral", "--from", "sep", testdata+"referral-sep-rsud-2019-03-0001.json")
	require.Equal(t, 0, code, errOut)
	var in struct {
		Facts json.RawMessage `json:"facts"`
	}
	require.NoError(t, json.Unmarshal([]byte(readTestdata(t, "referral-sep-rsud-2019-03-0001.json")), &in))
	first, _, _ := strings.Cut(readTestdata(t, "month-rsud-2019-03.jsonl"), "\n")
	var file struct {
		Hospital string         `json:"hospital"`
		Episode  map[string]any `json:"episode"`
	}
	require.NoError(t, json.Unmarshal([]byte(first), &file))
	file.Episode["facility"] = file.Hospital
	ep, err := json.Marshal(file.Episode)
	require.NoError(t, err)
	code, native, errOut := runCmd(t, `{"episode":`+string(ep)+`,"facts":`+string(in.Facts)+`}`, "referral")
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, strings.TrimSuffix(native, "\n}\n")+",\n  \"unmapped\": []\n}\n", out)
}

// TestFormatUsage: a format the command does not read, or a --to without
// its --from, is a usage error naming what there is.
func TestFormatUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"eligibility", "--from", "eklaim"}, "kartusehat eligibility: --from eklaim: eligibility reads and answers the project's JSON, or: from fhir; from fhir to fhir\n"},
		{[]string{"claim", "adjudicate", "--to", "fhir"}, "kartusehat claim: --to fhir: claim adjudicate reads and answers the project's JSON, or: " +
			"from eklaim; from eklaim to eklaim; from fhir; from fhir to fhir\n"},
		{[]string{"referral", "--from", "sep", "--to", "fhir"}, "kartusehat referral: flag provided but not defined: -to\n"},
		{[]string{"claim", "verify", "--from", "sep"}, "kartusehat claim: --from sep: the claim files of a month are the project's JSON, eklaim or fhir\n"},
	} {
		code, out, errOut := runCmd(t, "", tc.args...)
		assert.Equal(t, 2, code)
		assert.Empty(t, out)
		first, _, _ := strings.Cut(errOut, "Usage:")
		assert.Equal(t, tc.want, first, tc.args)
	}
}

// TestFromFHIRError: a resource of the wrong type is the error shape at
// /resourceType, exit 1.
func TestFromFHIRError(t *testing.T) {
	code, out, _ := runCmd(t, `{"resourceType":"Claim"}`, "eligibility", "--from", "fhir")
	assert.Equal(t, 1, code)
	assert.Equal(t, `{
  "error": {
    "code": "bad_value",
    "pointer": "/resourceType",
    "message": "Sumber daya \"Claim\" bukan CoverageEligibilityRequest.",
    "message_en": "A \"Claim\" resource is not a CoverageEligibilityRequest."
  }
}
`, out)
}

// TestFromFHIRBatch: --batch reads one resource a line, each line's id
// the resource's; a line that does not read is its error, at its place.
func TestFromFHIRBatch(t *testing.T) {
	var req map[string]any
	require.NoError(t, json.Unmarshal([]byte(readTestdata(t, "eligibility-request.fhir.json")), &req))
	line, err := json.Marshal(req)
	require.NoError(t, err)
	code, out, errOut := runCmd(t, string(line)+"\n"+`{"resourceType":"CoverageEligibilityRequest","bogus":1}`+"\n", "eligibility", "--from", "fhir", "--batch")
	assert.Equal(t, 1, code)
	assert.Equal(t, "kartusehat eligibility: 2 lines, 1 done, 1 with errors\n", errOut)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 2)
	assert.True(t, strings.HasPrefix(lines[0], `{"line":1,"id":"ks-nik-2019-03-04","result":{"eligible":true,"basis":"nik_resident",`), lines[0])
	assert.Equal(t, `{"line":2,"error":{"code":"unknown_field","pointer":"/bogus","message":"bogus bukan elemen CoverageEligibilityRequest FHIR R4.","message_en":"bogus is not an element of the FHIR R4 CoverageEligibilityRequest."}}`, lines[1])
}

// TestRecapFromEKlaim: the sample month as E-Klaim records gives the
// native month's recap, byte for byte.
func TestRecapFromEKlaim(t *testing.T) {
	code, ek, errOut := runCmd(t, "", "claim", "recap", "--from", "eklaim", testdata+"month-rsud-2019-03.eklaim.jsonl")
	require.Equal(t, 0, code, errOut)
	code, native, errOut := runCmd(t, "", "claim", "recap", testdata+"month-rsud-2019-03.jsonl")
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, native, `"card_inpatient"`)
	assert.Equal(t, native, ek)
}
