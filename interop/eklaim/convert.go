package eklaim

import (
	"strconv"
	"strings"
	"time"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/interop"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/shopspring/decimal"
)

// Payor is the payer E-Klaim names, as recognised.
type Payor string

// The payers recognised.
const (
	PayorJamkesda Payor = "jamkesda" // payor_cd JAMKESDA (any suffix)
	PayorJKN      Payor = "jkn"      // payor_cd JKN, or payor_id 3 with no code
	PayorOther    Payor = "other"    // any other payer set up in E-Klaim
)

// RecognisePayor names the payer of payor_id and payor_cd. The payor_cd
// is the code the hospital set up in E-Klaim (Setup, Jaminan); the manual
// shows payor_id 3 with payor_cd JKN. A Jamkesda payer's id differs by
// installation, so it is recognised by its code.
func RecognisePayor(id, cd string) Payor {
	c := strings.ToUpper(strings.TrimSpace(cd))
	switch {
	case strings.HasPrefix(c, "JAMKESDA"):
		return PayorJamkesda
	case c == "JKN" || c == "" && strings.TrimSpace(id) == "3":
		return PayorJKN
	case c == "" && strings.TrimSpace(id) == "":
		return ""
	}
	return PayorOther
}

// kodeTarif are the manual's tariff codes.
var kodeTarif = map[string]bool{"AP": true, "AS": true, "BP": true, "BS": true, "CP": true, "CS": true,
	"DP": true, "DS": true, "RSCM": true, "RSJP": true, "RSD": true, "RSAB": true}

// Conversion is a record read as a claim file, with what the reading
// found: the payer, each line's tarif_rs category, the warnings for the
// verifier and the fields with no counterpart.
type Conversion struct {
	File  claim.File `json:"file"`
	Payor Payor      `json:"payor"`
	// Categories is, for each line of File, the tarif_rs category it came
	// from, or "special_cmg" for a top-up.
	Categories []string `json:"categories"`
	// Warnings are points the verifier sees that do not stop the reading
	// (a kode_tarif that is not the rulebook's class for the hospital).
	Warnings []rules.Reason     `json:"warnings"`
	Unmapped []interop.Unmapped `json:"unmapped"`
}

// The codes of the warnings.
const (
	// CodeKodeTarifMismatch means: the record's kode_tarif is not the
	// tariff class the rulebook gives the hospital on the date of admission.
	CodeKodeTarifMismatch = "eklaim_kode_tarif_mismatch"
	// CodeKodeTarifUnchecked means: the rulebook does not know the
	// hospital's class on that date, so kode_tarif could not be checked.
	CodeKodeTarifUnchecked = "eklaim_kode_tarif_unchecked"
)

// Codes lists the reason codes of this package.
func Codes() []string { return []string{CodeKodeTarifMismatch, CodeKodeTarifUnchecked} }

// SpecialCMGCategory is the category of a top-up line in Conversion.
const SpecialCMGCategory = "special_cmg"

// wib is the hospital's clock: E-Klaim's times carry no offset, and Kota
// Bekasi keeps Western Indonesian Time (UTC+7).
var wib = time.FixedZone("WIB", 7*3600)

// ParseTime reads an E-Klaim time, "YYYY-MM-DD hh:mm:ss" (or a date
// alone), as WIB.
func ParseTime(s string) (time.Time, error) {
	if len(s) == len("2006-01-02") {
		return time.ParseInLocation("2006-01-02", s, wib)
	}
	return time.ParseInLocation("2006-01-02 15:04:05", s, wib)
}

