// Package eligibility decides who is a participant of Kota Bekasi's
// Jamkesda on a given day, on what basis and, if not, why not; and
// reconciles the participant list between two registry extracts.
//
// Check is a pure function of the Facts a host knows (registry, JKN
// membership, documents shown), and a rules.Snapshot (the rulebook as in
// force on the date of service). Its Decision gives stable reason codes,
// messages in Bahasa Indonesia and English, the citation of each rule, and
// the provenance: the rulebook revision and every parameter read. It
// follows the instruments' timeline: Perwal 115/2016 (poor families on the
// Dinsos list), Perwal 27.A/2017 (card holders and Dinsos letters) and
// Perda 9/2018 (NIK residents other than PBI members, newborns of
// participants, institutional persons with a Dinsos letter).
//
// NIK is the population number as a value type that prints masked.
// Reconcile streams two extracts sorted by NIK, in constant memory.
package eligibility
