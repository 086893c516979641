// Package vclaim reads a stay given in the shapes of BPJS Kesehatan's
// VClaim web service, the SEP (Surat Eligibilitas Peserta) and its
// referral (rujukan), as the episode the referral rules read
// (referral.Episode). For Jamkesda the SJP, the guarantee letter Dinkes
// issues, plays the part of the SEP: noSep is the SJP number.
//
// Field names follow the VClaim catalogue's SEP request (t_sep: noKartu,
// tglSep, ppkPelayanan, jnsPelayanan, klsRawat, noMR, rujukan{asalRujukan,
// tglRujukan, noRujukan, ppkRujukan}, catatan, diagAwal, poli, cob,
// katarak, jaminan, ...) plus noSep. A field with no counterpart in the
// episode is listed in Conversion.Unmapped, never dropped in silence.
// What the SEP does not hold (the times of admission and discharge, the
// SJP's issue time, the referral's reason and kind, the emergency) comes in
// the input's "jamkesda" part, a referral.Episode.
package vclaim

import (
	"encoding/json"
	"strconv"

	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/interop"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
)

// Input is an SEP with its referral, and the Jamkesda supplement.
type Input struct {
	SEP      SEP               `json:"t_sep"`
	Jamkesda *referral.Episode `json:"jamkesda,omitempty"`
}

// SEP is the VClaim SEP, as its request (t_sep) names the fields, with
// noSep. Codes are strings, as VClaim sends them.
type SEP struct {
	NoSep   string `json:"noSep"`
	NoKartu string `json:"noKartu,omitempty"`
	// TglSep is the date of the SEP (the day of service), YYYY-MM-DD.
	TglSep string `json:"tglSep,omitempty"`
	// PpkPelayanan is the serving facility; here the rulebook's code of
	// the facility, or a hospital's kode RS.
	PpkPelayanan string `json:"ppkPelayanan"`
	// JnsPelayanan is 1 (rawat inap) or 2 (rawat jalan).
	JnsPelayanan string `json:"jnsPelayanan"`
	// KlsRawat is the class: "1", "2", "3", or VClaim 2.0's object
	// {"klsRawatHak": "3", "klsRawatNaik": ..., ...}.
	KlsRawat json.RawMessage `json:"klsRawat,omitempty"`
	Rujukan  *Rujukan        `json:"rujukan,omitempty"`
	// DiagAwal is the initial diagnosis, ICD-10.
	DiagAwal string `json:"diagAwal,omitempty"`
	// Jaminan holds lakaLantas: 0 none, 1 a traffic accident; 2 (a
	// traffic accident that is a work accident) and 3 (a work accident)
	// as VClaim 2.0 is understood to code them (not confirmed: see the
	// README).
	Jaminan *Jaminan `json:"jaminan,omitempty"`

	NoMR          json.RawMessage `json:"noMR,omitempty"`
	Poli          json.RawMessage `json:"poli,omitempty"`
	Catatan       json.RawMessage `json:"catatan,omitempty"`
	COB           json.RawMessage `json:"cob,omitempty"`
	Katarak       json.RawMessage `json:"katarak,omitempty"`
	TujuanKunj    json.RawMessage `json:"tujuanKunj,omitempty"`
	FlagProcedure json.RawMessage `json:"flagProcedure,omitempty"`
	KdPenunjang   json.RawMessage `json:"kdPenunjang,omitempty"`
	AssesmentPel  json.RawMessage `json:"assesmentPel,omitempty"`
	SKDP          json.RawMessage `json:"skdp,omitempty"`
	DpjpLayan     json.RawMessage `json:"dpjpLayan,omitempty"`
	NoTelp        json.RawMessage `json:"noTelp,omitempty"`
	User          json.RawMessage `json:"user,omitempty"`
}

// Rujukan is the SEP's referral.
type Rujukan struct {
	// AsalRujukan is 1 (a primary facility) or 2 (a hospital).
	AsalRujukan string `json:"asalRujukan,omitempty"`
	TglRujukan  string `json:"tglRujukan,omitempty"`
	NoRujukan   string `json:"noRujukan,omitempty"`
	// PpkRujukan is the referring facility: the rulebook's code.
	PpkRujukan string `json:"ppkRujukan,omitempty"`
}

// Jaminan is the SEP's accident guarantee; only lakaLantas is read.
type Jaminan struct {
	LakaLantas string          `json:"lakaLantas,omitempty"`
	NoLP       json.RawMessage `json:"noLP,omitempty"`
	Penjamin   json.RawMessage `json:"penjamin,omitempty"`
}

