"""Meson objects from a target's plan: the CustomTarget whose command runs the build step (a
program, or a library's Go part), Meson's own library target that links a Go part, the step that
checks what it linked, the .pc that `meson install` installs, the dependency go.dependency()
returns, and the Meson test of a go.test()."""

from __future__ import annotations

import os
import sys
import typing as T

from mesonbuild import build
from mesonbuild.mesonlib import File

from ..fsutil import write_if_changed
from ..kinds import SharedLibrary, SharedModule
from ..plan.checkplan import CheckPlan
from ..plan.model import plan_file
from ..plan.planner import InstallDir, Prepared, TargetOutline
from . import compat
from .registry import TargetRecord

if T.TYPE_CHECKING:
    from mesonbuild.modules import ModuleState


def _install_dir(value: InstallDir) -> str:
    """An install dir as Meson takes it: with its placeholder name, if it has one."""
    return compat.option_string(value.path, value.name) if value.name else value.path


def build_step_command(state: ModuleState, plan_path: str) -> tuple[str, ...]:
    """What ninja runs for a Go target, before the plan's digest and the Go command it shows
    (completion.py adds them)."""
    return (sys.executable, "-m", "mesongo.buildstep", os.path.relpath(plan_path, state.environment.get_build_dir()))


def custom_target(state: ModuleState, target: TargetOutline, noun: str, command: T.Sequence[str],
                  sources: list[File], build_by_default: bool, extra_depends: T.Sequence[T.Any]) -> build.CustomTarget:
    """The target, its command as far as it is known before Go is asked about the packages."""
    outputs = target.install.outputs
    # A library's Go part: named apart from the user's targets (go.test('calc-go', ...) is one).
    name = target.files.name if target.go_part is None else f"{os.path.splitext(target.go_part.object)[0]}-part"
    return compat.custom_target(
        state, name, list(command), list(sources), [o.name for o in outputs],
        build_by_default=build_by_default,
        depfile=f"{outputs[0].name}.d",
        install=target.install.install,
        install_dir=[_install_dir(o.install_dir) if o.install_dir else False for o in outputs],
        install_tag=[o.tag for o in outputs],
        extra_depends=list(extra_depends),
        description=f"Building Go {noun} {os.path.join(state.subdir, target.files.filename)}",
    )


def install_objects(state: ModuleState, target: TargetOutline) -> list[T.Any]:
    """The .pc of an installed library, and the project's own header."""
    made: list[T.Any] = []
    own = target.install.own_header
    if own is not None:
        assert own.install_dir is not None
        made.append(build.Data([File.from_absolute_file(own.name)], own.install_dir.path,
                               own.install_dir.name or own.install_dir.path, None, state.subproject,
                               install_tag=own.tag))
    pc = target.install.pkgconfig
    if pc is None:
        return made
    assert pc.install_dir is not None
    pc_file = File.from_built_file(os.path.dirname(pc.name), os.path.basename(pc.name))
    return [*made, build.Data([pc_file], pc.install_dir.path, pc.install_dir.name or pc.install_dir.path, None,
                              state.subproject, install_tag=pc.tag)]


def meson_library(state: ModuleState, interpreter: T.Any, function: str, name: str, go_part: build.CustomTarget,
                  prep: Prepared, record: TargetRecord, kwargs: T.Mapping[str, T.Any],
                  extra_dependencies: T.Sequence[T.Any]) -> T.Any:
    """Meson's own `function` (shared_library, shared_module, static_library, library or
    both_libraries) of the Go part's object, made through the interpreter as meson.build would
    make it: Meson names, links, installs and describes it as its own, gives its consumers the
    link interface (.symbols) and the build rpath, and pkg.generate() and test() take it."""
    kind = prep.kind
    meson_kwargs: dict[str, T.Any] = {
        "install": kwargs["install"],
        # The Go runtime needs threads; the C libraries and dependencies the Go code uses are linked
        # as for a C library (and an archive's consumers link them).
        "dependencies": [state.dependency("threads"), *kwargs["dependencies"], *extra_dependencies],
        "link_with": list(kwargs["link_with"]),
    }
    # Only when false (Meson's default is true): Meson checks each keyword a call passes against the
    # project's meson_version (build_by_default: 0.38), and one that mesongo adds would be a
    # FeatureNew warning that the meson.build did not earn.
    if not kwargs["build_by_default"]:
        meson_kwargs["build_by_default"] = False
    if kwargs["install_dir"] is not None:
        meson_kwargs["install_dir"] = kwargs["install_dir"]
    if kwargs["install_tag"] is not None:
        meson_kwargs["install_tag"] = kwargs["install_tag"]
    if function != "static_library":
        meson_kwargs["link_args"] = list(record.meson_link_args)
        if isinstance(kind, SharedModule):   # None: Meson's default
            if kind.name_prefix is not None:
                meson_kwargs["name_prefix"] = kind.name_prefix
            if kind.name_suffix is not None:
                meson_kwargs["name_suffix"] = kind.name_suffix
        elif isinstance(kind, SharedLibrary):
            if kind.version is not None:
                meson_kwargs["version"] = kind.version
            if kind.soversion is not None:
                meson_kwargs["soversion"] = kind.soversion
            if kind.darwin_versions is not None:
                meson_kwargs["darwin_versions"] = list(kind.darwin_versions)
    return interpreter.funcs[function](state.current_node, [name, go_part], meson_kwargs)


