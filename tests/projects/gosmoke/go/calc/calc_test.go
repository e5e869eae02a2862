package calc

import "testing"

func TestSum(t *testing.T) {
	if got := Sum(100); got != 5050 {
		t.Fatalf("Sum(100) = %d", got)
	}
}

func TestSumOfNothing(t *testing.T) {
	if got := Sum(0); got != 0 {
		t.Fatalf("Sum(0) = %d", got)
	}
}
