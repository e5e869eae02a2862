// Package main is the Go core of the goctypes Python package, loaded with ctypes.
package main

/*
#include <stdlib.h>
*/
import "C"

import (
	"fmt"
	"strings"
	"unsafe"
)

//export ct_shout
func ct_shout(text *C.char) *C.char {
	return C.CString(fmt.Sprintf("%s!", strings.ToUpper(C.GoString(text))))
}

//export ct_mul
func ct_mul(a, b C.longlong) C.longlong { return a * b }

//export ct_free
func ct_free(p *C.char) { C.free(unsafe.Pointer(p)) }

func main() {}
