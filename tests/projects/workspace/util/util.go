// Package util is a workspace neighbour of lib.
package util

// Answer is the value ws_answer returns.
func Answer() int { return 42 }
