// Package main is the greet library: a few functions a C program calls.
package main

/*
#include <stdlib.h>
*/
import "C"

import (
	"fmt"
	"os"
	"sync"
	"unsafe"
)

//export greet_add
func greet_add(a, b C.int) C.int { return a + b }

//export greet_hello
func greet_hello(name *C.char) *C.char {
	return C.CString(fmt.Sprintf("hello, %s", C.GoString(name)))
}

//export greet_free
func greet_free(p *C.char) { C.free(unsafe.Pointer(p)) }

// greet_parallel_sum adds 1..n with one goroutine per number.
//
//export greet_parallel_sum
func greet_parallel_sum(n C.int) C.long {
	var mu sync.Mutex
	var wg sync.WaitGroup
	total := 0
	for i := 1; i <= int(n); i++ {
		wg.Add(1)
		go func(v int) {
			defer wg.Done()
			mu.Lock()
			total += v
			mu.Unlock()
		}(i)
	}
	wg.Wait()
	return C.long(total)
}

//export greet_getenv
func greet_getenv(key *C.char) *C.char {
	return C.CString(os.Getenv(C.GoString(key)))
}

//export greet_argc
func greet_argc() C.int { return C.int(len(os.Args)) }

func main() {}
