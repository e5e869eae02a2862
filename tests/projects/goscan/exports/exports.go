// Package main has //export functions in every doc-comment shape cgo reads, and results and
// parameters of every kind cgo's pointer-passing rules forbid or allow (tests/test_goscan.py).
package main

// struct pt { int x; };
import "C"

import "unsafe"

var counter = 0 // a line comment ends here; the next group is a doc comment
//export after_line_comment
func after_line_comment() {}

//export not_doc_blank_line

func notDocBlankLine() {}

/* A block comment,
   then the export line: one group. */
//export after_block
func after_block() (string, error) { return "", nil }

// Map and chan parameters, named results.
//
//export maps_and_chans
func maps_and_chans(a, b map[string]int, c chan<- int) (x, y words, z cstring, w goint) {
	return
}

//export named_types
func named_types(cb callback, p *C.int, s string, bs []byte) (callback, iface, map[string]int, any, *cstring) {
	return nil, nil, nil, nil, nil
}

func before() {} //export line_comment_not_doc

//export   spaced
func spaced() {}

//exportnospace
func noSpace() {}

/*export block_not_export */
func blockNotExport() {}

//export pointers
func pointers() (*int, *C.int, *point, *words, unsafe.Pointer, *unsafe.Pointer, **C.char, <-chan int, func()) {
	return nil, nil, nil, nil, nil, nil, nil, nil, nil
}
