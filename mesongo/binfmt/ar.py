"""System V/GNU `ar` archives (a Go c-archive is one) and BSD ones (zig's ar writes them for macOS
targets), read in one place. Pure byte handling."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from ..errors import BinaryFormatError

AR_MAGIC = b"!<arch>\n"
T = TypeVar("T")


def archive_member_spans(data: bytes) -> list[tuple[str, int, int]]:
    """(name, offset of contents, size) of every member of a System V/GNU or BSD ar archive; the
    symbol index and the long-name table are left out."""
    if not data.startswith(AR_MAGIC):
        raise BinaryFormatError("not an ar archive")
    long_names = b""
    members: list[tuple[str, int, int]] = []
    pos = len(AR_MAGIC)
    while pos + 60 <= len(data):
        header = data[pos:pos + 60]
        try:
            name = header[:16].decode("ascii").rstrip()
            size = int(header[48:58].decode("ascii").strip())
        except ValueError:
            raise BinaryFormatError(f"a broken archive member header at byte {pos}") from None
        start = pos + 60
        if start + size > len(data):
            raise BinaryFormatError(f"archive member {name!r} ends past the end of the file (truncated?)")
        pos = start + size + (size & 1)
        if name == "//":
            long_names = data[start:start + size]
        elif name in ("/", "/SYM64/"):
            continue
        elif name.startswith("/") and name[1:].isdigit():
            offset = int(name[1:])
            members.append((long_names[offset:long_names.find(b"/\n", offset)].decode(), start, size))
        elif name.startswith("#1/") and name[3:].isdigit():
            # BSD (macOS) names: "#1/LEN", the name in the first LEN bytes of the member; the
            # symbol index is a member of its own (__.SYMDEF, __.SYMDEF SORTED, __.SYMDEF_64).
            length = int(name[3:])
            bsd_name = data[start:start + length].rstrip(b"\0").decode()
            if not bsd_name.startswith("__.SYMDEF"):
                members.append((bsd_name, start + length, size - length))
        else:
            members.append((name.rstrip("/"), start, size))
    if pos < len(data):
        raise BinaryFormatError(f"{len(data) - pos} bytes at the end are not an archive member (truncated?)")
    return members


def archive_members(data: bytes) -> list[tuple[str, bytes]]:
    return [(name, data[start:start + size]) for name, start, size in archive_member_spans(data)]


def is_archive(path: str) -> bool:
    with open(path, "rb") as f:
        return f.read(len(AR_MAGIC)) == AR_MAGIC


def is_go_object(member: str) -> bool:
    """The member of an archive that carries the Go code: go.o in Go's c-archive, NAME-go.o (the
    Go part's one object) in a Meson static library of mesongo's."""
    return member == "go.o" or member.endswith("-go.o")


def read_members(path: str, read: Callable[[bytes, str], T], wanted: Callable[[bytes], bool],
                 named: Callable[[str], bool] = lambda name: True) -> list[T]:
    """`read(body, "path(member)")` of every member of the archive at `path` that `wanted` takes
    (the ELF or COFF objects, which binfmt/elf.py and pe.py read), of those `named` takes."""
    with open(path, "rb") as f:
        data = f.read()
    try:
        members = archive_members(data)
    except BinaryFormatError as exc:
        raise BinaryFormatError(f"{path} is a broken ar archive: {exc}") from None
    return [read(body, f"{path}({name})") for name, body in members if named(name) and wanted(body)]
