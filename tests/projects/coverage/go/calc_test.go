package main

import "testing"

func TestTriple(t *testing.T) {
	if triple(5) != 15 {
		t.Fatal("triple(5) != 15")
	}
}
