package kartusehat

import (
	"io"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
)

// The parts of a Stay, named here so that a host fills one with this one
// import: each is the decision package's own type (an alias), documented
// there, and usable with that package alone.
type (
	// Facts are the patient's facts (eligibility.Facts).
	Facts = eligibility.Facts
	// Person is the registry's view of the person (eligibility.Person).
	Person = eligibility.Person
	// Registry is the person's entry in the population registry
	// (eligibility.Registry).
	Registry = eligibility.Registry
	// Documents are what was shown at the desk (eligibility.Documents).
	Documents = eligibility.Documents
	// Card is a KS-NIK card (eligibility.Card).
	Card = eligibility.Card
	// EKTP is an electronic identity card (eligibility.EKTP).
	EKTP = eligibility.EKTP
	// NIK is a population registration number, masked when printed
	// (eligibility.NIK).
	NIK = eligibility.NIK
	// Episode is the visit or stay as the hospital records it
	// (referral.Episode).
	Episode = referral.Episode
	// Referral is the referral the patient came with (referral.Referral).
	Referral = referral.Referral
	// SJP is the service guarantee letter (referral.SJP).
	SJP = referral.SJP
	// Billing is what the hospital bills for the stay (tariff.Episode).
	Billing = tariff.Episode
	// Item is a service paid outside the INA-CBG package (tariff.Item).
	Item = tariff.Item
	// Table is an INA-CBG tariff table (tariff.Table), for WithTable.
	Table = tariff.Table
	// ClaimFile is the hospital's claim for the stay (claim.File).
	ClaimFile = claim.File
	// ClaimDocuments is the claim file's documents as Dinkes checks them
	// (claim.Claim), for CheckClaim.
	ClaimDocuments = claim.Claim
	// Line is one line of the bill in a claim file (claim.Line).
	Line = claim.Line
	// Principal is the stay's principal diagnosis and procedure
	// (claim.Principal).
	Principal = claim.Principal
	// Date is a calendar day, without a time or a zone (rules.Date).
	Date = rules.Date
)

// The values of the stay's enumerations a desk sets most.
const (
	// Living is the registry status of a living person.
	Living = eligibility.Living
	// Inpatient and Outpatient are the care types of an episode.
	Inpatient  = referral.Inpatient
	Outpatient = referral.Outpatient
)

// ParseNIK parses a NIK: 16 digits (eligibility.ParseNIK).
func ParseNIK(s string) (NIK, error) { return eligibility.ParseNIK(s) }

// ParseDate parses a date, YYYY-MM-DD (rules.ParseDate).
func ParseDate(s string) (Date, error) { return rules.ParseDate(s) }

// LoadTable reads an INA-CBG tariff table from CSV, for WithTable
// (tariff.LoadTable): name names it in errors, ref is its citation.
func LoadTable(r io.Reader, name, ref string) (*Table, error) { return tariff.LoadTable(r, name, ref) }
