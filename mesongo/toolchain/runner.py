"""The one place mesongo starts subprocesses: argument lists and explicit environments only.

At setup, the Meson adapter sets a logger, so every command mesongo runs there, with its exit
code and output, lands in meson-log.txt as Meson's own compiler checks do.
"""

from __future__ import annotations

import subprocess

from ..errors import CommandError, command_line

# typing.TYPE_CHECKING without importing typing or collections.abc: ninja starts this for every Go step.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    Logger = Callable[[str], None]

_log: Logger | None = None


def set_logger(log: Logger | None) -> None:
    global _log
    _log = log


def _logged(argv: Sequence[str], cwd: str | None, code: int, out: str, err: str) -> None:
    if _log is None:
        return
    lines = [f"mesongo runs: {command_line(argv)}" + (f"  (in {cwd})" if cwd else ""), f"  exit code {code}"]
    for label, text in (("stdout", out), ("stderr", err)):
        if text.strip():
            shown = text if len(text) <= 4000 else text[:4000] + f"... ({len(text)} characters)"
            lines.append(f"  {label}:\n" + shown.rstrip())
    _log("\n".join(lines))


def run(argv: Sequence[str], env: Mapping[str, str], cwd: str | None = None, what: str = "",
        check: bool = True) -> str:
    """Run ``argv`` and return its stdout; raise CommandError (with stderr) on failure, unless
    ``check`` is false."""
    return run_full(argv, env, cwd, what, check)[1]


def run_full(argv: Sequence[str], env: Mapping[str, str], cwd: str | None = None, what: str = "",
             check: bool = True) -> tuple[int, str, str]:
    """Like run(), but return (exit code, stdout, stderr)."""
    try:
        proc = subprocess.run(
            list(argv), env=dict(env), cwd=cwd, capture_output=True, text=True, check=False,
        )
    except OSError as exc:
        _logged(argv, cwd, 127, "", str(exc))
        raise CommandError(argv, 127, str(exc), what) from exc
    _logged(argv, cwd, proc.returncode, proc.stdout, proc.stderr)
    if check and proc.returncode != 0:
        raise CommandError(argv, proc.returncode, proc.stderr, what)
    return proc.returncode, proc.stdout, proc.stderr


def start(argv: Sequence[str], env: Mapping[str, str], cwd: str | None = None) -> subprocess.Popen[str]:
    """Start ``argv`` in the background with stdout and stderr captured; finish it with ``finish``."""
    try:
        return subprocess.Popen(
            list(argv), env=dict(env), cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
    except OSError as exc:
        raise CommandError(argv, 127, str(exc)) from exc


def finish(proc: subprocess.Popen[str], what: str = "", check: bool = True) -> tuple[int, str, str]:
    """Wait for a process from ``start``; return (exit code, stdout, stderr) or raise CommandError."""
    out, err = proc.communicate()
    argv = [str(a) for a in proc.args]  # type: ignore[union-attr]
    _logged(argv, None, proc.returncode, out, err)
    if check and proc.returncode != 0:
        raise CommandError(argv, proc.returncode, err, what)
    return proc.returncode, out, err


def run_streaming_stderr(argv: Sequence[str], env: Mapping[str, str], on_line: Callable[[str], None],
                         cwd: str | None = None) -> int:
    """Run ``argv`` with the caller's stdout, handing each line of its stderr to ``on_line`` as it
    comes (the compiler's messages reach ninja at once); return the exit code."""
    try:
        proc = subprocess.Popen(list(argv), env=dict(env), cwd=cwd, stderr=subprocess.PIPE, text=True)
    except OSError as exc:
        raise CommandError(argv, 127, str(exc)) from exc
    assert proc.stderr is not None
    for line in proc.stderr:
        on_line(line)
    return proc.wait()

