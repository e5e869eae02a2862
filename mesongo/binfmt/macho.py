"""Typed facts about Mach-O files (macOS dylibs, bundles, programs and the objects of archives),
read with macholib: its MachO reader parses the header and the load commands (install name,
versions, dylibs, rpaths, build version, symbol table and code signature offsets); the symbol
table entries (nlist_64) and the code signature's CodeDirectory that those offsets point at
are read here, as <mach-o/nlist.h> and Apple's cs_blobs.h lay them out.

Symbol names are given as C names: Mach-O writes a C symbol with a leading underscore
(_greet_add), the facts say greet_add, as the header and the export rules do.

macholib is imported inside the readers: the build step imports this module only for a macOS
target.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import BinaryFormatError
from .ar import is_go_object, read_members
from .elf import Symbol, go_facts, parse_go_buildinfo

if TYPE_CHECKING:
    from macholib.MachO import MachOHeader

# mach_header cputype -> what the checks and `mesongo inspect` say (<mach/machine.h>)
CPU_TYPES = {0x01000007: "CPU_TYPE_X86_64", 0x0100000C: "CPU_TYPE_ARM64", 7: "CPU_TYPE_I386", 12: "CPU_TYPE_ARM"}
MACHINE_NAMES = {"CPU_TYPE_X86_64": "x86-64", "CPU_TYPE_ARM64": "arm64", "CPU_TYPE_I386": "i386",
                 "CPU_TYPE_ARM": "arm"}
# Meson cpu_family -> (cputype, bits) of the code built for it.
MACHINE_OF_CPU_FAMILY = {"x86_64": ("CPU_TYPE_X86_64", 64), "aarch64": ("CPU_TYPE_ARM64", 64)}
FILE_TYPES = {1: "object", 2: "execute", 6: "dylib", 8: "bundle"}
PLATFORMS = {1: "macos", 2: "ios", 3: "tvos", 4: "watchos", 6: "maccatalyst", 7: "iossimulator"}
MAGIC_64 = (b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa\xcf")   # MH_MAGIC_64 as little- and big-endian bytes
MAGIC_32 = (b"\xce\xfa\xed\xfe", b"\xfe\xed\xfa\xce")
FAT_MAGICS = (b"\xca\xfe\xba\xbe", b"\xca\xfe\xba\xbf")
# The symbols the static linker defines in every image it writes (the image's own header, and the
# handle C++ and the runtime pass to dyld): not part of any C API. ld64 keeps them private; zig's
# linker exports the dylib's two.
IMAGE_SYMBOLS = frozenset({"_mh_dylib_header", "_mh_bundle_header", "_mh_execute_header", "__dso_handle"})

MH_TWOLEVEL = 0x80
# nlist n_type bits and n_desc fields (<mach-o/nlist.h>)
N_STAB, N_PEXT, N_TYPE, N_EXT = 0xE0, 0x10, 0x0E, 0x01
N_UNDF, N_ABS, N_SECT, N_INDR = 0x0, 0x2, 0xE, 0xA
N_WEAK_REF = 0x40
DYNAMIC_LOOKUP_ORDINAL, EXECUTABLE_ORDINAL = 0xFE, 0xFF
# What an undefined symbol is bound to when it names no dylib (Symbol.library).
DYNAMIC_LOOKUP = "(dynamic lookup)"
FLAT_NAMESPACE = "(flat namespace)"
# A section that holds code (<mach-o/loader.h>: S_ATTR_PURE_INSTRUCTIONS, S_ATTR_SOME_INSTRUCTIONS)
CODE_SECTION_FLAGS = 0x80000000 | 0x400
# The code signature (cs_blobs.h): a SuperBlob whose slot 0 is the CodeDirectory.
CSMAGIC_EMBEDDED_SIGNATURE, CSMAGIC_CODEDIRECTORY, CSSLOT_SIGNATURESLOT = 0xFADE0CC0, 0xFADE0C02, 0x10000
CS_ADHOC, CS_LINKER_SIGNED = 0x2, 0x20000


@dataclass(frozen=True)
class MachOFacts:
    """A Mach-O image (dylib, bundle, program) or object (`kind` "object": machine and symbols)."""

    path: str                                    # file, or "archive(member)"
    machine: str                                 # CPU_TYPE_ARM64
    bits: int
    kind: str                                    # dylib, bundle, execute, object
    install_name: str | None = None              # LC_ID_DYLIB: what the consumers' links record
    compatibility_version: str | None = None     # of LC_ID_DYLIB, X.Y.Z
    current_version: str | None = None
    dylibs: tuple[str, ...] = ()                 # LC_LOAD_DYLIB (weak, reexported, upward too), in order
    rpaths: tuple[str, ...] = ()                 # LC_RPATH
    platform: str | None = None                  # LC_BUILD_VERSION (or LC_VERSION_MIN_MACOSX): macos
    minos: tuple[int, ...] | None = None         # the oldest OS version the file runs on
    sdk: tuple[int, ...] | None = None
    # LC_CODE_SIGNATURE: "ad hoc", "ad hoc, linker-signed", "certificate", with " (broken: ...)"
    # when the pages do not have the hashes it records
    signature: str | None = None
    two_level: bool = True                       # MH_TWOLEVEL: each import names its dylib
    exports: tuple[Symbol, ...] = ()             # defined external symbols that are not private
    imports: tuple[Symbol, ...] = ()             # undefined symbols; `library`: the dylib that provides each
    uuid: str | None = None
    load_commands: tuple[str, ...] = ()          # their names, in order (LC_SEGMENT_64, LC_ID_DYLIB, ...)
    go_version: str | None = field(default=None, compare=False)   # from the Go build info
    go_module: str | None = field(default=None, compare=False)
    go_settings: dict[str, str] = field(default_factory=dict, compare=False)
    # An object's source files, which ELF objects name (STT_FILE): a Mach-O object names none
    # outside its debug info.
    source_files: tuple[str, ...] = ()

    @property
    def machine_name(self) -> str:
        return MACHINE_NAMES.get(self.machine, self.machine)

    @property
    def defined_symbols(self) -> tuple[str, ...]:
        """What the file exports for a C program to use: its external symbols but the image's own."""
        return tuple(sorted({s.name for s in self.exports} - IMAGE_SYMBOLS))

    @property
    def unbound_imports(self) -> tuple[str, ...]:
        """Undefined symbols that name no dylib: left for whatever is loaded already (a plugin's
        host; -undefined dynamic_lookup, or a flat namespace)."""
        return tuple(sorted({s.name for s in self.imports if s.library in (DYNAMIC_LOOKUP, FLAT_NAMESPACE)}))


