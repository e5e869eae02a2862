// Package main is the rev library: it tells C the revision the link stamped into it.
package main

import "C"

// rev is set at link time: -X main.rev=... (meson.build's ldflags).
var rev = "unset"

//export rev_string
func rev_string() *C.char { return C.CString(rev) } // the caller frees it

func main() {}
