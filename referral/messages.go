package referral

import (
	"github.com/kartusehat/kartusehat/internal/reason"
)

// msg is a reason's code and its words; the citation is added where it
// is used.
type msg = reason.Message

func newMsg(code, id, en string) msg { return msg{Code: code, ID: id, EN: en} }

// The reasons, missing items and deadlines an assessment gives. Codes are
// stable.
var (
	msgCovered = newMsg(CodeCovered,
		"Dijamin Jamkesda: prosedur pelayanan dan rujukan terpenuhi.",
		"Covered by Jamkesda: the service and referral procedure is followed.")
	msgNotParticipant = newMsg(CodeNotParticipant,
		"Pasien bukan peserta Jamkesda pada tanggal pelayanan; dilayani sebagai pasien umum.",
		"The patient is not a Jamkesda participant on the date of service; served as a general patient.")
	msgOtherPayer = newMsg(CodeOtherPayerFirst,
		"Pelayanan dijamin oleh badan penyelenggara lain (kecelakaan kerja, kecelakaan lalu lintas).",
		"The care is guaranteed by another payer (work or traffic accident).")
	msgFalseEmergency = newMsg(CodeFalseEmergency,
		"Dokter jaga IGD menyatakan bukan kegawatdaruratan (false emergency) dan tanpa rujukan: pasien umum.",
		"The IGD doctor found no emergency (false emergency) and there is no referral: a general patient.")
	msgNonPartner = newMsg(CodeNonPartnerFacility,
		"Fasilitas tidak mempunyai ikatan kerja sama dengan Pemerintah Kota Bekasi pada tanggal pelayanan.",
		"The facility has no partnership with the city on the date of service.")
	msgReferOnToPartner = newMsg(CodeReferToPartner,
		"Keadaan gawat darurat di fasilitas non-mitra: berikan pertolongan pertama, lalu rujuk ke rumah sakit mitra.",
		"An emergency at a non-partner facility: give first aid, then refer to a partner hospital.")
	msgReportOwed = newMsg(CodeNonPartnerReport,
		"Fasilitas non-mitra wajib melaporkan peserta KS-NIK kepada Dinas Kesehatan selambat-lambatnya 3 x 24 jam.",
		"The non-partner facility must report the KS-NIK participant to Dinkes within 3 x 24 hours.")
	msgReportLate = newMsg(CodeNonPartnerReportLate,
		"Laporan fasilitas non-mitra kepada Dinas Kesehatan melewati 3 x 24 jam.",
		"The non-partner facility reported to Dinkes after 3 x 24 hours.")
	msgOutsideCity = newMsg(CodeOutsideCityNeedsCityReferral,
		"Rumah sakit di luar Kota Bekasi harus dengan rujukan dari RSUD atau RS swasta di Kota Bekasi.",
		"A hospital outside Kota Bekasi needs a referral from the RSUD or a private hospital in the city.")
	msgReferralMissing = newMsg(CodeReferralMissing,
		"Tanpa surat rujukan dari PPK tingkat pertama (puskesmas) di luar keadaan gawat darurat: pembiayaan secara mandiri.",
		"No referral from the first-level provider (puskesmas) outside an emergency: the patient pays.")
	msgControlVisit = newMsg(CodeControlVisitNeedsNewReferral,
		"Kunjungan kontrol memerlukan rujukan baru dari puskesmas.",
		"A control visit needs a new puskesmas referral.")
	msgPuskesmasNonMedical = newMsg(CodePuskesmasReferralNonMedical,
		"Rujukan puskesmas harus berdasarkan indikasi medik dokter pemeriksa.",
		"A puskesmas referral must rest on the examining doctor's medical indication.")
	msgNotInArea = newMsg(CodeReferralOutsideArea,
		"Puskesmas merujuk ke rumah sakit di luar Kota Bekasi; rujukan seharusnya ke PPK tingkat kedua terdekat di wilayahnya.",
		"The puskesmas referred to a hospital outside the city; a referral goes to the nearest second-level provider in its area.")
	msgTreatableAtPuskesmas = newMsg(CodeTreatableAtPuskesmas,
		"Diagnosis rujukan termasuk penyakit yang dapat ditangani puskesmas, tanpa alasan rujukan (waktu, usia, komplikasi, komorbiditas).",
		"The referral diagnosis is one a puskesmas treats itself, and no reason (time, age, complication, comorbidity) is stated.")
	msgPartialReferral = newMsg(CodePartialReferral,
		"Rujukan parsial: biaya ditanggung oleh fasilitas kesehatan yang merujuk.",
		"A partial referral: the referring facility pays.")
	msgBackReferral = newMsg(CodeBackReferral,
		"Rumah sakit penerima rujukan wajib memberikan rujukan balik kepada fasilitas yang merujuk.",
		"The receiving hospital owes the referring facility a back-referral.")
	msgClassFull = newMsg(CodeClassUpgradeClass3Full,
		"Naik kelas karena ruang kelas III penuh: tetap dijamin.",
		"Moved up a class because class III was full: still covered.")
	msgOwnWish = newMsg(CodeClassUpgradeOwnWish,
		"Pindah kelas atas keinginan sendiri: pasien membayar sebagai pasien umum.",
		"Moved up a class at the patient's own wish: the patient pays as a general patient.")
	msgCaesareanBaby = newMsg(CodeCaesareanBabyOwnSJP,
		"Bayi sehat dari ibu dengan sectio caesaria ditagihkan terpisah dengan tarif INA-CBG's dan SJP tersendiri.",
		"A healthy baby of a caesarean mother is billed separately at INA-CBG, on its own SJP.")
	msgSJPOutpatient = newMsg(CodeSJPOutpatient,
		"Pasien rawat jalan di rumah sakit wajib dilengkapi SJP dari Dinas Kesehatan.",
		"A hospital outpatient needs an SJP from Dinkes.")
	msgSJPInpatient = newMsg(CodeSJPInpatient,
		"SJP dari Dinas Kesehatan wajib dilengkapi paling lambat 3 x 24 jam hari kerja setelah pasien dirawat.",
		"The SJP from Dinkes is due within 3 x 24 working hours after admission.")
	msgSJPLate = newMsg(CodeSJPLate,
		"SJP dilengkapi setelah batas 3 x 24 jam hari kerja: pembiayaan secara mandiri.",
		"The SJP came after the 3 x 24 working-hour limit: the patient pays.")
	msgDocumentsEmergency = newMsg(CodeEmergencyDocuments,
		"Gawat darurat: cukup kartu kepesertaan saat masuk; persyaratan lain wajib diserahkan paling lambat 3 x 24 jam hari kerja.",
		"Emergency: the card suffices at admission; the other documents are due within 3 x 24 working hours.")
	msgDocumentsLate = newMsg(CodeEmergencyDocumentsLate,
		"Persyaratan diserahkan setelah batas 3 x 24 jam hari kerja: pembiayaan secara mandiri.",
		"The documents came after the 3 x 24 working-hour limit: the patient pays.")
	msgNonPartnerFirstAid = newMsg(CodeNonPartnerFirstAid,
		"Pertolongan pertama gawat darurat di rumah sakit non-mitra adalah kewajibannya sendiri; pelayanan di fasilitas non-mitra tidak ditanggung Jamkesda.",
		"Emergency first aid at a non-partner hospital is its own duty; care at a non-partner is not paid by Jamkesda.")
	msgOutsideCityNonMedical = newMsg(CodeOutsideCityNonMedical,
		"Pelayanan di rumah sakit di luar Kota Bekasi hanya atas dasar pertimbangan medik.",
		"Care at a hospital outside Kota Bekasi is covered only on medical grounds.")
	msgCardDuty = newMsg(CodeCardDuty,
		"Peserta wajib menyerahkan KS-NIK dan/atau bukti lainnya paling lambat 3 x 24 jam hari kerja.",
		"The participant must hand in the KS-NIK card or other proof within 3 x 24 working hours.")
	msgCardDutyLate = newMsg(CodeCardDutyLate,
		"KS-NIK atau bukti lainnya tidak diserahkan dalam 3 x 24 jam hari kerja: pembiayaan secara mandiri.",
		"The KS-NIK card or other proof was not handed in within 3 x 24 working hours: the patient pays.")
	msgProofNotAccepted = newMsg(CodeProofNotAccepted,
		"Bukti yang diserahkan bukan KS-NIK atau bukti lain yang sah pada tanggal ini.",
		"What was handed in is not the KS-NIK card or another valid proof on this date.")
	msgDischargeApproval = newMsg(CodeInsidentalDischargeApproval,
		"Kepulangan pasien kasus insidentil wajib disahkan Dinas Kesehatan; jika jatuh pada hari libur, pada hari kerja berikutnya.",
		"The discharge of an insidental case needs Dinkes approval; on a holiday, on the next working day.")
	msgEmergencyNoAmbulance = newMsg(CodeEmergencyReferralNoAmbulance,
		"Rujukan gawat darurat antar rumah sakit dilakukan dengan ambulans.",
		"An emergency referral between hospitals goes by ambulance.")
	msgReferralNoBed = newMsg(CodeReferringHospitalNoBedCheck,
		"Rumah sakit perujuk harus lebih dahulu menghubungi rumah sakit penerima untuk memastikan tempat tidur kosong atau pelayanan yang diperlukan.",
		"The referring hospital must first contact the receiving hospital to confirm a free bed or the service needed.")
	msgReferralNoAmbulance = newMsg(CodeReferringHospitalNoAmbulance,
		"Rujukan antar rumah sakit dengan menggunakan ambulans.",
		"A referral between hospitals goes by ambulance.")
	msgReferralNoNurse = newMsg(CodeReferringHospitalNoNurse,
		"Rujukan antar rumah sakit dengan perawat pendamping.",
		"A referral between hospitals goes with an accompanying nurse.")
	msgBreachRefused = newMsg(CodeProviderRefusedParticipant,
		"PPK yang bekerja sama wajib memberikan pelayanan kepada peserta Jamkesda, juga yang belum menyerahkan KS-NIK.",
		"A partner provider must serve Jamkesda participants, also those who have not yet handed in the card.")
	msgBreachDeposit = newMsg(CodeDepositNotOnBill,
		"Rumah sakit wajib melaporkan deposit pasien rawat inap kepada Dinas Kesehatan dan mencantumkannya pada tagihan.",
		"The hospital must report an inpatient's deposit to Dinkes and show it on the bill.")
	msgBreachBackReferral = newMsg(CodeNoBackReferral,
		"Rumah sakit penerima rujukan tidak memberikan rujukan balik kepada fasilitas yang merujuk.",
		"The receiving hospital sent no back-referral to the referring facility.")
)
