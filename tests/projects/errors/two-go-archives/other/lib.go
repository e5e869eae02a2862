// Package main is a second Go library: its archive carries a second Go runtime.
package main

import "C"

//export other
func other() C.int { return 42 }

func main() {}
