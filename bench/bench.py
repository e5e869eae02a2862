#!/usr/bin/env python3
"""Speed of a mesongo build graph next to Meson's own C graph and a raw ``go build``.

Ratios, a time breakdown, setup costs and cold builds, each against its goal (the constants
below; the summary at the end lists every figure with its goal and PASS or OVER):

1. No-op ``ninja`` on N Go shared libraries (``go.shared_library``) with N C consumers, against
   the same graph made of Meson's C ``shared_library()``. Goal: <= 1.10.
2. One ``.go`` file edited: ``ninja`` (rebuilds the library's Go part, the object NAME-go.o, then
   Meson's own link of it, libNAME.so.X.Y.Z, and mesongo's check of what was linked, which writes
   the library's link interface libNAME.so.X.Y.Z.symbols; its consumer does not relink, as its link
   depends on that file, which an edit inside a function leaves alone) against a raw
   ``go build -buildmode=c-shared`` of the same package with the same arguments and environment
   (Go's own shared library, linked by Go), on the 10-library project configured with
   ``--buildtype=release`` (the goal's definition: release flags on both sides), then on the same
   project with Meson's default buildtype (debug: ``-gcflags=all=-N -l``), for information. The
   raw side's arguments and environment are read from the build plan of the library's Go part (the
   custom target whose output is NAME-go.o): its ninja command is
   ``python -m mesongo.buildstep PLAN.json DIGEST``, and PLAN.json, read
   through mesongo's typed plan (mesongo.plan.model, as the build step reads it), holds the Go
   command (``go``, ``package_dir``, ``env``, ``args``; ``-buildmode=c-archive`` there becomes
   ``c-shared``, and the soname the checks expect is added as ``-extldflags -Wl,-soname,...`` to
   ``-ldflags``). Goal: <= 1.05. The library alone (``ninja libNAME.so.X.Y.Z``: the Go part and
   Meson's link, without the check) is reported too.
3. Where the edit-rebuild time of 2. goes. With ``MESONGO_TIMINGS=FILE`` in ninja's environment,
   every run of the build step appends one JSON line to FILE, phase name -> seconds ("start go"
   (the imports and what the step does before Go starts), "read plan" (the typed plan, read while
   Go runs), "go build" (the rest of Go's time), "go list (after go build)", "header", "exports",
   "object", "checks", "writes"); the median of each phase over the edit runs is shown, plus the
   Python start-up the step cannot time itself (the median of ``python -c pass`` with the
   interpreter of the ninja command, the venv's, whose ``.pth`` files run as they do for the step),
   plus the rest of the median total: ninja itself, Meson's link of the object and mesongo's check
   step (and a consumer's relink, if one ran).
4. ``meson setup`` of the N-Go-library project against the N-C-library one, a fresh build
   directory each run: (median Go - median C) / N is the setup cost per Go library. Goal: <= 20 ms
   above a C library.
5. A reconfigure of each project's build directory after meson.build changed (its mtime set to
   now, then ``ninja build.ninja``). Goal: mesongo / Meson C <= 2.0.
6. The large projects (M = 100 libraries and consumers on each side): 1., 4. and 5. again, with
   fewer setup and reconfigure runs (``--large-setup-runs``, 5).
7. Cold build of one Go package used twice: a project whose Go module requires
   github.com/mattn/go-sqlite3 (go.sum made by ``go mod tidy`` when it is generated, with the
   user's Go proxy; the build itself is offline) builds a ``go.shared_library`` and a
   ``go.static_library`` of the same package (its //export function opens an in-memory database
   through database/sql), configured with ``--buildtype=release``. Cold: every sample gets a new,
   empty GOCACHE (the module cache stays warm). ``ninja`` of the cleaned build directory (both
   libraries) against ONE raw ``go build -buildmode=c-shared`` of the package with the shared
   library's flags (read from its plan, as in 2.). CPU is user + system time of all the processes a
   side ran (getrusage(RUSAGE_CHILDREN) before and after). Goal: CPU <= 1.15; wall for information.
8. Cold build of 4 independent Go libraries (the shape of 1., without consumers, release): wall of
   ``ninja`` (its default -j, shown) against 4 raw ``go build -buildmode=c-shared`` started
   together; one new empty GOCACHE per side and sample. Goal: wall <= 0.86; CPU for information.
9. Cold setup: ``meson setup`` of a small project (2 Go libraries and their C consumers, a new
   build directory each run) with a new, empty GOCACHE against the same setup with a warm one (a
   GOCACHE of its own, filled by one untimed setup), interleaved; the module cache is the user's.
   What setup needs beyond ``go list`` must not be compiled on its critical path. Goal: median cold
   - median warm <= 2.0 s.

N is 10 by default (``--libs N``), M 100 (``--large-libs M``; 0, or M = N, leaves 6. out). 9. runs
``--cold-setup-runs`` (5) setups per side; ``--only-cold-setup`` runs 9. alone. The
cold builds (7. and 8.) run once per side (``--cold-runs N``; ``--no-cold`` leaves them out): a
cold SQLite build is 50-65 CPU-seconds for the raw side alone. A default run took 5.0-6.7
minutes on an otherwise idle 2 cores (1.4-2.3 for the 10 libraries, 1.4-2.0 for the 100, 1.7-2.5
for the cold builds); the last line of the output says how long a run took. ``--no-cold`` or
``--large-libs 0`` leaves a part out.

The projects are generated into a temporary directory. Outside 7. and 8., the Go build cache is
the user's (it is not overridden), so both sides of a comparison see the same cache; 7. and 8. are
configured without the user's GOCACHE and GOCACHEPROG in the environment, so that the build plans
do not keep them, and their ninja and raw builds get the new cache in the environment. This is a
report, not a test: it exits 0 whatever the numbers are (1 only if the benchmark could not run at
all). It runs with the Python mesongo is installed in (the test venv), and reads the build plans
through mesongo.plan.model.

    python bench/bench.py [--meson PATH] [--ninja PATH] [--runs N] [--edit-runs N] [--setup-runs N]
                          [--edit-mode unique|alternate] [--libs N] [--large-libs M]
                          [--large-setup-runs N] [--cold-runs N] [--no-cold] [--cold-setup-runs N]
                          [--only-cold-setup] [--keep]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import mesongo
from mesongo.plan.model import BuildPlan, StalePlan, plan_from_json
from mesongo.toolchain.gocmd import build_environment

DEFAULT_LIBS = 10
DEFAULT_LARGE_LIBS = 100   # the large projects: no-op, setup and reconfigure
EDITED = 0  # index of the Go library whose source the edit benchmark changes
# The goals (the project's issue): a ratio is mesongo / the baseline, at most the goal.
NOOP_GOAL = 1.10
EDIT_GOAL = 1.05
SETUP_GOAL_MS = 20.0   # meson setup cost per Go library above a C library
RECONFIGURE_GOAL = 2.0   # a reconfigure after meson.build changed, mesongo / Meson C
COLD_SHARED_GOAL = 1.15   # CPU: cold ninja of a shared and a static library of one package / one raw go build
COLD_PARALLEL_GOAL = 0.86   # wall: cold ninja of COLD_LIBS Go libraries / COLD_LIBS raw go builds at once
COLD_LIBS = 4
COLD_SETUP_GOAL_S = 2.0   # seconds: meson setup with a new empty GOCACHE - the same setup with a warm one
COLD_SETUP_LIBS = 2
GOAL_ORDER = ("no-op", "edit", "setup", "reconfigure", "cold shared", "cold parallel", "cold setup")   # the summary's
SQLITE_MODULE = "github.com/mattn/go-sqlite3"
SQLITE_VERSION = "v1.14.22"
# Not in a plan that the cold builds read: setup keeps these from its environment (goenv.SETUP_GO_VARS).
USER_CACHE_VARS = ("GOCACHE", "GOCACHEPROG")
GO_LIB_VERSION = "1.2.3"
MAX_ATTEMPTS = 3  # per sample, when a run did work other than what is measured
REGENERATE = "Regenerating build files"
SHARED_STEP = "Compiling the Go packages that "   # mesongo's step before Go targets that share packages
PYTHON_START_RUNS = 20   # `python -c pass` runs for the interpreter start-up the step cannot time
TIMINGS_VARIABLE = "MESONGO_TIMINGS"   # the build step appends its phases (JSON) to this file
# The build step's phases (mesongo/buildstep/build.py), in order; unknown ones are shown after these.
PHASES = ("start go", "read plan", "go build", "go list (after go build)", "header", "exports", "object", "checks",
          "writes")
PHASE_LABELS = {"start go": "imports and starting Go (before Go runs)",
                "read plan": "reading the typed plan (while Go runs)",
                "go build": "go build (the rest of it)"}


T = TypeVar("T")


class BenchError(Exception):
    pass


# --- generated projects -------------------------------------------------------------------------


def go_source(i: int, value: int) -> str:
    return (f"// Package main is benchmark library g{i}.\n"
            "package main\n\n"
            'import "C"\n\n'
            f"//export g{i}_value\n"
            f"func g{i}_value() C.int {{ return {value} }}\n\n"
            "func main() {}\n")


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)


def generate_go_project(root: Path, n_libs: int, consumers: bool = True) -> None:
    lines = ["project('bench_go', 'c', meson_version: '>=1.0')", "", "go = import('mesongo')", ""]
    write(root / "go" / "go.mod", "module example.com/bench\n\ngo 1.21\n")
    for i in range(n_libs):
        write(root / "go" / f"g{i}" / f"g{i}.go", go_source(i, i + 1))
        lines.append(f"lib{i} = go.shared_library('g{i}', 'go/g{i}/g{i}.go', version: '{GO_LIB_VERSION}')")
        if consumers:
            write(root / f"use{i}.c",
                  f'#include "libg{i}.h"\n\nint main(void) {{ return g{i}_value() > 0 ? 0 : 1; }}\n')
            lines.append(f"executable('use{i}', 'use{i}.c', dependencies: go.dependency(lib{i}))")
    write(root / "meson.build", "\n".join(lines) + "\n")


SQLITE_SOURCE = """\
// Package main is benchmark library sq: SQLite (through database/sql) for C.
package main

