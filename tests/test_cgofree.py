"""Go without C: go.executable(cgo: false) and go.test(cgo: false) (tests/projects/cgofree).

The project has no languages, and Meson, Go and ninja run with a PATH that holds no C compiler:
a build that ran one would fail. The program must come out static (no PT_INTERP, no DT_NEEDED),
natively and cross-built for aarch64, where it runs under qemu-aarch64 without a C library (no -L).
The located errors for what needs cgo are cases under tests/projects/errors/ (cgofree-*).
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import sys
from pathlib import Path

import pytest
from conftest import Project, assert_meson_tests_passed, base_env, copy_project, need_tool, ninja_commands, run
from test_planner import MESON, TOOLCHAIN, facts, package

from mesongo.binfmt.elf import read_elf
from mesongo.kinds import Program
from mesongo.plan import goenv, planner
from mesongo.plan.devenv import DevTarget, go_tools_environment
from mesongo.plan.policy import Policy, check

MACHINE = goenv.HostMachine("linux", "x86_64", "x86_64", "little")
AARCH64_CROSS_FILE = """\
# No C compiler, no C library: the exe_wrapper runs a static program as it is.
[binaries]
exe_wrapper = ['qemu-aarch64']

[host_machine]
system = 'linux'
cpu_family = 'aarch64'
cpu = 'aarch64'
endian = 'little'
"""


def without_c_compilers(tmp_path: Path, *tools: str) -> dict[str, str]:
    """An environment whose PATH has `tools` (linked into a directory of their own) and the
    Python running the tests (meson), and no C compiler."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in tools:
        (bin_dir / tool).symlink_to(need_tool(tool))
    env = base_env()
    env["PATH"] = os.pathsep.join([str(bin_dir), str(Path(sys.executable).parent)])
    for cc in ("cc", "gcc", "clang", "aarch64-linux-gnu-gcc"):
        assert shutil.which(cc, path=env["PATH"]) is None, f"{cc} is on the test's PATH"
    return env


def assert_static(path: Path, machine: str) -> None:
    facts = read_elf(str(path))
    assert (facts.machine, facts.elf_type) == (machine, "ET_EXEC")
    assert facts.interpreter is None and facts.needed == () and facts.libc == "none"


# --- the planner's part: pure ------------------------------------------------------------------


def test_go_environment_without_cgo_names_no_c_compiler() -> None:
    env = goenv.go_environment(MACHINE, None, {})
    assert env == {"GOOS": "linux", "GOARCH": "amd64", "CGO_ENABLED": "0", "GOTOOLCHAIN": "local", "GOFLAGS": ""}


def test_program_without_cgo_is_linked_by_go_alone() -> None:
    """No -linkmode=external (PIE), no -bindnow (nothing to bind), no -asan (needs cgo), whatever
    b_pie and b_sanitize say."""
    options = goenv.MesonOptions(sanitize=("address",), pie=True)
    build = goenv.go_build(None, [], ["-s"], [], options, program=goenv.ProgramLink(static=True), cgo=False)
    assert build == goenv.GoBuild(["-trimpath", "-buildvcs=false", "-ldflags=-buildid= -compressdwarf=false -s"])


def test_static_rule_names_the_loader_and_libraries_of_a_dynamic_program() -> None:
    """The after-link check of a program built without cgo, on a real dynamically linked program."""
    program = shutil.which("true")
    assert program is not None
    facts = read_elf(program)
    [problem] = check(facts, Policy(static=True))
    assert problem.startswith(f"true: static: built with cgo: false, the program should be static, but it needs "
                              f"the dynamic loader {facts.interpreter} and the shared libraries ")
    assert "libc.so.6" in problem


def dev_target(name: str, cgo: bool) -> DevTarget:
    """A program's plan as setup makes it: without cgo, Meson's facts name no C compiler."""
    request = planner.TargetRequest(name, Program(), ("/src/go",), go=planner.GoSettings(cgo=cgo))
    meson = MESON if cgo else dataclasses.replace(MESON, cc=None)
    found = facts(package(CgoFiles=(), GoFiles=("main.go",)), exports=())
    made = planner.assemble(planner.prepare(request, meson, TOOLCHAIN, "glibc" if cgo else None), found)
    assert made.build.policy.static is not cgo
    return DevTarget(name, made.build)


