package claim

import (
	"github.com/kartusehat/kartusehat/internal/reason"
)

type msg = reason.Message

func newMsg(code, id, en string) msg { return msg{Code: code, ID: id, EN: en} }

// The reasons of an adjudication. Codes are stable; the citations come
// from the rulebook.
var (
	msgPaid = newMsg(CodePaid,
		"Dibayar sesuai tagihan.",
		"Paid as claimed.")
	msgFilePaid = newMsg(CodePayable,
		"Berkas layak bayar.",
		"The file is payable.")
	msgNotParticipant = newMsg(CodeNotParticipant,
		"Pasien bukan peserta Jamkesda pada tanggal pelayanan: seluruh berkas tidak dibayar.",
		"The patient is not a Jamkesda participant on the date of service: the whole file is refused.")
	msgPathway = newMsg(CodePathwayNotFollowed,
		"Prosedur pelayanan atau rujukan tidak terpenuhi: seluruh berkas tidak dibayar.",
		"The service or referral procedure was not followed: the whole file is refused.")
	msgPrivateAgreement = newMsg(CodePrivateAgreement,
		"Terjadi kesepakatan antara RS dengan pasien: klaim tidak dapat dibayarkan.",
		"The hospital and the patient made a private agreement: the claim cannot be paid.")
	msgSwitchNoCutOff = newMsg(CodePayerSwitchWithoutCutOff,
		"Pasien umum beralih menjadi pasien Jamkesda dalam masa perawatan tanpa menyelesaikan administrasi dan cut off biaya: seluruh berkas tidak dibayar.",
		"A general patient switched to Jamkesda during the stay without settling and cutting off the costs: the whole file is refused.")
	msgBeforeSwitch = newMsg(CodeBeforePayerChange,
		"Biaya sebelum peralihan penjaminan (pasien umum) bukan tanggungan Jamkesda.",
		"The costs before the change of payer (as a general patient) are not Jamkesda's.")
	msgFileRefused = newMsg(CodeFileRefused,
		"Seluruh berkas tidak dibayar (lihat alasan berkas).",
		"The whole file is refused (see the file's reasons).")
	msgNoActionApproval = newMsg(CodeApprovalMissingDinkesAction,
		"Tindakan pada kasus insidentil tanpa persetujuan Dinas Kesehatan: tindakan ini tidak dibayar.",
		"An action in an insidental case without Dinkes's approval: this action is not paid.")
	msgNoDischargeApproval = newMsg(CodeApprovalMissingDinkesDischarge,
		"Kepulangan pasien insidentil tanpa pengesahan Dinas Kesehatan: dicatat untuk verifikator; aturan tidak menetapkan akibatnya, tidak ada biaya yang ditolak.",
		"An insidental patient's discharge without Dinkes's approval: noted for the verifier; the rules set no consequence, nothing is denied.")
	msgNoAMHPApproval = newMsg(CodeApprovalMissingDinkesAMHP,
		"AMHP khusus pada kasus insidentil tanpa persetujuan Dinas Kesehatan: tidak dibayar.",
		"Special consumables in an insidental case without Dinkes's approval: not paid.")
	msgNoDeviceApproval = newMsg(CodeApprovalMissingMedicalCommitteeDirector,
		"Alat medis di luar paket INA-CBG tanpa persetujuan Komite Medik dan tanda tangan Direktur: tidak dibayar.",
		"A medical device outside the INA-CBG package without the medical committee's approval signed by the director: not paid.")
	msgDevicePaid = newMsg(CodeDeviceOutsidePackage,
		"Alat medis di luar paket INA-CBG dengan persetujuan Komite Medik dan Direktur: dibayar sesuai tagihan.",
		"A medical device outside the INA-CBG package, approved by the medical committee and the director: paid as claimed.")
	msgDuplicateLine = newMsg(CodeDuplicateLine,
		"Baris tagihan yang sama ditagihkan dua kali: tidak dibayar.",
		"The same bill line is billed twice: not paid.")
	msgReducedINACBG = newMsg(CodeReducedToINACBG,
		"Dibayar sesuai tarif paket INA-CBG: tagihan dikurangi secara proporsional.",
		"Paid at the INA-CBG package tariff: the line is reduced in proportion.")
	msgInsidentalDiscount = newMsg(CodeInsidentalDiscount,
		"Tarif RS kasus insidentil dengan potongan harga menurut tipe RS.",
		"An insidental case at the hospital's tariff, less the discount for its type.")
	msgReducedTariff = newMsg(CodeReducedToTariff,
		"Dibayar sesuai tarif yang berlaku: tagihan dikurangi.",
		"Paid at the tariff in force: the line is reduced.")
	msgNoPackage = newMsg(CodeNoPackage,
		"Tidak ada tarif paket untuk baris ini.",
		"There is no package tariff for this line.")
	msgBelowTariff = newMsg(CodeClaimedBelowTariff,
		"Tagihan di bawah tarif paket INA-CBG: dibayar sesuai tagihan.",
		"The claim is below the INA-CBG package tariff: paid as claimed.")
	msgTotalMismatch = newMsg(CodeTotalMismatch,
		"Jumlah tagihan yang dinyatakan RS tidak sama dengan jumlah baris tagihan; dihitung dari baris.",
		"The hospital's stated total differs from the sum of its lines; the lines are used.")
	msgIncomplete = newMsg(CodeIncomplete,
		"Berkas klaim belum lengkap: dikembalikan ke RS untuk dilengkapi.",
		"The claim file is incomplete: returned to the hospital to complete.")
	msgDepositNetted = newMsg(CodeDepositNetted,
		"Deposit yang dibayar pasien diperhitungkan pada tagihan.",
		"The deposit the patient paid is netted from the claim.")
	msgDepositRefunded = newMsg(CodeDepositRefunded,
		"Deposit yang dibayar pasien dikembalikan kepada pasien oleh RS; tagihan dibayar penuh.",
		"The hospital refunds the deposit to the patient; the claim is paid in full.")
	msgDuplicateStay = newMsg(CodeDuplicateStay,
		"Pasien yang sama dengan masa perawatan yang tumpang tindih dengan berkas lain: berkas tidak dibayar.",
		"The same patient with a stay that overlaps another file's: the file is refused.")
	msgOverlappingStay = newMsg(CodeOverlappingStay,
		"Pasien yang sama dengan masa perawatan yang tumpang tindih dengan berkas RS lain: diperiksa verifikator, tidak ditolak.",
		"The same patient with a stay that overlaps another hospital's file: for the verifier to review, not refused.")
	msgDuplicateSJP = newMsg(CodeDuplicateSJP,
		"Nomor SJP yang sama sudah ditagihkan pada berkas lain: berkas tidak dibayar.",
		"The same SJP number was already claimed in another file: the file is refused.")
)
