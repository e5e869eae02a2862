package main

import "C"

// The package's named types, in another file than the functions that use them.
type (
	words    []string
	cstring  = *C.char // a Go name for a C pointer: C memory, and so is what a pointer to it points to
	goint    *int
	point    C.struct_pt
	callback func(C.int) C.int
	iface    interface{ Name() string }
)

// A method named main is no func main.
func (w words) main() {}

func main() {}
