package tariff

import (
	"github.com/kartusehat/kartusehat/internal/reason"
)

// msg is a reason's code and its words; the citation is added where it
// is used.
type msg = reason.Message

func newMsg(code, id, en string) msg { return msg{Code: code, ID: id, EN: en} }

// The warnings a bill gives. Codes are stable.
var (
	msgSample = newMsg(CodeSampleTable,
		"Tabel INA-CBG yang dipakai adalah CONTOH, bukan tarif yang berlaku: jumlah ini bukan tagihan sebenarnya.",
		"The INA-CBG table used is a SAMPLE, not the tariff in force: these amounts are not a real bill.")
	msgInsidentalAtINACBG = newMsg(CodeInsidentalAtINACBG,
		"Tarif insidentil hanya untuk RS swasta di Kota Bekasi dan yang berbatasan (dan RSUD); di rumah sakit ini kasus dibayar dengan tarif INA-CBG.",
		"The insidental tariff is for private hospitals in or bordering the city (and the RSUD); at this hospital the case is paid at INA-CBG.")
	msgCityHospitalNoDiscount = newMsg(CodeCityHospitalNoDiscount,
		"RSUD Kota Bekasi: tarif rumah sakit tanpa potongan harga.",
		"RSUD Kota Bekasi: the hospital's tariff, with no discount.")
	msgGeneralPatient = newMsg(CodeGeneralPatient,
		"Pindah kelas atas keinginan sendiri: Pemerintah Kota tidak membayar; pasien membayar sebagai pasien umum dengan tarif rumah sakit.",
		"Moved up a class at the patient's own wish: the city pays nothing; the patient pays as a general patient at the hospital's own tariff.")
	msgNotCovered = newMsg(CodeNotCoveredGeneralPatient,
		"Pasien tidak dijamin: ia membayar sebagai pasien umum tagihan rumah sakit dengan tarif rumah sakit, bukan tarif INA-CBG atau tarif insidentil Jamkesda.",
		"The patient is not covered: they pay the hospital's own bill as a general patient, not the INA-CBG or insidental tariff Jamkesda pays.")
	msgDeviceInPackage = newMsg(CodeDeviceWithinPackage,
		"Alat medis yang disetujui Komite Medik, di luar daftar pelayanan yang dibayar di luar paket, termasuk dalam paket INA-CBG: tidak dibayar terpisah.",
		"A device the medical committee approved, not on the list of services paid outside the package, is within the INA-CBG package: not paid apart.")
	msgClassLater = newMsg(CodeClassAsOfLaterRegistry,
		"Kelas (tipe) rumah sakit pada tanggal pelayanan tidak diketahui: harga memakai kelas dari sumber yang lebih baru (salinan registri Kemenkes), yang bisa berbeda.",
		"The hospital's class on the date of service is not known: the price uses the class a later source gives (a copy of the Ministry's registry), which may differ.")
	msgNoInsidentalTariff = newMsg(CodeNoInsidentalTariff,
		"Belum ada tarif insidentil pada tanggal pelayanan: kasus dibayar dengan tarif INA-CBG.",
		"No insidental tariff is in force on the date of service: the case is paid at INA-CBG.")
)
