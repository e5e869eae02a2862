// Package main exports what example.net/alpha and example.net/beta compute.
package main

import "C"

import (
	"example.net/alpha"
	"example.net/beta"
)

//export two
func two() C.int { return C.int(alpha.A() + beta.B()) }

func main() {}
