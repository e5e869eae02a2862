// Package main exports two functions; tests choose which the library exports.
package main

import "C"

//export ex_one
func ex_one() C.int { return 1 }

//export ex_two
func ex_two() C.int { return 2 }

func main() {}
