package claim

import (
	"context"
	"fmt"
	"strconv"
	"testing"

	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/rules"
)

// BenchmarkAdjudicate adjudicates one typical inpatient claim: eligibility,
// pathway, documents, pricing at INA-CBG and the four lines' verdicts.
func BenchmarkAdjudicate(b *testing.B) {
	f := stay()
	s := rules.Default().At(f.Episode.ServiceDate())
	t := table(b)
	var x Adjudicator
	if _, err := x.Adjudicate(f, s, t); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := x.Adjudicate(f, s, t); err != nil {
			b.Fatal(err)
		}
	}
}

// distinct returns the n-th of a million distinct patients' copies of f.
func distinct(f *File, nik eligibility.NIK) *File {
	g := *f
	card, ektp, sjp := *f.Patient.Documents.Card, *f.Patient.Documents.EKTP, *f.Episode.SJP
	card.NIKs = []eligibility.NIK{nik}
	ektp.NIK, sjp.NIK = nik, nik
	g.Patient.Person.NIK, g.Patient.Documents.Card, g.Patient.Documents.EKTP, g.Episode.SJP = nik, &card, &ektp, &sjp
	return &g
}

func millionNIKs() []eligibility.NIK {
	niks := make([]eligibility.NIK, 1_000_000)
	for i := range niks {
		// 327501, a birth date DDMMYY, a sequence number: distinct.
		niks[i] = eligibility.MustParseNIK(fmt.Sprintf("327501%02d%02d90%04d", i%28+1, i/28%12+1, i/336+1))
	}
	return niks
}

// BenchmarkVerifyMonth verifies a batch of 1,000,000 claims through the
// library (VerifyFiles, GOMAXPROCS workers), every one a distinct patient
// (the worst case for memory: the verifier keeps each patient's stays)
// and every one but the first on the same SJP number (refused as
// duplicates), and reports the time per claim.
func BenchmarkVerifyMonth(b *testing.B) { benchMonth(b, false) }

// BenchmarkVerifyMonthDistinctSJP is BenchmarkVerifyMonth with an SJP
// number of each file's own: a million files adjudicated and paid.
func BenchmarkVerifyMonthDistinctSJP(b *testing.B) { benchMonth(b, true) }

func benchMonth(b *testing.B, ownSJP bool) {
	niks := millionNIKs()
	f := stay()
	t := table(b)
	b.ReportAllocs()
	for b.Loop() {
		v := NewVerifier(rules.Default(), t)
		i := 0
		err := v.VerifyFiles(context.Background(), func() (*File, bool) {
			if i == len(niks) {
				return nil, false
			}
			i++
			g := distinct(f, niks[i-1])
			if ownSJP {
				g.Episode.SJP.Number = "SJP/2019/03/" + strconv.Itoa(i)
			}
			return g, true
		}, func(int, *Adjudication, error) error { return nil })
		if err != nil {
			b.Fatal(err)
		}
		r, err := v.Report(nil)
		if err != nil {
			b.Fatal(err)
		}
		if r.BeritaAcara.Files != len(niks) || r.BeritaAcara.Errors != 0 {
			b.Fatalf("%d files, %d errors", r.BeritaAcara.Files, r.BeritaAcara.Errors)
		}
		if ownSJP && r.BeritaAcara.Duplicates.SJP != 0 {
			b.Fatalf("%d duplicate SJPs", r.BeritaAcara.Duplicates.SJP)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(niks)), "ns/claim")
}
