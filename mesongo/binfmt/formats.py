"""Binary formats as strategies: how a format names a target's files, which link arguments limit a
shared object's exports, and how its binaries are read for the after-link checks and `mesongo
inspect`. ELF is the one format today (every GOOS Go builds C libraries for but Windows and
macOS); a new format is one more class here and one entry in FORMATS.

Pure but for the readers, which open files; nothing heavy is imported at module level, since the
ninja-run build step imports this on every Go step.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from ..plan.policy import Policy
    from .elf import ElfFacts


@dataclass(frozen=True)
class SharedObjectNames:
    """The files of one shared library: the file itself, its soname and the symlink chain."""

    filename: str
    soname: str | None
    symlinks: tuple[tuple[str, str], ...]   # (link name, link target), outermost last


class BinaryFormat:
    """The strategy interface; see ElfFormat for what each method means."""

    KEY: ClassVar[str]
    MODULE_PREFIX: ClassVar[str]             # shared_module()'s default name_prefix and name_suffix
    MODULE_SUFFIX: ClassVar[str]
    SHARED_OBJECT_LINK_FLAGS: ClassVar[tuple[str, ...]]   # what makes the C driver link a shared object

    def expected_machine(self, cpu_family: str) -> tuple[str, int] | None:
        """(machine, class) a binary for Meson's `cpu_family` has, or None if the format does not know."""
        raise NotImplementedError

    def shared_library_names(self, name: str, version: str | None, soversion: str | None,
                             soname_file: bool) -> SharedObjectNames:
        raise NotImplementedError

    def module_filename(self, prefix: str, name: str, suffix: str) -> str:
        return f"{prefix}{name}.{suffix}" if suffix else f"{prefix}{name}"

    def static_library_filename(self, name: str) -> str:
        raise NotImplementedError

    def program_filename(self, name: str) -> str:
        raise NotImplementedError

    def soname_link_args(self, soname: str) -> list[str]:
        raise NotImplementedError

    def no_undefined_link_args(self) -> list[str]:
        raise NotImplementedError

    def export_list_file(self, names: Sequence[str]) -> tuple[str, str]:
        """(file name, text) of the file that limits the exports to `names`."""
        raise NotImplementedError

    def export_list_link_args(self, path: str) -> list[str]:
        raise NotImplementedError

    def read(self, path: str) -> ElfFacts:
        raise NotImplementedError

    def read_archive_objects(self, path: str) -> list[ElfFacts]:
        """The Go object of a Go static library (what the checks of an archive look at)."""
        raise NotImplementedError

    def check(self, facts: ElfFacts, policy: Policy) -> list[str]:
        raise NotImplementedError


class ElfFormat(BinaryFormat):
    """ELF, named as Meson names its own targets on Linux and the BSDs."""

    KEY = "elf"
    MODULE_PREFIX = "lib"
    MODULE_SUFFIX = "so"
    # The link Go itself does for -buildmode=c-shared (cmd/link/internal/ld, hostlink), plus a
    # build-id, which lld (zig) leaves out unless asked. Go also asks the linker to compress the
    # debug sections; mesongo does not: it costs ~50 ms of every edit-rebuild (more than half the
    # link), dwz and other distro tools refuse compressed sections, and a stripped library is the same.
    SHARED_OBJECT_LINK_FLAGS = ("-shared", "-Wl,-z,relro", "-Wl,-z,nodelete", "-Wl,-Bsymbolic", "-Wl,--build-id=sha1")

    def shared_library_names(self, name: str, version: str | None, soversion: str | None,
                             soname_file: bool) -> SharedObjectNames:
        from ..plan import naming

        return naming.elf_shared_library_names(name, version, soversion, soname_file)

    def static_library_filename(self, name: str) -> str:
        return f"lib{name}.a"

    def expected_machine(self, cpu_family: str) -> tuple[str, int] | None:
        from .elf import MACHINE_OF_CPU_FAMILY

        return MACHINE_OF_CPU_FAMILY.get(cpu_family)

    def program_filename(self, name: str) -> str:
        return name

    def soname_link_args(self, soname: str) -> list[str]:
        return [f"-Wl,-soname,{soname}"]

    def no_undefined_link_args(self) -> list[str]:
        return ["-Wl,--no-undefined"]

    def export_list_file(self, names: Sequence[str]) -> tuple[str, str]:
        from ..render import render  # jinja2: only when the export list changed (build.py)

        return "exports.map", render("version-script.map.j2", names=list(names))

    def export_list_link_args(self, path: str) -> list[str]:
        return [f"-Wl,--version-script={os.path.abspath(path)}"]

    def read(self, path: str) -> ElfFacts:
        from . import elf

        return elf.read_elf(path)

    def read_archive_objects(self, path: str) -> list[ElfFacts]:
        from . import elf

        return elf.go_objects(elf.read_archive(path))

    def check(self, facts: ElfFacts, policy: Policy) -> list[str]:
        from ..plan import policy as rules

        return rules.check(facts, policy)


ELF = ElfFormat()
FORMATS: dict[str, BinaryFormat] = {ELF.KEY: ELF}


def format_for_goos(goos: str) -> BinaryFormat:
    """The format of what Go builds for `goos`."""
    return ELF


def format_named(key: str) -> BinaryFormat:
    return FORMATS[key]
