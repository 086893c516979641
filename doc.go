// Package kartusehat is the one door to the rules of Kota Bekasi's
// regional health insurance (Jamkesda, "Kartu Sehat berbasis NIK"): an
// Engine that puts facts, eligibility, the referral pathway, the price and
// the claim together, on the dated rulebook of package rules.
//
// A host (a hospital information system, a Dinkes application) fills one
// Stay as the stay goes on and asks the Engine at each step: Admit at
// admission (eligibility on the day of admission and the pathway), Price
// at discharge, CheckClaim and Adjudicate for the claim file, or Decide
// for all the stay's content allows. Facts the stay holds twice (the
// facility, the care type, the dates, the NIK) must agree, or the input
// is refused with code inconsistent naming both fields.
//
// The same Engine takes raw JSON: Do decides one input of an operation
// (Ops, AdjudicateOp, StayOp), RunBatch a stream of JSON Lines, and
// ErrorOf turns any error into the one error type, *rules.FieldError
// ({"code", "pointer", "message", "message_en"}), with a JSON Pointer into
// the whole input, messages in Bahasa Indonesia and English, and no full
// NIK. The command line
// (cmd/kartusehat) and the HTTP handler (package server) run on it.
//
// The decision packages (eligibility, referral, tariff, claim) stay pure
// and usable alone; the Engine adds no decision of its own.
package kartusehat
