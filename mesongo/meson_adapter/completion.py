"""The second half of every Go target's call, run once the whole project is read: Go is asked
about the packages of all the targets together (one go list, one go env and one goscan per Go
module and environment: toolchain/packagefacts.py), then each target is planned, checked, its
build plan and .pc written and its command completed. An error is reported at the target's call
in meson.build, as if the call had failed: its checks are the ones the call would have made."""

from __future__ import annotations

import dataclasses
import os
import sys
import types
import typing as T

from mesonbuild import build, mlog

from .. import render
from ..buildstep.identity import step_code_digest
from ..errors import ConfigError, MesongoError
from ..fsutil import write_bytes_if_changed, write_if_changed
from ..plan import naming, pkgconfig, planner
from ..plan.model import SharedPackagesPlan, launch_file, plan_file
from ..plan.planfile import LAUNCH_FILE
from ..plan.sharedpkgs import Member, SharedGroup, shared_groups
from ..toolchain.packagefacts import PackageFacts, facts_of_targets
from . import compat, hooks
from .registry import PendingTarget, Registry


def complete_targets(b: build.Build, registry: Registry, interpreter: T.Any) -> None:
    pending = [p for p in registry.pending if b.get_targets().get(p.target.get_id()) is p.target]
    registry.pending.clear()
    if any(p.shape.pkgconfig is not None for p in pending):
        render.warm_up(naming.PKGCONFIG_TEMPLATE)   # jinja2 loads while Go answers; assemble() renders the .pc
    answers = facts_of_targets([p.question for p in pending])
    members: list[Member] = []
    for target, found in zip(pending, answers, strict=True):
        try:
            if isinstance(found, MesongoError):
                raise found
            plan = planner.assemble(target.prep, found, target.shape, _pkg_config_files(target, found, b))
            plan = dataclasses.replace(plan, build=dataclasses.replace(plan.build, step_code=step_code_digest()))
            part = registry.go_part_of(target.target)
            if part is not None and plan.build.library is not None:
                library = dataclasses.replace(plan.build.library, linked=tuple(part.linked))
                plan = dataclasses.replace(plan, build=dataclasses.replace(plan.build, library=library))
        except MesongoError as exc:   # CommandError included: its text carries Go's stderr
            raise hooks.located(f"mesongo.{target.prep.request.kind.KEY}: {exc}", target.target, registry) from None
        # What the hooks that follow read of the finished plan: devenv's Go settings, the sources.
        record = registry.targets[target.target.get_id()]
        registry.targets[target.target.get_id()] = dataclasses.replace(record, plan=plan.build,
                                                                      go_sources=plan.go_sources)
        if plan.build.go.coverage is not None:   # `ninja coverage` adds the Go report (hooks.coverage_command)
            registry.coverage_go = plan.build.go.go
        if found.fetched:
            _report_fetched(plan.files.filename, found.fetched, b.environment.get_log_dir())
        _write(target, plan, found, b)
        for path in plan.regenerate_on:
            if os.path.exists(path):
                interpreter.build_def_files.add(path)
        _vendor_in_dist(interpreter, registry, target, found)
        members.append(Member(target.target.get_id(), plan.build, found.packages))
    by_id = {p.target.get_id(): p.target for p in pending}
    for n, group in enumerate(shared_groups(members), 1):
        _add_shared_packages_step(b, n, group, [by_id[m] for m in group.members], registry)


def _pkg_config_files(target: PendingTarget, found: PackageFacts, b: build.Build) -> tuple[str, ...]:
    """The .pc files of the `#cgo pkg-config:` names of the target's packages, found where cgo's
    pkg-config will look (plan/pkgconfig.py), for the build step to track. A name found nowhere
    there is an error that says why (in a cross build: found only for the build machine?), and so
    is a library of this build described in meson-uninstalled/ that the target does not depend on
    (nothing would build it first)."""
    from ..toolchain import pkgconfig as pkgconfig_tool

    importers = pkgconfig.importers_of([(p.import_path, p.cgo_pkgconfig) for p in found.packages if p.cgo_pkgconfig])
    search = target.prep.meson.pkg_config
    if not importers or search is None:
        return ()
    env = target.question.env
    resolved = pkgconfig_tool.resolve(list(importers), env)
    for name, path in resolved.items():
        if path is None:
            on_build = pkgconfig_tool.resolve([name], pkgconfig.search_env_without(env))[name] if search.cross \
                else None
            raise ConfigError(pkgconfig.not_found(name, importers[name], search, on_build))
    build_root = b.environment.get_build_dir()
    uninstalled = os.path.join(build_root, pkgconfig.UNINSTALLED_DIR)
    depended = {os.path.normpath(os.path.join(build_root, t.get_subdir()))
                for t in target.target.extra_depends if isinstance(t, build.BuildTarget)}
    for name, path in resolved.items():
        if path is not None and os.path.dirname(path) == uninstalled:
            flags = pkgconfig_tool.link_flags([[name]], env, what=f"pkg-config --libs {name}")
            for library_dir in pkgconfig.build_dir_libraries(flags, build_root):
                if library_dir not in depended:
                    raise ConfigError(pkgconfig.unordered_library(name, importers[name], path, library_dir,
                                                                          build_root))
    return tuple(path for path in resolved.values() if path is not None)


