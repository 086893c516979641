package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/kartusehat/kartusehat/rules"
)

// Version is the module's version, reported when the build information
// has none: a build from a clone ("go build", "go run", "go install
// ./cmd/kartusehat") says "(devel)", a "go install ...@VERSION" the tag.
// Raise it with each release, as CHANGELOG.md's newest section names.
const Version = "v0.1.0"

// versionInfo is what "kartusehat version" reports: the module's version
// (from the build information; for a build from a checkout, which has none,
// Version with "-devel"), the
// Go version it was built with, and the revision of the rulebook in use.
type versionInfo struct {
	Module           string `json:"module"`
	Version          string `json:"version"`
	VCSRevision      string `json:"vcs_revision,omitempty"`
	Go               string `json:"go"`
	Rulebook         string `json:"rulebook"`
	RulebookRevision string `json:"rulebook_revision"`
}

// buildVersion reads the build information and the rulebook's revision.
func buildVersion(rb *rules.Rulebook) versionInfo {
	v := versionInfo{Module: "github.com/kartusehat/kartusehat", Version: Version + "-devel", Go: runtime.Version(),
		Rulebook: rb.Name(), RulebookRevision: rb.Revision()}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Path != "" {
			v.Module = bi.Main.Path
		}
		if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v.Version = bi.Main.Version
		} else {
			v.Version = Version + "-devel"
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				v.VCSRevision = s.Value
			}
		}
	}
	return v
}

func cmdVersion(e *env, args []string) error {
	fs := newFlagSet("version", e)
	var bf bookFlags
	bf.register(fs)
	out := outputOf(fs, []string{"text", "json"}, nil)
	boolAlias(fs, e, "json", "output", "json")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: kartusehat version [-o text|json] [--rules DIR] [--overlay FILE]\n\nThe module version, the Go version and the rulebook revision.\n\nFlags:\n")
		printDefaults(fs)
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	rb, err := bf.load()
	if err != nil {
		return err
	}
	v := buildVersion(rb)
	if out.format("text") == "json" {
		return writeJSON(e.stdout, v)
	}
	fmt.Fprintf(e.stdout, "kartusehat %s", v.Version)
	if v.VCSRevision != "" {
		fmt.Fprintf(e.stdout, " (%s)", v.VCSRevision)
	}
	fmt.Fprintf(e.stdout, "\n%s\nrulebook %s\nrevision %s\n", v.Go, v.Rulebook, v.RulebookRevision)
	return nil
}
