package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
)

// The command-line conventions every subcommand shares (issue #18, with
// OPA and kubectl as the models):
//
//   - help (--help, -h, "kartusehat help CMD") goes to standard output and
//     exits 0;
//   - a flag error is stated once on standard error, with the command's
//     one-line usage and a pointer to --help, and exits 2;
//   - one date flag, --date; one output flag, -o/--output FORMAT[=FILE];
//   - old flag names stay as hidden, deprecated aliases: they still work,
//     and say once on standard error what replaces them.

// deprecatedPrefix starts the usage text of a deprecated alias: the help
// does not list such flags.
const deprecatedPrefix = "DEPRECATED: "

// aliasFlag is a deprecated flag name that sets another flag: old names
// keep working while the help shows the new ones.
type aliasFlag struct {
	fs      *flag.FlagSet
	stderr  io.Writer
	old     string
	target  string
	isBool  bool
	convert func(string) string // the value given to the target; nil: the same
	noted   bool
}

func (a *aliasFlag) String() string   { return "" }
func (a *aliasFlag) IsBoolFlag() bool { return a.isBool }

func (a *aliasFlag) Set(s string) error {
	if !a.noted {
		a.noted = true
		fmt.Fprintf(a.stderr, "kartusehat: --%s is deprecated; use %s\n", a.old, a.replacement(s))
	}
	if a.isBool && s == "false" {
		return nil
	}
	v := s
	if a.convert != nil {
		v = a.convert(s)
	}
	return a.fs.Set(a.target, v)
}

// replacement names what to write instead of --old s.
func (a *aliasFlag) replacement(s string) string {
	name := "--" + a.target
	if a.target == "output" {
		name = "-o"
	}
	if a.convert != nil {
		return name + " " + a.convert(s)
	}
	return name
}

// alias registers old as a hidden, deprecated alias of the flag target
// (which must be registered already); convert, when not nil, turns the
// alias's value into the target's.
func alias(fs *flag.FlagSet, e *env, old, target string, convert func(string) string) {
	fs.Var(&aliasFlag{fs: fs, stderr: e.stderr, old: old, target: target, convert: convert}, old,
		deprecatedPrefix+"use --"+target)
}

// boolAlias registers a deprecated boolean flag (such as --json) that
// sets target to value.
func boolAlias(fs *flag.FlagSet, e *env, old, target, value string) {
	fs.Var(&aliasFlag{fs: fs, stderr: e.stderr, old: old, target: target, isBool: true,
		convert: func(string) string { return value }}, old, deprecatedPrefix+"use --"+target+" "+value)
}

// printDefaults writes fs's flags as flag.PrintDefaults does, without the
// deprecated aliases and without -o (listed as --output).
func printDefaults(fs *flag.FlagSet) {
	shown := flag.NewFlagSet(fs.Name(), flag.ContinueOnError)
	shown.SetOutput(fs.Output())
	fs.VisitAll(func(f *flag.Flag) {
		if strings.HasPrefix(f.Usage, deprecatedPrefix) || f.Name == "o" {
			return
		}
		shown.Var(f.Value, f.Name, wrap(f.Usage, 88, 0))
		shown.Lookup(f.Name).DefValue = f.DefValue
	})
	shown.PrintDefaults()
}

// visibleFlags lists the names of fs's flags the help shows (for shell
// completion).
func visibleFlags(fs *flag.FlagSet) []string {
	var out []string
	fs.VisitAll(func(f *flag.Flag) {
		if !strings.HasPrefix(f.Usage, deprecatedPrefix) {
			out = append(out, f.Name)
		}
	})
	return out
}

// outputFlag is -o/--output: FORMAT (written on standard output) or
// FORMAT=FILE (written to FILE), repeatable where a command writes
// several things.
type outputFlag struct {
	formats []string          // the formats the command writes on standard output
	files   []string          // the formats it can write to a file
	stdout  string            // the format on standard output ("" until set)
	dest    map[string]string // format -> file
}

func (o *outputFlag) String() string {
	if o == nil {
		return ""
	}
	return o.stdout
}

