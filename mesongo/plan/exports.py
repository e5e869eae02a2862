"""Which symbols a Go shared library exports: the rule of the `exports` keyword applied to what
the build produced. Pure: the cgo header's text and the archive members' ELF facts in, names out.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence

from ..binfmt.elf import ElfFacts
from .model import ExportMode, ExportRule

EXPORT_DECLARATION = re.compile(r"^extern\b[^;(\n]*?\b(\w+)\s*\(", re.M)
CGO_PROLOGUE_END = "/* End of boilerplate cgo prologue.  */"
# What cgo and runtime/cgo define in the objects it adds to every c-archive; never API.
CGO_RUNTIME_PREFIXES = ("_cgo_", "x_cgo_", "crosscall", "__cgo_", "_cgoexp_")
# Source files that cgo generates for a package (their objects hold the //export wrappers and
# the calls into C): never the package's own API.
CGO_GENERATED_SUFFIXES = (".cgo2.c", "_cgo_export.c", "_cgo_main.c")


def header_exports(header_text: str) -> list[str]:
    """The //export functions a cgo header declares: the `extern` declarations cgo writes after
    its boilerplate prologue (the prologue itself declares nothing exported)."""
    _, found, exports = header_text.partition(CGO_PROLOGUE_END)
    return EXPORT_DECLARATION.findall(exports if found else header_text)


def own_sources(package_files: Sequence[str]) -> set[str]:
    """Base names of a package's own C, C++ and assembly files (go list's CFiles, CXXFiles, SFiles)."""
    return {os.path.basename(f) for f in package_files}


def is_c_api_symbol(name: str) -> bool:
    """A C-linkage name that may be API: not C++-mangled, not cgo's, not reserved."""
    return not (name.startswith(("_Z", "__")) or name.startswith(CGO_RUNTIME_PREFIXES))


def c_api_functions(members: Sequence[ElfFacts], own_files: set[str]) -> list[str]:
    """Functions with C linkage defined (strongly) by the archive members compiled from the
    package's own C/C++/assembly files: a member counts as the package's when an STT_FILE
    symbol names one of `own_files`."""
    found: set[str] = set()
    for member in members:
        names = {os.path.basename(f) for f in member.source_files}
        if not names & own_files or any(n.endswith(CGO_GENERATED_SUFFIXES) for n in names):
            continue
        found.update(s.name for s in member.exports
                     if s.kind == "STT_FUNC" and not s.weak and is_c_api_symbol(s.name))
    return sorted(found)


def export_names(rule: ExportRule, header_text: str, members: Sequence[ElfFacts] | None = None,
                 own_files: set[str] | None = None) -> list[str] | None:
    """The names the library must export, or None for Go's default (everything)."""
    if rule.mode is ExportMode.ALL:
        return None
    if rule.mode is ExportMode.LIST:
        return list(rule.names)
    names = header_exports(header_text)
    if rule.mode is ExportMode.API:
        names += [n for n in c_api_functions(members or (), own_files or set()) if n not in names]
    return names
