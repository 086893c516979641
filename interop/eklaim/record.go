// Package eklaim reads a claim as the hospital's E-Klaim application holds
// it (the Ministry of Health's INA-CBG claim application: the
// set_claim_data record, with the grouper's result) as a claim.File, and
// writes the adjudication back in E-Klaim's vocabulary: per tarif_rs
// category, what is paid, reduced or denied, and why.
//
// Field names and codes follow the E-Klaim web service manual (version
// 5.10.x, method "set_claim_data" and method "grouper"); the README's
// "Interop" section lists each field, where it goes and its source, and
// marks the fields that could not be confirmed.
//
// E-Klaim has no field for most of what a Jamkesda verifier reads (the
// patient's registry facts, the referral, the SJP's date, the documents of
// the file, the approvals, the deposits, the cost breakdown line by line):
// those come in the record's "jamkesda" part (Supplement). A field of the
// record that has no counterpart is listed in Conversion.Unmapped, never
// dropped in silence.
package eklaim

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/interop"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/shopspring/decimal"
)

// Record is one claim as E-Klaim holds it: the set_claim_data request
// (metadata and data), the grouper's result, and the Jamkesda supplement.
type Record struct {
	// Metadata is the web service request's metadata
	// ({"method": "set_claim_data", "nomor_sep": ...}); optional.
	Metadata *Metadata `json:"metadata,omitempty"`
	// Data is the set_claim_data record.
	Data ClaimData `json:"data"`
	// Grouper is the INA-CBG grouper's result (response_inacbg): the CBG,
	// its tariff and the special CMGs chosen.
	Grouper *Grouper `json:"grouper,omitempty"`
	// Jamkesda holds what E-Klaim has no field for.
	Jamkesda *Supplement `json:"jamkesda,omitempty"`
}

// Metadata is the E-Klaim web service request's metadata.
type Metadata struct {
	Method   string `json:"method"`
	NomorSEP string `json:"nomor_sep,omitempty"`
}

// ClaimData is the set_claim_data record. The fields read are typed; the
// others the manual defines are kept as they came (json.RawMessage) and
// reported as unmapped when present.
type ClaimData struct {
	// NomorSEP is the SEP number; for a Jamkesda claim, the SJP number.
	NomorSEP string `json:"nomor_sep"`
	// NomorKartu is the card number; with NomorKartuT "nik" (or empty), the
	// patient's NIK.
	NomorKartu  string `json:"nomor_kartu,omitempty"`
	NomorKartuT string `json:"nomor_kartu_t,omitempty"`
	// TglMasuk and TglPulang are "YYYY-MM-DD hh:mm:ss", hospital (WIB) time.
	TglMasuk  string `json:"tgl_masuk"`
	TglPulang string `json:"tgl_pulang,omitempty"`
	// JenisRawat is 1 (rawat inap) or 2 (rawat jalan).
	JenisRawat Code `json:"jenis_rawat"`
	// KelasRawat is 1, 2 or 3.
	KelasRawat Code `json:"kelas_rawat,omitempty"`
	// Diagnosa and Procedure are ICD-10 and ICD-9-CM codes joined by "#",
	// the principal one first.
	Diagnosa  string `json:"diagnosa,omitempty"`
	Procedure string `json:"procedure,omitempty"`
	// TarifRS is the hospital's bill in the manual's 18 categories.
	TarifRS TarifRS `json:"tarif_rs"`
	// KodeTarif is the INA-CBG tariff class of the hospital (AP, BS, ...).
	KodeTarif string `json:"kode_tarif,omitempty"`
	// PayorID and PayorCD name the payer as set up in E-Klaim (Setup,
	// Jaminan): the Payplan ID and its code.
	PayorID Code   `json:"payor_id,omitempty"`
	PayorCD string `json:"payor_cd,omitempty"`

	// The manual's other fields: read, kept, and listed as unmapped.
	DischargeStatus   json.RawMessage `json:"discharge_status,omitempty"`
	CaraMasuk         json.RawMessage `json:"cara_masuk,omitempty"`
	ADLSubAcute       json.RawMessage `json:"adl_sub_acute,omitempty"`
	ADLChronic        json.RawMessage `json:"adl_chronic,omitempty"`
	ICUIndikator      json.RawMessage `json:"icu_indikator,omitempty"`
	ICULos            json.RawMessage `json:"icu_los,omitempty"`
	VentilatorHour    json.RawMessage `json:"ventilator_hour,omitempty"`
	Ventilator        json.RawMessage `json:"ventilator,omitempty"`
	UpgradeClassInd   json.RawMessage `json:"upgrade_class_ind,omitempty"`
	UpgradeClassClass json.RawMessage `json:"upgrade_class_class,omitempty"`
	UpgradeClassLos   json.RawMessage `json:"upgrade_class_los,omitempty"`
	UpgradeClassPayor json.RawMessage `json:"upgrade_class_payor,omitempty"`
	AddPaymentPct     json.RawMessage `json:"add_payment_pct,omitempty"`
	BirthWeight       json.RawMessage `json:"birth_weight,omitempty"`
	Sistole           json.RawMessage `json:"sistole,omitempty"`
	Diastole          json.RawMessage `json:"diastole,omitempty"`
	BayiLahirStatusCD json.RawMessage `json:"bayi_lahir_status_cd,omitempty"`
	DializerSingleUse json.RawMessage `json:"dializer_single_use,omitempty"`
	KantongDarah      json.RawMessage `json:"kantong_darah,omitempty"`
	AlteplaseInd      json.RawMessage `json:"alteplase_ind,omitempty"`
	Apgar             json.RawMessage `json:"apgar,omitempty"`
	Persalinan        json.RawMessage `json:"persalinan,omitempty"`
	TarifPoliEks      json.RawMessage `json:"tarif_poli_eks,omitempty"`
	NamaDokter        json.RawMessage `json:"nama_dokter,omitempty"`
	COBCD             json.RawMessage `json:"cob_cd,omitempty"`
	CoderNIK          json.RawMessage `json:"coder_nik,omitempty"`
}

