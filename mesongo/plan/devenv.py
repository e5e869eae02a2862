"""Pure: the environment that `meson devenv` gives Go's own tools (go build/vet/test, gopls), made
from the build plans of the Go targets, so that they see the packages as ninja's build does: the
machine, the C compiler, the cgo flags of the Meson C libraries, where cgo's pkg-config looks,
the build tags, the pinned go.work. A shell has one environment for every Go module of the
project, so the targets' values are merged: flags by union, everything else only where all
targets agree (`notes` say what was left out). Nothing is asked again: every value is a fact of a plan that setup made.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from ..kinds import Program
from ..toolchain.gocmd import quote_args, split_args
from . import goenv
from .model import BuildPlan

# The cgo flags: the union of every target's, so that each package finds what its target gives it.
FLAG_VARS = ("CGO_CPPFLAGS", "CGO_CFLAGS", "CGO_CXXFLAGS", "CGO_FFLAGS", "CGO_LDFLAGS")
# What else decides how Go loads and checks a package; one value for all, or none. Not the
# network and cache settings (GOPROXY=off is for ninja only: `go get` in the shell may fetch).
AGREED_VARS = (*goenv.TARGET_VARS, "CGO_ENABLED", "CC", "CXX", "GOTOOLCHAIN", "GOEXPERIMENT", "GOWORK")
C_COMPILER_VARS = ("CC", "CXX")
# Where cgo's `#cgo pkg-config:` looks (plan/pkgconfig.py), when a package has such a line: all
# of it, or none. An empty
# PKG_CONFIG_LIBDIR (a cross build without pkg_config_libdir) is a value: no default directories.
PKG_CONFIG_VARS = ("PKG_CONFIG", "PKG_CONFIG_PATH", "PKG_CONFIG_LIBDIR", "PKG_CONFIG_SYSROOT_DIR")
# Compiler and linker options whose value is the next argument: kept with it in a union.
WITH_VALUE = frozenset({"-I", "-D", "-U", "-L", "-l", "-include", "-imacros", "-isystem", "-idirafter", "-iquote",
                        "-isysroot", "--sysroot", "-Xlinker", "-Xpreprocessor", "-Xassembler", "-framework",
                        "-target", "-arch", "-u", "-z", "-T"})


@dataclass(frozen=True)
class DevTarget:
    """One Go target as the devenv needs it: its plan, and the $ORIGIN RUNPATH entries its link
    has for Meson's shared libraries in the build dir."""

    name: str
    plan: BuildPlan
    build_rpaths: tuple[str, ...] = ()


@dataclass(frozen=True)
class DevEnv:
    variables: dict[str, str]                # set in the shell
    pkg_config_uninstalled: str | None       # prepended to PKG_CONFIG_PATH: the uninstalled .pc files' dir
    notes: tuple[str, ...]                   # what the targets disagree on, and what the shell gets instead


def _units(args: Sequence[str]) -> list[tuple[str, ...]]:
    """Arguments grouped as the compiler reads them: `-I dir` is one unit."""
    units: list[tuple[str, ...]] = []
    i = 0
    while i < len(args):
        take = 2 if args[i] in WITH_VALUE and i + 1 < len(args) else 1
        units.append(tuple(args[i:i + take]))
        i += take
    return units


def _absolute_rpaths(target: DevTarget, build_root: str, ldflags: list[str]) -> list[str]:
    """A program that `go build` or `go test` makes in the shell lives anywhere (go test: in a
    temporary dir), where $ORIGIN means nothing: the RUNPATH names the build dirs instead."""
    if not target.build_rpaths:
        return ldflags
    out_dir = os.path.join(build_root, os.path.dirname(target.plan.output))
    absolute = [os.path.normpath(os.path.join(out_dir, r.removeprefix("$ORIGIN").lstrip("/")))
                for r in target.build_rpaths]
    flag = goenv.rpath_flag(target.build_rpaths)
    return [goenv.rpath_flag(absolute) if arg == flag else arg for arg in ldflags]


def _tags(plan: BuildPlan) -> tuple[str, ...]:
    return tuple(tag for arg in plan.go.args if arg.startswith("-tags=") for tag in arg[6:].split(",") if tag)


def _shown(values: dict[str, list[str]]) -> str:
    return "; ".join(f"{value or '(unset)'} for {', '.join(names)}" for value, names in values.items())


def go_tools_environment(targets: Sequence[DevTarget], build_root: str) -> DevEnv:
    """The shell's Go environment for `targets`. A cross build describes the host machine (what
    the project builds and an editor should check: GOOS, GOARCH, the cross C compiler); the
    programs built for the build machine (generators, `native: true`) count only when there is
    nothing else."""
    host = [t for t in targets if not (isinstance(t.plan.kind, Program) and t.plan.kind.native)]
    chosen = host or list(targets)
    variables: dict[str, str] = {}
    notes: list[str] = []
    if not chosen:
        return DevEnv(variables, None, ())
    for var in FLAG_VARS:
        units: dict[tuple[str, ...], None] = {}
        for target in chosen:
            args = split_args(target.plan.go.env.get(var, ""))
            if var == "CGO_LDFLAGS":
                args = _absolute_rpaths(target, build_root, args)
            units.update(dict.fromkeys(_units(args)))
        if units:
            variables[var] = quote_args([arg for unit in units for arg in unit])
    for var in AGREED_VARS:
        values: dict[str, list[str]] = {}
        # A target without cgo has no C compiler to agree on.
        for target in (t for t in chosen if var not in C_COMPILER_VARS or t.plan.go.env.get("CGO_ENABLED") != "0"):
            values.setdefault(target.plan.go.env.get(var, ""), []).append(target.name)
        if len(values) == 1:
            value = next(iter(values))
            if value:
                variables[var] = value
        elif values:
            notes.append(f"meson devenv leaves {var} unset: the Go targets differ ({_shown(values)})")
    searches: dict[tuple[str | None, ...], list[str]] = {}
    for target in chosen:
        searches.setdefault(tuple(target.plan.go.env.get(var) for var in PKG_CONFIG_VARS), []).append(target.name)
    if not any(t.plan.go.pkg_config_files for t in chosen):
        pass   # no `#cgo pkg-config:` line: the shell's pkg-config is left as Meson's devenv makes it
    elif len(searches) == 1:
        variables.update({var: value for var, value in zip(PKG_CONFIG_VARS, next(iter(searches)), strict=True)
                          if value is not None})
    else:
        notes.append("meson devenv leaves pkg-config's search as it is: the Go targets' differ ("
                     + _shown({":".join(v or "" for v in search): names for search, names in searches.items()}) + ")")
    flags: dict[str, list[str]] = {}
    tags: dict[str, list[str]] = {}
    for target in chosen:
        flags.setdefault(target.plan.go.env.get("GOFLAGS", ""), []).append(target.name)
        tags.setdefault(",".join(_tags(target.plan)), []).append(target.name)
    goflags = [next(iter(flags))] if len(flags) == 1 else []
    if len(flags) > 1:
        notes.append(f"meson devenv leaves GOFLAGS without the targets' own: they differ ({_shown(flags)})")
    if len(tags) == 1:
        goflags += [f"-tags={t}" for t in tags if t]
    else:
        notes.append(f"meson devenv sets no build tags: the Go targets differ ({_shown(tags)})")
    if any(goflags):
        variables["GOFLAGS"] = " ".join(f for f in goflags if f)
    pkgconfig = any(t.plan.library is not None and t.plan.library.pkgconfig is not None for t in targets)
    return DevEnv(variables, os.path.join(build_root, "meson-uninstalled") if pkgconfig else None, tuple(notes))
