// Package main is the Go core of capi: its //export functions are internal, called by capi.c,
// which implements the public API of include/capi.h.
package main

/*
#cgo CFLAGS: -I${SRCDIR}/../include
#include <stddef.h>
*/
import "C"

import "unsafe"

//export capigo_add
func capigo_add(a, b C.int) C.int { return a + b }

//export capigo_greet
func capigo_greet(name *C.char, buf *C.char, n C.size_t) C.int {
	text := "hello, " + C.GoString(name)
	if len(text)+1 > int(n) {
		return -1
	}
	out := unsafe.Slice((*byte)(unsafe.Pointer(buf)), int(n))
	copy(out, text)
	out[len(text)] = 0
	return C.int(len(text))
}

func main() {}
