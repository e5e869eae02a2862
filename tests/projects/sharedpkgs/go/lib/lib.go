package main

import "C"

import "example.com/sharedpkgs/cdep"

//export dup_twice_plus_one
func dup_twice_plus_one(x C.int) C.int { return C.int(cdep.TwicePlusOne(int(x))) }

func main() {}
