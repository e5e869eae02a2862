// Package main exports hello_greeting to C.
package main

import "C"

import "example.com/layout/internal/words"

//export hello_greeting
func hello_greeting() *C.char { return C.CString(words.Greeting) }

func main() {}
