package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The example runs and the SIMRS sees the decisions of one stay at
// RSUD dr. Chasbullah Abdulmadjid, March 2019: a participant, covered,
// the SJP owed at admission; the bill at discharge (the INA-CBG package
// of the SYNTHETIC table examples/testdata/inacbg-synthetic.csv, K-1-17-I
// class III at tariff code BP, a government type B hospital: Rp 5,500,000,
// and the city ambulance, Rp 200,000); the claim file complete and due on
// 14 April; its lines capped at the package, Rp 5,500,000 shared in
// proportion (2.5/8.5 of it is 1,617,647.06, 6/8.5 is 3,882,352.94); and a bill for
// another hospital refused as inconsistent.
func TestRun(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, run(&b, "../testdata/inacbg-synthetic.csv"))
	want := []string{
		"admission: eligible true (nik_resident), covered true, payer jamkesda",
		"  missing: sjp_inpatient [Juknis 440/Kep.21/2017 IV.b.2.c]",
		"discharge: covered true, bill Rp 5700000",
		"claim file complete true, due at Dinkes by 2019-04-14",
		"adjudication: partly_paid, claimed Rp 8500000, payable Rp 5500000",
		"  line 1 reduced   Rp 1617647 of Rp 2500000",
		"  line 2 reduced   Rp 3882353 of Rp 6000000",
		`billing at rs-ananda: inconsistent /billing/facility: the billed facility "rs-ananda" is not "rsud-cam", given at /episode/facility: give the same, or leave this one out`,
	}
	assert.Equal(t, strings.Join(want, "\n")+"\n", b.String())
}
