package main

import "C"

//export answer
func answer() C.int { return 42 }

func main() {}
