// Package misread is Go that tree-sitter-go 0.25 reads with an error and go/parser without one.
package misread

// [...]T is a type to go/parser (the type checker refuses it outside a composite literal).
func f() [...]int { return nil }
