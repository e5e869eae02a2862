"""The checks every library passes after it is linked, and `mesongo inspect --check` applies.

Pure: ELF, PE or Mach-O facts and the expectations in, one message per broken rule out, each
naming the file, the rule and the offending value.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:   # the build step reads the plan (hence this module) before `go build` starts
    from ..binfmt.elf import ElfFacts
    from ..binfmt.macho import MachOFacts
    from ..binfmt.pe import PeFacts

SHOWN = 8   # symbols named in one message


@dataclass(frozen=True)
class Policy:
    machine: str | None = None                 # e_machine, e.g. EM_AARCH64
    bits: int | None = None                    # 32 or 64 (ELF class, PE32 or PE32+)
    soname: str | None = None
    libc: str | None = None                    # glibc or musl
    exports: tuple[str, ...] | None = None     # exactly these dynamic symbols
    glibc_max: tuple[int, ...] | None = None
    static: bool = False                       # a program without cgo: no dynamic loader, no shared library
    # Mach-O: a dylib's (compatibility, current) version, X.Y.Z; the oldest macOS the file may ask
    # for at least (Go's documented minimum); whether undefined symbols may be left to the
    # loading program (a plugin's host) instead of naming the dylib that defines them.
    darwin_versions: tuple[str, str] | None = None
    macos_min: tuple[int, ...] | None = None
    host_symbols: bool = False

    def for_archive_member(self) -> Policy:
        """An object in an archive has no soname, libc or dynamic exports: only its machine counts."""
        return Policy(machine=self.machine, bits=self.bits)


def _some(names: list[str]) -> str:
    more = len(names) - SHOWN
    return ", ".join(names[:SHOWN]) + (f" and {more} more" if more > 0 else "")


def _exports_problem(name: str, defined: Sequence[str], asked: Sequence[str]) -> list[str]:
    have, want = set(defined), set(asked)
    extra, missing = sorted(have - want), sorted(want - have)
    if not extra and not missing:
        return []
    parts = []
    if extra:
        parts.append(f"exported but not asked for: {_some(extra)}")
    if missing:
        parts.append(f"asked for but not exported: {_some(missing)}")
    return [f"{name}: exports: " + "; ".join(parts)]


def check(facts: ElfFacts, policy: Policy) -> list[str]:
    from ..binfmt.elf import MACHINE_NAMES, format_version

    name = os.path.basename(facts.path)
    problems: list[str] = []
    if policy.machine is not None and (facts.machine, facts.elf_class) != (policy.machine, policy.bits):
        problems.append(
            f"{name}: machine: the file is {facts.machine_name} {facts.elf_class}-bit, but the host machine is "
            f"{MACHINE_NAMES.get(policy.machine, policy.machine)} {policy.bits}-bit")
    if policy.soname is not None and facts.soname != policy.soname:
        problems.append(f"{name}: soname: the SONAME is {facts.soname or 'missing'}, expected {policy.soname}")
    if policy.libc is not None and facts.libc not in (policy.libc, "none"):
        libcs = ", ".join(n for n in facts.needed if n.startswith("libc.so")) or facts.interpreter or "?"
        problems.append(f"{name}: libc: the file needs {facts.libc} ({libcs}), but the host C library is "
                        f"{policy.libc}")
    if policy.static and (facts.interpreter or facts.needed):
        what = [*([f"the dynamic loader {facts.interpreter}"] if facts.interpreter else []),
                *([f"the shared libraries {', '.join(facts.needed)}"] if facts.needed else [])]
        problems.append(f"{name}: static: built with cgo: false, the program should be static, but it needs "
                        f"{' and '.join(what)}; an -ldflags that asks for a dynamic link (e.g. -linkmode) is the "
                        "likely cause")
    if policy.exports is not None:
        problems += _exports_problem(name, facts.defined_symbols, policy.exports)
    if policy.glibc_max is not None and facts.glibc_max is not None and facts.glibc_max > policy.glibc_max:
        needed = facts.glibc_max
        problems.append(
            f"{name}: glibc_max: the file needs GLIBC_{format_version(needed)} "
            f"({_some(facts.symbols_needing(needed))}), above the ceiling {format_version(policy.glibc_max)}; "
            "build with an older glibc (e.g. a zig cross-file such as x86_64-linux-gnu.2.17) or raise glibc_max")
    return problems


def check_pe(facts: PeFacts, policy: Policy) -> list[str]:
    from ..binfmt.pe import MACHINE_NAMES as PE_MACHINE_NAMES

    """The same rules for a PE image (or a COFF object of an archive): machine, the internal name
    importers record (a DLL's own file name, as the soname is an ELF library's), and exports."""
    name = os.path.basename(facts.path)
    problems: list[str] = []
    if policy.machine is not None and (facts.machine, facts.bits) != (policy.machine, policy.bits):
        problems.append(f"{name}: machine: the file is {facts.machine_name} {facts.bits}-bit, but the host machine is "
                        f"{PE_MACHINE_NAMES.get(policy.machine, policy.machine)} {policy.bits}-bit")
    if policy.soname is not None and facts.internal_name != policy.soname:
        problems.append(f"{name}: internal name: the DLL calls itself {facts.internal_name or 'nothing'}, expected "
                        f"{policy.soname} (programs linked against it would look for that name)")
    if policy.exports is not None:
        problems += _exports_problem(name, facts.defined_symbols, policy.exports)
    return problems


def check_macho(facts: MachOFacts, policy: Policy) -> list[str]:
    """The rules for a Mach-O image (or an object of an archive: machine only): machine, the
    install name and versions that consumers record, exports, the oldest macOS it asks for, a
    code signature on arm64 (macOS runs no unsigned arm64 code), and no undefined symbol that
    names no dylib unless a host provides it."""
    from ..binfmt.macho import MACHINE_NAMES as MACHO_MACHINE_NAMES
    from ..binfmt.macho import format_version as macho_version

    name = os.path.basename(facts.path)
    problems: list[str] = []
    if policy.machine is not None and (facts.machine, facts.bits) != (policy.machine, policy.bits):
        problems.append(f"{name}: machine: the file is {facts.machine_name} {facts.bits}-bit, but the host machine is "
                        f"{MACHO_MACHINE_NAMES.get(policy.machine, policy.machine)} {policy.bits}-bit")
    if facts.kind == "object":
        return problems
    if policy.soname is not None and facts.install_name != policy.soname:
        problems.append(f"{name}: install name: the dylib calls itself {facts.install_name or 'nothing'}, expected "
                        f"{policy.soname} (programs linked against it look for that name)")
    if policy.darwin_versions is not None and \
            (facts.compatibility_version, facts.current_version) != policy.darwin_versions:
        problems.append(f"{name}: versions: compatibility {facts.compatibility_version or '-'}, current "
                        f"{facts.current_version or '-'}; expected {policy.darwin_versions[0]} and "
                        f"{policy.darwin_versions[1]} (darwin_versions)")
    if policy.exports is not None:
        problems += _exports_problem(name, facts.defined_symbols, policy.exports)
    if policy.macos_min is not None and (facts.minos is None or facts.minos < policy.macos_min):
        asked = macho_version(facts.minos) if facts.minos else "?"
        oldest = macho_version(policy.macos_min)
        problems.append(f"{name}: macos_min: the file asks for macOS {asked}, below {oldest}, the oldest this build "
                        f"supports; build for that macOS or later (zig: the version in -target, e.g. "
                        f"aarch64-macos.{oldest}; Apple's clang: -mmacosx-version-min)")
    if facts.machine == "CPU_TYPE_ARM64" and (facts.signature is None or "broken" in facts.signature
                                              or facts.signature == "unreadable"):
        problems.append(f"{name}: code signature: {facts.signature or 'none'}, and macOS loads no arm64 code "
                        "without a valid one; link with a linker that signs ad hoc (ld64, zig), or sign it: "
                        "codesign -s - FILE")
    unbound = facts.unbound_imports
    if unbound and not policy.host_symbols:
        problems.append(f"{name}: undefined: {_some(list(unbound))} name no dylib (they would be looked up in "
                        "whatever the process loaded: -undefined dynamic_lookup or a flat namespace); link the "
                        "libraries that define them")
    unknown = sorted(s.name for s in facts.imports if s.library is None)
    if unknown:
        problems.append(f"{name}: undefined: {_some(unknown)} name a dylib the file does not load")
    return problems
