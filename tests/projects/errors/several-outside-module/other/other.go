package other

import "C"

//export other_answer
func other_answer() C.int { return 42 }
