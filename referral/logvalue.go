package referral

import (
	"log/slog"

	"github.com/kartusehat/kartusehat/eligibility"
)

// LogValue implements slog.LogValuer: the episode with every NIK masked
// (slog's JSON handler would otherwise encode the NIK in full).
func (ep Episode) LogValue() slog.Value {
	type plain Episode
	return eligibility.LogValueMasked(plain(ep))
}

// LogValue implements slog.LogValuer: the SJP with its NIK masked.
func (j SJP) LogValue() slog.Value {
	type plain SJP
	return eligibility.LogValueMasked(plain(j))
}
