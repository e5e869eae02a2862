"""Pure file-naming policy: the checks of names and versions, an ELF shared library's file
name, soname and symlink chain, and the pkg-config text.

Mirrors what Meson does for its own ``shared_library()`` on Linux, so a Go library installs
exactly like a C one. The binary formats (binfmt/formats.py) name files through this.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..binfmt.formats import SharedObjectNames
from ..render import render
from .planfile import REQUIRES_PRIVATE

NAME_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.+-]*$")
# Meson accepts at most three numeric components for `version` (build.py, SharedLibrary).
VERSION_RE = re.compile(r"^[0-9]+(\.[0-9]+){0,2}$")
SOVERSION_RE = re.compile(r"^[0-9]+(\.[0-9]+)*$")


def check_name(name: str, program: str | None = None) -> str | None:
    """Return an error string for a target name mesongo cannot turn into a file name, else None:
    a library's, whose file name is lib + name (so the name must not start with lib itself), or,
    given `program` (its noun: "program", "test program"), a program's, whose file name is the name."""
    noun, lib_prefix = ("library", True) if program is None else (program, False)
    if not name:
        return (f"the {noun} name is empty; pass the name without 'lib' and suffix, e.g. 'greet'" if lib_prefix
                else f"the {noun} name is empty; pass a name, e.g. 'tool'")
    if lib_prefix and name.startswith("lib"):
        return (f"the {noun} name {name!r} starts with 'lib'; mesongo adds the prefix itself "
                f"(this would give lib{name}.so): pass {name[3:] or 'the bare name'!r}")
    if "/" in name or "\\" in name:
        return f"the {noun} name {name!r} contains a path separator; put the call in that subdir's meson.build instead"
    if not NAME_RE.match(name):
        return (f"the {noun} name {name!r} has characters that do not belong in a file name; "
                "use letters, digits, '_', '.', '+' and '-'")
    return None


def check_version(version: str) -> str | None:
    if not VERSION_RE.match(version):
        return f"version {version!r} is not of the form X, X.Y or X.Y.Z with non-negative integers"
    return None


def check_soversion(soversion: str) -> str | None:
    if not SOVERSION_RE.match(soversion):
        return f"soversion {soversion!r} is not a dot-separated list of non-negative integers, e.g. '1'"
    return None


def check_header_name(header: str) -> str | None:
    """An error string for a `header:` file name that cannot be one, else None."""
    if not header.endswith(".h") or "/" in header or "\\" in header or len(header) < 3:
        return (f"header must be a file name ending in .h (e.g. 'libgreet.h'), or false for no header, "
                f"not {header!r}")
    return None


def check_glibc_max(value: str | None) -> str | None:
    if value is None or re.fullmatch(r"\d+\.\d+", value):
        return None
    return f"glibc_max must be a glibc version such as '2.17', not {value!r}"


def elf_shared_library_names(name: str, version: str | None, soversion: str | None) -> SharedObjectNames:
    """What Meson names one shared library on Linux (build.py, SharedLibrary.determine_filenames):

    - version 1.2.3          -> libN.so.1.2.3, soname libN.so.1
    - version 1.2.3, sov 1.2 -> libN.so.1.2.3, soname libN.so.1.2
    - soversion 2 alone      -> libN.so.2, soname libN.so.2
    - neither                -> libN.so, soname libN.so
    The caller validates the strings first (check_version/check_soversion/check_consistent).
    """
    if version is not None and soversion is None:
        soversion = version.split(".")[0]
    plain = f"lib{name}.so"
    if version is None and soversion is None:
        return SharedObjectNames(plain, plain)
    soname = f"{plain}.{soversion}"
    return SharedObjectNames(f"{plain}.{version}" if version is not None else soname, soname)


def macho_shared_library_names(name: str, version: str | None, soversion: str | None) -> SharedObjectNames:
    """What Meson names one shared library for macOS (build.py, SharedLibrary.determine_filenames;
    linkers.py, AppleDynamicLinker.get_soname_args): the file name carries the soversion only,
    the install name is the file's under @rpath.

    - version 1.2.3 (or soversion 1) -> libN.1.dylib, install name @rpath/libN.1.dylib
    - neither                        -> libN.dylib, install name @rpath/libN.dylib
    """
    if version is not None and soversion is None:
        soversion = version.split(".")[0]
    filename = f"lib{name}.{soversion}.dylib" if soversion is not None else f"lib{name}.dylib"
    return SharedObjectNames(filename, f"@rpath/{filename}")


def darwin_version(value: str) -> str:
    """A Mach-O dylib version as the load commands hold it, X.Y.Z (ld64 reads '2' as 2.0.0)."""
    parts = value.split(".")
    return ".".join([*parts, "0", "0"][:3])


def check_consistent(version: str | None, soversion: str | None) -> str | None:
    """A soversion must be a leading part of the version, or the symlink chain lies."""
    if version is None or soversion is None:
        return None
    vparts, sparts = version.split("."), soversion.split(".")
    if [int(p) for p in vparts[: len(sparts)]] != [int(p) for p in sparts] or len(sparts) > len(vparts):
        return (f"soversion {soversion!r} contradicts version {version!r}: the soversion must be the "
                f"leading part of the version (e.g. {vparts[0]!r}); drop soversion to use the major version")
    return None


@dataclass(frozen=True)
class PkgConfig:
    name: str
    description: str
    version: str
    prefix: str
    libdir: str          # absolute, or relative to prefix
    includedir: str      # absolute, or relative to prefix
    libs: tuple[str, ...]
    libs_private: tuple[str, ...]
    # The pkg-config packages whose headers the library's header may include, and those of the
    # packages' `#cgo pkg-config:` lines (known at build time): their Cflags reach every consumer
    # (pkg-config --cflags follows Requires.private), their Libs a static link.
    requires_private: tuple[str, ...] = ()
    # Include dirs of the build tree that the header may need (the uninstalled .pc only).
    uninstalled_include_dirs: tuple[str, ...] = ()


def _pc_path(prefix_var: str, path: str) -> str:
    return path if path.startswith("/") else f"{prefix_var}/{path}"


PKGCONFIG_TEMPLATE = "pkgconfig.pc.j2"


def pkgconfig_text(pc: PkgConfig) -> str:
    """The installed NAME.pc; libdir/includedir relative to the prefix, as Meson writes them."""
    return render(PKGCONFIG_TEMPLATE,
        pc=pc, libdir=_pc_path("${prefix}", pc.libdir), includedir=_pc_path("${prefix}", pc.includedir),
        uninstalled=False, cflags=(), requires_private=REQUIRES_PRIVATE,
    )


def pkgconfig_uninstalled_text(pc: PkgConfig, build_dir: str) -> str:
    """NAME-uninstalled.pc pointing at the build dir, for PKG_CONFIG_PATH=meson-uninstalled."""
    return render(PKGCONFIG_TEMPLATE,
        pc=pc, libdir=build_dir, includedir=build_dir, uninstalled=True, requires_private=REQUIRES_PRIVATE,
        cflags=[f"-I{d}" for d in pc.uninstalled_include_dirs],
    )

