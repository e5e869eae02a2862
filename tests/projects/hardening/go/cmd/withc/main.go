// A program with C of its own (through a package of its module): the C compiler links it.
package main

import (
	"fmt"
	"os"
	"strconv"

	"example.com/hardening/twice"
)

func main() {
	n, err := strconv.Atoi(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	fmt.Printf("twice %d is %d\n", n, twice.Twice(n))
}
