"""-Db_coverage=true for Go: which packages `go build -cover` instruments, and the file mesongo
adds to Go's runtime/coverage package so that the counters reach the build dir.

A Go program writes its counters into $GOCOVERDIR when it exits; a test binary where
-test.gocoverdir says (mesongo.testrun passes it). A Go library loaded by a C program never runs
Go's exit path: its runtime/coverage gets an init that registers a C atexit() handler, which
writes the meta-data and counters (runtime/coverage.WriteMetaDir/WriteCountersDir, which need
-covermode=atomic). Programs and libraries get the default directory the same way: the build
dir's, unless GOCOVERDIR is set. No Meson and no process here: paths, and texts from templates/.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence

from ..toolchain.gofacts import Package
from .model import GoCoverage, OverlaidFile

COVERAGE_DIR = os.path.join("meson-private", "mesongo", "coverage")   # relative to the build root
COVERAGE_PACKAGE = os.path.join("src", "runtime", "coverage")         # relative to GOROOT
# atomic: the only mode in which WriteCountersDir works; all binaries use it, since
# `go tool covdata` merges counters of one mode only.
COVER_MODE = "atomic"


def counters_dir(build_root: str) -> str:
    """GOCOVERDIR of every Go binary of the build unless the environment sets one."""
    return os.path.join(build_root, COVERAGE_DIR, "counters")


def packages_dir(build_root: str) -> str:
    """Where each target's build step writes where its packages' sources are (the report reads them)."""
    return os.path.join(build_root, COVERAGE_DIR, "packages")


def instrumented(packages: Sequence[Package], listed: Sequence[Package], virtual_dir: str | None) -> tuple[str, ...]:
    """The packages -coverpkg names: those of the build from the modules of the target's own
    packages (its main modules: not the standard library or modules it requires), or the listed
    packages themselves when they are in no module. Named one by one, not `module/...`: that
    pattern would match mesongo's supplied main package, which exists only in the overlay, and
    cmd/cover cannot read it (golang/go#73802)."""
    modules = {p.module_path for p in listed if p.module_path}
    names = [p.import_path for p in packages
             if not p.standard and p.dir != virtual_dir and (p.module_path in modules if p.module_path
                                                             else p in listed)]
    return tuple(dict.fromkeys(names))


def cover_args(packages: Sequence[str]) -> tuple[str, ...]:
    return ("-cover", f"-covermode={COVER_MODE}", "-coverpkg=" + ",".join(packages))


def plan(goroot: str, build_root: str, private_dir: str, flush: bool) -> tuple[GoCoverage, tuple[OverlaidFile, ...]]:
    """The coverage part of a target's Go command, and the files it adds to runtime/coverage.
    `flush`: a library, whose counters a C atexit handler writes."""
    from ..render import render

    counters = counters_dir(build_root)
    context = {"counters_dir": json.dumps(counters), "flush": flush}   # a JSON string is a Go string literal
    names = [("mesongo_cover.go", "gocover.go.j2"), *([("mesongo_cover.c", "gocover.c.j2")] if flush else [])]
    files = tuple(OverlaidFile(os.path.join(goroot, COVERAGE_PACKAGE, name),
                               os.path.join(private_dir, "coverage", name), render(template, **context))
                  for name, template in names)
    coverage = GoCoverage(counters_dir=counters, packages_file=os.path.join(
        packages_dir(build_root), private_dir_key(build_root, private_dir)))
    return coverage, files


def private_dir_key(build_root: str, private_dir: str) -> str:
    """One file name per target: its private dir, relative to the build root, flattened."""
    return os.path.relpath(private_dir, build_root).replace(os.sep, "+") + ".json"
