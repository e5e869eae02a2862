package greet

import "C"

//export answer
func answer() C.int { return 42 }
