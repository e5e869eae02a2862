"""Meson objects from a target's plan: the CustomTarget whose command runs the build step, the
symlinks and the .pc that `meson install` installs, the dependency go.dependency() returns, and
the Meson test of a go.test()."""

from __future__ import annotations

import os
import sys
import typing as T

from mesonbuild import build
from mesonbuild.mesonlib import File

from ..plan.planner import InstallDir, TargetOutline
from . import compat
from .registry import Registry, TargetRecord

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
    return compat.custom_target(
        state, target.files.name, list(command), list(sources), [o.name for o in outputs],
        build_by_default=build_by_default,
        depfile=f"{target.files.filename}.d",
        install=target.install.install,
        install_dir=[_install_dir(o.install_dir) if o.install_dir else False for o in outputs],
        install_tag=[o.tag for o in outputs],
        extra_depends=list(extra_depends),
        description=f"Building Go {noun} {os.path.join(state.subdir, target.files.filename)}",
    )


def install_objects(state: ModuleState, target: TargetOutline, registry: Registry) -> list[T.Any]:
    """The symlinks and the .pc of an installed library."""
    made: list[T.Any] = []
    for link in target.install.links:
        symlink = build.SymlinkData(link.target, link.name, _install_dir(link.install_dir), state.subproject,
                                    link.tag)
        registry.symlinks.add(id(symlink))
        made.append(symlink)
    pc = target.install.pkgconfig
    if pc is not None:
        assert pc.install_dir is not None
        pc_file = File.from_built_file(os.path.dirname(pc.name), os.path.basename(pc.name))
        made.append(build.Data([pc_file], pc.install_dir.path, pc.install_dir.name or pc.install_dir.path, None,
                               state.subproject, install_tag=pc.tag))
    return made


def dependency(state: ModuleState, interpreter: T.Any, lib: build.CustomTargetIndex, record: TargetRecord) -> T.Any:
    """A dependency for C/C++ targets: links the library, orders every compile after the header,
    and hands on what the header needs (the include dirs and compile arguments of the
    dependencies whose headers it may include, as declare_dependency(dependencies: ...) does)."""
    dep_kwargs: dict[str, T.Any] = {"link_with": [lib]}
    if record.header_index is not None:
        dep_kwargs["sources"] = [lib.target[record.header_index]]
    deps = [compat.compile_part(d) for d in record.header_dependencies]
    if record.kind.ARCHIVE:
        # A Go archive carries the Go runtime, which needs threads, and whatever its packages'
        # `#cgo LDFLAGS` say at build time (a response file the build step writes).
        deps.insert(0, state.dependency("threads"))
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
