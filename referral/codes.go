package referral

import "sort"

// The reason allCodes a referral assessment gives (reasons, missing
// items, warnings and deadlines). They are stable: a
// host may match on them. Codes lists them all.
const (
	// CodeBackReferral means: The receiving hospital owes the referring facility a back-referral.
	CodeBackReferral = "back_referral"
	// CodeCaesareanBabyOwnSJP means: A healthy baby of a caesarean mother is billed separately at INA-CBG, on its own SJP.
	CodeCaesareanBabyOwnSJP = "caesarean_baby_own_sjp"
	// CodeCardDuty means: The participant must hand in the KS-NIK card or other proof within 3 x 24 working hours.
	CodeCardDuty = "card_duty"
	// CodeCardDutyLate means: The KS-NIK card or other proof was not handed in within 3 x 24 working hours: the patient pays.
	CodeCardDutyLate = "card_duty_late"
	// CodeClassUpgradeClass3Full means: Moved up a class because class III was full: still covered.
	CodeClassUpgradeClass3Full = "class_upgrade_class3_full"
	// CodeClassUpgradeOwnWish means: Moved up a class at the patient's own wish: the patient pays as a general patient.
	CodeClassUpgradeOwnWish = "class_upgrade_own_wish"
	// CodeControlVisitNeedsNewReferral means: A control visit needs a new puskesmas referral.
	CodeControlVisitNeedsNewReferral = "control_visit_needs_new_referral"
	// CodeCovered means: Covered by Jamkesda: the service and referral procedure is followed.
	CodeCovered = "covered"
	// CodeDepositNotOnBill means: The hospital must report an inpatient's deposit to Dinkes and show it on the bill.
	CodeDepositNotOnBill = "deposit_not_on_bill"
	// CodeEmergencyDocuments means: Emergency: the card suffices at admission; the other documents are due within 3 x 24 working hours.
	CodeEmergencyDocuments = "emergency_documents"
	// CodeEmergencyDocumentsLate means: The documents came after the 3 x 24 working-hour limit: the patient pays.
	CodeEmergencyDocumentsLate = "emergency_documents_late"
	// CodeEmergencyReferralNoAmbulance means: An emergency referral between hospitals goes by ambulance.
	CodeEmergencyReferralNoAmbulance = "emergency_referral_no_ambulance"
	// CodeFalseEmergency means: The IGD doctor found no emergency (false emergency) and there is no referral: a general patient.
	CodeFalseEmergency = "false_emergency"
	// CodeInsidentalDischargeApproval means: The discharge of an insidental case needs Dinkes approval; on a holiday, on the next working day.
	CodeInsidentalDischargeApproval = "insidental_discharge_approval"
	// CodeNoBackReferral means: The receiving hospital sent no back-referral to the referring facility.
	CodeNoBackReferral = "no_back_referral"
	// CodeNonPartnerFacility means: The facility has no partnership with the city on the date of service.
	CodeNonPartnerFacility = "non_partner_facility"
	// CodeNonPartnerFirstAid means: Emergency first aid at a non-partner hospital is its own duty; care at a non-partner is not paid by Jamkesda.
	CodeNonPartnerFirstAid = "non_partner_first_aid"
	// CodeNonPartnerReport means: The non-partner facility must report the KS-NIK participant to Dinkes within 3 x 24 hours.
	CodeNonPartnerReport = "non_partner_report"
	// CodeNonPartnerReportLate means: The non-partner facility reported to Dinkes after 3 x 24 hours.
	CodeNonPartnerReportLate = "non_partner_report_late"
	// CodeNotParticipant means: The patient is not a Jamkesda participant on the date of service; served as a general patient.
	CodeNotParticipant = "not_participant"
	// CodeOtherPayerFirst means: The care is guaranteed by another payer (work or traffic accident).
	CodeOtherPayerFirst = "other_payer_first"
	// CodeOutsideCityNeedsCityReferral means: A hospital outside Kota Bekasi needs a referral from the RSUD or a private hospital in the city.
	CodeOutsideCityNeedsCityReferral = "outside_city_needs_city_referral"
	// CodeOutsideCityNonMedical means: Care at a hospital outside Kota Bekasi is covered only on medical grounds.
	CodeOutsideCityNonMedical = "outside_city_non_medical"
	// CodePartialReferral means: A partial referral: the referring facility pays.
	CodePartialReferral = "partial_referral"
	// CodeProofNotAccepted means: What was handed in is not the KS-NIK card or another valid proof on this date.
	CodeProofNotAccepted = "proof_not_accepted"
	// CodeProviderRefusedParticipant means: A partner provider must serve Jamkesda participants, also those who have not yet handed in the card.
	CodeProviderRefusedParticipant = "provider_refused_participant"
	// CodePuskesmasReferralNonMedical means: A puskesmas referral must rest on the examining doctor's medical indication.
	CodePuskesmasReferralNonMedical = "puskesmas_referral_non_medical"
	// CodeReferToPartner means: An emergency at a non-partner facility: give first aid, then refer to a partner hospital.
	CodeReferToPartner = "refer_to_partner"
	// CodeReferralMissing means: No referral from the first-level provider (puskesmas) outside an emergency: the patient pays.
	CodeReferralMissing = "referral_missing"
	// CodeReferralOutsideArea means: The puskesmas referred to a hospital outside the city; a referral goes to the nearest second-level provider in its area.
	CodeReferralOutsideArea = "referral_outside_area"
	// CodeReferringHospitalNoAmbulance means: A referral between hospitals goes by ambulance.
	CodeReferringHospitalNoAmbulance = "referring_hospital_no_ambulance"
	// CodeReferringHospitalNoBedCheck means: The referring hospital must first contact the receiving hospital to confirm a free bed or the service needed.
	CodeReferringHospitalNoBedCheck = "referring_hospital_no_bed_check"
	// CodeReferringHospitalNoNurse means: A referral between hospitals goes with an accompanying nurse.
	CodeReferringHospitalNoNurse = "referring_hospital_no_nurse"
	// CodeSJPInpatient means: The SJP from Dinkes is due within 3 x 24 working hours after admission.
	CodeSJPInpatient = "sjp_inpatient"
	// CodeSJPLate means: The SJP came after the 3 x 24 working-hour limit: the patient pays.
	CodeSJPLate = "sjp_late"
	// CodeSJPOutpatient means: A hospital outpatient needs an SJP from Dinkes.
	CodeSJPOutpatient = "sjp_outpatient"
	// CodeTreatableAtPuskesmas means: The referral diagnosis is one a puskesmas treats itself, and no reason (time, age, complication, comorbidity) is stated.
	CodeTreatableAtPuskesmas = "treatable_at_puskesmas"
)

