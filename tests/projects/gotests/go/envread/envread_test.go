package envread

import (
	"os"
	"testing"
)

// TestGreeting names a subtest after the value of GREETING in the test's environment (go.test's
// env:), and says whether a variable of the test's build environment (build_env:) reached it.
func TestGreeting(t *testing.T) {
	greeting := os.Getenv(Variable)
	if greeting == "" {
		t.Fatalf("%s is not set", Variable)
	}
	t.Run(greeting, func(t *testing.T) {})
	if os.Getenv("MESONGO_BUILD_MARK") != "" {
		t.Run("build-env-at-run-time", func(t *testing.T) {})
	}
}
