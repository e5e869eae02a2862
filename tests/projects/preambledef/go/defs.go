package main

/*
// A static function has internal linkage: each of cgo's two copies keeps its own, which is fine.
static int twice(int x) { return 2 * x; }

int scaled(int x)
{
	return 10 * twice(x);
}
*/
import "C"

//export preambledef_scaled
func preambledef_scaled(x C.int) C.int { return C.scaled(x) }

func main() {}
