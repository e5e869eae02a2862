"""`python -m mesongo.testrun --go GO --dir DIR [--exe-wrapper=ARG]... BINARY -- ARGS...`: what
`meson test` runs for a go.test(): the Go test binary (through the cross-file's exe_wrapper, if
any) in the package directory, as `go test` would, with its output turned into TAP by
`go tool test2json`: one result per Go test and subtest, named, so that `meson test -v` and the
test log say which TestX passed and which failed."""

import sys

from .tap import run

sys.exit(run(sys.argv[1:]))
