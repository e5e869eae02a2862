// Package main is a Go DLL: greet_add and greet_hello.
package main

// #include <stdlib.h>
import "C"

import (
	"fmt"
	"runtime"
)

//export greet_add
func greet_add(a, b C.int) C.int { return a + b }

//export greet_hello
func greet_hello(name *C.char) *C.char {
	return C.CString(fmt.Sprintf("hello, %s, from Go on %s", C.GoString(name), runtime.GOOS))
}

//export greet_free
func greet_free(p *C.char) { C.free(unsafePointer(p)) }

func main() {}
