package referral

import (
	"encoding/json"
	"time"

	"github.com/kartusehat/kartusehat/internal/jsonx"
	"github.com/kartusehat/kartusehat/rules"
)

// MarshalJSON writes the assessment as encoding/json would from its field
// tags, without reflection.
func (a Assessment) MarshalJSON() ([]byte, error) {
	return a.AppendJSON(make([]byte, 0, 1024+160*a.Provenance.Len()))
}

// AppendJSON appends the assessment's JSON to b, as MarshalJSON writes it
// (without escaping <, > and &; an Encoder escapes them when told to). It
// fails only on a deadline whose year is outside 0-9999, as encoding/json
// does.
func (a *Assessment) AppendJSON(b []byte) ([]byte, error) {
	b = append(b, `{"covered":`...)
	if a.Covered {
		b = append(b, "true"...)
	} else {
		b = append(b, "false"...)
	}
	b = append(b, `,"payer":`...)
	b = jsonx.AppendString(b, string(a.Payer))
	b = append(b, `,"date":"`...)
	b = a.Date.AppendText(b)
	b = append(b, `","reasons":`...)
	b = jsonx.AppendArray(b, a.Reasons, (*rules.Reason).AppendJSON)
	b = append(b, `,"missing":`...)
	b = jsonx.AppendArray(b, a.Missing, (*rules.Reason).AppendJSON)
	b = append(b, `,"deadlines":`...)
	if a.Deadlines == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i := range a.Deadlines {
			if i > 0 {
				b = append(b, ',')
			}
			var err error
			if b, err = a.Deadlines[i].appendJSON(b); err != nil {
				return nil, err
			}
		}
		b = append(b, ']')
	}
	b = append(b, `,"warnings":`...)
	b = jsonx.AppendArray(b, a.Warnings, (*rules.Reason).AppendJSON)
	b = append(b, `,"breaches":`...)
	b = jsonx.AppendArray(b, a.Breaches, (*Breach).appendJSON)
	b = append(b, `,"provenance":`...)
	b = a.Provenance.AppendJSON(b)
	return append(b, '}'), nil
}

func (br *Breach) appendJSON(b []byte) []byte {
	b = br.Reason.AppendJSON(b)
	b = b[:len(b)-1] // the reason's fields, then the breach's own
	b = append(b, `,"sanctions":`...)
	b = jsonx.AppendArray(b, br.Sanctions, appendString)
	if br.SanctionRef != "" {
		b = append(b, `,"sanction_ref":`...)
		b = jsonx.AppendString(b, br.SanctionRef)
	}
	return append(b, '}')
}

func (d *Deadline) appendJSON(b []byte) ([]byte, error) {
	b = append(b, `{"code":`...)
	b = jsonx.AppendString(b, d.Code)
	b = append(b, `,"message":`...)
	b = jsonx.AppendString(b, d.ID)
	b = append(b, `,"message_en":`...)
	b = jsonx.AppendString(b, d.EN)
	b = append(b, `,"due":`...)
	var err error
	if b, err = appendTime(b, d.Due); err != nil {
		return nil, err
	}
	if !d.Done.IsZero() {
		b = append(b, `,"done":`...)
		if b, err = appendTime(b, d.Done); err != nil {
			return nil, err
		}
	}
	b = append(b, `,"status":`...)
	b = jsonx.AppendString(b, string(d.Status))
	b = append(b, `,"ref":`...)
	b = jsonx.AppendString(b, d.Ref)
	return append(b, '}'), nil
}

// appendTime writes t as time.Time's MarshalJSON does.
func appendTime(b []byte, t time.Time) ([]byte, error) {
	if y := t.Year(); y < 0 || y > 9999 {
		_, err := json.Marshal(t) // the error encoding/json gives
		return nil, err
	}
	b = append(b, '"')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '"'), nil
}

func appendString(s *string, b []byte) []byte { return jsonx.AppendString(b, *s) }
