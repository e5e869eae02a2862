"""Typed facts about an ELF file, read with pyelftools (never by parsing binutils' output)."""

from __future__ import annotations

from dataclasses import dataclass

import re

from elftools.elf.dynamic import DynamicSection
from elftools.elf.elffile import ELFFile
from elftools.elf.gnuversions import GNUVerNeedSection
from elftools.elf.sections import SymbolTableSection

# e_machine -> the name readelf prints in its header ("Machine:").
MACHINE_NAMES = {
    "EM_X86_64": "Advanced Micro Devices X86-64", "EM_AARCH64": "AArch64", "EM_386": "Intel 80386",
    "EM_ARM": "ARM", "EM_RISCV": "RISC-V", "EM_PPC64": "PowerPC64", "EM_S390": "IBM S/390",
    "EM_LOONGARCH": "LoongArch", "EM_MIPS": "MIPS R3000",
}


@dataclass(frozen=True)
class ElfFacts:
    path: str
    elf_class: int                 # 32 or 64
    machine: str                   # pyelftools' e_machine, e.g. EM_AARCH64
    little_endian: bool
    soname: str | None
    needed: tuple[str, ...]
    runpath: tuple[str, ...]
    rpath: tuple[str, ...]
    defined_symbols: tuple[str, ...]   # global/weak defined dynamic symbols, sorted
    interpreter: str | None            # PT_INTERP
    needed_versions: tuple[tuple[str, str], ...]   # (library, version) from .gnu.version_r

    @property
    def machine_name(self) -> str:
        return MACHINE_NAMES.get(self.machine, self.machine)

    @property
    def libc(self) -> str:
        """glibc, musl or none, from what the file needs."""
        if any(n.startswith("libc.so.") for n in self.needed) or any(v.startswith("GLIBC_") for _, v in
                                                                      self.needed_versions):
            return "glibc"
        if "libc.so" in self.needed or (self.interpreter or "").startswith("/lib/ld-musl-"):
            return "musl"
        return "none"

    @property
    def glibc_max(self) -> tuple[int, ...] | None:
        """The highest GLIBC_x.y version the file needs, or None."""
        versions = [tuple(int(p) for p in m.group(1).split("."))
                    for _, v in self.needed_versions if (m := re.fullmatch(r"GLIBC_(\d+(?:\.\d+)*)", v))]
        return max(versions) if versions else None


def read_elf(path: str) -> ElfFacts:
    with open(path, "rb") as f:
        elf = ELFFile(f)
        soname: str | None = None
        needed: list[str] = []
        runpath: list[str] = []
        rpath: list[str] = []
        symbols: set[str] = set()
        versions: list[tuple[str, str]] = []
        interpreter: str | None = None
        for segment in elf.iter_segments():
            if segment["p_type"] == "PT_INTERP":
                interpreter = segment.get_interp_name()
        for section in elf.iter_sections():
            if isinstance(section, DynamicSection):
                for tag in section.iter_tags():
                    if tag.entry.d_tag == "DT_SONAME":
                        soname = tag.soname
                    elif tag.entry.d_tag == "DT_NEEDED":
                        needed.append(tag.needed)
                    elif tag.entry.d_tag == "DT_RUNPATH":
                        runpath += tag.runpath.split(":")
                    elif tag.entry.d_tag == "DT_RPATH":
                        rpath += tag.rpath.split(":")
            elif isinstance(section, GNUVerNeedSection):
                for verneed, aux_iter in section.iter_versions():
                    versions += [(verneed.name, aux.name) for aux in aux_iter]
            elif isinstance(section, SymbolTableSection) and section.name == ".dynsym":
                for sym in section.iter_symbols():
                    if (sym.name and sym["st_shndx"] != "SHN_UNDEF"
                            and sym["st_info"]["bind"] in ("STB_GLOBAL", "STB_WEAK")):
                        symbols.add(sym.name)
        return ElfFacts(
            path=path, elf_class=elf.elfclass, machine=elf["e_machine"], little_endian=elf.little_endian,
            soname=soname, needed=tuple(needed), runpath=tuple(runpath), rpath=tuple(rpath),
            defined_symbols=tuple(sorted(symbols)), interpreter=interpreter,
            needed_versions=tuple(sorted(set(versions))),
        )
