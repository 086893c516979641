package claim

import "github.com/kartusehat/kartusehat/rules"

type msg = rules.Message

func newMsg(code, id, en string) msg { return msg{Code: code, ID: id, EN: en} }

// The reasons of an adjudication. Codes are stable; the citations come
// from the rulebook.
var (
	msgPaid = newMsg("paid",
		"Dibayar sesuai tagihan.",
		"Paid as claimed.")
	msgFilePaid = newMsg("payable",
		"Berkas layak bayar.",
		"The file is payable.")
	msgNotParticipant = newMsg("not_participant",
		"Pasien bukan peserta Jamkesda pada tanggal pelayanan: seluruh berkas tidak dibayar.",
		"The patient is not a Jamkesda participant on the date of service: the whole file is refused.")
	msgPathway = newMsg("pathway_not_followed",
		"Prosedur pelayanan atau rujukan tidak terpenuhi: seluruh berkas tidak dibayar.",
		"The service or referral procedure was not followed: the whole file is refused.")
	msgPrivateAgreement = newMsg("private_agreement",
		"Terjadi kesepakatan antara RS dengan pasien: klaim tidak dapat dibayarkan.",
		"The hospital and the patient made a private agreement: the claim cannot be paid.")
	msgSwitchNoCutOff = newMsg("payer_switch_without_cut_off",
		"Pasien umum beralih menjadi pasien Jamkesda dalam masa perawatan tanpa menyelesaikan administrasi dan cut off biaya: seluruh berkas tidak dibayar.",
		"A general patient switched to Jamkesda during the stay without settling and cutting off the costs: the whole file is refused.")
	msgBeforeSwitch = newMsg("before_payer_change",
		"Biaya sebelum peralihan penjaminan (pasien umum) bukan tanggungan Jamkesda.",
		"The costs before the change of payer (as a general patient) are not Jamkesda's.")
	msgFileRefused = newMsg("file_refused",
		"Seluruh berkas tidak dibayar (lihat alasan berkas).",
		"The whole file is refused (see the file's reasons).")
	msgNoActionApproval = newMsg("approval_missing_dinkes_action",
		"Tindakan pada kasus insidentil tanpa persetujuan Dinas Kesehatan: tindakan ini tidak dibayar.",
		"An action in an insidental case without Dinkes's approval: this action is not paid.")
	msgNoDischargeApproval = newMsg("approval_missing_dinkes_discharge",
		"Kepulangan pasien insidentil tanpa pengesahan Dinas Kesehatan: dicatat untuk verifikator; aturan tidak menetapkan akibatnya, tidak ada biaya yang ditolak.",
		"An insidental patient's discharge without Dinkes's approval: noted for the verifier; the rules set no consequence, nothing is denied.")
	msgNoAMHPApproval = newMsg("approval_missing_dinkes_amhp",
		"AMHP khusus pada kasus insidentil tanpa persetujuan Dinas Kesehatan: tidak dibayar.",
		"Special consumables in an insidental case without Dinkes's approval: not paid.")
	msgNoDeviceApproval = newMsg("approval_missing_medical_committee_director",
		"Alat medis di luar paket INA-CBG tanpa persetujuan Komite Medik dan tanda tangan Direktur: tidak dibayar.",
		"A medical device outside the INA-CBG package without the medical committee's approval signed by the director: not paid.")
	msgDevicePaid = newMsg("device_outside_package",
		"Alat medis di luar paket INA-CBG dengan persetujuan Komite Medik dan Direktur: dibayar sesuai tagihan.",
		"A medical device outside the INA-CBG package, approved by the medical committee and the director: paid as claimed.")
	msgDuplicateLine = newMsg("duplicate_line",
		"Baris tagihan yang sama ditagihkan dua kali: tidak dibayar.",
		"The same bill line is billed twice: not paid.")
	msgReducedINACBG = newMsg("reduced_to_inacbg",
		"Dibayar sesuai tarif paket INA-CBG: tagihan dikurangi secara proporsional.",
		"Paid at the INA-CBG package tariff: the line is reduced in proportion.")
	msgInsidentalDiscount = newMsg("insidental_discount",
		"Tarif RS kasus insidentil dengan potongan harga menurut tipe RS.",
		"An insidental case at the hospital's tariff, less the discount for its type.")
	msgReducedTariff = newMsg("reduced_to_tariff",
		"Dibayar sesuai tarif yang berlaku: tagihan dikurangi.",
		"Paid at the tariff in force: the line is reduced.")
	msgNoPackage = newMsg("no_package",
		"Tidak ada tarif paket untuk baris ini.",
		"There is no package tariff for this line.")
	msgBelowTariff = newMsg("claimed_below_tariff",
		"Tagihan di bawah tarif paket INA-CBG: dibayar sesuai tagihan.",
		"The claim is below the INA-CBG package tariff: paid as claimed.")
	msgTotalMismatch = newMsg("total_mismatch",
		"Jumlah tagihan yang dinyatakan RS tidak sama dengan jumlah baris tagihan; dihitung dari baris.",
		"The hospital's stated total differs from the sum of its lines; the lines are used.")
	msgIncomplete = newMsg("incomplete",
		"Berkas klaim belum lengkap: dikembalikan ke RS untuk dilengkapi.",
		"The claim file is incomplete: returned to the hospital to complete.")
	msgDepositNetted = newMsg("deposit_netted",
		"Deposit yang dibayar pasien diperhitungkan pada tagihan.",
		"The deposit the patient paid is netted from the claim.")
	msgDepositRefunded = newMsg("deposit_refunded",
		"Deposit yang dibayar pasien dikembalikan kepada pasien oleh RS; tagihan dibayar penuh.",
		"The hospital refunds the deposit to the patient; the claim is paid in full.")
	msgDuplicateStay = newMsg("duplicate_stay",
		"Pasien yang sama dengan masa perawatan yang tumpang tindih dengan berkas lain: berkas tidak dibayar.",
		"The same patient with a stay that overlaps another file's: the file is refused.")
	msgOverlappingStay = newMsg("overlapping_stay",
		"Pasien yang sama dengan masa perawatan yang tumpang tindih dengan berkas RS lain: diperiksa verifikator, tidak ditolak.",
		"The same patient with a stay that overlaps another hospital's file: for the verifier to review, not refused.")
	msgDuplicateSJP = newMsg("duplicate_sjp",
		"Nomor SJP yang sama sudah ditagihkan pada berkas lain: berkas tidak dibayar.",
		"The same SJP number was already claimed in another file: the file is refused.")
)
