"""Go targets that share packages compile them once (tests/projects/sharedpkgs): a shared and a
static library of one package and a third library, all over one cgo package with C of its own.
mesongo's step before them compiles what they share into Go's build cache; a C compiler that logs
what it compiles counts the compiles of that package's C file, from an empty cache."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from conftest import Project, assert_meson_tests_passed, base_env, bump_mtime, copy_project, steps

SHARED_STEP = "Compiling the Go packages that libdup.so.1.0.0 and 2 other Go targets share"
GO_STEPS = ["Building Go shared library libdup.so.1.0.0", "Building Go static library libdup_static.a",
            "Building Go shared library libsolo.so"]


def compiles_of(log: Path, name: str) -> int:
    """How many logged C compiler runs compiled `name` (cgo runs it in the package's directory)."""
    return sum(1 for line in log.read_text().splitlines() if "-c" in (argv := line.split()) and name in argv)


@pytest.fixture()
def logged(toolchain: None, tmp_path: Path) -> tuple[Project, Path, dict[str, str]]:
    """The project set up with a C compiler that logs each command line (Go runs it for cgo too)
    and an empty Go build cache of its own."""
    project = copy_project("sharedpkgs", tmp_path)
    log = tmp_path / "cc.log"
    wrapper = tmp_path / "cc-logging"
    wrapper.write_text(f"#!{sys.executable}\n"
                       "import os, sys\n"
                       "with open(os.environ['SHAREDPKGS_CC_LOG'], 'a') as f:\n"
                       "    f.write(' '.join(sys.argv[1:]) + '\\n')\n"
                       "os.execvp('cc', ['cc', *sys.argv[1:]])\n")
    wrapper.chmod(0o755)
    native = tmp_path / "native.ini"
    native.write_text(f"[binaries]\nc = ['{wrapper}']\n")
    env = {**base_env(), "SHAREDPKGS_CC_LOG": str(log), "GOCACHE": str(tmp_path / "gocache")}
    project.setup(f"--native-file={native}", env=env)
    log.write_text("")   # what setup compiled (Meson's checks) is not counted
    return project, log, env


def test_shared_packages_compile_once_before_the_targets(logged: tuple[Project, Path, dict[str, str]]) -> None:
    project, log, env = logged
    done = steps(project.ninja("-j8", env=env).stdout)
    assert done[0] == SHARED_STEP and sorted(s for s in done if s.startswith("Building Go")) == sorted(GO_STEPS)
    # cdep.c: once, by the shared step; Go's cache has it for the three targets' builds.
    assert compiles_of(log, "cdep.c") == 1, log.read_text()
    assert_meson_tests_passed(project.meson("test", env=env).stdout, 3)

    # A target's own package: that target alone.
    bump_mtime(project.src / "go" / "solo" / "solo.go", project.build)
    assert steps(project.ninja(env=env).stdout) == ["Building Go shared library libsolo.so"]

    # A shared package changed: the shared step first, then every target that has it; cdep.c once more.
    source = project.src / "go" / "cdep" / "cdep.c"
    source.write_text(source.read_text().replace("2 * x", "x + x"))
    bump_mtime(source, project.build)
    done = steps(project.ninja("-j8", env=env).stdout)
    assert done[0] == SHARED_STEP and sorted(s for s in done if s.startswith("Building Go")) == sorted(GO_STEPS)
    assert compiles_of(log, "cdep.c") == 2, log.read_text()
    assert "ninja: no work to do." in project.ninja(env=env).stdout
    assert_meson_tests_passed(project.meson("test", env=env).stdout, 3)


@pytest.mark.parametrize(("broken", "message"), [("return x + undefinedName", "undefined: undefinedName"),
                                                  ("return x +", "expected operand")], ids=["type", "syntax"])
def test_a_shared_package_that_does_not_compile_fails_once_and_leaves_no_stamp(
        logged: tuple[Project, Path, dict[str, str]], broken: str, message: str) -> None:
    project, _, env = logged
    source = project.src / "go" / "cdep" / "cdep.go"
    source.write_text(source.read_text().replace("return x + 1", broken))
    failed = project.ninja(env=env, check=False)
    out = failed.stdout
    assert failed.returncode != 0 and SHARED_STEP in out and "Traceback" not in out, out[-3000:]
    # Go's messages once each, their files named from the build dir, where ninja runs.
    go_lines = [line for line in out.splitlines() if "cdep.go:" in line]
    assert go_lines and all(line.startswith("../src/go/cdep/cdep.go:") for line in go_lines), out
    assert len(set(go_lines)) == len(go_lines) and sum(message in line for line in go_lines) == 1, out
    # No go list command: ninja's line for the failed step names its plan, which holds it.
    assert " list -" not in out and "-json" not in out and "mesongo.buildstep.sharedpkgs" in out, out
    assert not list(project.build.glob("mesongo-shared-go-*.stamp"))
    # Nothing of the last good build is left for a consumer to link: the libraries and headers go.
    for name in ("libdup.so.1.0.0", "libdup.h", "libdup_static.a", "dup_static.h"):
        assert not (project.build / name).exists(), name
    assert os.path.exists(project.build / "build.ninja")