var allCodes = [...]string{
	CodeBackReferral,
	CodeCaesareanBabyOwnSJP,
	CodeCardDuty,
	CodeCardDutyLate,
	CodeClassUpgradeClass3Full,
	CodeClassUpgradeOwnWish,
	CodeControlVisitNeedsNewReferral,
	CodeCovered,
	CodeDepositNotOnBill,
	CodeEmergencyDocuments,
	CodeEmergencyDocumentsLate,
	CodeEmergencyReferralNoAmbulance,
	CodeFalseEmergency,
	CodeInsidentalDischargeApproval,
	CodeNoBackReferral,
	CodeNonPartnerFacility,
	CodeNonPartnerFirstAid,
	CodeNonPartnerReport,
	CodeNonPartnerReportLate,
	CodeNotParticipant,
	CodeOtherPayerFirst,
	CodeOutsideCityNeedsCityReferral,
	CodeOutsideCityNonMedical,
	CodePartialReferral,
	CodeProofNotAccepted,
	CodeProviderRefusedParticipant,
	CodePuskesmasReferralNonMedical,
	CodeReferToPartner,
	CodeReferralMissing,
	CodeReferralOutsideArea,
	CodeReferringHospitalNoAmbulance,
	CodeReferringHospitalNoBedCheck,
	CodeReferringHospitalNoNurse,
	CodeSJPInpatient,
	CodeSJPLate,
	CodeSJPOutpatient,
	CodeTreatableAtPuskesmas,
}

// Codes returns every reason code the package gives, sorted; a new
// slice on each call.
func Codes() []string {
	out := append([]string(nil), allCodes[:]...)
	sort.Strings(out) // already sorted; kept so an edit out of order stays correct
	return out
}

// The codes of an excluded service are a prefix followed by the
// exclusion's code in the rulebook (e.g. "excluded_cosmetic"). These codes
// follow the rulebook, so Codes does not list them.
const (
	// ExcludedCodePrefix begins the code of a refusal for an excluded
	// service.
	ExcludedCodePrefix = "excluded_"
	// ExcludedSecondaryCodePrefix begins the code of the warning for an
	// excluded secondary code: only that action is unpaid.
	ExcludedSecondaryCodePrefix = "excluded_secondary_"
)
