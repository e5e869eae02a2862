"""What identifies the build step's code: a digest of the files of mesongo that the step can run,
read or compile. Setup puts it in every build plan, and ninja's command for the target carries
the plan's digest: a new mesongo changes the command, so ninja reruns the step, without a
depfile entry (a stat at every no-op) per mesongo file per target. The Meson adapter, the CLI
and the test and coverage runners are left out: the step never imports them (what they decide
reaches the step through the plan)."""

from __future__ import annotations

import functools
import hashlib
import os

PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOT_THE_STEP = frozenset({"meson_adapter", "cli", "testrun", "coverage", "__pycache__"})


def step_files(root: str = PACKAGE_ROOT) -> list[str]:
    """The package's files the build step may use, relative to `root`, sorted."""
    found: list[str] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in NOT_THE_STEP and not d.startswith("."))
        found += [os.path.relpath(os.path.join(dirpath, f), root) for f in filenames
                  if not f.endswith((".pyc", ".pyo"))]
    return sorted(found)


@functools.cache
def step_code_digest(root: str = PACKAGE_ROOT) -> str:
    digest = hashlib.sha256()
    for name in step_files(root):
        digest.update(name.encode() + b"\0")
        with open(os.path.join(root, name), "rb") as f:
            digest.update(f.read())
        digest.update(b"\0")
    return digest.hexdigest()[:16]
