// Package main imports "C" but marks no function with //export.
package main

import "C"

func answer() C.int { return 42 }

func main() { _ = answer() }
