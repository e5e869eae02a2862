package greet

import (
	"testing"

	"example.com/cgofree/platform"
)

func TestHello(t *testing.T) {
	if got := Hello("go"); got != "hello, go" {
		t.Fatalf("Hello(go) = %q", got)
	}
}

// The test binary is built without cgo: the package's variant for such builds is the one in it.
func TestBuiltWithoutCgo(t *testing.T) {
	if platform.WithCgo {
		t.Fatal("the test binary was built with cgo")
	}
}