def format_version(version: tuple[int, ...] | None) -> str:
    return ".".join(str(p) for p in version) if version else "-"


def _xyz(packed: int) -> tuple[int, int, int]:
    """A version packed as xxxx.yy.zz in 32 bits (<mach-o/loader.h>)."""
    return packed >> 16, (packed >> 8) & 0xFF, packed & 0xFF


def c_name(name: str) -> str:
    """The C name of a Mach-O symbol name (one leading underscore less)."""
    return name[1:] if name.startswith("_") else name


def import_readers() -> None:
    """Import macholib (~10 ms) ahead of time, e.g. in a thread while something else runs."""
    import macholib.MachO  # noqa: F401


def _header(data: bytes, path: str) -> MachOHeader:
    """macholib's reading of the header and load commands of the Mach-O file `data`. Its MachO
    class opens a path; its load() reads any file object, which this gives it."""
    from macholib.MachO import MachO

    if data[:4] in FAT_MAGICS:
        raise BinaryFormatError(f"{path} is a universal (fat) Mach-O file: mesongo reads one architecture's file "
                                "(lipo -thin ARCH makes one)")
    if data[:4] not in MAGIC_64 + MAGIC_32:
        raise BinaryFormatError(f"{path} is not a Mach-O file")
    image = MachO.__new__(MachO)
    image.graphident = image.filename = path
    image.loader_path = ""
    image.fat = None
    image.headers = []
    image.allow_unknown_load_commands = True   # a newer linker's commands are skipped, not refused
    try:
        image.load(io.BytesIO(data))
        header: MachOHeader = image.headers[0]
    except (ValueError, struct.error, IndexError, OSError) as exc:
        raise BinaryFormatError(f"{path} is a broken or truncated Mach-O file ({exc})") from None
    return header