// ToFile reads the record as a claim file, under the rulebook rb (which
// gives the hospital by its kode RS and its tariff class). Every fault is
// reported at once, each a field error with its JSON Pointer
// (rules.FieldErrors); nothing is guessed.
func ToFile(r *Record, rb *rules.Rulebook) (*Conversion, error) {
	c := &Conversion{}
	var errs rules.FieldErrors
	d := &r.Data
	f := &c.File
	sup := r.Jamkesda
	if sup == nil {
		errs.Add(interop.NewError(interop.CodeMissing, "/jamkesda", "Bagian jamkesda (fakta yang tidak ada di E-Klaim) tidak ada.", "The jamkesda part (the facts E-Klaim has no field for) is missing."))
		sup = &Supplement{}
	}

	// The payer.
	c.Payor = RecognisePayor(string(d.PayorID), d.PayorCD)
	switch c.Payor {
	case "":
		errs.Add(interop.NewError(interop.CodeMissing, "/data/payor_id", "payor_id dan payor_cd tidak ada.", "payor_id and payor_cd are missing."))
	case PayorJKN, PayorOther:
		errs.Add(interop.NewError(interop.CodeNotJamkesda, "/data/payor_cd", "Penjamin "+strconv.Quote(d.PayorCD)+" bukan Jamkesda: klaim ini bukan untuk Dinkes.", "The payer "+strconv.Quote(d.PayorCD)+" is not Jamkesda: this claim is not for Dinkes."))
	}

	// The hospital.
	f.ID, f.Hospital, f.Membership = sup.ID, sup.Hospital, sup.Membership
	if sup.KodeRS != "" {
		fac, ok := rb.FacilityByKodeRS(sup.KodeRS)
		switch {
		case !ok:
			errs.Add(interop.NewError(interop.CodeUnknownFacilty, "/jamkesda/kode_rs", "Kode RS "+sup.KodeRS+" tidak ada di rulebook.", "No facility of the rulebook has kode RS "+sup.KodeRS+"."))
		case f.Hospital != "" && f.Hospital != fac.Code:
			errs.Add(interop.NewError(interop.CodeBadValue, "/jamkesda/kode_rs", "Kode RS "+sup.KodeRS+" adalah "+fac.Code+", bukan "+f.Hospital+".", "Kode RS "+sup.KodeRS+" is "+fac.Code+", not "+f.Hospital+"."))
		default:
			f.Hospital = fac.Code
		}
	}
	if f.Hospital == "" && sup.KodeRS == "" {
		errs.Add(interop.NewError(interop.CodeMissing, "/jamkesda/hospital", "Rumah sakit tidak disebut (hospital atau kode_rs).", "The hospital is not named (hospital or kode_rs)."))
	}

	// The episode.
	f.Patient = sup.Patient
	ep := sup.Episode
	for _, x := range []struct {
		set  bool
		name string
	}{{ep.CareType != "", "care_type"}, {!ep.Admission.IsZero(), "admission"}, {!ep.Discharge.IsZero(), "discharge"},
		{ep.Class != 0, "class"}, {ep.SJP != nil && ep.SJP.Number != "", "sjp/number"}, {len(ep.Diagnoses) > 0, "diagnoses"}, {len(ep.Procedures) > 0, "procedures"}} {
		if x.set {
			errs.Add(interop.NewError(interop.CodeBadValue, "/jamkesda/episode/"+x.name, "Kolom ini datang dari rekaman E-Klaim dan tidak boleh diulang.", "This field comes from the E-Klaim record and may not be given again."))
		}
	}
	interop.SetSEP(&ep, d.NomorSEP, "/data/nomor_sep", &errs)
	if r.Metadata != nil && r.Metadata.NomorSEP != "" && r.Metadata.NomorSEP != d.NomorSEP {
		errs.Add(interop.NewError(interop.CodeBadValue, "/metadata/nomor_sep", "nomor_sep metadata berbeda dengan data.", "The metadata's nomor_sep differs from the data's."))
	}
	switch d.JenisRawat {
	case "1":
		ep.CareType = referral.Inpatient
	case "2":
		ep.CareType = referral.Outpatient
	case "":
		errs.Add(interop.NewError(interop.CodeMissing, "/data/jenis_rawat", "jenis_rawat tidak ada.", "jenis_rawat is missing."))
	default:
		errs.Add(interop.NewError(interop.CodeBadValue, "/data/jenis_rawat", "jenis_rawat adalah 1 (rawat inap) atau 2 (rawat jalan).", "jenis_rawat is 1 (inpatient) or 2 (outpatient)."))
	}
	switch d.KelasRawat {
	case "", "3":
		ep.Class = 0 // class III (0 in the episode)
	case "1", "2":
		ep.Class = int(d.KelasRawat[0] - '0')
	default:
		errs.Add(interop.NewError(interop.CodeBadValue, "/data/kelas_rawat", "kelas_rawat adalah 1, 2 atau 3.", "kelas_rawat is 1, 2 or 3."))
	}
	var err error
	if d.TglMasuk == "" {
		errs.Add(interop.NewError(interop.CodeMissing, "/data/tgl_masuk", "tgl_masuk tidak ada.", "tgl_masuk is missing."))
	} else if ep.Admission, err = ParseTime(d.TglMasuk); err != nil {
		errs.Add(interop.NewError(interop.CodeBadValue, "/data/tgl_masuk", "tgl_masuk bukan YYYY-MM-DD hh:mm:ss.", "tgl_masuk is not YYYY-MM-DD hh:mm:ss."))
	}
	if d.TglPulang != "" {
		if ep.Discharge, err = ParseTime(d.TglPulang); err != nil {
			errs.Add(interop.NewError(interop.CodeBadValue, "/data/tgl_pulang", "tgl_pulang bukan YYYY-MM-DD hh:mm:ss.", "tgl_pulang is not YYYY-MM-DD hh:mm:ss."))
		}
	}
	// The card: a NIK (nomor_kartu_t nik, or none given) must be the
	// patient's.
	if d.NomorKartu != "" && (d.NomorKartuT == "" || d.NomorKartuT == "nik") {
		nik, err := eligibility.ParseNIK(d.NomorKartu)
		switch {
		case err != nil:
			errs.Add(interop.NewError(interop.CodeBadValue, "/data/nomor_kartu", "nomor_kartu bukan NIK yang sah.", "nomor_kartu is not a valid NIK."))
		case f.Patient.Person.NIK.IsZero():
			f.Patient.Person.NIK = nik
		case f.Patient.Person.NIK != nik:
			errs.Add(interop.NewError(interop.CodeBadValue, "/data/nomor_kartu", "nomor_kartu bukan NIK pasien di jamkesda.patient.", "nomor_kartu is not the NIK of jamkesda.patient."))
		}
	} else if d.NomorKartu != "" {
		c.Unmapped = append(c.Unmapped, interop.Unmapped{Pointer: "/data/nomor_kartu", Note: "a card of type " + strconv.Quote(d.NomorKartuT) + ": the patient is named by jamkesda.patient"})
	}
	dx, px := splitCodes(d.Diagnosa), splitCodes(d.Procedure)
	if len(dx) > 0 {
		f.Principal.Diagnosis, ep.Diagnoses = dx[0], dx[1:]
	}
	if len(px) > 0 {
		f.Principal.Procedure, ep.Procedures = px[0], px[1:]
	}
	if len(ep.Diagnoses) == 0 {
		ep.Diagnoses = nil
	}
	if len(ep.Procedures) == 0 {
		ep.Procedures = nil
	}
	f.Episode = ep
	if r.Grouper != nil {
		f.INACBG = r.Grouper.CBG.Code
		if r.Grouper.Tariff != 0 {
			c.Unmapped = append(c.Unmapped, interop.Unmapped{Pointer: "/grouper/tariff", Note: "the grouper's tariff is not what pays: the rulebook's INA-CBG table prices the package"})
		}
	}

	// The bill: each category, line by line from its rincian, or one line.
	admitted := rules.Date{}
	if !ep.Admission.IsZero() {
		admitted, _ = rules.DateFromTime(ep.Admission)
	}
	for k := range sup.Rincian {
		if CategoryIndex(k) < 0 {
			errs.Add(interop.NewError(interop.CodeUnknownField, interop.Pointer("/jamkesda/rincian", k), "Kategori rincian "+strconv.Quote(k)+" tidak dikenal.", "Unknown rincian category "+strconv.Quote(k)+"."))
		}
	}
	t := &d.TarifRS
	for i := range Categories {
		cat := &Categories[i]
		lines, detailed := sup.Rincian[cat.Name]
		if !detailed {
			if t.Amount[i] == 0 {
				continue
			}
			f.Lines = append(f.Lines, claim.Line{Date: admitted, Category: cat.Bill, Description: "E-Klaim tarif_rs." + cat.Name, Amount: decimal.NewFromInt(t.Amount[i])})
			c.Categories = append(c.Categories, cat.Name)
			continue
		}
		sum := decimal.Zero
		for j := range lines {
			l := lines[j]
			if l.Category == "" && (l.Kind == "" || l.Kind == claim.KindService) {
				l.Category = cat.Bill
			}
			if l.Date.IsZero() {
				l.Date = admitted
			}
			sum = sum.Add(l.Amount)
			f.Lines = append(f.Lines, l)
			c.Categories = append(c.Categories, cat.Name)
		}
		if !sum.Equal(decimal.NewFromInt(t.Amount[i])) {
			errs.Add(interop.NewError(interop.CodeTotalMismatch, interop.Pointer("/data/tarif_rs", cat.Name),
				"tarif_rs."+cat.Name+" ("+strconv.FormatInt(t.Amount[i], 10)+") tidak sama dengan jumlah rinciannya ("+sum.String()+").",
				"tarif_rs."+cat.Name+" ("+strconv.FormatInt(t.Amount[i], 10)+") is not the sum of its rincian ("+sum.String()+")."))

		}
	}
	if r.Grouper != nil {
		for _, s := range r.Grouper.SpecialCMG {
			f.Lines = append(f.Lines, claim.Line{Date: admitted, Kind: claim.KindTopUp, Code: s.Code, Description: s.Description, Amount: decimal.NewFromInt(int64(s.Tariff))})
			c.Categories = append(c.Categories, SpecialCMGCategory)
		}
	}
	if sup.Total != nil {
		if !sup.Total.Equal(decimal.NewFromInt(t.Total())) {
			errs.Add(interop.NewError(interop.CodeTotalMismatch, "/data/tarif_rs",
				"Jumlah kategori tarif_rs ("+strconv.FormatInt(t.Total(), 10)+") tidak sama dengan total yang diklaim ("+sup.Total.String()+").",
				"The tarif_rs categories add up to "+strconv.FormatInt(t.Total(), 10)+", not the total claimed ("+sup.Total.String()+")."))

		}
		// The file's total is the whole claim: tarif_rs and the top-ups.
		total := sup.Total.Add(topUpSum(r.Grouper))
		f.Total = &total
	}
	f.Insidental, f.Documents, f.Approvals, f.Deposits = sup.Insidental, sup.Documents, sup.Approvals, sup.Deposits
	f.PrivateAgreement, f.PayerChange, f.Submitted = sup.PrivateAgreement, sup.PayerChange, sup.Submitted

	for _, u := range d.unmapped() {
		if len(u.v) > 0 {
			c.Unmapped = append(c.Unmapped, interop.Unmapped{Pointer: "/data/" + u.name, Note: u.note})
		}
	}
	if d.KodeTarif != "" && !kodeTarif[d.KodeTarif] {
		errs.Add(interop.NewError(interop.CodeBadValue, "/data/kode_tarif", "kode_tarif "+strconv.Quote(d.KodeTarif)+" tidak dikenal.", "Unknown kode_tarif "+strconv.Quote(d.KodeTarif)+"."))
	}
	if errs.Len() > 0 {
		return nil, errs.Err()
	}
	// The tariff class: kode_tarif against the rulebook's class of the
	// hospital on the date of admission.
	c.checkKodeTarif(d.KodeTarif, rb, admitted)
	return c, nil
}

