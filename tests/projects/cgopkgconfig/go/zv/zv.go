//go:build zlib

// Package zv reaches zlib through pkg-config; it is built with the zlib tag when Meson finds
// zlib for the host machine.
package zv

// #cgo pkg-config: zlib
// #include <stdlib.h>
// #include <zlib.h>
import "C"

import (
	"fmt"
	"unsafe"
)

// CRC32 is zlib's crc32 of s, in hex.
func CRC32(s string) string {
	p := C.CString(s)
	defer C.free(unsafe.Pointer(p))
	return fmt.Sprintf("%08x", uint32(C.crc32(0, (*C.Bytef)(unsafe.Pointer(p)), C.uInt(len(s)))))
}