func (o *outputFlag) Set(s string) error {
	format, file, toFile := strings.Cut(s, "=")
	switch {
	case toFile && file == "":
		return fmt.Errorf("%q: the file after = is missing", s)
	case toFile && !slices.Contains(o.files, format):
		if len(o.files) == 0 {
			return fmt.Errorf("%q: this command writes on standard output only (%s)", s, strings.Join(o.formats, ", "))
		}
		return fmt.Errorf("%q: the formats written to a file are %s", s, strings.Join(o.files, ", "))
	case toFile:
		if o.dest == nil {
			o.dest = map[string]string{}
		}
		o.dest[format] = file
	case !slices.Contains(o.formats, format):
		return fmt.Errorf("%q: one of %s", s, strings.Join(o.formats, ", "))
	default:
		o.stdout = format
	}
	return nil
}

// format is the format for standard output: the one given, else def.
func (o *outputFlag) format(def string) string {
	if o.stdout == "" {
		return def
	}
	return o.stdout
}

// file is the file the format goes to, "" for none.
func (o *outputFlag) file(format string) string { return o.dest[format] }

// outputOf registers -o and --output on fs. formats are the formats
// written on standard output (the first the default), files those that
// may be written to a file as FORMAT=FILE.
func outputOf(fs *flag.FlagSet, formats, files []string) *outputFlag {
	o := &outputFlag{formats: formats, files: files}
	use := "output format, -o for short: " + strings.Join(formats, ", ")
	if len(files) > 0 {
		use += "; or FORMAT=FILE to write " + strings.Join(files, ", ") + " to a file (repeatable)"
	}
	fs.Var(o, "output", use+" (default "+formats[0]+")")
	fs.Var(o, "o", "the same as --output")
	return o
}

// newFlagSet makes a subcommand's flag set. Its output (the help) is
// standard output; a flag error is returned, not printed (parseFlags).
func newFlagSet(name string, e *env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(safeWriter{e.stdout})
	if e.flagSets != nil {
		*e.flagSets = append(*e.flagSets, fs)
	}
	return fs
}

// parseFlags parses args, with no positional argument allowed.
func parseFlags(fs *flag.FlagSet, args []string) error {
	return parseFlagsInput(fs, args, nil)
}

// parseFlagsInput parses args. With input not nil, one positional
// argument is allowed and names the input file (as --input does).
func parseFlagsInput(fs *flag.FlagSet, args []string, input *string) error {
	most := 0
	if input != nil {
		most = 1
	}
	rest, err := parseFlagsArgs(fs, args, most)
	if err != nil || len(rest) == 0 {
		return err
	}
	if *input != "" && *input != "-" {
		return usageError{msg: fmt.Sprintf("the input is given twice: %q by a flag and %q as an argument", SafeText(*input), SafeText(rest[0])), usage: synopsis(fs)}
	}
	*input = rest[0]
	return nil
}

// parseFlagsArgs parses args and returns the positional arguments, at
// most most of them. --help writes the help on fs's output and returns
// flag.ErrHelp; a flag error is a usageError carrying the command's
// one-line usage (the flag package itself prints nothing).
func parseFlagsArgs(fs *flag.FlagSet, args []string, most int) ([]string, error) {
	usage, out := fs.Usage, fs.Output()
	fs.Usage = func() {}
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	fs.Usage = usage
	fs.SetOutput(out)
	if errors.Is(err, flag.ErrHelp) {
		fs.Usage()
		return nil, err
	}
	if err != nil {
		return nil, usageError{msg: err.Error(), usage: synopsis(fs)}
	}
	if fs.NArg() > most {
		return nil, usageError{msg: fmt.Sprintf("unexpected argument %q", fs.Arg(most)), usage: synopsis(fs)}
	}
	return fs.Args(), nil
}

// synopsis is the first line of fs's help: "Usage: kartusehat ...".
func synopsis(fs *flag.FlagSet) string {
	var b bytes.Buffer
	out := fs.Output()
	fs.SetOutput(&b)
	fs.Usage()
	fs.SetOutput(out)
	line, _, _ := strings.Cut(b.String(), "\n")
	return strings.TrimSpace(line)
}
