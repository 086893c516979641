package eligibility

import "sort"

// The reason allCodes an eligibility decision gives (reasons and warnings). They are stable: a
// host may match on them. Codes lists them all.
const (
	// CodeBasisCardHolder means: Participant holding a valid KS-NIK card, with a matching e-KTP.
	CodeBasisCardHolder = "basis_card_holder"
	// CodeBasisDinsosLetter means: Participant with a Dinsos recommendation letter, e-KTP and a Kota Bekasi KK.
	CodeBasisDinsosLetter = "basis_dinsos_letter"
	// CodeBasisDinsosPoorFamily means: Participant as a poor family on Dinsos's list.
	CodeBasisDinsosPoorFamily = "basis_dinsos_poor_family"
	// CodeBasisFamilyMember means: Participant as a member of the card-holding family's KK.
	CodeBasisFamilyMember = "basis_family_member"
	// CodeBasisInstitutional means: Participant with a Dinsos recommendation letter (inmate, neglected person, social-home resident or detainee).
	CodeBasisInstitutional = "basis_institutional"
	// CodeBasisNewborn means: Participant as a child born to a Jamkesda participant.
	CodeBasisNewborn = "basis_newborn"
	// CodeBasisNIKResident means: Participant as a Kota Bekasi resident registered in the NIK population database, not a PBI member.
	CodeBasisNIKResident = "basis_nik_resident"
	// CodeCardExpired means: The KS-NIK card had expired on the date of service.
	CodeCardExpired = "card_expired"
	// CodeCardLending means: The card belongs to another family: giving or lending a card to another person is forbidden.
	CodeCardLending = "card_lending"
	// CodeCardLendingPenalty means: The penalty for lending a card: confinement of up to … months or a fine of up to Rp ….
	CodeCardLendingPenalty = "card_lending_penalty"
	// CodeCardMissing means: Shows neither a KS-NIK card nor a Dinsos recommendation letter.
	CodeCardMissing = "card_missing"
	// CodeCardNotActivated means: The KS-NIK card was not activated at Dinkes.
	CodeCardNotActivated = "card_not_activated"
	// CodeCardNotForPerson means: The patient's NIK is not on the card shown, and the patient is not on the card's family card (KK).
	CodeCardNotForPerson = "card_not_for_person"
	// CodeCardToFollow means: The participant must hand in the KS-NIK card or other proof within … x 24 working hours; the provider must still serve them.
	CodeCardToFollow = "card_to_follow"
	// CodeDied means: The person died before the date of service.
	CodeDied = "died"
	// CodeDiedAfterService means: Recorded as died after the date of service; still a participant on that date.
	CodeDiedAfterService = "died_after_service"
	// CodeEKTPMissing means: No e-KTP was shown.
	CodeEKTPMissing = "ektp_missing"
	// CodeEKTPNotOnCard means: The NIK on the e-KTP shown does not match a NIK on the card; the card cannot be used.
	CodeEKTPNotOnCard = "ektp_not_on_card"
	// CodeEKTPNotRecorded means: The e-KTP recording (perekaman) was not done; only a recorded e-KTP counts.
	CodeEKTPNotRecorded = "ektp_not_recorded"
	// CodeFamilyMemberNotPrinted means: The patient's NIK is not printed on the card, but the patient is on the card's KK; one card covers the whole family.
	CodeFamilyMemberNotPrinted = "family_member_not_printed"
	// CodeInstitutionalLetterCategory means: The category on the Dinsos letter does not match the patient's status.
	CodeInstitutionalLetterCategory = "institutional_letter_category"
	// CodeInstitutionalNoLetter means: Inmates, neglected persons, social-home residents and detainees are covered only with a Dinsos recommendation letter.
	CodeInstitutionalNoLetter = "institutional_no_letter"
	// CodeJKNActiveMember means: An active JKN member is not paid for by Jamkesda.
	CodeJKNActiveMember = "jkn_active_member"
	// CodeKKOutsideCity means: The family card (KK) is not domiciled in Kota Bekasi.
	CodeKKOutsideCity = "kk_outside_city"
	// CodeMovedOut means: The person moved outside Kota Bekasi before the date of service.
	CodeMovedOut = "moved_out"
	// CodeMovedOutAfterService means: Recorded as moving outside Kota Bekasi after the date of service.
	CodeMovedOutAfterService = "moved_out_after_service"
	// CodeNewbornNeedsSJP means: The baby is not on the card yet: Dinkes issues an SJP from the birth letter.
	CodeNewbornNeedsSJP = "newborn_needs_sjp"
	// CodeNewbornNotParticipant means: A baby not yet on the participant family's card is not a participant before the Jamkesda by-law (Perda) took effect (the reading chosen).
	CodeNewbornNotParticipant = "newborn_not_participant"
	// CodeNewbornParentMismatch means: The parent's NIK on the birth proof does not match the parent checked.
	CodeNewbornParentMismatch = "newborn_parent_mismatch"
	// CodeNewbornParentNotParticipant means: The baby's parent is not a Jamkesda participant on the date of service.
	CodeNewbornParentNotParticipant = "newborn_parent_not_participant"
	// CodeNewbornParentUnknown means: The participant parent's facts were not given for the newborn.
	CodeNewbornParentUnknown = "newborn_parent_unknown"
	// CodeNewbornProofMissing means: A newborn is proven by a birth certificate or a birth letter.
	CodeNewbornProofMissing = "newborn_proof_missing"
	// CodeNoBasis means: Meets none of the bases of Jamkesda participation on this date.
	CodeNoBasis = "no_basis"
	// CodeNoLongerValid means: The person was removed as no longer meeting the conditions of participation before the date of service.
	CodeNoLongerValid = "no_longer_valid"
	// CodeNoLongerValidAfterService means: Recorded as no longer valid after the date of service; still a participant on that date.
	CodeNoLongerValidAfterService = "no_longer_valid_after_service"
	// CodeNoRulesInForce means: No Jamkesda rules are in force on this date of service.
	CodeNoRulesInForce = "no_rules_in_force"
	// CodeNotInRegistry means: Not registered in Kota Bekasi's NIK population database.
	CodeNotInRegistry = "not_in_registry"
	// CodePBIMember means: A PBI member of the national scheme (JKN) is not covered by Jamkesda.
	CodePBIMember = "pbi_member"
	// CodeRSUDAcceptsEKTPKK means: RSUD Kota Bekasi treats residents on e-KTP and KK alone.
	CodeRSUDAcceptsEKTPKK = "rsud_accepts_ektp_kk"
)

