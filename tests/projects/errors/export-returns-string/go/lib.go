// Package main returns a Go string to C, which aborts the program at run time.
package main

import "C"

import "strings"

//export greeting
func greeting(name *C.char) string {
	return "hello " + strings.ToUpper(C.GoString(name))
}

func main() {}
