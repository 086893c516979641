package eligibility

import (
	"encoding/json"
	"log/slog"

	"github.com/kartusehat/kartusehat/internal/mask"
)

// MaskedJSON is a value's JSON with every run of 16 or more digits (every
// NIK, whatever field it is in) masked as a NIK prints: 3275**********01.
// It logs as that JSON with slog's JSON handler and as text with the text
// handler.
type MaskedJSON []byte

// MarshalJSON implements json.Marshaler.
func (m MaskedJSON) MarshalJSON() ([]byte, error) { return m, nil }

// String returns the masked JSON as text.
func (m MaskedJSON) String() string { return string(m) }

// LogValueMasked is the slog.Value of v for the LogValue methods of the
// types that hold a NIK: v's JSON with every NIK-like run of digits
// masked. A value that cannot be encoded logs as a placeholder.
func LogValueMasked(v any) slog.Value {
	b, err := json.Marshal(v)
	if err != nil {
		return slog.StringValue("(unloggable value)")
	}
	// Every form of a NIK a person types (dashes, spaces, full-width
	// digits) is masked, by rune (mask.Digits). A mask that leaves
	// no valid JSON (a long JSON number) logs as text.
	masked := mask.Digits(string(b))
	if !json.Valid([]byte(masked)) {
		return slog.StringValue(masked)
	}
	return slog.AnyValue(MaskedJSON(masked))
}

// The types that hold a NIK log it masked (slog.LogValuer): slog's JSON
// handler would otherwise encode the NIK in full through its JSON form.

// LogValue implements slog.LogValuer: the facts with every NIK masked.
func (f Facts) LogValue() slog.Value { type plain Facts; return LogValueMasked(plain(f)) }

// LogValue implements slog.LogValuer: the person with every NIK masked.
func (p Person) LogValue() slog.Value { type plain Person; return LogValueMasked(plain(p)) }

// LogValue implements slog.LogValuer: the documents with every NIK masked.
func (d Documents) LogValue() slog.Value { type plain Documents; return LogValueMasked(plain(d)) }

// LogValue implements slog.LogValuer: the card with every NIK masked.
func (c Card) LogValue() slog.Value { type plain Card; return LogValueMasked(plain(c)) }

// LogValue implements slog.LogValuer: the e-KTP with its NIK masked.
func (e EKTP) LogValue() slog.Value { type plain EKTP; return LogValueMasked(plain(e)) }

// LogValue implements slog.LogValuer: the birth proof with the parent's
// NIK masked.
func (b BirthProof) LogValue() slog.Value { type plain BirthProof; return LogValueMasked(plain(b)) }

// LogValue implements slog.LogValuer: the record with its NIK masked.
func (r Record) LogValue() slog.Value { type plain Record; return LogValueMasked(plain(r)) }

// LogValue implements slog.LogValuer: the change with its NIK masked.
func (c Change) LogValue() slog.Value { type plain Change; return LogValueMasked(plain(c)) }
