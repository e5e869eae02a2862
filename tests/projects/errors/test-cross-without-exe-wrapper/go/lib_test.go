package main

import "testing"

func TestAnswer(t *testing.T) {}
