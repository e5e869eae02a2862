package exits

import (
	"os"
	"testing"
)

func TestOne(t *testing.T) {
	if One() != 1 {
		t.Fatal("One() != 1")
	}
}

func TestMain(m *testing.M) {
	m.Run()
	os.Exit(3)
}
