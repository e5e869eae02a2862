// A Go program whose packages reach C libraries through `#cgo pkg-config:`: Go links it.
package main

import (
	"fmt"

	"example.com/pcdemo/cm"
	"example.com/pcdemo/pcflag"
	"example.com/pcdemo/zv"
)

func main() {
	fmt.Printf("mul=%d crc=%s flag=%d\n", cm.Mul(6, 7), zv.CRC32("hello"), pcflag.Value())
}
