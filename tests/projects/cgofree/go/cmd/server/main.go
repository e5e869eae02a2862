// Command server stands for a Go server built without cgo: static, no C library.
package main

import (
	"fmt"
	"os"

	"example.com/cgofree/greet"
	"example.com/cgofree/platform"
)

func main() {
	name := "world"
	if len(os.Args) > 1 {
		name = os.Args[1]
	}
	fmt.Printf("%s (%s)\n", greet.Hello(name), platform.Describe())
}
