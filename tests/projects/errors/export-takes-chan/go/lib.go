// Package main takes a Go channel from C, which C can never have.
package main

import "C"

//export send
func send(n C.int, done chan<- int) { done <- int(n) }

func main() {}
