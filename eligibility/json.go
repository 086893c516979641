package eligibility

import (
	"github.com/kartusehat/kartusehat/internal/jsonx"
	"github.com/kartusehat/kartusehat/rules"
)

// MarshalJSON writes the decision as encoding/json would from its field
// tags, without reflection.
func (d Decision) MarshalJSON() ([]byte, error) {
	return d.AppendJSON(make([]byte, 0, 1024+160*d.Provenance.Len())), nil
}

// AppendJSON appends the decision's JSON to b, as MarshalJSON writes it
// (without escaping <, > and &; an Encoder escapes them when told to).
func (d *Decision) AppendJSON(b []byte) []byte {
	b = append(b, `{"eligible":`...)
	if d.Eligible {
		b = append(b, "true"...)
	} else {
		b = append(b, "false"...)
	}
	if d.Basis != "" {
		b = append(b, `,"basis":`...)
		b = jsonx.AppendString(b, string(d.Basis))
	}
	b = append(b, `,"date":"`...)
	b = d.Date.AppendText(b)
	b = append(b, '"')
	if d.Instrument != "" {
		b = append(b, `,"instrument":`...)
		b = jsonx.AppendString(b, d.Instrument)
	}
	b = append(b, `,"reasons":`...)
	b = jsonx.AppendArray(b, d.Reasons, (*rules.Reason).AppendJSON)
	b = append(b, `,"warnings":`...)
	b = jsonx.AppendArray(b, d.Warnings, (*rules.Reason).AppendJSON)
	b = append(b, `,"provenance":`...)
	b = d.Provenance.AppendJSON(b)
	return append(b, '}')
}
