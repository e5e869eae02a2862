// Package main is the capi library: a C API written partly in Go (the //export functions below),
// partly in C (api.c) and partly in C++ (impl.cpp).
package main

/*
#include <stdlib.h>
#include "capi_private.h"
*/
import "C"

import (
	"fmt"
	"unsafe"

	"example.com/capi/internal/checksum"
)

//export capi_norm1
func capi_norm1(p C.capi_point) C.int {
	return C.int(abs(int(p.x)) + abs(int(p.y)))
}

// capi_describe formats a point with the C and C++ parts of the API: the Go part calls both.
//
//export capi_describe
func capi_describe(p *C.capi_point) *C.char {
	values := []C.int{p.x, p.y}
	sum := C.capi_cpp_sum(&values[0], C.size_t(len(values)))
	twice := C.capi_c_add(p.x, p.x)
	return C.CString(fmt.Sprintf("(%d,%d) sum=%d twice_x=%d by %s", p.x, p.y, sum, twice,
		C.GoString(C.capi_cpp_version())))
}

//export capi_checksum
func capi_checksum(data *C.char, n C.int) C.uint {
	return C.uint(checksum.Adler32(C.GoBytes(unsafe.Pointer(data), n)))
}

//export capi_free
func capi_free(p *C.char) { C.free(unsafe.Pointer(p)) }

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

func main() {}
