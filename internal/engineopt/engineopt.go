// Package engineopt holds the settings of the root package's Engine that
// only the command line and the server make: a hook the root package
// sets when it is initialised, so that they stay off its public surface.
package engineopt

import "github.com/kartusehat/kartusehat/eligibility"

// FactsInline are the facts given at the top level of an eligibility
// input instead of under "facts": the root package's input embeds them
// under this name (an embedded field takes its type's name).
type FactsInline = eligibility.Facts

// SetDateSetting names the host's own setting of the engine's date (the
// CLI's "--date") in the error of an eligibility input without a date.
// e is a *kartusehat.Engine; the root package sets the hook.
var SetDateSetting func(e any, name string)
