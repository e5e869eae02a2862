"""Shared fixtures: real projects under tests/projects, built once per session with real Meson,
ninja, Go and gcc.

Set MESONGO_REQUIRE_TOOLCHAINS=1 (CI does) to turn every "toolchain missing" skip into a failure.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest

REPO = Path(__file__).resolve().parent.parent
PROJECTS = REPO / "tests" / "projects"
REQUIRE_TOOLCHAINS = os.environ.get("MESONGO_REQUIRE_TOOLCHAINS") == "1"


def missing(message: str) -> NoReturn:
    """Something the test needs is not installed: a skip, or a failure when toolchains are required."""
    if REQUIRE_TOOLCHAINS:
        pytest.fail(message)
    pytest.skip(message)


def need_tool(name: str) -> str:
    """The path of a tool the test needs; skips (or, when toolchains are required, fails) without it."""
    path = shutil.which(name)
    if path is None:
        missing(f"{name} is not installed (tools/install-test-deps installs it)")
    return path


def meson_command() -> list[str]:
    """The `meson` of the Python running the tests (the one mesongo is installed next to)."""
    script = Path(sys.executable).parent / "meson"
    return [str(script)] if script.exists() else [sys.executable, "-m", "mesonbuild.mesonmain"]


def base_env() -> dict[str, str]:
    """The test process's environment, with the Python running the tests first on PATH (the
    generated zig cross-files run `python3 -m ziglang`) and no LD_LIBRARY_PATH."""
    env = dict(os.environ)
    env.pop("LD_LIBRARY_PATH", None)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def need_python_module(name: str, install: str) -> None:
    if importlib.util.find_spec(name) is None:
        missing(f"Python module {name} is not installed ({install})")


def need_file(path: str, install: str) -> None:
    if not os.path.exists(path):
        missing(f"{path} is missing ({install})")


def run(argv: Sequence[str | os.PathLike[str]], cwd: Path | None = None, env: dict[str, str] | None = None,
        check: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([str(a) for a in argv], cwd=cwd, env=env if env is not None else base_env(),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False)
    if check and proc.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, argv))} exited {proc.returncode}:\n{proc.stdout}")
    return proc


def unshare_mount(scratch: Path) -> list[str]:
    """The command that runs its arguments in a mount namespace of their own (and a user
    namespace when not root: mounting needs CAP_SYS_ADMIN in it), checked by mounting `scratch`."""
    need_tool("mount")
    command = [need_tool("unshare"), "--mount", *([] if os.geteuid() == 0 else ["--map-root-user"]), "--"]
    probe = run([*command, "mount", "--bind", scratch, scratch], check=False)
    if probe.returncode != 0:
        missing(f"{' '.join(command)} cannot mount here:\n{probe.stdout}")
    return command


@dataclass
class Project:
    """A copy of a project under tests/projects and its build dir."""

    src: Path
    build: Path

    def setup_command(self, *args: str, meson: Sequence[str] | None = None) -> list[str]:
        return [*(meson or meson_command()), "setup", "--fatal-meson-warnings", *args, str(self.build),
                str(self.src)]

    def setup(self, *args: str, check: bool = True, env: dict[str, str] | None = None,
              meson: Sequence[str] | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        """`meson setup`; run from `cwd` to see messages with paths relative to it."""
        return run(self.setup_command(*args, meson=meson), env=env, check=check, cwd=cwd)

    def ninja(self, *args: str, check: bool = True,
              env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return run(["ninja", "-C", self.build, *args], env=env, check=check)

    def meson(self, *args: str, check: bool = True, meson: Sequence[str] | None = None,
              env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return run([*(meson or meson_command()), *args], cwd=self.build, env=env, check=check)


def ninja_commands(build: Path, *targets: str, env: dict[str, str] | None = None) -> list[str]:
    """`mesongo commands`: ninja's commands of `targets` (all without), one a line, each mesongo
    step's followed by `  # go (in DIR): env K=V... go ...`, the Go command its plan holds."""
    return run([sys.executable, "-m", "mesongo", "commands", "-C", build, *targets], env=env).stdout.splitlines()


def copy_project(name: str, dest: Path) -> Project:
    src = dest / "src"
    shutil.copytree(PROJECTS / name, src, symlinks=True)
    return Project(src, dest / "build")


@pytest.fixture(scope="session")
def toolchain() -> None:
    for tool in ("go", "cc", "ninja", "pkg-config"):
        need_tool(tool)


GOPLS_VERSION = "v0.23.0"   # v0.24 needs Go 1.27