def _signature(data: bytes, base: int, offset: int, size: int) -> str:
    """What the code signature at `offset` is: ad hoc (no certificate: what linkers write) or
    signed with a certificate, and "broken" when the file's pages do not have the hashes it
    records (an edit after the link). Its blobs are big-endian whatever the file's byte order."""
    import hashlib

    blob = data[offset:offset + size]
    if len(blob) < 12 or struct.unpack_from(">I", blob, 0)[0] != CSMAGIC_EMBEDDED_SIGNATURE:
        return "unreadable"
    count = struct.unpack_from(">I", blob, 8)[0]
    slots = dict(struct.unpack_from(">II", blob, 12 + 8 * i) for i in range(count))
    directory = slots.get(0)
    if directory is None or struct.unpack_from(">I", blob, directory)[0] != CSMAGIC_CODEDIRECTORY:
        return "unreadable"
    # CodeDirectory: magic, length, version, flags, hashOffset, identOffset, nSpecialSlots,
    # nCodeSlots, codeLimit, hashSize, hashType, platform, pageSize (log2).
    (_magic, _length, _version, flags, hash_offset, _ident, _special, code_slots, code_limit, hash_size, hash_type,
     _platform, page_shift) = struct.unpack_from(">IIIIIIIIIBBBB", blob, directory)
    algorithm = {1: "sha1", 2: "sha256"}.get(hash_type)
    kind = ("ad hoc, linker-signed" if flags & CS_LINKER_SIGNED else "ad hoc") \
        if flags & CS_ADHOC and CSSLOT_SIGNATURESLOT not in slots else "certificate"
    if algorithm is None:
        return kind
    page = 1 << page_shift
    start = directory + hash_offset
    for i in range(code_slots):
        chunk = data[base + i * page:base + min((i + 1) * page, code_limit)]
        recorded = blob[start + i * hash_size:start + (i + 1) * hash_size]
        if hashlib.new(algorithm, chunk).digest()[:hash_size] != recorded:
            return f"{kind} (broken: page {i} does not have the hash it records)"
    return kind