var allCodes = [...]string{
	CodeBasisCardHolder,
	CodeBasisDinsosLetter,
	CodeBasisDinsosPoorFamily,
	CodeBasisFamilyMember,
	CodeBasisInstitutional,
	CodeBasisNewborn,
	CodeBasisNIKResident,
	CodeCardExpired,
	CodeCardLending,
	CodeCardLendingPenalty,
	CodeCardMissing,
	CodeCardNotActivated,
	CodeCardNotForPerson,
	CodeCardToFollow,
	CodeDied,
	CodeDiedAfterService,
	CodeEKTPMissing,
	CodeEKTPNotOnCard,
	CodeEKTPNotRecorded,
	CodeFamilyMemberNotPrinted,
	CodeInstitutionalLetterCategory,
	CodeInstitutionalNoLetter,
	CodeJKNActiveMember,
	CodeKKOutsideCity,
	CodeMovedOut,
	CodeMovedOutAfterService,
	CodeNewbornNeedsSJP,
	CodeNewbornNotParticipant,
	CodeNewbornParentMismatch,
	CodeNewbornParentNotParticipant,
	CodeNewbornParentUnknown,
	CodeNewbornProofMissing,
	CodeNoBasis,
	CodeNoLongerValid,
	CodeNoLongerValidAfterService,
	CodeNoRulesInForce,
	CodeNotInRegistry,
	CodePBIMember,
	CodeRSUDAcceptsEKTPKK,
}

// Codes returns every reason code the package gives, sorted; a new
// slice on each call.
func Codes() []string {
	out := append([]string(nil), allCodes[:]...)
	sort.Strings(out) // already sorted; kept so an edit out of order stays correct
	return out
}
