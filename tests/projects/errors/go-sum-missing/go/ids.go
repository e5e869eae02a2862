// Package main exports a name-based UUID, computed by github.com/google/uuid.
package main

/*
#include <stdlib.h>
*/
import "C"

import (
	"unsafe"

	"github.com/google/uuid"
)

//export ids_for
func ids_for(name *C.char) *C.char {
	return C.CString(uuid.NewSHA1(uuid.NameSpaceDNS, []byte(C.GoString(name))).String())
}

//export ids_free
func ids_free(p *C.char) { C.free(unsafe.Pointer(p)) }

func main() {}
