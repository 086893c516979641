package examples_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// placeFields are the names of a struct field that says where in an input
// a problem is.
var placeFields = map[string]bool{"Pointer": true, "Field": true, "Path": true, "Row": true, "Column": true}

// TestOneFieldErrorType: issue #18's "One exported field-error type
// remains". It reads every package of the module a host can import
// (internal/, tests and testdata aside: internal/jsonx's decoder problems
// are plumbing that becomes a rules.FieldError) and fails if an exported type other than
// rules.FieldError and rules.FieldErrors is a field error: an exported
// struct type with both a code (a field Code) and a place in the input (a
// field Pointer, Field, Path, Row or Column), or an error type (one with
// an Error method) with a place. rules.FieldErrors holds the list.
func TestOneFieldErrorType(t *testing.T) {
	root := ".."
	fset := token.NewFileSet()
	var found, errorTypes []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (name == "testdata" || name == "internal" || strings.HasPrefix(name, ".") || name == "vendor") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		dir, _ := filepath.Rel(root, filepath.Dir(path))
		pkg := filepath.ToSlash(dir) + "." // the package by its directory
		if dir == "." {
			pkg = "kartusehat."
		}
		structs := map[string]*ast.StructType{}
		hasError := map[string]bool{}
		for _, decl := range f.Decls {
			switch d := decl.(type) {
			case *ast.GenDecl:
				for _, sp := range d.Specs {
					ts, ok := sp.(*ast.TypeSpec)
					if !ok || !ts.Name.IsExported() {
						continue
					}
					if st, ok := ts.Type.(*ast.StructType); ok {
						structs[ts.Name.Name] = st
					}
				}
			case *ast.FuncDecl:
				if d.Recv != nil && d.Name.Name == "Error" && len(d.Recv.List) == 1 {
					typ := d.Recv.List[0].Type
					if s, ok := typ.(*ast.StarExpr); ok {
						typ = s.X
					}
					if id, ok := typ.(*ast.Ident); ok && id.IsExported() {
						hasError[id.Name] = true
						errorTypes = append(errorTypes, pkg+id.Name)
					}
				}
			}
		}
		// An Error method in another file of the package: checked
		// below against the structs of every file.
		for name, st := range structs {
			code, place := false, false
			for _, fl := range st.Fields.List {
				for _, n := range fl.Names {
					code = code || n.Name == "Code"
					place = place || placeFields[n.Name]
				}
			}
			if place && (code || hasError[name] || methodIn(t, filepath.Dir(path), name, "Error")) {
				found = append(found, pkg+name)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(found)
	if want := []string{"rules.FieldError"}; !slices.Equal(found, want) {
		t.Errorf("field-error types %q, want %q alone", found, want)
	}
	slices.Sort(errorTypes)
	t.Logf("the module's exported error types: %s", strings.Join(errorTypes, ", "))
	if !slices.Contains(errorTypes, "rules.FieldErrors") {
		t.Errorf("rules.FieldErrors is not among the error types %q", errorTypes)
	}
}

// methodIn reports whether a non-test file of the package in dir declares
// the method name on the type typ (or *typ).
func methodIn(t *testing.T, dir, typ, name string) bool {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".go") || strings.HasSuffix(e.Name(), "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, e.Name()), nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || fd.Name.Name != name || len(fd.Recv.List) != 1 {
				continue
			}
			rt := fd.Recv.List[0].Type
			if s, ok := rt.(*ast.StarExpr); ok {
				rt = s.X
			}
			if id, ok := rt.(*ast.Ident); ok && id.Name == typ {
				return true
			}
		}
	}
	return false
}
