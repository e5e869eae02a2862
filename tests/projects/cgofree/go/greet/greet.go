// Package greet is plain Go.
package greet

func Hello(name string) string { return "hello, " + name }
