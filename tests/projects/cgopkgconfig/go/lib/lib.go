// The C API of a Go library whose packages reach C libraries through `#cgo pkg-config:`.
package main

// #include <stdlib.h>
import "C"

import (
	"example.com/pcdemo/cm"
	"example.com/pcdemo/pcflag"
	"example.com/pcdemo/zv"
)

//export PcMul
func PcMul(a, b C.int) C.int { return C.int(cm.Mul(int(a), int(b))) }

// PcCrc returns zlib's crc32 of "hello" in hex ("none" without zlib); the caller frees it.
//
//export PcCrc
func PcCrc() *C.char { return C.CString(zv.CRC32("hello")) }

//export PcFlag
func PcFlag() C.int { return C.int(pcflag.Value()) }

func main() {}
