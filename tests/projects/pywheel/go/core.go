// Package main is the Go core of the gocore Python package.
package main

/*
#include <stdlib.h>
*/
import "C"

import (
	"fmt"
	"runtime"
	"unsafe"
)

//export core_hello
func core_hello(name *C.char) *C.char {
	return C.CString(fmt.Sprintf("hello, %s, from %s", C.GoString(name), runtime.Version()))
}

//export core_add
func core_add(a, b C.longlong) C.longlong { return a + b }

//export core_free
func core_free(p *C.char) { C.free(unsafe.Pointer(p)) }

func main() {}
