// Command gotool adds its two arguments with the C library libcref.
package main

// #include "cref.h"
import "C"

import (
	"fmt"
	"os"
	"strconv"

	"example.com/macgo/words"
)

func main() {
	a, _ := strconv.Atoi(os.Args[1])
	b, _ := strconv.Atoi(os.Args[2])
	fmt.Printf("%s %d (%d words)\n", C.GoString(C.cref_name()), C.cref_add(C.int(a), C.int(b)), words.Count("go on macos"))
}
