package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runError runs a single input and returns its error object (nil on
// success).
func runError(t *testing.T, in string, args ...string) *wireErr {
	t.Helper()
	code, out, errOut := runCmd(t, in, args...)
	if code == 0 {
		return nil
	}
	require.Equal(t, 1, code, errOut)
	var got struct{ Error *wireErr }
	require.NoError(t, json.Unmarshal([]byte(out), &got), out+errOut)
	return got.Error
}

// TestFarDates: dates the rulebook cannot speak for are errors that say
// so and name the range, never a panic (each of these panicked before).
func TestFarDates(t *testing.T) {
	episode := compact(t, "episode-idul-fitri.json")
	stay := compact(t, "stay-rsud.json")
	tests := []struct {
		name, cmd, in string
		want          wireErr
	}{
		{"admission in year 0000", "referral", strings.Replace(episode, "2019-05-31T10:00:00+07:00", "0000-06-01T10:00:00+07:00", 1),
			errJSON(CodeOutOfRange, "/episode/admission", "the date 0000-06-01 is outside the range the rules can speak for, 0001-01-01 to 9999-12-31")},
		{"price in year 0000", "price", strings.Replace(stay, "2019-03-04T10:00:00+07:00", "0000-03-04T10:00:00+07:00", 1),
			errJSON(CodeOutOfRange, "/episode/admission", "the date 0000-03-04 is outside the range the rules can speak for, 0001-01-01 to 9999-12-31")},
		{"claim ending late in 9999", "claim", `{"service_end": "9999-12-31", "membership": "card", "documents": []}`,
			errJSON(CodeOutOfRange, "/service_end", "the submission due date of a service ending on 9999-12-31, 10000-01-14 is outside the range the rules can speak for, 0001-01-01 to 9999-12-31")},
		{"working days in a year without a calendar", "referral", strings.Replace(strings.Replace(episode, "2019-05-31T10:00:00+07:00", "5000-05-31T10:00:00+07:00", 1), `"date":"2019-05-31"`, `"date":"5000-05-31"`, 1),
			errJSON(CodeNoRules, "/episode/admission", "no holiday calendar for 5000: add the year's holidays (its SKB) to the rulebook")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runError(t, strings.Replace(tt.in, `"as_of":"2019-06-05T09:00:00+07:00"`, `"as_of":"2019-06-05T09:00:00+07:00"`, 1), tt.cmd)
			require.NotNil(t, got)
			assert.Equal(t, tt.want, got.en())
		})
	}

	// The library entry points: typed errors, no panic.
	rb := rules.Default()
	_, err := rules.DateFromTime(time.Date(0, 6, 1, 0, 0, 0, 0, time.UTC))
	assert.ErrorIs(t, err, rules.ErrOutOfRange)
	_, err = referral.WorkingDeadline(rb.Calendar(), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), 3, "working_days_end_of_day")
	assert.ErrorIs(t, err, rules.ErrOutOfRange)
	_, err = referral.WorkingDeadline(rules.Snapshot{}.Calendar(), time.Date(2019, 1, 2, 0, 0, 0, 0, time.UTC), 3, "working_days_end_of_day")
	assert.ErrorIs(t, err, rules.ErrZeroSnapshot)
	_, err = claim.Check(&claim.Claim{ServiceEnd: rules.LastDate, Membership: "card"}, rb.At(rules.LastDate))
	assert.ErrorIs(t, err, rules.ErrOutOfRange)
}

// TestZeroSnapshot: every decision entry point refuses the zero Snapshot.
func TestZeroSnapshot(t *testing.T) {
	var zero rules.Snapshot
	f := &eligibility.Facts{}
	_, err := eligibility.Check(f, zero)
	assert.ErrorIs(t, err, rules.ErrZeroSnapshot)
	ep := &referral.Episode{Facility: "rs-ananda", CareType: referral.Outpatient, Admission: time.Date(2019, 3, 4, 9, 0, 0, 0, time.UTC)}
	assert.ErrorIs(t, ep.Validate(zero), rules.ErrZeroSnapshot)
	_, err = referral.Assess(ep, &eligibility.Decision{}, zero)
	assert.ErrorIs(t, err, rules.ErrZeroSnapshot)
	_, err = tariff.Price(&tariff.Episode{}, &referral.Assessment{}, zero, nil)
	assert.ErrorIs(t, err, rules.ErrZeroSnapshot)
	_, err = claim.Check(&claim.Claim{ServiceEnd: rules.MustParseDate("2019-03-20"), Membership: "card"}, zero)
	assert.ErrorIs(t, err, rules.ErrZeroSnapshot)
	assert.Empty(t, zero.Values())
	assert.False(t, zero.Calendar().Covers(2019))
}

// TestBeyondTheRulebook: a date after the last the rulebook knows of is
// decided with a warning, not silently.
func TestBeyondTheRulebook(t *testing.T) {
	last := rules.Default().KnownThrough()
	assert.Equal(t, "2026-12-31", last.String(), "the embedded rulebook's last holiday year")
	facts := compact(t, "facts-card-holder.json")
	for _, tt := range []struct {
		cmd, in string
		warn    bool
	}{
		{"eligibility", `{"date": "2040-01-02", "facts": ` + facts + `}`, true},
		{"eligibility", `{"date": "2026-12-31", "facts": ` + facts + `}`, false},
		{"claim", `{"service_end": "2040-01-02", "membership": "card", "documents": []}`, true},
		{"claim", `{"service_end": "2019-03-20", "membership": "card", "documents": []}`, false},
	} {
		code, out, errOut := runCmd(t, tt.in, tt.cmd)
		require.Equal(t, 0, code, errOut)
		var res struct {
			Warnings []rules.Reason `json:"warnings"`
		}
		require.NoError(t, json.Unmarshal([]byte(out), &res))
		found := false
		for _, w := range res.Warnings {
			if w.Code == "rules_as_last_known" {
				found = true
				assert.Contains(t, w.EN, "decided on the rules as last known on 2026-12-31")
				assert.Equal(t, "Perda 9/2018", w.Ref)
			}
		}
		assert.Equal(t, tt.warn, found, tt.in)
	}
}

