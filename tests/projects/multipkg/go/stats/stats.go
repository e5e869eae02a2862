// Package stats keeps a running total: a Go package with a C API of its own, part of a larger
// Go code base (not a package main).
package stats

// #include "stats_private.h"
import "C"

import "sync"

var (
	mu    sync.Mutex
	total int64
)

// Record adds n to the total and returns it (Go callers).
func Record(n int64) int64 {
	mu.Lock()
	defer mu.Unlock()
	total += n
	return total
}

// Total is the running total.
func Total() int64 {
	mu.Lock()
	defer mu.Unlock()
	return total
}

//export StatsRecord
func StatsRecord(n C.stats_count) C.stats_count { return C.stats_count(Record(int64(n))) }

//export StatsScaled
func StatsScaled(factor C.int) C.stats_count { return C.stats_scale(C.stats_count(Total()), factor) }
