"""Pure: where cgo's `#cgo pkg-config: NAME` lines look for .pc files, and what to say when a
name is not found there.

cgo runs `$PKG_CONFIG --cflags/--libs NAME...` (cmd/go/internal/work, getPkgConfigFlags) with
the environment of `go build`. mesongo gives it the search Meson's own pkg-config has for the
machine the target runs on (mesonbuild/dependencies/pkgconfig.py, PkgConfigCLI._get_env): the
machine file's `pkg-config` program, Meson's `pkg_config_path` option, and in a cross build the
cross-file's `pkg_config_libdir` and `sys_root` properties. Two differences, both on purpose:
the build tree's meson-uninstalled/ comes first (a subproject's pkg.generate() describes its
library there), and a cross build never falls back to the build machine's own directories
(without pkg_config_libdir it searches the sys_root's, or none; a cross pkg-config such as
pkgconf's aarch64-linux-gnu-pkg-config keeps its own, which are the host machine's).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..toolchain.pkgconfig import package_names

# Meson's build-tree directory of uninstalled .pc files (pkg.generate(), mesongo's own).
UNINSTALLED_DIR = "meson-uninstalled"


@dataclass(frozen=True)
class PkgConfigSearch:
    """pkg-config as cgo runs it for one target: the program and its search."""

    program: str                       # what $PKG_CONFIG runs: one program (Go takes the first word only)
    path: tuple[str, ...]              # PKG_CONFIG_PATH, searched first
    libdir: tuple[str, ...] | None     # PKG_CONFIG_LIBDIR, instead of pkg-config's default; None: the default
    sysroot: str | None = None         # PKG_CONFIG_SYSROOT_DIR
    cross: bool = False                # for the host machine of a cross build
    libdir_property: bool = False      # libdir is the machine file's pkg_config_libdir

    def environment(self) -> dict[str, str]:
        """The variables cgo's pkg-config runs with (on top of an environment without any
        PKG_CONFIG* of its own: gocmd.CONTROLLED_PREFIXES)."""
        env = {"PKG_CONFIG": self.program, "PKG_CONFIG_PATH": os.pathsep.join(self.path)}
        if self.libdir is not None:
            # Empty: no directory at all, rather than pkg-config's default (the build machine's).
            env["PKG_CONFIG_LIBDIR"] = os.pathsep.join(self.libdir)
        if self.sysroot:
            env["PKG_CONFIG_SYSROOT_DIR"] = self.sysroot
        return env

    def searched(self) -> list[str]:
        """The directories, in order, for messages."""
        return [*self.path, *(self.libdir if self.libdir is not None else [f"{self.program}'s default directories"])]


def search(program: str, build_root: str | None, pkg_config_path: Sequence[str], libdir_property: Sequence[str] | None,
           sys_root: str | None, cross: bool, program_knows_host: bool = False) -> PkgConfigSearch:
    """The search for a target. `build_root`: the build dir whose meson-uninstalled/ describes
    libraries for this target's machine (None for a build-machine program of a cross build:
    those libraries are the host's). A cross build without pkg_config_libdir searches the
    sys_root's /usr/lib/pkgconfig and /usr/share/pkgconfig, or, without a sys_root, nothing
    but PKG_CONFIG_PATH, unless `program_knows_host`: the cross-file names a pkg-config whose
    own default directories are not the build machine's (Debian's aarch64-linux-gnu-pkg-config)."""
    path = [os.path.join(build_root, UNINSTALLED_DIR)] if build_root is not None else []
    path += [p for p in pkg_config_path if p and p not in path]
    libdir: tuple[str, ...] | None = None
    if libdir_property:
        libdir = tuple(libdir_property)
    elif cross and not program_knows_host:
        libdir = tuple(os.path.join(sys_root, "usr", sub, "pkgconfig") for sub in ("lib", "share")) if sys_root else ()
    return PkgConfigSearch(program=program, path=tuple(path), libdir=libdir, sysroot=sys_root or None, cross=cross,
                           libdir_property=bool(libdir_property))


def not_found(name: str, importers: Sequence[str], found: PkgConfigSearch, build_machine_file: str | None) -> str:
    """Why `#cgo pkg-config: name` cannot be used, and what to do. `build_machine_file`: the .pc
    the build machine's own search finds (asked in a cross build only)."""
    where = f"#cgo pkg-config: {name} (in {', '.join(importers)})"
    dirs = ", ".join(found.searched())
    if found.cross and build_machine_file is not None:
        if found.libdir_property:
            fix = ("install the host machine's package where pkg_config_libdir points, or point pkg_config_libdir "
                   "(in the cross-file's [properties]) at the directory of the host machine's .pc files")
        else:
            fix = ("set pkg_config_libdir in the cross-file's [properties] to the directory of the host machine's "
                   ".pc files (on Debian, /usr/lib/<triplet>/pkgconfig, after installing the package's "
                   ":<arch> -dev package), or sys_root to the host machine's root file system")
        return (f"{where}: {name}.pc is found only for the build machine ({build_machine_file}), whose libraries a "
                f"cross build cannot link; the host machine's .pc files are looked for in {dirs}: {fix}")
    return (f"{where}: pkg-config finds no {name}.pc in {dirs}: install the package's development files, build it "
            "in a subproject that describes it with pkg.generate(), or name the directory of its .pc file with "
            "-Dpkg_config_path=DIR")


def unordered_library(name: str, importers: Sequence[str], pc_file: str, library_dir: str, build_root: str) -> str:
    """A name whose .pc describes a library of this very build that the target does not depend on."""
    pc_file, library_dir = (os.path.relpath(p, build_root) for p in (pc_file, library_dir))
    return (f"#cgo pkg-config: {name} (in {', '.join(importers)}) names a library of this build ({pc_file} in the "
            f"build dir links it from {library_dir}/), which the Go target does not depend on: add that library's "
            "dependency to its dependencies: (e.g. the declare_dependency() of the subproject that builds it), so "
            "that it is built first and found at run time")


def importers_of(packages: Sequence[tuple[str, Sequence[str]]]) -> dict[str, list[str]]:
    """(import path, CgoPkgConfig) of each package -> for each name, the packages that name it."""
    named: dict[str, list[str]] = {}
    for import_path, cgo_pkgconfig in packages:
        for name in package_names(cgo_pkgconfig)[1]:
            named.setdefault(name, []).append(import_path)
    return named


def build_dir_libraries(link_args: Sequence[str], build_root: str) -> list[str]:
    """The -L directories inside the build tree that pkg-config's --libs names."""
    dirs: dict[str, None] = {}
    root = build_root.rstrip(os.sep) + os.sep
    for arg in link_args:
        if arg.startswith("-L") and len(arg) > 2:
            path = os.path.normpath(arg[2:])
            if path.startswith(root):
                dirs[path] = None
    return list(dirs)


def search_env_without(env: Mapping[str, str]) -> dict[str, str]:
    """`env` without any pkg-config of its own: the build machine's pkg-config and its default search."""
    return {k: v for k, v in env.items() if not k.startswith("PKG_CONFIG")}
