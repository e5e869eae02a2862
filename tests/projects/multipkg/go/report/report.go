// Package report formats what package stats counted: a second Go package with //export
// functions, sharing the first one's state (one Go runtime for both).
package report

// #include <stdlib.h>
import "C"

import (
	"fmt"
	"unsafe"

	"example.com/multipkg/stats"
)

//export ReportSummary
func ReportSummary() *C.char {
	return C.CString(fmt.Sprintf("total %d", stats.Total()))
}

//export ReportFree
func ReportFree(s *C.char) { C.free(unsafe.Pointer(s)) }
