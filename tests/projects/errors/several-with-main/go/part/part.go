package part

import "C"

//export part_answer
func part_answer() C.int { return 42 }
