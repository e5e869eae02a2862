"""Typed facts about ELF shared objects, executables and archive members, read with pyelftools
(never by parsing binutils' output), for any architecture.

pyelftools is imported inside the readers: build.py imports this module on every Go step.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from ..errors import BinaryFormatError
from .ar import is_go_object, read_members

# e_machine -> the name readelf prints in its header ("Machine:").
MACHINE_NAMES = {
    "EM_X86_64": "Advanced Micro Devices X86-64", "EM_AARCH64": "AArch64", "EM_386": "Intel 80386",
    "EM_ARM": "ARM", "EM_RISCV": "RISC-V", "EM_PPC64": "PowerPC64", "EM_S390": "IBM S/390",
    "EM_LOONGARCH": "LoongArch", "EM_MIPS": "MIPS R3000",
}
# Meson cpu_family -> (e_machine, ELF class) of the code built for it.
MACHINE_OF_CPU_FAMILY = {
    "x86_64": ("EM_X86_64", 64), "x86": ("EM_386", 32), "aarch64": ("EM_AARCH64", 64), "arm": ("EM_ARM", 32),
    "riscv64": ("EM_RISCV", 64), "ppc64": ("EM_PPC64", 64), "s390x": ("EM_S390", 64),
    "loongarch64": ("EM_LOONGARCH", 64), "mips": ("EM_MIPS", 32), "mips64": ("EM_MIPS", 64),
}
DT_FLAGS_NAMES = ((0x1, "ORIGIN"), (0x2, "SYMBOLIC"), (0x4, "TEXTREL"), (0x8, "BIND_NOW"), (0x10, "STATIC_TLS"))
DT_FLAGS_1_NAMES = (
    (0x1, "NOW"), (0x2, "GLOBAL"), (0x4, "GROUP"), (0x8, "NODELETE"), (0x10, "LOADFLTR"), (0x20, "INITFIRST"),
    (0x40, "NOOPEN"), (0x80, "ORIGIN"), (0x100, "DIRECT"), (0x400, "INTERPOSE"), (0x800, "NODEFLIB"),
    (0x1000, "NODUMP"), (0x8000000, "PIE"),
)
GO_BUILDINFO_MAGIC = b"\xff Go buildinf:"
GLIBC_VERSION = re.compile(r"GLIBC_(\d+(?:\.\d+)*)")


@dataclass(frozen=True)
class Symbol:
    name: str
    version: str | None = None     # GLIBC_2.34, or the library's own version node
    library: str | None = None     # for an undefined symbol: the NEEDED entry its version belongs to
    kind: str = field(default="", compare=False)   # STT_FUNC, STT_OBJECT, ... (pyelftools' names)
    weak: bool = field(default=False, compare=False)
    size: int = field(default=0, compare=False)    # st_size: a data symbol's size is part of its ABI (copy relocations)


@dataclass(frozen=True)
class ElfFacts:
    path: str                                   # file, or "archive(member)"
    elf_class: int                              # 32 or 64
    machine: str                                # pyelftools' e_machine, e.g. EM_AARCH64
    little_endian: bool
    elf_type: str                               # ET_DYN, ET_EXEC, ET_REL
    soname: str | None = None
    needed: tuple[str, ...] = ()
    runpath: tuple[str, ...] = ()
    rpath: tuple[str, ...] = ()
    interpreter: str | None = None              # PT_INTERP
    flags: tuple[str, ...] = ()                 # DT_FLAGS, as readelf names them
    flags_1: tuple[str, ...] = ()               # DT_FLAGS_1
    textrel: bool = False                       # DT_TEXTREL or DF_TEXTREL
    exports: tuple[Symbol, ...] = ()            # defined global/weak dynamic symbols (.symtab for ET_REL)
    imports: tuple[Symbol, ...] = ()            # undefined dynamic symbols, with the version each needs
    build_id: str | None = None
    go_version: str | None = None               # from .go.buildinfo
    go_module: str | None = None                # the main module's path
    go_settings: dict[str, str] = field(default_factory=dict, compare=False)   # modinfo "build" lines
    source_files: tuple[str, ...] = ()          # STT_FILE names of an object's .symtab (what it was compiled from)

    @property
    def machine_name(self) -> str:
        return MACHINE_NAMES.get(self.machine, self.machine)

    @property
    def defined_symbols(self) -> tuple[str, ...]:
        return tuple(sorted({s.name for s in self.exports}))

    @property
    def host_symbols(self) -> tuple[str, ...]:
        """Undefined, non-weak symbols without a symbol version: what the program that loads the
        object must define (a plugin's host: Python's C API, PostgreSQL's palloc), unless a NEEDED
        library without symbol versions does. glibc's symbols are all versioned."""
        return tuple(sorted({s.name for s in self.imports if not s.version and not s.weak}))

    @property
    def needed_versions(self) -> tuple[tuple[str, str], ...]:
        return tuple(sorted({(s.library or "", s.version) for s in self.imports if s.version}))

    @property
    def libc(self) -> str:
        """glibc, musl or none, from what the file needs."""
        if any(n.startswith("libc.so.") for n in self.needed) or self.glibc_max is not None:
            return "glibc"
        if "libc.so" in self.needed or (self.interpreter or "").startswith("/lib/ld-musl-"):
            return "musl"
        return "none"

    @property
    def glibc_max(self) -> tuple[int, ...] | None:
        """The highest GLIBC_x.y version the file needs, or None."""
        versions = [glibc_version(s.version) for s in self.imports if s.version]
        found = [v for v in versions if v is not None]
        return max(found) if found else None

    def symbols_needing(self, version: tuple[int, ...]) -> list[str]:
        """Undefined symbols that need exactly GLIBC_<version>."""
        return sorted(s.name for s in self.imports if s.version and glibc_version(s.version) == version)


def glibc_version(text: str) -> tuple[int, ...] | None:
    m = GLIBC_VERSION.fullmatch(text)
    return tuple(int(p) for p in m.group(1).split(".")) if m else None


def format_version(version: tuple[int, ...]) -> str:
    return ".".join(str(p) for p in version)


def parse_version(text: str) -> tuple[int, ...]:
    """'2.17' -> (2, 17); raises ValueError for anything else."""
    if not re.fullmatch(r"\d+(\.\d+)*", text):
        raise ValueError(f"{text!r} is not a version such as 2.17")
    return tuple(int(p) for p in text.split("."))


def _names(value: int, table: tuple[tuple[int, str], ...]) -> tuple[str, ...]:
    return tuple(name for bit, name in table if value & bit)




def _read_uvarint(data: bytes, pos: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, pos
        shift += 7


def parse_go_buildinfo(data: bytes) -> tuple[str, str] | None:
    """(Go version, module info text) from a .go.buildinfo section in the Go 1.18+ inline format
    (debug/buildinfo in Go's standard library reads the same layout)."""
    if not data.startswith(GO_BUILDINFO_MAGIC) or len(data) < 32 or not data[15] & 0x2:
        return None
    version_len, pos = _read_uvarint(data, 32)
    version = data[pos:pos + version_len].decode("utf-8", "replace")
    pos += version_len
    modinfo_len, pos = _read_uvarint(data, pos)
    modinfo = data[pos:pos + modinfo_len]
    # The module info is framed by 16-byte sentinels (cmd/go/internal/modload).
    if len(modinfo) >= 33 and modinfo[-17] == ord("\n"):
        modinfo = modinfo[16:-16]
    return version, modinfo.decode("utf-8", "replace")


def go_facts(modinfo: str) -> tuple[str | None, dict[str, str]]:
    module: str | None = None
    settings: dict[str, str] = {}
    for line in modinfo.splitlines():
        parts = line.split("\t")
        if parts[0] == "mod" and len(parts) > 1:
            module = parts[1]
        elif parts[0] == "build" and len(parts) > 1 and "=" in parts[1]:
            key, value = parts[1].split("=", 1)
            settings[key] = value
    return module, settings


def import_readers() -> None:
    """Import pyelftools (~35 ms) ahead of time, e.g. in a thread while something else runs."""
    import elftools.elf.dynamic
    import elftools.elf.elffile
    import elftools.elf.gnuversions
    import elftools.elf.notes
    import elftools.elf.sections  # noqa: F401


def _facts(stream: BinaryIO, path: str, header_only: bool = False) -> ElfFacts:
    """What mesongo reads of an ELF file; with `header_only`, its machine and class alone (the
    rest empty): what the check of an archive's object needs, without its thousands of symbols."""
    from elftools.elf.dynamic import DynamicSection
    from elftools.elf.elffile import ELFFile
    from elftools.elf.gnuversions import GNUVerDefSection, GNUVerNeedSection, GNUVerSymSection
    from elftools.elf.notes import iter_notes
    from elftools.elf.sections import NoteSection, SymbolTableSection

    elf = ELFFile(stream)
    info: dict[str, Any] = {"needed": [], "runpath": [], "rpath": []}
    flags = flags_1 = 0
    textrel = False
    for segment in elf.iter_segments():
        if segment["p_type"] == "PT_INTERP":
            info["interpreter"] = segment.get_interp_name()
    dynsym = versym = verneed = verdef = None
    build_id = go_version = go_module = None
    go_settings: dict[str, str] = {}
    for section in () if header_only else elf.iter_sections():
        if isinstance(section, DynamicSection):
            for tag in section.iter_tags():
                kind = tag.entry.d_tag
                if kind == "DT_SONAME":
                    info["soname"] = tag.soname
                elif kind == "DT_NEEDED":
                    info["needed"].append(tag.needed)
                elif kind == "DT_RUNPATH":
                    info["runpath"] += tag.runpath.split(":")
                elif kind == "DT_RPATH":
                    info["rpath"] += tag.rpath.split(":")
                elif kind == "DT_FLAGS":
                    flags |= tag.entry.d_val
                elif kind == "DT_FLAGS_1":
                    flags_1 |= tag.entry.d_val
                elif kind == "DT_TEXTREL":
                    textrel = True
                elif kind == "DT_BIND_NOW":
                    flags |= 0x8
        elif isinstance(section, GNUVerSymSection):
            versym = section
        elif isinstance(section, GNUVerNeedSection):
            verneed = section
        elif isinstance(section, GNUVerDefSection):
            verdef = section
        elif isinstance(section, SymbolTableSection) and section.name == ".dynsym":
            dynsym = section
        elif isinstance(section, NoteSection) and section.name == ".note.gnu.build-id":
            for note in iter_notes(elf, section["sh_offset"], section["sh_size"]):
                if note["n_type"] == "NT_GNU_BUILD_ID":
                    build_id = note["n_desc"]
        elif section.name == ".go.buildinfo":
            parsed = parse_go_buildinfo(section.data())
            if parsed:
                go_version = parsed[0]
                go_module, go_settings = go_facts(parsed[1])

    exports: list[Symbol] = []
    imports: list[Symbol] = []
    # A version definition appears in .dynsym as an absolute symbol of its own name: not an export.
    version_nodes = {next(iter(aux)).name for _, aux in verdef.iter_versions()} if verdef is not None else set()
    table = dynsym if dynsym is not None or header_only else (elf.get_section_by_name(".symtab")
                                                              if elf["e_type"] == "ET_REL" else None)
    source_files: list[str] = []
    if isinstance(table, SymbolTableSection):
        for index, sym in enumerate(table.iter_symbols()):
            if sym["st_info"]["type"] == "STT_FILE" and sym.name:
                source_files.append(sym.name)
            if not sym.name or sym["st_info"]["bind"] not in ("STB_GLOBAL", "STB_WEAK"):
                continue
            version = library = None
            if versym is not None and table is dynsym:
                ndx = versym.get_symbol(index)["ndx"]
                if isinstance(ndx, int) and ndx > 1:
                    ndx &= 0x7FFF   # bit 15: hidden
                    if sym["st_shndx"] == "SHN_UNDEF" and verneed is not None:
                        found = verneed.get_version(ndx)
                        if found:
                            library, version = found[0].name, found[1].name
                    elif verdef is not None:
                        found_def = verdef.get_version(ndx)
                        if found_def:
                            version = next(iter(found_def[1])).name
            kind, weak = sym["st_info"]["type"], sym["st_info"]["bind"] == "STB_WEAK"
            if sym["st_shndx"] == "SHN_UNDEF":
                imports.append(Symbol(sym.name, version, library, kind, weak))
            elif kind != "STT_SECTION" and not (sym["st_shndx"] == "SHN_ABS" and sym.name in version_nodes):
                exports.append(Symbol(sym.name, version, None, kind, weak, sym["st_size"]))
    return ElfFacts(
        path=path, elf_class=elf.elfclass, machine=elf["e_machine"], little_endian=elf.little_endian,
        elf_type=elf["e_type"], soname=info.get("soname"), needed=tuple(info["needed"]),
        runpath=tuple(info["runpath"]), rpath=tuple(info["rpath"]), interpreter=info.get("interpreter"),
        flags=_names(flags, DT_FLAGS_NAMES), flags_1=_names(flags_1, DT_FLAGS_1_NAMES),
        textrel=textrel or bool(flags & 0x4), exports=tuple(sorted(set(exports), key=lambda s: s.name)),
        imports=tuple(sorted(set(imports), key=lambda s: (s.name, s.version or ""))),
        build_id=build_id, go_version=go_version, go_module=go_module, go_settings=go_settings,
        source_files=tuple(source_files),
    )


def _checked_facts(stream: BinaryIO, path: str, header_only: bool = False) -> ElfFacts:
    try:
        return _facts(stream, path, header_only)
    except Exception as exc:   # pyelftools and struct raise many kinds of error on a broken file
        raise BinaryFormatError(f"{path} is not an ELF file or archive, or it is truncated "
                                f"({type(exc).__name__}: {exc})") from None


def read_elf(path: str) -> ElfFacts:
    with open(path, "rb") as f:
        return _checked_facts(f, path)


def read_bytes(data: bytes, path: str) -> ElfFacts:
    """Facts of an ELF image in memory (an archive member); `path` names it in the facts."""
    return _checked_facts(io.BytesIO(data), path)


def read_archive(path: str, without_go: bool = False) -> list[ElfFacts]:
    """Facts for every ELF member of an archive (a Go c-archive: go.o and the cgo objects); with
    `without_go`, the C objects only (go.o's tens of thousands of symbols take ~0.2 s)."""
    return read_members(path, read_bytes, lambda body: body[:4] == b"\x7fELF",
                        (lambda name: not is_go_object(name)) if without_go else lambda name: True)


def read_go_object_header(path: str) -> list[ElfFacts]:
    """The machine and class of the Go object (go.o) of a Go c-archive: the after-build check of
    a library's Go part, which reads no symbols (a Go object has tens of thousands)."""
    return read_members(path, lambda body, name: _checked_facts(io.BytesIO(body), name, header_only=True),
                        lambda body: body[:4] == b"\x7fELF", is_go_object)


def go_objects(members: list[ElfFacts]) -> list[ElfFacts]:
    """The Go object of a Go c-archive, or of a mesongo static library: the member that carries
    the Go code and build info."""
    return [m for m in members if is_go_object(m.path.rsplit("(", 1)[-1].rstrip(")"))]

