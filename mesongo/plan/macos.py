"""What a macOS target asks of the plan: the oldest macOS each Go release runs on, and the link
stubs that stand in for Apple's SDK when zig links Mach-O on another system. Pure.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from ..errors import ConfigError
from .goenv import CCompiler

# The first Go release of each macOS floor, from the release notes ("Ports", Darwin): Go 1.17
# requires macOS 10.13 High Sierra; "Go 1.21 will require macOS 10.15 Catalina" (Go 1.20);
# "Go 1.23 will require macOS 11 Big Sur" (Go 1.22); "Go 1.25 will require macOS 12 Monterey"
# (Go 1.24); "Go 1.26 is the last release that will run on macOS 12 Monterey. Go 1.27 will
# require macOS 13 Ventura" (Go 1.26). Go's own linker writes the same floor into what it links
# (cmd/link/internal/ld/macho.go: 12.0.0 in Go 1.25 and 1.26).
GO_MACOS_MIN: tuple[tuple[tuple[int, int], tuple[int, ...]], ...] = (
    ((1, 17), (10, 13, 0)), ((1, 21), (10, 15, 0)), ((1, 23), (11, 0, 0)), ((1, 25), (12, 0, 0)),
    ((1, 27), (13, 0, 0)))
DEFAULT_MACOS_MIN = "12.0"   # Go 1.25 and 1.26's, which the generated cross-files name (cli/crossfile.py)

# Meson's linker id for zig's (`zig cc`, Meson >= 1.6): it links Mach-O without Apple's SDK,
# from zig's own libSystem stub; what else Go links comes from STUBS_DIR.
ZIG_LINKER_ID = "ld.zigcc"

# Text link stubs (.tbd, as Apple's SDK ships them) of what Go's standard library links besides
# libSystem: the CoreFoundation framework (runtime/cgo/cgo.go: #cgo darwin,arm64 LDFLAGS:
# -framework CoreFoundation) and libresolv (internal/syscall/unix/net_darwin.go:
# //go:cgo_ldflag "-lresolv"). A stub names the library's install name and symbols, which is all
# a link needs; the real library answers at run time on every Mac.
STUBS_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "macos")


def go_macos_min(go_version: tuple[int, ...]) -> tuple[int, ...]:
    """The oldest macOS that Go `go_version` supports (GO_MACOS_MIN)."""
    floor = GO_MACOS_MIN[0][1]
    for first, version in GO_MACOS_MIN:
        if tuple(go_version[:2]) >= first:
            floor = version
    return floor


def parse_version(text: str) -> tuple[int, ...]:
    parts = text.split(".")
    if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts):
        raise ValueError(text)
    return tuple(int(p) for p in [*parts, "0", "0"][:3])


def macos_min(properties: Mapping[str, object], go_version: tuple[int, ...], go_name: str) -> tuple[int, ...]:
    """The oldest macOS the target's files may ask for: the machine file's macos_min property
    (what its compiler target names), else what the Go release supports; a property below
    that is refused."""
    floor = go_macos_min(go_version)
    value = properties.get("macos_min")
    if value is None:
        return floor
    try:
        asked = parse_version(value) if isinstance(value, str) else None
    except ValueError:
        asked = None
    if asked is None:
        raise ConfigError(f"machine file property macos_min = {value!r}: use a macOS version such as "
                          f"'{DEFAULT_MACOS_MIN}'")
    if asked < floor:
        shown = ".".join(str(p) for p in floor[:2])
        raise ConfigError(f"machine file property macos_min = {value!r} is older than the oldest macOS {go_name} "
                          f"runs on ({shown}, as its release notes say): raise it, and the version in the C "
                          f"compiler's target with it (zig: -target aarch64-macos.{shown})")
    return asked


def links_without_sdk(cc: CCompiler | None) -> bool:
    """Whether the C compiler links Mach-O with no Apple SDK (zig), and so needs STUBS_DIR."""
    return cc is not None and cc.linker_id == ZIG_LINKER_ID


def stub_link_args() -> tuple[str, ...]:
    """The search paths that find the stubs: frameworks (-F) and libraries (-L)."""
    return (f"-F{STUBS_DIR}", f"-L{STUBS_DIR}")
