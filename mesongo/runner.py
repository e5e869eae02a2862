"""The one place mesongo starts subprocesses: argument lists and explicit environments only."""

from __future__ import annotations

import subprocess
from collections.abc import Mapping, Sequence

from .errors import CommandError


def run(argv: Sequence[str], env: Mapping[str, str], cwd: str | None = None, what: str = "",
        check: bool = True) -> str:
    """Run ``argv`` and return its stdout; raise CommandError (with stderr) on failure, unless
    ``check`` is false."""
    try:
        proc = subprocess.run(
            list(argv), env=dict(env), cwd=cwd, capture_output=True, text=True, check=False,
        )
    except OSError as exc:
        raise CommandError(argv, 127, str(exc), what) from exc
    if check and proc.returncode != 0:
        raise CommandError(argv, proc.returncode, proc.stderr, what)
    return proc.stdout


def start(argv: Sequence[str], env: Mapping[str, str], cwd: str | None = None) -> subprocess.Popen[str]:
    """Start ``argv`` in the background with stdout and stderr captured; finish it with ``finish``."""
    return subprocess.Popen(
        list(argv), env=dict(env), cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def finish(proc: subprocess.Popen[str], what: str = "") -> str:
    """Wait for a process from ``start``; return its stdout or raise CommandError."""
    out, err = proc.communicate()
    if proc.returncode != 0:
        raise CommandError([str(a) for a in proc.args], proc.returncode, err, what)  # type: ignore[union-attr]
    return out


def run_inheriting_output(argv: Sequence[str], env: Mapping[str, str], cwd: str | None = None) -> int:
    """Run ``argv`` with the caller's stdout/stderr (the compiler's own messages reach ninja) and
    return its exit code."""
    try:
        return subprocess.run(list(argv), env=dict(env), cwd=cwd, check=False).returncode
    except OSError as exc:
        raise CommandError(argv, 127, str(exc)) from exc
