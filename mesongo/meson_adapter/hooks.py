"""What mesongo does once the whole project is read (postconf_hook, Meson >= 1.2; before the
backend writes on 1.0 and 1.1), and what it changes in the install data Meson writes."""

from __future__ import annotations

import os
import sys
import typing as T

from mesonbuild import build, mlog
from mesonbuild.mesonlib import EnvironmentVariables, File, MachineChoice, MesonException

from ..plan.devenv import DevTarget, go_tools_environment
from .registry import Registry, TargetRecord

_C_FAMILY = frozenset({"c", "cpp", "objc", "objcpp", "cuda"})
NOT_LINKABLE = ("a host loads it with dlopen() at run time, and nothing links it (as for Meson's shared_module()): "
                "load it with dlopen(), or make the Go code a mesongo.shared_library to link it")


def after_configure(b: build.Build, registry: Registry) -> None:
    refuse_linked_modules(b, registry)
    add_header_order_deps(b, registry)
    run_programs_by_path(b, registry)
    run_cross_programs_through_the_exe_wrapper(b, registry)
    check_one_go_runtime(b, registry)
    add_programs_to_devenv(b, registry)
    add_go_tools_to_devenv(b, registry)
    set_install_rpath_to_python_package_libraries(b, registry)


def located(message: str, target: T.Any, registry: Registry) -> MesonException:
    """An error at the meson.build call that defined `target`, when known."""
    node = registry.nodes.get(target.get_id())
    if node is None:
        return MesonException(message)
    return MesonException(message, file=node.filename, lineno=node.lineno, colno=node.colno)


def refuse_linked_modules(b: build.Build, registry: Registry) -> None:
    """A Go plugin in link_with: of a Meson target: Meson takes any `.so` output there, but
    nothing may link a module (Meson refuses its own shared_module() in most cases too)."""
    for target in b.get_targets().values():
        if not isinstance(target, build.BuildTarget):
            continue
        for dep in [*target.link_targets, *target.link_whole_targets]:
            record = registry.record_of(dep)
            if record is not None and not record.kind.LINKABLE:
                raise located(f"mesongo: {target.get_typename()} {target.name!r} links {record.files.filename}, a Go "
                              f"{record.kind.NOUN}: {NOT_LINKABLE}", target, registry)


def add_header_order_deps(b: build.Build, registry: Registry) -> None:
    """Give every compile of a C-family target that links a Go library, directly (`link_with:`) or
    through other libraries (an executable that links a C library that links the Go library),
    an order-only dependency on the library's generated header: Meson gives one for the headers
    of its own generated sources but not for a custom target's, so a clean parallel build would
    compile `#include "libNAME.h"` before go build wrote it."""
    memo: dict[str, list[TargetRecord]] = {}
    for target in b.get_targets().values():
        if not isinstance(target, build.BuildTarget) or not _C_FAMILY & set(target.compilers):
            continue
        for record in go_libraries_linked(target, memo, registry):
            if record.header_index is None:
                continue
            header = record.target[record.header_index]
            if not any(isinstance(g, build.CustomTargetIndex) and g.target is header.target
                       and g.output == header.output for g in target.generated):
                target.generated.append(header)


def go_libraries_linked(target: build.BuildTarget, memo: dict[str, list[TargetRecord]],
                        registry: Registry) -> list[TargetRecord]:
    """The mesongo libraries a target links, directly or through the libraries it links."""
    key = target.get_id()
    if key not in memo:
        memo[key] = []   # a guard against cycles
        found: list[TargetRecord] = []
        for dep in [*target.link_targets, *target.link_whole_targets]:
            record = registry.record_of(dep)
            if record is not None:
                found.append(record)
            elif isinstance(dep, build.BuildTarget):
                found += go_libraries_linked(dep, memo, registry)
        memo[key] = list({id(r): r for r in found}.values())
    return memo[key]


def check_one_go_runtime(b: build.Build, registry: Registry) -> None:
    """Go supports one Go runtime per process (golang/go#18976): a target that links two mesongo
    libraries, or a Go program or test that links one through Meson's libraries (directly, it is
    refused at the call), is an error when an archive is among them (they do not even link:
    duplicate crosscall2, _cgo_topofstack, ...) and a warning when all are shared (it may work,
    unsupported). Located at the target's call in meson.build when its node is known."""
    memo: dict[str, list[TargetRecord]] = {}
    for target in b.get_targets().values():
        record = registry.record_of(target)
        node = registry.nodes.get(target.get_id())
        # Without a node (a target of a subproject that does not use mesongo) the text says where.
        where = "" if node is not None else f" ({target.get_subdir() or '.'}/meson.build)"
        if isinstance(target, build.BuildTarget):
            linked = go_libraries_linked(target, memo, registry)
            if len(linked) < 2:
                continue
            message = (f"mesongo: {target.get_typename()} {target.name!r}{where} links {len(linked)} Go libraries, "
                       f"{' and '.join(r.files.filename for r in linked)}: each carries a Go runtime, and Go supports "
                       "one per process (golang/go#18976); build one Go library from both packages instead")
        elif record is not None and not record.kind.C_API:
            # The C libraries a Go program links are its extra_depends (see facts.c_dependencies).
            found = [lib for dep in target.extra_depends if isinstance(dep, build.BuildTarget)
                     for lib in go_libraries_linked(dep, memo, registry)]
            linked = list({id(r): r for r in found}.values())
            if not linked:
                continue
            noun = record.kind.NOUN
            libs = "library " if len(linked) == 1 else "libraries "
            message = (f"mesongo: Go {noun} {target.name!r}{where} links the Go {libs}"
                       f"{' and '.join(r.files.filename for r in linked)} through Meson's libraries: the {noun} and "
                       f"the {libs}each carry a Go runtime, and Go supports one per process (golang/go#18976); "
                       f"{record.kind.ONE_RUNTIME_ADVICE}")
        else:
            continue
        if any(r.kind.ARCHIVE for r in linked):
            raise located(message, target, registry)
        mlog.warning(message, location=node)


