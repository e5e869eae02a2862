//go:build cgo

// Package platform has a cgo variant and one for builds without cgo, as the standard library's
// net and os/user do: a build with cgo: false takes the second.
package platform

// #include <stdlib.h>
import "C"

const WithCgo = true

func Describe() string { return "with cgo" }
