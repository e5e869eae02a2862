// Package checksum is an internal helper of capi with its own C code, which is not part of
// capi's C API.
package checksum

/*
#include <stdint.h>
uint32_t capi_internal_adler32(const unsigned char *p, int n);
*/
import "C"

import "unsafe"

// Adler32 of b, computed in C.
func Adler32(b []byte) uint32 {
	if len(b) == 0 {
		return 1
	}
	return uint32(C.capi_internal_adler32((*C.uchar)(unsafe.Pointer(&b[0])), C.int(len(b))))
}
