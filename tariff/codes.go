package tariff

import "sort"

// The reason allCodes a bill gives (warnings). They are stable: a
// host may match on them. Codes lists them all.
const (
	// CodeCityHospitalNoDiscount means: RSUD Kota Bekasi: the hospital's tariff, with no discount.
	CodeCityHospitalNoDiscount = "city_hospital_no_discount"
	// CodeClassAsOfLaterRegistry means: The hospital's class on the date of service is not known: the price uses the class a later source gives (a copy of the Ministry's registry), which may differ.
	CodeClassAsOfLaterRegistry = "class_as_of_later_registry"
	// CodeDeviceWithinPackage means: A device the medical committee approved, not on the list of services paid outside the package, is within the INA-CBG package: not paid apart.
	CodeDeviceWithinPackage = "device_within_package"
	// CodeGeneralPatient means: Moved up a class at the patient's own wish: the city pays nothing; the patient pays as a general patient at the hospital's own tariff.
	CodeGeneralPatient = "general_patient"
	// CodeInsidentalAtINACBG means: The insidental tariff is for private hospitals in or bordering the city (and the RSUD); at this hospital the case is paid at INA-CBG.
	CodeInsidentalAtINACBG = "insidental_at_inacbg"
	// CodeNoInsidentalTariff means: No insidental tariff is in force on the date of service: the case is paid at INA-CBG.
	CodeNoInsidentalTariff = "no_insidental_tariff"
	// CodeNotCoveredGeneralPatient means: The patient is not covered: they pay the hospital's own bill as a general patient, not the INA-CBG or insidental tariff Jamkesda pays.
	CodeNotCoveredGeneralPatient = "not_covered_general_patient"
	// CodeSampleTable means: The INA-CBG table used is a SAMPLE, not the tariff in force: these amounts are not a real bill.
	CodeSampleTable = "sample_table"
)

var allCodes = [...]string{
	CodeCityHospitalNoDiscount,
	CodeClassAsOfLaterRegistry,
	CodeDeviceWithinPackage,
	CodeGeneralPatient,
	CodeInsidentalAtINACBG,
	CodeNoInsidentalTariff,
	CodeNotCoveredGeneralPatient,
	CodeSampleTable,
}

// Codes returns every reason code the package gives, sorted; a new
// slice on each call.
func Codes() []string {
	out := append([]string(nil), allCodes[:]...)
	sort.Strings(out) // already sorted; kept so an edit out of order stays correct
	return out
}
