// Package main is a Go static library: count_words.
package main

import "C"

import "strings"

//export count_words
func count_words(text *C.char) C.int { return C.int(len(strings.Fields(C.GoString(text)))) }

func main() {}