// Conversion is the episode read, with the fields that have no
// counterpart.
type Conversion struct {
	Episode  referral.Episode   `json:"episode"`
	Unmapped []interop.Unmapped `json:"unmapped"`
}

// Decode reads an Input; unknown fields and malformed values are field
// errors with their JSON Pointers.
func Decode(data []byte) (*Input, error) {
	var env struct {
		SEP      json.RawMessage `json:"t_sep"`
		Jamkesda json.RawMessage `json:"jamkesda"`
	}
	if err := interop.Strict(data, &env); err != nil {
		return nil, interop.DecodeFault("", err)
	}
	var in Input
	var errs rules.FieldErrors
	if len(env.SEP) == 0 || string(env.SEP) == "null" {
		errs.Add(interop.NewError(interop.CodeMissing, "/t_sep", "SEP (t_sep) tidak ada.", "The SEP (t_sep) is missing."))
	} else if err := interop.Strict(env.SEP, &in.SEP); err != nil {
		errs.Add(interop.DecodeFault("/t_sep", err))
	}
	if len(env.Jamkesda) > 0 && string(env.Jamkesda) != "null" {
		in.Jamkesda = new(referral.Episode)
		if err := interop.Strict(env.Jamkesda, in.Jamkesda); err != nil {
			errs.Add(interop.DecodeFault("/jamkesda", err))
		}
	}
	if errs.Len() > 0 {
		return nil, errs.Err()
	}
	return &in, nil
}

// facility finds a facility by the rulebook's code or alias, or a
// hospital by its kode RS.
func facility(rb *rules.Rulebook, code string) (rules.Facility, bool) {
	if f, ok := rb.Facility(code); ok {
		return f, true
	}
	return rb.FacilityByKodeRS(code)
}

