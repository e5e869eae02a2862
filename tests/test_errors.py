"""Bad input in meson.build or a machine file: one located `meson.build:L:C: ERROR:` line that
says what to do, no traceback, no output.

Each case is a directory under tests/projects/errors/ with its meson.build and the exact expected
error line in expected-error.txt, with placeholders for what differs between machines: @SRC@ for
the case's source dir, @BUILD@ for its build dir, @GOVERSION@ for the version of the go on PATH
(`go1.26.8`), @OLDGO@ and @OLDGOVERSION@ for an old Go's path and version, @PCFILE:NAME@ for the
build machine's NAME.pc.
A case without its own go/ package gets a copy of _go/go, a valid one. Optional files: native.ini
and cross.ini (passed to meson setup), setup-env (KEY=VALUE lines for the environment of meson
setup), needs-old-go (a real Go older than 1.21, Debian 12's golang-1.19, named by [binaries] go),
meson-warns-first (Meson itself warns before mesongo's error, as it does when a target links a
shared_module(): setup runs without --fatal-meson-warnings, so that mesongo's error is the one).
tool-not-a-program fetches golang.org/x/example/hello from the Go module proxy into the module cache
unless it is there already (as setup does for a project).
"""

from __future__ import annotations

import json
import platform
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import PROJECTS, Project, base_env, copy_project, missing, need_file, need_tool, run

ERROR_CASES = sorted(p.name for p in (PROJECTS / "errors").iterdir() if p.is_dir() and not p.name.startswith("_"))
# Debian 12's golang-1.19 (tools/install-test-deps installs it): a Go older than mesongo supports.
OLD_GO = "/usr/lib/go-1.19/bin/go"


@pytest.fixture(scope="session")
def go_env() -> dict[str, str]:
    """What the go on PATH says of itself: its version and the build machine's GOOS/GOARCH."""
    go = need_tool("go")
    facts: dict[str, str] = json.loads(run([go, "env", "-json", "GOVERSION", "GOHOSTOS", "GOHOSTARCH"]).stdout)
    return facts


def build_machine_pc_file(name: str) -> str:
    """The .pc file of `name` that the build machine's pkg-config reads (pkg-config's default
    search: no PKG_CONFIG_* of the test's environment)."""
    env = {k: v for k, v in base_env().items() if not k.startswith("PKG_CONFIG")}
    proc = run([need_tool("pkg-config"), "--path", name], env=env, check=False)
    if proc.returncode != 0:
        missing(f"{name}.pc is not installed for the build machine (tools/install-test-deps installs it)")
    return proc.stdout.strip()


@dataclass(frozen=True)
class OldGo:
    path: str
    version: str      # go env GOVERSION: go1.19.8


@pytest.fixture(scope="session")
def old_go() -> OldGo:
    """A Go release older than mesongo supports, from the distribution (nothing is downloaded)."""
    need_file(OLD_GO, "apt-get install golang-1.19")
    version = run([OLD_GO, "env", "GOVERSION"], env=base_env() | {"GOTOOLCHAIN": "local", "GOFLAGS": ""}).stdout
    return OldGo(OLD_GO, version.strip())


@pytest.mark.bad_input
@pytest.mark.parametrize("case", ERROR_CASES)
def test_bad_input_gives_one_located_error(case: str, toolchain: None, go_env: dict[str, str], tmp_path: Path,
                                           request: pytest.FixtureRequest) -> None:
    case_dir = PROJECTS / "errors" / case
    src = tmp_path / "src"
    shutil.copytree(case_dir, src)
    if not (src / "go").exists():
        shutil.copytree(PROJECTS / "errors" / "_go" / "go", src / "go")
    args: list[str] = []
    expected = (case_dir / "expected-error.txt").read_text().strip().replace("@SRC@", str(src)).replace(
        "@GOVERSION@", go_env["GOVERSION"]).replace("@BUILD@", str(tmp_path / "build"))
    expected = re.sub(r"@PCFILE:([\w.+-]+)@", lambda m: build_machine_pc_file(m.group(1)), expected)
    if (src / "needs-old-go").exists():
        old: OldGo = request.getfixturevalue("old_go")
        (src / "native.ini").write_text(f"[binaries]\ngo = '{old.path}'\n")
        expected = expected.replace("@OLDGO@", old.path).replace("@OLDGOVERSION@", old.version)
    for kind in ("native", "cross"):
        if (src / f"{kind}.ini").exists():
            args += [f"--{kind}-file", str(src / f"{kind}.ini")]
    env = base_env()
    if (src / "setup-env").exists():
        env |= dict(line.split("=", 1) for line in (src / "setup-env").read_text().splitlines() if line)
    project = Project(src, tmp_path / "build")
    if (src / "meson-warns-first").exists():
        command = [a for a in project.setup_command(*args) if a != "--fatal-meson-warnings"]
        proc = run(command, cwd=src, env=env, check=False)
    else:
        proc = project.setup(*args, check=False, cwd=src, env=env)
    assert proc.returncode != 0, proc.stdout
    assert "Traceback" not in proc.stdout
    errors = [line for line in proc.stdout.splitlines() if "ERROR:" in line]
    assert errors == [expected]
    assert not list((tmp_path / "build").glob("lib*")), "no half-written output"


def test_expected_errors_name_no_go_version_or_build_machine(go_env: dict[str, str]) -> None:
    """A new Go release or another build machine must not break the cases: placeholders instead."""
    machine_words = {go_env["GOVERSION"], f"{go_env['GOHOSTOS']}/{go_env['GOHOSTARCH']}", platform.machine()}
    for case in ERROR_CASES:
        text = (PROJECTS / "errors" / case / "expected-error.txt").read_text()
        assert not re.search(r"\bgo1\.\d+", text), f"{case}: a Go version in the expected text (use @GOVERSION@)"
        assert not [w for w in machine_words if w in text], f"{case}: the build machine in the expected text"


def test_absolute_install_dir_works(toolchain: None, tmp_path: Path) -> None:
    """Not an error: an absolute install_dir outside the prefix is Meson's business, and works."""
    src = tmp_path / "src"
    shutil.copytree(PROJECTS / "errors" / "_go", src)
    (src / "meson.build").write_text(
        "project('abs', 'c')\ngo = import('mesongo')\n"
        "go.shared_library('abs', 'go', version: '1.0.0', install: true, install_dir: '/opt/abs/lib',\n"
        "  header_install_dir: '/opt/abs/include')\n")
    project = Project(src, tmp_path / "build")
    project.setup("--prefix=/usr")
    project.ninja()
    dest = tmp_path / "dest"
    project.meson("install", "--destdir", str(dest))
    assert (dest / "opt/abs/lib/libabs.so.1.0.0").is_file() and (dest / "opt/abs/lib/libabs.so").is_symlink()
    assert (dest / "opt/abs/include/libabs.h").is_file()
    assert "libdir=/opt/abs/lib\n" in (dest / "opt/abs/lib/pkgconfig/abs.pc").read_text()
    assert sys.executable


def test_exports_that_c_may_hold_set_up_and_run(toolchain: None, tmp_path: Path) -> None:
    """Not an error: the parameter and result types cgo's pointer-passing rules allow (C types, a
    Go name for one, unsafe.Pointer, numbers, a cgo.Handle; string, slice and pointer parameters)
    pass setup's check, build, and work when C calls them (tests/projects/cgotypes)."""
    project = copy_project("cgotypes", tmp_path)
    project.setup()
    project.ninja()
    assert run([project.build / "cgotypes-app"]).stdout == "cstring alias 7 4 3 7 42 1\n"
