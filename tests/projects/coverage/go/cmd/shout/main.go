// A Go program: it writes its counters when it exits, as Go programs do.
package main

import (
	"fmt"
	"os"
	"strings"
)

func main() {
	if len(os.Args) > 1 {
		fmt.Println(strings.ToUpper(os.Args[1]))
		return
	}
	fmt.Println("nothing to shout")
}
