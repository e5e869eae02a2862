// Command tool adds its arguments.
package main

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
)

func main() {
	var total int
	for _, arg := range os.Args[1:] {
		n, err := strconv.Atoi(arg)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		total += n
	}
	fmt.Printf("%d (%s)\n", total, runtime.Version())
}
