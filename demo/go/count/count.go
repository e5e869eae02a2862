// Package main is the demo's second Go library: a C API over the Go package words, which calls
// the demo's C library.
package main

import "C"

import "example.com/mesongo-demo/hello/words"

// count_words counts the words of a C string.
//
//export count_words
func count_words(text *C.char) C.int { return C.int(words.Count(C.GoString(text))) }

func main() {}