@pytest.fixture(scope="session")
def gopls(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """gopls, Go's language server (what editors run), installed once per session from the Go
    module proxy into a temporary GOBIN; Go's own caches make a second session's install quick."""
    go = need_tool("go")
    gobin = tmp_path_factory.mktemp("gopls-bin")
    env = {**base_env(), "GOBIN": str(gobin), "GOTOOLCHAIN": "local", "GOFLAGS": "", "GOWORK": "off",
           "CGO_ENABLED": "0"}
    proc = run([go, "install", f"golang.org/x/tools/gopls@{GOPLS_VERSION}"], cwd=gobin, env=env, check=False)
    if proc.returncode != 0:
        missing(f"gopls {GOPLS_VERSION} could not be installed from the Go module proxy:\n{proc.stdout}")
    return gobin / "gopls"


# The machines a mixed-repo project is checked on: (cross-file under cross-files/, what runs a host
# program on this machine, the host ELF machine).
# The exe_wrapper of the committed aarch64 cross-file (mesongo/cli/crossfile.py): qemu with the
# cross toolchain's loader and C library, also where Debian's libc6:arm64 is installed.
AARCH64_WRAPPER = ["qemu-aarch64", "-L", "/usr/aarch64-linux-gnu", "-E", "LD_LIBRARY_PATH=/usr/aarch64-linux-gnu/lib"]
NATIVE_AND_AARCH64 = {
    "native": (None, [], "EM_X86_64"),
    "aarch64-linux-gnu": ("aarch64-linux-gnu.ini", AARCH64_WRAPPER, "EM_AARCH64"),
}


def built_for(name: str, machine: str, dest: Path, *setup_args: str) -> Project:
    """A copy of tests/projects/NAME set up for `machine` (a key of NATIVE_AND_AARCH64) and built."""
    for tool in ("go", "ninja", *([] if machine == "native" else ["aarch64-linux-gnu-gcc", "qemu-aarch64"])):
        need_tool(tool)
    project = copy_project(name, dest)
    cross_file = NATIVE_AND_AARCH64[machine][0]
    project.setup(*setup_args, *([f"--cross-file={REPO / 'cross-files' / cross_file}"] if cross_file else []))
    project.ninja()
    return project


def built_copy(name: str, dest: Path) -> Project:
    """A fresh copy of tests/projects/NAME, set up and built, that the test may change."""
    project = copy_project(name, dest)
    project.setup()
    project.ninja()
    return project


@pytest.fixture()
def basic_copy(toolchain: None, tmp_path: Path) -> Project:
    """A fresh copy of tests/projects/basic, set up and built, that the test may change."""
    return built_copy("basic", tmp_path)


@pytest.fixture(scope="session")
def basic(toolchain: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    """tests/projects/basic built once: a versioned Go shared library, a Go static library, and C
    programs using them. Tests must not change its sources (use a copy of their own)."""
    project = copy_project("basic", tmp_path_factory.mktemp("basic"))
    project.setup("--prefix=/usr", "--libdir=lib")
    project.ninja()
    yield project


def bump_mtime(path: Path, build: Path) -> None:
    """Make `path` newer than everything ninja wrote in `build` (.ninja_log is written after every
    step), as an edit made after the build would be: touch it until the file system's clock has
    moved past that. No mtime is set into the future, and nothing depends on how fast this runs."""
    newest = (build / ".ninja_log").stat().st_mtime_ns
    while True:
        os.utime(path)
        if path.stat().st_mtime_ns > newest:
            return
        time.sleep(0.001)   # the file system's clock ticks coarsely (a few ms)


def steps(output: str) -> list[str]:
    """ninja's '[i/n] description' lines, without the counter."""
    return [line.split("] ", 1)[1] for line in output.splitlines() if line.startswith("[") and "] " in line]


def assert_meson_tests_passed(output: str, count: int) -> None:
    """`meson test`'s summary says `count` tests passed and none failed (spacing varies by version)."""
    assert re.search(rf"^Ok:\s+{count}\s*$", output, re.M), output
    assert re.search(r"^Fail:\s+0\s*$", output, re.M), output


def pytest_configure(config: pytest.Config) -> None:
    for name, what in (("bad_input", "a bad-input case: meson.build or machine file mistakes"),
                       ("fault", "a build that fails, is killed, or runs offline or concurrently"),
                       ("paths", "awkward source and build paths")):
        config.addinivalue_line("markers", f"{name}: {what}")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The reliability report: how many bad-input, fault and path cases ran, and how they ended."""
    counts: dict[str, dict[str, int]] = {}
    for outcome in ("passed", "failed", "skipped", "error"):
        for report in terminalreporter.stats.get(outcome, []):
            if getattr(report, "when", "call") not in ("call", "setup") or (
                    outcome == "passed" and report.when != "call"):
                continue
            for marker in ("bad_input", "fault", "paths"):
                if marker in getattr(report, "keywords", {}):
                    counts.setdefault(marker, {}).setdefault(outcome, 0)
                    counts[marker][outcome] += 1
    if counts:
        terminalreporter.section("mesongo reliability report")
        labels = {"bad_input": "bad-input cases", "fault": "fault cases", "paths": "path cases"}
        for marker, label in labels.items():
            by_outcome = counts.get(marker, {})
            total = sum(by_outcome.values())
            detail = ", ".join(f"{n} {o}" for o, n in sorted(by_outcome.items()))
            terminalreporter.write_line(f"{label}: {total} ran ({detail or 'none'})")
