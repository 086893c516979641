package claim

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"math"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/internal/paramset"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
	"github.com/shopspring/decimal"
)

// Verifier verifies a hospital's month of claims, one file after another,
// as Dinkes's verifiers do (Perwal 27.A/2017 Ps.11(2)c; Juknis
// 440/Kep.21/2017 V.3): it adjudicates each file, finds duplicates, and
// adds the file to the month's Berita Acara Hasil Verifikasi figures and
// the recap. Its memory grows with the distinct patients (a 40-byte map
// entry each, holding their first stay), their further stays (16 bytes
// each, in a second map by patient), the SJP numbers (a 16-byte entry
// each) and the hospitals, never with the bodies of the files. It is not
// safe for concurrent use.
type Verifier struct {
	rb       *rules.Rulebook
	t        *tariff.Table
	adj      Adjudicator
	seed     maphash.Seed
	patients map[eligibility.NIK]stays
	more     map[eligibility.NIK][]patientStay // the stays after each patient's first
	sjps     map[uint64]int32                  // SJP number hash -> the file that used it
	hospIDs  map[string]int32                  // hospital code -> its number in the stays
	ba       tallies
	recap    RecapBook
	months   map[string]rules.Date // service month -> its last day
	hosp     map[string]bool
	// the last file's service month and hospital, already in months and
	// hosp
	lastY    int
	lastM    time.Month
	lastHosp string
}

// stayKey is what the duplicate check keeps of a patient's file.
type stayKey struct {
	from, to int32  // days
	sjp      uint64 // hash of the SJP number; 0 without one
	line     int32  // the batch line (or the file's ordinal)
}

// NewVerifier starts a month's verification under the rulebook rb, pricing
// with the INA-CBG table t (nil: the rulebook's own).
func NewVerifier(rb *rules.Rulebook, t *tariff.Table) *Verifier {
	return &Verifier{rb: rb, t: t, seed: maphash.MakeSeed(), patients: map[eligibility.NIK]stays{}, more: map[eligibility.NIK][]patientStay{}, sjps: map[uint64]int32{},
		hospIDs: map[string]int32{},
		ba:      newTallies(), months: map[string]rules.Date{}, hosp: map[string]bool{}}
}

// Verify adjudicates the file (the n-th of the batch, for the duplicate
// reasons) on the rules in force on its date of admission, refuses it as
// a duplicate of an earlier file (the same patient in an overlapping stay,
// the same SJP number, as the rulebook's claims.verification.duplicate
// reads it), and counts it. A malformed file gives a *rules.FieldError and is
// counted as an error.
func (v *Verifier) Verify(f *File, n int) (Adjudication, error) {
	if f == nil || f.Episode.Admission.IsZero() {
		v.ba.errors++
		return Adjudication{}, fieldErrf("episode.admission", "required")
	}
	a, err := v.adjudicate(&v.adj, f)
	if err != nil {
		v.ba.errors++
		return Adjudication{}, err
	}
	v.duplicates(f, &a, n)
	v.count(f, &a)
	return a, nil
}

// Failed counts a line of the batch that could not be read as a file.
func (v *Verifier) Failed() { v.ba.errors++ }

// duplicates refuses a file that repeats an earlier one of the batch, as
// the reading claims.verification.duplicate in force on the file's date of
// admission says: the same SJP number, or the same patient in overlapping
// stays at the same hospital (same_hospital_or_sjp, where an overlap at
// another hospital is noted for the verifier) or at any (any_overlap).
// Without a reading in force, no file is a duplicate.
func (v *Verifier) duplicates(f *File, a *Adjudication, n int) {
	nik := f.Patient.Person.NIK
	if nik.IsZero() {
		nik = f.Episode.PatientNIK
	}
	if nik.IsZero() {
		return // a newborn without a NIK: nothing to key on
	}
	reading := dupParams.Value(v.rb.At(f.Episode.ServiceDate()), 0)
	if reading == nil {
		return
	}
	a.Provenance.Record(reading)
	anyOverlap := reading.Text() == "any_overlap"
	s := stayKey{from: dayNum(f.Episode.ServiceDate()), to: dayNum(f.serviceEnd()), line: int32(n)}
	if j := f.Episode.SJP; j != nil && j.Number != "" {
		s.sjp = maphash.String(v.seed, j.Number) | 1
	}
	// The same SJP number on any earlier file, of this patient or another.
	if first, dup := v.sjps[s.sjp]; s.sjp != 0 && dup {
		a.refuseAll(msgDuplicateSJP, reading.Ref)
		a.Notes = append(a.Notes, duplicateOf(first, reading.Ref))
		v.ba.dupSJP++
		return
	}
	hosp, ok := v.hospIDs[a.Hospital]
	if !ok {
		hosp = int32(len(v.hospIDs))
		v.hospIDs[a.Hospital] = hosp
	}
	prev := v.patients[nik]
	st := patientStay{from: s.from, to: s.to, line: s.line, hosp: hosp}
	// A file refused as a duplicate is not kept: it blocks nothing after.
	overlap := int32(-1)
	for k := range prev.n {
		p := prev.first
		if k > 0 {
			p = v.more[nik][k-1]
		}
		if !overlaps(p, st) {
			continue
		}
		if anyOverlap || p.hosp == hosp {
			a.refuseAll(msgDuplicateStay, reading.Ref)
			a.Notes = append(a.Notes, duplicateOf(p.line, reading.Ref))
			v.ba.dupStays++
			return
		}
		if overlap < 0 {
			overlap = p.line
		}
	}
	if overlap >= 0 {
		a.Notes = append(a.Notes, overlapWith(overlap, reading.Ref))
		v.ba.overlaps++
	}
	if prev.n == 0 {
		prev.first = st
	} else {
		v.more[nik] = append(v.more[nik], st)
	}
	prev.n++
	v.patients[nik] = prev
	if s.sjp != 0 {
		v.sjps[s.sjp] = s.line
	}
}

