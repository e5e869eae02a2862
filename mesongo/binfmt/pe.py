"""Typed facts about Windows binaries: PE images (DLLs, programs) read with pefile, and the COFF
objects of archives (a Go c-archive's members, an import library's), whose header and symbol
table pefile does not read (it needs an MZ image): those 20- and 18-byte records are read here,
as the PE/COFF specification lays them out ("COFF File Header", "COFF Symbol Table").

pefile is imported inside the readers: the build step imports this module only for a Windows
target, and then while Go compiles.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

from ..errors import BinaryFormatError
from .ar import is_go_object, read_members
from .elf import GO_BUILDINFO_MAGIC, Symbol, go_facts, parse_go_buildinfo

# IMAGE_FILE_MACHINE_* -> what the checks and `mesongo inspect` say
MACHINES = {0x8664: "IMAGE_FILE_MACHINE_AMD64", 0x14C: "IMAGE_FILE_MACHINE_I386", 0xAA64: "IMAGE_FILE_MACHINE_ARM64"}
MACHINE_NAMES = {"IMAGE_FILE_MACHINE_AMD64": "x86-64", "IMAGE_FILE_MACHINE_I386": "x86",
                 "IMAGE_FILE_MACHINE_ARM64": "ARM64"}
# Meson cpu_family -> (machine, bits) of the code built for it.
MACHINE_OF_CPU_FAMILY = {"x86_64": ("IMAGE_FILE_MACHINE_AMD64", 64), "x86": ("IMAGE_FILE_MACHINE_I386", 32),
                         "aarch64": ("IMAGE_FILE_MACHINE_ARM64", 64)}
DLL_CHARACTERISTICS = ((0x20, "HIGH_ENTROPY_VA"), (0x40, "DYNAMIC_BASE"), (0x80, "FORCE_INTEGRITY"),
                       (0x100, "NX_COMPAT"), (0x200, "NO_ISOLATION"), (0x400, "NO_SEH"), (0x800, "NO_BIND"),
                       (0x1000, "APPCONTAINER"), (0x2000, "WDM_DRIVER"), (0x4000, "GUARD_CF"),
                       (0x8000, "TERMINAL_SERVER_AWARE"))
IMAGE_FILE_DLL = 0x2000
IMAGE_SCN_CNT_CODE = 0x20
STORAGE_EXTERNAL, STORAGE_STATIC, STORAGE_FILE, STORAGE_WEAK_EXTERNAL = 2, 3, 103, 105
TYPE_FUNCTION = 0x20   # the complex type DT_FUNCTION in bits 4-5


@dataclass(frozen=True)
class PeFacts:
    """A PE image (DLL or program), or a COFF object (`kind` "object": only machine and symbols)."""

    path: str
    machine: str                                 # IMAGE_FILE_MACHINE_AMD64
    bits: int                                    # 32 or 64 (PE32, PE32+)
    kind: str                                    # dll, exe, object
    internal_name: str | None = None             # the export directory's name: what importers record
    dll_characteristics: tuple[str, ...] = ()
    subsystem: str | None = None
    exports: tuple[Symbol, ...] = ()             # exported names (an object: defined external symbols)
    imported_dlls: tuple[str, ...] = ()
    source_files: tuple[str, ...] = ()           # an object's .file symbols
    go_version: str | None = field(default=None, compare=False)   # from the Go build info
    go_module: str | None = field(default=None, compare=False)
    go_settings: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def machine_name(self) -> str:
        return MACHINE_NAMES.get(self.machine, self.machine)

    @property
    def defined_symbols(self) -> tuple[str, ...]:
        return tuple(sorted({s.name for s in self.exports}))


def read_pe(path: str) -> PeFacts:
    import pefile

    try:
        pe = pefile.PE(path, fast_load=True)
        pe.parse_data_directories(directories=[pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_EXPORT"],
                                               pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_IMPORT"]])
    except (pefile.PEFormatError, OSError) as exc:
        raise BinaryFormatError(f"{path} is not a PE image, or it is truncated ({exc})") from None
    header, optional = pe.FILE_HEADER, pe.OPTIONAL_HEADER
    export_dir = getattr(pe, "DIRECTORY_ENTRY_EXPORT", None)
    exports = tuple(Symbol(s.name.decode(), kind="STT_FUNC") for s in (export_dir.symbols if export_dir else ())
                    if s.name)
    imports = tuple(entry.dll.decode() for entry in getattr(pe, "DIRECTORY_ENTRY_IMPORT", ()))
    subsystem = pefile.SUBSYSTEM_TYPE.get(optional.Subsystem)
    characteristics = optional.DllCharacteristics
    go_version = go_module = None
    go_settings: dict[str, str] = {}
    for section in pe.sections:
        # debug/buildinfo looks for the build info's magic in the data sections, 16-byte aligned.
        data = section.get_data()
        at = data.find(GO_BUILDINFO_MAGIC)
        while at >= 0 and at % 16:
            at = data.find(GO_BUILDINFO_MAGIC, at + 1)
        if at >= 0 and (parsed := parse_go_buildinfo(data[at:])):
            go_version = parsed[0]
            go_module, go_settings = go_facts(parsed[1])
            break
    facts = PeFacts(
        path=path, machine=MACHINES.get(header.Machine, hex(header.Machine)),
        bits=64 if optional.Magic == 0x20B else 32,
        kind="dll" if header.Characteristics & IMAGE_FILE_DLL else "exe",
        internal_name=export_dir.name.decode() if export_dir and export_dir.name else None,
        dll_characteristics=tuple(name for bit, name in DLL_CHARACTERISTICS if characteristics & bit),
        subsystem=str(subsystem).removeprefix("IMAGE_SUBSYSTEM_") if subsystem else None,
        exports=tuple(sorted(set(exports), key=lambda s: s.name)), imported_dlls=imports,
        go_version=go_version, go_module=go_module, go_settings=go_settings)
    pe.close()
    return facts


def is_pe(path: str) -> bool:
    with open(path, "rb") as f:
        return f.read(2) == b"MZ"


def read_object(data: bytes, path: str) -> PeFacts:
    """A COFF object's machine and symbols (what the export rule and the checks of an archive read)."""
    if len(data) < 20:
        raise BinaryFormatError(f"{path} is too short for a COFF object")
    machine, sections, _stamp, symtab, count, optional_size, _flags = struct.unpack_from("<HHIIIHH", data, 0)
    if machine == 0 and sections == 0xFFFF:
        raise BinaryFormatError(f"{path} is a COFF import or big object, which mesongo does not read")
    code_sections = set()
    for i in range(sections):
        base = 20 + optional_size + i * 40
        if struct.unpack_from("<I", data, base + 36)[0] & IMAGE_SCN_CNT_CODE:
            code_sections.add(i + 1)
    strings_at = symtab + count * 18
    exports: list[Symbol] = []
    files: list[str] = []
    i = 0
    while i < count:
        raw = data[symtab + i * 18:symtab + (i + 1) * 18]
        if len(raw) < 18:
            raise BinaryFormatError(f"{path}: the symbol table ends past the end of the object")
        _value, section, kind, storage, aux = struct.unpack_from("<IhHBB", raw, 8)
        name = _name(data, raw[:8], strings_at)
        if storage == STORAGE_FILE and aux:
            record = data[symtab + (i + 1) * 18:symtab + (i + 1 + aux) * 18]
            # A long name is a string-table offset, as a symbol's is.
            files.append(_name(data, record[:8], strings_at) if record[:4] == b"\0\0\0\0"
                         else record.rstrip(b"\0").decode("utf-8", "replace"))
        elif storage in (STORAGE_EXTERNAL, STORAGE_WEAK_EXTERNAL) and section > 0:
            code = kind & 0x30 == TYPE_FUNCTION or section in code_sections
            exports.append(Symbol(name, kind="STT_FUNC" if code else "STT_OBJECT", weak=storage != STORAGE_EXTERNAL))
        i += 1 + aux
    return PeFacts(path=path, machine=MACHINES.get(machine, hex(machine)), bits=32 if machine == 0x14C else 64,
                   kind="object", exports=tuple(sorted(set(exports), key=lambda s: s.name)),
                   source_files=tuple(files))


def _name(data: bytes, field: bytes, strings_at: int) -> str:
    """A COFF name field: eight bytes, or four zero bytes and an offset into the string table."""
    if field[:4] == b"\0\0\0\0":
        start = strings_at + struct.unpack_from("<I", field, 4)[0]
        return data[start:data.index(b"\0", start)].decode("utf-8", "replace")
    return field.rstrip(b"\0").decode("utf-8", "replace")


def read_archive(path: str, without_go: bool = False) -> list[PeFacts]:
    """Facts for every COFF member of an archive (a Go c-archive for Windows, an import library);
    with `without_go`, the C objects only."""
    return read_members(path, read_object, lambda body: len(body) >= 20,
                        (lambda name: not is_go_object(name)) if without_go else lambda name: True)


def import_library_exports(path: str) -> list[str]:
    """The functions an import library (libNAME.dll.a) lets a program import: its `__imp_` symbols."""
    return sorted({s.name.removeprefix("__imp_") for member in read_archive(path) for s in member.exports
                   if s.name.startswith("__imp_")})


def go_objects(members: list[PeFacts]) -> list[PeFacts]:
    return [m for m in members if is_go_object(m.path.rsplit("(", 1)[-1].rstrip(")"))]
