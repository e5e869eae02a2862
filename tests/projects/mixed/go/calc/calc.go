// Package calc wraps the C library calc for Go.
package calc

// #include "calc.h"
import "C"

// Add adds with the C library.
func Add(a, b int) int { return int(C.calc_add(C.int(a), C.int(b))) }

// Name is the C library's name.
func Name() string { return C.GoString(C.calc_name()) }

// Scale is the C header's CALC_SCALE.
const Scale = C.CALC_SCALE