// patientStay is a patient's stay as the duplicate check keeps it: its
// days, the batch line of its file and its hospital's number.
type patientStay struct{ from, to, line, hosp int32 }

// stays are a patient's stays: the first held in place (most patients
// have one file a month), the others in the Verifier's more map; n
// counts them all.
type stays struct {
	first patientStay
	n     int
}

// duplicateOf names the earlier file a duplicate repeats.
func duplicateOf(n int32, ref string) rules.Reason {
	k := strconv.Itoa(int(n))
	return rules.Reason{Code: CodeDuplicateOf, ID: "Duplikat berkas ke-" + k + " dalam batch.",
		EN: "A duplicate of file " + k + " of the batch.", Ref: ref}
}

// overlapWith notes the earlier file, of another hospital, whose stay the
// file's overlaps: for the verifier to review.
func overlapWith(n int32, ref string) rules.Reason {
	k := strconv.Itoa(int(n))
	return rules.Reason{Code: msgOverlappingStay.Code, ID: msgOverlappingStay.ID + " (berkas ke-" + k + " dalam batch)",
		EN: msgOverlappingStay.EN + " (file " + k + " of the batch)", Ref: ref}
}

// overlaps: two stays share a night, or are the same day twice. A
// transfer's discharge day may be the next stay's admission day.
func overlaps(a, b patientStay) bool {
	if a.from == b.from && a.to == b.to {
		return true
	}
	return max(a.from, b.from) < min(a.to, b.to)
}

var epoch = rules.MustParseDate("2000-01-01")

// dayNum is d's day number from 2000-01-01; the zero Date (no day) is
// math.MinInt32, which no real date has.
func dayNum(d rules.Date) int32 {
	if d.IsZero() {
		return math.MinInt32
	}
	return int32(epoch.DaysUntil(d))
}

// tallies are the month's figures in whole rupiah.
type tallies struct {
	total    tally
	verdict  map[FileVerdict]*tally
	service  [4]tally
	reason   map[string]*reasonTally
	late     tally
	errors   int
	dupStays int
	dupSJP   int
	dupLines int
	overlaps int    // stays overlapping another hospital's, noted
	depRef   string // the citation of the last deposit netted
	transfer int64
	payNow   int64 // the transfer of files payable now
	deposit  int64
	lastEnd  rules.Date
	firstEnd rules.Date
}

type tally struct {
	files                             int
	claimed, payable, reduced, denied int64
}

type reasonTally struct {
	lines, files    int
	reduced, denied int64
	ref             string
	lastFile        int
}

func newTallies() tallies {
	return tallies{verdict: map[FileVerdict]*tally{}, reason: map[string]*reasonTally{}}
}

func (t *tally) add(a amounts) {
	t.files++
	t.claimed += a.claimed
	t.payable += a.payable
	t.reduced += a.reduced
	t.denied += a.denied
}

