"""The library kinds: a Go package (or several) with a C API.

    Library                  the C API: a header, //export functions, the supplied main package
    ├── SharedLibrary        go.shared_library: libNAME.so.X.Y.Z, soname, symlinks, linkable
    │   └── SharedModule     go.shared_module: a plugin that a host dlopen()s; no soname, no
    │       │                --no-undefined (the host provides symbols), not linkable
    │       └── PythonExtension   go.extension_module: named and installed for a Python
    └── StaticLibrary        go.static_library: libNAME.a, its consumers link what it needs

Go builds every kind alike: a c-archive, made into one relocatable object (Library.finish), with
the header and the export list. Meson's own shared_library(), shared_module() and
static_library() then link, name and install it (meson_adapter/objects.py); a kind's files()
say what Meson names them, for the after-link checks and the messages.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from ..errors import ConfigError
from .base import Finished, InstallDefault, TargetFiles, TargetKind

if TYPE_CHECKING:
    from ..binfmt.formats import BinaryFacts, BinaryFormat
    from ..buildstep.build import BuildStep
    from ..plan.policy import Policy
    from ..toolchain.packagefacts import PackageFacts

MUSL_DLOPEN = "the Go runtime needs initial-exec TLS, which musl's loader refuses after start-up: golang/go#54805"


@dataclass(frozen=True)
class Library(TargetKind):
    """A Go package main with //export functions, or packages that are not main (mesongo then
    supplies the main package): its C API is a generated header and the exported symbols."""

    C_API: ClassVar[bool] = True
    INSTALL: ClassVar[InstallDefault] = InstallDefault("libdir", "{libdir_shared}")
    HEADER_INSTALLED: ClassVar[bool] = True   # install_header's default outside a Python package
    PKGCONFIG: ClassVar[bool] = True          # pkgconfig's default outside a Python package

    # Meson's build target that links the Go object: shared_library, shared_module, static_library.
    MESON_FUNCTION: ClassVar[str | None] = "shared_library"

    def default_header(self, name: str, fmt: BinaryFormat) -> str | None:
        return f"lib{name}.h"

    def buildmode(self) -> str | None:
        return "c-archive"

    def go_output_name(self, files: TargetFiles) -> str:
        return "lib.a"

    def finish(self, step: BuildStep) -> Finished:
        """The header, the export list, the link arguments and the object Meson links."""
        header_text = step.write_header()
        start = step.musl_start_object()
        exports = step.export_names(header_text)
        changed = step.write_link_files(exports)
        made = step.relocatable_object([start] if start else [])
        if exports is not None:
            step.fmt.limit_object_exports(made, exports)
        return Finished(made, tuple(exports) if exports else None, relink_consumers=changed, checked=step.go_output)

    def checked_binaries(self, fmt: BinaryFormat, path: str, policy: Policy) -> tuple[list[BinaryFacts], Policy]:
        # The Go object of the archive: only its machine counts here; what Meson links from it is
        # checked by a step of its own (buildstep/check.py).
        return fmt.read_archive_objects(path), policy.for_archive_member()

    def check_sources(self, package_dirs: Sequence[str]) -> None:
        pass   # one or more packages: several make one library (one Go runtime)

    def supplies_main(self, facts: PackageFacts) -> bool:
        return len(facts.listed) > 1 or (not facts.listed[0].error and facts.listed[0].name != "main")

    def check_kind_rules(self, facts: PackageFacts, package_dirs: Sequence[str]) -> None:
        from ..plan import packagecheck  # at setup only (see TargetKind.check_package)

        if self.supplies_main(facts):
            packagecheck.check_none_is_main(facts)
            for package, scan in zip(facts.listed, facts.scans, strict=True):
                packagecheck.check_c_api(package, scan, package.dir, None)
        else:
            packagecheck.check_c_api(facts.listed[0], facts.scans[0], package_dirs[0], self.buildmode())


@dataclass(frozen=True)
class SharedLibrary(Library):
    KEY: ClassVar[str] = "shared_library"
    NOUN: ClassVar[str] = "shared library"
    LINKABLE: ClassVar[bool] = True
    SHARED_OBJECT: ClassVar[bool] = True

    version: str | None = None
    soversion: str | None = None
    darwin_versions: tuple[str, str] | None = None   # a dylib's (compatibility, current); None: Meson's default

    def in_python_package(self) -> TargetKind:
        # Unversioned (libN.so, no symlinks): a wheel cannot hold the symlinks the loader would
        # follow from the soname to libN.so.1.2.3.
        return dataclasses.replace(self, version=None, soversion=None, darwin_versions=None)

    def dylib_versions(self) -> tuple[str, str] | None:
        """The (compatibility, current) versions Meson gives a dylib: darwin_versions, else the
        soversion for both (build.py, SharedLibrary.__init__); None: no versions given."""
        if self.darwin_versions is not None:
            return self.darwin_versions
        soversion = self.soversion if self.soversion is not None else (
            self.version.split(".")[0] if self.version is not None else None)
        return None if soversion is None else (soversion, soversion)

    def files(self, name: str, fmt: BinaryFormat, header: str | None) -> TargetFiles:
        names = fmt.shared_library_names(name, self.version, self.soversion)
        return TargetFiles(name, names.filename, header, names.soname)

    def install_default(self, fmt: BinaryFormat) -> InstallDefault:
        return InstallDefault(*fmt.SHARED_LIBRARY_DIR) if fmt.SHARED_LIBRARY_DIR else self.INSTALL

    def musl(self) -> tuple[bool, str | None]:
        return True, ("the host C library is musl: Go shared libraries are built so that they work when linked at "
                      "program start or LD_PRELOADed; dlopen() of a Go library cannot work on musl (the Go runtime "
                      "needs initial-exec TLS, golang/go#54805)")


@dataclass(frozen=True)
class SharedModule(SharedLibrary):
    """A plugin: loaded with dlopen() by a host (PAM, SQLite, PostgreSQL, ...), which provides
    some of its symbols. As Meson's shared_module(): no soname, no version, linked without
    --no-undefined whatever b_lundef says, not linkable, no header or .pc installed unless asked."""

    KEY: ClassVar[str] = "shared_module"
    NOUN: ClassVar[str] = "shared module"
    MESON_FUNCTION: ClassVar[str | None] = "shared_module"
    LINKABLE: ClassVar[bool] = False
    INSTALL: ClassVar[InstallDefault] = InstallDefault("libdir", "{moduledir_shared}")
    HEADER_INSTALLED: ClassVar[bool] = False
    PKGCONFIG: ClassVar[bool] = False

    name_prefix: str | None = None   # None: the format's (lib)
    name_suffix: str | None = None   # None: the format's (so)

    def in_python_package(self) -> TargetKind:
        return self   # named by its prefix and suffix wherever it goes

    def install_default(self, fmt: BinaryFormat) -> InstallDefault:
        return self.INSTALL   # Meson's shared_module() stays in libdir on Windows too

    def prefix(self, fmt: BinaryFormat) -> str:
        return fmt.MODULE_PREFIX if self.name_prefix is None else self.name_prefix

    def default_header(self, name: str, fmt: BinaryFormat) -> str | None:
        return f"{self.prefix(fmt)}{name}.h"

    def files(self, name: str, fmt: BinaryFormat, header: str | None) -> TargetFiles:
        suffix = fmt.MODULE_SUFFIX if self.name_suffix is None else self.name_suffix
        return TargetFiles(name, fmt.module_filename(self.prefix(fmt), name, suffix), header)

    def musl(self) -> tuple[bool, str | None]:
        raise ConfigError(f"the host C library is musl, where a Go {self.NOUN} cannot be loaded with dlopen() "
                          f"({MUSL_DLOPEN}): build the module for a glibc host, or make the Go code a "
                          "mesongo.shared_library that the host links at start-up")


@dataclass(frozen=True)
class PythonExtension(SharedModule):
    """A Python extension module written in Go: named with the Python's extension suffix (the
    prefix is empty, as py.extension_module() makes it), installed into its platlib."""

    KEY: ClassVar[str] = "extension_module"
    NOUN: ClassVar[str] = "Python extension module"

    def default_header(self, name: str, fmt: BinaryFormat) -> str | None:
        # The name carries the suffix's first part, as Meson's (_core.cpython-311-x86_64-linux-gnu).
        return f"{name.split('.', 1)[0]}.h"


@dataclass(frozen=True)
class StaticLibrary(Library):
    KEY: ClassVar[str] = "static_library"
    NOUN: ClassVar[str] = "static library"
    MESON_FUNCTION: ClassVar[str | None] = "static_library"
    LINKABLE: ClassVar[bool] = True
    INSTALL: ClassVar[InstallDefault] = InstallDefault("libdir", "{libdir_static}")
    ARCHIVE: ClassVar[bool] = True

    def files(self, name: str, fmt: BinaryFormat, header: str | None) -> TargetFiles:
        return TargetFiles(name, fmt.static_library_filename(name), header)

    def musl(self) -> tuple[bool, str | None]:
        return True, None   # the object carries the runtime start-up (binfmt/musl.py)
