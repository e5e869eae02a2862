package main

import "example.com/errcase/calc"

func main() { println(calc.Add(40, 2)) }
