"""The typed build plan: everything the ninja-run build step needs to build one Go target.

`meson setup` makes one plan per target (plan/planner.py) and writes it as JSON next to the
target's private files; the build step reads it back whole. The parts that only some kinds have
are nested: `kind` (the target kind, an instance of a kinds/ class, tagged with its KEY),
`library` (header, exports, the shared-object link or the archive's consumer arguments, .pc).
Pure data: no I/O here but the JSON text itself.
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
from typing import Any, TypedDict

from ..kinds import KINDS, TargetKind
from .checkplan import CheckPlan
from .planfile import DIGEST_KEY, PLAN_FORMAT, REQUIRES_PRIVATE, plan_data
from .planfile import StalePlan as StalePlan  # where the build plans' readers find it
from .policy import Policy

KIND_TAG = "kind"   # the JSON key that names a TargetKind's class


class ExportMode(enum.Enum):
    """Which symbols a shared object exports (the `exports` keyword)."""

    API = "api"          # //export functions + C-linkage functions of the package's own C/C++/asm files
    EXPORT = "export"    # //export functions only
    ALL = "all"          # Go's own c-shared link: everything, the cgo runtime included
    LIST = "list"        # exactly the names given
    HEADER = "header"    # exactly what the project's own header declares (plan/cheader.py)


@dataclass(frozen=True)
class ExportRule:
    mode: ExportMode
    names: tuple[str, ...] = ()              # for LIST


@dataclass(frozen=True)
class GoObject:
    """What the Go part of a library makes for Meson's own link (meson_adapter/objects.py): one
    relocatable object of the whole Go c-archive (and, on musl, the runtime start-up), which
    Meson's shared_library() links and its static_library() archives; the export list its link
    takes; and the response file of what the archive needs at the link ("#cgo LDFLAGS" as they
    are now, the C++ runtime)."""

    output: str                              # the object, relative to the build root
    export_list: str                         # the version script (ELF) or .def file (PE)
    link_args_file: str                      # the response file


@dataclass(frozen=True)
class HeaderPlan:
    """The installed/consumed C header: cgo's header with the quoted #includes that resolve inside
    `inline_dirs` replaced by the files' text, so that it compiles with nothing else installed."""

    output: str                              # relative to the build root
    inline_dirs: tuple[str, ...]


LIBS_PRIVATE = "@LIBS_PRIVATE@"   # in a .pc text: an archive's private libraries, known at build time


REQUIRES_PRIVATE_LINE = REQUIRES_PRIVATE + "\n"


@dataclass(frozen=True)
class PkgConfigFiles:
    text: str                                # the installed NAME.pc, with LIBS_PRIVATE for the build-time flags
    uninstalled_text: str
    path: str                                # where `text` is written (relative to the build root)
    uninstalled_path: str
    # The pkg-config packages of the target's Meson dependencies, first in Requires.private.
    requires_private: tuple[str, ...] = ()

    def rendered(self, libs_private: Sequence[str], cgo_requires: Sequence[str] = ()) -> list[tuple[str, str]]:
        """(path, text) of the installed and the uninstalled .pc, with `libs_private` and the names
        of the packages' `#cgo pkg-config:` lines (`cgo_requires`) filled in."""
        private = " ".join(libs_private)
        requires = list(dict.fromkeys([*self.requires_private, *cgo_requires]))
        line = f"Requires.private: {', '.join(requires)}\n" if requires else ""
        return [(path, text.replace(LIBS_PRIVATE, private).replace(REQUIRES_PRIVATE_LINE, line))
                for path, text in ((self.path, self.text), (self.uninstalled_path, self.uninstalled_text))]


@dataclass(frozen=True)
class LibraryPlan:
    """What a library kind adds: its C API and how it reaches its consumers."""

    header: HeaderPlan | None                # None: `header: false`, or the project's own header
    objects: GoObject
    exports: ExportRule = field(default_factory=lambda: ExportRule(ExportMode.API))
    pkgconfig: PkgConfigFiles | None = None
    # What Meson links from the object (relative to the build root): removed with the Go part's
    # outputs when its build fails, so that no library of an earlier build is left to link.
    linked: tuple[str, ...] = ()
    # `header: files(...)`: the project's own header (absolute), installed and given to the
    # consumers instead of cgo's; `exports: 'header'` reads its declarations.
    own_header: str | None = None


