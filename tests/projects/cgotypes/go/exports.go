// Package main exports functions with every parameter and result shape that cgo's pointer-passing
// rules allow: setup must accept them all, and main.c calls them.
package main

// #include <stdlib.h>
// #include <stdint.h>
// struct pt { int x; };
import "C"

import (
	"runtime/cgo"
	"unsafe"
)

type point C.struct_pt // a Go name for a C type: a pointer to it is a C pointer
type code int
type cname = C.char

//export ct_cstring
func ct_cstring() *C.char { return C.CString("cstring") }

//export ct_malloc
func ct_malloc() unsafe.Pointer { return C.malloc(8) }

//export ct_point
func ct_point(x C.int) *point {
	p := (*point)(C.malloc(C.size_t(unsafe.Sizeof(point{}))))
	p.x = x
	return p
}

//export ct_alias
func ct_alias() *cname { return C.CString("alias") }

// A string, a slice and a pointer parameter may hold C memory: C passes them.
//
//export ct_lengths
func ct_lengths(s string, b []byte, p *C.int) (code, C.int, uintptr) {
	return code(len(s)), C.int(len(b)), uintptr(*p)
}

//export ct_handle
func ct_handle(n C.int) C.uintptr_t { return C.uintptr_t(cgo.NewHandle(int(n))) }

//export ct_handle_value
func ct_handle_value(h C.uintptr_t) C.int {
	handle := cgo.Handle(h)
	defer handle.Delete()
	return C.int(handle.Value().(int))
}

//export ct_argv
func ct_argv(argc C.int, argv **C.char) **C.char { return argv }

func main() {}
