//go:build !cgo

package platform

const WithCgo = false

func Describe() string { return "without cgo" }
