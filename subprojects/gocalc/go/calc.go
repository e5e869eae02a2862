// Package main is the gocalc subproject's library.
package main

import "C"

// calc_gcd returns the greatest common divisor of a and b.
//
//export calc_gcd
func calc_gcd(a, b C.int) C.int {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func main() {}
