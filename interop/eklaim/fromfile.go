package eklaim

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
)

// ErrNoCounterpart is returned by FromFile for a file E-Klaim cannot
// hold as it is.
var ErrNoCounterpart = errors.New("eklaim: no E-Klaim counterpart")

// FromFile writes a native claim file as an E-Klaim record with its
// Jamkesda supplement: the record a SIMRS would send for the same stay.
// Each line goes to the tarif_rs category of its kind and category (a
// category E-Klaim lacks goes to penunjang, or to bmhp or alkes for goods
// the exclusions name) and is kept in the rincian with its own category,
// so that ToFile gives the same file back, its lines in the order of the
// categories (approvals follow their lines). A top-up becomes a special
// CMG of the grouper. rb gives the hospital's kode_tarif and kode RS.
func FromFile(f *claim.File, rb *rules.Rulebook) (*Record, error) {
	r := &Record{Metadata: &Metadata{Method: "set_claim_data"}}
	d := &r.Data
	ep := f.Episode
	if ep.SJP != nil {
		d.NomorSEP = ep.SJP.Number
	}
	r.Metadata.NomorSEP = d.NomorSEP
	if !f.Patient.Person.NIK.IsZero() {
		d.NomorKartu, d.NomorKartuT = f.Patient.Person.NIK.Digits(), "nik"
	}
	switch ep.CareType {
	case referral.Inpatient:
		d.JenisRawat = "1"
	case referral.Outpatient:
		d.JenisRawat = "2"
	default:
		return nil, errors.New("eklaim: care type " + strconv.Quote(string(ep.CareType)) + ": " + ErrNoCounterpart.Error())
	}
	switch ep.Class {
	case 0, 3:
		d.KelasRawat = "3"
	case 1, 2:
		d.KelasRawat = Code(strconv.Itoa(ep.Class))
	}
	if !ep.Admission.IsZero() {
		d.TglMasuk = ep.Admission.In(wib).Format("2006-01-02 15:04:05")
	}
	if !ep.Discharge.IsZero() {
		d.TglPulang = ep.Discharge.In(wib).Format("2006-01-02 15:04:05")
	}
	var err error
	if d.Diagnosa, err = joinCodes(f.Principal.Diagnosis, ep.Diagnoses, "diagnosis"); err != nil {
		return nil, err
	}
	if d.Procedure, err = joinCodes(f.Principal.Procedure, ep.Procedures, "procedure"); err != nil {
		return nil, err
	}
	d.PayorCD = "JAMKESDA"
	sup := &Supplement{ID: f.ID, Hospital: f.Hospital, Membership: f.Membership, Patient: f.Patient,
		Insidental: f.Insidental, Documents: f.Documents, Deposits: f.Deposits,
		PrivateAgreement: f.PrivateAgreement, PayerChange: f.PayerChange, Submitted: f.Submitted}
	if fac, ok := rb.Facility(f.Hospital); ok {
		if code, _, ok := ExpectedKodeTarif(&fac, ep.ServiceDate()); ok {
			d.KodeTarif = code
		}
	}
	if f.INACBG != "" {
		r.Grouper = &Grouper{CBG: CBG{Code: f.INACBG}}
	}
	// The lines, by category; newIndex maps a line to its place after.
	admitted := ep.ServiceDate()
	buckets := make([][]int, len(Categories))
	var topUps []int
	for i := range f.Lines {
		l := &f.Lines[i]
		if !l.Amount.IsInteger() {
			return nil, errors.New("eklaim: line " + strconv.Itoa(i+1) + ": amount " + l.Amount.String() + " is not whole rupiah")
		}
		if l.Kind == claim.KindTopUp {
			if !l.Date.IsZero() && !l.Date.Equal(admitted) {
				return nil, errors.New("eklaim: line " + strconv.Itoa(i+1) + ": a top-up dated after admission: " + ErrNoCounterpart.Error())
			}
			topUps = append(topUps, i)
			continue
		}
		b := bucketOf(l)
		buckets[b] = append(buckets[b], i)
	}
	newIndex := make([]int, len(f.Lines))
	n := 0
	var total int64
	for b, idx := range buckets {
		if len(idx) == 0 {
			continue
		}
		if sup.Rincian == nil {
			sup.Rincian = map[string][]claim.Line{}
		}
		for _, i := range idx {
			sup.Rincian[Categories[b].Name] = append(sup.Rincian[Categories[b].Name], f.Lines[i])
			d.TarifRS.Amount[b] += f.Lines[i].Amount.IntPart()
			total += f.Lines[i].Amount.IntPart()
			newIndex[i] = n
			n++
		}
		d.TarifRS.Given[b] = true
	}
	for _, i := range topUps {
		l := &f.Lines[i]
		if r.Grouper == nil {
			r.Grouper = &Grouper{}
		}
		r.Grouper.SpecialCMG = append(r.Grouper.SpecialCMG, SpecialCMG{Code: l.Code, Description: l.Description, Tariff: Rupiah(l.Amount.IntPart())})
		newIndex[i] = n
		n++
	}
	for _, a := range f.Approvals {
		if a.Line > 0 && a.Line <= len(f.Lines) {
			a.Line = newIndex[a.Line-1] + 1
		}
		sup.Approvals = append(sup.Approvals, a)
	}
	if f.Total != nil {
		t := f.Total.Sub(topUpSum(r.Grouper))
		sup.Total = &t
	}
	ep.CareType, ep.Class, ep.Diagnoses, ep.Procedures = "", 0, nil, nil
	ep.Admission, ep.Discharge = time.Time{}, time.Time{}
	if ep.SJP != nil {
		sjp := *ep.SJP
		sjp.Number = ""
		ep.SJP = &sjp
	}
	sup.Episode = ep
	r.Jamkesda = sup
	return r, nil
}

// joinCodes joins the principal code and the others with "#".
func joinCodes(principal string, rest []string, what string) (string, error) {
	if principal == "" && len(rest) > 0 {
		return "", errors.New("eklaim: " + what + " codes without a principal one: " + ErrNoCounterpart.Error())
	}
	if principal == "" {
		return "", nil
	}
	return strings.Join(append([]string{principal}, rest...), "#"), nil
}
