// Command goscan reports what the Go parser sees in the files of Go packages: the package name,
// whether it declares func main, its //export functions (with the parameters and results that
// cgo's pointer-passing rules forbid), and syntax errors with file:line:col.
//
// mesongo builds it once per build directory with the user's Go and runs it at `meson setup`,
// so that these facts come from Go's own parser (go/parser) rather than from text matching.
//
// Usage: goscan DIR FILE... [-- DIR FILE...]...   (FILE names are relative to DIR)
// Output: a JSON array with one object per package, in argument order.
package main

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/scanner"
	"go/token"
	"os"
	"path/filepath"
	"strings"
)

type export struct {
	Name      string      `json:"name"`
	Pos       string      `json:"pos"`
	Forbidden []forbidden `json:"forbidden"`
}

// forbidden is a result (or parameter) of an //export function whose Go type C may not hold:
// the runtime's cgo check (runtime/cgocall.go, cgoCheckResult and cgoCheckArg) aborts the
// program when such a value holds Go memory, which it nearly always does.
type forbidden struct {
	Result bool   `json:"result"` // a result, else a parameter
	Index  int    `json:"index"`  // 1-based among the results (or parameters)
	Name   string `json:"name"`   // the parameter's or result's name, if it has one
	Kind   string `json:"kind"`   // string, slice, map, chan, func, interface, pointer
	Type   string `json:"type"`   // the type as written
	Pos    string `json:"pos"`    // file:line:col of the type
}

type pkg struct {
	Dir      string   `json:"dir"`
	Name     string   `json:"name"`
	FuncMain bool     `json:"func_main"`
	Exports  []export `json:"exports"`
	Errors   []string `json:"errors"`
}

func scan(dir string, files []string) pkg {
	p := pkg{Dir: dir, Exports: []export{}, Errors: []string{}}
	fset := token.NewFileSet()
	var parsed []*ast.File
	types := map[string]ast.Expr{} // the package's own named types: name -> the type they are made of
	for _, name := range files {
		path := filepath.Join(dir, name)
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments|parser.AllErrors)
		if err != nil {
			if list, ok := err.(scanner.ErrorList); ok {
				for _, e := range list {
					p.Errors = append(p.Errors, e.Error())
				}
			} else {
				p.Errors = append(p.Errors, err.Error())
			}
		}
		if f == nil {
			continue
		}
		if p.Name == "" {
			p.Name = f.Name.Name
		}
		parsed = append(parsed, f)
		for _, decl := range f.Decls {
			if gen, ok := decl.(*ast.GenDecl); ok && gen.Tok == token.TYPE {
				for _, spec := range gen.Specs {
					ts := spec.(*ast.TypeSpec)
					if ts.TypeParams == nil {
						types[ts.Name.Name] = ts.Type
					}
				}
			}
		}
	}
	for _, f := range parsed {
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok {
				continue
			}
			if fn.Recv == nil && fn.Name.Name == "main" {
				p.FuncMain = true
			}
			if fn.Doc == nil {
				continue
			}
			for _, c := range fn.Doc.List {
				// cgo's rule (cmd/cgo/ast.go): a comment line "//export NAME" before a func.
				if rest, ok := strings.CutPrefix(c.Text, "//export "); ok {
					pos := fset.Position(c.Pos())
					p.Exports = append(p.Exports, export{strings.TrimSpace(rest), fmt.Sprintf("%s:%d", pos.Filename, pos.Line),
						forbiddenTypes(fset, fn.Type, types)})
				}
			}
		}
	}
	return p
}

