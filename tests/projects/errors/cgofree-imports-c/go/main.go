package main

// static int two(void) { return 2; }
import "C"

//export Hello
func Hello() C.int { return C.two() }

func main() { println(Hello()) }