@dataclass(frozen=True)
class SuppliedMain:
    """The main package mesongo supplies for a library of non-main packages (plan/mainpkg.py);
    its main.go is one of the Go command's overlaid files."""

    virtual_dir: str                         # absolute; exists only in the overlay
    exporting: tuple[str, ...]               # import paths whose //export functions the header declares


@dataclass(frozen=True)
class OverlaidFile:
    """A file Go reads through `go build -overlay`: written into the build dir, never the source tree."""

    path: str                                # absolute: where Go believes it is
    actual: str                              # absolute, in the build dir
    text: str


@dataclass(frozen=True)
class GoCoverage:
    """-Db_coverage=true (plan/coverage.py): where the counters go, and what the report reads."""

    counters_dir: str                        # absolute: GOCOVERDIR unless the environment sets one
    packages_file: str                       # absolute: the build step writes import path -> source dir


@dataclass(frozen=True)
class GoCommand:
    """The Go command that builds the target, run in `package_dir`."""

    go: str                                  # the go binary
    subcommand: tuple[str, ...]              # build, or test -c
    package_dir: str                         # absolute
    package: str                             # what is built: ".", the supplied main, or an import path
    env: dict[str, str]                      # on top of the cleaned inherited environment
    args: tuple[str, ...]                    # build flags, without -o and the package
    output: str                              # absolute, in the private dir: what `go build -o` writes
    supplied_main: SuppliedMain | None = None
    overlay_file: str | None = None          # absolute, in the build dir: the -overlay file
    overlaid: tuple[OverlaidFile, ...] = ()  # the supplied main's main.go, the coverage files
    coverage: GoCoverage | None = None
    # C headers the package includes from Meson dependencies: neither go list nor Go's cache sees
    # them (golang/go#24355), so the build step tracks these directories' headers itself.
    tracked_header_dirs: tuple[str, ...] = ()
    # A program named by import path: its module's go.mod and go.sum (planner.module_files), which
    # the depfile lists when they exist (a missing one would make ninja rebuild every time).
    module_files: tuple[str, ...] = ()
    # The .pc files of the packages' `#cgo pkg-config:` names, as setup resolved them: Go's cache
    # does not see a .pc file's text either, so the build step tracks them as it tracks headers.
    pkg_config_files: tuple[str, ...] = ()

    def argv(self) -> list[str]:
        return [self.go, *self.subcommand, *self.args, "-o", self.output, self.package]

    def overlay_files(self) -> list[tuple[str, str]]:
        """(path, text) of the files Go reads through the overlay, and of the -overlay file. The
        build step writes them (a clean may have removed them)."""
        if self.overlay_file is None:
            return []
        from .mainpkg import overlay_json

        return [*((f.actual, f.text) for f in self.overlaid),
                (self.overlay_file, overlay_json({f.path: f.actual for f in self.overlaid}))]

    @property
    def header(self) -> str:
        """Where Go writes the cgo header: named after -o minus its last extension."""
        return os.path.splitext(self.output)[0] + ".h"


@dataclass(frozen=True)
class CCommands:
    """The host C toolchain as the link and the musl start-up use it."""

    cc: tuple[str, ...] = ()
    cxx: tuple[str, ...] | None = None       # the project has C++
    cxx_runtime: tuple[str, ...] = ()        # what linking C++ objects with the C driver needs (-lstdc++)


@dataclass(frozen=True)
class BuildPlan:
    name: str
    kind: TargetKind
    binary_format: str                       # binfmt/formats.py: FORMATS key
    output: str                              # the target's file, relative to the build root
    private_dir: str                         # absolute scratch space
    depfile: str
    go: GoCommand
    c: CCommands = field(default_factory=CCommands)
    library: LibraryPlan | None = None
    musl: bool = False                       # mesongo starts the Go runtime (binfmt/musl.py)
    policy: Policy = field(default_factory=Policy)
    step_code: str = ""                      # the build step's code (buildstep/identity.py)
    format: int = PLAN_FORMAT


