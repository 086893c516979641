package main

import (
	"flag"
	"slices"
	"strings"

	"github.com/kartusehat/kartusehat"
)

// formatFlags are --from and --to: the input in a hospital's own format
// (E-Klaim, FHIR R4, a VClaim-style SEP) instead of the project's JSON,
// and the answer in FHIR R4 or E-Klaim's vocabulary (kartusehat.OpFrom).
type formatFlags struct {
	from, to string
}

// register registers --from and --to on fs for op, naming the formats
// the library reads and writes for it; a month (claim verify) has --from
// only.
func (f *formatFlags) register(fs *flag.FlagSet, op *Op) {
	if op == verifyOp {
		fs.StringVar(&f.from, "from", "", "the claim files' format, one a line: eklaim (E-Klaim records) or fhir (FHIR R4 Claims); "+
			"default: the project's JSON")
		return
	}
	formats := kartusehat.Formats(op)
	from := make([]string, 0, len(formats))
	var to []string
	for k, v := range formats {
		from = append(from, k)
		for _, t := range v {
			if !slices.Contains(to, t) {
				to = append(to, t)
			}
		}
	}
	if len(from) == 0 {
		return
	}
	slices.Sort(from)
	slices.Sort(to)
	fs.StringVar(&f.from, "from", "", "the input's format: "+strings.Join(from, " or ")+" ("+fromHelp(from)+"); default: the project's JSON")
	if len(to) > 0 {
		fs.StringVar(&f.to, "to", "", "the answer's format: "+strings.Join(to, " or ")+" (with --from of the same format); default: the project's JSON")
	}
}

// fromHelp says what each input format is.
func fromHelp(from []string) string {
	what := map[string]string{
		kartusehat.FormatEKlaim: "an E-Klaim set_claim_data record with the grouper's result and the jamkesda supplement",
		kartusehat.FormatFHIR:   "a FHIR R4 resource",
		kartusehat.FormatSEP:    `{"id", "t_sep", "jamkesda", "facts"}, a VClaim-style SEP with its referral`,
	}
	out := make([]string, len(from))
	for i, f := range from {
		out[i] = f + ": " + what[f]
	}
	return strings.Join(out, "; ")
}

// op is the operation that reads --from and answers --to, or a usage
// error naming the combinations there are.
func (f *formatFlags) op(fs *flag.FlagSet, op *Op) (*Op, error) {
	o, err := kartusehat.OpFrom(op, f.from, f.to)
	if err != nil {
		return nil, usageError{msg: formatUsage(f, ErrorOf(err).MessageEN), usage: synopsis(fs)}
	}
	return o, nil
}

// formatUsage is the usage error of a --from/--to the operation lacks.
func formatUsage(f *formatFlags, msg string) string {
	var given []string
	if f.from != "" {
		given = append(given, "--from "+f.from)
	}
	if f.to != "" {
		given = append(given, "--to "+f.to)
	}
	return strings.Join(given, " ") + ": " + msg
}

// monthFrom checks --from of a month (claim verify).
func (f *formatFlags) monthFrom(fs *flag.FlagSet) error {
	switch f.from {
	case "", kartusehat.FormatEKlaim, kartusehat.FormatFHIR:
		return nil
	}
	return usageError{msg: "--from " + f.from + ": the claim files of a month are the project's JSON, eklaim or fhir", usage: synopsis(fs)}
}
