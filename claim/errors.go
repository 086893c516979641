package claim

import (
	"errors"
	"fmt"
	"strings"

	"github.com/kartusehat/kartusehat/internal/fault"
	"github.com/kartusehat/kartusehat/internal/jsonx"
	"github.com/kartusehat/kartusehat/rules"
)

// ErrClaim is wrapped by every *rules.FieldError of this package.
var ErrClaim = errors.New("claim: invalid claim")

// fieldErrf is a *rules.FieldError of this package. field is a dotted
// path (lines[2].date; "(input)" for the input as a whole), made a JSON
// Pointer; the message is the English format with its args, its
// Indonesian found in idFormats (the code's own words when it is not
// there). The code: missing for "required...", inconsistent for a field
// that contradicts another (" is not the ", " is before ", " is after ",
// a snapshot of another date), bad value otherwise.
func fieldErrf(field, format string, args ...any) *rules.FieldError {
	en, id := format, ""
	if len(args) > 0 {
		en = fmt.Sprintf(format, args...)
	}
	if f, ok := idFormats[format]; ok {
		id = f
		if len(args) > 0 {
			id = fmt.Sprintf(f, args...)
		}
	}
	code := rules.CodeBadValue
	switch {
	case strings.HasPrefix(format, "required"):
		code = rules.CodeMissing
	case strings.Contains(format, " is not the "), strings.Contains(format, "is before "),
		strings.Contains(format, " is after "), strings.HasPrefix(format, "the snapshot is of "):
		code = rules.CodeInconsistent
	}
	fe := fault.New(code, pointerOf(field), id, en)
	fe.Kind = ErrClaim
	return fe
}

// causeErr is the field error at field that err caused, msg its English
// text: its code is the one fault.CodeOf gives err (bad value if none).
func causeErr(field, msg string, err error) *rules.FieldError {
	fe := fieldErrf(field, "%s", strings.TrimPrefix(msg, "rules: "))
	if code := fault.CodeOf(err); code != "" {
		fe.Code = code
		fe.Message = fault.New(code, "", "", "").Message
	}
	fe.Err = err
	return fe
}

// pointerOf is the JSON Pointer of a dotted field path; "" for "(input)".
func pointerOf(field string) string {
	if strings.HasPrefix(field, "(") {
		return ""
	}
	return jsonx.Pointer(field)
}

// idFormats is the Indonesian of each English message format of
// fieldErrf, with the same verbs in the same order.
var idFormats = map[string]string{
	"%d is not a budget year":                "%d bukan tahun anggaran",
	"%d is not a line of the bill (1 to %d)": "%d bukan baris tagihan (1 sampai %d)",
	"%q is not YYYY-MM":                      "%q bukan YYYY-MM",
	"%q is not card or dinsos_letter":        "%q bukan card atau dinsos_letter",
	"%q is not card_outpatient, card_inpatient, dinsos_outpatient or dinsos_inpatient":       "%q bukan card_outpatient, card_inpatient, dinsos_outpatient atau dinsos_inpatient",
	"%q is not dinkes_action, dinkes_discharge, dinkes_amhp or medical_committee_director":   "%q bukan dinkes_action, dinkes_discharge, dinkes_amhp atau medical_committee_director",
	"%q is not service, top_up, device, ambulance, erythropoietin, blood_bag or amhp_khusus": "%q bukan service, top_up, device, ambulance, erythropoietin, blood_bag atau amhp_khusus",
	"%q is not the file's hospital %q":                                     "%q bukan rumah sakit berkas ini %q",
	"%s is after the service ended on %s":                                  "%s sesudah pelayanan berakhir pada %s",
	"%s is before the admission on %s":                                     "%s sebelum masuk pada %s",
	"%s is before the service ended on %s":                                 "%s sebelum pelayanan berakhir pada %s",
	"a claim file larger than %d bytes":                                    "berkas klaim lebih dari %d byte",
	"amount %s is more than %s":                                            "jumlah %s lebih dari %s",
	"amount %s is negative or too large":                                   "jumlah %s negatif atau terlalu besar",
	"amount %s is not a whole number of rupiah after rounding":             "jumlah %s bukan rupiah bulat sesudah pembulatan",
	"expected a whole number from 1 to %d in digits only, found a JSON %s": "diharapkan bilangan bulat 1 sampai %d, hanya angka, ditemukan JSON %s",
	"is before the admission":                                              "sebelum masuk",
	"more than one JSON value; a batch is JSON Lines, one file a line":     "lebih dari satu nilai JSON; batch berupa JSON Lines, satu berkas per baris",
	"negative amount %s":                                                   "jumlah negatif %s",
	"negative amount":                                                      "jumlah negatif",
	"no claim file":                                                        "tidak ada berkas klaim",
	"no claim":                                                             "tidak ada klaim",
	"no eligibility decision or pathway assessment":                        "tidak ada keputusan kepesertaan atau penilaian alur",
	"no result to write into":                                              "tidak ada hasil untuk ditulisi",
	"quantity %d is not between 1 and %d (0 is not given: 1)":              "kuantitas %d tidak di antara 1 dan %d (0 berarti tidak diisi: 1)",
	"required":                                                "wajib diisi",
	"required: the bill, line by line":                        "wajib diisi: tagihan, baris demi baris",
	"required: the hospital's code":                           "wajib diisi: kode rumah sakit",
	"required: the special CMG code":                          "wajib diisi: kode special CMG",
	"required for %s: the tariff it is paid at":               "wajib diisi untuk %s: tarif pembayarannya",
	"special consumables are claimed with an insidental case": "bahan habis pakai khusus diklaim bersama kasus insidental",
	"the snapshot is of %s, the admission on %s: take the snapshot on the date of admission": "snapshot bertanggal %s, masuk pada %s: ambil snapshot pada tanggal masuk",
	"the snapshot is of %s, the service ended on %s: take the snapshot on the service end":   "snapshot bertanggal %s, pelayanan berakhir pada %s: ambil snapshot pada akhir pelayanan",
	"unit price %s is negative or too large":                                                 "harga satuan %s negatif atau terlalu besar",
	"unknown document code %q":                                                               "kode dokumen %q tidak dikenal",
}
