"""`mesongo inspect`: the answers of nm -D, readelf -d/-V/-n/-l and ldd (objdump -p for a PE
image) in one readable report (or JSON), from elf.py's and pe.py's facts."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from ..binfmt import pe
from ..binfmt.elf import ElfFacts, format_version, go_objects
from ..binfmt.pe import PeFacts

MUSL_NOTE = ("musl: link this library at program start or LD_PRELOAD it; dlopen() cannot load a Go library "
             "on musl (initial-exec TLS, golang/go#54805)")


def as_json(facts: ElfFacts | PeFacts) -> dict[str, Any]:
    if isinstance(facts, PeFacts):
        return {
            "path": facts.path, "format": "pe", "machine": facts.machine, "machine_name": facts.machine_name,
            "bits": facts.bits, "type": facts.kind, "internal_name": facts.internal_name,
            "dll_characteristics": list(facts.dll_characteristics), "subsystem": facts.subsystem,
            "exports": [s.name for s in facts.exports], "imported_dlls": list(facts.imported_dlls),
            "go_version": facts.go_version, "go_module": facts.go_module, "go_settings": dict(facts.go_settings),
        }
    glibc_max = facts.glibc_max
    return {
        "path": facts.path,
        "class": facts.elf_class,
        "machine": facts.machine,
        "machine_name": facts.machine_name,
        "endian": "little" if facts.little_endian else "big",
        "type": facts.elf_type,
        "soname": facts.soname,
        "needed": list(facts.needed),
        "runpath": list(facts.runpath),
        "rpath": list(facts.rpath),
        "interpreter": facts.interpreter,
        "flags": list(facts.flags),
        "flags_1": list(facts.flags_1),
        "textrel": facts.textrel,
        "libc": facts.libc,
        "glibc_max": format_version(glibc_max) if glibc_max else None,
        "glibc_max_symbols": facts.symbols_needing(glibc_max) if glibc_max else [],
        "exports": [{"name": s.name, "version": s.version} for s in facts.exports],
        "imports": [{"name": s.name, "version": s.version, "library": s.library} for s in facts.imports],
        "host_symbols": list(facts.host_symbols),
        "build_id": facts.build_id,
        "go_version": facts.go_version,
        "go_module": facts.go_module,
        "go_settings": dict(facts.go_settings),
    }


def _list(values: tuple[str, ...] | list[str]) -> str:
    return " ".join(values) if values else "-"


def pe_text(facts: PeFacts) -> str:
    kind = {"dll": "DLL", "exe": "program", "object": "COFF object"}[facts.kind]
    lines = [f"{facts.path}: PE{'32+' if facts.bits == 64 else '32'} {kind}, {facts.machine_name}"]

    def row(label: str, value: str) -> None:
        lines.append(f"  {label:<12} {value}")

    if facts.kind != "object":
        row("name", facts.internal_name or "-")
        row("imports", _list(list(facts.imported_dlls)))
        row("flags", _list(list(facts.dll_characteristics)))
        row("subsystem", facts.subsystem or "-")
    if facts.go_version:
        mode = facts.go_settings.get("-buildmode", "?")
        row("go", f"{facts.go_version}, module {facts.go_module or '?'}, -buildmode={mode}")
    row(f"exports ({len(facts.exports)})", _list([s.name for s in facts.exports]))
    return "\n".join(lines)


def text(facts: ElfFacts | PeFacts) -> str:
    if isinstance(facts, PeFacts):
        return pe_text(facts)
    kind = {"ET_DYN": "shared object", "ET_EXEC": "executable", "ET_REL": "relocatable object"}.get(
        facts.elf_type, facts.elf_type)
    if facts.elf_type == "ET_DYN" and (facts.interpreter or "PIE" in facts.flags_1):
        kind = "position-independent executable"
    endian = "little" if facts.little_endian else "big"
    lines = [f"{facts.path}: ELF{facts.elf_class} {kind}, {facts.machine_name}, {endian} endian"]

    def row(label: str, value: str) -> None:
        lines.append(f"  {label:<12} {value}")

    if facts.elf_type != "ET_REL":
        row("soname", facts.soname or "-")
        row("needed", _list(facts.needed))
        if facts.runpath or facts.rpath:
            row("runpath" if facts.runpath else "rpath", ":".join(facts.runpath or facts.rpath))
        if facts.interpreter:
            row("interpreter", facts.interpreter)
        flags = [*facts.flags, *facts.flags_1]
        row("flags", _list(sorted(set(flags))) + (" (TEXTREL!)" if facts.textrel and "TEXTREL" not in flags else ""))
        libc = facts.libc
        glibc_max = facts.glibc_max
        if glibc_max:
            needing = facts.symbols_needing(glibc_max)
            shown = ", ".join(needing[:4]) + (", ..." if len(needing) > 4 else "")
            libc += f", needs GLIBC_{format_version(glibc_max)} at most ({shown})"
        row("libc", libc)
    if facts.build_id:
        row("build-id", facts.build_id)
    if facts.go_version:
        mode = facts.go_settings.get("-buildmode", "?")
        row("go", f"{facts.go_version}, module {facts.go_module or '?'}, -buildmode={mode}")
    row(f"exports ({len(facts.exports)})", _list([s.name + (f"@{s.version}" if s.version else "")
                                                  for s in facts.exports]))
    if facts.elf_type != "ET_REL":
        versioned = sorted({s.version for s in facts.imports if s.version})
        row(f"imports ({len(facts.imports)})", f"{len(versioned)} symbol versions: {_list(versioned)}")
        host = facts.host_symbols
        if host:   # a plugin's: the host process provides them (or a NEEDED library without versions)
            shown = " ".join(host[:12]) + (f" and {len(host) - 12} more" if len(host) > 12 else "")
            row(f"host symbols ({len(host)})", f"{shown} (undefined, unversioned: the loading program provides them)")
    if facts.libc == "musl" and facts.elf_type == "ET_DYN" and facts.go_version:
        row("note", MUSL_NOTE)
    return "\n".join(lines)


def archive_text(path: str, members: Sequence[ElfFacts | PeFacts]) -> str:
    """An archive: one line for it, then the Go object (go.o) in full; the cgo objects by name."""
    go: list[Any] = (pe.go_objects([m for m in members if isinstance(m, PeFacts)])
                     or go_objects([m for m in members if isinstance(m, ElfFacts)]))
    others = [os.path.basename(m.path) for m in members if m not in go]
    objects = "COFF" if members and isinstance(members[0], PeFacts) else "ELF"
    head = f"{path}: ar archive, {len(members)} {objects} members"
    body = [text(m) for m in go]
    if others:
        body.append("  other members: " + " ".join(o[o.index("(") + 1:-1] for o in others))
    return "\n".join([head, *body])
