package eklaim

import (
	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/interop"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/shopspring/decimal"
)

// Answer is the adjudication written back in E-Klaim's vocabulary: per
// tarif_rs category (and per special CMG), what was claimed, paid,
// reduced and denied, and why.
type Answer struct {
	NomorSEP string            `json:"nomor_sep"`
	Verdict  claim.FileVerdict `json:"verdict"`
	// TarifRS are the categories claimed, in the manual's order.
	TarifRS []CategoryAnswer `json:"tarif_rs"`
	// SpecialCMG are the top-ups, in the grouper's order.
	SpecialCMG []CategoryAnswer `json:"special_cmg,omitempty"`
	// Reasons are the grounds of the file's verdict, Notes the points the
	// verifier notes (with the reading's warnings).
	Reasons []rules.Reason `json:"reasons"`
	Notes   []rules.Reason `json:"notes"`
	Amounts claim.Amounts  `json:"amounts"`
	// Unmapped are the record's fields that the reading has no
	// counterpart for (Conversion.Unmapped), so that the answer too says
	// what was not read.
	Unmapped []interop.Unmapped `json:"unmapped"`
}

// The statuses of a category.
const (
	StatusPaid    = "paid"    // paid as claimed
	StatusReduced = "reduced" // paid in part (reduced, or some lines denied)
	StatusDenied  = "denied"  // nothing paid
)

// CategoryAnswer is the verdict on one tarif_rs category (or special CMG):
// the sums of its lines' verdicts, in whole rupiah, and the reasons of its
// lines, each once.
type CategoryAnswer struct {
	// Kategori is the tarif_rs key, or the special CMG's code.
	Kategori string          `json:"kategori"`
	Status   string          `json:"status"`
	Diajukan decimal.Decimal `json:"diajukan"`  // claimed
	Dibayar  decimal.Decimal `json:"dibayar"`   // payable
	Dikurang decimal.Decimal `json:"dikurangi"` // reduced
	Ditolak  decimal.Decimal `json:"ditolak"`   // denied
	Alasan   []rules.Reason  `json:"alasan"`
}

// Write answers the conversion c with its adjudication a, in E-Klaim's
// vocabulary. The reading's warnings join the notes.
func Write(c *Conversion, a *claim.Adjudication) Answer {
	out := Answer{Verdict: a.Verdict, Reasons: a.Reasons, Amounts: a.Amounts, Unmapped: c.Unmapped}
	if out.Unmapped == nil {
		out.Unmapped = []interop.Unmapped{}
	}
	if sjp := c.File.Episode.SJP; sjp != nil {
		out.NomorSEP = sjp.Number
	}
	out.Notes = append(append(make([]rules.Reason, 0, len(a.Notes)+len(c.Warnings)), a.Notes...), c.Warnings...)
	if out.Reasons == nil {
		out.Reasons = []rules.Reason{}
	}
	index := map[string]int{}
	for i := range a.Lines {
		lv := &a.Lines[i]
		k := lv.Line - 1
		if k < 0 || k >= len(c.Categories) {
			continue
		}
		cat, list := c.Categories[k], &out.TarifRS
		if cat == SpecialCMGCategory {
			cat, list = c.File.Lines[k].Code, &out.SpecialCMG
		}
		key := c.Categories[k] + "\x00" + cat
		j, ok := index[key]
		if !ok {
			j = len(*list)
			index[key] = j
			*list = append(*list, CategoryAnswer{Kategori: cat, Alasan: []rules.Reason{}})
		}
		ca := &(*list)[j]
		ca.Diajukan = ca.Diajukan.Add(lv.Claimed)
		ca.Dibayar = ca.Dibayar.Add(lv.Payable)
		ca.Dikurang = ca.Dikurang.Add(lv.Reduced)
		ca.Ditolak = ca.Ditolak.Add(lv.Denied)
		for _, r := range lv.Reasons {
			if !hasReason(ca.Alasan, r) {
				ca.Alasan = append(ca.Alasan, r)
			}
		}
	}
	for _, list := range [][]CategoryAnswer{out.TarifRS, out.SpecialCMG} {
		for i := range list {
			ca := &list[i]
			switch {
			case ca.Dibayar.Equal(ca.Diajukan):
				ca.Status = StatusPaid
			case ca.Dibayar.IsZero():
				ca.Status = StatusDenied
			default:
				ca.Status = StatusReduced
			}
		}
	}
	if out.TarifRS == nil {
		out.TarifRS = []CategoryAnswer{}
	}
	return out
}

func hasReason(l []rules.Reason, r rules.Reason) bool {
	for _, x := range l {
		if x.Code == r.Code && x.Ref == r.Ref && x.EN == r.EN {
			return true
		}
	}
	return false
}
