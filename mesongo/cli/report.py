"""`mesongo inspect`: the answers of nm -D, readelf -d/-V/-n/-l and ldd (objdump -p for a PE
image, otool -l -L for a Mach-O one) in one readable report (or JSON), from elf.py's, pe.py's
and macho.py's facts."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from ..binfmt import macho, pe
from ..binfmt.elf import ElfFacts, format_version, go_objects
from ..binfmt.macho import MachOFacts
from ..binfmt.pe import PeFacts

Facts = ElfFacts | PeFacts | MachOFacts

MUSL_NOTE = ("musl: link this library at program start or LD_PRELOAD it; dlopen() cannot load a Go library "
             "on musl (initial-exec TLS, golang/go#54805)")


def as_json(facts: Facts) -> dict[str, Any]:
    if isinstance(facts, MachOFacts):
        return {
            "path": facts.path, "format": "macho", "machine": facts.machine, "machine_name": facts.machine_name,
            "bits": facts.bits, "type": facts.kind, "load_commands": list(facts.load_commands),
            "install_name": facts.install_name, "compatibility_version": facts.compatibility_version,
            "current_version": facts.current_version, "dylibs": list(facts.dylibs), "rpaths": list(facts.rpaths),
            "platform": facts.platform, "minos": macho.format_version(facts.minos) if facts.minos else None,
            "sdk": macho.format_version(facts.sdk) if facts.sdk else None, "signature": facts.signature,
            "uuid": facts.uuid, "exports": [s.name for s in facts.exports],
            "imports": [{"name": s.name, "library": s.library} for s in facts.imports],
            "unbound_imports": list(facts.unbound_imports),
            "go_version": facts.go_version, "go_module": facts.go_module, "go_settings": dict(facts.go_settings),
        }
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


def macho_text(facts: MachOFacts) -> str:
    lines = [f"{facts.path}: Mach-O {facts.bits}-bit {facts.kind}, {facts.machine_name}"]

    def row(label: str, value: str) -> None:
        lines.append(f"  {label:<12} {value}")

    if facts.kind != "object":
        counted: dict[str, int] = {}
        for name in facts.load_commands:
            counted[name] = counted.get(name, 0) + 1
        row("commands", " ".join(f"{n}x{c}" if c > 1 else n for n, c in counted.items()))
        if facts.kind == "dylib":
            row("install name", facts.install_name or "-")
            row("versions", f"compatibility {facts.compatibility_version or '-'}, current "
                            f"{facts.current_version or '-'}")
        row("dylibs", _list(list(facts.dylibs)))
        row("rpaths", _list(list(facts.rpaths)))
        if facts.minos:
            row(facts.platform or "platform", f"{macho.format_version(facts.minos)} or later (SDK "
                                              f"{macho.format_version(facts.sdk)})")
        row("signature", facts.signature or "none")
        if facts.uuid:
            row("uuid", facts.uuid)
    if facts.go_version:
        mode = facts.go_settings.get("-buildmode", "?")
        row("go", f"{facts.go_version}, module {facts.go_module or '?'}, -buildmode={mode}")
    row(f"exports ({len(facts.exports)})", _list([s.name for s in facts.exports]))
    if facts.kind != "object":
        by_library: dict[str, int] = {}
        for s in facts.imports:
            by_library[s.library or "?"] = by_library.get(s.library or "?", 0) + 1
        row(f"imports ({len(facts.imports)})", _list([f"{os.path.basename(lib)} {n}" for lib, n in by_library.items()]))
        unbound = facts.unbound_imports
        if unbound:
            shown = " ".join(unbound[:12]) + (f" and {len(unbound) - 12} more" if len(unbound) > 12 else "")
            row(f"host symbols ({len(unbound)})", f"{shown} (bound to no dylib: the loading program provides them)")
    return "\n".join(lines)


def text(facts: Facts) -> str:
    if isinstance(facts, MachOFacts):
        return macho_text(facts)
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


def archive_text(path: str, members: Sequence[Facts]) -> str:
    """An archive: one line for it, then the Go object (go.o) in full; the cgo objects by name."""
    go: list[Any] = (pe.go_objects([m for m in members if isinstance(m, PeFacts)])
                     or macho.go_objects([m for m in members if isinstance(m, MachOFacts)])
                     or go_objects([m for m in members if isinstance(m, ElfFacts)]))
    others = [os.path.basename(m.path) for m in members if m not in go]
    objects = ("COFF" if members and isinstance(members[0], PeFacts)
               else "Mach-O" if members and isinstance(members[0], MachOFacts) else "ELF")
    head = f"{path}: ar archive, {len(members)} {objects} members"
    body = [text(m) for m in go]
    if others:
        body.append("  other members: " + " ".join(o[o.index("(") + 1:-1] for o in others))
    return "\n".join([head, *body])