// unmapped lists the manual's fields the conversion does not read, with
// why, in the record's order.
func (d *ClaimData) unmapped() []struct {
	name string
	v    json.RawMessage
	note string
} {
	return []struct {
		name string
		v    json.RawMessage
		note string
	}{
		{"discharge_status", d.DischargeStatus, "the way of discharge; the rules read no discharge status"},
		{"cara_masuk", d.CaraMasuk, "the way of admission; the referral comes from jamkesda.episode.referral"},
		{"adl_sub_acute", d.ADLSubAcute, "grouper input; the CBG comes from the grouper's result"},
		{"adl_chronic", d.ADLChronic, "grouper input; the CBG comes from the grouper's result"},
		{"icu_indikator", d.ICUIndikator, "ICU stay; an insidental case is jamkesda.insidental"},
		{"icu_los", d.ICULos, "ICU days; the rules read the rawat_intensif amount"},
		{"ventilator_hour", d.VentilatorHour, "grouper input"},
		{"ventilator", d.Ventilator, "grouper input"},
		{"upgrade_class_ind", d.UpgradeClassInd, "a class upgrade; the reason for a class above III is jamkesda.episode.class_reason"},
		{"upgrade_class_class", d.UpgradeClassClass, "a class upgrade (JKN's rule, not Jamkesda's)"},
		{"upgrade_class_los", d.UpgradeClassLos, "a class upgrade (JKN's rule, not Jamkesda's)"},
		{"upgrade_class_payor", d.UpgradeClassPayor, "a class upgrade (JKN's rule, not Jamkesda's)"},
		{"add_payment_pct", d.AddPaymentPct, "a class upgrade (JKN's rule, not Jamkesda's)"},
		{"birth_weight", d.BirthWeight, "grouper input"},
		{"sistole", d.Sistole, "clinical data the rules do not read"},
		{"diastole", d.Diastole, "clinical data the rules do not read"},
		{"bayi_lahir_status_cd", d.BayiLahirStatusCD, "JKN's newborn guarantee (payor 73)"},
		{"dializer_single_use", d.DializerSingleUse, "grouper input"},
		{"kantong_darah", d.KantongDarah, "blood bags; a bag at the PMI tariff is a jamkesda.rincian line of kind blood_bag"},
		{"alteplase_ind", d.AlteplaseInd, "grouper input"},
		{"apgar", d.Apgar, "clinical data the rules do not read"},
		{"persalinan", d.Persalinan, "clinical data the rules do not read"},
		{"tarif_poli_eks", d.TarifPoliEks, "the executive clinic tariff: no Jamkesda counterpart"},
		{"nama_dokter", d.NamaDokter, "the doctor's name: not read"},
		{"cob_cd", d.COBCD, "coordination of benefit: no Jamkesda counterpart"},
		{"coder_nik", d.CoderNIK, "the coder's NIK (personal data): not read"},
	}
}

