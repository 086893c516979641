package examples_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/kartusehat/kartusehat/claim"
	"github.com/kartusehat/kartusehat/eligibility"
	"github.com/kartusehat/kartusehat/referral"
	"github.com/kartusehat/kartusehat/rules"
	"github.com/kartusehat/kartusehat/tariff"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// codesOf is each decision package's list of its reason codes.
var codesOf = map[string]func() []string{
	"eligibility": eligibility.Codes,
	"referral":    referral.Codes,
	"tariff":      tariff.Codes,
	"claim":       claim.Codes,
}

// codeSource is what the non-test Go sources of one package say about
// reason codes.
type codeSource struct {
	consts   map[string]string // Code* constant name -> value
	literals []string          // positions of a string literal written where a code goes
	unknown  []string          // positions of a code identifier that is no Code* constant
}

// isReasonType reports whether a composite literal's type is one whose
// Code field is a reason code.
func isReasonType(e ast.Expr) bool {
	switch t := e.(type) {
	case *ast.Ident:
		return t.Name == "msg" || t.Name == "Reason" || t.Name == "Message"
	case *ast.SelectorExpr:
		return t.Sel.Name == "Reason" || t.Sel.Name == "Message"
	}
	return false
}

// scanCodes parses the non-test Go files of dir.
func scanCodes(t *testing.T, dir string) codeSource {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	require.NoError(t, err)
	cs := codeSource{consts: map[string]string{}}
	var asts []*ast.File
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, 0)
		require.NoError(t, err)
		asts = append(asts, af)
		for _, d := range af.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.CONST {
				continue
			}
			for _, s := range g.Specs {
				vs := s.(*ast.ValueSpec)
				for i, n := range vs.Names {
					if !strings.HasPrefix(n.Name, "Code") || i >= len(vs.Values) {
						continue
					}
					if bl, ok := vs.Values[i].(*ast.BasicLit); ok && bl.Kind == token.STRING {
						v, _ := strconv.Unquote(bl.Value)
						cs.consts[n.Name] = v
					}
				}
			}
		}
	}
	// check looks at an expression written where a code goes: a string
	// literal anywhere in it is a code without a constant; a bare Code*
	// identifier must be one of the package's constants.
	check := func(e ast.Expr) {
		ast.Inspect(e, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.BasicLit:
				if x.Kind == token.STRING {
					cs.literals = append(cs.literals, fset.Position(x.Pos()).String()+" "+x.Value)
				}
			case *ast.Ident:
				if strings.HasPrefix(x.Name, "Code") {
					if _, ok := cs.consts[x.Name]; !ok {
						cs.unknown = append(cs.unknown, fset.Position(x.Pos()).String()+" "+x.Name)
					}
				}
			case *ast.SelectorExpr:
				return false // another package's constant, or a field (m.Code)
			}
			return true
		})
	}
	for _, af := range asts {
		ast.Inspect(af, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.CallExpr:
				name := ""
				switch f := x.Fun.(type) {
				case *ast.Ident:
					name = f.Name
				case *ast.SelectorExpr:
					name = f.Sel.Name
				}
				if (name == "newMsg" || name == "Has") && len(x.Args) > 0 {
					check(x.Args[0])
				}
			case *ast.CompositeLit:
				if !isReasonType(x.Type) {
					return true
				}
				for _, el := range x.Elts {
					if kv, ok := el.(*ast.KeyValueExpr); ok {
						if k, ok := kv.Key.(*ast.Ident); ok && k.Name == "Code" {
							check(kv.Value)
						}
					}
				}
			}
			return true
		})
	}
	return cs
}

// TestEveryCodeHasAConstant checks that no reason code is written as a
// string literal where a code goes (newMsg's first argument, the Code of a
// Reason or Message, a Has argument) in the non-test sources of the
// decision packages, that every code identifier used there is a constant,
// and that each package's Codes lists exactly its constants, sorted.
func TestEveryCodeHasAConstant(t *testing.T) {
	for _, pkg := range []string{"eligibility", "referral", "tariff", "claim", "simulate", "rules"} {
		t.Run(pkg, func(t *testing.T) {
			cs := scanCodes(t, filepath.Join("..", pkg))
			assert.Empty(t, cs.literals, "a reason code written as a literal: give it a Code constant in %s/codes.go", pkg)
			assert.Empty(t, cs.unknown, "a Code identifier that is no constant of %s", pkg)
			codes, ok := codesOf[pkg]
			if !ok {
				return
			}
			var want []string
			for _, v := range cs.consts {
				want = append(want, v)
			}
			sort.Strings(want)
			got := codes()
			assert.Equal(t, want, got, "%s.Codes() and its Code constants differ", pkg)
			assert.True(t, slices.IsSorted(got), "%s.Codes() is not sorted", pkg)
			assert.Len(t, slices.Compact(slices.Clone(got)), len(got), "%s.Codes() repeats a code", pkg)
			for _, c := range got {
				assert.Regexp(t, `^[a-z][a-z0-9_]+$`, c)
			}
		})
	}
}

// TestScanCodesCatchesALiteral checks that the scan fails on the mistake
// it is for: a newMsg or Reason with a literal code.
func TestScanCodesCatchesALiteral(t *testing.T) {
	dir := t.TempDir()
	src := `package p

const CodeKnown = "known"

func newMsg(code, id, en string) int { return 0 }

type Reason struct{ Code, ID, EN string }

var a = newMsg("new_code", "x", "y")
var b = newMsg(CodeKnown, "x", "y")
var c = Reason{Code: "other_" + "x"}
var d = Reason{Code: CodeMissing}
`
	require.NoError(t, os.WriteFile(filepath.Join(dir, "p.go"), []byte(src), 0o600))
	cs := scanCodes(t, dir)
	assert.Equal(t, map[string]string{"CodeKnown": "known"}, cs.consts)
	require.Len(t, cs.literals, 3)
	assert.Contains(t, cs.literals[0], `"new_code"`)
	assert.Contains(t, cs.literals[1], `"other_"`)
	require.Len(t, cs.unknown, 1)
	assert.Contains(t, cs.unknown[0], "CodeMissing")
}

// TestREADMEListsCodes keeps the README's table of reason codes in step
// with the packages' Codes: every code has a row, and every row is a code.
func TestREADMEListsCodes(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	readme := string(b)
	start := strings.Index(readme, "\n### Reason codes\n")
	require.GreaterOrEqual(t, start, 0, "README lacks the section ### Reason codes")
	section := readme[start+1:]
	if end := strings.Index(section[4:], "\n### "); end >= 0 {
		section = section[:end+4]
	}
	row := regexp.MustCompile("(?m)^\\| ([a-z]+) \\| `([a-z0-9_]+)` \\| (.+) \\|$")
	var got []string
	for _, m := range row.FindAllStringSubmatch(section, -1) {
		got = append(got, m[1]+"."+m[2])
	}
	want := []string{"rules." + rules.CodeRulesAsLastKnown}
	for pkg, codes := range codesOf {
		for _, c := range codes() {
			want = append(want, pkg+"."+c)
		}
	}
	sort.Strings(want)
	sort.Strings(got)
	assert.Equal(t, want, got, "the README's table of reason codes and Codes() differ")
}
