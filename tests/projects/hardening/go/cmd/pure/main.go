// A program of Go alone: no cgo package, so Go's own linker links it.
package main

import (
	"fmt"
	"os"
	"strings"
)

func main() { fmt.Printf("hello from Go: %s\n", strings.Join(os.Args[1:], " ")) }
