// Package main returns a Go map to C.
package main

import "C"

//export table
func table() map[string]int { return map[string]int{"a": 1} }

func main() {}
