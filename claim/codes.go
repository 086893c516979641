package claim

import "sort"

// The reason allCodes an adjudication and a month's report give
// (reasons, notes and warnings). They are stable: a
// host may match on them. Codes lists them all.
const (
	// CodeApprovalMissingDinkesAction means: An action in an insidental case without Dinkes's approval: this action is not paid.
	CodeApprovalMissingDinkesAction = "approval_missing_dinkes_action"
	// CodeApprovalMissingDinkesAMHP means: Special consumables in an insidental case without Dinkes's approval: not paid.
	CodeApprovalMissingDinkesAMHP = "approval_missing_dinkes_amhp"
	// CodeApprovalMissingDinkesDischarge means: An insidental patient's discharge without Dinkes's approval: noted for the verifier; the rules set no consequence, nothing is denied.
	CodeApprovalMissingDinkesDischarge = "approval_missing_dinkes_discharge"
	// CodeApprovalMissingMedicalCommitteeDirector means: A medical device outside the INA-CBG package without the medical committee's approval signed by the director: not paid.
	CodeApprovalMissingMedicalCommitteeDirector = "approval_missing_medical_committee_director"
	// CodeBeforePayerChange means: The costs before the change of payer (as a general patient) are not Jamkesda's.
	CodeBeforePayerChange = "before_payer_change"
	// CodeBudgetCarriedOver means: The year's budget does not suffice: the rest is paid from the next year's budget.
	CodeBudgetCarriedOver = "budget_carried_over"
	// CodeBudgetShortNoRule means: The budget does not suffice and no rule pays from the next year's budget: the rest is unpaid.
	CodeBudgetShortNoRule = "budget_short_no_rule"
	// CodeBudgetSufficient means: The year's budget suffices: paid in full.
	CodeBudgetSufficient = "budget_sufficient"
	// CodeClaimedBelowTariff means: The claim is below the INA-CBG package tariff: paid as claimed.
	CodeClaimedBelowTariff = "claimed_below_tariff"
	// CodeDepositNetted means: The deposit the patient paid is netted from the claim.
	CodeDepositNetted = "deposit_netted"
	// CodeDepositRefunded means: The hospital refunds the deposit to the patient; the claim is paid in full.
	CodeDepositRefunded = "deposit_refunded"
	// CodeDeviceOutsidePackage means: A medical device outside the INA-CBG package, approved by the medical committee and the director: paid as claimed.
	CodeDeviceOutsidePackage = "device_outside_package"
	// CodeDuplicateLine means: The same bill line is billed twice: not paid.
	CodeDuplicateLine = "duplicate_line"
	// CodeDuplicateOf means: A duplicate of an earlier file in the batch (the number of that file follows).
	CodeDuplicateOf = "duplicate_of"
	// CodeDuplicateSJP means: The same SJP number was already claimed in another file: the file is refused.
	CodeDuplicateSJP = "duplicate_sjp"
	// CodeDuplicateStay means: The same patient with a stay that overlaps another file's: the file is refused.
	CodeDuplicateStay = "duplicate_stay"
	// CodeFileRefused means: The whole file is refused (see the file's reasons).
	CodeFileRefused = "file_refused"
	// CodeIncomplete means: The claim file is incomplete: returned to the hospital to complete.
	CodeIncomplete = "incomplete"
	// CodeInsidentalDiscount means: An insidental case at the hospital's tariff, less the discount for its type.
	CodeInsidentalDiscount = "insidental_discount"
	// CodeNoPackage means: There is no package tariff for this line.
	CodeNoPackage = "no_package"
	// CodeNotParticipant means: The patient is not a Jamkesda participant on the date of service: the whole file is refused.
	CodeNotParticipant = "not_participant"
	// CodeOverlappingStay means: The same patient with a stay that overlaps another hospital's file: for the verifier to review, not refused.
	CodeOverlappingStay = "overlapping_stay"
	// CodePaid means: Paid as claimed.
	CodePaid = "paid"
	// CodePathwayNotFollowed means: The service or referral procedure was not followed: the whole file is refused.
	CodePathwayNotFollowed = "pathway_not_followed"
	// CodePayable means: The file is payable.
	CodePayable = "payable"
	// CodePayerSwitchWithoutCutOff means: A general patient switched to Jamkesda during the stay without settling and cutting off the costs: the whole file is refused.
	CodePayerSwitchWithoutCutOff = "payer_switch_without_cut_off"
	// CodePrivateAgreement means: The hospital and the patient made a private agreement: the claim cannot be paid.
	CodePrivateAgreement = "private_agreement"
	// CodeReducedToINACBG means: Paid at the INA-CBG package tariff: the line is reduced in proportion.
	CodeReducedToINACBG = "reduced_to_inacbg"
	// CodeReducedToTariff means: Paid at the tariff in force: the line is reduced.
	CodeReducedToTariff = "reduced_to_tariff"
	// CodeTotalMismatch means: The hospital's stated total differs from the sum of its lines; the lines are used.
	CodeTotalMismatch = "total_mismatch"
)

var allCodes = [...]string{
	CodeApprovalMissingDinkesAction,
	CodeApprovalMissingDinkesAMHP,
	CodeApprovalMissingDinkesDischarge,
	CodeApprovalMissingMedicalCommitteeDirector,
	CodeBeforePayerChange,
	CodeBudgetCarriedOver,
	CodeBudgetShortNoRule,
	CodeBudgetSufficient,
	CodeClaimedBelowTariff,
	CodeDepositNetted,
	CodeDepositRefunded,
	CodeDeviceOutsidePackage,
	CodeDuplicateLine,
	CodeDuplicateOf,
	CodeDuplicateSJP,
	CodeDuplicateStay,
	CodeFileRefused,
	CodeIncomplete,
	CodeInsidentalDiscount,
	CodeNoPackage,
	CodeNotParticipant,
	CodeOverlappingStay,
	CodePaid,
	CodePathwayNotFollowed,
	CodePayable,
	CodePayerSwitchWithoutCutOff,
	CodePrivateAgreement,
	CodeReducedToINACBG,
	CodeReducedToTariff,
	CodeTotalMismatch,
}

// Codes returns every reason code the package gives, sorted; a new
// slice on each call.
func Codes() []string {
	out := append([]string(nil), allCodes[:]...)
	sort.Strings(out) // already sorted; kept so an edit out of order stays correct
	return out
}

// ExcludedCodePrefix begins the code of a line denied as an excluded
// service: the code is ExcludedCodePrefix followed by the exclusion's code
// in the rulebook (e.g. "excluded_cosmetic"). These codes follow the
// rulebook, so Codes does not list them.
const ExcludedCodePrefix = "excluded_"
