package simulate

import (
	"fmt"
	"time"
)

// Stream is the kind of arrival an encounter is: the four rows of the
// 2017 SJP table (card or Dinsos letter, outpatient or inpatient), JKN
// members at the Jamkesda desk, and people who are not participants.
type Stream uint8

// The streams.
const (
	KSOutpatient     Stream = iota // Rawat Jalan KS
	KSInpatient                    // Rawat Inap KS
	DinsosOutpatient               // Rawat Jalan Rekomendasi Dinsos
	DinsosInpatient                // Rawat Inap Rekomendasi Dinsos
	JKNMember                      // a JKN member (PBI or active) at the desk
	NotParticipant                 // KK outside the city, moved out, not in the registry
	nStreams
)

var streamNames = [nStreams]string{"ks_outpatient", "ks_inpatient", "dinsos_outpatient", "dinsos_inpatient", "jkn_member", "not_participant"}

// String returns the stream's code.
func (s Stream) String() string {
	if s < nStreams {
		return streamNames[s]
	}
	return fmt.Sprintf("stream(%d)", uint8(s))
}

// AppendixJ is the number of SJP (Surat Jaminan Pelayanan) Dinkes issued in
// 2017, by month and service: Jannah 2019 app. J ("Rekapitulasi kunjungan
// pasien Jamkesda berdasarkan penerbitan SJP per 31 Desember 2017"). Rows:
// KS outpatient, KS inpatient, Dinsos-letter outpatient, Dinsos-letter
// inpatient; total 104,905.
var AppendixJ = [4][12]int64{
	{82, 84, 91, 65, 57, 187, 1074, 4911, 10297, 17167, 20594, 20486},
	{29, 15, 15, 5, 10, 61, 293, 773, 1243, 1688, 1580, 4000},
	{252, 362, 578, 641, 754, 483, 740, 682, 557, 784, 1002, 6281},
	{262, 279, 397, 355, 414, 305, 419, 413, 486, 573, 788, 2291},
}

// Calibration constants (see the package documentation).
const (
	// Residents is Kota Bekasi's population, about 2.8 million in 2018
	// (Dakta 2018-06-08).
	Residents = 2_800_000
	// JKNShare is the share of residents in JKN, per mille: about 1.4
	// million of 2.8 million (Dakta 2018-06-08). The JKN members'
	// arrivals at the desk equal the participants' (same utilisation).
	JKNShare = 500
	// ParticipantYear is the participant-side hospital encounters of a
	// city year from 2018: with the JKN members' arrivals and the
	// non-participants it makes the issue's "about 1.3 million
	// encounters". No source gives a 2018 or 2019 volume; the December
	// 2017 mix of appendix J splits it by service.
	ParticipantYear = 640_000
	// NotParticipantPermill is the non-participants' arrivals per mille
	// of the participants' (an assumption).
	NotParticipantPermill = 30
)

// Pass rates of the four SJP streams under the 2017 rules, per mille: the
// generator's own defect rates that the rules refuse (a false emergency,
// an e-KTP not recorded, an excluded service; a late SJP, an upgrade at
// the patient's wish). The 2017 arrivals are appendix J divided by them,
// so that the SJP the pipeline issues land on appendix J.
var passPermill = [4]int64{
	1000 - igdPermill*falseEmergencyPermill/1000 - ektpMissingPermill - excludedPermill,
	1000 - sjpLatePermill - ownWishPermill - ektpMissingPermill,
	1000 - igdPermill*falseEmergencyPermill/1000 - excludedPermill,
	1000 - sjpLatePermill - ownWishPermill,
}

// plan is the number of encounters of a year by month and stream, laid
// end to end: encounter i falls in the cell whose cumulative count first
// exceeds i.
type plan struct {
	year  int
	cells [12 * nStreams]int64
	cum   [12 * nStreams]int64
}

func (p *plan) total() int64 { return p.cum[len(p.cum)-1] }

// newPlan returns the volumes of year: appendix J for 2017, a flat year
// of ParticipantYear split by days of the month otherwise. scale (per
// mille, 1000 = the city) scales every cell.
func newPlan(year int, scale int64) *plan {
	p := &plan{year: year}
	days := int64(365)
	if time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC).YearDay() == 366 {
		days = 366
	}
	var dec int64
	for r := 0; r < 4; r++ {
		dec += AppendixJ[r][11]
	}
	for m := 0; m < 12; m++ {
		mdays := int64(time.Date(year, time.Month(m+2), 0, 0, 0, 0, 0, time.UTC).Day())
		var part int64
		for r := 0; r < 4; r++ {
			var n int64
			if year == 2017 {
				n = (AppendixJ[r][m]*1000 + passPermill[r]/2) / passPermill[r]
			} else {
				n = (ParticipantYear*mdays*AppendixJ[r][11]/days + dec/2) / dec
			}
			p.cells[m*int(nStreams)+r] = n
			part += n
		}
		p.cells[m*int(nStreams)+int(JKNMember)] = part * JKNShare / (1000 - JKNShare)
		p.cells[m*int(nStreams)+int(NotParticipant)] = part * NotParticipantPermill / 1000
	}
	var c int64
	for i := range p.cells {
		p.cells[i] = (p.cells[i]*scale + 500) / 1000
		c += p.cells[i]
		p.cum[i] = c
	}
	return p
}

// cell returns the month (0-11), stream and position within its cell of
// encounter i.
func (p *plan) cell(i int64) (month int, s Stream, j, n int64) {
	lo, hi := 0, len(p.cum)-1
	for lo < hi {
		m := (lo + hi) / 2
		if p.cum[m] > i {
			hi = m
		} else {
			lo = m + 1
		}
	}
	start := p.cum[lo] - p.cells[lo]
	return lo / int(nStreams), Stream(lo % int(nStreams)), i - start, p.cells[lo]
}
