// Package main is the demo's Go library: C and Python both call its exported functions.
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

// hello_greeting returns a greeting that the caller frees with hello_free.
//
//export hello_greeting
func hello_greeting(who *C.char) *C.char {
	return C.CString(shout(fmt.Sprintf("Hello, %s, from Go %s!", C.GoString(who), runtime.Version())))
}

//export hello_free
func hello_free(p *C.char) { C.free(unsafe.Pointer(p)) }

// hello_fib returns the n-th Fibonacci number.
//
//export hello_fib
func hello_fib(n C.int) C.longlong {
	a, b := int64(0), int64(1)
	for i := 0; i < int(n); i++ {
		a, b = b, a+b
	}
	return C.longlong(a)
}

func main() {}
