// Package main is a Go library whose consumers name it with link_with: only, as many Meson
// projects name their C libraries.
package main

import "C"

//export slow_answer
func slow_answer(i C.int) C.int { return 40 + i }

func main() {}
