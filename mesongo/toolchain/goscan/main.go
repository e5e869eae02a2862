// Command goscan reports what the Go parser sees in the files of Go packages: the package name,
// whether it declares func main, its //export functions, and syntax errors with file:line:col.
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
	"go/scanner"
	"go/token"
	"os"
	"path/filepath"
	"strings"
)

type export struct {
	Name string `json:"name"`
	Pos  string `json:"pos"`
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
					p.Exports = append(p.Exports, export{strings.TrimSpace(rest), fmt.Sprintf("%s:%d", pos.Filename, pos.Line)})
				}
			}
		}
	}
	return p
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