func (v *Verifier) count(f *File, a *Adjudication) {
	b := &v.ba
	b.total.add(a.amt)
	vt := b.verdict[a.Verdict]
	if vt == nil {
		vt = &tally{}
		b.verdict[a.Verdict] = vt
	}
	vt.add(a.amt)
	if i := serviceIndex(a.Service); i >= 0 { // always, for a file adjudicated
		b.service[i].add(a.amt)
	}
	if a.Timeline.Late {
		b.late.add(a.amt)
	}
	b.deposit += a.amt.deposit
	if a.amt.deposit > 0 {
		for _, n := range a.Notes {
			if n.Code == msgDepositNetted.Code {
				b.depRef = n.Ref
			}
		}
	}
	b.transfer += a.amt.payable - a.amt.deposit
	if a.Verdict == FilePaid || a.Verdict == FilePartlyPaid {
		b.payNow += a.amt.payable - a.amt.deposit
	}
	for i := range a.Lines {
		l := &a.Lines[i].amt
		if l.verdict == Paid {
			continue
		}
		rt := b.reason[l.reason]
		if rt == nil {
			rt = &reasonTally{lastFile: -1}
			if len(a.Lines[i].Reasons) > 0 {
				rt.ref = a.Lines[i].Reasons[0].Ref
			}
			b.reason[l.reason] = rt
		}
		rt.lines++
		if rt.lastFile != b.total.files {
			rt.files++
			rt.lastFile = b.total.files
		}
		if l.verdict == Denied {
			rt.denied += l.claimed
		} else {
			rt.reduced += l.claimed - l.payable
		}
		if l.reason == msgDuplicateLine.Code {
			b.dupLines++
		}
	}
	end := f.serviceEnd()
	if b.lastEnd.IsZero() || end.After(b.lastEnd) {
		b.lastEnd = end
	}
	if b.firstEnd.IsZero() || end.Before(b.firstEnd) {
		b.firstEnd = end
	}
	if y, m, _ := end.Civil(); y != v.lastY || m != v.lastM {
		v.lastY, v.lastM = y, m
		key := fmt.Sprintf("%04d-%02d", y, int(m))
		if _, ok := v.months[key]; !ok {
			last := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC)
			v.months[key], _ = rules.DateFromTime(last) // a day of year 1-9999, or zero for a file refused
		}
	}
	if a.Hospital != v.lastHosp {
		v.lastHosp = a.Hospital
		v.hosp[a.Hospital] = true
	}
	// The file is valid (adjudicated): its service is one of the recap's.
	_ = v.recap.Add(f)
}

// Tally is one row of the Berita Acara's figures: files and amounts.
type Tally struct {
	Key     string          `json:"key"`
	ID      string          `json:"name,omitempty"`    // the key in Bahasa Indonesia
	EN      string          `json:"name_en,omitempty"` // the key in English
	Files   int             `json:"files"`
	Claimed decimal.Decimal `json:"claimed"`
	Payable decimal.Decimal `json:"payable"`
	Reduced decimal.Decimal `json:"reduced"`
	Denied  decimal.Decimal `json:"denied"`
}

func (t tally) out(key string) Tally {
	return Tally{Key: key, Files: t.files, Claimed: decimal.NewFromInt(t.claimed), Payable: decimal.NewFromInt(t.payable),
		Reduced: decimal.NewFromInt(t.reduced), Denied: decimal.NewFromInt(t.denied)}
}

// ReasonTally is what one reason took off the month's claims: the lines
// and files it applies to, and the amounts it reduced or denied.
type ReasonTally struct {
	Code    string          `json:"code"`
	Lines   int             `json:"lines"`
	Files   int             `json:"files"`
	Reduced decimal.Decimal `json:"reduced"`
	Denied  decimal.Decimal `json:"denied"`
	Ref     string          `json:"ref"`
}

// BeritaAcara holds the figures of the Berita Acara Hasil Verifikasi:
// files and amounts claimed, payable, reduced and denied, by verdict, by
// reason and by service; late submissions; duplicates; lines that could
// not be read (Perwal 27.A/2017 Ps.11(2)c; Juknis 440/Kep.21/2017 V.3).
type BeritaAcara struct {
	Hospitals []string `json:"hospitals"`
	// ServiceMonths are the months the services ended in (YYYY-MM).
	ServiceMonths []string      `json:"service_months"`
	Files         int           `json:"files"`
	Errors        int           `json:"errors"`
	Amounts       Amounts       `json:"amounts"`
	ByVerdict     []Tally       `json:"by_verdict"`
	ByReason      []ReasonTally `json:"by_reason"`
	ByService     []Tally       `json:"by_service"`
	Late          Tally         `json:"late"`
	Duplicates    Duplicates    `json:"duplicates"`
	// Ref cites the verification and its Berita Acara, by the rules in
	// force on the day it is due (each service month's, joined).
	Ref string `json:"ref"`
	// DepositRef cites the netting of the deposits, by the rules of the
	// admission of the last file whose deposit was netted; empty if none.
	DepositRef string `json:"deposit_ref,omitempty"`
	// PayableNow is what is transferred for the files found payable (paid
	// or partly paid), deposits netted; incomplete files wait.
	PayableNow decimal.Decimal `json:"payable_now"`
}

// Duplicates counts the files and lines refused as duplicates.
type Duplicates struct {
	Stays int `json:"stays"` // the same patient in overlapping stays
	SJP   int `json:"sjp"`   // the same SJP number twice
	Lines int `json:"lines"` // the same line twice
	// Overlaps counts the files whose stay overlaps another hospital's
	// file of the same patient: noted for review, not refused.
	Overlaps int `json:"overlaps"`
}

// Report is the month's verification: the Berita Acara figures, the
// schedule of every service month, the budget, the recap and the
// reporting duties.
type Report struct {
	BeritaAcara BeritaAcara   `json:"berita_acara"`
	Schedules   []Schedule    `json:"schedules"`
	Budget      *BudgetResult `json:"budget,omitempty"`
	Recaps      []Recap       `json:"recaps"`
	Duties      []Duty        `json:"duties"`
}

