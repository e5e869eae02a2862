// Package main is the mathy library. A test adds a `#cgo LDFLAGS: -lm` and a call into libm to
// this file after `meson setup`, as a developer would.
package main

/*
static double mathy_twice_c(double x) { return 2 * x; }
*/
import "C"

//export mathy_value
func mathy_value(x C.double) C.double { return C.mathy_twice_c(x) }

func main() {}
