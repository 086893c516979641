package referral

import "github.com/kartusehat/kartusehat/rules"

// msg is a reason's code and its words; the citation is added where it
// is used.
type msg = rules.Message

func newMsg(code, id, en string) msg { return msg{Code: code, ID: id, EN: en} }

// The reasons, missing items and deadlines an assessment gives. Codes are
// stable.
var (
	msgCovered = newMsg("covered",
		"Dijamin Jamkesda: prosedur pelayanan dan rujukan terpenuhi.",
		"Covered by Jamkesda: the service and referral procedure is followed.")
	msgNotParticipant = newMsg("not_participant",
		"Pasien bukan peserta Jamkesda pada tanggal pelayanan; dilayani sebagai pasien umum.",
		"The patient is not a Jamkesda participant on the date of service; served as a general patient.")
	msgOtherPayer = newMsg("other_payer_first",
		"Pelayanan dijamin oleh badan penyelenggara lain (kecelakaan kerja, kecelakaan lalu lintas).",
		"The care is guaranteed by another payer (work or traffic accident).")
	msgFalseEmergency = newMsg("false_emergency",
		"Dokter jaga IGD menyatakan bukan kegawatdaruratan (false emergency) dan tanpa rujukan: pasien umum.",
		"The IGD doctor found no emergency (false emergency) and there is no referral: a general patient.")
	msgNonPartner = newMsg("non_partner_facility",
		"Fasilitas tidak mempunyai ikatan kerja sama dengan Pemerintah Kota Bekasi pada tanggal pelayanan.",
		"The facility has no partnership with the city on the date of service.")
	msgReferOnToPartner = newMsg("refer_to_partner",
		"Keadaan gawat darurat di fasilitas non-mitra: berikan pertolongan pertama, lalu rujuk ke rumah sakit mitra.",
		"An emergency at a non-partner facility: give first aid, then refer to a partner hospital.")
	msgReportOwed = newMsg("non_partner_report",
		"Fasilitas non-mitra wajib melaporkan peserta KS-NIK kepada Dinas Kesehatan selambat-lambatnya 3 x 24 jam.",
		"The non-partner facility must report the KS-NIK participant to Dinkes within 3 x 24 hours.")
	msgReportLate = newMsg("non_partner_report_late",
		"Laporan fasilitas non-mitra kepada Dinas Kesehatan melewati 3 x 24 jam.",
		"The non-partner facility reported to Dinkes after 3 x 24 hours.")
	msgOutsideCity = newMsg("outside_city_needs_city_referral",
		"Rumah sakit di luar Kota Bekasi harus dengan rujukan dari RSUD atau RS swasta di Kota Bekasi.",
		"A hospital outside Kota Bekasi needs a referral from the RSUD or a private hospital in the city.")
	msgReferralMissing = newMsg("referral_missing",
		"Tanpa surat rujukan dari PPK tingkat pertama (puskesmas) di luar keadaan gawat darurat: pembiayaan secara mandiri.",
		"No referral from the first-level provider (puskesmas) outside an emergency: the patient pays.")
	msgControlVisit = newMsg("control_visit_needs_new_referral",
		"Kunjungan kontrol memerlukan rujukan baru dari puskesmas.",
		"A control visit needs a new puskesmas referral.")
	msgPuskesmasNonMedical = newMsg("puskesmas_referral_non_medical",
		"Rujukan puskesmas harus berdasarkan indikasi medik dokter pemeriksa.",
		"A puskesmas referral must rest on the examining doctor's medical indication.")
	msgNotInArea = newMsg("referral_outside_area",
		"Puskesmas merujuk ke rumah sakit di luar Kota Bekasi; rujukan seharusnya ke PPK tingkat kedua terdekat di wilayahnya.",
		"The puskesmas referred to a hospital outside the city; a referral goes to the nearest second-level provider in its area.")
	msgTreatableAtPuskesmas = newMsg("treatable_at_puskesmas",
		"Diagnosis rujukan termasuk penyakit yang dapat ditangani puskesmas, tanpa alasan rujukan (waktu, usia, komplikasi, komorbiditas).",
		"The referral diagnosis is one a puskesmas treats itself, and no reason (time, age, complication, comorbidity) is stated.")
	msgPartialReferral = newMsg("partial_referral",
		"Rujukan parsial: biaya ditanggung oleh fasilitas kesehatan yang merujuk.",
		"A partial referral: the referring facility pays.")
	msgBackReferral = newMsg("back_referral",
		"Rumah sakit penerima rujukan wajib memberikan rujukan balik kepada fasilitas yang merujuk.",
		"The receiving hospital owes the referring facility a back-referral.")
	msgClassFull = newMsg("class_upgrade_class3_full",
		"Naik kelas karena ruang kelas III penuh: tetap dijamin.",
		"Moved up a class because class III was full: still covered.")
	msgOwnWish = newMsg("class_upgrade_own_wish",
		"Pindah kelas atas keinginan sendiri: pasien membayar sebagai pasien umum.",
		"Moved up a class at the patient's own wish: the patient pays as a general patient.")
	msgCaesareanBaby = newMsg("caesarean_baby_own_sjp",
		"Bayi sehat dari ibu dengan sectio caesaria ditagihkan terpisah dengan tarif INA-CBG's dan SJP tersendiri.",
		"A healthy baby of a caesarean mother is billed separately at INA-CBG, on its own SJP.")
	msgSJPOutpatient = newMsg("sjp_outpatient",
		"Pasien rawat jalan di rumah sakit wajib dilengkapi SJP dari Dinas Kesehatan.",
		"A hospital outpatient needs an SJP from Dinkes.")
	msgSJPInpatient = newMsg("sjp_inpatient",
		"SJP dari Dinas Kesehatan wajib dilengkapi paling lambat 3 x 24 jam hari kerja setelah pasien dirawat.",
		"The SJP from Dinkes is due within 3 x 24 working hours after admission.")
	msgSJPLate = newMsg("sjp_late",
		"SJP dilengkapi setelah batas 3 x 24 jam hari kerja: pembiayaan secara mandiri.",
		"The SJP came after the 3 x 24 working-hour limit: the patient pays.")
	msgDocumentsEmergency = newMsg("emergency_documents",
		"Gawat darurat: cukup kartu kepesertaan saat masuk; persyaratan lain wajib diserahkan paling lambat 3 x 24 jam hari kerja.",
		"Emergency: the card suffices at admission; the other documents are due within 3 x 24 working hours.")
	msgDocumentsLate = newMsg("emergency_documents_late",
		"Persyaratan diserahkan setelah batas 3 x 24 jam hari kerja: pembiayaan secara mandiri.",
		"The documents came after the 3 x 24 working-hour limit: the patient pays.")
	msgNonPartnerFirstAid = newMsg("non_partner_first_aid",
		"Pertolongan pertama gawat darurat di rumah sakit non-mitra adalah kewajibannya sendiri; pelayanan di fasilitas non-mitra tidak ditanggung Jamkesda.",
		"Emergency first aid at a non-partner hospital is its own duty; care at a non-partner is not paid by Jamkesda.")
	msgOutsideCityNonMedical = newMsg("outside_city_non_medical",
		"Pelayanan di rumah sakit di luar Kota Bekasi hanya atas dasar pertimbangan medik.",
		"Care at a hospital outside Kota Bekasi is covered only on medical grounds.")
	msgCardDuty = newMsg("card_duty",
		"Peserta wajib menyerahkan KS-NIK dan/atau bukti lainnya paling lambat 3 x 24 jam hari kerja.",
		"The participant must hand in the KS-NIK card or other proof within 3 x 24 working hours.")
	msgCardDutyLate = newMsg("card_duty_late",
		"KS-NIK atau bukti lainnya tidak diserahkan dalam 3 x 24 jam hari kerja: pembiayaan secara mandiri.",
		"The KS-NIK card or other proof was not handed in within 3 x 24 working hours: the patient pays.")
	msgProofNotAccepted = newMsg("proof_not_accepted",
		"Bukti yang diserahkan bukan KS-NIK atau bukti lain yang sah pada tanggal ini.",
		"What was handed in is not the KS-NIK card or another valid proof on this date.")
	msgDischargeApproval = newMsg("insidental_discharge_approval",
		"Kepulangan pasien kasus insidentil wajib disahkan Dinas Kesehatan; jika jatuh pada hari libur, pada hari kerja berikutnya.",
		"The discharge of an insidental case needs Dinkes approval; on a holiday, on the next working day.")
	msgEmergencyNoAmbulance = newMsg("emergency_referral_no_ambulance",
		"Rujukan gawat darurat antar rumah sakit dilakukan dengan ambulans.",
		"An emergency referral between hospitals goes by ambulance.")
	msgReferralNoBed = newMsg("referring_hospital_no_bed_check",
		"Rumah sakit perujuk harus lebih dahulu menghubungi rumah sakit penerima untuk memastikan tempat tidur kosong atau pelayanan yang diperlukan.",
		"The referring hospital must first contact the receiving hospital to confirm a free bed or the service needed.")
	msgReferralNoAmbulance = newMsg("referring_hospital_no_ambulance",
		"Rujukan antar rumah sakit dengan menggunakan ambulans.",
		"A referral between hospitals goes by ambulance.")
	msgReferralNoNurse = newMsg("referring_hospital_no_nurse",
		"Rujukan antar rumah sakit dengan perawat pendamping.",
		"A referral between hospitals goes with an accompanying nurse.")
	msgBreachRefused = newMsg("provider_refused_participant",
		"PPK yang bekerja sama wajib memberikan pelayanan kepada peserta Jamkesda, juga yang belum menyerahkan KS-NIK.",
		"A partner provider must serve Jamkesda participants, also those who have not yet handed in the card.")
	msgBreachDeposit = newMsg("deposit_not_on_bill",
		"Rumah sakit wajib melaporkan deposit pasien rawat inap kepada Dinas Kesehatan dan mencantumkannya pada tagihan.",
		"The hospital must report an inpatient's deposit to Dinkes and show it on the bill.")
	msgBreachBackReferral = newMsg("no_back_referral",
		"Rumah sakit penerima rujukan tidak memberikan rujukan balik kepada fasilitas yang merujuk.",
		"The receiving hospital sent no back-referral to the referring facility.")
)
