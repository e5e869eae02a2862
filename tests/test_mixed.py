"""Mixed C/Go repositories (tests/projects/mixed): a Go program and Go tests that use a C library
the same meson.build builds, and a Go generator for a C target, natively and with the aarch64
cross-file (where the generator is built for the build machine and the tests run under qemu)."""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import NATIVE_AND_AARCH64 as CROSS
from conftest import (
    PROJECTS,
    Project,
    assert_meson_tests_passed,
    base_env,
    built_copy,
    built_for,
    bump_mtime,
    meson_command,
    run,
)

from mesongo.binfmt.elf import read_elf
from mesongo.toolchain.gocmd import build_environment, split_args


@pytest.fixture(scope="module", params=list(CROSS))
def mixed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Project]]:
    case: str = request.param
    yield case, built_for("mixed", case, tmp_path_factory.mktemp(f"mixed-{case}"), "--prefix=/usr")


def test_go_program_calls_the_meson_c_library(mixed: tuple[str, Project]) -> None:
    case, project = mixed
    env = base_env()
    assert "LD_LIBRARY_PATH" not in env
    assert run([*CROSS[case][1], project.build / "gotool", "20", "22"], env=env).stdout == "calc 1.0: 42\n"
    program = read_elf(str(project.build / "gotool"))
    assert program.machine == CROSS[case][2] and "libcalc.so.1" in program.needed
    assert program.runpath == ("$ORIGIN",)


def test_run_target_runs_the_go_program(mixed: tuple[str, Project]) -> None:
    _case, project = mixed
    assert "calc 1.0: 23" in project.ninja("gotool-run").stdout.splitlines()
    assert "calc 1.0: 23" in project.meson("compile", "gotool-run").stdout.splitlines()


def test_meson_devenv_finds_the_installed_go_program(mixed: tuple[str, Project]) -> None:
    """As for executable(): an installed program is on devenv's PATH; gen (native, not installed) is not."""
    case, project = mixed
    env = base_env()
    assert shutil.which("gotool", path=env["PATH"]) is None
    devenv = [*meson_command(), "devenv", "-C", str(project.build)]
    # devenv runs a command directly, without the exe_wrapper: a cross-built one goes through qemu by hand.
    wrapper = " ".join(CROSS[case][1])
    # (Meson itself notes "An executable wrapper could be required" first under a cross-file.)
    out = run([*devenv, "sh", "-c", f'{wrapper} "$(command -v gotool)" 5 6'], env=env).stdout
    assert out.splitlines()[-1] == "calc 1.0: 11"
    assert run([*devenv, "sh", "-c", "command -v gotool"], env=env).stdout.splitlines()[-1] == \
        str(project.build / "gotool")
    assert run([*devenv, "gen"], env=env, check=False).returncode != 0


def test_go_tools_see_the_build_in_meson_devenv(mixed: tuple[str, Project], gopls: Path) -> None:
    """Go's own tools in the project's Go module: package calc includes calc.h of the Meson C
    library, whose include dir only the build knows. Outside `meson devenv` cgo cannot find it (gopls
    reports it, go vet fails); inside, gopls reports nothing and go build, vet and test pass with what
    ninja's build has (cgo flags, C compiler, GOARCH: under the cross-file the tests run under qemu)."""
    case, project = mixed
    module = project.src / "go"
    cgo_file = module / "calc" / "calc.go"
    outside = build_environment(base_env(), {})   # no Go or cgo settings of the test's own environment
    checked = run([gopls, "check", cgo_file], cwd=module, env=outside).stdout
    assert "calc.h: No such file or directory" in checked, checked
    vet = run(["go", "vet", "./..."], cwd=module, env=outside, check=False)
    assert vet.returncode != 0 and "calc.h: No such file or directory" in vet.stdout, vet.stdout

    devenv = [*meson_command(), "devenv", "-C", str(project.build), "--workdir", str(module)]
    checked = run([*devenv, gopls, "check", cgo_file], env=outside).stdout
    # Meson notes "An executable wrapper could be required" under a cross-file; gopls says nothing.
    assert [line for line in checked.splitlines() if "calc" in line] == [], checked
    run([*devenv, "go", "build", "./..."], env=outside)
    run([*devenv, "go", "vet", "./..."], env=outside)
    wrapper = ["-exec", " ".join(CROSS[case][1])] if CROSS[case][1] else []
    tested = run([*devenv, "go", "test", "-count=1", *wrapper, "./..."], env=outside).stdout
    assert re.search(r"^ok\s+example\.com/mixed/calc\s", tested, re.M), tested


