package cm

import "testing"

// A Go test of a package whose `#cgo pkg-config:` names the subproject's library: Go links the
// test binary with what pkg-config says.
func TestMul(t *testing.T) {
	if got := Mul(6, 7); got != 42 {
		t.Fatalf("Mul(6, 7) = %d", got)
	}
}
