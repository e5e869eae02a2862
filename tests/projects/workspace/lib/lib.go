// Package main exports ws_answer, computed by a module of the same workspace.
package main

import "C"

import "example.com/util"

//export ws_answer
func ws_answer() C.int { return C.int(util.Answer()) }

func main() {}
