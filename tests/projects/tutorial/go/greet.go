// A package main with //export functions is a C library: cgo writes its C header.
package main

// #include <stdlib.h>
import "C"

import "strings"

// shout returns TEXT in capitals, as a copy in C memory: the caller frees it.
//
//export shout
func shout(text *C.char) *C.char {
	return C.CString(strings.ToUpper(C.GoString(text)) + "!")
}

func main() {}