def add_programs_to_devenv(b: build.Build, registry: Registry) -> None:
    """`meson devenv` puts the build dir of every installed executable() on PATH (when it goes to
    the default bindir and runs on the host), but looks at Meson's Executable targets only. The
    same for Go programs: an environment of the build (b.devenv, which every Meson from 1.0 saves
    and `meson devenv` applies) that prepends their build dirs."""
    dirs = sorted({os.path.normpath(os.path.join(b.environment.get_build_dir(), r.target.get_subdir()))
                   for r in registry.targets.values() if r.on_devenv_path and registry.current(b, r)})
    if dirs:
        env = EnvironmentVariables()
        env.prepend("PATH", dirs)
        b.devenv.append(env)


def add_go_tools_to_devenv(b: build.Build, registry: Registry) -> None:
    """`meson devenv`: a shell in which Go's own tools (go build/vet/test, gopls) see the Go
    packages as ninja's build does (plan/devenv.py), and pkg-config searches as cgo's does in the
    build, the Go libraries' uninstalled .pc files first. What the targets disagree on is left
    out, and setup says so."""
    targets = [DevTarget(r.target.name, r.plan, r.build_rpaths) for r in registry.targets.values()
               if r.plan is not None and registry.current(b, r)]
    found = go_tools_environment(targets, b.environment.get_build_dir())
    if not found.variables and found.pkg_config_uninstalled is None:
        return
    env = EnvironmentVariables()
    for name, value in found.variables.items():
        env.set(name, [value])
    # The targets' own PKG_CONFIG_PATH starts with meson-uninstalled/ already (plan/pkgconfig.py).
    if found.pkg_config_uninstalled is not None and "PKG_CONFIG_PATH" not in found.variables:
        env.prepend("PKG_CONFIG_PATH", [found.pkg_config_uninstalled])
    b.devenv.append(env)
    for note in found.notes:
        mlog.log(mlog.bold("mesongo:"), note)


def set_install_rpath_to_python_package_libraries(b: build.Build, registry: Registry) -> None:
    """An installed target (a Python extension module) that links a Go library installed into a
    Python package gets the install_rpath that finds it there ($ORIGIN, or $ORIGIN/../sub), unless
    it has one: without it the installed module would not load, and meson-python relocates only
    libraries installed into libdir. The user's own install_rpath is left alone."""
    from . import compat

    for target in b.get_targets().values():
        if not isinstance(target, build.BuildTarget) or not target.should_install() or target.install_rpath:
            continue
        libs: list[TargetRecord] = []
        for dep in target.link_targets:
            record = registry.record_of(dep)
            if record is not None and record.python_package_dir and dep.should_install():
                libs.append(record)
        if not libs:
            continue
        own = compat.install_dir_name(target.install_dir[0]) if target.install_dir else None
        rpaths: list[str] = []
        for record in libs:
            lib_dir = T.cast(str, record.python_package_dir)
            if own is None or own.split("/", 1)[0] != lib_dir.split("/", 1)[0]:
                mlog.warning(f"mesongo: {target.get_typename()} {target.name!r} links {record.files.filename}, which "
                             f"is installed into the Python package dir {lib_dir}, but is installed elsewhere itself: "
                             "give it an install_rpath that finds the library there")
                continue
            rel = os.path.relpath(lib_dir, own)
            rpath = "$ORIGIN" if rel == os.curdir else f"$ORIGIN/{rel}"
            if rpath not in rpaths:
                rpaths.append(rpath)
        if rpaths:
            target.install_rpath = ":".join(rpaths)
            mlog.log(mlog.bold("mesongo:"), f"{target.name} gets install_rpath {target.install_rpath!r}: it links",
                     ", ".join(r.files.filename for r in libs), "installed into its Python package")


