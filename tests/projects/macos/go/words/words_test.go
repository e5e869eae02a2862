package words

import "testing"

func TestCount(t *testing.T) {
	if got := Count("one two  three"); got != 3 {
		t.Fatalf("Count = %d, want 3", got)
	}
}

func TestEmpty(t *testing.T) {
	t.Run("blank", func(t *testing.T) {
		if Count("  ") != 0 {
			t.Fatal("blank text has words")
		}
	})
}
