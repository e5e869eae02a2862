// Package calc is the Go code the smoke project's targets share.
package calc

// Sum is 1 + 2 + ... + n.
func Sum(n int64) int64 {
	var total int64
	for i := int64(1); i <= n; i++ {
		total += i
	}
	return total
}