func topUpSum(g *Grouper) decimal.Decimal {
	var n int64
	if g != nil {
		for _, s := range g.SpecialCMG {
			n += int64(s.Tariff)
		}
	}
	return decimal.NewFromInt(n)
}

// splitCodes splits "#"-joined codes, dropping empty ones.
func splitCodes(s string) []string {
	if s == "" || s == "#" {
		return nil
	}
	var out []string
	for _, c := range strings.Split(s, "#") {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// ExpectedKodeTarif is the kode_tarif the rulebook gives the facility on
// d: its own tariff code, or its class and P (government) or S (private),
// with the citation of the class. It is false when the class or the
// ownership is not known.
func ExpectedKodeTarif(f *rules.Facility, d rules.Date) (code, ref string, ok bool) {
	ref = f.ProfileRef
	if ref == "" {
		ref = f.Ref
	}
	if f.TariffCode != "" {
		return f.TariffCode, ref, true
	}
	class, _ := f.ClassOn(d)
	for i, c := range f.Classes {
		if i == 0 || !d.Before(c.From) {
			ref = c.Ref // the class in force on d, or the earliest known
		}
	}
	if class == "" {
		return "", ref, false
	}
	switch f.Ownership {
	case rules.OwnershipGovernment:
		return class + "P", ref, true
	case rules.OwnershipPrivate:
		return class + "S", ref, true
	}
	return "", ref, false
}

func (c *Conversion) checkKodeTarif(code string, rb *rules.Rulebook, on rules.Date) {
	if code == "" {
		return
	}
	fac, ok := rb.Facility(c.File.Hospital)
	if !ok {
		return // the adjudication reports the unknown facility
	}
	want, ref, ok := ExpectedKodeTarif(&fac, on)
	switch {
	case !ok:
		c.Warnings = append(c.Warnings, rules.Reason{Code: CodeKodeTarifUnchecked,
			ID:  "Kelas tarif " + code + " tidak dapat diperiksa: kelas atau kepemilikan " + fac.Name + " tidak diketahui rulebook.",
			EN:  "The tariff class " + code + " could not be checked: the rulebook does not know the class or ownership of " + fac.Name + ".",
			Ref: ref})
	case want != code:
		c.Warnings = append(c.Warnings, rules.Reason{Code: CodeKodeTarifMismatch,
			ID:  "kode_tarif " + code + " bukan kelas tarif " + fac.Name + " menurut rulebook (" + want + ").",
			EN:  "kode_tarif " + code + " is not the tariff class of " + fac.Name + " in the rulebook (" + want + ").",
			Ref: ref})
	}
}
