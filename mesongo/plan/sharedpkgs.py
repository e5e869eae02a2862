"""Which Go packages several Go targets compile alike, so that one step compiles them first.

Ninja starts the Go steps of independent targets together, and two `go build`s that need the same
package both compile it: Go's build cache shares finished work, not work in flight. A shared and a
static library of one package over github.com/mattn/go-sqlite3 compiled SQLite's C twice, at the
same time. So the targets whose Go commands compile packages alike (the same go, environment,
compile flags and main module) and share packages get one more step before them: `go list -export
-deps` of the shared packages other than main ones (model.SharedPackagesPlan), which compiles each
once into the cache where the targets' builds find them, and writes nothing else. Its stamp is
rewritten only when its text changes, so it reruns when a shared package changes without making its
targets rerun for that alone (their own depfiles decide), and an edit of one target's own package
does not run it at all.

Left out: targets with coverage (their runtime is overlaid), with tracked C headers (the build step
adds their digest to CGO_CFLAGS) and Go tests (`go test -c` compiles the package under test with its
tests). Pure: no I/O."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from ..toolchain.gofacts import Package
from .model import BuildPlan

# Build flags that do not change how a package compiles: each target has its own link flags, and
# the overlay of a supplied main adds a package the others do not have.
NOT_COMPILE_FLAGS = ("-ldflags=", "-overlay=")


@dataclass(frozen=True)
class Member:
    target: str                              # the target's id
    plan: BuildPlan
    packages: Sequence[Package]              # its whole build (go list -deps)


@dataclass(frozen=True)
class SharedGroup:
    go: str
    module_dir: str
    env: dict[str, str]
    args: tuple[str, ...]
    packages: tuple[str, ...]                # what go list is asked about; -deps brings the rest
    members: tuple[str, ...]                 # the targets' ids, in the order given


def compile_args(args: Sequence[str]) -> tuple[str, ...]:
    return tuple(a for a in args if not a.startswith(NOT_COMPILE_FLAGS))


def _module_dir(member: Member) -> str:
    go = member.plan.go
    own = next((p for p in member.packages if p.dir == go.package_dir), None)
    return os.path.dirname(own.module_gomod) if own is not None and own.module_gomod else go.package_dir


def _eligible(member: Member) -> bool:
    go = member.plan.go
    return go.subcommand == ("build",) and go.coverage is None and not go.tracked_header_dirs


def _importable(member: Member) -> list[Package]:
    """The packages of its build that go list can be asked about by import path."""
    supplied = member.plan.go.supplied_main
    return [p for p in member.packages if p.import_path != "command-line-arguments" and not p.error
            and (supplied is None or p.dir != supplied.virtual_dir)]


def shared_groups(members: Sequence[Member]) -> list[SharedGroup]:
    """One group per build configuration whose targets share packages; a target that shares none
    with the others of its configuration is in none."""
    by_config: dict[tuple[str, str, tuple[tuple[str, str], ...], tuple[str, ...]], list[Member]] = {}
    for m in members:
        if _eligible(m):
            key = (m.plan.go.go, _module_dir(m), tuple(sorted(m.plan.go.env.items())), compile_args(m.plan.go.args))
            by_config.setdefault(key, []).append(m)
    groups: list[SharedGroup] = []
    for (go, module_dir, env, args), config in by_config.items():
        if len(config) < 2:
            continue
        users: dict[str, set[str]] = {}
        known: dict[str, Package] = {}
        for m in config:
            for p in _importable(m):
                users.setdefault(p.import_path, set()).add(m.target)
                if p.deps or p.import_path not in known:
                    known[p.import_path] = p
        # Main packages are left out: `go list -export -buildmode=c-archive` of one installs its cgo
        # header as ".h" in the current directory, the source tree (cmd/go: installAction and
        # addInstallHeaderAction, with an empty Target). Two targets of one main package compile it
        # each; the packages it imports are still compiled once.
        shared = {path for path, who in users.items() if len(who) > 1 and known[path].name != "main"}
        if not shared:
            continue
        # Only the shared packages that no other one imports are named (-deps brings the rest);
        # each Deps is transitive. A listing without Deps (a package asked about alone) names less.
        imported_by_shared = {d for path in shared for d in known[path].deps}
        asked = sorted(shared - imported_by_shared)
        in_group = tuple(m.target for m in config if any(m.target in users[path] for path in shared))
        groups.append(SharedGroup(go, module_dir, dict(env), args, tuple(asked), in_group))
    return groups
