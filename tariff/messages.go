package tariff

import "github.com/kartusehat/kartusehat/rules"

type msg struct{ code, id, en string }

func (m msg) with(ref string) rules.Reason {
	return rules.Reason{Code: m.code, ID: m.id, EN: m.en, Ref: ref}
}

// The warnings a bill gives. Codes are stable.
var (
	msgSample = msg{"sample_table",
		"Tabel INA-CBG yang dipakai adalah CONTOH, bukan tarif yang berlaku: jumlah ini bukan tagihan sebenarnya.",
		"The INA-CBG table used is a SAMPLE, not the tariff in force: these amounts are not a real bill."}
	msgInsidentalAtINACBG = msg{"insidental_at_inacbg",
		"Tarif insidentil hanya untuk RS swasta di Kota Bekasi dan yang berbatasan (dan RSUD); di rumah sakit ini kasus dibayar dengan tarif INA-CBG.",
		"The insidental tariff is for private hospitals in or bordering the city (and the RSUD); at this hospital the case is paid at INA-CBG."}
	msgCityHospitalNoDiscount = msg{"city_hospital_no_discount",
		"RSUD Kota Bekasi: tarif rumah sakit tanpa potongan harga.",
		"RSUD Kota Bekasi: the hospital's tariff, with no discount."}
)
