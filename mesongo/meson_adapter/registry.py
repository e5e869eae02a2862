"""The one record of what this configure made: the Go targets (what go.dependency(), the
post-configure checks and the install hooks need to know of each), the Meson libraries made of
their Go parts, the meson.build node of every target (where the checks point), and the facts
asked once per configure (the Go toolchain, the C library and PIE default of each C compiler).
Meson gives the subprojects the module instance of the root project, so one Registry serves the
whole configure."""

from __future__ import annotations

import typing as T
from dataclasses import dataclass, field

from mesonbuild import build

from ..kinds import Program, TargetFiles, TargetKind
from ..plan.model import BuildPlan
from ..plan.planner import Prepared, TargetOutline
from ..toolchain import cfacts, gofacts
from ..toolchain.packagefacts import FactsRequest


@dataclass(frozen=True)
class TargetRecord:
    """A Go target as the rest of the configure sees it."""

    target: build.CustomTarget           # a program, or a library's Go part
    kind: TargetKind
    files: TargetFiles                   # what Meson names the target's file
    header_index: int | None             # which output of the target is the header
    consumer_link_args: tuple[str, ...]  # an archive: what its consumers link besides it
    strip: bool | None                   # the `strip` option of its project; None: never stripped
    build_rpaths: tuple[str, ...]        # RUNPATH entries for Meson libraries in the build dir, dropped at install
    package_dir: str
    on_devenv_path: bool                 # a program `meson devenv` puts on PATH (hooks.add_programs_to_devenv)
    python_package_dir: str | None       # installed into a Python package: the dir's name ({py_platlib}/pkg)
    # The Meson dependencies the library's C API needs (its header includes theirs): go.dependency()
    # hands them on, as declare_dependency(dependencies: ...) does.
    header_dependencies: tuple[T.Any, ...] = ()
    # A library's Go part: the link_args of the shared library or module Meson links from it.
    meson_link_args: tuple[str, ...] = ()
    # The directory of the project's own header (`header: files(...)`), relative to the source
    # root: its consumers' include directory.
    own_header_dir: str | None = None
    plan: BuildPlan | None = None        # its build plan: what `meson devenv` gives Go's tools (hooks)
    go_sources: tuple[str, ...] = ()     # what `meson introspect --targets` lists as its sources

    @property
    def native(self) -> bool:
        """Built for the build machine (go.executable(native: true))."""
        return isinstance(self.kind, Program) and self.kind.native


@dataclass(frozen=True)
class PendingTarget:
    """A target whose call returned before Go was asked about its packages: completion.py asks Go
    about all of them at once when the whole project is read, then plans and finishes each."""

    target: build.CustomTarget
    prep: Prepared
    shape: TargetOutline
    question: FactsRequest               # what Go is asked about its packages
    plan_path: str                       # where its build plan goes
    command: tuple[str, ...]             # the build step's command, before the Go command it shows


@dataclass(frozen=True)
class GoPart:
    """A library's Go part, which a shared and a static library of one name in one directory
    share (two calls, or both_libraries()): what the second call must ask for alike."""

    target: build.CustomTarget
    settings: T.Any                      # what the Go build depends on (module.py compares it)
    prep: Prepared
    linked: list[str] = field(default_factory=list)   # the files Meson links from it (build-root relative)


@dataclass
class Registry:
    targets: dict[str, TargetRecord] = field(default_factory=dict)    # by CustomTarget id
    # The Meson libraries linked from a Go part, by their target id: what each call made.
    libraries: dict[str, TargetRecord] = field(default_factory=dict)
    go_parts: dict[tuple[str, str, str], GoPart] = field(default_factory=dict)   # by (subproject, subdir, name)
    go_parts_by_target: dict[str, GoPart] = field(default_factory=dict)         # by the Go part's target id
    # Target id -> the meson.build node that defined it, for every target added after
    # import('mesongo') by an interpreter that uses mesongo (compat.record_target_nodes).
    nodes: dict[str, T.Any] = field(default_factory=dict)
    dist_vendored: set[str] = field(default_factory=set)   # module dirs that already have a dist script
    # By go binary: its facts, or the started questions that give them (facts.toolchain).
    toolchains: dict[str, gofacts.GoToolchain | T.Callable[[], gofacts.GoToolchain]] = field(default_factory=dict)
    # The C library and PIE default of each C compiler (with its arguments): the answer, or the
    # started preprocessor run that gives it (facts.c_facts).
    c_facts: dict[tuple[tuple[str, ...], tuple[str, ...]], cfacts.CFacts | T.Callable[[], cfacts.CFacts]] = \
        field(default_factory=dict)
    go_program: T.Any = None             # find_program('go'), asked once
    dist_targets: gofacts.DistTargets = field(default_factory=dict)   # go tool dist list, per go binary
    pending: list[PendingTarget] = field(default_factory=list)   # in the order of their calls
    coverage_go: str | None = None       # b_coverage: the go binary of a covered target (for `ninja coverage`)
    # A Go shared library's or module's link interface, by the Meson target's id: the .symbols
    # file its check step writes (build-root relative), which Meson's consumers' links depend on.
    symbol_files: dict[str, str] = field(default_factory=dict)

    def add_go_part(self, key: tuple[str, str, str], part: GoPart) -> None:
        self.go_parts[key] = part
        self.go_parts_by_target[part.target.get_id()] = part

    def go_part_of(self, target: build.CustomTarget) -> GoPart | None:
        return self.go_parts_by_target.get(target.get_id())

    def record_of(self, target: T.Any) -> TargetRecord | None:
        """The record of a Go target (a Go program's CustomTarget or one of its outputs, a Meson
        library linked from a Go part, both_libraries() of one), or None."""
        if isinstance(target, build.CustomTargetIndex):
            target = target.target
        if isinstance(target, build.BothLibraries):
            target = target.get_default_object()
        if isinstance(target, build.BuildTarget):
            return self.libraries.get(target.get_id())
        return self.targets.get(target.get_id()) if isinstance(target, build.CustomTarget) else None

    def current(self, b: build.Build, record: TargetRecord) -> bool:
        """Whether the record's target is in this build (a failed subproject's are not)."""
        return b.get_targets().get(record.target.get_id()) is record.target
