// Package main returns a named slice type as its second result.
package main

import "C"

type words []string

//export split
func split(text *C.char) (C.int, words) { return 0, nil }

func main() {}