var verdictOrder = []FileVerdict{FilePaid, FilePartlyPaid, FileIncomplete, FileRefused}

// Report gives the month's figures so far. With a budget, it splits what
// is payable now into what the year's budget pays and what is carried to
// the next budget year.
func (v *Verifier) Report(budget *Budget) (Report, error) {
	b := &v.ba
	ba := BeritaAcara{Files: b.total.files, Errors: b.errors, ByVerdict: []Tally{}, ByReason: []ReasonTally{},
		Late: b.late.out("late"), Duplicates: Duplicates{Stays: b.dupStays, SJP: b.dupSJP, Lines: b.dupLines, Overlaps: b.overlaps},
		DepositRef: b.depRef,
		PayableNow: decimal.NewFromInt(b.payNow)}
	ba.Amounts = Amounts{Claimed: decimal.NewFromInt(b.total.claimed), Payable: decimal.NewFromInt(b.total.payable),
		Reduced: decimal.NewFromInt(b.total.reduced), Denied: decimal.NewFromInt(b.total.denied),
		DepositNetted: decimal.NewFromInt(b.deposit), Transfer: decimal.NewFromInt(b.transfer)}
	for _, k := range verdictOrder {
		if t := b.verdict[k]; t != nil {
			ba.ByVerdict = append(ba.ByVerdict, t.out(string(k)))
		}
	}
	for i, s := range Services {
		t := b.service[i].out(s)
		t.ID, t.EN = serviceNames[i][0], serviceNames[i][1]
		ba.ByService = append(ba.ByService, t)
	}
	for code, rt := range b.reason {
		ba.ByReason = append(ba.ByReason, ReasonTally{Code: code, Lines: rt.lines, Files: rt.files,
			Reduced: decimal.NewFromInt(rt.reduced), Denied: decimal.NewFromInt(rt.denied), Ref: rt.ref})
	}
	sort.Slice(ba.ByReason, func(i, j int) bool {
		x, y := ba.ByReason[i], ba.ByReason[j]
		if c := x.Denied.Add(x.Reduced).Cmp(y.Denied.Add(y.Reduced)); c != 0 {
			return c > 0
		}
		return x.Code < y.Code
	})
	for h := range v.hosp {
		ba.Hospitals = append(ba.Hospitals, h)
	}
	sort.Strings(ba.Hospitals)
	for m := range v.months {
		ba.ServiceMonths = append(ba.ServiceMonths, m)
	}
	sort.Strings(ba.ServiceMonths)
	r := Report{BeritaAcara: ba, Schedules: []Schedule{}, Recaps: []Recap{}, Duties: []Duty{}}
	var refs []string
	for _, m := range ba.ServiceMonths {
		last := v.months[m]
		sc, err := ScheduleFor(last, v.rb.At(last))
		if err != nil {
			return Report{}, err
		}
		r.Schedules = append(r.Schedules, sc)
		if ref := sc.Steps.Verification; ref != "" && !slices.Contains(refs, ref) {
			refs = append(refs, ref)
		}
		duties, err := Duties(m, v.rb)
		if err != nil {
			return Report{}, err
		}
		r.Duties = append(r.Duties, duties...)
	}
	r.BeritaAcara.Ref = strings.Join(refs, "; ")
	r.Recaps = v.recap.Recaps()
	if budget != nil {
		on := b.lastEnd
		if on.IsZero() {
			on = rules.MustParseDate(fmt.Sprintf("%04d-12-31", budget.Year))
		}
		res, err := ApplyBudget(*budget, ba.PayableNow, v.rb.At(on))
		if err != nil {
			return Report{}, err
		}
		r.Budget = &res
	}
	return r, nil
}

var serviceNames = [4][2]string{
	{"Rawat Jalan KS", "Card outpatient"},
	{"Rawat Inap KS", "Card inpatient"},
	{"Rawat Jalan Rekomendasi Dinsos", "Dinsos-letter outpatient"},
	{"Rawat Inap Rekomendasi Dinsos", "Dinsos-letter inpatient"},
}

// BatchError is a line of a batch that gave no adjudication.
type BatchError struct {
	Line int
	ID   string
	Err  error
}

