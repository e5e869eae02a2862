package calc

import "testing"

func TestAdd(t *testing.T) {
	if got := Add(40, 2); got != 42*Scale {
		t.Fatalf("Add(40, 2) = %d", got)
	}
}

func TestName(t *testing.T) {
	if Name() != "calc 1.0" {
		t.Fatalf("Name() = %q", Name())
	}
}

func TestTable(t *testing.T) {
	for _, c := range []struct{ a, b int }{{1, 2}, {3, 4}} {
		t.Run("sum", func(t *testing.T) {
			if Add(c.a, c.b) != (c.a+c.b)*Scale {
				t.Fail()
			}
		})
	}
}
