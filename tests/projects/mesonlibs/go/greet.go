// Package main is the library of tests/projects/mesonlibs, built as every kind of Meson library.
package main

/*
#include <stdlib.h>
*/
import "C"

import "unsafe"

//export greet_add
func greet_add(a, b C.int) C.int { return a + b }

//export greet_hello
func greet_hello(name *C.char) *C.char { return C.CString("hello, " + C.GoString(name)) }

//export greet_free
func greet_free(p *C.char) { C.free(unsafe.Pointer(p)) }

func main() {}