def _facts(data: bytes, path: str, header_only: bool = False) -> MachOFacts:
    from macholib import mach_o
    from macholib.MachO import lc_str_value

    h = _header(data, path)
    mh = h.header
    machine = CPU_TYPES.get(int(mh.cputype), hex(int(mh.cputype)))
    bits = 64 if h.mach_header is mach_o.mach_header_64 else 32
    kind = FILE_TYPES.get(int(mh.filetype), str(int(mh.filetype)))
    if header_only:
        return MachOFacts(path=path, machine=machine, bits=bits, kind=kind)
    info: dict[str, Any] = {}
    dylibs: list[str] = []
    rpaths: list[str] = []
    symtab = dysymtab = None
    code_sections: list[bool] = []   # by section number (n_sect - 1): whether it holds code
    go_version = go_module = None
    go_settings: dict[str, str] = {}
    base = h.offset
    load_commands: list[str] = []
    for command in h.commands:
        load, cmd, body = command
        which = int(load.cmd)
        load_commands.append(mach_o.LC_NAMES.get(which, hex(which)))
        if which == mach_o.LC_ID_DYLIB:
            info["install_name"] = lc_str_value(cmd.name, command).decode()
            info["compatibility_version"] = str(cmd.compatibility_version)
            info["current_version"] = str(cmd.current_version)
        elif which in (mach_o.LC_LOAD_DYLIB, mach_o.LC_LOAD_WEAK_DYLIB, mach_o.LC_REEXPORT_DYLIB,
                       mach_o.LC_LOAD_UPWARD_DYLIB, mach_o.LC_LAZY_LOAD_DYLIB):
            dylibs.append(lc_str_value(cmd.name, command).decode())
        elif which == mach_o.LC_RPATH:
            rpaths.append(lc_str_value(cmd.path, command).decode())
        elif which == mach_o.LC_BUILD_VERSION:
            info.update(platform=PLATFORMS.get(int(cmd.platform), str(int(cmd.platform))),
                        minos=_xyz(int(cmd.minos)), sdk=_xyz(int(cmd.sdk)))
        elif which == mach_o.LC_VERSION_MIN_MACOSX and "platform" not in info:
            info.update(platform="macos", minos=_xyz(int(cmd.version)), sdk=_xyz(int(cmd.sdk)))
        elif which == mach_o.LC_CODE_SIGNATURE:
            info["signature"] = _signature(data, base, base + int(cmd.dataoff), int(cmd.datasize))
        elif which == mach_o.LC_UUID:
            raw = cmd.uuid if isinstance(cmd.uuid, bytes) else str(cmd.uuid).encode("latin-1")
            info["uuid"] = raw.hex().upper()
        elif which == mach_o.LC_SYMTAB:
            symtab = cmd
        elif which == mach_o.LC_DYSYMTAB:
            dysymtab = cmd
        elif which in (mach_o.LC_SEGMENT_64, mach_o.LC_SEGMENT):
            code_sections += [bool(int(section.flags) & CODE_SECTION_FLAGS) for section in body]
            for section in body if go_version is None else ():
                if section.sectname.rstrip(b"\0") == b"__go_buildinfo" and (
                        parsed := parse_go_buildinfo(data[base + int(section.offset):
                                                          base + int(section.offset) + int(section.size)])):
                    go_version = parsed[0]
                    go_module, go_settings = go_facts(parsed[1])
    two_level = kind == "object" or bool(int(mh.flags) & MH_TWOLEVEL)
    exports, imports = _symbols(data, base, h.endian, bits, symtab, dysymtab, dylibs, two_level, code_sections) \
        if symtab is not None else ((), ())
    return MachOFacts(path=path, machine=machine, bits=bits, kind=kind, dylibs=tuple(dylibs), rpaths=tuple(rpaths),
                      two_level=two_level, load_commands=tuple(load_commands), exports=exports, imports=imports,
                      go_version=go_version,
                      go_module=go_module, go_settings=go_settings, **info)


def _symbols(data: bytes, base: int, endian: str, bits: int, symtab: Any, dysymtab: Any, dylibs: list[str],
             two_level: bool, code_sections: list[bool]) -> tuple[tuple[Symbol, ...], tuple[Symbol, ...]]:
    """(exports, imports) from the symbol table; LC_DYSYMTAB, when there is one, says where the
    external symbols are (the locals, thousands in a Go image, come first and are skipped)."""
    layout = struct.Struct(endian + ("IBBHQ" if bits == 64 else "IBBHI"))
    symoff, stroff = base + int(symtab.symoff), base + int(symtab.stroff)
    if dysymtab is not None:
        first = int(dysymtab.iextdefsym)
        ranges = [range(first, first + int(dysymtab.nextdefsym)),
                  range(int(dysymtab.iundefsym), int(dysymtab.iundefsym) + int(dysymtab.nundefsym))]
    else:
        ranges = [range(int(symtab.nsyms))]
    exports: list[Symbol] = []
    imports: list[Symbol] = []
    if symoff + layout.size * int(symtab.nsyms) > len(data):
        raise BinaryFormatError("the symbol table ends past the end of the file (truncated?)")
    for index in (i for r in ranges for i in r):
        strx, n_type, n_sect, n_desc, value = layout.unpack_from(data, symoff + index * layout.size)
        if n_type & N_STAB or not n_type & N_EXT:
            continue
        end = data.find(b"\0", stroff + strx)
        name = c_name(data[stroff + strx:end].decode("utf-8", "replace"))
        kind = n_type & N_TYPE
        if kind == N_UNDF and value == 0:
            ordinal = (n_desc >> 8) & 0xFF
            # An undefined symbol bound to no dylib: ld64 writes DYNAMIC_LOOKUP_ORDINAL, zig (0.17.1) 0.
            library = (FLAT_NAMESPACE if not two_level else DYNAMIC_LOOKUP if ordinal in (DYNAMIC_LOOKUP_ORDINAL, 0)
                       else "(the program)" if ordinal == EXECUTABLE_ORDINAL
                       else dylibs[ordinal - 1] if 0 < ordinal <= len(dylibs) else None)
            imports.append(Symbol(name, library=library, weak=bool(n_desc & N_WEAK_REF)))
        elif kind in (N_SECT, N_ABS, N_INDR) and not n_type & N_PEXT:
            code = kind == N_SECT and 0 < n_sect <= len(code_sections) and code_sections[n_sect - 1]
            # The ELF names of the kinds, as the export rules and the link interface use them.
            exports.append(Symbol(name, kind="STT_FUNC" if code else "STT_OBJECT" if kind == N_SECT else "STT_NOTYPE"))
    return (tuple(sorted(set(exports), key=lambda s: s.name)),
            tuple(sorted(set(imports), key=lambda s: (s.name, s.library or ""))))