def libraries_of(made: T.Any) -> list[build.BuildTarget]:
    """The Meson targets of what meson_library() returned (both_libraries(): two)."""
    if isinstance(made, build.BothLibraries):
        return [made.shared, made.static]
    return [made]


def check_target(state: ModuleState, library: build.SharedLibrary, plan: CheckPlan) -> build.CustomTarget:
    """The step that checks what Meson linked and writes its link interface (buildstep/check.py):
    a target of its own, built when the library is, whose output, the .symbols file, the links
    of the library's consumers depend on (compat.own_symbol_files)."""
    text, digest = plan_file(plan)
    path = os.path.join(state.environment.get_build_dir(), "meson-private", "mesongo", "checks", state.subdir,
                        f"{library.get_filename()}.json")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    write_if_changed(path, text)
    command = [sys.executable, "-m", "mesongo.buildstep.check",
               os.path.relpath(path, state.environment.get_build_dir()), digest]
    return compat.custom_target(state, f"{library.name}-go-check", command, [library], [os.path.basename(plan.symbols)],
                                build_by_default=library.build_by_default,
                                description=f"Checking {os.path.join(state.subdir, library.get_filename())}")


def dependency(state: ModuleState, interpreter: T.Any, lib: T.Any, record: TargetRecord) -> T.Any:
    """A dependency for C/C++ targets: links the library, orders every compile after the header,
    and hands on what the header needs (the include dirs and compile arguments of the
    dependencies whose headers it may include, as declare_dependency(dependencies: ...) does)."""
    if isinstance(lib, build.BothLibraries):
        lib = lib.get_default_object()
    dep_kwargs: dict[str, T.Any] = {"link_with": [lib]}
    if record.header_index is not None:
        dep_kwargs["sources"] = [record.target[record.header_index]]
    if record.own_header_dir is not None:
        dep_kwargs["include_directories"] = [compat.include_directories(state, record.own_header_dir)]
    deps = [compat.compile_part(d) for d in record.header_dependencies]
    if isinstance(lib, build.StaticLibrary) and record.consumer_link_args:
        # What the Go archive needs at its consumers' link, known at build time (#cgo LDFLAGS):
        # a response file its Go part writes.
        dep_kwargs["link_args"] = list(record.consumer_link_args)
    if deps:
        dep_kwargs["dependencies"] = deps
    return interpreter.func_declare_dependency(state.current_node, [], dep_kwargs)


def register_test(state: ModuleState, interpreter: T.Any, name: str, binary: T.Any, go: str, package_dir: str,
                  wrapper: list[str], kwargs: T.Mapping[str, T.Any], gocoverdir: str | None = None) -> None:
    """A Meson test that runs the Go test binary through mesongo.testrun, which speaks TAP: one
    result per Go test function (and subtest), named, as `meson test -v` and its log show.
    `gocoverdir` (b_coverage): where the binary writes its counters unless GOCOVERDIR is set."""
    from mesonbuild.programs import ExternalProgram

    args: list[T.Any] = ["-m", "mesongo.testrun", "--go", go, "--dir", package_dir]
    if gocoverdir is not None:
        args.append(f"--gocoverdir={gocoverdir}")
    for part in wrapper:
        args.append(f"--exe-wrapper={part}")
    args += [binary, "--", *kwargs["args"]]
    python = ExternalProgram("python3", [sys.executable], silent=True)
    test_kwargs: dict[str, T.Any] = {
        "args": args, "env": [f"{k}={v}" for k, v in kwargs["env"].items()], "protocol": "tap",
        "timeout": kwargs["timeout"], "is_parallel": kwargs["is_parallel"], "workdir": package_dir,
    }
    if kwargs["suite"]:
        test_kwargs["suite"] = kwargs["suite"]
    if kwargs["depends"]:
        test_kwargs["depends"] = kwargs["depends"]
    interpreter.func_test(state.current_node, [name, python], test_kwargs)
