package eligibility

import (
	"github.com/kartusehat/kartusehat/internal/reason"
)

// msg is a reason's code and its words; the citation is added where it
// is used.
type msg = reason.Message

func newMsg(code, id, en string) msg { return msg{Code: code, ID: id, EN: en} }

// The reasons an eligibility decision gives. Codes are stable.
var (
	msgNoRules = newMsg(CodeNoRulesInForce,
		"Tidak ada ketentuan Jamkesda yang berlaku pada tanggal pelayanan ini.",
		"No Jamkesda rules are in force on this date of service.")
	msgNoBasis = newMsg(CodeNoBasis,
		"Tidak memenuhi satu pun dasar kepesertaan Jamkesda pada tanggal ini.",
		"Meets none of the bases of Jamkesda participation on this date.")

	msgDied = newMsg(CodeDied,
		"Peserta telah meninggal dunia sebelum tanggal pelayanan.",
		"The person died before the date of service.")
	msgDiedAfter = newMsg(CodeDiedAfterService,
		"Tercatat meninggal dunia setelah tanggal pelayanan; pada tanggal pelayanan masih peserta.",
		"Recorded as died after the date of service; still a participant on that date.")
	msgMovedOut = newMsg(CodeMovedOut,
		"Peserta telah pindah ke luar Kota Bekasi sebelum tanggal pelayanan.",
		"The person moved outside Kota Bekasi before the date of service.")
	msgNoLongerValid = newMsg(CodeNoLongerValid,
		"Peserta dikurangi karena tidak lagi memenuhi keabsahan peserta sebelum tanggal pelayanan.",
		"The person was removed as no longer meeting the conditions of participation before the date of service.")
	msgNoLongerValidAfter = newMsg(CodeNoLongerValidAfterService,
		"Tercatat tidak lagi memenuhi keabsahan peserta setelah tanggal pelayanan; pada tanggal pelayanan masih peserta.",
		"Recorded as no longer valid after the date of service; still a participant on that date.")
	msgMovedAfter = newMsg(CodeMovedOutAfterService,
		"Tercatat pindah ke luar Kota Bekasi setelah tanggal pelayanan.",
		"Recorded as moving outside Kota Bekasi after the date of service.")
	msgPBI = newMsg(CodePBIMember,
		"Peserta PBI Jaminan Kesehatan Nasional tidak dijamin oleh Jamkesda.",
		"A PBI member of the national scheme (JKN) is not covered by Jamkesda.")
	msgJKNActive = newMsg(CodeJKNActiveMember,
		"Peserta JKN yang masih aktif tidak dibiayai oleh Jamkesda.",
		"An active JKN member is not paid for by Jamkesda.")
	msgNotInRegistry = newMsg(CodeNotInRegistry,
		"Tidak terdaftar dalam data base kependudukan Kota Bekasi berbasis NIK.",
		"Not registered in Kota Bekasi's NIK population database.")
	msgKKOutside = newMsg(CodeKKOutsideCity,
		"Kartu Keluarga tidak berdomisili di Kota Bekasi.",
		"The family card (KK) is not domiciled in Kota Bekasi.")

	msgCardMissing = newMsg(CodeCardMissing,
		"Tidak menunjukkan Kartu Sehat (KS-NIK) maupun surat rekomendasi Dinas Sosial.",
		"Shows neither a KS-NIK card nor a Dinsos recommendation letter.")
	msgCardExpired = newMsg(CodeCardExpired,
		"Masa berlaku Kartu Sehat telah habis pada tanggal pelayanan.",
		"The KS-NIK card had expired on the date of service.")
	msgCardNotActivated = newMsg(CodeCardNotActivated,
		"Kartu Sehat belum diaktifkan di Dinas Kesehatan.",
		"The KS-NIK card was not activated at Dinkes.")
	msgCardNotForPerson = newMsg(CodeCardNotForPerson,
		"NIK pasien tidak tercantum pada Kartu Sehat yang ditunjukkan dan pasien tidak terdaftar pada KK kartu tersebut.",
		"The patient's NIK is not on the card shown, and the patient is not on the card's family card (KK).")
	msgLending = newMsg(CodeCardLending,
		"Kartu Sehat milik keluarga lain: memberikan atau meminjamkan kartu kepada orang lain dilarang.",
		"The card belongs to another family: giving or lending a card to another person is forbidden.")
	msgLendingPenalty = newMsg(CodeCardLendingPenalty,
		"Ancaman pidana bagi yang meminjamkan kartu: kurungan paling lama %d bulan atau denda paling banyak Rp %s.",
		"The penalty for lending a card: confinement of up to %d months or a fine of up to Rp %s.")
	msgFamilyNotPrinted = newMsg(CodeFamilyMemberNotPrinted,
		"NIK pasien tidak tercetak pada kartu, tetapi pasien terdaftar pada KK kartu tersebut; satu kartu menjamin seluruh anggota KK.",
		"The patient's NIK is not printed on the card, but the patient is on the card's KK; one card covers the whole family.")
	msgEKTPMissing = newMsg(CodeEKTPMissing,
		"Tidak menunjukkan e-KTP.",
		"No e-KTP was shown.")
	msgEKTPNotRecorded = newMsg(CodeEKTPNotRecorded,
		"e-KTP belum melalui perekaman; hanya e-KTP yang telah direkam yang berlaku.",
		"The e-KTP recording (perekaman) was not done; only a recorded e-KTP counts.")
	msgEKTPNotOnCard = newMsg(CodeEKTPNotOnCard,
		"NIK pada e-KTP yang ditunjukkan tidak sama dengan NIK pada Kartu Sehat; kartu tidak dapat digunakan.",
		"The NIK on the e-KTP shown does not match a NIK on the card; the card cannot be used.")
	msgCardNotShown = newMsg(CodeCardToFollow,
		"Peserta wajib menyerahkan KS-NIK dan/atau bukti lainnya dalam waktu %d x 24 jam hari kerja; PPK tetap wajib melayani.",
		"The participant must hand in the KS-NIK card or other proof within %d x 24 working hours; the provider must still serve them.")
	msgRSUDEKTP = newMsg(CodeRSUDAcceptsEKTPKK,
		"RSUD Kota Bekasi melayani warga Kota Bekasi dengan e-KTP dan KK saja.",
		"RSUD Kota Bekasi treats residents on e-KTP and KK alone.")

	msgNewbornNotParticipant = newMsg(CodeNewbornNotParticipant,
		"Bayi yang belum tercantum di kartu keluarga peserta belum menjadi peserta sebelum berlakunya Perda Jamkesda (pembacaan yang dipilih).",
		"A baby not yet on the participant family's card is not a participant before the Jamkesda by-law (Perda) took effect (the reading chosen).")
	msgNewbornProof = newMsg(CodeNewbornProofMissing,
		"Bayi baru lahir harus dibuktikan dengan akta kelahiran atau surat keterangan lahir.",
		"A newborn is proven by a birth certificate or a birth letter.")
	msgNewbornNoParent = newMsg(CodeNewbornParentUnknown,
		"Data orang tua peserta tidak diberikan untuk bayi baru lahir.",
		"The participant parent's facts were not given for the newborn.")
	msgNewbornParentMismatch = newMsg(CodeNewbornParentMismatch,
		"NIK orang tua pada bukti kelahiran tidak sama dengan NIK orang tua yang diperiksa.",
		"The parent's NIK on the birth proof does not match the parent checked.")
	msgNewbornParentNot = newMsg(CodeNewbornParentNotParticipant,
		"Orang tua bayi bukan peserta Jamkesda pada tanggal pelayanan.",
		"The baby's parent is not a Jamkesda participant on the date of service.")
	msgNewbornSJP = newMsg(CodeNewbornNeedsSJP,
		"Bayi belum tercantum pada kartu: SJP diterbitkan Dinas Kesehatan berdasarkan surat keterangan lahir.",
		"The baby is not on the card yet: Dinkes issues an SJP from the birth letter.")
	msgInstitutionalNoLetter = newMsg(CodeInstitutionalNoLetter,
		"Warga binaan, warga terlantar, warga panti dan tahanan titipan dijamin hanya dengan surat rekomendasi Dinas Sosial.",
		"Inmates, neglected persons, social-home residents and detainees are covered only with a Dinsos recommendation letter.")
	msgInstitutionalLetterCategory = newMsg(CodeInstitutionalLetterCategory,
		"Kategori pada surat rekomendasi Dinas Sosial tidak sesuai dengan status pasien.",
		"The category on the Dinsos letter does not match the patient's status.")

	msgBasisCardHolder = newMsg(CodeBasisCardHolder,
		"Peserta pemegang Kartu Sehat (KS-NIK) yang masih berlaku, dengan e-KTP yang sesuai.",
		"Participant holding a valid KS-NIK card, with a matching e-KTP.")
	msgBasisFamily = newMsg(CodeBasisFamilyMember,
		"Peserta sebagai anggota keluarga pada KK pemegang Kartu Sehat.",
		"Participant as a member of the card-holding family's KK.")
	msgBasisResident = newMsg(CodeBasisNIKResident,
		"Peserta sebagai penduduk Kota Bekasi yang terdaftar dalam data base kependudukan berbasis NIK, bukan peserta PBI.",
		"Participant as a Kota Bekasi resident registered in the NIK population database, not a PBI member.")
	msgBasisDinsosLetter = newMsg(CodeBasisDinsosLetter,
		"Peserta dengan surat rekomendasi Dinas Sosial, e-KTP dan KK Kota Bekasi.",
		"Participant with a Dinsos recommendation letter, e-KTP and a Kota Bekasi KK.")
	msgBasisPoorFamily = newMsg(CodeBasisDinsosPoorFamily,
		"Peserta sebagai keluarga tidak mampu yang terdaftar pada Dinas Sosial.",
		"Participant as a poor family on Dinsos's list.")
	msgBasisNewborn = newMsg(CodeBasisNewborn,
		"Peserta sebagai anak yang terlahir dari peserta Jamkesda.",
		"Participant as a child born to a Jamkesda participant.")
	msgBasisInstitutional = newMsg(CodeBasisInstitutional,
		"Peserta dengan surat rekomendasi Dinas Sosial (warga binaan, warga terlantar, warga panti atau tahanan titipan).",
		"Participant with a Dinsos recommendation letter (inmate, neglected person, social-home resident or detainee).")
)
