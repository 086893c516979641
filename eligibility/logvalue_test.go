package eligibility

import (
	"bytes"
	"log/slog"
	"regexp"
	"testing"

	"github.com/kartusehat/kartusehat/rules"
	"github.com/stretchr/testify/assert"
)

// TestLogValueMasksNIK: every type that holds a NIK logs it masked, with
// slog's JSON and text handlers (the JSON handler encoded it in full).
func TestLogValueMasksNIK(t *testing.T) {
	nik := MustParseNIK("3275014508900001")
	facts := Facts{
		Person: Person{NIK: nik, KK: "3275010101170001", Registry: Registry{Status: Living}},
		Documents: Documents{
			Card:  &Card{NIKs: []NIK{nik}, KK: "3275010101170001", ValidThrough: rules.MustParseDate("2019-12-31")},
			EKTP:  &EKTP{NIK: nik, Recorded: true},
			Birth: &BirthProof{Kind: "birth_letter", ParentNIK: nik, Date: rules.MustParseDate("2019-01-01")},
		},
	}
	values := []any{facts, &facts, facts.Person, *facts.Documents.Card, *facts.Documents.EKTP, *facts.Documents.Birth, facts.Documents,
		Record{NIK: nik, Status: StatusResident}, Change{Kind: Added, NIK: nik}}
	full := regexp.MustCompile(`[0-9]{16}`)
	for _, v := range values {
		var buf bytes.Buffer
		slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "v", v)
		slog.New(slog.NewTextHandler(&buf, nil)).Info("x", "v", v)
		assert.NotRegexp(t, full, buf.String(), "%T", v)
		assert.Contains(t, buf.String(), "3275**********01", "%T", v)
	}
}
