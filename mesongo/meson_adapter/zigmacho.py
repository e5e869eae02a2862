"""Meson's link commands for macOS when zig links (a cross-file such as aarch64-macos-zig.ini).

Meson tells the linker by what `cc -Wl,--version` prints, and zig's Mach-O linker says "zig ld",
which Meson (>= 1.6) takes for a GNU-like one (ZigCCDynamicLinker): its libraries then get
`-Wl,-soname,libNAME.dylib.X`, which zig writes as the install name `libNAME.dylib.X` with no
@rpath/ (dyld finds it nowhere), versions 1.0.0 whatever darwin_versions says, and consumers get
an rpath `$ORIGIN/`, which dyld does not expand. What Meson writes for Apple's linker
(linkers.py, AppleDynamicLinker) is what zig understands for Mach-O, but for three things: zig
has no -bundle (a shared_module() is a dylib that dyld's dlopen() loads alike), it reads a
version as X.Y.Z only (-compatibility_version 2 is refused; ld64 reads it as 2.0.0), and it
refuses -no_weak_imports (which Meson adds to its has_function() checks for an Apple linker).

So while Meson writes the build files (the one backend object's generate(), as compat.py wraps
it), the host compilers whose linker is zig's get a copy of it whose link arguments are Apple's
where Apple's differ; the copy is put back after, so nothing of mesongo's is pickled into
coredata.dat or build.dat, and Meson's checks during configure (cc.has_function(), cc.links())
run with the linker Meson detected.
"""

from __future__ import annotations

import copy
import typing as T

from mesonbuild.linkers.linkers import AppleDynamicLinker

from ..plan import naming
from ..plan.macos import ZIG_LINKER_ID


class _AppleArguments:
    """Apple's link arguments where they differ from a GNU-like linker's, as zig takes them;
    mixed in front of the class of Meson's zig linker (linkers.py, ZigCCDynamicLinker)."""

    def get_soname_args(self, *args: T.Any) -> list[str]:
        # (prefix, shlib_name, suffix, soversion, darwin_versions); older Meson versions take the
        # environment first. The versions as X.Y.Z, the one form zig reads.
        *rest, darwin_versions = args
        versions = tuple(naming.darwin_version(str(v)) for v in darwin_versions) if darwin_versions else None
        return T.cast(list[str], AppleDynamicLinker.get_soname_args(self, *rest, versions))

    def build_rpath_args(self, *args: T.Any, **kwargs: T.Any) -> T.Any:
        # The same arguments as the GNU one in every Meson version (they changed over time).
        return AppleDynamicLinker.build_rpath_args(self, *args, **kwargs)

    def get_asneeded_args(self) -> list[str]:
        return T.cast(list[str], AppleDynamicLinker.get_asneeded_args(self))

    def headerpad_args(self) -> list[str]:
        # Room for install_name_tool, which `meson install` runs on a Mac.
        return T.cast(list[str], AppleDynamicLinker.headerpad_args(self))

    def get_allow_undefined_args(self) -> list[str]:
        return T.cast(list[str], AppleDynamicLinker.get_allow_undefined_args(self))

    def no_undefined_args(self) -> list[str]:
        return []   # an undefined symbol is an error by default, as for ld64

    def get_std_shared_module_args(self, target: T.Any) -> list[str]:
        return T.cast(list[str], self.get_std_shared_lib_args())   # type: ignore[attr-defined]  # no -bundle in zig


_CLASSES: dict[type, type] = {}


def _with_apple_arguments(linker: T.Any) -> T.Any:
    cls = type(linker)
    if cls not in _CLASSES:
        _CLASSES[cls] = type(f"Apple{cls.__name__}", (_AppleArguments, cls), {})
    patched = copy.copy(linker)
    patched.__class__ = _CLASSES[cls]
    return patched


def apple_link_arguments_for_zig(interpreter: T.Any) -> None:
    """Wrap the backend's generate() so that Meson's links for a macOS host that zig links get
    Apple's arguments (module docstring)."""
    backend = getattr(interpreter, "backend", None)
    if backend is None or getattr(backend, "_mesongo_zig_macho_hooked", False):
        return
    generate = backend.generate

    def generate_with_apple_arguments(*args: T.Any, **kwargs: T.Any) -> T.Any:
        env = interpreter.environment
        swapped: list[tuple[T.Any, T.Any]] = []
        if env.machines.host is not None and env.machines.host.system == "darwin":
            for compiler in env.coredata.compilers.host.values():
                linker = getattr(compiler, "linker", None)
                if linker is not None and getattr(linker, "id", None) == ZIG_LINKER_ID:
                    swapped.append((compiler, linker))
                    compiler.linker = _with_apple_arguments(linker)
        try:
            return generate(*args, **kwargs)
        finally:
            for compiler, linker in swapped:
                compiler.linker = linker

    backend.generate = generate_with_apple_arguments
    backend._mesongo_zig_macho_hooked = True
