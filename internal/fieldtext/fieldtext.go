// Package fieldtext holds the words of each error code of
// rules.FieldError, in Indonesian and English, for an error whose maker
// gives none: shared by package rules and the module's internal error
// helpers.
package fieldtext

// Generic is the message of an error code in Indonesian (id) and English
// (en).
func Generic(code string) (id, en string) {
	switch code {
	case "bad_json":
		return "bukan JSON yang sah", "not well-formed JSON"
	case "unknown_field":
		return "kolom tidak dikenal (periksa ejaannya)", "unknown field (check its spelling)"
	case "missing":
		return "wajib diisi", "required"
	case "out_of_range":
		return "di luar rentang yang diizinkan", "out of range"
	case "too_large":
		return "terlalu besar", "too large"
	case "inconsistent":
		return "bertentangan dengan kolom lain", "contradicts another field"
	case "refused":
		return "ditolak", "refused"
	case "no_rules":
		return "aturan tidak memuat yang diperlukan untuk tanggal ini", "the rulebook does not hold what the decision needs on this date"
	case "internal":
		return "kesalahan internal kartusehat", "an internal fault of kartusehat"
	case "timeout":
		return "masukan tidak tiba tepat waktu", "the input did not arrive in time"
	case "interrupted":
		return "dihentikan sebelum selesai", "interrupted before its end"
	}
	return "nilai tidak sah", "not a valid value"
}
