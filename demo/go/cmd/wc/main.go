// Command hello-wc counts the words of its arguments with the demo's C library, through Go.
package main

import (
	"fmt"
	"os"
	"strings"

	"example.com/mesongo-demo/hello/words"
)

func main() {
	fmt.Printf("%d words\n", words.Count(strings.Join(os.Args[1:], " ")))
}
