"""The typed build plan: everything the ninja-run build step needs to build one Go target.

The Meson adapter makes one plan per target at `meson setup` and writes it as JSON next to the
target's private files; the build step reads it back whole and derives nothing again. Pure data:
no I/O here but the JSON text itself.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import os
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from .naming import TargetKind
from .policy import Policy

PLAN_FORMAT = 1   # bumped when the JSON shape changes; an old plan then asks for a reconfigure


class ExportMode(enum.Enum):
    """Which symbols a shared library exports (the `exports` keyword)."""

    API = "api"          # //export functions + C-linkage functions of the package's own C/C++/asm files
    EXPORT = "export"    # //export functions only
    ALL = "all"          # Go's own c-shared link: everything, the cgo runtime included
    LIST = "list"        # exactly the names given


@dataclass(frozen=True)
class ExportRule:
    mode: ExportMode
    names: tuple[str, ...] = ()              # for LIST


@dataclass(frozen=True)
class LinkStep:
    """How the Go c-archive becomes a shared library: linked by the C compiler driver or, when a
    package of the build has C++ files, the C++ one, as `go build -buildmode=c-shared` would."""

    args: tuple[str, ...]                    # Go's c-shared flags, soname, -Wl,--no-undefined, -extldflags
    driver_flags: tuple[str, ...]            # CGO_LDFLAGS: Go's default and Meson's c_link_args


@dataclass(frozen=True)
class HeaderPlan:
    """The installed/consumed C header: cgo's header with the quoted #includes that resolve inside
    `inline_dirs` replaced by the files' text, so that it compiles with nothing else installed."""

    output: str                              # relative to the build root
    inline_dirs: tuple[str, ...]


@dataclass(frozen=True)
class SuppliedMain:
    """The main package mesongo supplies for a library of non-main packages (plan/mainpkg.py)."""

    virtual_dir: str                         # absolute; exists only in the overlay
    source_file: str                         # absolute, in the build dir: its main.go
    overlay_file: str                        # absolute, in the build dir: the -overlay file
    source: str                              # the main.go text
    exporting: tuple[str, ...]               # import paths whose //export functions the header declares

    def files(self) -> list[tuple[str, str]]:
        """(path, text) of the files Go reads for it: its main.go and the -overlay file that puts it
        into the virtual directory. Setup writes them; the build step again, should they be gone."""
        from .mainpkg import overlay_json

        return [(self.source_file, self.source),
                (self.overlay_file, overlay_json(os.path.join(self.virtual_dir, "main.go"), self.source_file))]


LIBS_PRIVATE = "@LIBS_PRIVATE@"   # in a .pc text: an archive's private libraries, known at build time


@dataclass(frozen=True)
class PkgConfigFiles:
    text: str                                # the installed NAME.pc, with LIBS_PRIVATE for the build-time flags
    uninstalled_text: str
    path: str                                # where `text` is written (relative to the build root)
    uninstalled_path: str

    def rendered(self, libs_private: Sequence[str]) -> list[tuple[str, str]]:
        """(path, text) of the installed and the uninstalled .pc, with `libs_private` filled in."""
        private = " ".join(libs_private)
        return [(self.path, self.text.replace(LIBS_PRIVATE, private)),
                (self.uninstalled_path, self.uninstalled_text.replace(LIBS_PRIVATE, private))]


@dataclass(frozen=True)
class BuildPlan:
    name: str
    kind: TargetKind
    go: str                                  # the go binary
    package_dir: str                         # absolute
    env: dict[str, str]                      # on top of the cleaned inherited environment
    go_args: tuple[str, ...]                 # `go build` arguments without -o and the package
    output: str                              # the library, relative to the build root
    header: HeaderPlan | None
    private_dir: str                         # scratch space, relative to the build root
    depfile: str
    cc: tuple[str, ...] = ()                 # the host C compiler command
    cxx: tuple[str, ...] | None = None       # the host C++ compiler command, if the project has one
    cxx_runtime: tuple[str, ...] = ()        # what linking C++ objects with the C driver needs (-lstdc++)
    symlinks: tuple[tuple[str, str], ...] = ()    # (link name, target) next to the output
    link: LinkStep | None = None             # None: Go links (or, for an archive, nothing does)
    musl: bool = False
    exports: ExportRule = field(default_factory=lambda: ExportRule(ExportMode.ALL))
    policy: Policy = field(default_factory=Policy)
    link_args_file: str | None = None        # static: what a consumer must link besides the archive
    fixed_link_args: tuple[str, ...] = ()    # static: the part of that known at setup (musl start-up)
    pkgconfig: PkgConfigFiles | None = None
    # C headers the package includes from Meson dependencies: neither go list nor Go's cache sees
    # them (golang/go#24355), so the build step tracks these directories' headers itself.
    tracked_header_dirs: tuple[str, ...] = ()
    supplied_main: SuppliedMain | None = None
    format: int = PLAN_FORMAT

    @property
    def go_package(self) -> str:
        """The package `go build` builds, relative to package_dir (where Go runs)."""
        from .mainpkg import GO_PACKAGE

        return "." if self.supplied_main is None else GO_PACKAGE

    @property
    def go_output(self) -> str:
        """Where `go build -o` writes: an archive (that mesongo links, or the static library), Go's
        own shared library, or the program."""
        if self.kind is TargetKind.STATIC or self.link is not None:
            name = "lib.a"
        else:
            name = "lib.so" if self.kind is TargetKind.SHARED else "program"
        return os.path.join(self.private_dir, name)

    def go_build_argv(self) -> list[str]:
        if self.kind is TargetKind.TEST:
            return [self.go, "test", "-c", *self.go_args, "-o", self.go_output, "."]
        return [self.go, "build", *self.go_args, "-o", self.go_output, self.go_package]

    def shown_command(self) -> list[str]:
        """The Go command as a person would type it; ninja's command line carries it so that
        `ninja -t commands` shows what runs (the build step checks that it matches the plan)."""
        return ["env", *(f"{k}={v}" for k, v in sorted(self.env.items())), *self.go_build_argv()]


# --- JSON -------------------------------------------------------------------------------------


def _to_json(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (tuple, list)):
        return [_to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: _to_json(v) for k, v in value.items()}
    return value


def _from_json(tp: Any, value: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        if value is None and type(None) in args:
            return None
        return _from_json(next(a for a in args if a is not type(None)), value)
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_from_json(args[0], v) for v in value)
        return tuple(_from_json(a, v) for a, v in zip(args, value, strict=True))
    if origin is dict:
        key_type, value_type = typing.get_args(tp)
        return {_from_json(key_type, k): _from_json(value_type, v) for k, v in value.items()}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return tp(value)
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        hints = typing.get_type_hints(tp)
        return tp(**{f.name: _from_json(hints[f.name], value[f.name]) for f in dataclasses.fields(tp)
                     if f.name in value})
    return value


def plan_json(plan: BuildPlan) -> str:
    return json.dumps(_to_json(plan), indent=1, sort_keys=True) + "\n"


class StalePlan(Exception):
    """The plan was written by another mesongo: a reconfigure writes a new one."""


def plan_from_json(text: str) -> BuildPlan:
    data = json.loads(text)
    if data.get("format") != PLAN_FORMAT:
        raise StalePlan(f"plan format {data.get('format')!r}, expected {PLAN_FORMAT}")
    plan = _from_json(BuildPlan, data)
    assert isinstance(plan, BuildPlan)
    return plan
