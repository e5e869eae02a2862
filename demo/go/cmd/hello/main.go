// Command hello-go greets from a Go program: the demo's installed Go program, which the Debian
// package ships hardened as the C program beside it (PIE, bound at start-up).
package main

import (
	"fmt"
	"os"
)

func main() {
	who := "world"
	if len(os.Args) > 1 {
		who = os.Args[1]
	}
	fmt.Printf("Hello, %s, from a Go program\n", who)
}