// ToEpisode reads the input as an episode under the rulebook rb. Every
// fault is reported at once (rules.FieldErrors).
func ToEpisode(in *Input, rb *rules.Rulebook) (*Conversion, error) {
	var errs rules.FieldErrors
	c := &Conversion{}
	s := &in.SEP
	if in.Jamkesda != nil {
		c.Episode = *in.Jamkesda
	}
	ep := &c.Episode
	for _, x := range []struct {
		set  bool
		name string
	}{{ep.Facility != "", "facility"}, {ep.CareType != "", "care_type"}, {ep.Class != 0, "class"},
		{ep.SJP != nil && ep.SJP.Number != "", "sjp/number"}, {ep.OtherPayer != "", "other_payer"}} {
		if x.set {
			errs.Add(interop.NewError(interop.CodeBadValue, "/jamkesda/"+x.name, "Kolom ini datang dari SEP dan tidak boleh diulang.", "This field comes from the SEP and may not be given again."))
		}
	}
	interop.SetSEP(ep, s.NoSep, "/t_sep/noSep", &errs)
	if s.NoKartu != "" {
		nik, err := eligibility.ParseNIK(s.NoKartu)
		switch {
		case err != nil:
			errs.Add(interop.NewError(interop.CodeBadValue, "/t_sep/noKartu", "noKartu bukan NIK: kartu Jamkesda adalah NIK.", "noKartu is not a NIK: the Jamkesda card is the NIK."))
		case ep.PatientNIK.IsZero():
			ep.PatientNIK = nik
		case ep.PatientNIK != nik:
			errs.Add(interop.NewError(interop.CodeBadValue, "/t_sep/noKartu", "noKartu bukan NIK pasien.", "noKartu is not the patient's NIK."))
		}
	}
	if s.PpkPelayanan == "" {
		errs.Add(interop.NewError(interop.CodeMissing, "/t_sep/ppkPelayanan", "ppkPelayanan tidak ada.", "ppkPelayanan is missing."))
	} else if f, ok := facility(rb, s.PpkPelayanan); ok {
		ep.Facility = f.Code
	} else {
		errs.Add(interop.NewError(interop.CodeUnknownFacilty, "/t_sep/ppkPelayanan", "Fasilitas "+strconv.Quote(s.PpkPelayanan)+" tidak ada di rulebook.", "No facility "+strconv.Quote(s.PpkPelayanan)+" in the rulebook."))
	}
	switch s.JnsPelayanan {
	case "1":
		ep.CareType = referral.Inpatient
	case "2":
		ep.CareType = referral.Outpatient
	case "":
		errs.Add(interop.NewError(interop.CodeMissing, "/t_sep/jnsPelayanan", "jnsPelayanan tidak ada.", "jnsPelayanan is missing."))
	default:
		errs.Add(interop.NewError(interop.CodeBadValue, "/t_sep/jnsPelayanan", "jnsPelayanan adalah 1 (rawat inap) atau 2 (rawat jalan).", "jnsPelayanan is 1 (inpatient) or 2 (outpatient)."))
	}
	if len(s.KlsRawat) > 0 {
		cls, naik := readClass(s.KlsRawat)
		switch cls {
		case "1", "2":
			ep.Class = int(cls[0] - '0')
		case "3", "":
		default:
			errs.Add(interop.NewError(interop.CodeBadValue, "/t_sep/klsRawat", "klsRawat adalah 1, 2 atau 3.", "klsRawat is 1, 2 or 3."))
		}
		if naik {
			c.Unmapped = append(c.Unmapped, interop.Unmapped{Pointer: "/t_sep/klsRawat/klsRawatNaik", Note: "a class upgrade (JKN's rule); a class above III is jamkesda.class_reason"})
		}
	}
	if s.TglSep != "" {
		d, err := rules.ParseDate(s.TglSep)
		switch {
		case err != nil:
			errs.Add(interop.NewError(interop.CodeBadValue, "/t_sep/tglSep", "tglSep bukan YYYY-MM-DD.", "tglSep is not YYYY-MM-DD."))
		case ep.Admission.IsZero():
			errs.Add(interop.NewError(interop.CodeMissing, "/jamkesda/admission", "Waktu masuk tidak ada (SEP hanya memberi tanggal).", "The time of admission is missing (the SEP gives only the date)."))
		case !ep.ServiceDate().Equal(d):
			errs.Add(interop.NewError(interop.CodeBadValue, "/t_sep/tglSep", "tglSep bukan tanggal masuk.", "tglSep is not the day of admission."))
		}
	} else if ep.Admission.IsZero() {
		errs.Add(interop.NewError(interop.CodeMissing, "/t_sep/tglSep", "tglSep dan waktu masuk tidak ada.", "tglSep and the time of admission are missing."))
	}
	if s.DiagAwal != "" {
		if len(ep.Diagnoses) == 0 || ep.Diagnoses[0] != s.DiagAwal {
			ep.Diagnoses = append([]string{s.DiagAwal}, ep.Diagnoses...)
		}
	}
	if r := s.Rujukan; r != nil && (r.PpkRujukan != "" || r.TglRujukan != "" || r.NoRujukan != "") {
		ref := referral.Referral{}
		if ep.Referral != nil {
			ref = *ep.Referral
		}
		if r.PpkRujukan != "" {
			if f, ok := facility(rb, r.PpkRujukan); ok {
				if ref.From != "" && ref.From != f.Code {
					errs.Add(interop.NewError(interop.CodeBadValue, "/jamkesda/referral/from", "Perujuk berbeda dengan ppkRujukan.", "The referring facility differs from ppkRujukan."))
				}
				ref.From = f.Code
				if lvl := r.AsalRujukan; lvl != "" && lvl != strconv.Itoa(f.Level) {
					errs.Add(interop.NewError(interop.CodeBadValue, "/t_sep/rujukan/asalRujukan", "asalRujukan bukan tingkat fasilitas perujuk.", "asalRujukan is not the referring facility's level."))
				}
			} else {
				errs.Add(interop.NewError(interop.CodeUnknownFacilty, "/t_sep/rujukan/ppkRujukan", "Fasilitas "+strconv.Quote(r.PpkRujukan)+" tidak ada di rulebook.", "No facility "+strconv.Quote(r.PpkRujukan)+" in the rulebook."))
			}
		}
		if r.TglRujukan != "" {
			d, err := rules.ParseDate(r.TglRujukan)
			if err != nil {
				errs.Add(interop.NewError(interop.CodeBadValue, "/t_sep/rujukan/tglRujukan", "tglRujukan bukan YYYY-MM-DD.", "tglRujukan is not YYYY-MM-DD."))
			}
			ref.Date = d
		}
		if r.NoRujukan != "" {
			c.Unmapped = append(c.Unmapped, interop.Unmapped{Pointer: "/t_sep/rujukan/noRujukan", Note: "the referral letter's number: the rules read its date and sender, not its number"})
		}
		ep.Referral = &ref
	}
	if j := s.Jaminan; j != nil {
		switch j.LakaLantas {
		case "", "0":
		case "1", "2":
			ep.OtherPayer = "traffic_accident"
		case "3":
			ep.OtherPayer = "work_accident"
		default:
			errs.Add(interop.NewError(interop.CodeBadValue, "/t_sep/jaminan/lakaLantas", "lakaLantas adalah 0, 1, 2 atau 3.", "lakaLantas is 0, 1, 2 or 3."))
		}
		if j.LakaLantas == "2" {
			c.Unmapped = append(c.Unmapped, interop.Unmapped{Pointer: "/t_sep/jaminan/lakaLantas", Note: "a traffic accident that is also a work accident: read as traffic_accident, the episode names one other payer"})
		}
		if len(j.NoLP) > 0 {
			c.Unmapped = append(c.Unmapped, interop.Unmapped{Pointer: "/t_sep/jaminan/noLP", Note: "the police report's number: not read"})
		}
		if len(j.Penjamin) > 0 {
			c.Unmapped = append(c.Unmapped, interop.Unmapped{Pointer: "/t_sep/jaminan/penjamin", Note: "the accident's details: the rules read only who else pays"})
		}
	}
	for _, u := range []struct {
		name string
		v    json.RawMessage
		note string
	}{
		{"noMR", s.NoMR, "the hospital's medical record number: not read"},
		{"poli", s.Poli, "the clinic: the rules do not read it"},
		{"catatan", s.Catatan, "a free note"},
		{"cob", s.COB, "coordination of benefit: no Jamkesda counterpart"},
		{"katarak", s.Katarak, "JKN's cataract flag: no Jamkesda counterpart"},
		{"tujuanKunj", s.TujuanKunj, "the purpose of the visit; a control visit is jamkesda.control_visit"},
		{"flagProcedure", s.FlagProcedure, "JKN's procedure flag"},
		{"kdPenunjang", s.KdPenunjang, "JKN's supporting service code"},
		{"assesmentPel", s.AssesmentPel, "JKN's service assessment"},
		{"skdp", s.SKDP, "the control letter; a control visit is jamkesda.control_visit"},
		{"dpjpLayan", s.DpjpLayan, "the doctor in charge: not read"},
		{"noTelp", s.NoTelp, "a telephone number (personal data): not read"},
		{"user", s.User, "the operator: not read"},
	} {
		if len(u.v) > 0 {
			c.Unmapped = append(c.Unmapped, interop.Unmapped{Pointer: "/t_sep/" + u.name, Note: u.note})
		}
	}
	if errs.Len() > 0 {
		return nil, errs.Err()
	}
	return c, nil
}

