// Package main exports what example.net/hub computes with its nine leaf modules.
package main

import "C"

import "example.net/hub"

//export many
func many() C.int { return C.int(hub.H()) }

func main() {}
