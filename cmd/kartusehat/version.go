package main

import (
	"encoding/json"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/kartusehat/kartusehat/rules"
)

// versionInfo is what "kartusehat version" reports: the module's version
// (from the build information; "(devel)" for a build from a checkout), the
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
	v := versionInfo{Module: "github.com/kartusehat/kartusehat", Version: "(unknown)", Go: runtime.Version(),
		Rulebook: rb.Name(), RulebookRevision: rb.Revision()}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Path != "" {
			v.Module = bi.Main.Path
		}
		if bi.Main.Version != "" {
			v.Version = bi.Main.Version
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
	asJSON := fs.Bool("json", false, "write JSON")
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: kartusehat version [--json] [--rules DIR] [--overlay FILE]\n\nThe module version, the Go version and the rulebook revision.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	rb, err := bf.load()
	if err != nil {
		return err
	}
	v := buildVersion(rb)
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	fmt.Fprintf(e.stdout, "kartusehat %s", v.Version)
	if v.VCSRevision != "" {
		fmt.Fprintf(e.stdout, " (%s)", v.VCSRevision)
	}
	fmt.Fprintf(e.stdout, "\n%s\nrulebook %s\nrevision %s\n", v.Go, v.Rulebook, v.RulebookRevision)
	return nil
}
