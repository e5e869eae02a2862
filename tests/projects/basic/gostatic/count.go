// Package main is the count library, built as a C archive.
package main

import "C"

import "strings"

//export count_words
func count_words(s *C.char) C.int { return C.int(len(strings.Fields(C.GoString(s)))) }

func main() {}
