package claim

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kartusehat/kartusehat/internal/paramset"
	"github.com/kartusehat/kartusehat/rules"
)

// Schedule is when the claim for a service that ended on a day goes in,
// is verified and is paid, under the rulebook's readings of the texts
// (Perwal 27.A/2017 Ps.11(2)b-d; Juknis 440/Kep.21/2017 V.2-4).
type Schedule struct {
	ServiceEnd rules.Date `json:"service_end"`
	// SubmissionMonth is the month the claim goes in (YYYY-MM).
	SubmissionMonth string `json:"submission_month"`
	// SubmissionDue is the last day the claim may reach Dinkes.
	SubmissionDue rules.Date `json:"submission_due"`
	// VerificationDue is when the Berita Acara Hasil Verifikasi is handed
	// to the administration.
	VerificationDue rules.Date `json:"verification_due"`
	// PaymentDue is when a payable claim is transferred at the latest.
	PaymentDue rules.Date `json:"payment_due"`
	// Readings are the readings of the texts the dates follow.
	Readings Readings `json:"readings"`
	// Ref cites the rule that places the submission month, in force on
	// the day the service ended.
	Ref string `json:"ref"`
	// Steps cite each step by the rules in force on its due date.
	Steps StepRefs `json:"steps"`
}

// StepRefs cite the steps of a claim's timeline, each by the rule in
// force on the step's due date that sets the week it is due in (the
// rule of the service's end, where a later one sets another week).
type StepRefs struct {
	Submission   string `json:"submission"`
	Verification string `json:"verification"`
	Payment      string `json:"payment"`
}

// Readings are the values of the parameters claims.timeline.
// month_after_reading, week_reading and due_on_day_off.
type Readings struct {
	MonthAfter string `json:"month_after_reading"`
	Week       string `json:"week_reading"`
	DayOff     string `json:"due_on_day_off"`
}

// ScheduleFor computes the schedule of a service that ended on end, under
// the rules in force on that day (take s on end).
func ScheduleFor(end rules.Date, s rules.Snapshot) (Schedule, error) {
	if end.IsZero() {
		return Schedule{}, fieldErrf("service_end", "required")
	}
	if !s.Date().Equal(end) {
		return Schedule{}, fieldErrf("service_end", "the snapshot is of %s, the service ended on %s: take the snapshot on the service end", s.Date(), end)
	}
	var prov rules.Provenance
	pr := params.Reader(s, &prov)
	return scheduleFrom(&pr, end, s.Rulebook())
}

func scheduleFrom(pr *paramset.Reader, end rules.Date, rb *rules.Rulebook) (Schedule, error) {
	cal := rb.At(end).Calendar()
	get := func(i int) (*rules.Value, error) {
		v, err := pr.Lookup(i)
		if err != nil {
			return nil, fmt.Errorf("claim: the rules in force on %s do not say: %w", end, err)
		}
		return v, nil
	}
	var vals [6]*rules.Value
	for k, i := range []int{pMonthsAfter, pSubmissionWeek, pVerificationWeek, pPaymentWeek, pMonthReading, pWeekReading} {
		v, err := get(i)
		if err != nil {
			return Schedule{}, err
		}
		vals[k] = v
	}
	dayOff := "as_is"
	if v := pr.Get(pDayOff); v != nil {
		dayOff = v.Text()
	}
	months, subWeek, verWeek, payWeek := vals[0].Int(), vals[1].Int(), vals[2].Int(), vals[3].Int()
	monthReading, weekReading := vals[4].Text(), vals[5].Text()

	var rangeErr error
	weekEnd := func(month time.Time, week int, what string) rules.Date {
		day := month.AddDate(0, 0, 7*week-1) // days_7n
		if weekReading == "calendar_weeks" {
			toSunday := (7 - int(month.Weekday())) % 7
			day = month.AddDate(0, 0, toSunday+7*(week-1))
		}
		d, err := rules.DateFromTime(day)
		if err != nil && rangeErr == nil {
			rangeErr = err
			if fe := (*rules.FieldError)(nil); errors.As(err, &fe) {
				// Name the date: not "the date" but this due date.
				cp := *fe
				cp.MessageEN = strings.Replace(fe.MessageEN, "the date", "the "+what+" of a service ending on "+end.String()+",", 1)
				rangeErr = &cp
			}
		}
		return d
	}
	y, m, d := end.Civil()
	first := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC).AddDate(0, months, 0)
	if monthReading == "one_month_after_date" {
		// One month after the day, clamped to the end of a shorter month.
		day := min(d, time.Date(first.Year(), first.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day())
		after, err := rules.DateFromTime(time.Date(first.Year(), first.Month(), day, 0, 0, 0, 0, time.UTC))
		if err != nil && rangeErr == nil {
			rangeErr = err
		}
		if weekEnd(first, subWeek, "submission due date").Before(after) {
			first = first.AddDate(0, 1, 0)
		}
	}
	sc := Schedule{
		ServiceEnd:      end,
		SubmissionMonth: first.Format("2006-01"),
		SubmissionDue:   weekEnd(first, subWeek, "submission due date"),
		VerificationDue: weekEnd(first, verWeek, "verification due date"),
		PaymentDue:      weekEnd(first.AddDate(0, 1, 0), payWeek, "payment due date"),
		Readings:        Readings{MonthAfter: monthReading, Week: weekReading, DayOff: dayOff},
		Ref:             vals[0].Ref,
	}
	if rangeErr != nil {
		return Schedule{}, causeErr("service_end", rangeErr.Error(), rangeErr)
	}
	if dayOff == "previous_working_day" {
		for _, p := range []*rules.Date{&sc.SubmissionDue, &sc.VerificationDue, &sc.PaymentDue} {
			for {
				ok, err := cal.IsWorkingDay(*p)
				if err != nil {
					return Schedule{}, fmt.Errorf("claim: %w", err)
				}
				if ok {
					break
				}
				*p = p.AddDays(-1)
			}
		}
	}
	sc.Steps = StepRefs{
		Submission:   stepRef(rb, sc.SubmissionDue, pSubmissionWeek, vals[1]),
		Verification: stepRef(rb, sc.VerificationDue, pVerificationWeek, vals[2]),
		Payment:      stepRef(rb, sc.PaymentDue, pPaymentWeek, vals[3]),
	}
	return sc, nil
}

// stepRef cites a step due on day by the value of parameter i in force
// that day, when it sets the week the step was computed with (used, of the
// service's end); else by used.
func stepRef(rb *rules.Rulebook, day rules.Date, i int, used *rules.Value) string {
	v := params.Value(rb.At(day), i)
	if v == nil || v.Int() != used.Int() {
		return used.Ref
	}
	return v.Ref
}
