// Package main returns a pointer to a Go struct to C.
package main

import "C"

type counter struct{ n int }

//export new_counter
func new_counter() *counter { return &counter{} }

func main() {}
