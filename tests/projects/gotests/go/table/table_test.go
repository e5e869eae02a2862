package table

import "testing"

func TestAdd(t *testing.T) {
	if Add(40, 2) != 42 {
		t.Fatal("Add(40, 2) != 42")
	}
}

func TestTable(t *testing.T) {
	t.Run("good", func(t *testing.T) {})
	t.Run("bad", func(t *testing.T) { t.Error("bad on purpose") })
}
