"""goscan (tree-sitter's Go grammar) on the small Go packages of tests/projects/goscan: the //export
functions cgo sees, each with its file:line and the results and parameters that cgo's
pointer-passing rules forbid (file:line:col), func main, and syntax errors in Go's own words
(the toolchain's gofmt)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import PROJECTS, base_env, need_tool, run

from mesongo.toolchain.goscan import Export, Forbidden, ScannedPackage, gofmt_path, scan_packages

EXPORTS = PROJECTS / "goscan" / "exports"
BROKEN = PROJECTS / "goscan" / "broken"


def _gofmt() -> str:
    go = need_tool("go")
    return gofmt_path(json.loads(run([go, "env", "-json", "GOROOT", "GOHOSTOS"]).stdout))


def _scan(package: Path, gofmt: str | None) -> ScannedPackage:
    files = sorted(p.name for p in package.glob("*.go"))
    found = scan_packages([(str(package), files)], gofmt, base_env())
    assert len(found) == 1
    return found[0]


def test_exports_positions_and_forbidden_types() -> None:
    scan = _scan(EXPORTS, None)
    go, ty = str(EXPORTS / "exports.go"), "map[string]int"

    def result(index: int, kind: str, type_: str, pos: str, name: str = "") -> Forbidden:
        return Forbidden(True, index, name, kind, type_, f"{go}:{pos}")

    assert scan == ScannedPackage(str(EXPORTS), "main", True, (
        # A comment on the line of the code before it is that code's, and the next line starts the doc.
        Export("after_line_comment", f"{go}:11"),
        Export("after_block", f"{go}:20", (result(1, "string", "string", "21:21"),
                                           result(2, "interface", "error", "21:29"))),
        # Parameters: only maps and chans; each name of a field counts; a Go name of a C pointer is fine.
        Export("maps_and_chans", f"{go}:25", (
            Forbidden(False, 1, "a", "map", ty, f"{go}:26:26"), Forbidden(False, 2, "b", "map", ty, f"{go}:26:26"),
            Forbidden(False, 3, "c", "chan", "chan<- int", f"{go}:26:44"),
            result(1, "slice", "words", "26:62", "x"), result(2, "slice", "words", "26:62", "y"),
            result(4, "pointer", "goint", "26:82", "w"))),
        # The package's named types are followed, in another file too; string, slice and pointer
        # parameters may hold C memory.
        Export("named_types", f"{go}:30", (
            result(1, "func", "callback", "31:63"), result(2, "interface", "iface", "31:73"),
            result(3, "map", ty, "31:80"), result(4, "interface", "any", "31:96"))),
        Export("spaced", f"{go}:37"),
        # *C.int, *point (a C struct), unsafe.Pointer, *unsafe.Pointer, **C.char are C memory.
        Export("pointers", f"{go}:46", (
            result(1, "pointer", "*int", "47:18"), result(4, "pointer", "*words", "47:40"),
            result(8, "chan", "<-chan int", "47:91"), result(9, "func", "func()", "47:103")))), ())


def test_exports_are_the_ones_cgo_exports(tmp_path: Path) -> None:
    """The doc-comment rule is cgo's: the functions it writes a wrapper for are the ones found."""
    go = need_tool("go")
    need_tool("cc")
    files = sorted(p.name for p in EXPORTS.glob("*.go"))
    run([go, "tool", "cgo", "-objdir", tmp_path, *files], cwd=EXPORTS,
        env={**base_env(), "GOTOOLCHAIN": "local", "GOFLAGS": ""})
    # cmd/cgo/out.go: one `extern void _cgoexp_HASH_NAME(void *);` per //export function.
    by_cgo = re.findall(r"^extern void _cgoexp_[0-9a-f]+_(\w+)\(void \*\);$", (tmp_path / "_cgo_export.c").read_text(),
                        re.M)
    assert by_cgo == [e.name for e in _scan(EXPORTS, None).exports]


def test_syntax_errors_in_gos_words_first_file_first() -> None:
    scan = _scan(BROKEN, _gofmt())
    b, c = BROKEN / "b.go", BROKEN / "c.go"
    assert scan.name == "broken" and not scan.func_main and not scan.exports
    assert scan.errors[:2] == (f"{b}:5:1: expected operand, found '}}'", f"{b}:8:2: expected ';', found 'if'")
    assert scan.errors[-1] == f"{c}:3:16: expected ';', found 'EOF'"


def test_syntax_errors_without_gofmt_say_where(tmp_path: Path) -> None:
    """No gofmt (a toolchain without one): tree-sitter's first error place in each broken file."""
    scan = _scan(BROKEN, str(tmp_path / "no-gofmt"))
    assert scan.errors == (f"{BROKEN / 'b.go'}:4:11: syntax error near '+'",
                           f"{BROKEN / 'c.go'}:3:12: syntax error: missing ')'")


def test_go_that_tree_sitter_misreads_is_no_error() -> None:
    """tree-sitter's grammar is not Go's: where it finds an error that gofmt does not, there is none."""
    misread = PROJECTS / "goscan" / "misread"
    assert _scan(misread, None).errors == (f"{misread / 'misread.go'}:5:11: syntax error near '...'",)
    assert _scan(misread, _gofmt()).errors == ()


def test_gofmt_reads_every_file_so_an_error_tree_sitter_accepts_is_found(tmp_path: Path) -> None:
    """go/parser (through gofmt) refuses what tree-sitter's grammar reads as Go: setup still says
    so, in Go's words, as the Go-built scanner did."""
    (tmp_path / "params.go").write_text("package p\n\nfunc f(a int, b) {}\n")
    assert _scan(tmp_path, None).errors == (), "tree-sitter accepts it: the case this test is about"
    assert _scan(tmp_path, _gofmt()).errors == (f"{tmp_path / 'params.go'}:3:16: missing parameter type",)