// Code is a code E-Klaim sends as a string ("1") or, in some SIMRS, as a
// number (1): both read as the same text. Another JSON type is kept as
// invalid and reported with its place.
type Code string

// invalidCode marks a value of another JSON type.
const invalidCode Code = "\x00"

// UnmarshalJSON reads a string or a number; never fails, so that the
// fault is reported with its JSON Pointer.
func (c *Code) UnmarshalJSON(b []byte) error {
	switch {
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			*c = invalidCode
			return nil
		}
		*c = Code(s)
	case string(b) == "null":
		*c = ""
	case len(b) > 0 && (b[0] == '-' || b[0] >= '0' && b[0] <= '9'):
		*c = Code(b)
	default:
		*c = invalidCode
	}
	return nil
}

// Grouper is the INA-CBG grouper's result, as the manual's method
// "grouper" returns it in response_inacbg (stage 1) with the special CMGs
// chosen in stage 2.
type Grouper struct {
	CBG CBG `json:"cbg"`
	// Tariff is the grouper's tariff for the CBG. It is not what pays:
	// the rulebook's INA-CBG table prices the package (Perwal 27.A/2017).
	Tariff Rupiah `json:"tariff,omitempty"`
	// SpecialCMG are the special CMGs added to the package; each becomes a
	// top_up line claimed at its tariff.
	SpecialCMG []SpecialCMG `json:"special_cmg,omitempty"`
}

// CBG is a case-mix group.
type CBG struct {
	Code        string `json:"code"`
	Description string `json:"description,omitempty"`
}

// SpecialCMG is a special CMG the grouper gave, with its tariff.
type SpecialCMG struct {
	Code        string `json:"code"`
	Description string `json:"description,omitempty"`
	Type        string `json:"type,omitempty"`
	Tariff      Rupiah `json:"tariff"`
}

// Rupiah is a whole-rupiah amount E-Klaim sends as a string ("300000")
// or a number; it writes a string, as the manual's examples do.
type Rupiah int64

// UnmarshalJSON reads a string or a number of whole rupiah.
func (r *Rupiah) UnmarshalJSON(b []byte) error {
	n, ok := parseRupiah(b)
	if !ok {
		return errors.New("eklaim: an amount is whole rupiah, as a string or a number, found " + strconv.Quote(string(b)))
	}
	*r = Rupiah(n)
	return nil
}

// MarshalJSON writes the amount as a JSON string.
func (r Rupiah) MarshalJSON() ([]byte, error) {
	b := append(make([]byte, 0, 24), '"')
	b = strconv.AppendInt(b, int64(r), 10)
	return append(b, '"'), nil
}

// maxRupiah bounds an amount (a thousand trillion rupiah).
const maxRupiah = 1_000_000_000_000_000

func parseRupiah(b []byte) (int64, bool) {
	b = bytes.TrimSpace(b)
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		b = b[1 : len(b)-1]
	}
	// "1500000.00" as some SIMRS send it: whole rupiah with zero cents.
	if i := bytes.IndexByte(b, '.'); i >= 0 {
		if len(bytes.Trim(b[i+1:], "0")) != 0 {
			return 0, false
		}
		b = b[:i]
	}
	if len(b) == 0 || len(b) > 19 {
		return 0, false
	}
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil || n < 0 || n > maxRupiah {
		return 0, false
	}
	return n, true
}

