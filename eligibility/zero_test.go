package eligibility

import (
	"testing"

	"github.com/kartusehat/kartusehat/rules"
	"github.com/stretchr/testify/assert"
)

// A zero Rulebook gave a snapshot that reported itself non-zero, and Check
// on it dereferenced nil. It is refused with ErrZeroSnapshot.
func TestCheckRefusesTheZeroRulebook(t *testing.T) {
	f := &Facts{Person: Person{NIK: MustParseNIK("3275014508900001"), KK: "3275010101170001", KKCity: "3275"}}
	for name, rb := range map[string]*rules.Rulebook{"zero": {}, "nil": nil} {
		t.Run(name, func(t *testing.T) {
			_, err := Check(f, rb.At(rules.MustParseDate("2019-03-01")))
			assert.ErrorIs(t, err, rules.ErrZeroSnapshot)
		})
	}
	_, err := Check(f, rules.Snapshot{})
	assert.ErrorIs(t, err, rules.ErrZeroSnapshot)
}
