package tests

import "testing"

func TestNothing(t *testing.T) {}
