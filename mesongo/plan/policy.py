"""The checks every library passes after it is linked, and `mesongo inspect --check` applies.

Pure: ELF facts and the expectations in, one message per broken rule out, each naming the file,
the rule and the offending value.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..binfmt.elf import MACHINE_NAMES, ElfFacts, format_version

SHOWN = 8   # symbols named in one message


@dataclass(frozen=True)
class Policy:
    machine: str | None = None                 # e_machine, e.g. EM_AARCH64
    elf_class: int | None = None
    soname: str | None = None
    libc: str | None = None                    # glibc or musl
    exports: tuple[str, ...] | None = None     # exactly these dynamic symbols
    glibc_max: tuple[int, ...] | None = None

    def for_archive_member(self) -> Policy:
        """An object in an archive has no soname, libc or dynamic exports: only its machine counts."""
        return Policy(machine=self.machine, elf_class=self.elf_class)


def _some(names: list[str]) -> str:
    more = len(names) - SHOWN
    return ", ".join(names[:SHOWN]) + (f" and {more} more" if more > 0 else "")


def check(facts: ElfFacts, policy: Policy) -> list[str]:
    name = os.path.basename(facts.path)
    problems: list[str] = []
    if policy.machine is not None and (facts.machine, facts.elf_class) != (policy.machine, policy.elf_class):
        problems.append(
            f"{name}: machine: the file is {facts.machine_name} {facts.elf_class}-bit, but the host machine is "
            f"{MACHINE_NAMES.get(policy.machine, policy.machine)} {policy.elf_class}-bit")
    if policy.soname is not None and facts.soname != policy.soname:
        problems.append(f"{name}: soname: the SONAME is {facts.soname or 'missing'}, expected {policy.soname}")
    if policy.libc is not None and facts.libc not in (policy.libc, "none"):
        libcs = ", ".join(n for n in facts.needed if n.startswith("libc.so")) or facts.interpreter or "?"
        problems.append(f"{name}: libc: the file needs {facts.libc} ({libcs}), but the host C library is "
                        f"{policy.libc}")
    if policy.exports is not None:
        have, want = set(facts.defined_symbols), set(policy.exports)
        extra, missing = sorted(have - want), sorted(want - have)
        if extra or missing:
            parts = []
            if extra:
                parts.append(f"exported but not asked for: {_some(extra)}")
            if missing:
                parts.append(f"asked for but not exported: {_some(missing)}")
            problems.append(f"{name}: exports: " + "; ".join(parts))
    if policy.glibc_max is not None and facts.glibc_max is not None and facts.glibc_max > policy.glibc_max:
        needed = facts.glibc_max
        problems.append(
            f"{name}: glibc_max: the file needs GLIBC_{format_version(needed)} "
            f"({_some(facts.symbols_needing(needed))}), above the ceiling {format_version(policy.glibc_max)}; "
            "build with an older glibc (e.g. a zig cross-file such as x86_64-linux-gnu.2.17) or raise glibc_max")
    return problems
