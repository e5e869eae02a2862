package main

// #cgo pkg-config: cm
// int cm_answer(void);
import "C"

//export answer
func answer() C.int { return C.cm_answer() }

func main() {}