// forbiddenTypes lists the results and parameters of an exported function that C may not hold.
// Results: a string, slice, map, chan, func, interface or pointer to Go memory aborts the program
// when the function returns one (cgoCheckResult); a C type, unsafe.Pointer, uintptr and numbers
// are fine. Parameters: only a map or a chan, which always live in Go's heap and which Go code
// may never pass to C (cgoCheckArg), so C cannot have one to pass back; a string, slice or
// pointer parameter may hold C memory.
func forbiddenTypes(fset *token.FileSet, ft *ast.FuncType, types map[string]ast.Expr) []forbidden {
	out := []forbidden{}
	for _, list := range []*ast.FieldList{ft.Params, ft.Results} {
		if list == nil {
			continue
		}
		result := list == ft.Results
		index := 0
		for _, field := range list.List {
			names := []string{""}
			if len(field.Names) > 0 {
				names = names[:0]
				for _, n := range field.Names {
					names = append(names, n.Name)
				}
			}
			for _, name := range names {
				index++
				kind := goKind(field.Type, types, map[string]bool{})
				if kind == "" || (!result && kind != "map" && kind != "chan") {
					continue
				}
				pos := fset.Position(field.Type.Pos())
				out = append(out, forbidden{result, index, name, kind, typeString(fset, field.Type),
					fmt.Sprintf("%s:%d:%d", pos.Filename, pos.Line, pos.Column)})
			}
		}
	}
	return out
}

// goKind says which kind of Go-memory type an expression names ("" for the types C may hold:
// numbers, C types, unsafe.Pointer, uintptr, structs and arrays, and types of other packages,
// which a scan of this package alone cannot see into). Named types of the package are followed.
func goKind(e ast.Expr, types map[string]ast.Expr, seen map[string]bool) string {
	switch t := e.(type) {
	case *ast.ParenExpr:
		return goKind(t.X, types, seen)
	case *ast.Ident:
		switch t.Name {
		case "string":
			return "string"
		case "error", "any":
			return "interface"
		}
		if under, ok := types[t.Name]; ok && !seen[t.Name] {
			seen[t.Name] = true
			return goKind(under, types, seen)
		}
	case *ast.ArrayType:
		if t.Len == nil {
			return "slice"
		}
	case *ast.MapType:
		return "map"
	case *ast.ChanType:
		return "chan"
	case *ast.FuncType:
		return "func"
	case *ast.InterfaceType:
		return "interface"
	case *ast.StarExpr:
		if !cMemory(t.X, types, map[string]bool{}) {
			return "pointer"
		}
	}
	return ""
}

// cMemory says whether a pointer to this type is a C pointer: a C type (C.char, C.struct_x),
// unsafe.Pointer, or a named type of the package that is one of these. A pointer to any other
// type (int, a Go struct, another package's type) points to Go memory as Go code makes it.
func cMemory(e ast.Expr, types map[string]ast.Expr, seen map[string]bool) bool {
	switch t := e.(type) {
	case *ast.ParenExpr:
		return cMemory(t.X, types, seen)
	case *ast.SelectorExpr:
		pkg, ok := t.X.(*ast.Ident)
		return ok && (pkg.Name == "C" || (pkg.Name == "unsafe" && t.Sel.Name == "Pointer"))
	case *ast.StarExpr:
		return cMemory(t.X, types, seen) // **C.char: a C array of C strings
	case *ast.Ident:
		if under, ok := types[t.Name]; ok && !seen[t.Name] {
			seen[t.Name] = true
			return cMemory(under, types, seen)
		}
	}
	return false
}

func typeString(fset *token.FileSet, e ast.Expr) string {
	var b strings.Builder
	if err := printer.Fprint(&b, fset, e); err != nil {
		return fmt.Sprintf("%T", e)
	}
	return b.String()
}

func main() {
	var out []pkg
	args := os.Args[1:]
	for len(args) > 0 {
		end := len(args)
		for i, a := range args {
			if a == "--" {
				end = i
				break
			}
		}
		if end > 0 {
			out = append(out, scan(args[0], args[1:end]))
		}
		if end == len(args) {
			break
		}
		args = args[end+1:]
	}
	if out == nil {
		out = []pkg{}
	}
	enc := json.NewEncoder(os.Stdout)
	if err := enc.Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
