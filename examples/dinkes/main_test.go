package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The example runs on the repository's sample month and prints the
// Berita Acara summary and the schedule.
func TestRun(t *testing.T) {
	t.Chdir("../..")
	var out bytes.Buffer
	require.NoError(t, run([]string{"-budget", "20000000"}, &out))
	s := out.String()
	assert.Contains(t, s, "RSUD-2019-03-0003  refused")
	assert.Contains(t, s, "claimed 54150000 = payable 28400000 + reduced 600000 + denied 25150000; deposits netted 500000; to transfer 27900000")
	assert.Contains(t, s, "budget 2019: paid now 20000000, carried to 2020: 7900000 (Perwal 27.A/2017 Ps.5(2), Ps.11(1))")
	assert.Contains(t, s, "services ended by 2019-03-31: claims due 2019-04-14, Berita Acara due 2019-04-28, payment due 2019-05-14")
	assert.Contains(t, s, "hospital_services_report")
	assert.Error(t, run([]string{"-claims", "nope.jsonl"}, &out))
}
