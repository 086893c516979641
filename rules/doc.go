// Package rules holds the rulebook of Kota Bekasi's regional health
// insurance (Jamkesda, Kartu Sehat berbasis NIK): every number and list the
// regulations set, each keyed by the date it takes effect and carrying the
// article it comes from, in YAML.
//
// Default returns the Kota Bekasi rulebook embedded in the package, so the
// library works with no files. Hosts Load their own rulebook directory, or
// Parse one file, and apply reforms with Overlay, which returns a new
// Rulebook and leaves the old one as it was. A Rulebook is immutable and
// safe for concurrent use; its Revision is a content hash that decisions
// record.
//
// At gives the Snapshot in force on a date of service, with typed lookups
// (Amount, Percent, Int, Bool, Enum, List, DateParam) that return the value
// with its citation and do not allocate. Calendar answers working-day
// questions from the rulebook's holidays, and Rounding is the one place
// money is rounded.
//
// Loading is strict: an unknown key, a value of the wrong type, dates out of
// order or overlapping, a negative amount, a percentage outside 0-100, an
// unknown enum value, a value without a citation, or a facility in an
// unknown kecamatan is an error naming the file, line and parameter path
// (errors.Is finds its sentinel: ErrUnknownKey, ErrType, ...); a load
// reports all of them at once, one a line.
package rules
