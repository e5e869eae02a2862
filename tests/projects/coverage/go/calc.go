package main

import "C"

//export calc_double
func calc_double(x C.int) C.int {
	return C.int(twice(int(x)))
}

//export calc_unused
func calc_unused() C.int {
	return 7
}

func twice(x int) int {
	return 2 * x
}

// triple is called by the Go test only.
func triple(x int) int {
	return 3 * x
}

func main() {}
