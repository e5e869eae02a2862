package main

// #include <stdlib.h>
import "C"

import "strings"

//export gohello_greet
func gohello_greet(name *C.char) *C.char {
	return C.CString("hello, " + strings.ToUpper(C.GoString(name)) + ", from Go")
}

func main() {}
