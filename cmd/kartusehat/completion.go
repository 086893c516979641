package main

import (
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
)

// subcommands are the subcommands of the commands that have them (the
// first, for claim, is the default).
var subcommands = map[string][]string{
	"claim":    {"check", "adjudicate", "verify", "recap"},
	"simulate": {"sweep"},
}

// completionCommands is the command table as completion sees it: each
// command, or "command sub", with its flags (deprecated aliases left
// out), read from the flag sets the commands make when asked for their
// help, so that it cannot drift from the code.
func completionCommands() (names []string, flags map[string][]string) {
	flags = map[string][]string{}
	collect := func(key string, args ...string) {
		var sets []*flag.FlagSet
		e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard, flagSets: &sets}
		runEnv(e, append(args, "--help"))
		seen := map[string]bool{}
		var out []string
		for _, fs := range sets {
			for _, name := range visibleFlags(fs) {
				if !seen[name] {
					seen[name] = true
					out = append(out, name)
				}
			}
		}
		sort.Strings(out)
		flags[key] = out
	}
	for _, c := range commands {
		if c.name == "completion" {
			continue
		}
		names = append(names, c.name)
		collect(c.name, c.name)
		for _, sub := range subcommands[c.name] {
			collect(c.name+" "+sub, c.name, sub)
		}
	}
	names = append(names, "completion", "help")
	return names, flags
}

// dashed writes each flag name as the help shows it, "--name" ("-o" for
// o).
func dashed(names []string) string {
	out := make([]string, len(names))
	for i, n := range names {
		if len(n) == 1 {
			out[i] = "-" + n
		} else {
			out[i] = "--" + n
		}
	}
	return strings.Join(out, " ")
}

