package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The example runs: covering active JKN members pays every one of them
// the baseline refused.
func TestRun(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, run(&b, 20))
	out := b.String()
	assert.Contains(t, out, "2019, 25994 encounters (20 per mille of the city")
	assert.Contains(t, out, "baseline  Kota Bekasi Jamkesda (KS-NIK)")
	assert.Contains(t, out, "reform    Peserta JKN aktif ditanggung")
	assert.Regexp(t, `difference\s+paid\s+\+\d+\s+Rp\s+\+\d+ \(\+\d+\.\d %\)`, out)
	assert.Regexp(t, `refused as active JKN members: \d+ -> 0\n`, out)
}
