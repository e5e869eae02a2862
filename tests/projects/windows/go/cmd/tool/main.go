// Command gotool adds its two arguments with the C library libcalc.
package main

// #include "calc.h"
import "C"

import (
	"fmt"
	"os"
	"strconv"

	"example.com/wingo/words"
)

func main() {
	a, _ := strconv.Atoi(os.Args[1])
	b, _ := strconv.Atoi(os.Args[2])
	fmt.Printf("%s %d (%d words)\n", C.GoString(C.calc_name()), C.calc_add(C.int(a), C.int(b)), words.Count("go on windows"))
}