// TestMoneyLimits: amounts and quantities are bounded where they enter
// and the total is checked where it is summed: a field error, never a
// wrapped-around total (price of a blood bag at 1e30 gave a negative
// total before).
func TestMoneyLimits(t *testing.T) {
	stay := compact(t, "stay-rsud.json")
	table := "../../examples/testdata/inacbg-synthetic.csv"
	insidental := strings.Replace(stay, `"inacbg":"K-1-17-I",`, `"insidental":{"services":["icu"],"lines":[{"description":"a","amount":"5000000000000000000"},{"description":"b","amount":"5000000000000000000"}]},"inacbg":"K-1-17-I",`, 1)
	tests := []struct {
		name, in string
		want     wireErr
	}{
		{"unit price 1e30", strings.Replace(stay, `"unit_price":"360000"`, `"unit_price":"1e30"`, 1),
			errJSON(CodeOutOfRange, "/billing/items/1/unit_price", "the amount is more than Rp 1,000,000,000,000, the limit for an amount (MaxAmount)")},
		{"two lines of 5e18", insidental,
			errJSON(CodeOutOfRange, "/billing/insidental/lines/0/amount", "the amount is more than Rp 1,000,000,000,000, the limit for an amount (MaxAmount)")},
		{"quantity over the limit", strings.Replace(stay, `"quantity":2,"unit_price"`, `"quantity":100001,"unit_price"`, 1),
			errJSON(CodeOutOfRange, "/billing/items/1/quantity", "quantity 100001 is more than 100000, the limit (MaxQuantity)")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := runError(t, tt.in, "price", "--inacbg", table)
			require.NotNil(t, got)
			assert.Equal(t, tt.want, got.en())
		})
	}

	// A fee an overlay sets too high is caught where it is summed.
	dir := t.TempDir()
	ov := filepath.Join(dir, "fee.yaml")
	require.NoError(t, os.WriteFile(ov, []byte("rulebook: {name: fee}\nparameters:\n  tariff:\n    ambulance:\n      city:\n        values: {2019-01-01: {value: 100000000000000000000000, ref: 'Juknis 440/Kep.21/2017 IV.d.3'}}\n"), 0o644))
	got := runError(t, stay, "price", "--inacbg", table, "--overlay", ov)
	require.NotNil(t, got)
	assert.Equal(t, CodeOutOfRange, got.Code)
	assert.Equal(t, "/billing/items/0", got.Field)
	assert.Contains(t, got.Message, "the limit for an amount (MaxAmount)")

	// Many lines at the limit: the total stays exact, and the lines add
	// up to it.
	var items []string
	for range 20 {
		items = append(items, `{"kind": "blood_bag", "quantity": 1000, "unit_price": "1000000000000"}`)
	}
	many := strings.Replace(stay, `"items":[`, `"items":[`+strings.Join(items, ",")+",", 1)
	got = runError(t, many, "price", "--inacbg", table)
	require.NotNil(t, got)
	assert.Equal(t, errJSON(CodeOutOfRange, "/billing/items/0/unit_price", "the bill's total would pass Rp 1,000,000,000,000,000, the limit (MaxTotal)"), got.en())
}

// TestInconsistentInputs: inputs that contradict themselves are refused
// with a field error.
func TestInconsistentInputs(t *testing.T) {
	dir := t.TempDir()
	full := filepath.Join(dir, "full.csv")
	headerOnly := filepath.Join(dir, "header.csv")
	headerless := filepath.Join(dir, "headerless.csv")
	require.NoError(t, os.WriteFile(full, []byte("nik,status\n3275014508900001,resident\n"), 0o644))
	require.NoError(t, os.WriteFile(headerOnly, []byte("nik,status\n"), 0o644))
	require.NoError(t, os.WriteFile(headerless, []byte("3275014508900001,resident\n"), 0o644))

	code, out, errOut := runCmd(t, "", "reconcile", "--date", "2019-02-28", "--previous", full, "--current", headerOnly)
	assert.Equal(t, 1, code)
	assert.Empty(t, out, "nothing is written before the empty extract is refused")
	assert.Contains(t, errOut, "header.csv has no rows: every participant of the other extract would change; pass --allow-empty if that is intended")

	code, out, errOut = runCmd(t, "", "reconcile", "--date", "2019-02-28", "--previous", full, "--current", headerOnly, "--allow-empty")
	assert.Equal(t, 0, code, errOut)
	assert.Contains(t, out, `"change":"removed"`)

	code, _, errOut = runCmd(t, "", "reconcile", "--date", "2019-02-28", "--previous", headerless, "--current", full)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "headerless.csv:1: the first line must be a header")
	assert.NotRegexp(t, fullNIK, errOut)
}

// TestOverlayLimit: an overlay over its size limit is refused, naming the
// limit, without reading it all.
func TestOverlayLimit(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.yaml")
	require.NoError(t, os.WriteFile(big, []byte("# "+strings.Repeat("x", rules.MaxFileSize)+"\n"), 0o644))
	code, _, errOut := runCmd(t, "", "rules", "--date", "2019-03-01", "--overlay", big)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "big.yaml: the overlay is larger than 4194304 bytes, the limit rules.MaxFileSize")
}
