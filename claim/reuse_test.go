package claim

import (
	"bufio"
	"os"
	"testing"

	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// files are claim files of many shapes: the typical stay and its
// variants, and a hospital's month.
func files(t *testing.T) []*File {
	t.Helper()
	var fs []*File
	fs = append(fs, stay())
	short := stay()
	short.Lines = short.Lines[:2]
	fs = append(fs, short)
	dup := stay()
	dup.Lines = append(dup.Lines, dup.Lines[1])
	fs = append(fs, dup)
	excl := stay()
	excl.Lines[1].ICD10, excl.Lines[2].Category = "F17.2", "cosmetic"
	fs = append(fs, excl)
	private := stay()
	private.PrivateAgreement = true
	fs = append(fs, private)
	missing := stay()
	missing.Documents = missing.Documents[:1]
	fs = append(fs, missing)
	dep := stay()
	dep.Deposits = []Deposit{{Date: rules.MustParseDate("2019-03-04"), Amount: rp("500000")}}
	fs = append(fs, dep)
	sw := stay()
	sw.PayerChange = &PayerChange{Date: rules.MustParseDate("2019-03-05"), CutOff: true}
	fs = append(fs, sw)
	pbi := stay()
	pbi.Patient.JKN.Status = eligibility.JKNPBI
	fs = append(fs, pbi)
	noref := stay()
	noref.Episode.Referral = nil
	fs = append(fs, noref)

	in, err := os.Open("../examples/testdata/month-rsud-2019-03.jsonl")
	require.NoError(t, err)
	defer in.Close()
	sc := bufio.NewScanner(in)
	sc.Buffer(nil, maxFileBytes)
	for sc.Scan() {
		if f, err := UnmarshalFile(sc.Bytes()); err == nil {
			fs = append(fs, f)
		}
	}
	require.NoError(t, sc.Err())
	return fs
}

// An Adjudicator reused from file to file, and AdjudicateDecided on the
// decisions Adjudicate would make, give what a fresh Adjudicate gives;
// and a result handed out shares nothing the next file writes.
func TestAdjudicatorReuseAndDecided(t *testing.T) {
	fs := files(t)
	tb := table(t)
	var x, y Adjudicator
	type got struct {
		a   Adjudication
		err error
	}
	var kept []got
	for round := range 2 { // the second round runs on warm caches
		for i, f := range fs {
			s := rules.Default().At(f.Episode.ServiceDate())
			want, werr := Adjudicate(f, s, tb)
			a, err := x.Adjudicate(f, s, tb)
			require.Equal(t, werr, err, "file %d", i)
			assert.Equal(t, want, a, "file %d, round %d", i, round)
			kept = append(kept, got{a, err})

			// The decisions, made as Adjudicate makes them.
			d, derr := eligibility.Check(&f.Patient, s)
			if derr != nil {
				continue
			}
			ep := f.Episode
			if ep.Facility == "" {
				ep.Facility = f.Hospital
			}
			if ep.PatientNIK.IsZero() {
				ep.PatientNIK = f.Patient.Person.NIK
			}
			var dx, px []string
			if f.Principal.Diagnosis != "" {
				dx = append(dx, f.Principal.Diagnosis)
			}
			if f.Principal.Procedure != "" {
				px = append(px, f.Principal.Procedure)
			}
			ep.Diagnoses = append(dx, f.Episode.Diagnoses...)
			ep.Procedures = append(px, f.Episode.Procedures...)
			as, aerr := referral.Assess(&ep, &d, s)
			if aerr != nil {
				continue
			}
			b, err := y.AdjudicateDecided(f, s, tb, &d, &as)
			require.Equal(t, werr, err, "file %d", i)
			assert.Equal(t, want, b, "file %d decided, round %d", i, round)
		}
	}
	// The results kept are still what they were.
	for i, k := range kept {
		f := fs[i%len(fs)]
		want, werr := Adjudicate(f, rules.Default().At(f.Episode.ServiceDate()), tb)
		require.Equal(t, werr, k.err)
		assert.Equal(t, want, k.a, "kept result %d", i)
	}
	// Appending to one reason list never writes over another.
	a, err := x.Adjudicate(fs[0], rules.Default().At(fs[0].Episode.ServiceDate()), tb)
	require.NoError(t, err)
	second := a.Lines[1].Reasons[0]
	a.Lines[0].Reasons = append(a.Lines[0].Reasons, rules.Reason{Code: "x"})
	a.Reasons = append(a.Reasons, rules.Reason{Code: "x"})
	assert.Equal(t, second, a.Lines[1].Reasons[0])
	_, err = y.AdjudicateDecided(fs[0], rules.Default().At(fs[0].Episode.ServiceDate()), tb, nil, nil)
	assert.Error(t, err)
}

// The typical stay allocates only the result: the lines' verdicts and one
// array of reasons.
func TestAdjudicateAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	f := stay()
	s := rules.Default().At(f.Episode.ServiceDate())
	tb := table(t)
	var x Adjudicator
	if n := testing.AllocsPerRun(100, func() { _, _ = x.Adjudicate(f, s, tb) }); n > 2 {
		t.Errorf("Adjudicator.Adjudicate: %v allocations, want at most 2", n)
	}
	d, err := eligibility.Check(&f.Patient, s)
	require.NoError(t, err)
	_, err = x.Adjudicate(f, s, tb)
	require.NoError(t, err)
	a := x.a // the assessment Adjudicate made
	if n := testing.AllocsPerRun(100, func() { _, _ = x.AdjudicateDecided(f, s, tb, &d, &a) }); n > 2 {
		t.Errorf("Adjudicator.AdjudicateDecided: %v allocations, want at most 2", n)
	}
}
