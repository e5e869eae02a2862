package b

import "C"

//export fb
func fb() {}
