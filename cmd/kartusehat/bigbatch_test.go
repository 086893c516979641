package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	writeBatch = flag.String("write-batch", "", "TestWriteBigBatch: write a generated batch to this file")
	batchLines = flag.Int("lines", 1_000_000, "TestWriteBigBatch: lines to generate")
	batchOp    = flag.String("op", "claim", "TestWriteBigBatch: claim or price")
)

// badKinds are the kinds of bad line the generator scatters, with the
// error code each gives.
var badKinds = []struct {
	name, code string
}{
	{"bad date", CodeBadValue},
	{"year 0000", ""}, // bad_value (claim: no year 0 date) or out_of_range (price)
	{"9999-12-31", ""},
	{"1e30", ""},
	{"5 MB line", CodeTooLarge},
	{"trailing garbage", CodeBadJSON},
	{"NIK in a text field", ""},
	{"unknown field", CodeUnknownField},
	{"truncated", CodeBadJSON},
}

// genLine returns line i (1-based) of a generated batch for op, and the
// index of its bad kind in badKinds (-1 for a good line). One line in 10
// is bad, cycling through the kinds; the 5 MB line comes once in 200,000
// lines (and once in any batch of at least 25 lines).
func genLine(op string, i int) ([]byte, int) {
	kind := -1
	if i%10 == 5 {
		kind = (i / 10) % len(badKinds)
		if badKinds[kind].name == "5 MB line" && i%200_000 != 45 && i != 45 {
			kind = 0
		}
	}
	var s string
	switch op {
	case "claim":
		s = `{"id":` + fmt.Sprint(i) + `,"service_end":"2019-03-20","membership":"card","inpatient":true,"submitted":"2019-04-10","documents":["ks_copy","ktp_copy","kk_copy","inpatient_letter","claim_letter","medical_resume","sjp_copy","inacbg_grouping","exam_results","cost_breakdown"]}`
		switch kind {
		case 0:
			s = strings.Replace(s, "2019-03-20", "2019-02-30", 1)
		case 1:
			s = strings.Replace(s, "2019-03-20", "0000-03-20", 1)
		case 2:
			s = strings.Replace(strings.Replace(s, "2019-03-20", "9999-12-31", 1), `"submitted":"2019-04-10",`, "", 1)
		case 3:
			s = strings.Replace(s, `"membership":"card"`, `"membership":1e30`, 1)
		case 6:
			s = strings.Replace(s, `"ks_copy"`, `"3275014508900001"`, 1)
		}
	default:
		s = `{"id":"c-` + fmt.Sprint(i) + `","episode":{"patient_nik":"3275014508900001","facility":"rsud-cam","care_type":"inpatient","admission":"2019-03-04T10:00:00+07:00","discharge":"2019-03-09T11:00:00+07:00","referral":{"from":"pkm-pekayon-jaya","date":"2019-03-04","reason":"medical","kind":"full","diagnosis":"K35.8"},"sjp":{"nik":"3275014508900001","issued":"2019-03-05T09:00:00+07:00"},"back_referral_sent":true},"facts":{"person":{"nik":"3275014508900001","kk":"3275010101170001","kk_city":"3275","registry":{"status":"living"}},"jkn":{"status":"none"}},"billing":{"inacbg":"K-1-17-I","top_ups":["YY01"],"items":[{"kind":"ambulance","tier":"city"},{"kind":"blood_bag","quantity":2,"unit_price":"360000"},{"kind":"erythropoietin","quantity":2}]}}`
		switch kind {
		case 0:
			s = strings.Replace(s, `"date":"2019-03-04"`, `"date":"2019-02-30"`, 1)
		case 1:
			s = strings.ReplaceAll(s, "2019-03-04T10:00:00+07:00", "0000-03-04T10:00:00+07:00")
		case 2:
			s = strings.Replace(strings.Replace(s, "2019-03-04T10:00:00+07:00", "9999-12-31T10:00:00+07:00", 1), `"discharge":"2019-03-09T11:00:00+07:00",`, "", 1)
			s = strings.Replace(s, `"date":"2019-03-04"`, `"date":"9999-12-31"`, 1)
		case 3:
			s = strings.Replace(s, `"unit_price":"360000"`, `"unit_price":"1e30"`, 1)
		case 6:
			s = strings.Replace(s, `"facility":"rsud-cam"`, `"facility":"3275014508900002"`, 1)
		}
	}
	switch kind {
	case 4:
		s = `{"id":` + fmt.Sprint(i) + `,"pad":"` + strings.Repeat("x", 5<<20) + `"}`
	case 5:
		s += ` {"again":true}`
	case 7:
		s = strings.Replace(s, `{"id"`, `{"idd":0,"id"`, 1)
	case 8:
		s = s[:len(s)/2]
	}
	return []byte(s), kind
}

func genBatch(w io.Writer, op string, n int) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	for i := 1; i <= n; i++ {
		l, _ := genLine(op, i)
		bw.Write(l)
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// TestBigBatch runs a generated batch with bad lines of every kind
// scattered through it: exactly one output line per input line, in order,
// each bad line an error of its kind, exit 1, no NIK on standard error.
// The full million is run by hand (see TestWriteBigBatch and the README).
func TestBigBatch(t *testing.T) {
	n := 5_000
	if testing.Short() || raceEnabled {
		n = 1_000
	}
	for _, op := range []string{"claim", "price"} {
		t.Run(op, func(t *testing.T) {
			var in bytes.Buffer
			require.NoError(t, genBatch(&in, op, n))
			args := []string{op, "--batch"}
			if op == "price" {
				args = append(args, "--inacbg", "../../examples/testdata/inacbg-synthetic.csv")
			}
			var out, errb bytes.Buffer
			code := run(args, &in, &out, &errb)
			assert.Equal(t, 1, code)
			assert.NotRegexp(t, fullNIK, errb.String())
			sc := bufio.NewScanner(&out)
			sc.Buffer(nil, 1<<20)
			i := 0
			for sc.Scan() {
				i++
				var item struct {
					Line   int             `json:"line"`
					Result json.RawMessage `json:"result"`
					Error  *wireErr        `json:"error"`
				}
				require.NoError(t, json.Unmarshal(sc.Bytes(), &item))
				require.Equal(t, i, item.Line)
				_, kind := genLine(op, i)
				if kind < 0 {
					require.Nil(t, item.Error, "line %d: %s", i, sc.Text())
					continue
				}
				require.NotNil(t, item.Error, "line %d (%s)", i, badKinds[kind].name)
				if c := badKinds[kind].code; c != "" {
					assert.Equal(t, c, item.Error.Code, "line %d (%s): %s", i, badKinds[kind].name, item.Error.Message)
				}
				assert.NotRegexp(t, fullNIK, item.Error.Message+item.Error.Field)
			}
			require.NoError(t, sc.Err())
			assert.Equal(t, n, i)
			assert.Contains(t, errb.String(), fmt.Sprintf("%d lines, %d done, %d with errors", n, n-n/10, n/10))
		})
	}
}

// TestWriteBigBatch writes a generated batch for measuring by hand:
//
//	go test ./cmd/kartusehat -run TestWriteBigBatch -args -write-batch /tmp/claims.jsonl -lines 1000000 -op claim
func TestWriteBigBatch(t *testing.T) {
	if *writeBatch == "" {
		t.Skip("no -write-batch FILE")
	}
	f, err := os.Create(*writeBatch)
	require.NoError(t, err)
	require.NoError(t, genBatch(f, *batchOp, *batchLines))
	require.NoError(t, f.Close())
}
