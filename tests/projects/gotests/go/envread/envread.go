// Package envread has a test that reports the environment it runs in.
package envread

// Variable is the run-time variable its test reads.
const Variable = "GREETING"
