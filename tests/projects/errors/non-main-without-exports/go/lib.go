package greet

import "C"

// Answer is Go API only: no //export, so C has nothing to call.
func Answer() C.int { return 42 }
