// Package main is a Go plugin that a host loads with LoadLibrary.
package main

import "C"

//export plugin_answer
func plugin_answer() C.int { return 42 }

func main() {}