// sortedKeys returns m's keys in order.
func sortedKeys(m map[string][]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// writeBashCompletion writes the bash completion script.
func writeBashCompletion(w io.Writer) {
	names, flags := completionCommands()
	fmt.Fprintf(w, `# bash completion for kartusehat. Load it with:
#   source <(kartusehat completion bash)
_kartusehat() {
    local cur="${COMP_WORDS[COMP_CWORD]}"
    if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=($(compgen -W %q -- "$cur"))
        return
    fi
    local key="${COMP_WORDS[1]}"
    case "$key" in
`, strings.Join(names, " "))
	for _, c := range sortedKeys(subcommands) {
		fmt.Fprintf(w, `        %s)
            if [ "$COMP_CWORD" -eq 2 ] && [[ "$cur" != -* ]]; then
                COMPREPLY=($(compgen -W %q -- "$cur"))
                return
            fi
            case "${COMP_WORDS[2]}" in
                %s) key="$key ${COMP_WORDS[2]}" ;;
            esac
            ;;
`, c, strings.Join(subcommands[c], " "), strings.Join(subcommands[c], "|"))
	}
	fmt.Fprintf(w, "        completion)\n            COMPREPLY=($(compgen -W \"bash zsh fish\" -- \"$cur\"))\n            return\n            ;;\n")
	fmt.Fprintf(w, "        help)\n            COMPREPLY=($(compgen -W %q -- \"$cur\"))\n            return\n            ;;\n", strings.Join(names, " "))
	fmt.Fprintf(w, "    esac\n    local opts=\"\"\n    case \"$key\" in\n")
	for _, k := range sortedKeys(flags) {
		fmt.Fprintf(w, "        %q) opts=%q ;;\n", k, dashed(flags[k]))
	}
	fmt.Fprintf(w, `    esac
    if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    else
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}
complete -o filenames -F _kartusehat kartusehat
`)
}

// writeZshCompletion writes the zsh completion script.
func writeZshCompletion(w io.Writer) {
	names, flags := completionCommands()
	fmt.Fprintf(w, `#compdef kartusehat
# zsh completion for kartusehat. Load it with:
#   source <(kartusehat completion zsh)
# or save it as _kartusehat in a directory of $fpath.
_kartusehat() {
    local -a opts
    if (( CURRENT == 2 )); then
        compadd -- %s
        return
    fi
    local key="${words[2]}"
    case "$key" in
`, strings.Join(names, " "))
	for _, c := range sortedKeys(subcommands) {
		fmt.Fprintf(w, `        %s)
            if (( CURRENT == 3 )) && [[ "${words[CURRENT]}" != -* ]]; then
                compadd -- %s
                return
            fi
            case "${words[3]}" in
                %s) key="$key ${words[3]}" ;;
            esac
            ;;
`, c, strings.Join(subcommands[c], " "), strings.Join(subcommands[c], "|"))
	}
	fmt.Fprintf(w, "        completion) compadd -- bash zsh fish; return ;;\n")
	fmt.Fprintf(w, "        help) compadd -- %s; return ;;\n", strings.Join(names, " "))
	fmt.Fprintf(w, "    esac\n    case \"$key\" in\n")
	for _, k := range sortedKeys(flags) {
		fmt.Fprintf(w, "        %q) opts=(%s) ;;\n", k, dashed(flags[k]))
	}
	fmt.Fprintf(w, `    esac
    if [[ "${words[CURRENT]}" == -* ]]; then
        compadd -- $opts
    else
        _files
    fi
}
if [[ "$funcstack[1]" == "_kartusehat" ]]; then
    _kartusehat "$@"
else
    compdef _kartusehat kartusehat
fi
`)
}

// writeFishCompletion writes the fish completion script.
func writeFishCompletion(w io.Writer) {
	names, flags := completionCommands()
	fmt.Fprintf(w, "# fish completion for kartusehat. Load it with:\n#   kartusehat completion fish | source\n")
	fmt.Fprintf(w, "complete -c kartusehat -f -n __fish_use_subcommand -a %q\n", strings.Join(names, " "))
	fmt.Fprintf(w, "complete -c kartusehat -f -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'\n")
	for _, c := range sortedKeys(subcommands) {
		fmt.Fprintf(w, "complete -c kartusehat -f -n '__fish_seen_subcommand_from %s; and not __fish_seen_subcommand_from %s' -a %q\n",
			c, strings.Join(subcommands[c], " "), strings.Join(subcommands[c], " "))
	}
	for _, k := range sortedKeys(flags) {
		cmd, sub, hasSub := strings.Cut(k, " ")
		cond := "__fish_seen_subcommand_from " + cmd
		if hasSub {
			cond += "; and __fish_seen_subcommand_from " + sub
		} else if subs := subcommands[cmd]; len(subs) > 0 {
			cond += "; and not __fish_seen_subcommand_from " + strings.Join(subs, " ")
		}
		for _, f := range flags[k] {
			opt := "-l " + f
			if len(f) == 1 {
				opt = "-s " + f
			}
			fmt.Fprintf(w, "complete -c kartusehat -n '%s' %s\n", cond, opt)
		}
	}
}

// cmdCompletion is "kartusehat completion bash|zsh|fish": the shell
// completion script on standard output.
func cmdCompletion(e *env, args []string) error {
	fs := newFlagSet("completion", e)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: kartusehat completion bash|zsh|fish\n\n"+
			"The shell completion script for the commands, their subcommands and flags, on standard output:\n"+
			"  source <(kartusehat completion bash)      (bash; or zsh)\n"+
			"  kartusehat completion fish | source       (fish)\n")
	}
	rest, err := parseFlagsArgs(fs, args, 1)
	if err != nil {
		return err
	}
	if len(rest) == 0 {
		return usageError{msg: "which shell? bash, zsh or fish", usage: synopsis(fs)}
	}
	switch rest[0] {
	case "bash":
		writeBashCompletion(e.stdout)
	case "zsh":
		writeZshCompletion(e.stdout)
	case "fish":
		writeFishCompletion(e.stdout)
	default:
		return usageError{msg: fmt.Sprintf("%q: bash, zsh or fish", SafeText(rest[0])), usage: synopsis(fs)}
	}
	return nil
}

// completion joins the command table here: the script is made from the
// table, so the table cannot name it in its initializer.
func init() { commands = append(commands, command{"completion", cmdCompletion}) }
