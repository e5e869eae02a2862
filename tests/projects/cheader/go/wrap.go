// Package main is a Go library whose C API takes and returns the C library's counter_t.
package main

// #include <zlib.h>
// #include "counter.h"
import "C"

//export WrapCounter
func WrapCounter(start C.int) C.counter_t {
	return C.counter_make(start, 10)
}

//export WrapAdvance
func WrapAdvance(counter *C.counter_t, times C.int) C.int {
	for i := 0; i < int(times); i++ {
		C.counter_next(counter)
	}
	return counter.value
}

//export WrapZlibVersion
func WrapZlibVersion() *C.char {
	return C.zlibVersion()
}

func main() {}
