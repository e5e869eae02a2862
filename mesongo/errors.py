"""One error hierarchy. Every message says what went wrong and what to do about it."""

from __future__ import annotations

# typing.TYPE_CHECKING without importing typing or collections.abc: ninja starts this for every Go step.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Sequence


class MesongoError(Exception):
    """Base class of every error mesongo raises on purpose."""


class ConfigError(MesongoError):
    """Bad input from meson.build or a machine file; module.py reports it with file:line."""


class UnsupportedMachine(ConfigError):
    """A Meson host machine that Go cannot target."""


class CommandError(MesongoError):
    """A subprocess failed: the message shows the command, its exit code and its stderr."""

    def __init__(self, argv: Sequence[str], returncode: int, stderr: str, what: str = "") -> None:
        self.argv = list(argv)
        self.returncode = returncode
        self.stderr = stderr
        head = f"{what}: " if what else ""
        super().__init__(
            f"{head}command failed with exit code {returncode}: {command_line(self.argv)}\n{stderr.rstrip()}"
        )


class BuildError(MesongoError):
    """A failure of the ninja-run build step that is not a plain failing command."""


class BinaryFormatError(MesongoError):
    """A file that is not the ELF object or ar archive it should be (truncated, or another format)."""


def command_line(argv: Sequence[str]) -> str:
    """argv as a shell would take it, for messages and logs."""
    import shlex  # imported when a message needs it: the build step starts Go without it

    return shlex.join(argv)


def step_exit_code(usage: str | None, body: Callable[[], object]) -> int:
    """The exit code of a helper step that ninja runs: 2 and its usage line when `usage` is given
    (the command line is wrong), 1 and one `mesongo: error:` line when `body` raises one of
    mesongo's errors, else 0."""
    import sys

    if usage is not None:
        print(f"usage: {usage}", file=sys.stderr)
        return 2
    try:
        body()
    except MesongoError as exc:
        print(f"mesongo: error: {exc}", file=sys.stderr)
        return 1
    return 0
