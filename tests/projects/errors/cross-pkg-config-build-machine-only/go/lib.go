package main

// #cgo pkg-config: zlib
// #include <zlib.h>
import "C"

//export zwrap_version
func zwrap_version() *C.char { return C.zlibVersion() }

func main() {}
