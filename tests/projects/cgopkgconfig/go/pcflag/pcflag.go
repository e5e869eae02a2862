// Package pcflag reads a macro that a .pc file found through Meson's pkg_config_path option
// defines: an edit of that file must reach the build.
package pcflag

// #cgo pkg-config: pcflag
// static int pcflag_value(void) { return PCFLAG; }
import "C"

// Value is PCFLAG as pcflag.pc defines it.
func Value() int { return int(C.pcflag_value()) }
