// Package main returns a Go error to C.
package main

import "C"

import "errors"

//export check
func check(n C.int) error {
	if n < 0 {
		return errors.New("negative")
	}
	return nil
}

func main() {}
