// Package simulate runs a synthetic city year of Kota Bekasi's Jamkesda
// through the same rules hospitals and Dinkes run, under a baseline
// rulebook and a reform, and reports what changes.
//
// A reform is data: a rulebook overlay (rules.Rulebook.Overlay), such as
// the type B discount raised to 25 % or the puskesmas referral dropped.
// Run generates every encounter of the year on the fly from the seed,
// pushes it through eligibility.CheckInto, referral.AssessInto,
// tariff.PriceInto and, when the pathway is covered, the hospital's claim
// file adjudicated line by line (claim.Adjudicator) under each rulebook,
// and tallies cost (what the adjudication makes payable) and counts by
// month, service, hospital type and ground of refusal, in whole rupiah.
//
// # Streaming, parallel, deterministic
//
// The population is never materialised. Encounter i is generated from a
// counter-based random stream seeded by (seed, i) (SplitMix64), so any
// worker can generate any encounter; workers take chunks of indices,
// tally them with their own buffers, and the integer tallies are summed
// at the end. Memory is flat in the number of encounters, every core is
// used, and the same seed gives byte-identical output whatever the number
// of workers.
//
// # The synthetic world
//
// The rulebook knows neither the type or ownership of every partner
// hospital nor Kota Bekasi's INA-CBG amounts (its embedded table is a
// sample of another regional that cannot price a Bekasi stay). The
// simulation therefore runs on a SYNTHETIC world, labelled so in every
// report: WorldOverlay gives each hospital whose type or ownership the
// rulebook leaves unknown (8 of the 53 partner hospitals of the embedded
// one) a made-up type and ownership, and SyntheticTable is a made-up
// INA-CBG table (round amounts, class 2 = 1.2 x and class 1 = 1.4 x class III, as in
// the real 2016 rows). Baseline and reform run on the same world, so
// their difference is meaningful; absolute rupiah are only as good as
// the made-up amounts.
//
// # Calibration
//
// The targets, their sources, and where the generator lands (seed 1;
// TestCalibration2017 and TestCalibration2019 check each within the
// stated tolerance, the 2017 figures for seeds 1 and 7):
//
//	target                          source                  tolerance         lands at (seed 1)
//	residents 2.8 million           Dakta 2018-06-08        exact             person numbers 0-2,799,999
//	JKN members 1.4 million         Dakta 2018-06-08        +- 2 % of 500     500 per mille of residents'
//	  (500 per mille)                                                         arrivals
//	SJP 2017, total 104,905         Jannah 2019 app. J      +- 2 %            105,570 (+0.6 %)
//	  by row: KS outpatient 75,095                          +- 2 % each       75,577 (+0.6 %)
//	          KS inpatient 9,712                                              9,726 (+0.1 %)
//	          Dinsos outpatient 13,116                                        13,243 (+1.0 %)
//	          Dinsos inpatient 6,982                                          7,024 (+0.6 %)
//	  by month (Dec 33,058)                                 +- 5 % each       worst +4.2 %; Dec 33,206 (+0.4 %)
//	  cells of 1,000 or more                                +- 5 % each       worst -1.3 %
//	average cost per paid claim     Dakta 2018-06-08        +- 5 %            Rp 1,222,851 (2019, +1.9 %)
//	  Rp 1.2 million
//	a city year, about 1.3 million  the benchmark   +- 1 %            1,299,186 encounters (2019)
//	  encounters (from 2018)        scale; no source
//
// Appendix J counts SJP, the guarantees Dinkes issued: an encounter
// counts when the pathway is covered (eligibility and referral say
// Jamkesda pays). The 2017 arrivals of each row are appendix J divided
// by the share the generator's own defects leave (a false emergency, an
// e-KTP not recorded, an excluded service, a late SJP, an upgrade at the
// patient's wish), so that the rules of 2017 issue appendix J's counts.
// Before Perwal 27.A/2017 and the Juknis (January to mid-May) some of
// those defects are not yet refused, so those months land a few per cent
// above the table.
// The Dakta 2018-06-08 report gives the average cost "per person"; the
// simulation reads it per paid claim, since it does not follow persons
// across visits. From 2018 the year is flat by days of the month, split
// by service in the December 2017 mix of appendix J; JKN members reach
// the desk as often as the other residents (half the arrivals, the JKN
// share), and 3 % of arrivals are people who are not participants. The
// care-type, hospital, diagnosis and defect rates are assumptions, each a
// named constant in generate.go and world.go: no source gives them.
//
// Rules the rulebook does not have on a date are not guessed: before
// Perwal 27.A/2017 (2017-05-15) an encounter whose price needs a tariff
// rule is counted as unpriced, and a claim is not checked. A year needs
// the rulebook's holiday calendar (the embedded one has 2017-2026); in a
// year whose next year has none, December's admissions are spread over
// its first 20 days, so that every three-working-day deadline can be
// computed.
package simulate