def test_meson_devenv_gives_go_the_build_environment(mixed: tuple[str, Project]) -> None:
    """What `meson devenv --dump` sets for Go: the build's cgo flags with the build dir as RUNPATH
    (a program go test makes lives in a temporary dir, where $ORIGIN means nothing), the host
    machine and its C compiler (the cross one under the cross-file), the pinned go.work."""
    case, project = mixed
    dumped = run([*meson_command(), "devenv", "-C", str(project.build), "--dump"]).stdout
    env = dict(re.findall(r'^(\w+)="(.*)"$', dumped, re.M))
    # After Go's -O2 -g and Meson's c_args / c_link_args (CFLAGS, LDFLAGS at setup), what libcalc gives.
    assert split_args(env["CGO_CFLAGS"])[-1] == f"-I{project.src / 'clib'}"
    assert split_args(env["CGO_LDFLAGS"])[-2:] == [str(project.build / "libcalc.so.1.0.0"),
                                                    f"-Wl,-rpath,{project.build}"]
    assert (env["GOOS"], env["GOARCH"], env["CGO_ENABLED"]) == ("linux", "arm64" if CROSS[case][1] else "amd64", "1")
    assert env["CC"] == ("aarch64-linux-gnu-gcc" if CROSS[case][1] else "cc")
    assert (env["GOTOOLCHAIN"], env["GOWORK"]) == ("local", "off")
    assert "-tags" not in env.get("GOFLAGS", "") and "GOPROXY" not in env   # `go get` may fetch in the shell


def test_introspect_lists_the_go_sources_of_each_go_target(mixed: tuple[str, Project]) -> None:
    """A Go target's sources: those of its own packages (and tests, for go.test), then those of the
    packages of its module that it imports."""
    _case, project = mixed
    targets = {(t["name"], t["type"]): t for t in json.loads(project.meson("introspect", "--targets").stdout)}
    go = project.src / "go"

    def sources(name: str) -> list[str]:
        return [s for part in targets[(name, "custom")]["target_sources"] for s in part["sources"]]

    assert sources("gotool") == [str(go / "cmd" / "tool" / "main.go"), str(go / "calc" / "calc.go")]
    assert sources("calc") == [str(go / "calc" / "calc.go"), str(go / "calc" / "calc_test.go")]
    assert sources("gen") == [str(go / "cmd" / "gen" / "main.go")]
    assert targets[("gotool", "custom")]["install_filename"] == ["/usr/bin/gotool"]


def test_go_generator_runs_on_the_build_machine(mixed: tuple[str, Project]) -> None:
    case, project = mixed
    assert read_elf(str(project.build / "gen")).machine == "EM_X86_64"
    assert run([*CROSS[case][1], project.build / "use-generated"]).stdout == "gen on amd64\n"


def test_meson_test_runs_go_tests_and_names_each(mixed: tuple[str, Project]) -> None:
    _case, project = mixed
    assert "mixed:calc" in project.meson("test", "--list").stdout.split() or \
        "calc" in project.meson("test", "--list").stdout
    out = project.meson("test", "-v", "--print-errorlogs").stdout
    assert_meson_tests_passed(out, 3)
    log = (project.build / "meson-logs" / "testlog.txt").read_text()
    for name in ("TestAdd", "TestName", "TestTable/sum", "TestTable"):
        assert re.search(rf"^ok \d+ - {re.escape(name)}$", log, re.M), log


def test_installed_go_program_has_no_build_dir_runpath(mixed: tuple[str, Project], tmp_path: Path) -> None:
    _case, project = mixed
    dest = tmp_path / "dest"
    project.meson("install", "--destdir", str(dest))
    program = read_elf(str(dest / "usr/bin/gotool"))
    assert program.runpath == () and program.rpath == ()
    assert "libcalc.so.1" in program.needed


@pytest.fixture()
def mixed_copy(toolchain: None, tmp_path: Path) -> Project:
    return built_copy("mixed", tmp_path)


def test_c_library_and_header_edits_reach_the_go_program(mixed_copy: Project) -> None:
    source = mixed_copy.src / "clib" / "calc.c"
    source.write_text(source.read_text().replace('"calc 1.0"', '"calc 1.1"'))
    bump_mtime(source, mixed_copy.build)
    mixed_copy.ninja()
    assert run([mixed_copy.build / "gotool"]).stdout == "calc 1.1: 42\n"
    # A header the Go package includes from the C library: neither go list nor Go's cache sees it.
    header = mixed_copy.src / "clib" / "calc.h"
    header.write_text(header.read_text().replace("#define CALC_SCALE 1", "#define CALC_SCALE 10"))
    bump_mtime(header, mixed_copy.build)
    out = mixed_copy.ninja().stdout
    assert "Building Go program gotool" in out and "Building Go test program calc" in out
    assert run([mixed_copy.build / "gotool"]).stdout == "calc 1.1: 420\n"
    assert "ninja: no work to do." in mixed_copy.ninja().stdout


