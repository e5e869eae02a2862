package main

// #cgo pkg-config: mesongo-no-such-package
import "C"

//export answer
func answer() C.int { return 42 }

func main() {}
