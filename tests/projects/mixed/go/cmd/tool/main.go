// Command gotool is a Go program that uses the project's C library through package calc.
package main

import (
	"fmt"
	"os"
	"strconv"

	"example.com/mixed/calc"
)

func main() {
	a, b := 40, 2
	if len(os.Args) == 3 {
		a, _ = strconv.Atoi(os.Args[1])
		b, _ = strconv.Atoi(os.Args[2])
	}
	fmt.Printf("%s: %d\n", calc.Name(), calc.Add(a, b))
}