class Launch(TypedDict):
    """What the build step needs to start Go, read before the typed plan (buildstep/launch.py):
    one function of the plan (launch_of), written beside it at setup (launch_file)."""

    go: str
    go_argv: list[str]
    list_argv: list[str]                     # go list -deps, for the depfile and the cgo flags
    cwd: str
    env: dict[str, str]                      # on top of the cleaned inherited environment
    private_dir: str
    remove: list[str]                        # Go's outputs of the last build
    write: list[tuple[str, str]]             # (path, text): the overlay's files
    header_dirs: list[str]                   # tracked C header dirs (GoCommand.tracked_header_dirs)
    pkg_config_files: list[str]              # tracked .pc files (GoCommand.pkg_config_files)


def launch_of(plan: BuildPlan) -> Launch:
    from ..toolchain.gocmd import list_argv

    go = plan.go
    testing = go.subcommand[0] == "test"
    return Launch(go=go.go, go_argv=go.argv(),
                  list_argv=list_argv(go.go, go.args, deps=True, test=testing, packages=[go.package]),
                  cwd=go.package_dir, env=dict(go.env), private_dir=plan.private_dir,
                  remove=[go.output, go.header], write=go.overlay_files(),
                  header_dirs=list(go.tracked_header_dirs), pkg_config_files=list(go.pkg_config_files))


@dataclass(frozen=True)
class SharedPackagesPlan:
    """`go list -export -deps` of the packages other than main that several Go targets of one build
    configuration compile (plan/sharedpkgs.py), run before them: it compiles each of those
    packages once into Go's build cache, where the targets' `go build` then finds it. Two Go
    processes started together would both compile a package they share: Go's cache does not share
    work in flight."""

    go: str
    module_dir: str                          # absolute: where go list runs (the targets' main module)
    env: dict[str, str]                      # as the targets' Go commands have it
    args: tuple[str, ...]                    # the targets' build flags that decide how a package compiles
    packages: tuple[str, ...]                # import paths: the shared ones that no other shared one imports
    stamp: str                               # relative to the build root: the step's output
    depfile: str
    members: tuple[str, ...] = ()            # the targets' files, for messages
    # The targets' outputs and what Meson links from them (relative to the build root): removed
    # when the step fails, as a failed target build step removes its own, so that nothing of an
    # earlier build is left to link.
    member_outputs: tuple[str, ...] = ()
    step_code: str = ""                      # the build step's code (buildstep/identity.py)
    format: int = PLAN_FORMAT

    def argv(self) -> list[str]:
        from ..toolchain.gocmd import list_argv

        return list_argv(self.go, ["-export", *self.args], deps=True, packages=self.packages)


# --- JSON -------------------------------------------------------------------------------------


def _to_json(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = {f.name: _to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {KIND_TAG: value.KEY, **fields} if isinstance(value, TargetKind) else fields
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
    if tp is TargetKind:
        tp = KINDS[value[KIND_TAG]]
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        hints = typing.get_type_hints(tp)
        return tp(**{f.name: _from_json(hints[f.name], value[f.name]) for f in dataclasses.fields(tp)
                     if f.name in value})
    return value


def plan_json(plan: BuildPlan) -> str:
    return json.dumps(_to_json(plan), indent=1, sort_keys=True) + "\n"


def plan_file(plan: BuildPlan | SharedPackagesPlan | CheckPlan) -> tuple[str, str]:
    """The plan file's text, which records its digest, and the digest. Ninja's command for the
    target carries the digest: a changed plan changes the command and ninja reruns the step, with
    no stat of the plan file at every no-op."""
    import hashlib

    data = _to_json(plan)
    digest = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]
    return json.dumps({**data, DIGEST_KEY: digest}, indent=1, sort_keys=True) + "\n", digest


def launch_file(plan: BuildPlan, digest: str) -> bytes:
    """The launch file's bytes: marshal (built into Python: the step reads it with no import) of
    the plan format, the plan's digest and launch_of(plan)."""
    import marshal

    return marshal.dumps((PLAN_FORMAT, digest, dict(launch_of(plan))))


def _read(cls: type[Any], text: str, digest: str | None) -> Any:
    plan = _from_json(cls, plan_data(text, digest))
    assert isinstance(plan, cls)
    return plan


def plan_from_json(text: str, digest: str | None = None) -> BuildPlan:
    """The plan; with `digest`, the one from ninja's command, which the file must record."""
    plan: BuildPlan = _read(BuildPlan, text, digest)
    return plan


def shared_plan_from_json(text: str, digest: str | None = None) -> SharedPackagesPlan:
    plan: SharedPackagesPlan = _read(SharedPackagesPlan, text, digest)
    return plan


