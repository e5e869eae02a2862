"""Go test events (`go tool test2json`) to TAP, and the one place that runs a Go test binary."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field


@dataclass
class TestResult:
    name: str
    action: str = ""                         # pass, fail or skip
    output: list[str] = field(default_factory=list)


def results(events: Iterable[str]) -> Iterator[TestResult | str]:
    """TestResults in the order Go finishes them, and the lines printed outside any test."""
    running: dict[str, TestResult] = {}
    for line in events:
        try:
            event = json.loads(line)
        except ValueError:
            yield line.rstrip("\n")   # not JSON: whatever the binary printed before Go's framing
            continue
        test, action = event.get("Test"), event.get("Action")
        if not test:
            if action == "output":
                yield str(event.get("Output", "")).rstrip("\n")
            continue
        result = running.setdefault(test, TestResult(test))
        if action == "output":
            result.output.append(str(event.get("Output", "")).rstrip("\n"))
        elif action in ("pass", "fail", "skip"):
            result.action = action
            yield running.pop(test)
    for unfinished in running.values():   # the binary died inside these
        unfinished.action = "fail"
        yield unfinished


def tap_lines(items: Iterable[TestResult | str]) -> Iterator[str]:
    count = 0
    for item in items:
        if isinstance(item, str):
            if item.strip() and item.strip() not in ("PASS", "FAIL") and not item.startswith("ok "):
                yield f"# {item}"
            continue
        count += 1
        if item.action == "fail":
            yield from (f"# {line}" for line in item.output if line.strip())
            yield f"not ok {count} - {item.name}"
        elif item.action == "skip":
            yield f"ok {count} - {item.name} # SKIP"
        else:
            yield f"ok {count} - {item.name}"
    if count == 0:
        yield "# the Go test binary ran no test"
    yield f"1..{count}"


def run(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m mesongo.testrun")
    parser.add_argument("--go", required=True)
    parser.add_argument("--dir", required=True, help="the package directory (Go runs tests there)")
    parser.add_argument("--exe-wrapper", action="append", default=[])
    parser.add_argument("--gocoverdir", help="b_coverage: where the counters go unless GOCOVERDIR is set")
    parser.add_argument("binary")
    parser.add_argument("test_args", nargs="*")
    ns = parser.parse_args(argv)
    binary = os.path.abspath(ns.binary)
    env = dict(os.environ)
    cover: list[str] = []
    gocoverdir = env.get("GOCOVERDIR") or ns.gocoverdir
    if gocoverdir:   # as `go test -cover` runs a test binary: the flag, and GOCOVERDIR for the programs it starts
        gocoverdir = os.path.abspath(gocoverdir)
        os.makedirs(gocoverdir, exist_ok=True)
        cover = [f"-test.gocoverdir={gocoverdir}"]
        env["GOCOVERDIR"] = gocoverdir
    command = [*ns.exe_wrapper, binary, "-test.v=test2json", *cover, *ns.test_args]
    try:
        tests = subprocess.Popen(command, cwd=ns.dir, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        converter = subprocess.Popen([ns.go, "tool", "test2json", "-t"], stdin=tests.stdout, stdout=subprocess.PIPE,
                                     env=env, text=True)
    except OSError as exc:
        print(f"Bail out! cannot run {binary}: {exc}")
        return 1
    assert tests.stdout is not None and converter.stdout is not None
    tests.stdout.close()   # the converter holds it now
    failed = False
    for line in tap_lines(results(converter.stdout)):
        failed = failed or line.startswith("not ok ")
        print(line, flush=True)
    converter.wait()
    code = tests.wait()
    if code != 0:
        print(f"# the Go test binary exited with {code}", file=sys.stderr)
    # Meson's test log shows this status, and counts a TAP test that exits non-zero after
    # results that all passed (a TestMain's os.Exit, a panic before any test) as an error.
    return code if code > 0 else 1 if code < 0 or failed else 0
