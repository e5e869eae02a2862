// Package data has a test that reads a file another Meson target generates.
package data
