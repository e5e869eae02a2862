// Package main is the Go library of tests/projects/subconsumer's subproject.
package main

import "C"

//export golib_version
func golib_version() C.int { return 1 }

func main() {}
