package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEligibilityCommand(t *testing.T) {
	facts, err := os.ReadFile("../../examples/testdata/facts-card-holder.json")
	require.NoError(t, err)

	code, out, errOut := runCmd(t, string(facts), "eligibility", "--date", "2018-06-01")
	require.Equal(t, 0, code, errOut)
	var d struct {
		Eligible bool   `json:"eligible"`
		Basis    string `json:"basis"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &d))
	assert.True(t, d.Eligible)
	assert.Equal(t, "card_holder", d.Basis)

	// Bad facts: a clear error naming the field, exit status 1.
	bad := strings.Replace(string(facts), `"kk": "3275010101170001",`, `"kk": "327501",`, 1)
	code, _, errOut = runCmd(t, bad, "eligibility", "--date", "2018-06-01")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "bad_value: /person/kk: a KK number has 16 digits")

	code, out, _ = runCmd(t, string(facts), "eligibility")
	assert.Equal(t, 1, code)
	assert.JSONEq(t, `{"error": {"code": "missing", "pointer": "/date", "message": "wajib diisi: tanggal pelayanan (\"date\" pada masukan, atau --date)", "message_en": "required: the date of service (\"date\" on the input, or --date)"}}`, out)
}

func TestEligibilityBatch(t *testing.T) {
	facts, err := os.ReadFile("../../examples/testdata/facts-card-holder.json")
	require.NoError(t, err)
	one := strings.Join(strings.Fields(string(facts)), "")
	in := `{"id":"a","date":"2018-06-01","facts":` + one + "}\n" +
		`{"id":"b","facts":` + one + "}\n" +
		"\n" +
		`{"id":"c","date":"2019-02-30","facts":{}}` + "\n" +
		`{"id":"d","date":"2018-06-01","facts":{"person":{"nik":"123"}}}` + "\n"
	code, out, errOut := runCmd(t, in, "eligibility", "--batch", "--date", "2016-01-01")
	require.Equal(t, 1, code, errOut)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 4)
	type result struct {
		ID       string `json:"id"`
		Line     int    `json:"line"`
		Decision *struct {
			Eligible bool `json:"eligible"`
			Reasons  []struct {
				Code string `json:"code"`
			} `json:"reasons"`
		} `json:"result"`
		Error *struct {
			Field   string `json:"pointer"`
			Message string `json:"message_en"`
		} `json:"error"`
	}
	var res []result
	for _, l := range lines {
		var x result
		require.NoError(t, json.Unmarshal([]byte(l), &x))
		res = append(res, x)
	}
	assert.True(t, res[0].Decision.Eligible)
	assert.False(t, res[1].Decision.Eligible, "line b falls back to --date 2016-01-01, before any rules")
	assert.Equal(t, "no_rules_in_force", res[1].Decision.Reasons[0].Code)
	assert.Equal(t, 4, res[2].Line, "line numbers count blank lines")
	require.NotNil(t, res[2].Error)
	assert.Contains(t, res[2].Error.Message, "no such calendar date")
	require.NotNil(t, res[3].Error)
	assert.Equal(t, "/facts/person/nik", res[3].Error.Field)
	assert.Contains(t, errOut, "2 done, 2 with errors")
}

func TestReconcileCommand(t *testing.T) {
	dir := t.TempDir()
	prev := dir + "/prev.csv"
	cur := dir + "/cur.csv"
	require.NoError(t, os.WriteFile(prev, []byte("nik,status\n3275014508900001,resident\n3275051203800008,resident\n"), 0o644))
	require.NoError(t, os.WriteFile(cur, []byte("nik,status,date\n3275014508900001,resident,\n3275051203800008,moved_out,2019-01-15\n"), 0o644))
	code, out, errOut := runCmd(t, "", "reconcile", "--date", "2019-02-28", "--previous", prev, "--current", cur)
	require.Equal(t, 0, code, errOut)
	assert.JSONEq(t, `{"change":"removed","nik":"3275051203800008","reason":"moved_out","date":"2019-01-15","ref":"Perda 9/2018 Ps.10(2)"}`, strings.TrimSpace(out))
	assert.Contains(t, errOut, `"removed":1`)

	require.NoError(t, os.WriteFile(cur, []byte("nik,status\n3275051203800008,resident\n3275014508900001,resident\n"), 0o644))
	code, _, errOut = runCmd(t, "", "reconcile", "--date", "2019-02-28", "--previous", prev, "--current", cur)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "cur.csv:3: NIK 3275**********01 comes after 3275**********08")

	code, _, errOut = runCmd(t, "", "reconcile", "--previous", prev)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "required")
}

func TestReferralCommand(t *testing.T) {
	code, out, errOut := runCmd(t, "", "referral", "--input", "../../examples/testdata/episode-idul-fitri.json")
	require.Equal(t, 0, code, errOut)
	var res struct {
		Eligibility struct {
			Eligible bool `json:"eligible"`
		} `json:"eligibility"`
		Assessment struct {
			Covered   bool   `json:"covered"`
			Payer     string `json:"payer"`
			Deadlines []struct {
				Code, Due, Status string
			} `json:"deadlines"`
		} `json:"assessment"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	assert.True(t, res.Eligibility.Eligible)
	assert.True(t, res.Assessment.Covered)
	require.Len(t, res.Assessment.Deadlines, 2) // the SJP, and the card the patient came without
	assert.Equal(t, "2019-06-12T23:59:59+07:00", res.Assessment.Deadlines[0].Due)
	assert.Equal(t, "card_duty", res.Assessment.Deadlines[1].Code)

	code, _, errOut = runCmd(t, `{"episode": {"facility": "rs-nowhere", "care_type": "outpatient", "admission": "2019-03-04T09:00:00+07:00"}, "facts": {}}`, "referral")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, `facility: unknown facility code "rs-nowhere"`)
}

func TestPriceCommand(t *testing.T) {
	code, out, errOut := runCmd(t, "", "price", "--input", "../../examples/testdata/stay-rsud.json", "--inacbg", "../../examples/testdata/inacbg-synthetic.csv")
	require.Equal(t, 0, code, errOut)
	var res struct {
		Bill struct {
			Basis  string `json:"basis"`
			Total  string `json:"total"`
			Lines  []struct{ Kind, Amount string }
			Sample bool `json:"sample"`
		} `json:"bill"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	assert.Equal(t, "inacbg", res.Bill.Basis)
	assert.Equal(t, "26920000", res.Bill.Total, "money travels as exact decimal strings")
	assert.Len(t, res.Bill.Lines, 5)
	assert.False(t, res.Bill.Sample)

	// Without a table the embedded sample is regional 3 only: a clear error.
	code, _, errOut = runCmd(t, "", "price", "--input", "../../examples/testdata/stay-rsud.json")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "no rows for regional 1")

	code, _, errOut = runCmd(t, "", "price", "--input", "../../examples/testdata/stay-rsud.json", "--inacbg", "/no/such.csv")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "no such file")
}

func TestPriceBatch(t *testing.T) {
	one, err := os.ReadFile("../../examples/testdata/stay-rsud.json")
	require.NoError(t, err)
	line := strings.Join(strings.Fields(string(one)), " ")
	in := strings.Replace(line, `{ "episode"`, `{ "id": "c1", "episode"`, 1) + "\n" +
		strings.Replace(strings.Replace(line, `{ "episode"`, `{ "id": "c2", "episode"`, 1), `"K-1-17-I"`, `"Z-9-99-I"`, 1) + "\n" +
		`{"id": "c3", "episode": {}, "billng": {}}` + "\n"
	code, out, errOut := runCmd(t, in, "price", "--batch", "--inacbg", "../../examples/testdata/inacbg-synthetic.csv")
	require.Equal(t, 1, code, errOut)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 3)
	type result struct {
		ID     string `json:"id"`
		Result *struct {
			Bill struct {
				Total string `json:"total"`
			} `json:"bill"`
		} `json:"result"`
		Error *struct {
			Field   string `json:"pointer"`
			Message string `json:"message_en"`
		} `json:"error"`
	}
	var r [3]result
	for i := range lines {
		require.NoError(t, json.Unmarshal([]byte(lines[i]), &r[i]))
	}
	assert.Equal(t, "c1", r[0].ID)
	assert.Equal(t, "26920000", r[0].Result.Bill.Total)
	require.NotNil(t, r[1].Error)
	assert.Equal(t, "/billing/inacbg", r[1].Error.Field)
	require.NotNil(t, r[2].Error)
	assert.Equal(t, "/billng", r[2].Error.Field)
	assert.Contains(t, errOut, "1 done, 2 with errors")
}

func TestClaimCommand(t *testing.T) {
	in := `{"service_end": "2019-03-20", "membership": "card", "submitted": "2019-04-15",
	  "documents": ["ks_copy", "ktp_copy", "kk_copy", "claim_letter", "medical_resume", "sjp_copy", "inacbg_grouping", "exam_results"]}`
	code, out, errOut := runCmd(t, in, "claim")
	require.Equal(t, 0, code, errOut)
	var r struct {
		Complete bool `json:"complete"`
		Missing  []struct{ Code string }
		Timeline struct {
			SubmissionDue string `json:"submission_due"`
			Late          bool   `json:"late"`
		} `json:"timeline"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	assert.False(t, r.Complete)
	require.Len(t, r.Missing, 1)
	assert.Equal(t, "cost_breakdown", r.Missing[0].Code)
	assert.Equal(t, "2019-04-14", r.Timeline.SubmissionDue)
	assert.True(t, r.Timeline.Late)

	code, out, errOut = runCmd(t, `{"id": "a", "service_end": "2019-03-20", "membership": "card", "documents": ["selfie"]}`+"\n", "claim", "--batch")
	require.Equal(t, 1, code, errOut)
	assert.Contains(t, out, `"pointer":"/documents/0"`)
}