def run_programs_by_path(b: build.Build, registry: Registry) -> None:
    """A Go program as the command of a custom_target() or run_target(): Meson writes a custom
    target's output as the bare file name (`gen`), which the shell then looks up on PATH. Name it
    by its path in the build dir (`./gen`; both kinds of target run there); the dependency on it
    is already recorded. A host program in a cross build runs through the exe_wrapper, as Meson
    runs its own executables there."""
    programs = {(r.target.get_subdir(), r.files.filename): r for r in registry.targets.values()
                if not r.kind.C_API}
    env = b.environment
    for target in b.get_targets().values():
        command = getattr(target, "command", None)
        if not isinstance(target, (build.CustomTarget, build.RunTarget)) or not command:
            continue
        first = command[0]
        if isinstance(first, build.CustomTargetIndex):   # Meson < 1.x keeps the index; newer ones a File
            key = (first.target.get_subdir(), first.output)
        elif isinstance(first, build.CustomTarget):
            key = (first.get_subdir(), first.get_outputs()[0])
        elif isinstance(first, File) and first.is_built:
            key = (first.subdir, first.fname)
        else:
            continue
        record = programs.get(key)
        if record is None:
            continue
        wrapper: list[str] = []
        if not record.native and env.need_exe_wrapper():
            exe_wrapper = env.get_exe_wrapper()
            if exe_wrapper is None or not exe_wrapper.found():
                function = "run_target" if isinstance(target, build.RunTarget) else "custom_target"
                raise located(
                    f"mesongo: {function} {target.name!r} runs the Go {record.kind.NOUN} "
                    f"{record.files.filename!r}, built for the host machine, and the cross-file has no exe_wrapper "
                    "to run it on this machine: add exe_wrapper (e.g. a qemu-user emulator) to its [binaries], or "
                    "build the program with native: true", target, registry)
            wrapper = list(exe_wrapper.get_command())
        command[0:1] = [*wrapper, os.path.join(os.curdir, *key) if key[0] else os.path.join(os.curdir, key[1])]


def run_cross_programs_through_the_exe_wrapper(b: build.Build, registry: Registry) -> None:
    """test(name, go_program) in a cross build: Meson runs a custom target's output directly, as
    if it were for the build machine, so a host program would fail to start ("Exec format
    error"). The test runs the cross-file's exe_wrapper with the program as its first argument;
    with no exe_wrapper (a macOS build on Linux), mesongo.testrun.unrunnable, which says why the
    program cannot run here and reports the test skipped. Meson skips its own executables there
    with no word but "exit status 77": they get the same runner, which says why."""
    env = b.environment
    if not env.need_exe_wrapper():
        return
    wrapper = env.get_exe_wrapper()
    runs = wrapper is not None and wrapper.found()
    for test in [*b.tests, *b.benchmarks]:
        exe = test.exe
        record = registry.record_of(exe) if isinstance(exe, (build.CustomTarget, build.CustomTargetIndex)) else None
        if record is not None and (not record.kind.RUNS_ON_HOST or record.native):
            continue
        if record is not None and runs:
            test.cmd_args = [exe, *test.cmd_args]
            test.exe = wrapper
        elif not runs and (record is not None or isinstance(exe, build.Executable)
                           and exe.for_machine is MachineChoice.HOST):
            from mesonbuild.programs import ExternalProgram

            name = record.files.filename if record is not None else exe.get_filename()
            test.cmd_args = ["-m", "mesongo.testrun.unrunnable", f"--system={env.machines.host.system}",
                             f"--protocol={test.protocol}", name]
            test.exe = ExternalProgram("python3", [sys.executable], silent=True)


# --- the install data ---------------------------------------------------------------------------


def stripped_outputs(backend: T.Any, registry: Registry) -> dict[str, bool]:
    """The installed file of every Go program of this build, as the backend names it in
    install.dat, and whether the `strip` option of its project asks for stripping."""
    return {
        os.path.join(backend.get_target_dir(r.target), r.files.filename): r.strip
        for r in registry.targets.values()
        if r.strip is not None and registry.current(backend.build, r)
    }


def installed_build_rpaths(backend: T.Any, registry: Registry) -> dict[str, set[bytes]]:
    """The build-dir RUNPATH entries of the Go targets that link Meson's shared libraries."""
    return {
        os.path.join(backend.get_target_dir(r.target), r.files.filename): {p.encode() for p in r.build_rpaths}
        for r in registry.targets.values()
        if r.build_rpaths and registry.current(backend.build, r)
    }


def coverage_command(env: T.Any, registry: Registry, outputs: list[str], command: list[str]) -> list[str] | None:
    """Meson's coverage target command, run by `mesongo coverage` (coverage/report.py), which adds
    the Go report; None (Meson's own command) when no Go target is built with b_coverage.
    `outputs`: Meson's flags for the one report a target makes (['--html']; [] for all)."""
    if registry.coverage_go is None:
        return None
    return [sys.executable, "-m", "mesongo", "coverage", "--go", registry.coverage_go,
            *(f"--output={o.lstrip('-')}" for o in outputs),
            env.get_source_dir(), env.get_build_dir(), env.get_log_dir(), "--", *command]


def introspected_sources(target_id: str, registry: Registry) -> tuple[str, ...] | None:
    """The sources `meson introspect --targets` lists for a Go target (None: not one of them)."""
    record = registry.targets.get(target_id)
    return record.go_sources if record is not None else None
