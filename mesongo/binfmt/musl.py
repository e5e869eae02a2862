"""A Go shared library that works on musl, from a Go c-archive (see data/go_musl_init.c for why).

Pure ELF surgery on the archive, in place: go.o's ``.init_array`` section header gets the name
``init_array``, the type SHT_PROGBITS and the flag SHF_GNU_RETAIN, so the linker neither places
it in DT_INIT_ARRAY nor treats it as an initializer, and defines ``__start_init_array`` for it.
Sixteen bytes change; the archive's sizes and symbol table stay valid, and no binutils are needed
(zig has no objcopy that does this).
"""

from __future__ import annotations

import io
import os
import struct

from ..errors import BuildError
from .ar import archive_member_spans

SHT_PROGBITS = 1
# Keeps --gc-sections (zig's default) from dropping the section: with lld's start-stop-gc a
# __start_ reference alone does not keep it.
SHF_GNU_RETAIN = 0x200000
INIT_C = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "go_musl_init.c"))
# The constructor in INIT_C; a consumer of a Go static library links with -Wl,-u,<this>.
START_SYMBOL = "mesongo_start_go_runtime"


def detach_go_init(archive: str) -> None:
    """Rename go.o's .init_array (see the module docstring); raise BuildError if it is not there."""
    from elftools.elf.elffile import ELFFile  # here: build.py imports this module on every Go step

    with open(archive, "rb") as f:
        data = bytearray(f.read())
    for name, start, size in archive_member_spans(bytes(data)):
        if name != "go.o":
            continue
        elf = ELFFile(io.BytesIO(bytes(data[start:start + size])))
        for index, section in enumerate(elf.iter_sections()):
            if section.name == ".init_array":
                header = start + elf["e_shoff"] + index * elf["e_shentsize"]
                # sh_name, sh_type, sh_flags lead the section header of both ELF classes.
                fmt = ("<" if elf.little_endian else ">") + ("IIQ" if elf.elfclass == 64 else "III")
                flags = section["sh_flags"] | SHF_GNU_RETAIN
                struct.pack_into(fmt, data, header, section["sh_name"] + 1, SHT_PROGBITS, flags)
                with open(archive, "wb") as f:
                    f.write(data)
                return
        raise BuildError(f"go.o in {archive} has no .init_array: this Go version starts its runtime "
                         "differently; mesongo cannot make a musl shared library from it")
    raise BuildError(f"{archive} has no go.o member: not a Go c-archive")
