// Package main has a syntax error in a function body, which go list does not see.
package main

import "C"

//export answer
func answer() C.int {
	return 42 +
}

func main() {}
