// Package main is a Go plugin that a host loads with dlopen().
package main

// int host_base(void); /* defined by the program that loads the plugin */
import "C"

//export plugin_answer
func plugin_answer() C.int { return C.host_base() + 2 }

func main() {}
