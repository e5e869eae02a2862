// Package main is a PostgreSQL extension written in Go: gopg_hello(text) and gopg_fib(int).
package main

// #include <stdlib.h>
import "C"

import "fmt"

//export gopg_greeting
func gopg_greeting(name *C.char) *C.char {
	return C.CString(fmt.Sprintf("hello, %s, from Go", C.GoString(name)))
}

//export gopg_fibonacci
func gopg_fibonacci(n C.int) C.longlong {
	a, b := int64(0), int64(1)
	for i := 0; i < int(n); i++ {
		a, b = b, a+b
	}
	return C.longlong(a)
}

func main() {}