import "C"

import (
\t"database/sql"

\t_ "github.com/mattn/go-sqlite3"
)

// sq_version_length opens an in-memory database and returns the length of SQLite's version, or -1.
//
//export sq_version_length
func sq_version_length() C.int {
\tdb, err := sql.Open("sqlite3", ":memory:")
\tif err != nil {
\t\treturn -1
\t}
\tdefer db.Close()
\tvar version string
\tif err := db.QueryRow("select sqlite_version()").Scan(&version); err != nil {
\t\treturn -1
\t}
\treturn C.int(len(version))
}

func main() {}
"""


def generate_sqlite_project(root: Path, go: str, env: Mapping[str, str]) -> None:
    """A shared and a static library of one Go package over go-sqlite3; go.sum is made here, with
    the user's proxy, so that neither setup nor the build needs the network or GOFLAGS."""
    write(root / "go" / "go.mod", f"module example.com/sq\n\ngo 1.21\n\nrequire {SQLITE_MODULE} {SQLITE_VERSION}\n")
    write(root / "go" / "sq" / "sq.go", SQLITE_SOURCE)
    run([go, "mod", "tidy"], root / "go", {**env, "GOFLAGS": "", "GOWORK": "off", "GOTOOLCHAIN": "local"})
    lines = ["project('bench_sq', 'c', meson_version: '>=1.0')", "", "go = import('mesongo')", "",
             f"go.shared_library('sq', 'go/sq/sq.go', version: '{GO_LIB_VERSION}')",
             "go.static_library('sq_static', 'go/sq/sq.go')"]
    write(root / "meson.build", "\n".join(lines) + "\n")


def generate_c_project(root: Path, n_libs: int) -> None:
    lines = ["project('bench_c', 'c', meson_version: '>=1.0')", "", "inc = include_directories('lib')", ""]
    for i in range(n_libs):
        write(root / "lib" / f"c{i}.h", f"int c{i}_value(void);\n")
        write(root / "lib" / f"c{i}.c", f'#include "c{i}.h"\n\nint c{i}_value(void) {{ return {i + 1}; }}\n')
        write(root / f"use{i}.c", f'#include "c{i}.h"\n\nint main(void) {{ return c{i}_value() > 0 ? 0 : 1; }}\n')
        lines += [f"lib{i} = shared_library('c{i}', 'lib/c{i}.c', include_directories: inc, "
                  f"version: '{GO_LIB_VERSION}')",
                  f"dep{i} = declare_dependency(link_with: lib{i}, include_directories: inc)",
                  f"executable('use{i}', 'use{i}.c', dependencies: dep{i})"]
    write(root / "meson.build", "\n".join(lines) + "\n")


# --- running ------------------------------------------------------------------------------------


@dataclass
class Result:
    seconds: float
    output: str
    cpu: float = 0.0   # user + system seconds of every process it ran (the waited-for descendants)


