"""C compiler messages about the C that cgo writes for //export functions, moved to the Go source.

When the C compiler refuses the prototype cgo writes for an //export function (a preamble that
declares the same name with another type, a type the preamble does not declare), its message
names `cgo-gcc-export-header-prolog:55:12` or `_cgo_export.c:26:5`: lines of files that exist
only while go build runs. The build step asks cgo for the same files again (`go tool cgo`, as
for a header), finds the //export function the line belongs to, and goscan (tree-sitter) says
where that function is; the message then names its Go file and line.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..fsutil import read_text, remove_tree
from ..toolchain import goscan, runner
from ..toolchain.gocmd import list_argv

if TYPE_CHECKING:
    from ..toolchain.gofacts import Package

CgoArgv = Callable[["Package", str, str], list[str]]   # cgo on a package: (package, objdir, header) -> argv

PROLOG = "cgo-gcc-export-header-prolog"   # cmd/cgo/out.go gccExportHeaderProlog's #line name
EXPORT_C = "_cgo_export.c"   # build.py's _GoMessages knows both names, to import this module only when needed
LOCATION = re.compile(rf"^({re.escape(PROLOG)}|{re.escape(EXPORT_C)}):(\d+):(?:\d+:)?(.*)$", re.S)
_PROLOG_LINE = f'#line 1 "{PROLOG}"'
_PROLOG_END = "/* End of boilerplate cgo prologue.  */"
_WRAPPER = re.compile(r"extern void _cgoexp_[0-9a-f]+_(\w+)\(void \*\);")   # before each export's C definition


@dataclass(frozen=True)
class ExportLine:
    name: str    # the //export function
    c_text: str  # the C line the message is about


def exported_at(generated: str, source: str, line: int) -> ExportLine | None:
    """Which //export function line `line` of `source` (PROLOG: in _cgo_export.h, counted from
    cgo's #line; EXPORT_C: _cgo_export.c) belongs to, from that file's text; None for a line of
    cgo's own boilerplate."""
    lines = generated.splitlines()
    if source == PROLOG:
        if _PROLOG_LINE not in lines or _PROLOG_END not in lines:
            return None
        index = lines.index(_PROLOG_LINE) + line
        if index <= lines.index(_PROLOG_END) or index >= len(lines):
            return None
        # An export's return struct and doc comment come before its prototype.
        for text in lines[index:]:
            match = re.match(r"extern .*?(\w+)\s*\(", text)
            if match:
                return ExportLine(match.group(1), text.strip())
        return None
    index = line - 1
    if not 0 <= index < len(lines):
        return None
    for text in reversed(lines[:index + 1]):
        match = _WRAPPER.match(text)
        if match:
            return ExportLine(match.group(1), lines[index].strip())
    return None


class ExportLocator:
    """For one failed build: the Go file:line of the //export function that a message about
    cgo's export C is about. Asks go list, cgo and goscan once per package, and only when such
    a message comes."""

    def __init__(self, go: str, env: Mapping[str, str], package_dir: str, build_args: Sequence[str], package: str,
                 scratch_dir: str, cgo_argv: CgoArgv) -> None:
        self.go, self.env, self.package_dir = go, dict(env), package_dir
        self.build_args, self.package, self.scratch_dir, self.cgo_argv = build_args, package, scratch_dir, cgo_argv
        self.found: dict[str, tuple[dict[str, str], dict[str, str]] | None] = {}

    def _facts(self, import_path: str) -> tuple[dict[str, str], dict[str, str]] | None:
        """The package's generated export files (source -> text) and its exports (name -> file:line)."""
        from ..toolchain.gofacts import parse_packages

        out = runner.run(list_argv(self.go, self.build_args, deps=True, packages=[self.package]), self.env,
                         cwd=self.package_dir, check=False)
        package = next((p for p in parse_packages(out) if p.import_path == import_path and p.cgo_files), None)
        if package is None:
            return None
        objdir = os.path.join(self.scratch_dir, "cgo-messages")
        remove_tree(objdir)
        os.makedirs(objdir)
        # cgo copies its _cgo_export.h to the header it is asked for: another name, or it empties it.
        header = os.path.join(objdir, "_cgo_install.h")
        if runner.run_full(self.cgo_argv(package, objdir, header), {**self.env, "TERM": "dumb"}, cwd=package.dir,
                           check=False)[0] != 0:
            return None
        generated = {PROLOG: read_text(header) or "", EXPORT_C: read_text(os.path.join(objdir, EXPORT_C)) or ""}
        # The package built as far as cgo: no syntax error to word, hence no gofmt.
        scans = goscan.scan_packages([(package.dir, [*package.go_files, *package.cgo_files])], None, self.env)
        return generated, {e.name: e.pos for s in scans for e in s.exports}

    def locate(self, import_path: str, source: str, line: int) -> tuple[str, ExportLine] | None:
        """(the Go file:line of the //export function, what cgo wrote there), or None."""
        if import_path not in self.found:
            self.found[import_path] = self._facts(import_path)
        facts = self.found[import_path]
        if facts is None:
            return None
        generated, positions = facts
        export = exported_at(generated[source], source, line)
        if export is None or export.name not in positions:
            return None
        return positions[export.name], export
