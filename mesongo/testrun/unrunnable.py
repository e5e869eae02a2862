"""`python -m mesongo.testrun.unrunnable --system=SYSTEM --protocol=PROTOCOL PROGRAM`: what `meson
test` runs for a test of a Go program built for a machine this one cannot run, in a cross build
without an exe_wrapper (macOS from Linux): it says so, and reports the test skipped (exit code
77, or a TAP plan of none), as Meson skips its own cross-built executables there."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

SKIPPED = 77   # Meson's exit code for a skipped test
SYSTEM_NAMES = {"darwin": "macOS", "windows": "Windows", "linux": "Linux"}


def run(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m mesongo.testrun.unrunnable")
    parser.add_argument("--system", required=True, help="Meson's host system, e.g. darwin")
    parser.add_argument("--protocol", default="exitcode")
    parser.add_argument("program")
    ns = parser.parse_args(argv)
    system = SYSTEM_NAMES.get(ns.system, ns.system)
    reason = (f"{ns.program} is a {system} program, which this machine cannot run: the cross-file has no "
              "exe_wrapper (mesongo checked the file when it linked it)")
    if ns.protocol == "tap":
        print(f"1..0 # SKIP {reason}")
        return 0
    print(f"Not run: {reason}")
    return SKIPPED


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