def test_devenv_takes_the_c_compiler_of_the_targets_with_cgo() -> None:
    env = go_tools_environment([dev_target("tool", cgo=True), dev_target("server", cgo=False)], "/b")
    assert env.variables["CC"] == "cc" and "CGO_ENABLED" not in env.variables
    assert env.notes == ("meson devenv leaves CGO_ENABLED unset: the Go targets differ (1 for tool; 0 for server)",)
    alone = go_tools_environment([dev_target("server", cgo=False)], "/b")
    assert alone.variables["CGO_ENABLED"] == "0" and "CC" not in alone.variables and alone.notes == ()


# --- real builds ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def native(tmp_path_factory: pytest.TempPathFactory) -> tuple[Project, dict[str, str], str]:
    tmp = tmp_path_factory.mktemp("cgofree")
    env = without_c_compilers(tmp, "go", "ninja")
    project = copy_project("cgofree", tmp)
    setup = project.setup("--prefix=/usr", env=env)
    project.ninja(env=env)
    return project, env, setup.stdout


def test_program_without_cgo_is_static_and_runs(native: tuple[Project, dict[str, str], str]) -> None:
    project, env, setup = native
    assert "WARNING" not in setup   # nor devenv's note on the C compilers the targets do not have
    assert_static(project.build / "server", "EM_X86_64")
    # The package with a variant for builds without cgo (//go:build !cgo) is built with that one.
    assert run([project.build / "server", "meson"], env=env).stdout == "hello, meson (without cgo)\n"
    go_steps = [line for line in ninja_commands(project.build, env=env) if "mesongo.buildstep" in line]
    assert len(go_steps) == 2
    for line in go_steps:
        assert " CGO_ENABLED=0 " in line and " CC=" not in line and "CGO_LDFLAGS" not in line and "-bindnow" not in line
    assert "no work to do" in project.ninja(env=env).stdout


def test_go_test_without_cgo_runs_in_meson_test(native: tuple[Project, dict[str, str], str]) -> None:
    project, env, _setup = native
    assert_static(project.build / "greet", "EM_X86_64")
    out = project.meson("test", "-v", env=env).stdout
    assert_meson_tests_passed(out, 2)
    assert re.search(r"TestBuiltWithoutCgo +OK", out), out


def test_devenv_and_install_of_a_program_without_cgo(native: tuple[Project, dict[str, str], str],
                                                     tmp_path: Path) -> None:
    project, env, _setup = native
    dumped = project.meson("devenv", "--dump", env=env).stdout
    assert 'CGO_ENABLED="0"' in dumped and "CC=" not in dumped
    project.meson("install", "--destdir", str(tmp_path / "dest"), env=env)
    installed = tmp_path / "dest" / "usr" / "bin" / "server"
    assert_static(installed, "EM_X86_64")
    assert run([installed], env=env).stdout == "hello, world (without cgo)\n"


def test_program_without_cgo_cross_builds_for_aarch64_with_no_c_cross_compiler(tmp_path: Path) -> None:
    env = without_c_compilers(tmp_path, "go", "ninja", "qemu-aarch64")
    cross_file = tmp_path / "aarch64-no-c.ini"
    cross_file.write_text(AARCH64_CROSS_FILE)
    project = copy_project("cgofree", tmp_path)
    # Not --fatal-meson-warnings: Meson warns that a cross-file without strip cannot strip at install.
    run([*(a for a in project.setup_command(f"--cross-file={cross_file}") if a != "--fatal-meson-warnings")],
        env=env)
    project.ninja(env=env)
    for binary in ("server", "greet"):
        assert_static(project.build / binary, "EM_AARCH64")
    assert run(["qemu-aarch64", project.build / "server", "arm64"], env=env).stdout == \
        "hello, arm64 (without cgo)\n"
    assert_meson_tests_passed(project.meson("test", env=env).stdout, 2)
