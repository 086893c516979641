// Command kartusehat answers the questions of the Kota Bekasi Jamkesda
// rules from the command line, JSON in and JSON out, so that hosts written
// in any language can call it.
//
// Usage:
//
//	kartusehat rules --date 2019-03-01 [-o json] [--ambiguities]
//	kartusehat rules --param tariff.ambulance.city [-o json]
//	kartusehat eligibility --date 2019-03-01 facts.json
//	kartusehat eligibility --batch visits.jsonl
//	kartusehat referral episode.json
//	kartusehat price --inacbg inacbg-2016.csv stay.json
//	kartusehat claim claim.json
//	kartusehat reconcile --date 2019-02-28 2019-01.csv 2019-02.csv
//	kartusehat simulate --date 2019 --reform reform.yaml --seed 1
//
//	kartusehat version
//	kartusehat serve --addr 127.0.0.1:8080
//	kartusehat completion bash|zsh|fish
//
// The conventions of every subcommand (cli.go): --help on standard
// output, one date flag (--date), one output flag (-o/--output), the
// input file as the one argument where --input exists; old flag names
// are hidden, deprecated aliases.
//
// Every subcommand takes --rules DIR to use a rulebook directory instead of
// the embedded Kota Bekasi rulebook, and --overlay FILE (repeatable) to
// apply a reform on top of it.
//
// The JSON layer every subcommand shares, and that "kartusehat serve" is
// to build on, is Engine (engine.go): one function per operation from raw
// JSON input to result or error, ErrorOf for the one error shape, and
// runBatch for JSON Lines.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"

	"github.com/kartusehat/kartusehat/rules"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

const usage = `kartusehat: the rules of Kota Bekasi's Jamkesda (Kartu Sehat berbasis NIK)

Usage:
  kartusehat rules --date DATE [-o text|json] [--ambiguities] [--wide]
      the parameters in force on DATE, with their citations
  kartusehat rules --param PATH [-o text|json]
      a parameter's history: every value it has had, from when, with its citation
  kartusehat eligibility --date DATE [FILE] [--batch] [--from fhir [--to fhir]]
      is the person the facts describe a participant? {"date", "facts"} or the facts in, the decision out
  kartusehat referral [FILE] [--batch] [--from sep]
      the pathway of an episode: {"episode", "facts"} in, eligibility and assessment out
  kartusehat price [FILE] [--inacbg TABLE.csv] [--batch]
      what Dinkes pays: the referral input plus "billing" in; eligibility, assessment and bill out
  kartusehat stay [FILE] [--inacbg TABLE.csv] [--batch]
      a stay from admission to claim: {"facts", "episode", "billing", "claim"} in; eligibility, assessment, bill and adjudication out
  kartusehat claim [check] [FILE] [--batch]
      is the claim file complete, and when is it due? a claim in, the check out
  kartusehat claim adjudicate [FILE] [--batch] [--inacbg TABLE.csv] [--from eklaim|fhir [--to eklaim|fhir]]
      a claim file in; every bill line paid, reduced or denied, and the file's amounts out
  kartusehat claim verify MONTH.jsonl [--inacbg TABLE.csv] [--budget-year Y --budget RP] [-o csv=DIR] [-o xlsx=FILE]
      a hospital's month: each file's adjudication as it is decided, then the report (Berita Acara, schedule, budget, recap)
  kartusehat claim recap FILES.jsonl [-o json|csv] [-o xlsx=FILE]
      SJP and claim files by month and service, the layout of the 2017 recap
  kartusehat reconcile --date DATE PREVIOUS CURRENT [--input-format csv|jsonl] [--allow-empty]
      the participants added and removed between two registry extracts sorted by NIK (JSON Lines)
  kartusehat version [-o text|json]   (or --version)
      the module version, the Go version and the rulebook revision
  kartusehat serve [--addr 127.0.0.1:8080] [--token-file FILE] [--watch 2s] [--log-level info]
      the same operations as a local HTTP JSON service (POST /v1/eligibility, ...)
  kartusehat simulate [--date 2019] [--reform FILE] [--seed 1] [-o text|json|csv] [-o json=FILE] [-o csv=FILE] [--chart PREFIX]
      a simulated city year under the rules and under a reform overlay: a table (or JSON, or the table as CSV) and a chart (SVG, PNG)
  kartusehat simulate sweep GRID [--seeds N] [--years 2019,2020] [--scale 1000] [--workers N] [--out DIR]
      a grid of reforms x seeds x years: the spread of each cell's cost over the seeds, ranked (JSON, CSV, chart)
  kartusehat completion bash|zsh|fish
      the shell completion script

"kartusehat COMMAND --help" (or "kartusehat help COMMAND") lists a command's
flags and its input fields.

Input is JSON, read strictly (unknown fields, trailing data and oversized
inputs are errors), from FILE (or --input FILE), or standard input. With
--batch, the input is JSON Lines (each object may carry an "id"), and the
output one line per input line: {"line", "id", "result"} or {"line", "id",
"error"}. An error is {"code", "field", "message"}, field a JSON Pointer
into the input. --from reads a hospital's format instead (E-Klaim, a
VClaim-style SEP, FHIR R4; claim verify and recap --from eklaim|fhir a month
of them), --to answers in it (README "Interop").

Exit status: 0 when every input was decided, 1 when any failed (a batch
writes a summary on standard error), 2 for a usage error.

Common flags:
  --rules DIR       load the rulebook from DIR instead of the embedded one
  --overlay FILE    apply an overlay (a reform) on top; may be repeated
  -o, --output F    the output format (each command's help lists its own)
`

