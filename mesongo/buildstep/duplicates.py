"""A C symbol defined twice in a Go build, told in terms of the Go files.

The usual cause is a definition in the cgo preamble of a file with //export functions. cgo's
documentation (cmd/cgo, "C references to Go"): "Using //export in a file places a restriction on
the preamble: since it is copied into two different C output files, it must not contain any
definitions, only declarations." Go builds the package without complaint; the link fails (the one
that makes one object of a library's Go archive, or Go's own link of a program) with `multiple
definition of 'f'` between the two copies, named after files that existed only while Go ran
(`/tmp/go-build/defs.cgo2.c:14`, `_cgo_export.c:14`). cgo puts `#line` directives before the
copies, so the line numbers are the Go file's, and `defs.cgo2.c` is the C that cgo wrote for
`defs.go`. A `static` definition has internal linkage and collides with nothing, so only what
really breaks the link is reported. Reading the linker's messages finds exactly those, macros and
all, where a reading of the preamble would need a Go parser and a C parser to guess.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# GNU ld: "FILE:LINE: multiple definition of `f'; OBJ:FILE:LINE: first defined here" (the second
# place may lack a line without debug info).
_GNU = re.compile(r"(?:(?P<file>[^\s:;()]+):(?P<line>\d+): |\(\S+\): )multiple definition of [`'\u2018]"
                  r"(?P<symbol>[^'`\u2019]+)['\u2019]; (?P<rest>.*)$")
_GNU_FIRST = re.compile(r"(?P<file>[^\s:;()]+):(?P<line>\d+): first defined here")
# lld (zig cc): "duplicate symbol: f" then ">>> defined at FILE:LINE" for each place.
_LLD_SYMBOL = re.compile(r"duplicate symbol: (?P<symbol>.+)$")
_LLD_PLACE = re.compile(r"^>>> defined at (?P<file>[^\s:]+):(?P<line>\d+)")

EXPORT_COPY = "_cgo_export.c"   # where cgo copies the preamble of every file with //export functions
RULE = ('cgo\'s documentation on //export: "Using //export in a file places a restriction on the preamble: since '
        'it is copied into two different C output files, it must not contain any definitions, only declarations."')


@dataclass(frozen=True)
class Place:
    file: str                  # as the linker names it (a temporary path of Go's)
    line: int


@dataclass(frozen=True)
class Duplicate:
    symbol: str
    places: tuple[Place, ...]


def duplicates(linker_messages: str) -> list[Duplicate]:
    """The symbols a GNU ld or lld run says are defined more than once, with the places it names."""
    found: dict[str, list[Place]] = {}
    lld_symbol: str | None = None
    for line in linker_messages.splitlines():
        gnu = _GNU.search(line)
        if gnu:
            places = found.setdefault(gnu.group("symbol"), [])
            if gnu.group("file"):
                places.append(Place(gnu.group("file"), int(gnu.group("line"))))
            first = _GNU_FIRST.search(gnu.group("rest"))
            if first:
                places.append(Place(first.group("file"), int(first.group("line"))))
            continue
        lld = _LLD_SYMBOL.search(line)
        if lld:
            lld_symbol = lld.group("symbol").strip()
            found.setdefault(lld_symbol, [])
            continue
        place = _LLD_PLACE.match(line)
        if place and lld_symbol is not None:
            found[lld_symbol].append(Place(place.group("file"), int(place.group("line"))))
    return [Duplicate(symbol, tuple(dict.fromkeys(places))) for symbol, places in found.items()]


def go_file_name(c_file: str) -> str | None:
    """The file of the Go package a C file name of Go's build stands for: `defs.cgo2.c` (what cgo
    writes for defs.go) and `defs.go` (a #line name) are defs.go; `foo.c` is the package's own C
    file; None for cgo's copy of the preambles (_cgo_export.c)."""
    name = os.path.basename(c_file)
    if name == EXPORT_COPY:
        return None
    return name[:-len(".cgo2.c")] + ".go" if name.endswith(".cgo2.c") else name


def explain(found: Sequence[Duplicate], locate: Callable[[str], list[str]]) -> str:
    """One message per symbol, naming the Go (or C) files and lines; `locate(name)` gives the
    paths of the package files of that name (to show relative to the build dir)."""
    messages: list[str] = []
    for dup in found:
        own: list[str] = []
        copied = False
        for place in dup.places:
            name = go_file_name(place.file)
            if name is None:
                copied = True
                continue
            paths = [os.path.relpath(p) for p in locate(name)] or [name]
            own += [f"{p}:{place.line}" for p in paths]
        own = list(dict.fromkeys(own))
        if copied or len(own) == 1:
            where = " or ".join(own) + ": " if own else ""
            messages.append(
                f"{where}the cgo preamble of a file with //export functions defines {dup.symbol}, which has external "
                f"linkage, so the link finds it defined twice ({RULE}): make it static (or static inline), or move the "
                "definition into a .c file of the package and keep only a declaration in the preamble")
        elif own:
            messages.append(f"{dup.symbol} is defined more than once in the C of the Go packages ({', '.join(own)}): "
                            "keep one definition, and make the others static or declarations")
        else:   # no debug information (CGO_CFLAGS without -g): the linker names no source line
            messages.append(
                f"{dup.symbol} is defined more than once in the C of the Go packages; a definition with external "
                f"linkage in the cgo preamble of a file with //export functions is the usual cause ({RULE}): make it "
                "static (or static inline), or move it into a .c file of the package")
    return "\n".join(messages)
