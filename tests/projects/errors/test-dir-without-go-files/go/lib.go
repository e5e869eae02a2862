// Package main is a valid library that the error cases point at.
package main

import "C"

//export answer
func answer() C.int { return 42 }

func main() {}