// Error implements the error interface.
func (e *BatchError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

// Unwrap returns the line's error.
func (e *BatchError) Unwrap() error { return e.Err }

// VerifyBatch verifies a hospital's month read as JSON Lines (one File a
// line), calling emit with each line's adjudication, or its error, in the
// order of the lines, as soon as it is decided (the lines go to the
// workers 64 at a time). A bad line is passed to emit as a *BatchError
// and the batch goes on; only an error from emit or from reading stops
// it. The lines are decoded and adjudicated by GOMAXPROCS workers;
// duplicates are found and the figures counted in the order of the lines,
// so the result does not depend on the workers. The *Adjudication emit
// gets is valid until emit returns: copy it to keep it. It returns the
// month's report.
//
// VerifyBatch stops when ctx is cancelled: it checks ctx between lines
// (a read already blocked in r is not interrupted) and then returns no
// report and an error wrapping ctx.Err() that names the last line passed
// to emit.
func VerifyBatch(ctx context.Context, r io.Reader, v *Verifier, budget *Budget, emit func(line int, a *Adjudication, err error) error) (Report, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxFileBytes)
	line := 0
	next := func() (*File, []byte, int, bool) {
		for sc.Scan() {
			line++
			text := bytes.TrimSpace(sc.Bytes())
			if len(text) > 0 {
				return nil, text, line, true // the pipeline copies it
			}
		}
		return nil, nil, 0, false
	}
	if err := v.pipeline(ctx, "line", next, emit); err != nil {
		return Report{}, err
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return Report{}, fmt.Errorf("claim: line %d is longer than %d bytes", line+1, maxFileBytes)
		}
		return Report{}, err
	}
	return v.Report(budget)
}

// VerifyFiles verifies files already decoded, from next until it reports
// false, with GOMAXPROCS workers; emit gets each file's adjudication (or
// its error) in order, with the file's ordinal from 1, valid until emit
// returns (copy it to keep it). The files must not change until emit has
// been called for them. It stops when ctx is cancelled, checking it
// between files, and then returns an error wrapping ctx.Err() that names
// the last file passed to emit.
func (v *Verifier) VerifyFiles(ctx context.Context, next func() (*File, bool), emit func(n int, a *Adjudication, err error) error) error {
	n := 0
	return v.pipeline(ctx, "file", func() (*File, []byte, int, bool) {
		f, ok := next()
		if !ok {
			return nil, nil, 0, false
		}
		n++
		return f, nil, n, true
	}, emit)
}

type job struct {
	line int
	f    *File
	data []byte
}

type done struct {
	job
	a   Adjudication
	err error
}

// batchSize is how many files go through the pipeline's channels at a
// time: a channel operation per file would cost more than many files.
const batchSize = 64

// batch is a run of consecutive files: the reader fills it, a worker
// adjudicates it, the collector records and emits it, then it is used
// again.
type batch struct {
	seq  int
	jobs []done
	buf  []byte // the lines' text, when read from a batch
}

