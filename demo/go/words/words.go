// Package words is the Go side of the demo's C library words.
package words

// #include <stdlib.h>
// #include "words.h"
import "C"

import "unsafe"

// Count counts the words of text with the C library.
func Count(text string) int {
	c := C.CString(text)
	defer C.free(unsafe.Pointer(c))
	return int(C.words_count(c))
}
