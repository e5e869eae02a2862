package main

import "C"

import "example.com/gosmoke/calc"

//export smoke_sum
func smoke_sum(n C.longlong) C.longlong { return C.longlong(calc.Sum(int64(n))) }

func main() {}