// command is one subcommand.
type command struct {
	name string
	run  func(env *env, args []string) error
}

// env is what a subcommand works with.
type env struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	// stop, when not nil, stops a batch in place of SIGINT and SIGTERM
	// when it is done (tests).
	stop context.Context
	// flagSets, when not nil, collects every flag set a command makes
	// (shell completion reads the flags from them).
	flagSets *[]*flag.FlagSet
}

// batchStop is what stops a --batch run: SIGINT or SIGTERM (or e.stop).
// The batch then finishes the line in progress and writes a last line
// saying where it was cut. release gives the signals back.
func (e *env) batchStop() (ctx context.Context, release func()) {
	if e.stop != nil {
		return e.stop, func() {}
	}
	return signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
}

var commands = []command{
	{"rules", cmdRules},
	{"eligibility", opCommand("eligibility")},
	{"reconcile", cmdReconcile},
	{"referral", opCommand("referral")},
	{"price", opCommand("price")},
	{"stay", opCommand("stay")},
	{"claim", cmdClaim},
	{"version", cmdVersion},
	{"serve", cmdServe},
	{"simulate", cmdSimulate},
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runEnv(&env{stdin: stdin, stdout: stdout, stderr: stderr}, args)
}

// runEnv is run with the environment given.
func runEnv(e *env, args []string) int {
	stderr := e.stderr
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	if args[0] == "-h" || args[0] == "--help" || args[0] == "-help" || args[0] == "help" {
		if len(args) >= 2 && args[0] == "help" {
			args = append(slices.Clone(args[1:]), "--help")
		} else {
			fmt.Fprint(e.stdout, usage)
			return 0
		}
	}
	if args[0] == "--version" || args[0] == "-version" {
		args[0] = "version"
	}
	for _, c := range commands {
		if c.name == args[0] {
			return exitCode(e, c.name, c.run(e, args[1:]))
		}
	}
	fmt.Fprintf(stderr, "kartusehat: unknown command %q\nRun \"kartusehat --help\" for the commands.\n", SafeText(args[0]))
	return 2
}

// exitCode reports err and returns the exit status: 0 when all went well,
// 1 when an input (or a batch line) failed or the command could not run,
// 2 for a usage error.
func exitCode(e *env, name string, err error) int {
	var (
		ue usageError
		bf batchFailed
		sf singleFailed
	)
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(e.stderr, "kartusehat %s: %s\n", name, SafeText(ue.msg))
		if ue.usage != "" {
			fmt.Fprintf(e.stderr, "%s\nRun \"kartusehat %s --help\" for the flags.\n", SafeText(ue.usage), name)
		}
		return 2
	case errors.As(err, &bf):
		return 1 // the summary is on standard error already
	case errors.As(err, &sf):
		writeJSON(e.stdout, struct {
			Error *ErrorJSON `json:"error"`
		}{sf.e})
	}
	fmt.Fprintf(e.stderr, "kartusehat %s: %s\n", name, SafeText(err.Error()))
	return 1
}

// usageError marks an error in the command line itself; usage, when
// set, is the command's one-line usage, written after the error.
type usageError struct{ msg, usage string }

func (u usageError) Error() string { return u.msg }

// multiFlag collects a repeated string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(s string) error { *m = append(*m, s); return nil }

// bookFlags are the flags every subcommand has for choosing the rulebook.
type bookFlags struct {
	dir      string
	overlays multiFlag
}

func (b *bookFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&b.dir, "rules", "", "rulebook directory (default: the embedded Kota Bekasi rulebook)")
	fs.Var(&b.overlays, "overlay", "overlay file to apply (repeatable)")
}

func (b *bookFlags) load() (*rules.Rulebook, error) {
	var rb *rules.Rulebook
	if b.dir == "" {
		rb = rules.Default()
	} else {
		var err error
		if rb, err = rules.Load(os.DirFS(b.dir)); err != nil {
			return nil, err
		}
	}
	for _, name := range b.overlays {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		// Overlay stops reading at rules.MaxFileSize and names the limit.
		rb, err = rb.Overlay(name, f)
		f.Close()
		if err != nil {
			return nil, err
		}
	}
	return rb, nil
}

// safeWriter passes what the flag package writes (which may quote a
// flag's value) through SafeText.
type safeWriter struct{ w io.Writer }

func (s safeWriter) Write(b []byte) (int, error) {
	if _, err := io.WriteString(s.w, SafeText(string(b))); err != nil {
		return 0, err
	}
	return len(b), nil
}