def test_a_go_test_added_after_setup_fails_meson_test_by_name(mixed_copy: Project) -> None:
    broken = mixed_copy.src / "go" / "calc" / "broken_test.go"
    broken.write_text('package calc\n\nimport "testing"\n\n'
                      'func TestBroken(t *testing.T) { t.Fatal("broken on purpose") }\n')
    bump_mtime(broken.parent, mixed_copy.build)
    proc = mixed_copy.meson("test", "calc", check=False)
    assert proc.returncode != 0
    log = (mixed_copy.build / "meson-logs" / "testlog.txt").read_text()
    assert re.search(r"^not ok \d+ - TestBroken$", log, re.M), log
    assert "broken on purpose" in log
    assert re.search(r"^ok \d+ - TestAdd$", log, re.M)


def test_go_library_in_a_go_program_is_a_located_error(toolchain: None, tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(PROJECTS / "mixed", src)
    shutil.copytree(PROJECTS / "errors" / "_go" / "go", src / "golib")
    (src / "meson.build").write_text(
        "project('two', 'c')\ngo = import('mesongo')\n"
        "golib = go.shared_library('answer', 'golib')\n"
        "go.executable('gen', 'go/cmd/gen', link_with: golib)\n")
    proc = Project(src, tmp_path / "build").setup(check=False, cwd=src)
    errors = [line for line in proc.stdout.splitlines() if "ERROR:" in line]
    assert errors == [
        "meson.build:4:3: ERROR: mesongo.executable: answer is a Go library: a Go program linking it would carry "
        "a second Go runtime in one process, which Go does not support (golang/go#18976); import the Go library's "
        "packages in the program instead (Go builds a program from the packages it imports), and link it with the C "
        "side only: the C libraries the Go library uses, not the Go library or a C library that links it"], proc.stdout
    assert os.path.isdir(src)


def test_two_go_runtimes_in_one_program(toolchain: None, tmp_path: Path) -> None:
    """Two Go shared libraries in one program, or a Go program that links one through a C library:
    a warning located at the consumer's call, naming the libraries, and counted as a Meson warning
    (fatal under --fatal-meson-warnings); two Go archives: an error located the same way."""
    src = tmp_path / "src"
    for name, suffix in (("a", ""), ("b", "_b")):
        shutil.copytree(PROJECTS / "errors" / "_go" / "go", src / name)
        for path in (src / name / "lib.go", src / name / "go.mod"):
            text = path.read_text().replace("answer", f"answer{suffix}")
            path.write_text(text.replace("errcase", f"errcase{suffix}"))
    (src / "main.c").write_text("int answer(void);\nint answer_b(void);\n"
                                "int main(void) { return answer() + answer_b() == 84 ? 0 : 1; }\n")
    (src / "wrap.c").write_text("int answer_b(void);\nint wrapped(void) { return answer_b(); }\n")
    (src / "meson_options.txt").write_text("option('static', type: 'boolean', value: false)\n")
    (src / "meson.build").write_text(
        "project('two', 'c')\ngo = import('mesongo')\n"
        "if get_option('static')\n  a = go.static_library('a', 'a')\n  b = go.static_library('b', 'b')\n"
        "else\n  a = go.shared_library('a', 'a')\n  b = go.shared_library('b', 'b')\n"
        "  wrap = shared_library('wrap', 'wrap.c', dependencies: go.dependency(b))\n"
        "  go.executable('tool', 'a',\n    link_with: wrap)\nendif\n"
        "executable('both', 'main.c',\n  dependencies: [go.dependency(a), go.dependency(b)])\n")
    plain_setup = Project(src, tmp_path / "shared").setup_command()
    plain_setup.remove("--fatal-meson-warnings")
    shared = run(plain_setup, cwd=src)
    warnings = [line for line in shared.stdout.splitlines() if "WARNING:" in line]
    assert warnings == [
        "meson.build:10: WARNING: mesongo: Go program 'tool' links the Go library libb.so through Meson's libraries: "
        "the program and the library each carry a Go runtime, and Go supports one per process (golang/go#18976); "
        "import the Go library's packages in the program instead (Go builds a program from the packages it imports), "
        "and link it with the C side only: the C libraries the Go library uses, not the Go library or a C library "
        "that links it",
        "meson.build:13: WARNING: mesongo: executable 'both' links 2 Go libraries, liba.so and libb.so: each carries "
        "a Go runtime, and Go supports one per process (golang/go#18976); build one Go library from both packages "
        "instead"], shared.stdout
    fatal = Project(src, tmp_path / "fatal").setup(check=False, cwd=src)
    assert fatal.returncode != 0 and "ERROR: Fatal warnings enabled, aborting" in fatal.stdout, fatal.stdout
    static = Project(src, tmp_path / "static").setup("-Dstatic=true", check=False, cwd=src)
    assert static.returncode != 0
    errors = [line for line in static.stdout.splitlines() if "ERROR:" in line]
    assert errors == [
        "meson.build:13:0: ERROR: mesongo: executable 'both' links 2 Go libraries, liba.a and libb.a: each carries a "
        "Go runtime, and Go supports one per process (golang/go#18976); build one Go library from both packages "
        "instead"], static.stdout