def read_macho(path: str) -> MachOFacts:
    with open(path, "rb") as f:
        return _facts(f.read(), path)


def read_bytes(data: bytes, path: str) -> MachOFacts:
    """Facts of a Mach-O image in memory (an archive member); `path` names it in the facts."""
    return _facts(data, path)


def is_macho(body: bytes) -> bool:
    return body[:4] in MAGIC_64 + MAGIC_32


def read_archive(path: str, without_go: bool = False) -> list[MachOFacts]:
    """Facts for every Mach-O member of an archive (a Go c-archive for macOS, or a Meson static
    library, which zig's ar writes in the BSD format); with `without_go`, the C objects only."""
    return read_members(path, read_bytes, is_macho,
                        (lambda name: not is_go_object(name)) if without_go else lambda name: True)


def read_go_object_header(path: str) -> list[MachOFacts]:
    """The machine of the Go object (go.o) of a Go c-archive, without its symbols."""
    return read_members(path, lambda body, name: _facts(body, name, header_only=True), is_macho, is_go_object)


def go_objects(members: list[MachOFacts]) -> list[MachOFacts]:
    return [m for m in members if is_go_object(m.path.rsplit("(", 1)[-1].rstrip(")"))]


def hide_all_but(path: str, kept: Collection[str]) -> int:
    """Make every defined external symbol of the object at `path` whose C name is not in `kept`
    private (N_PEXT, as C's hidden visibility does): the objects of one link still see it, the
    dylib made from it does not export it. The exports of a Go library's object are limited so
    because zig's Mach-O linker takes -exported_symbols_list but ignores it (0.17.1); ld64
    honours both. Rewrites the file only when a symbol changes; returns how many did."""
    with open(path, "rb") as f:
        data = bytearray(f.read())
    from macholib import mach_o

    facts_header = _header(bytes(data), path)

    symtab = next((cmd for load, cmd, _ in facts_header.commands if int(load.cmd) == mach_o.LC_SYMTAB), None)
    if symtab is None:
        return 0
    bits = 64 if facts_header.mach_header is mach_o.mach_header_64 else 32
    size = 16 if bits == 64 else 12
    symoff, stroff = int(symtab.symoff), int(symtab.stroff)
    wanted = set(kept)
    hidden = 0
    for index in range(int(symtab.nsyms)):
        at = symoff + index * size
        strx = struct.unpack_from(facts_header.endian + "I", data, at)[0]
        n_type = data[at + 4]
        if n_type & N_STAB or not n_type & N_EXT or n_type & N_PEXT or (n_type & N_TYPE) not in (N_SECT, N_ABS):
            continue
        end = data.index(b"\0", stroff + strx)
        if c_name(data[stroff + strx:end].decode("utf-8", "replace")) not in wanted:
            data[at + 4] = n_type | N_PEXT
            hidden += 1
    if hidden:
        with open(path, "wb") as f:
            f.write(data)
    return hidden
