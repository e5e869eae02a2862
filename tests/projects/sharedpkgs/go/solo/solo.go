package main

import "C"

import "example.com/sharedpkgs/cdep"

//export solo_value
func solo_value() C.int { return C.int(cdep.TwicePlusOne(3) + 1) }

func main() {}