# Up to this many fetched modules are named on the console; more are counted there and named in
# meson-log.txt only (a large library fetches hundreds).
NAMED_FETCHES = 8


def _report_fetched(filename: str, fetched: T.Sequence[str], log_dir: str) -> None:
    """Which modules Go downloaded while setup asked about this target (found.fetched)."""
    count = f"{len(fetched)} Go module{'' if len(fetched) == 1 else 's'}"
    if len(fetched) <= NAMED_FETCHES:
        mlog.log(mlog.bold("mesongo:"), f"fetched {count} for {filename}:", ", ".join(fetched))
        return
    log = os.path.join(log_dir, "meson-log.txt")
    mlog.log(mlog.bold("mesongo:"), f"fetched {count} for {filename}, listed in {log}")
    mlog.debug("\n  ".join([f"mesongo: the {count} fetched for {filename}:", *fetched]))


def _write(target: PendingTarget, plan: planner.TargetPlan, found: PackageFacts, b: build.Build) -> None:
    """The build plan, the .pc files (at setup, as Meson writes its own) and the ninja command,
    which carries the plan's digest, so that a changed plan reruns the step. The Go command itself
    stays in the plan: on ninja's command line it was a third of build.ninja at 100 libraries,
    which every no-op `ninja` reads."""
    text, digest = plan_file(plan.build)
    write_if_changed(target.plan_path, text)
    launch_path = os.path.join(os.path.dirname(target.plan_path), LAUNCH_FILE)
    write_bytes_if_changed(launch_path, launch_file(plan.build, digest))
    pc = plan.build.library.pkgconfig if plan.build.library is not None else None
    if pc is not None:
        cgo_names = pkgconfig.importers_of([(p.import_path, p.cgo_pkgconfig) for p in found.packages])
        for path, text in pc.rendered(["-pthread"], list(cgo_names)):
            full = os.path.join(b.environment.get_build_dir(), path)
            # The build step completes its text (Libs.private): setup writes it once.
            if not os.path.exists(full):
                write_if_changed(full, text)
    target.target.command = [*target.command, digest]


def _add_shared_packages_step(b: build.Build, n: int, group: SharedGroup, targets: list[build.CustomTarget],
                              registry: Registry) -> None:
    """The step that compiles the packages these targets share before they start
    (plan/sharedpkgs.py): a target of its own, on which each of them depends."""
    first = targets[0]
    name = f"mesongo-shared-go-{n}"
    build_dir = b.environment.get_build_dir()
    plan_path = os.path.join(build_dir, "meson-private", "mesongo", "shared", name, "plan.json")
    outputs: list[str] = []   # what each target makes: a program, or the libraries Meson links from a Go part
    removed: list[str] = []
    for target in targets:
        part = registry.go_part_of(target)
        linked = part.linked if part is not None else []
        outputs += [os.path.basename(path) for path in linked] or target.get_outputs()[:1]
        removed += [*(os.path.join(target.get_subdir(), o) for o in target.get_outputs()), *linked]
    plan = SharedPackagesPlan(
        go=group.go, module_dir=group.module_dir, env=group.env, args=group.args, packages=group.packages,
        stamp=os.path.join(first.subdir, f"{name}.stamp"), depfile=os.path.join(first.subdir, f"{name}.stamp.d"),
        members=tuple(outputs), member_outputs=tuple(removed), step_code=step_code_digest())
    text, digest = plan_file(plan)
    os.makedirs(os.path.dirname(plan_path), exist_ok=True)
    write_if_changed(plan_path, text)
    place = types.SimpleNamespace(subdir=first.subdir, subproject=first.subproject, environment=b.environment,
                                  current_build_project=getattr(first, "build_project", None))
    command = [sys.executable, "-m", "mesongo.buildstep.sharedpkgs", os.path.relpath(plan_path, build_dir), digest]
    step = compat.custom_target(place, name, command, [], [f"{name}.stamp"], build_by_default=False,
                                depfile=f"{name}.stamp.d",
                                description=f"Compiling the Go packages that {_named(outputs)} share")
    b.get_targets()[step.get_id()] = step
    for target in targets:
        target.extra_depends.append(step)


def _named(outputs: list[str]) -> str:
    return " and ".join(outputs) if len(outputs) < 3 else f"{outputs[0]} and {len(outputs) - 1} other Go targets"


def _vendor_in_dist(interpreter: T.Any, registry: Registry, target: PendingTarget, found: PackageFacts) -> None:
    """A dist script that vendors the package's module into the `meson dist` tarball, once per
    module of the project's own source tree that needs modules from elsewhere."""
    gomod = found.package.module_gomod
    source_root = interpreter.environment.get_source_dir()
    if not gomod or not any(p.module_version for p in found.packages if not p.standard):
        return
    module_dir = os.path.relpath(os.path.dirname(gomod), source_root)
    if module_dir.startswith(os.pardir) or module_dir in registry.dist_vendored:
        return
    registry.dist_vendored.add(module_dir)
    script = compat.executable_serialisation(
        interpreter, [sys.executable, "-m", "mesongo", "vendor-for-dist", "--go", target.question.go,
                      "" if module_dir == os.curdir else module_dir])
    interpreter.build.dist_scripts.append(script)
