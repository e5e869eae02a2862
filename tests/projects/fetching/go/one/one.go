// Package main exports what example.net/alpha computes (with example.net/gamma).
package main

import "C"

import "example.net/alpha"

//export one
func one() C.int { return C.int(alpha.A()) }

func main() {}