// readClass reads klsRawat as a string or VClaim 2.0's object, and
// whether it names an upgrade.
func readClass(raw json.RawMessage) (class string, upgrade bool) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s, false
	}
	var o struct {
		Hak  string `json:"klsRawatHak"`
		Naik string `json:"klsRawatNaik"`
	}
	if json.Unmarshal(raw, &o) != nil {
		return "?", false
	}
	return o.Hak, o.Naik != ""
}

// FromEpisode writes an episode as an SEP with its referral and the
// supplement: the input a SIMRS would send for it.
func FromEpisode(ep *referral.Episode) Input {
	s := SEP{PpkPelayanan: ep.Facility, DiagAwal: ""}
	if ep.SJP != nil {
		s.NoSep = ep.SJP.Number
	}
	if !ep.PatientNIK.IsZero() {
		s.NoKartu = ep.PatientNIK.Digits()
	}
	switch ep.CareType {
	case referral.Inpatient:
		s.JnsPelayanan = "1"
	case referral.Outpatient:
		s.JnsPelayanan = "2"
	}
	cls := "3"
	if ep.Class == 1 || ep.Class == 2 {
		cls = strconv.Itoa(ep.Class)
	}
	s.KlsRawat, _ = json.Marshal(cls)
	if !ep.Admission.IsZero() {
		s.TglSep = ep.ServiceDate().String()
	}
	sup := *ep
	if len(ep.Diagnoses) > 0 {
		s.DiagAwal = ep.Diagnoses[0]
	}
	if r := ep.Referral; r != nil {
		s.Rujukan = &Rujukan{PpkRujukan: r.From}
		if !r.Date.IsZero() {
			s.Rujukan.TglRujukan = r.Date.String()
		}
		sup.Referral = new(referral.Referral)
		*sup.Referral = *r
		sup.Referral.From, sup.Referral.Date = "", rules.Date{}
	}
	switch ep.OtherPayer {
	case "traffic_accident":
		s.Jaminan = &Jaminan{LakaLantas: "1"}
	case "work_accident":
		s.Jaminan = &Jaminan{LakaLantas: "3"}
	}
	sup.Facility, sup.CareType, sup.Class, sup.OtherPayer = "", "", 0, ""
	if sup.SJP != nil {
		sjp := *sup.SJP
		sjp.Number = ""
		sup.SJP = &sjp
	}
	return Input{SEP: s, Jamkesda: &sup}
}