def children_cpu() -> float:
    """User + system seconds of this process's children that have ended and been waited for,
    theirs included (ninja waits for the build step, the step for go, go for compile and cgo)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(cmd: Sequence[str], cwd: Path, env: Mapping[str, str]) -> Result:
    """Run cmd, timing it; its output is captured (the same pipe for every side) and returned."""
    cpu = children_cpu()
    start = time.perf_counter()
    proc = subprocess.run(list(cmd), cwd=cwd, env=dict(env), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, check=False)
    seconds = time.perf_counter() - start
    cpu = children_cpu() - cpu
    if proc.returncode != 0:
        raise BenchError(f"{shlex.join(cmd)} (in {cwd}) failed with exit code {proc.returncode}:\n{proc.stdout}")
    return Result(seconds, proc.stdout, cpu)


def run_together(cmds: Sequence[tuple[Sequence[str], Path, Mapping[str, str]]]) -> Result:
    """Start every (command, directory, environment) at once and wait for all: the wall time until
    the last ends, and the CPU time of all. Each writes its output to a file of its own (a full
    pipe that is not read would stall it)."""
    with contextlib.ExitStack() as stack:
        logs = [stack.enter_context(tempfile.TemporaryFile(mode="w+")) for _ in cmds]
        cpu = children_cpu()
        start = time.perf_counter()
        procs = [subprocess.Popen(list(cmd), cwd=cwd, env=dict(env), stdout=log, stderr=subprocess.STDOUT, text=True)
                 for (cmd, cwd, env), log in zip(cmds, logs, strict=True)]
        codes = [proc.wait() for proc in procs]
        seconds = time.perf_counter() - start
        cpu = children_cpu() - cpu
        outputs = []
        for log in logs:
            log.seek(0)
            outputs.append(log.read())
    for (cmd, cwd, _env), code, output in zip(cmds, codes, outputs, strict=True):
        if code != 0:
            raise BenchError(f"{shlex.join(cmd)} (in {cwd}) failed with exit code {code}:\n{output}")
    return Result(seconds, "".join(outputs), cpu)


def edges(ninja_output: str) -> list[str]:
    """The build edges a ninja run executed, from its '[n/m] description' lines."""
    return [m.group(1) for m in re.finditer(r"^\[\d+/\d+\] (.*)$", ninja_output, re.MULTILINE)]


def shared_library_edges(lib: str, check: bool = True) -> list[str]:
    """The edges of a rebuilt Go shared library `lib` (its file, relative to the build directory):
    its Go part (mesongo's build step, whose output is the object NAME-go.o), Meson's own link of
    the object and mesongo's check of what Meson linked, which writes the library's link interface
    (LIBFILE.symbols, in place of Meson's symbol extractor)."""
    return [f"Building Go shared library {lib}", f"Linking target {lib}", *([f"Checking {lib}"] if check else [])]


def static_library_edges(lib: str) -> list[str]:
    """The edges of a rebuilt Go static library `lib`: its Go part, then Meson's own archive of it."""
    return [f"Building Go static library {lib}", f"Linking static target {lib}"]


@dataclass
class Attempt:
    """One timed run: the ninja edges it executed and the build-step phases it wrote (one dict per
    run of the step, when MESONGO_TIMINGS was set)."""

    seconds: float
    edges: list[str]
    phases: list[dict[str, float]] = field(default_factory=list)


@dataclass
class Samples:
    label: str
    seconds: list[float] = field(default_factory=list)
    phases: list[dict[str, float]] = field(default_factory=list)   # of the kept runs that ran the step once
    cpu: list[float] = field(default_factory=list)   # CPU seconds, where a section measures them

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)

    def add(self, result: Result) -> None:
        self.seconds.append(result.seconds)
        self.cpu.append(result.cpu)


def read_timings(path: Path) -> list[dict[str, float]]:
    """The JSON lines the build step appended to path (none if it did not run)."""
    try:
        lines = path.read_text().splitlines()
    except FileNotFoundError:
        return []
    found: list[dict[str, float]] = []
    for line in filter(None, lines):
        try:
            data = json.loads(line)
        except ValueError:
            data = None
        if not isinstance(data, dict) or not all(isinstance(v, (int, float)) for v in data.values()):
            raise BenchError(f"{path}: not a phase -> seconds line: {line}")
        found.append({str(k): float(v) for k, v in data.items()})
    return found


# --- the mesongo command in build.ninja and its build plan ----------------------------------------


@dataclass(frozen=True)
class GoStep:
    """The Go part of a Go shared library: mesongo's build step, whose output is the object
    NAME-go.o that Meson's own shared_library() links into the library."""

    python: str                  # the interpreter ninja starts for the build step
    plan_path: Path
    plan: BuildPlan              # read through mesongo's typed model, as the build step reads it
    library: str                 # what Meson links from the object, relative to the build directory
    raw_args: list[str]          # of the raw c-shared build

    @property
    def output(self) -> str:
        """The object, relative to the build directory (the edge's output)."""
        return self.plan.output

    @property
    def go(self) -> str:
        return self.plan.go.go

    @property
    def package_dir(self) -> Path:
        return Path(self.plan.go.package_dir)

    @property
    def configured_env(self) -> dict[str, str]:
        return dict(self.plan.go.env)


def raw_go_args(plan: BuildPlan) -> list[str]:
    """mesongo builds a c-archive, makes it one object and Meson links that; the raw build it is
    measured against is Go's own c-shared build of the same package with the same flags and the
    same soname."""
    args = ["-buildmode=c-shared" if a == "-buildmode=c-archive" else a for a in plan.go.args]
    soname = plan.policy.soname
    if soname:
        at = next((i for i, a in enumerate(args) if a.startswith("-ldflags=")), None)
        extra = f"-extldflags -Wl,-soname,{soname}"
        if at is None:
            args.append(f"-ldflags={extra}")
        else:
            args[at] = f"{args[at]} {extra}"
    return args


def describe_raw(cmd: Sequence[str], step: GoStep) -> str:
    """The raw go build command, where it runs and its environment, for the report."""
    return (f"{shlex.join(cmd)}\n    in {step.package_dir}, environment: the inherited one filtered as "
            "mesongo.buildstep does (GO*, CGO_*, CC... dropped), plus the plan's "
            + " ".join(shlex.quote(f"{k}={v}") for k, v in sorted(step.configured_env.items())))


def parse_go_step(command: str, build_dir: Path) -> GoStep:
    """Read `PYTHON -m mesongo.buildstep PLAN DIGEST` from ninja, then PLAN, which holds the Go command."""
    argv = shlex.split(command)
    if "mesongo.buildstep" not in argv:
        raise BenchError(f"not a mesongo.buildstep command: {command}")
    at = argv.index("mesongo.buildstep")
    rest = argv[at + 1:]
    if at < 2 or argv[at - 1] != "-m" or len(rest) != 2:
        raise BenchError(f"cannot read 'PYTHON -m mesongo.buildstep PLAN DIGEST' in: {command}")
    path = build_dir / rest[0]
    try:
        plan = plan_from_json(path.read_text(), rest[1])
    except (StalePlan, ValueError, KeyError, TypeError) as exc:
        raise BenchError(f"the build plan {path} cannot be read by this mesongo: {exc}") from None
    if plan.library is None:
        raise BenchError(f"the build plan {path} is not one of a library's Go part")
    if len(plan.library.linked) != 1:
        raise BenchError(f"the build plan {path} names {list(plan.library.linked)} as linked from its object, "
                         "not one shared library")
    return GoStep(argv[at - 2], path, plan, plan.library.linked[0], raw_go_args(plan))


# --- the benchmark ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Projects:
    """A generated mesongo project and the Meson C project of the same shape, both built."""

    libs: int
    go_src: Path
    go_build: Path
    c_src: Path
    c_build: Path


@dataclass
class Bench:
    meson: str
    ninja: str
    env: dict[str, str]
    work: Path
    runs: int
    edit_runs: int
    edit_mode: str
    cold_runs: int = 1
    notes: list[str] = field(default_factory=list)
    discarded: dict[str, int] = field(default_factory=dict)
    raw_description: str = ""
    step_python: str = ""   # the interpreter of the build step's command, found by edit()

    def setup(self, name: str, generate: Callable[[Path, int], None], libs: int,
              options: Sequence[str] = ()) -> tuple[Path, Path]:
        """(source, build directory) of a generated project, configured and built."""
        src, build = self.work / name, self.work / f"{name}-build"
        generate(src, libs)
        run([self.meson, "setup", "--backend=ninja", *options, str(build), str(src)], self.work, self.env)
        run([self.ninja], build, self.env)   # the first, full build (a cold one for the Go cache)
        return src, build

    def projects(self, libs: int) -> Projects:
        go_src, go_build = self.setup(f"go{libs}", generate_go_project, libs)
        c_src, c_build = self.setup(f"c{libs}", generate_c_project, libs)
        return Projects(libs, go_src, go_build, c_src, c_build)

    def take(self, samples: Samples, attempt: Callable[[], Attempt], expected: list[str]) -> None:
        """Add one timing of attempt() to samples, provided it ran exactly the expected ninja edges.

        A run that did other work is discarded and repeated (up to MAX_ATTEMPTS times): a Meson
        regeneration means a file build.ninja depends on changed under the benchmark (mesongo's own
        sources are such files); anything else is a problem, kept in the results if it persists.
        The build-step phases of a kept run are kept with it when the step ran exactly once."""
        for n in range(1, MAX_ATTEMPTS + 1):
            a = attempt()
            seconds, ran = a.seconds, a.edges
            if sorted(ran) == sorted(expected) or n == MAX_ATTEMPTS:
                samples.seconds.append(seconds)
                if len(a.phases) == 1:
                    samples.phases.append(a.phases[0])
                if sorted(ran) == sorted(expected):
                    return
            extra = sorted(set(ran) - set(expected))
            if extra == [REGENERATE] and set(expected) <= set(ran):
                key = (f"discarded a '{samples.label}' run: Meson regenerated the build files (a file "
                       "build.ninja depends on, e.g. mesongo's sources, changed during the benchmark)")
            else:
                key = f"PROBLEM: '{samples.label}' ran {ran}, expected {expected or 'nothing'}"
            self.discarded[key] = self.discarded.get(key, 0) + 1
            if n == MAX_ATTEMPTS:
                self.notes.append(f"PROBLEM: '{samples.label}' never ran cleanly in {n} attempts; the last is kept")

    def ninja_attempt(self, build: Path, *targets: str, timings: Path | None = None) -> Callable[[], Attempt]:
        """A timed `ninja TARGETS`; with `timings`, the build step writes its phases there (the file
        is emptied first, so it holds this run's only)."""
        env = self.env if timings is None else {**self.env, TIMINGS_VARIABLE: str(timings)}

        def attempt() -> Attempt:
            if timings is not None:
                timings.unlink(missing_ok=True)
            r = run([self.ninja, *targets], build, env)
            return Attempt(r.seconds, edges(r.output), read_timings(timings) if timings is not None else [])
        return attempt

    def noop(self, p: Projects) -> tuple[Samples, Samples]:
        go_s = Samples(f"mesongo graph ({p.libs} Go libraries): ninja, nothing to do")
        c_s = Samples(f"Meson C graph ({p.libs} C libraries): ninja, nothing to do")
        for _ in range(3):  # warm-up
            run([self.ninja], p.go_build, self.env)
            run([self.ninja], p.c_build, self.env)
        order = [(go_s, self.ninja_attempt(p.go_build)), (c_s, self.ninja_attempt(p.c_build))]
        for i in range(self.runs):
            for samples, attempt in order if i % 2 == 0 else reversed(order):
                self.take(samples, attempt, [])
        return go_s, c_s

    def go_step(self, go_build: Path, name: str) -> GoStep:
        """The Go part of Go shared library `name`: the custom target whose output is the object
        NAME-go.o (its other outputs: the header, the export list and the link arguments); its
        plan names the object and the library Meson links from it, which must be a ninja target."""
        listing = run([self.ninja, "-t", "targets", "all"], go_build, self.env).output
        obj = f"{name}-go.o"
        if not re.search(rf"^{re.escape(obj)}: CUSTOM_COMMAND\w*$", listing, re.MULTILINE):
            raise BenchError(f"cannot find the Go part of library {name} (the custom target {obj}) in ninja -t targets")
        command = run([self.ninja, "-t", "commands", "-s", obj], go_build, self.env).output.strip()
        step = parse_go_step(command.splitlines()[-1], go_build)
        if step.output != obj:
            raise BenchError(f"the build plan {step.plan_path} names {step.output}, not {obj}")
        if not re.search(rf"^{re.escape(step.library)}: \w+$", listing, re.MULTILINE):
            raise BenchError(f"the library {step.library} that the build plan {step.plan_path} names is not a "
                             "target in ninja -t targets")
        return step

    def edit(self, go_build: Path) -> tuple[Samples, Samples, Samples]:
        step = self.go_step(go_build, f"g{EDITED}")
        lib = step.library
        self.step_python = step.python
        raw_env = build_environment(self.env, step.configured_env)   # what the build step runs Go with
        raw_dir = self.work / f"raw-go-build-{go_build.name}"
        raw_dir.mkdir()
        raw_lib = raw_dir / f"libg{EDITED}.so"
        raw_cmd = [step.go, "build", *step.raw_args, "-o", str(raw_lib), "."]
        source = step.package_dir / f"g{EDITED}.go"
        if not source.is_file():
            raise BenchError(f"{source} is not the Go source of {lib}")

        # Unique values: every build compiles the package afresh (no build cache hit), as after a real
        # edit. Alternate: two values, so after the warm-up the compile is a cache hit and the link is
        # what is timed. Each side tracks the value its last output was built from: every run is a change.
        rng = random.Random()
        counter = rng.randrange(10**8, 2 * 10**9 - 10**6)
        last = {"ninja": EDITED + 1, "raw": 0}   # the build directory holds the generated value

        def change(side: str) -> None:
            nonlocal counter
            if self.edit_mode == "unique":
                counter += 1
                value = counter
            else:
                value = 2 if last[side] == 1 else 1
            last[side] = value
            source.write_text(go_source(EDITED, value))

        full = Samples("ninja (everything)")
        only = Samples(f"ninja {lib} (Go part + link)")
        raw = Samples("raw go build -buildmode=c-shared")
        # Both ninja sides run with MESONGO_TIMINGS set (its cost, one JSON line, is the same for both).
        timings = self.work / "timings.jsonl"
        full_attempt = self.ninja_attempt(go_build, timings=timings)
        only_attempt = self.ninja_attempt(go_build, lib, timings=timings)

        def ninja_full() -> Attempt:
            change("ninja")
            return full_attempt()

        def ninja_only() -> Attempt:
            change("ninja")
            return only_attempt()

        def raw_build() -> Attempt:
            change("raw")
            if raw_lib.exists():   # as the build step does: go build never finds an output to keep
                raw_lib.unlink()
            return Attempt(run(raw_cmd, step.package_dir, raw_env).seconds, [])

        # The consumer use0 does not relink: its link depends on the library's link interface (the
        # check step's .symbols file), which stays the same. `ninja LIB` runs the Go part and Meson's
        # link only (the check is not what the library is made of); the next `ninja` runs it too.
        variants = [(full, ninja_full, shared_library_edges(lib)),
                    (only, ninja_only, shared_library_edges(lib, check=False)),
                    (raw, raw_build, [])]
        for _, fn, _ in variants:  # warm-up, untimed
            fn()
            fn()
        for i in range(self.edit_runs):
            k = i % len(variants)
            for samples, fn, expected in variants[k:] + variants[:k]:
                self.take(samples, fn, expected)
        run([self.ninja], go_build, self.env)  # leave the build directory complete
        self.raw_description = describe_raw(raw_cmd, step)
        return full, only, raw

    def python_start(self, build: Path) -> Samples:
        """The build step's interpreter start-up, which the step cannot time itself: `python -c pass`
        with the interpreter of its ninja command (its site-packages' .pth files run as for the step)."""
        samples = Samples(f"{self.step_python} -c pass")
        for _ in range(3):   # warm-up
            run([self.step_python, "-c", "pass"], build, self.env)
        for _ in range(PYTHON_START_RUNS):
            samples.seconds.append(run([self.step_python, "-c", "pass"], build, self.env).seconds)
        return samples

    def setup_cost(self, p: Projects, runs: int) -> tuple[Samples, Samples]:
        """`meson setup` of each generated project into a new build directory, interleaved (the
        untimed first setup of each, in setup(), was the warm-up)."""
        go_s = Samples(f"mesongo project ({p.libs} Go libraries): meson setup")
        c_s = Samples(f"Meson C project ({p.libs} C libraries): meson setup")
        order = [(go_s, p.go_src), (c_s, p.c_src)]
        for i in range(runs):
            for samples, src in order if i % 2 == 0 else reversed(order):
                build = self.work / f"setup-{src.name}-{i}"
                samples.seconds.append(run([self.meson, "setup", "--backend=ninja", str(build), str(src)],
                                           self.work, self.env).seconds)
                shutil.rmtree(build, ignore_errors=True)
        return go_s, c_s

    def reconfigure_cost(self, p: Projects, runs: int) -> tuple[Samples, Samples]:
        """meson.build touched (its mtime set to now), then `ninja build.ninja`: Meson regenerates
        the build files of the existing build directory, as after an edit of meson.build."""
        go_s = Samples(f"mesongo project ({p.libs} Go libraries): reconfigure")
        c_s = Samples(f"Meson C project ({p.libs} C libraries): reconfigure")
        order = [(go_s, p.go_build, p.go_src), (c_s, p.c_build, p.c_src)]
        for i in range(runs):
            for samples, build, src in order if i % 2 == 0 else reversed(order):
                os.utime(src / "meson.build")
                samples.seconds.append(run([self.ninja, "build.ninja"], build, self.env).seconds)
        return go_s, c_s

    def touch_check(self, p: Projects) -> None:
        """A touched, unchanged source: the library's own steps may rerun (a Go library's Go part,
        which leaves its unchanged object alone); no consumer may relink, and the next run does nothing."""
        for build, src, lib in ((p.go_build, p.go_src / "go" / "g1" / "g1.go", "Go library g1"),
                                (p.c_build, p.c_src / "lib" / "c1.c", "C library c1")):
            now = time.time()
            os.utime(src, (now, now))
            first = edges(run([self.ninja], build, self.env).output)
            second = edges(run([self.ninja], build, self.env).output)
            self.notes.append(f"touch {src.name} ({lib}, no content change): ninja ran {first}; "
                              f"then {second or 'nothing'}")
            if any("Linking target use" in e for e in first):
                self.notes.append(f"PROBLEM: touching {src.name} relinked a consumer")
            if second:
                self.notes.append(f"PROBLEM: the ninja run after touching {src.name} was not a no-op")

    # --- cold builds: every sample with a new, empty GOCACHE ----------------------------------

    @property
    def cold_env(self) -> dict[str, str]:
        """The environment of the cold projects' setup and builds (before the new GOCACHE) without
        the user's cache settings: setup would keep them in the plans, and GOCACHEPROG is a cache
        that a new GOCACHE does not empty."""
        return {k: v for k, v in self.env.items() if k not in USER_CACHE_VARS}

    def configure_release(self, name: str, generate: Callable[[Path], None]) -> Path:
        """A generated project configured with --buildtype=release, not built."""
        src, build = self.work / name, self.work / f"{name}-build"
        generate(src)
        run([self.meson, "setup", "--backend=ninja", "--buildtype=release", str(build), str(src)], self.work,
            self.cold_env)
        return build

    def cold_step(self, build: Path, name: str) -> GoStep:
        step = self.go_step(build, name)
        kept = sorted(set(step.configured_env) & set(USER_CACHE_VARS))
        if kept:
            raise BenchError(f"the build plan {step.plan_path} sets {', '.join(kept)}: a new GOCACHE in ninja's "
                             "environment would not reach Go, so a cold build cannot be measured")
        return step

    def cold_samples(self, build: Path, expected: list[str], ninja_s: Samples, raw_s: Samples,
                     raw: Callable[[dict[str, str]], Result]) -> None:
        """cold_runs samples of each side, interleaved, each with a new empty GOCACHE (removed
        after it): `ninja` of the cleaned build directory, which should run the expected edges
        (a run that does not is kept, and noted: a cold build is too long to repeat), and
        raw(environment)."""
        def ninja(env: dict[str, str]) -> Result:
            run([self.ninja, "-t", "clean"], build, env)
            result = run([self.ninja], build, env)
            ran = edges(result.output)
            # mesongo's step before Go targets that share packages (docs/explanation/how-it-is-built.md).
            shared = [e for e in ran if e.startswith(SHARED_STEP)]
            if sorted(e for e in ran if e not in shared) != sorted(expected) or len(shared) != 1:
                self.notes.append(f"PROBLEM: '{ninja_s.label}' ran {ran}, expected {expected} after one "
                                  f"'{SHARED_STEP}...'")
            return result

        order: list[tuple[Samples, Callable[[dict[str, str]], Result]]] = [(ninja_s, ninja), (raw_s, raw)]
        for i in range(self.cold_runs):
            for samples, side in order if i % 2 == 0 else reversed(order):
                cache = Path(tempfile.mkdtemp(prefix="gocache-", dir=self.work))
                try:
                    samples.add(side({**self.cold_env, "GOCACHE": str(cache)}))
                finally:
                    shutil.rmtree(cache, ignore_errors=True)

    def cold_shared(self, go: str) -> tuple[Samples, Samples, str]:
        """A shared and a static library of one go-sqlite3 package, against one raw c-shared build."""
        build = self.configure_release("sq", lambda src: generate_sqlite_project(src, go, self.env))
        step = self.cold_step(build, "sq")
        raw_dir = self.work / "raw-sq"
        raw_dir.mkdir()
        raw_lib = raw_dir / "libsq.so"
        raw_cmd = [step.go, "build", *step.raw_args, "-o", str(raw_lib), "."]

        def raw(env: dict[str, str]) -> Result:
            raw_lib.unlink(missing_ok=True)
            return run(raw_cmd, step.package_dir, build_environment(env, step.configured_env))

        static = "libsq_static.a"
        ninja_s = Samples(f"ninja: {step.library} and {static} (release)")
        raw_s = Samples("raw go build -buildmode=c-shared, once")
        self.cold_samples(build, [*shared_library_edges(step.library), *static_library_edges(static)],
                          ninja_s, raw_s, raw)
        return ninja_s, raw_s, describe_raw(raw_cmd, step)

    def cold_parallel(self) -> tuple[Samples, Samples, str]:
        """COLD_LIBS independent Go libraries: ninja against as many raw c-shared builds at once."""
        build = self.configure_release(f"go{COLD_LIBS}-cold",
                                       lambda src: generate_go_project(src, COLD_LIBS, consumers=False))
        steps = [self.cold_step(build, f"g{i}") for i in range(COLD_LIBS)]
        raw_dir = self.work / "raw-parallel"
        raw_dir.mkdir()
        raw_cmds = [[s.go, "build", *s.raw_args, "-o", str(raw_dir / f"libg{i}.so"), "."] for i, s in enumerate(steps)]

        def raw(env: dict[str, str]) -> Result:
            for path in raw_dir.iterdir():
                path.unlink()
            return run_together([(cmd, s.package_dir, build_environment(env, s.configured_env))
                                 for cmd, s in zip(raw_cmds, steps, strict=True)])

        ninja_s = Samples(f"ninja: {COLD_LIBS} Go shared libraries (release)")
        raw_s = Samples(f"{COLD_LIBS} raw go build -buildmode=c-shared at once")
        self.cold_samples(build, [e for s in steps for e in shared_library_edges(s.library)],
                          ninja_s, raw_s, raw)
        return ninja_s, raw_s, describe_raw(raw_cmds[0], steps[0])

    def cold_setup(self, runs: int) -> tuple[Samples, Samples]:
        """`meson setup` of a small project into a new build directory, with a new empty GOCACHE
        (removed after it) and with a warm one of its own, interleaved."""
        src = self.work / f"go{COLD_SETUP_LIBS}-setup"
        generate_go_project(src, COLD_SETUP_LIBS)
        warm_cache = self.work / "gocache-warm"
        warm_cache.mkdir()
        warm_env = {**self.cold_env, "GOCACHE": str(warm_cache)}

        def setup(env: dict[str, str], i: int) -> Result:
            build = self.work / f"cold-setup-{i}"
            try:
                return run([self.meson, "setup", "--backend=ninja", str(build), str(src)], self.work, env)
            finally:
                shutil.rmtree(build, ignore_errors=True)

        def cold(i: int) -> Result:
            cache = Path(tempfile.mkdtemp(prefix="gocache-", dir=self.work))
            try:
                return setup({**self.cold_env, "GOCACHE": str(cache)}, i)
            finally:
                shutil.rmtree(cache, ignore_errors=True)

        setup(warm_env, -1)   # fills the warm cache (and warms the rest: Python, Meson, the C compiler)
        cold_s = Samples(f"meson setup, {COLD_SETUP_LIBS} Go libraries, a new empty GOCACHE")
        warm_s = Samples(f"meson setup, {COLD_SETUP_LIBS} Go libraries, a warm GOCACHE")
        order: list[tuple[Samples, Callable[[int], Result]]] = [(cold_s, cold), (warm_s, lambda i: setup(warm_env, i))]
        for i in range(runs):
            for samples, side in order if i % 2 == 0 else reversed(order):
                samples.add(side(i))
        return cold_s, warm_s


# --- report -------------------------------------------------------------------------------------


def verdict(ratio: float, goal: float) -> str:
    return "PASS" if ratio <= goal else "OVER"


@dataclass(frozen=True)
class Figure:
    """A measured figure, a ratio (mesongo / its baseline) or milliseconds, and its goal (None:
    shown for information)."""

    name: str
    value: float
    goal: float | None = None
    unit: str = ""   # "" (a ratio), "ms" or "s"

    def text(self) -> str:
        value = {"ms": f"{self.value:6.1f} ms", "s": f"{self.value:6.2f} s"}.get(self.unit, f"{self.value:6.3f}")
        if self.goal is None:
            return f"{value}   (for information)"
        goal = {"ms": f"{self.goal:.0f} ms", "s": f"{self.goal:.1f} s"}.get(self.unit, f"{self.goal:.2f}")
        return f"{value}   goal <= {goal}   {verdict(self.value, self.goal)}"


def ratio(name: str, num: Samples, den: Samples, goal: float | None = None, cpu: bool = False) -> Figure:
    """The ratio of the medians, of the wall times or (cpu) of the CPU times."""
    return Figure(name, num.cpu_median / den.cpu_median if cpu else num.median / den.median, goal)


def setup_figure(go: Samples, c: Samples, libs: int) -> Figure:
    return Figure(f"per Go library above a C library: (Go - C) / {libs}", (go.median - c.median) / libs * 1000,
                  SETUP_GOAL_MS, "ms")


def table(title: str, rows: Sequence[Samples], figures: Sequence[Figure], lines: Sequence[str] = ()) -> None:
    """The samples (wall time; CPU time too where measured), then the figures and the lines."""
    print(title)
    width = max(len(s.label) for s in rows)
    for s in rows:
        cpu = f"   CPU median {s.cpu_median:8.3f} s" if s.cpu else ""
        print(f"  {s.label:<{width}}  median {s.median:8.4f} s   (min {min(s.seconds):.4f}, "
              f"max {max(s.seconds):.4f}, n={len(s.seconds)}){cpu}")
    fwidth = max((len(f.name) for f in figures), default=0)
    for f in figures:
        print(f"  {f.name:<{fwidth}}  {f.text()}")
    for line in lines:
        print(f"  {line}")
    print()


@dataclass
class Summary:
    """The figures with a goal, in the order of the goals (the issue's table), whichever section
    measured them first."""

    rows: list[tuple[int, str, Figure]] = field(default_factory=list)
    left_out: list[tuple[int, str, str]] = field(default_factory=list)   # (rank, figure, why)

    def add(self, goal: str, label: str, figure: Figure) -> None:
        self.rows.append((GOAL_ORDER.index(goal), label, figure))

    def leave_out(self, goal: str, label: str, why: str) -> None:
        self.left_out.append((GOAL_ORDER.index(goal), label, why))

    def print(self) -> None:
        print("Summary: every figure against its goal (a ratio is mesongo / its baseline)")
        rows = sorted(self.rows, key=lambda row: row[0])
        width = max((len(label) for _, label, _ in [*rows, *self.left_out]), default=0)
        for _, label, figure in rows:
            print(f"  {label:<{width}}  {figure.text()}")
        for _, label, why in sorted(self.left_out, key=lambda row: row[0]):
            print(f"  {label:<{width}}  not measured: {why}")


def breakdown(full: Samples, python: Samples) -> list[tuple[str, float]]:
    """(label, seconds) rows that add up to the median edit-rebuild time: Python start-up, the median
    of each build-step phase (0 in a run that lacks it), and the rest (ninja itself, Meson's link of
    the object and mesongo's check step)."""
    names = list(PHASES)
    for phases in full.phases:
        names += [name for name in phases if name not in names]
    rows = [(f"Python start-up (python -c pass, median of {len(python.seconds)})", python.median)]
    rows += [(f"step: {PHASE_LABELS.get(name, name)}", statistics.median(p.get(name, 0.0) for p in full.phases))
             for name in names]
    rows.append(("the rest: ninja, Meson's link, check step", full.median - sum(sec for _, sec in rows)))
    return rows


def print_breakdown(title: str, full: Samples, raw: Samples, python: Samples) -> None:
    print(title)
    if not full.phases:
        print(f"  no timings: the build step wrote none to ${TIMINGS_VARIABLE} (a mesongo without it?)\n")
        return
    rows = breakdown(full, python)
    width = max(len(label) for label, _ in rows)
    for label, sec in [*rows, ("total (the median edit-rebuild)", full.median)]:
        print(f"  {label:<{width}}  {sec * 1000:8.1f} ms  {sec / full.median:6.1%}")
    allowed = (EDIT_GOAL - 1) * raw.median
    print(f"  over the raw go build: {(full.median - raw.median) * 1000:+.1f} ms; the goal (<= {EDIT_GOAL:.2f}) "
          f"allows {allowed * 1000:+.1f} ms")
    print(f"  phases: medians of {len(full.phases)} runs; interpreter: {python.label.removesuffix(' -c pass')}")
    if len(full.phases) < len(full.seconds):
        print(f"  PROBLEM: {len(full.seconds) - len(full.phases)} timed run(s) did not run the build step exactly once")
    print()


@dataclass
class Stopwatch:
    """How long the whole run and each part of it took."""

    start: float = field(default_factory=time.perf_counter)
    laps: list[tuple[str, float]] = field(default_factory=list)

    def lap(self, name: str) -> None:
        self.laps.append((name, time.perf_counter() - self.start - sum(sec for _, sec in self.laps)))

    def text(self) -> str:
        parts = ", ".join(f"{name} {sec / 60:.1f}" for name, sec in self.laps)
        return f"The benchmark took {(time.perf_counter() - self.start) / 60:.1f} minutes ({parts})."


def tool_version(cmd: Sequence[str], env: Mapping[str, str], cwd: Path) -> str:
    try:
        return run(cmd, cwd, env).output.strip().splitlines()[0]
    except (BenchError, OSError, IndexError):
        return "?"


def ninja_jobs(ninja: str, env: Mapping[str, str], cwd: Path) -> str:
    """ninja's default parallelism on this machine, as `ninja -h` (which exits 1) states it, or '?'."""
    try:
        proc = subprocess.run([ninja, "-h"], cwd=cwd, env=dict(env), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, check=False)
    except OSError:
        return "?"
    found = re.search(r"^\s*-j N\b.*\[default=(\d+)", proc.stdout, re.MULTILINE)
    return found.group(1) if found else "?"


def measure_projects(bench: Bench, p: Projects, setup_runs: int, summary: Summary) -> None:
    """1., 4. and 5. of the large projects, in one table."""
    go_noop, c_noop = bench.noop(p)
    go_setup, c_setup = bench.setup_cost(p, setup_runs)
    go_re, c_re = bench.reconfigure_cost(p, setup_runs)
    noop = ratio("no-op: ratio mesongo / Meson C", go_noop, c_noop, NOOP_GOAL)
    setup = setup_figure(go_setup, c_setup, p.libs)
    reconfigure = ratio("reconfigure: ratio mesongo / Meson C", go_re, c_re, RECONFIGURE_GOAL)
    table(f"6. {p.libs} libraries and consumers each: no-op ninja ({bench.runs} runs each), meson setup and "
          f"reconfigure ({setup_runs} runs each), interleaved",
          [go_noop, c_noop, go_setup, c_setup, go_re, c_re], [noop, setup, reconfigure])
    summary.add("no-op", f"no-op ninja, {p.libs} libraries + consumers, mesongo / C", noop)
    summary.add("setup", f"meson setup per Go library above a C library ({p.libs} libraries)", setup)
    summary.add("reconfigure", f"reconfigure after meson.build changed, {p.libs} libraries, mesongo / C", reconfigure)


def measure_cold(bench: Bench, go: str, jobs: str, summary: Summary) -> None:
    """7. and 8.: cold builds, each sample with a new empty GOCACHE; `jobs`: ninja's default -j."""
    runs = f"{bench.cold_runs} run{'s' if bench.cold_runs > 1 else ''} each"
    ninja_s, raw_s, raw_cmd = bench.cold_shared(go)
    cpu = ratio("CPU: ratio ninja / raw go build", ninja_s, raw_s, COLD_SHARED_GOAL, cpu=True)
    table(f"7. Cold build (a new empty GOCACHE each run, module cache warm) of a shared and a static library of one "
          f"Go package over {SQLITE_MODULE} {SQLITE_VERSION}, --buildtype=release, {runs}, interleaved",
          [ninja_s, raw_s], [cpu, ratio("wall: ratio ninja / raw go build", ninja_s, raw_s)],
          [f"raw go build: {raw_cmd}", "  and GOCACHE=<a new empty directory>",
           f"ninja runs with its default parallelism here, -j{jobs} (ninja -h); mesongo's step before the two "
           "compiles the package they share (C code included) once, then each links"])
    summary.add("cold shared", "cold ninja (release) of a shared + a static library of one go-sqlite3 package: "
                "CPU / one raw go build", cpu)
    sys.stdout.flush()

    ninja_s, raw_s, raw_cmd = bench.cold_parallel()
    wall = ratio(f"wall: ratio ninja / {COLD_LIBS} raw go builds at once", ninja_s, raw_s, COLD_PARALLEL_GOAL)
    table(f"8. Cold build (a new empty GOCACHE each run) of {COLD_LIBS} independent Go shared libraries, "
          f"--buildtype=release, {runs}, interleaved",
          [ninja_s, raw_s], [wall, ratio(f"CPU: ratio ninja / {COLD_LIBS} raw go builds", ninja_s, raw_s, cpu=True)],
          [f"raw go build (the first of {COLD_LIBS}, the others alike, all started together): {raw_cmd}",
           "  and GOCACHE=<a new empty directory, one per side and run>",
           f"ninja runs with its default parallelism here, -j{jobs} (ninja -h); mesongo's step before the libraries "
           "compiles the standard packages they share (runtime, runtime/cgo...) once"])
    summary.add("cold parallel", f"cold build of {COLD_LIBS} independent Go libraries: wall / {COLD_LIBS} raw go "
                "builds at once", wall)


def measure_cold_setup(bench: Bench, runs: int, summary: Summary) -> None:
    """9.: meson setup with a new empty GOCACHE against the same setup with a warm one."""
    cold, warm = bench.cold_setup(runs)
    figure = Figure("cold setup minus warm setup: median cold - median warm", cold.median - warm.median,
                    COLD_SETUP_GOAL_S, "s")
    table(f"9. Cold setup: meson setup of a small project ({COLD_SETUP_LIBS} Go libraries and C consumers, a new "
          f"build directory each run) with a new empty GOCACHE and with a warm one, {runs} runs each, interleaved",
          [cold, warm], [figure], ["the module cache is the user's; the warm GOCACHE is one of its own, filled by "
                                   "an untimed setup first"])
    summary.add("cold setup", "cold setup minus warm setup, seconds (a new empty GOCACHE)", figure)


def print_checks(bench: Bench, cold: bool) -> None:
    print("Checks")
    for note in bench.notes:
        print(f"  {note}")
    for note, count in bench.discarded.items():
        print(f"  {note} ({count}x)")
    if not any(n.startswith("PROBLEM") for n in [*bench.notes, *bench.discarded]):
        print("  no problems seen: no-op runs did nothing; an edit ran only the library's Go part, its link and "
              "its check (no consumer relink)"
              + ("; the cold builds ran only the Go parts, their links and checks" if cold else ""))
    print()


def main(argv: Sequence[str] | None = None) -> int:
    stopwatch = Stopwatch()
    default_meson = str(Path(sys.executable).parent / "meson")
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--meson", default=default_meson, help=f"meson to use (default: {default_meson})")
    p.add_argument("--ninja", default=shutil.which("ninja") or "ninja", help="ninja to use (default: from PATH)")
    p.add_argument("--runs", type=int, default=30, help="no-op ninja runs per side (default: 30)")
    # 11, not fewer: a 5% goal on a ~0.8 s rebuild whose Go compile alone varies by 10% between runs
    p.add_argument("--edit-runs", type=int, default=11, help="edit-and-rebuild runs per side (default: 11)")
    p.add_argument("--setup-runs", type=int, default=11,
                   help="meson setup runs per project, a new build directory each (default: 11, at least 5)")
    p.add_argument("--edit-mode", choices=("unique", "alternate"), default="unique",
                   help="unique: a new constant each edit, so Go compiles afresh (default); alternate: two "
                        "constants, so the Go compile is a build-cache hit and mostly the link is timed")
    p.add_argument("--libs", type=int, default=DEFAULT_LIBS,
                   help=f"libraries (and consumers) in each generated project (default: {DEFAULT_LIBS})")
    p.add_argument("--large-libs", type=int, default=DEFAULT_LARGE_LIBS,
                   help="libraries (and consumers) in the large projects, which measure no-op, setup and "
                        f"reconfigure (default: {DEFAULT_LARGE_LIBS}; 0 leaves them out)")
    p.add_argument("--large-setup-runs", type=int, default=5,
                   help="meson setup and reconfigure runs per large project (default: 5, at least 3)")
    p.add_argument("--cold-runs", type=int, default=1,
                   help="runs per side of each cold build (default: 1; the SQLite one is ~50 CPU-seconds per run "
                        "of the raw side, ~2x that for ninja's two libraries)")
    p.add_argument("--no-cold", action="store_true", help="leave the cold builds (7. and 8.) out")
    p.add_argument("--cold-setup-runs", type=int, default=5,
                   help="meson setup runs per side of the cold setup (9.; default: 5)")
    p.add_argument("--only-cold-setup", action="store_true", help="run the cold setup (9.) alone")
    p.add_argument("--keep", action="store_true", help="keep the temporary directory")
    ns = p.parse_args(argv)
    if ns.runs < 1 or ns.edit_runs < 1 or ns.cold_runs < 1 or ns.cold_setup_runs < 1:
        p.error("--runs, --edit-runs, --cold-runs and --cold-setup-runs must be at least 1")
    if ns.setup_runs < 5:
        p.error("--setup-runs must be at least 5")
    if ns.large_setup_runs < 3:
        p.error("--large-setup-runs must be at least 3")
    if ns.libs < 2 or ns.large_libs < 0:
        p.error("--libs must be at least 2 (the touch check edits g1), --large-libs at least 0")

    env = dict(os.environ)
    work = Path(tempfile.mkdtemp(prefix="mesongo-bench-"))
    bench = Bench(ns.meson, ns.ninja, env, work, ns.runs, ns.edit_runs, ns.edit_mode, ns.cold_runs)
    summary = Summary()
    n, large = ns.libs, (ns.large_libs if ns.large_libs != ns.libs else 0)
    try:
        go = shutil.which("go", path=env.get("PATH")) or "go"
        jobs = ninja_jobs(ns.ninja, env, work)
        if ns.only_cold_setup:
            print("mesongo benchmark: the cold setup (9.) alone")
        else:
            print(f"mesongo benchmark: {n} Go shared libraries + {n} C consumers vs. "
                  f"{n} C shared libraries + {n} C consumers{f', then {large} of each' if large else ''}"
                  f"{'' if ns.no_cold else ', then cold builds'}, then a cold setup")
        versions = [tool_version([go, "version"], env, work),
                    "meson " + tool_version([ns.meson, "--version"], env, work),
                    "ninja " + tool_version([ns.ninja, "--version"], env, work) + f" (-j{jobs} by default)",
                    f"{os.cpu_count()} CPUs",
                    f"GOCACHE {tool_version([go, 'env', 'GOCACHE'], env, work)} (shared, not overridden; the cold "
                    "builds and setups get new empty ones)"]
        print("  " + "; ".join(versions))
        # As installed from a wheel, whose installer compiles it: an editable install under
        # PYTHONDONTWRITEBYTECODE=1 would compile mesongo's modules at every build step (~10 ms).
        run([sys.executable, "-m", "compileall", "-q", str(Path(mesongo.__file__).parent)], work, env)
        print("  mesongo's bytecode compiled first (python -m compileall), as a wheel's installer does")
        print(f"  work directory: {work}{'' if ns.keep else ' (removed at the end; --keep keeps it)'}")
        print(flush=True)

        if ns.only_cold_setup:
            measure_cold_setup(bench, ns.cold_setup_runs, summary)
            stopwatch.lap("cold setup")
            summary.leave_out("no-op", "every other figure (1. to 8.)", "--only-cold-setup")
            summary.print()
            print(f"\n{stopwatch.text()}")
            return 0

        projects = bench.projects(n)

        go_noop, c_noop = bench.noop(projects)
        noop = ratio("ratio mesongo / Meson C", go_noop, c_noop, NOOP_GOAL)
        table(f"1. No-op ninja, {ns.runs} runs each, interleaved", [go_noop, c_noop], [noop])
        summary.add("no-op", f"no-op ninja, {n} libraries + consumers, mesongo / C", noop)
        sys.stdout.flush()

        # The goal's edit figure: release flags on both sides; then Meson's default (debug), for information.
        _, release_build = bench.setup(f"go{n}-release", generate_go_project, n, ["--buildtype=release"])
        edits: list[tuple[str, Samples, Samples]] = []
        for buildtype, build_dir in (("release", release_build), ("debug", projects.go_build)):
            full, only, raw = bench.edit(build_dir)
            edit = ratio("ratio ninja / raw go build", full, raw, EDIT_GOAL if buildtype == "release" else None)
            table(f"2. One .go file edited (g{EDITED}.go, {ns.edit_mode} constants), --buildtype={buildtype}, "
                  f"{ns.edit_runs} runs each, interleaved", [full, only, raw],
                  [edit, ratio("ratio library alone / raw go build", only, raw)],
                  [f"raw go build: {bench.raw_description}"])
            if buildtype == "release":
                summary.add("edit", "one .go file edited (release flags on both): ninja / raw go build", edit)
            edits.append((buildtype, full, raw))
            sys.stdout.flush()

        python = bench.python_start(projects.go_build)
        for buildtype, full, raw in edits:
            print_breakdown(f"3. Where the edit-rebuild time goes (ninja, 2. above, --buildtype={buildtype})",
                            full, raw, python)
        sys.stdout.flush()

        go_setup, c_setup = bench.setup_cost(projects, ns.setup_runs)
        setup = setup_figure(go_setup, c_setup, n)
        table(f"4. meson setup, a new build directory each run, {ns.setup_runs} runs each, interleaved",
              [go_setup, c_setup], [setup])
        summary.add("setup", f"meson setup per Go library above a C library ({n} libraries)", setup)
        sys.stdout.flush()

        go_re, c_re = bench.reconfigure_cost(projects, ns.setup_runs)
        reconfigure = ratio("ratio mesongo / Meson C", go_re, c_re, RECONFIGURE_GOAL)
        table(f"5. Reconfigure after meson.build changed (ninja build.ninja), {ns.setup_runs} runs each, interleaved",
              [go_re, c_re], [reconfigure])
        summary.add("reconfigure", f"reconfigure after meson.build changed, {n} libraries, mesongo / C", reconfigure)
        bench.touch_check(projects)
        stopwatch.lap(f"{n} libraries")
        sys.stdout.flush()

        if ns.large_libs == 0:
            summary.leave_out("no-op", "the large projects' figures (6.)", "--large-libs 0")
        if large:
            measure_projects(bench, bench.projects(large), ns.large_setup_runs, summary)
            stopwatch.lap(f"{large} libraries")
            sys.stdout.flush()
        if ns.no_cold:
            summary.leave_out("cold shared", "cold builds (7. and 8.)", "--no-cold")
        else:
            measure_cold(bench, go, jobs, summary)
            stopwatch.lap("cold builds")
        measure_cold_setup(bench, ns.cold_setup_runs, summary)
        stopwatch.lap("cold setup")
        sys.stdout.flush()

        print_checks(bench, not ns.no_cold)
        summary.print()
        print(f"\n{stopwatch.text()}")
    except (BenchError, OSError) as exc:
        print(f"bench: error: {exc}", file=sys.stderr)
        return 1
    finally:
        if ns.keep:
            print(f"\nkept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
