package a

import "C"

//export fa
func fa() {}
