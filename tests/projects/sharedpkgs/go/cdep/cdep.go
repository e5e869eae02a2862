// Package cdep has C of its own and an //export callback that its C calls, as go-sqlite3 has.
package cdep

// int cdep_twice(int x);
// int cdep_call_back(int x);
import "C"

//export cdepPlusOne
func cdepPlusOne(x C.int) C.int { return x + 1 }

// TwicePlusOne doubles x in C, then adds one through a callback into Go.
func TwicePlusOne(x int) int { return int(C.cdep_call_back(C.cdep_twice(C.int(x)))) }
