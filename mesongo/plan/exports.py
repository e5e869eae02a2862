"""Which symbols a Go shared library exports: the rule of the `exports` keyword applied to what
the build produced. Pure: the cgo header's text and the archive members' ELF facts in, names out.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import Protocol

from ..binfmt.elf import Symbol
from .header import declaration_sections
from .model import ExportMode, ExportRule


class ObjectFacts(Protocol):
    """An archive member as a binary format reads it (ELF or COFF): its name, the symbols it
    defines and the source files it names."""

    @property
    def path(self) -> str: ...
    @property
    def exports(self) -> tuple[Symbol, ...]: ...
    @property
    def source_files(self) -> tuple[str, ...]: ...


EXPORT_DECLARATION = re.compile(r"^extern\b[^;(\n]*?\b(\w+)\s*\(", re.M)
# What cgo and runtime/cgo define in the objects it adds to every c-archive; never API.
CGO_RUNTIME_PREFIXES = ("_cgo_", "x_cgo_", "crosscall", "__cgo_", "_cgoexp_")


def header_exports(header_text: str) -> list[str]:
    """The //export functions a cgo header declares: the `extern` declarations cgo writes after
    its boilerplate prologue (the prologue itself declares nothing exported), in each package's
    part of the header."""
    sections = declaration_sections(header_text)
    if not sections:
        return EXPORT_DECLARATION.findall(header_text)
    return [name for start, end in sections for name in EXPORT_DECLARATION.findall(header_text[start:end])]


# Symbol types that are code: functions, IFUNCs, and assembly labels without a .type directive.
CODE_SYMBOL_TYPES = frozenset({"STT_FUNC", "STT_GNU_IFUNC", "STT_LOOS", "STT_NOTYPE"})


def is_c_api_symbol(name: str) -> bool:
    """A C-linkage name that may be API: not C++-mangled, not cgo's, not reserved."""
    return not (name.startswith(("_Z", "__")) or name.startswith(CGO_RUNTIME_PREFIXES))


def own_members(members: Sequence[ObjectFacts], cgo_files: int, own_files: Sequence[str]) -> list[ObjectFacts]:
    """The archive members compiled from the main package's own C/C++/assembly files.

    The Go linker copies the host objects of the main package first, right after go.o: the
    object of _cgo_export.c, one per cgo file, then the package's SFiles, CFiles, MFiles,
    CXXFiles and FFiles in go list's order (cmd/go/internal/work: cgo's object list; cmd/link
    numbers them 000000.o, ...). `own_files` lists the latter in that order. Each object that
    names its source (an STT_FILE symbol: C and C++ do, assembly usually not) must name the
    expected file; if one does not, the layout is not what this rule knows, and members are
    matched by the file they name instead."""
    start = 1 + 1 + cgo_files
    chosen = list(members[start:start + len(own_files)])
    names = [os.path.basename(f) for f in own_files]
    fits = len(chosen) == len(names) and all(
        not m.source_files or names[i] in {os.path.basename(f) for f in m.source_files}
        for i, m in enumerate(chosen))
    if fits:
        return chosen
    return members_from(members, own_files)


def members_from(members: Sequence[ObjectFacts], files: Sequence[str]) -> list[ObjectFacts]:
    """The archive members that name (STT_FILE) one of `files` as their source."""
    wanted = {os.path.basename(f) for f in files}
    return [m for m in members if {os.path.basename(f) for f in m.source_files} & wanted]


def c_api_functions(members: Sequence[ObjectFacts]) -> list[str]:
    """Functions with C linkage that `members` define with global (not weak) binding."""
    return sorted({s.name for m in members for s in m.exports
                   if s.kind in CODE_SYMBOL_TYPES and not s.weak and is_c_api_symbol(s.name)})


def export_names(rule: ExportRule, header_text: str, own_objects: Sequence[ObjectFacts] = ()) -> list[str] | None:
    """The names the library must export, or None for Go's default (everything)."""
    if rule.mode is ExportMode.ALL:
        return None
    if rule.mode is ExportMode.LIST:
        return list(rule.names)
    names = header_exports(header_text)
    if rule.mode is ExportMode.API:
        names += [n for n in c_api_functions(own_objects) if n not in names]
    return names
