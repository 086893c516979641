package jsonfield

// Allowed gives the allowed values of input fields, by the field's JSON
// name as the help lists it (its path with array elements as []), or
// "operation:path" for one operation only. The
// fields themselves come from the input types, so the list stays in step
// with the code; the CLI's TestHelpCoversEveryField checks that every entry here
// names a field that exists.
var Allowed = map[string]string{
	"eligibility":                       "refused: send the patient's facts, eligibility is decided from them",
	"episode.facility":                  "a facility code of the rulebook (rules -o json lists them)",
	"episode.referral.from":             "a facility code of the rulebook (a puskesmas: pkm-...)",
	"billing.facility":                  "a facility code of the rulebook (default: the episode's)",
	"person.registry.status":            "living, died, moved_out, not_registered",
	"person.institution":                "prison_inmate, neglected_person, social_home_resident, detainee",
	"jkn.status":                        "none, pbi, non_pbi_active, non_pbi_inactive",
	"jkn.pbi_payer":                     "central, provincial, city",
	"documents.dinsos_letter.category":  "poor, prison_inmate, neglected_person, social_home_resident, detainee",
	"documents.birth.kind":              "birth_certificate, birth_letter",
	"episode.care_type":                 "outpatient, inpatient, igd",
	"episode.emergency":                 "true_emergency, false_emergency",
	"episode.referral.reason":           "medical, non_medical",
	"episode.referral.kind":             "full, partial",
	"episode.referral.stated_reason":    "time, age, complication, comorbidity",
	"episode.class":                     "1, 2, 3 (0: class III)",
	"episode.class_reason":              "class3_full, own_wish",
	"episode.other_payer":               "work_accident, traffic_accident",
	"billing.care_type":                 "outpatient, inpatient, igd",
	"billing.class":                     "1, 2, 3 (0: class III)",
	"billing.class_reason":              "class3_full, own_wish",
	"billing.insidental.services":       "hcu, nicu, picu, icu, iccu, perinatology, chemotherapy",
	"billing.items[].kind":              "ambulance, erythropoietin, blood_bag, amhp_khusus",
	"billing.items[].tier":              "ambulance: city, outside_city, ventilator_city, ventilator_outside_city; amhp_khusus: the rulebook's services.amhp_khusus",
	"billing.items[].quantity":          "1 to 100000 (default 1)",
	"billing.items[].unit_price":        "0 to 1000000000000 rupiah",
	"billing.insidental.lines[].amount": "0 to 1000000000000 rupiah",
	"membership":                        "card, dinsos_letter",
	"facts.parent":                      "the participant parent's facts, for a newborn (the fields of facts)",
	"eligibility:facts":                 "or the facts' fields (person, jkn, documents, parent) at the top level",
	"claim:documents":                   "the document codes of claims.yaml (ks_copy, ktp_copy, medical_resume, sjp_copy, ...)",
}
