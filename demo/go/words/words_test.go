package words

import "testing"

func TestCount(t *testing.T) {
	for text, want := range map[string]int{"": 0, "one": 1, "  two  words ": 2, "a\tb\nc": 3} {
		if got := Count(text); got != want {
			t.Errorf("Count(%q) = %d, want %d", text, got, want)
		}
	}
}

func TestCountIsStable(t *testing.T) {
	if Count("hello from Go") != Count("hello from Go") {
		t.Fatal("Count changed its mind")
	}
}
