package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The example runs and the clerk sees the decisions of the stay of
// 31 May 2019: a participant, covered, the SJP due on 12 June across
// Idul Fitri 1440 and met, the bill, the claim file and its timeline.
func TestRun(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, run(&b))
	out := b.String()
	for _, want := range []string{
		"NIK 3275**********01",
		"[1] Kepesertaan  YA (nik_resident)",
		"[2] Rujukan      ditanggung: YA, pembayar: jamkesda",
		"[3] SJP          wajib paling lambat Wed 12 Jun 2019 23:59 WIB",
		"SJP SJP/2019/06/0042 diterbitkan 04 Jun: met",
		"tabel INA-CBG SINTETIS",
		"Dibayar Dinkes          Rp     6.065.000",
		"kurang: Resume medik",
		"setelah dilengkapi: YA",
		"kirim ke Dinkes paling lambat 2019-07-14, berita acara verifikasi 2019-07-28, pembayaran 2019-08-14",
	} {
		assert.Contains(t, out, want)
	}
	assert.NotContains(t, out, "3275014508900001", "the NIK is shown masked")
}
