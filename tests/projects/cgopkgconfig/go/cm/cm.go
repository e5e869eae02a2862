// Package cm reaches the cmath C library through pkg-config, as a Go package written for `go build`
// does: the .pc file comes from the Meson subproject (meson-uninstalled/cmath-uninstalled.pc).
package cm

// #cgo pkg-config: cmath
// #include <cmath.h>
import "C"

// Mul multiplies in C.
func Mul(a, b int) int { return int(C.cmath_mul(C.int(a), C.int(b))) }
