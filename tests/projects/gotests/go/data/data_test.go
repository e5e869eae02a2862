package data

import (
	"os"
	"strings"
	"testing"
)

// TestData names a subtest after the first line of the file DATA_FILE names.
func TestData(t *testing.T) {
	text, err := os.ReadFile(os.Getenv("DATA_FILE"))
	if err != nil {
		t.Fatal(err)
	}
	t.Run(strings.TrimSpace(string(text)), func(t *testing.T) {})
}