// Supplement is what a Jamkesda verifier reads that E-Klaim has no field
// for. Its fields are those of claim.File, by the same JSON names; the
// episode's care type, admission, discharge, class and SJP number, the
// principal codes, the INA-CBG and the lines come from the E-Klaim record
// and may not be given here again.
type Supplement struct {
	ID string `json:"id,omitempty"`
	// Hospital is the hospital's code in the rulebook; or KodeRS, the
	// Ministry of Health's hospital code (kode RS), looked up in it.
	Hospital   string            `json:"hospital,omitempty"`
	KodeRS     string            `json:"kode_rs,omitempty"`
	Membership string            `json:"membership"`
	Patient    eligibility.Facts `json:"patient"`
	// Episode gives the referral, the SJP's NIK and issue time, the
	// emergency and the other facts of the stay E-Klaim does not hold.
	Episode          referral.Episode        `json:"episode"`
	Insidental       []string                `json:"insidental,omitempty"`
	Total            *decimal.Decimal        `json:"total,omitempty"`
	Documents        []string                `json:"documents"`
	Approvals        []claim.Approval        `json:"approvals,omitempty"`
	Deposits         []claim.Deposit         `json:"deposits,omitempty"`
	PrivateAgreement bool                    `json:"private_agreement,omitempty"`
	PayerChange      *claim.PayerChange      `json:"payer_change,omitempty"`
	Submitted        rules.Date              `json:"submitted,omitzero"`
	Rincian          map[string][]claim.Line `json:"rincian,omitempty"`
}

// Decode reads one record. Every fault is a field error with a JSON
// Pointer into the record as given (rules.FieldErrors).
func Decode(data []byte) (*Record, error) {
	// The fast path: one strict pass over a good record. Only a record
	// that fails it is read again, part by part, to place its faults.
	r := new(Record)
	// (A record without nomor_sep may lack its data part: the slow path
	// tells.)
	if err := interop.Strict(data, r); err == nil && r.Data.NomorSEP != "" {
		if err := r.Data.TarifRS.faults.Err(); err != nil {
			return nil, err
		}
		return r, nil
	}
	return decodeSlow(data)
}

// decodeSlow reads the record part by part, so that each fault is placed
// under its part.
func decodeSlow(data []byte) (*Record, error) {
	var env struct {
		Metadata *Metadata       `json:"metadata"`
		Data     json.RawMessage `json:"data"`
		Grouper  json.RawMessage `json:"grouper"`
		Jamkesda json.RawMessage `json:"jamkesda"`
	}
	var errs rules.FieldErrors
	if err := interop.Strict(data, &env); err != nil {
		errs.Add(interop.DecodeFault("", err))
		return nil, errs.Err()
	}
	r := &Record{Metadata: env.Metadata}
	if len(env.Data) == 0 || string(env.Data) == "null" {
		errs.Add(interop.NewError(interop.CodeMissing, "/data", "Rekaman set_claim_data tidak ada.", "The set_claim_data record is missing."))
		return nil, errs.Err()
	}
	if err := interop.Strict(env.Data, &r.Data); err != nil {
		errs.Add(interop.DecodeFault("/data", err))
	}
	errs.AddAll(r.Data.TarifRS.faults.Err())
	if len(env.Grouper) > 0 && string(env.Grouper) != "null" {
		r.Grouper = new(Grouper)
		if err := interop.Strict(env.Grouper, r.Grouper); err != nil {
			errs.Add(interop.DecodeFault("/grouper", err))
		}
	}
	if len(env.Jamkesda) > 0 && string(env.Jamkesda) != "null" {
		r.Jamkesda = new(Supplement)
		if err := interop.Strict(env.Jamkesda, r.Jamkesda); err != nil {
			errs.Add(interop.DecodeFault("/jamkesda", err))
		}
	}
	if errs.Len() > 0 {
		return nil, errs.Err()
	}
	return r, nil
}

// MarshalJSON writes the supplement with its episode's empty fields left
// out (the fields the E-Klaim record holds, and the zero times).
func (s Supplement) MarshalJSON() ([]byte, error) {
	type plain Supplement
	b, err := json.Marshal(plain(s))
	if err != nil {
		return nil, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	var ep map[string]json.RawMessage
	if err := json.Unmarshal(m["episode"], &ep); err != nil {
		return nil, err
	}
	for k, v := range ep {
		switch string(v) {
		case `""`, `"0001-01-01T00:00:00Z"`, "null":
			delete(ep, k)
		}
	}
	if m["episode"], err = json.Marshal(ep); err != nil {
		return nil, err
	}
	return json.Marshal(m)
}
