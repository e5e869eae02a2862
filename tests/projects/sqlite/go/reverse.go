// Package main is a SQLite extension written in Go: go_reverse(text) and go_words(text).
package main

// #include <stdlib.h>
import "C"

import "strings"

//export gosqlite_reverse
func gosqlite_reverse(text *C.char) *C.char {
	runes := []rune(C.GoString(text))
	for i, j := 0, len(runes)-1; i < j; i, j = i+1, j-1 {
		runes[i], runes[j] = runes[j], runes[i]
	}
	return C.CString(string(runes))
}

//export gosqlite_words
func gosqlite_words(text *C.char) C.int {
	return C.int(len(strings.Fields(C.GoString(text))))
}

func main() {}
