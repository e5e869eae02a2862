// Package main is a Go dylib: greet_add, greet_hello and greet_free.
package main

// #include <stdlib.h>
import "C"

import (
	"fmt"
	"runtime"
	"unsafe"
)

//export greet_add
func greet_add(a, b C.int) C.int { return a + b }

//export greet_hello
func greet_hello(name *C.char) *C.char {
	return C.CString(fmt.Sprintf("hello, %s, from Go on %s/%s", C.GoString(name), runtime.GOOS, runtime.GOARCH))
}

//export greet_free
func greet_free(p *C.char) { C.free(unsafe.Pointer(p)) }

func main() {}
