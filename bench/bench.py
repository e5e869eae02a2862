#!/usr/bin/env python3
"""Speed of a mesongo build graph next to Meson's own C graph and a raw ``go build``.

Ratios, a time breakdown and setup costs:

1. No-op ``ninja`` on N Go shared libraries (``go.shared_library``) with N C consumers, against
   the same graph made of Meson's C ``shared_library()``. Goal: <= 1.10.
2. One ``.go`` file edited: ``ninja`` (rebuilds the Go library and relinks its consumer) against a
   raw ``go build -buildmode=c-shared`` of the same package with the same arguments and
   environment. Those are read from the target's build plan: the ninja command is
   ``python -m mesongo.buildstep PLAN.json -- env K=V... go build ...``, and PLAN.json, read
   through mesongo's typed plan (mesongo.plan.model, as the build step reads it), holds the Go
   command (``go``, ``package_dir``, ``env``, ``args``; ``-buildmode=c-archive`` there becomes
   ``c-shared``, and the soname the checks expect is added as ``-extldflags -Wl,-soname,...`` to
   ``-ldflags``). Goal: <= 1.10. The Go step alone (``ninja <library>``) is reported too.
3. Where the edit-rebuild time of 2. goes. With ``MESONGO_TIMINGS=FILE`` in ninja's environment,
   every run of the build step appends one JSON line to FILE, phase name -> seconds ("read plan"
   (mesongo's imports and reading the plan), "go build", "go list (after go build)", "header",
   "exports and link", "checks", "writes"); the median of each phase over the edit runs is shown,
   plus the Python start-up the step cannot time itself (the median of ``python -c pass`` with the
   interpreter of the ninja command, the venv's, whose ``.pth`` files run as they do for the step),
   plus the rest of the median total: ninja itself and the consumer's relink.
4. ``meson setup`` of the N-Go-library project against the N-C-library one, a fresh build
   directory each run: (median Go - median C) / N is the setup cost per Go library. Goal: <= 20 ms
   above a C library.
5. A reconfigure of each project's build directory after meson.build changed (its mtime set to
   now, then ``ninja build.ninja``). Goal: mesongo / Meson C <= 2.0.

N is 10 by default; ``--libs 100`` measures the 100-library case.

Both projects are generated into a temporary directory. The Go build cache is the user's (it is
not overridden), so both sides of a comparison see the same cache. This is a report, not a test:
it exits 0 whatever the numbers are (1 only if the benchmark could not run at all). It runs with
the Python mesongo is installed in (the test venv), and reads the build plans through
mesongo.plan.model.

    python bench/bench.py [--meson PATH] [--runs N] [--edit-runs N] [--setup-runs N]
                          [--edit-mode unique|alternate] [--libs N] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
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

from mesongo.plan.model import BuildPlan, StalePlan, plan_from_json
from mesongo.toolchain.gocmd import build_environment

DEFAULT_LIBS = 10
EDITED = 0  # index of the Go library whose source the edit benchmark changes
NOOP_GOAL = 1.10
EDIT_GOAL = 1.10
SETUP_GOAL_MS = 20.0   # meson setup cost per Go library above a C library
RECONFIGURE_GOAL = 2.0   # a reconfigure after meson.build changed, mesongo / Meson C
GO_LIB_VERSION = "1.2.3"
MAX_ATTEMPTS = 3  # per sample, when a run did work other than what is measured
REGENERATE = "Regenerating build files"
PYTHON_START_RUNS = 20   # `python -c pass` runs for the interpreter start-up the step cannot time
TIMINGS_VARIABLE = "MESONGO_TIMINGS"   # the build step appends its phases (JSON) to this file
# The build step's phases (mesongo/buildstep/build.py), in order; unknown ones are shown after these.
PHASES = ("read plan", "go build", "go list (after go build)", "header", "exports and link", "checks", "writes")
PHASE_LABELS = {"read plan": "imports and reading the plan"}


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


def generate_go_project(root: Path, n_libs: int) -> None:
    lines = ["project('bench_go', 'c', meson_version: '>=1.0')", "", "go = import('mesongo')", ""]
    write(root / "go" / "go.mod", "module example.com/bench\n\ngo 1.21\n")
    for i in range(n_libs):
        write(root / "go" / f"g{i}" / f"g{i}.go", go_source(i, i + 1))
        write(root / f"use{i}.c", f'#include "libg{i}.h"\n\nint main(void) {{ return g{i}_value() > 0 ? 0 : 1; }}\n')
        lines += [f"lib{i} = go.shared_library('g{i}', 'go/g{i}/g{i}.go', version: '{GO_LIB_VERSION}')",
                  f"executable('use{i}', 'use{i}.c', dependencies: go.dependency(lib{i}))"]
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


def run(cmd: Sequence[str], cwd: Path, env: Mapping[str, str]) -> Result:
    """Run cmd, timing it; its output is captured (the same pipe for every side) and returned."""
    start = time.perf_counter()
    proc = subprocess.run(list(cmd), cwd=cwd, env=dict(env), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise BenchError(f"{shlex.join(cmd)} (in {cwd}) failed with exit code {proc.returncode}:\n{proc.stdout}")
    return Result(seconds, proc.stdout)


def edges(ninja_output: str) -> list[str]:
    """The build edges a ninja run executed, from its '[n/m] description' lines."""
    return [m.group(1) for m in re.finditer(r"^\[\d+/\d+\] (.*)$", ninja_output, re.MULTILINE)]


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

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


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
    python: str                  # the interpreter ninja starts for the build step
    plan_path: Path
    plan: BuildPlan              # read through mesongo's typed model, as the build step reads it
    raw_args: list[str]          # of the raw c-shared build

    @property
    def output(self) -> str:
        """The library, relative to the build directory (the edge's output)."""
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
    """mesongo builds a c-archive and links it itself; the raw build it is measured against is Go's
    own c-shared build of the same package with the same flags and the same soname."""
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


def parse_go_step(command: str, build_dir: Path) -> GoStep:
    """Read `PYTHON -m mesongo.buildstep PLAN DIGEST -- env K=V... GO build ...` from ninja, then PLAN.

    What follows `--` is the Go command as shown to people; the build step checks that it matches
    the plan, so the plan is what is read here."""
    argv = shlex.split(command)
    if "mesongo.buildstep" not in argv:
        raise BenchError(f"not a mesongo.buildstep command: {command}")
    at = argv.index("mesongo.buildstep")
    rest = argv[at + 1:]
    if at < 2 or argv[at - 1] != "-m" or len(rest) < 3 or rest[2] != "--":
        raise BenchError(f"cannot read 'PYTHON -m mesongo.buildstep PLAN DIGEST -- ...' in: {command}")
    path = build_dir / rest[0]
    try:
        plan = plan_from_json(path.read_text(), rest[1])
    except (StalePlan, ValueError, KeyError, TypeError) as exc:
        raise BenchError(f"the build plan {path} cannot be read by this mesongo: {exc}") from None
    if plan.library is None or plan.library.link is None:
        raise BenchError(f"the build plan {path} is not one of a shared library that mesongo links")
    return GoStep(argv[at - 2], path, plan, raw_go_args(plan))


# --- the benchmark ------------------------------------------------------------------------------


@dataclass
class Bench:
    meson: str
    ninja: str
    env: dict[str, str]
    work: Path
    runs: int
    edit_runs: int
    edit_mode: str
    setup_runs: int
    libs: int = DEFAULT_LIBS
    notes: list[str] = field(default_factory=list)
    discarded: dict[str, int] = field(default_factory=dict)
    raw_description: str = ""
    step_python: str = ""   # the interpreter of the build step's command, found by edit()

    def setup(self, name: str, generate: Callable[[Path, int], None]) -> Path:
        src, build = self.work / name, self.work / f"{name}-build"
        generate(src, self.libs)
        run([self.meson, "setup", "--backend=ninja", str(build), str(src)], self.work, self.env)
        run([self.ninja], build, self.env)   # the first, full build (a cold one for the Go cache)
        return build

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

    def noop(self, go_build: Path, c_build: Path) -> tuple[Samples, Samples]:
        go_s, c_s = Samples("mesongo graph: ninja, nothing to do"), Samples("Meson C graph: ninja, nothing to do")
        for _ in range(3):  # warm-up
            run([self.ninja], go_build, self.env)
            run([self.ninja], c_build, self.env)
        order = [(go_s, self.ninja_attempt(go_build)), (c_s, self.ninja_attempt(c_build))]
        for i in range(self.runs):
            for samples, attempt in order if i % 2 == 0 else reversed(order):
                self.take(samples, attempt, [])
        return go_s, c_s

    def go_step(self, go_build: Path) -> GoStep:
        """The build step of Go library g{EDITED}: its edge's outputs are the library and its
        symlinks (libgN.so*); the plan names the library itself."""
        listing = run([self.ninja, "-t", "targets", "all"], go_build, self.env).output
        pattern = re.compile(rf"^(libg{EDITED}\.so[.\d]*): CUSTOM_COMMAND\w*$", re.MULTILINE)
        found = pattern.findall(listing)
        if not found:
            raise BenchError(f"cannot find the Go library target libg{EDITED}.so* in ninja -t targets")
        command = run([self.ninja, "-t", "commands", "-s", found[0]], go_build, self.env).output.strip()
        step = parse_go_step(command.splitlines()[-1], go_build)
        if step.output not in found:
            raise BenchError(f"the build plan {step.plan} names {step.output}, not one of {found}")
        return step

    def edit(self, go_build: Path) -> tuple[Samples, Samples, Samples]:
        step = self.go_step(go_build)
        lib = step.output
        self.step_python = step.python
        raw_env = build_environment(self.env, step.configured_env)   # what the build step runs Go with
        raw_dir = self.work / "raw-go-build"
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

        full = Samples(f"ninja (Go library + relink of use{EDITED})")
        only = Samples(f"ninja {lib} (Go step alone)")
        raw = Samples("raw go build -buildmode=c-shared")
        lib_desc = f"Building Go shared library {lib}"
        link_desc = f"Linking target use{EDITED}"
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

        variants = [(full, ninja_full, [lib_desc, link_desc]), (only, ninja_only, [lib_desc]), (raw, raw_build, [])]
        for _, fn, _ in variants:  # warm-up, untimed
            fn()
            fn()
        for i in range(self.edit_runs):
            k = i % len(variants)
            for samples, fn, expected in variants[k:] + variants[:k]:
                self.take(samples, fn, expected)
        run([self.ninja], go_build, self.env)  # leave the build directory complete
        self.raw_description = (f"{shlex.join(raw_cmd)}\n    in {step.package_dir}, environment: the inherited one "
                                "filtered as mesongo.buildstep does (GO*, CGO_*, CC... dropped), plus the plan's "
                                + " ".join(shlex.quote(f"{k}={v}") for k, v in sorted(step.configured_env.items())))
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

    def setup_cost(self) -> tuple[Samples, Samples]:
        """`meson setup` of each generated project into a new build directory, interleaved (the
        untimed first setup of each, in setup(), was the warm-up)."""
        go_s = Samples(f"mesongo project ({self.libs} Go libraries): meson setup")
        c_s = Samples(f"Meson C project ({self.libs} C libraries): meson setup")
        order = [(go_s, self.work / "go"), (c_s, self.work / "c")]
        for i in range(self.setup_runs):
            for samples, src in order if i % 2 == 0 else reversed(order):
                build = self.work / f"setup-{src.name}-{i}"
                samples.seconds.append(run([self.meson, "setup", "--backend=ninja", str(build), str(src)],
                                           self.work, self.env).seconds)
                shutil.rmtree(build, ignore_errors=True)
        return go_s, c_s

    def reconfigure_cost(self, go_build: Path, c_build: Path) -> tuple[Samples, Samples]:
        """meson.build touched (its mtime set to now), then `ninja build.ninja`: Meson regenerates
        the build files of the existing build directory, as after an edit of meson.build."""
        go_s = Samples(f"mesongo project ({self.libs} Go libraries): reconfigure")
        c_s = Samples(f"Meson C project ({self.libs} C libraries): reconfigure")
        order = [(go_s, go_build, self.work / "go"), (c_s, c_build, self.work / "c")]
        for i in range(self.setup_runs):
            for samples, build, src in order if i % 2 == 0 else reversed(order):
                os.utime(src / "meson.build")
                samples.seconds.append(run([self.ninja, "build.ninja"], build, self.env).seconds)
        return go_s, c_s

    def touch_check(self, go_build: Path, c_build: Path) -> None:
        """A touched, unchanged source: the library step reruns; nothing downstream may."""
        for build, src, lib in ((go_build, self.work / "go" / "go" / "g1" / "g1.go", "Go library g1"),
                                (c_build, self.work / "c" / "lib" / "c1.c", "C library c1")):
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


# --- report -------------------------------------------------------------------------------------


def verdict(ratio: float, goal: float) -> str:
    return "PASS" if ratio <= goal else "OVER"


def table(title: str, rows: Sequence[Samples], ratios: Sequence[tuple[str, Samples, Samples, float]],
          lines: Sequence[str] = ()) -> None:
    print(title)
    width = max(len(s.label) for s in rows)
    for s in rows:
        print(f"  {s.label:<{width}}  median {s.median:8.4f} s   (min {min(s.seconds):.4f}, "
              f"max {max(s.seconds):.4f}, n={len(s.seconds)})")
    rwidth = max((len(name) for name, *_ in ratios), default=0)
    for name, num, den, goal in ratios:
        ratio = num.median / den.median
        print(f"  {name:<{rwidth}}  {ratio:6.3f}   goal <= {goal:.2f}   {verdict(ratio, goal)}")
    for line in lines:
        print(f"  {line}")
    print()


def breakdown(full: Samples, python: Samples) -> list[tuple[str, float]]:
    """(label, seconds) rows that add up to the median edit-rebuild time: Python start-up, the median
    of each build-step phase (0 in a run that lacks it), and the rest (ninja, the consumer's relink)."""
    names = list(PHASES)
    for phases in full.phases:
        names += [name for name in phases if name not in names]
    rows = [(f"Python start-up (python -c pass, median of {len(python.seconds)})", python.median)]
    rows += [(f"step: {PHASE_LABELS.get(name, name)}", statistics.median(p.get(name, 0.0) for p in full.phases))
             for name in names]
    rows.append(("ninja and the consumer's relink (the rest)", full.median - sum(sec for _, sec in rows)))
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


def tool_version(cmd: Sequence[str], env: Mapping[str, str], cwd: Path) -> str:
    try:
        return run(cmd, cwd, env).output.strip().splitlines()[0]
    except (BenchError, OSError, IndexError):
        return "?"


def main(argv: Sequence[str] | None = None) -> int:
    default_meson = str(Path(sys.executable).parent / "meson")
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--meson", default=default_meson, help=f"meson to use (default: {default_meson})")
    p.add_argument("--ninja", default=shutil.which("ninja") or "ninja", help="ninja to use (default: from PATH)")
    p.add_argument("--runs", type=int, default=30, help="no-op ninja runs per side (default: 30)")
    p.add_argument("--edit-runs", type=int, default=7, help="edit-and-rebuild runs per side (default: 7)")
    p.add_argument("--setup-runs", type=int, default=7,
                   help="meson setup runs per project, a new build directory each (default: 7, at least 5)")
    p.add_argument("--edit-mode", choices=("unique", "alternate"), default="unique",
                   help="unique: a new constant each edit, so Go compiles afresh (default); alternate: two "
                        "constants, so the Go compile is a build-cache hit and mostly the link is timed")
    p.add_argument("--libs", type=int, default=DEFAULT_LIBS,
                   help=f"libraries (and consumers) in each generated project (default: {DEFAULT_LIBS})")
    p.add_argument("--keep", action="store_true", help="keep the temporary directory")
    ns = p.parse_args(argv)
    if ns.runs < 1 or ns.edit_runs < 1:
        p.error("--runs and --edit-runs must be at least 1")
    if ns.setup_runs < 5:
        p.error("--setup-runs must be at least 5")

    env = dict(os.environ)
    work = Path(tempfile.mkdtemp(prefix="mesongo-bench-"))
    bench = Bench(ns.meson, ns.ninja, env, work, ns.runs, ns.edit_runs, ns.edit_mode, ns.setup_runs, ns.libs)
    try:
        go = shutil.which("go", path=env.get("PATH")) or "go"
        n = ns.libs
        print(f"mesongo benchmark: {n} Go shared libraries + {n} C consumers vs. "
              f"{n} C shared libraries + {n} C consumers")
        versions = [tool_version([go, "version"], env, work),
                    "meson " + tool_version([ns.meson, "--version"], env, work),
                    "ninja " + tool_version([ns.ninja, "--version"], env, work), f"{os.cpu_count()} CPUs",
                    f"GOCACHE {tool_version([go, 'env', 'GOCACHE'], env, work)} (shared, not overridden)"]
        print("  " + "; ".join(versions))
        print(f"  work directory: {work}{'' if ns.keep else ' (removed at the end; --keep keeps it)'}")
        print(flush=True)

        go_build = bench.setup("go", generate_go_project)
        c_build = bench.setup("c", generate_c_project)

        go_noop, c_noop = bench.noop(go_build, c_build)
        table(f"1. No-op ninja, {ns.runs} runs each, interleaved", [go_noop, c_noop],
              [("ratio mesongo / Meson C", go_noop, c_noop, NOOP_GOAL)])
        sys.stdout.flush()

        full, only, raw = bench.edit(go_build)
        table(f"2. One .go file edited (g{EDITED}.go, {ns.edit_mode} constants), {ns.edit_runs} runs each, "
              "interleaved", [full, only, raw],
              [("ratio ninja (with relink) / raw go build", full, raw, EDIT_GOAL),
               ("ratio Go step alone / raw go build", only, raw, EDIT_GOAL)],
              [f"raw go build: {bench.raw_description}"])
        sys.stdout.flush()

        python = bench.python_start(go_build)
        print_breakdown(f"3. Where the edit-rebuild time goes (ninja with the relink of use{EDITED}, 2. above)",
                        full, raw, python)
        sys.stdout.flush()

        go_setup, c_setup = bench.setup_cost()
        per_lib_ms = (go_setup.median - c_setup.median) / n * 1000
        table(f"4. meson setup, a new build directory each run, {ns.setup_runs} runs each, interleaved",
              [go_setup, c_setup], [],
              [f"per Go library above a C library: (Go - C) / {n} = {per_lib_ms:.1f} ms   "
               f"goal <= {SETUP_GOAL_MS:.0f} ms   {'PASS' if per_lib_ms <= SETUP_GOAL_MS else 'OVER'}"])
        sys.stdout.flush()

        go_re, c_re = bench.reconfigure_cost(go_build, c_build)
        table(f"5. Reconfigure after meson.build changed (ninja build.ninja), {ns.setup_runs} runs each, interleaved",
              [go_re, c_re], [("ratio mesongo / Meson C", go_re, c_re, RECONFIGURE_GOAL)])

        bench.touch_check(go_build, c_build)
        print("Checks")
        for note in bench.notes:
            print(f"  {note}")
        for note, count in bench.discarded.items():
            print(f"  {note} ({count}x)")
        if not any(n.startswith("PROBLEM") for n in [*bench.notes, *bench.discarded]):
            print("  no problems seen: no-op runs did nothing; an edit ran only the Go step and one relink")
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