// pipeline reads jobs with next, adjudicates them on workers, and records
// and emits them in order. A line's data is copied into the batch's own
// buffer (next may reuse it). It stops when ctx is cancelled: the reader
// between batches, the collector between items (a non-blocking receive
// from ctx.Done(), which neither allocates nor locks); the error then
// names, as unit ("line", "file"), the last item emitted.
func (v *Verifier) pipeline(ctx context.Context, unit string, next func() (*File, []byte, int, bool), emit func(int, *Adjudication, error) error) error {
	cancelled := ctx.Done() // nil when ctx is never cancelled
	cut := false            // the reader stopped on cancelled; read after results is closed
	workers := max(1, runtime.GOMAXPROCS(0))
	// inflight bounds the batches between the reader and the collector;
	// free holds them all, so the reader never runs further ahead.
	inflight := 4 * workers
	free := make(chan *batch, inflight)
	for range inflight {
		free <- &batch{jobs: make([]done, 0, batchSize)}
	}
	jobs := make(chan *batch, inflight)
	results := make(chan *batch, inflight)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	go func() { // the reader
		defer close(jobs)
		for seq := 0; ; seq++ {
			var b *batch
			select {
			case b = <-free:
			case <-stop:
				return
			case <-cancelled:
				cut = true
				return
			}
			b.seq, b.jobs, b.buf = seq, b.jobs[:0], b.buf[:0]
			more := true
			for len(b.jobs) < batchSize {
				f, data, line, ok := next()
				if !ok {
					more = false
					break
				}
				if data != nil {
					k := len(b.buf)
					b.buf = append(b.buf, data...)
					data = b.buf[k:len(b.buf):len(b.buf)]
				}
				b.jobs = append(b.jobs, done{job: job{line: line, f: f, data: data}})
			}
			if len(b.jobs) > 0 {
				select {
				case jobs <- b:
				case <-stop:
					return
				}
			}
			if !more {
				return
			}
		}
	}()
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var x Adjudicator
			for b := range jobs {
				for i := range b.jobs {
					d := &b.jobs[i]
					if d.f == nil {
						d.f = new(File)
						if d.err = unmarshalFile(d.data, d.f); d.err != nil {
							continue
						}
					}
					d.a, d.err = v.adjudicate(&x, d.f)
				}
				select {
				case results <- b:
				case <-stop:
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	// The batches come back in any order: pending holds them by seq until
	// their turn (at most inflight of them).
	pending := make([]*batch, inflight)
	want := 0
	last := 0 // the last line (or file) emitted
	var failed error
	for b := range results {
		if failed != nil {
			continue // drain
		}
		pending[b.seq%inflight] = b
		for {
			b := pending[want%inflight]
			if b == nil || b.seq != want {
				break
			}
			pending[want%inflight] = nil
			want++
			for i := range b.jobs {
				d := &b.jobs[i]
				if cancelled != nil {
					select {
					case <-cancelled:
						failed = stoppedErr(ctx, unit, last)
					default:
					}
					if failed != nil {
						break
					}
				}
				if err := v.record(d); err != nil {
					failed = err
					break
				}
				if err := emitDone(d, emit); err != nil {
					failed = err
					break
				}
				last = d.line
			}
			clear(b.jobs) // the files and results go; the arrays stay
			if failed != nil {
				close(stop)
				break
			}
			free <- b
		}
	}
	if failed == nil && cut {
		failed = stoppedErr(ctx, unit, last)
	}
	return failed
}

// stoppedErr is the error of a run stopped by ctx after the unit last
// (0: before the first).
func stoppedErr(ctx context.Context, unit string, last int) error {
	if last == 0 {
		return fmt.Errorf("claim: stopped before the first %s: %w", unit, ctx.Err())
	}
	return fmt.Errorf("claim: stopped after %s %d: %w", unit, last, ctx.Err())
}

// adjudicate is Verify's first half, safe on any worker: the Verifier's
// rulebook and table are read only.
func (v *Verifier) adjudicate(x *Adjudicator, f *File) (Adjudication, error) {
	if f.Episode.Admission.IsZero() {
		return Adjudication{}, fieldErrf("episode.admission", "required")
	}
	if _, err := rules.DateFromTime(f.Episode.Admission); err != nil {
		return Adjudication{}, causeErr("episode.admission", err.Error(), err)
	}
	return x.Adjudicate(f, v.rb.At(f.Episode.ServiceDate()), v.t)
}

// record is Verify's second half, in order: duplicates and the figures.
func (v *Verifier) record(d *done) error {
	if d.err != nil {
		v.ba.errors++
		id := ""
		if d.f != nil {
			id = d.f.ID
		}
		if id == "" && d.data != nil {
			var x struct {
				ID string `json:"id"`
			}
			_ = json.Unmarshal(d.data, &x)
			id = x.ID
		}
		d.err = &BatchError{Line: d.line, ID: id, Err: d.err}
		return nil
	}
	v.duplicates(d.f, &d.a, d.line)
	v.count(d.f, &d.a)
	return nil
}

func emitDone(d *done, emit func(int, *Adjudication, error) error) error {
	if d.err != nil {
		return emit(d.line, nil, d.err)
	}
	return emit(d.line, &d.a, nil)
}

// Budget is the year's Jamkesda budget (APBD) and what it has paid so far.
type Budget struct {
	Year        int             `json:"year"`
	Amount      decimal.Decimal `json:"amount"`
	AlreadyPaid decimal.Decimal `json:"already_paid"`
}

// BudgetResult splits what is payable into what the year's budget pays
// now and what is carried to the next budget year (Perwal 27.A/2017
// Ps.5(2): "apabila tidak mencukupi, maka akan dibayarkan pada anggaran
// tahun berikutnya"; Ps.11(1)).
type BudgetResult struct {
	Year          int             `json:"year"`
	Budget        decimal.Decimal `json:"budget"`
	AlreadyPaid   decimal.Decimal `json:"already_paid"`
	Remaining     decimal.Decimal `json:"remaining"` // before this payment
	Payable       decimal.Decimal `json:"payable"`
	PaidNow       decimal.Decimal `json:"paid_now"`
	CarriedOver   decimal.Decimal `json:"carried_over"`
	CarriedToYear int             `json:"carried_to_year,omitempty"`
	Reason        rules.Reason    `json:"reason"`
}

var (
	msgBudgetEnough = newMsg(CodeBudgetSufficient,
		"Anggaran tahun berjalan mencukupi: dibayar seluruhnya.",
		"The year's budget suffices: paid in full.")
	msgBudgetShort = newMsg(CodeBudgetCarriedOver,
		"Anggaran tahun berjalan tidak mencukupi: sisanya dibayarkan pada anggaran tahun berikutnya.",
		"The year's budget does not suffice: the rest is paid from the next year's budget.")
	msgBudgetNoRule = newMsg(CodeBudgetShortNoRule,
		"Anggaran tidak mencukupi dan tidak ada aturan pembayaran pada anggaran tahun berikutnya: sisanya belum dibayar.",
		"The budget does not suffice and no rule pays from the next year's budget: the rest is unpaid.")
)

// ApplyBudget pays payable from what is left of the year's budget under
// the rules of s; the rest is carried to the next budget year.
func ApplyBudget(b Budget, payable decimal.Decimal, s rules.Snapshot) (BudgetResult, error) {
	if b.Year < 2017 || b.Year > 2200 {
		return BudgetResult{}, fieldErrf("budget.year", "%d is not a budget year", b.Year)
	}
	if b.Amount.IsNegative() || b.AlreadyPaid.IsNegative() || payable.IsNegative() {
		return BudgetResult{}, fieldErrf("budget", "negative amount")
	}
	remaining := b.Amount.Sub(b.AlreadyPaid)
	if remaining.IsNegative() {
		remaining = decimal.Zero
	}
	r := BudgetResult{Year: b.Year, Budget: b.Amount, AlreadyPaid: b.AlreadyPaid, Remaining: remaining, Payable: payable,
		PaidNow: decimal.Min(payable, remaining)}
	r.CarriedOver = payable.Sub(r.PaidNow)
	var prov rules.Provenance
	pr := claimParams.Reader(s, &prov)
	carry, v := pr.Flag(cBudgetCarry)
	switch {
	case r.CarriedOver.IsZero():
		r.Reason = msgBudgetEnough.With(v.Ref)
	case carry:
		r.CarriedToYear = b.Year + 1
		r.Reason = msgBudgetShort.With(v.Ref)
	default:
		r.Reason = msgBudgetNoRule.With("")
	}
	return r, nil
}

// The month-level parameters.
const (
	cBudgetCarry = iota
	cReportDay
	cClass3
	cMonthly
	cEvalMonths
	cPeriodic
)

// dupParams is the reading of a duplicate claim, verified per claim.
var dupParams = paramset.New("claims.verification.duplicate")

var claimParams = paramset.New(
	"claims.budget_shortfall_next_year",
	"claims.monthly_report_day",
	"claims.reporting.class3_capacity",
	"claims.reporting.monthly_activity",
	"claims.reporting.evaluation_months",
	"claims.reporting.periodic",
)

// Duty is a report owed for a month: who owes it, the period, the due date
// where the text sets one, and the article.
type Duty struct {
	Code string `json:"code"`
	// ID is the duty in Bahasa Indonesia, EN in English (JSON "message"
	// and "message_en", as a reason's texts).
	ID     string     `json:"message"`
	EN     string     `json:"message_en"`
	Who    string     `json:"who"`
	Period string     `json:"period"`
	Due    rules.Date `json:"due,omitzero"`
	Ref    string     `json:"ref"`
}

// Duties lists the reports owed for the service month (YYYY-MM) under the
// rules in force at its end (Juknis 440/Kep.21/2017 III.d-e, VII, VIII).
func Duties(month string, rb *rules.Rulebook) ([]Duty, error) {
	t, err := time.Parse("2006-01", month)
	if err != nil {
		return nil, fieldErrf("month", "%q is not YYYY-MM", month)
	}
	last, err := rules.DateFromTime(t.AddDate(0, 1, -1))
	if err != nil {
		return nil, causeErr("month", err.Error(), err)
	}
	s := rb.At(last)
	var prov rules.Provenance
	pr := claimParams.Reader(s, &prov)
	var out []Duty
	if v := pr.Get(cReportDay); v != nil {
		due, _ := rules.DateFromTime(t.AddDate(0, 1, v.Int()-1)) // a day of the month after, or zero after 9999
		out = append(out, Duty{Code: "hospital_services_report", ID: "Laporan hasil pelayanan kesehatan bagi masyarakat Kota Bekasi",
			EN: "Report of the services given to the city's residents", Who: "hospital", Period: month, Due: due, Ref: v.Ref})
	}
	if on, v := pr.Flag(cClass3); on {
		out = append(out, Duty{Code: "class3_capacity_report", ID: "Laporan kapasitas rawat inap kelas III yang kosong dan pasien kelas III yang terlayani",
			EN: "Report of the empty class III beds and the class III patients served", Who: "referral hospital", Period: month, Ref: v.Ref})
	}
	if on, v := pr.Flag(cMonthly); on {
		out = append(out, Duty{Code: "monthly_activity_report", ID: "Laporan bulanan kegiatan Jamkesda yang dilaksanakan oleh Rumah Sakit",
			EN: "Monthly report of the hospitals' Jamkesda activity", Who: "Tim Pelaksana", Period: month, Ref: v.Ref})
	}
	m := int(t.Month())
	if v := pr.Get(cEvalMonths); v != nil && v.Int() > 0 && m%v.Int() == 0 {
		out = append(out, Duty{Code: "evaluation", ID: "Evaluasi pelaksanaan pelayanan kesehatan (setiap tiga bulan)",
			EN: "Evaluation of the programme (every three months)", Who: "Satuan Pelaksana", Period: fmt.Sprintf("%d-Q%d", t.Year(), (m+2)/3), Ref: v.Ref})
	}
	if v := pr.Get(cPeriodic); v != nil {
		if v.Contains("quarterly") && m%3 == 0 {
			out = append(out, Duty{Code: "quarterly_report", ID: "Laporan triwulan", EN: "Quarterly report", Who: "Satuan Pelaksana (every unit, recapitulated by the secretary)",
				Period: fmt.Sprintf("%d-Q%d", t.Year(), m/3), Ref: v.Ref})
		}
		if v.Contains("annual") && m == 12 {
			out = append(out, Duty{Code: "annual_report", ID: "Laporan tahunan", EN: "Annual report", Who: "Satuan Pelaksana (every unit, recapitulated by the secretary)",
				Period: fmt.Sprint(t.Year()), Ref: v.Ref})
		}
	}
	return out, nil
}

// Recap is the year's count of SJP and claim files by month and by
// service, in the layout of the 2017 table (Jannah 2019 app. J: card
// outpatient, card inpatient, Dinsos-letter outpatient, Dinsos-letter
// inpatient; January to December; totals).
type Recap struct {
	Year int `json:"year"`
	// SJP counts the files by the month their SJP was issued (the month of
	// admission for a file without one).
	SJP RecapTable `json:"sjp"`
	// Claims counts the files by the month their service ended.
	Claims RecapTable `json:"claims"`
}

// RecapTable is one table of the recap.
type RecapTable struct {
	Rows  []RecapRow `json:"rows"`
	Total RecapRow   `json:"total"`
}

// RecapRow is a row: a service (or the total) by month.
type RecapRow struct {
	Service string `json:"service"`
	// ID names the service in Bahasa Indonesia, EN in English (JSON
	// "name" and "name_en").
	ID     string  `json:"name"`
	EN     string  `json:"name_en"`
	Months [12]int `json:"months"`
	Total  int     `json:"total"`
}

// Add counts one file: its service in the month of its SJP (or admission)
// and in the month its service ended. Files of other years count in
// their own year's recap; use a RecapBook for several years. A service
// that is not one of Services is a *rules.FieldError, and nothing is counted.
func (r *Recap) Add(service string, sjpMonth, claimMonth rules.Date) error {
	i := serviceIndex(service)
	if i < 0 {
		return fieldErrf("service", "%q is not card_outpatient, card_inpatient, dinsos_outpatient or dinsos_inpatient", service)
	}
	if r.SJP.Rows == nil {
		r.init()
	}
	if sjpMonth.Year() == r.Year {
		r.SJP.Rows[i].Months[sjpMonth.Month()-1]++
	}
	if claimMonth.Year() == r.Year {
		r.Claims.Rows[i].Months[claimMonth.Month()-1]++
	}
	return nil
}

func (r *Recap) init() {
	for _, t := range []*RecapTable{&r.SJP, &r.Claims} {
		t.Rows = make([]RecapRow, len(Services))
		for i, s := range Services {
			t.Rows[i] = RecapRow{Service: s, ID: serviceNames[i][0], EN: serviceNames[i][1]}
		}
	}
}

// finished adds up the rows and the totals.
func (r Recap) finished() Recap {
	if r.SJP.Rows == nil {
		r.init()
	}
	for _, t := range []*RecapTable{&r.SJP, &r.Claims} {
		t.Rows = slices.Clone(t.Rows)
		t.Total = RecapRow{Service: "total", ID: "TOTAL", EN: "Total"}
		for i := range t.Rows {
			row := &t.Rows[i]
			row.Total = 0
			for m, n := range row.Months {
				row.Total += n
				t.Total.Months[m] += n
				t.Total.Total += n
			}
		}
	}
	return r
}

// Finished returns the recap with its row and column totals.
func (r Recap) Finished() Recap { return r.finished() }

// RecapBook counts files into the recap of each year they touch.
type RecapBook struct {
	years map[int]*Recap
}

// Add counts the file: its service in the month its SJP was issued (the
// month of admission without one), and in the month its service ended. A
// file without an admission, or whose membership is not card or
// dinsos_letter (so that it has no service of the recap), is a
// *rules.FieldError, and nothing is counted.
func (b *RecapBook) Add(f *File) error {
	if f == nil || f.Episode.Admission.IsZero() {
		return fieldErrf("episode.admission", "required")
	}
	if f.Membership != "card" && f.Membership != "dinsos_letter" {
		return fieldErrf("membership", "%q is not card or dinsos_letter", f.Membership)
	}
	if b.years == nil {
		b.years = map[int]*Recap{}
	}
	sjp := f.Episode.ServiceDate()
	if j := f.Episode.SJP; j != nil && !j.Issued.IsZero() {
		if d, err := rules.DateFromTime(j.Issued); err == nil {
			sjp = d
		}
	}
	end := f.serviceEnd()
	for _, y := range []int{sjp.Year(), end.Year()} {
		if b.years[y] == nil {
			b.years[y] = &Recap{Year: y}
		}
	}
	if err := b.years[sjp.Year()].Add(f.Service(), sjp, rules.Date{}); err != nil {
		return err
	}
	return b.years[end.Year()].Add(f.Service(), rules.Date{}, end)
}

// Recaps returns the recap of every year, in order, with their totals.
func (b *RecapBook) Recaps() []Recap {
	years := make([]int, 0, len(b.years))
	for y := range b.years {
		years = append(years, y)
	}
	slices.Sort(years)
	out := make([]Recap, 0, len(years))
	for _, y := range years {
		out = append(out, b.years[y].finished())
	}
	return out
}
