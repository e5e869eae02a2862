package main

// #include <stdlib.h>
import "C"

import (
	"runtime"
	"unsafe"
)

//export smoke_greet
func smoke_greet(name *C.char) *C.char {
	return C.CString("hello, " + C.GoString(name) + ", from " + runtime.Version())
}

//export smoke_free
func smoke_free(p *C.char) { C.free(unsafe.Pointer(p)) }

func main() {}
