// A program of this directory's module, named by its import path as the tools are.
package main

import "fmt"

func main() { fmt.Println("stamp 1") }
