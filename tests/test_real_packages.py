"""What real Go packages contain: C and C++ files that implement part of the C API, a cgo preamble
that includes a header private to the package, a dependency with C code of its own
(tests/projects/capi), natively and with the aarch64 and musl (zig) cross-files; `#cgo LDFLAGS`
edited after setup (tests/projects/cgoflags); consumers that name a Go library with link_with:
only (tests/projects/linkwith)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import (
    AARCH64_WRAPPER,
    PROJECTS,
    REPO,
    Project,
    assert_meson_tests_passed,
    base_env,
    bump_mtime,
    copy_project,
    need_python_module,
    need_tool,
    run,
    steps,
)

from mesongo.binfmt.elf import read_elf

CAPI_OUTPUT = ("norm1=7\nc_add=42\nasm_triple=42\nc_scale=-2\ncpp_sum=10\ncpp_version=capi 1.4\n"
               "describe=(6,-8) sum=-2 twice_x=12 by capi 1.4\nchecksum=300286872\n")
GO_EXPORTS = ["capi_checksum", "capi_describe", "capi_free", "capi_norm1"]
C_API = ["capi_asm_triple", "capi_c_add", "capi_c_scale", "capi_cpp_sum", "capi_cpp_version"]
# Each cross case: the committed cross-file, and how to run its programs.
CROSS = {
    "native": (None, []),
    "aarch64-linux-gnu": ("aarch64-linux-gnu.ini", AARCH64_WRAPPER),
    "x86_64-linux-musl-zig": ("x86_64-linux-musl-zig.ini", []),
}


def _need_cross_tools(case: str) -> None:
    for tool in ("go", "ninja"):
        need_tool(tool)
    if case == "native":
        need_tool("c++")
    elif case == "aarch64-linux-gnu":
        for tool in ("aarch64-linux-gnu-gcc", "aarch64-linux-gnu-g++", "qemu-aarch64"):
            need_tool(tool)
    else:
        need_python_module("ziglang", "pip install ziglang")


@pytest.fixture(scope="module", params=list(CROSS))
def capi(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Project]]:
    case: str = request.param
    _need_cross_tools(case)
    project = copy_project("capi", tmp_path_factory.mktemp(f"capi-{case}"))
    cross_file = CROSS[case][0]
    project.setup("--prefix=/usr", "--libdir=lib", *([f"--cross-file={REPO / 'cross-files' / cross_file}"]
                                                     if cross_file else []))
    project.ninja()
    yield case, project


def _run(case: str, *argv: str | Path, env: dict[str, str] | None = None) -> str:
    return run([*CROSS[case][1], *argv], env=env).stdout


def test_c_consumer_calls_the_go_c_and_cpp_parts(capi: tuple[str, Project]) -> None:
    case, project = capi
    assert _run(case, project.build / "capi-app") == CAPI_OUTPUT
    # The archive brings its C++ runtime to a C program's link.
    assert _run(case, project.build / "capi-static-app") == CAPI_OUTPUT
    if case == "native":   # ctypes runs the build machine's Python
        script = ("import ctypes, os, sys\n"
                  "lib = ctypes.CDLL(sys.argv[1], mode=os.RTLD_NOW)\n"
                  "print(lib.capi_c_add(20, 22), lib.capi_cpp_sum((ctypes.c_int * 3)(1, 2, 3), 3))\n")
        assert run([sys.executable, "-c", script, project.build / "libcapi.so.1.4.0"]).stdout == "42 6\n"


def test_exports_are_the_export_functions_and_the_c_api(capi: tuple[str, Project]) -> None:
    _case, project = capi
    nm = need_tool("nm")   # binutils' view, as the oracle (it reads every ELF machine)
    out = run([nm, "-D", "--defined-only", project.build / "libcapi.so.1.4.0"]).stdout
    names = sorted(line.split()[-1] for line in out.splitlines() if line.strip())
    # Not the dependency's C function, not C++ symbols, not the cgo runtime.
    assert names == sorted(GO_EXPORTS + C_API)


def test_library_needs_the_cpp_runtime_and_links_without_undefined_symbols(capi: tuple[str, Project]) -> None:
    case, project = capi
    lib = read_elf(str(project.build / "libcapi.so.1.4.0"))
    if case.endswith("-zig"):   # zig c++ links its libc++ into the library
        assert not [s.name for s in lib.imports if s.name.startswith("_Z")]
    else:
        assert "libstdc++.so.6" in lib.needed, lib.needed
    # Meson's link of the Go object, with b_lundef's --no-undefined as for its own libraries.
    commands = run(["ninja", "-C", project.build, "-t", "commands", "libcapi.so.1.4.0"]).stdout.splitlines()
    assert "mesongo.buildstep" in commands[-2] and "-Wl,--no-undefined" in commands[-1], commands[-2:]


def test_meson_test_passes(capi: tuple[str, Project]) -> None:
    _case, project = capi
    assert_meson_tests_passed(project.meson("test", "--print-errorlogs").stdout, 2)


def test_installed_header_compiles_with_only_the_install_include_dir(capi: tuple[str, Project],
                                                                      tmp_path: Path) -> None:
    case, project = capi
    dest = tmp_path / "dest"
    project.meson("install", "--destdir", str(dest))
    include = dest / "usr/include"
    assert sorted(p.name for p in include.iterdir()) == ["capi_static.h", "libcapi.h"]
    header = (include / "libcapi.h").read_text()
    assert '#include "capi_private.h"' not in header and "typedef struct capi_point" in header
    if case != "native":
        return
    exe = tmp_path / "consumer"
    run(["cc", "-Wall", "-Werror", "-o", exe, project.src / "main.c", f"-I{include}", f"-L{dest}/usr/lib",
         "-lcapi"])
    assert run([exe], env=base_env() | {"LD_LIBRARY_PATH": str(dest / "usr/lib")}).stdout == CAPI_OUTPUT
    # The header alone, as C and as C++.
    run(["cc", "-fsyntax-only", "-Wall", "-Werror", "-x", "c", include / "libcapi.h"])
    run(["c++", "-fsyntax-only", "-Wall", "-Werror", "-x", "c++", include / "libcapi.h"])


def test_header_in_build_dir_points_compiler_messages_at_the_private_header(capi: tuple[str, Project]) -> None:
    _case, project = capi
    header = (project.build / "libcapi.h").read_text()
    assert '#line 1 "capi_private.h"' in header
    # After the inlined file, lines are counted in capi.go again.
    assert re.search(r'/\* end of capi_private.h \*/\n#line 8 "capi.go"\n', header), header


@pytest.fixture()
def capi_export_only(toolchain: None, tmp_path: Path) -> Project:
    project = copy_project("capi", tmp_path)
    build = project.src / "meson.build"
    build.write_text(build.read_text().replace("version: '1.4.0', install: true)",
                                               "version: '1.4.0', install: true, exports: 'export')", 1))
    project.setup()
    return project


def test_exports_export_keeps_only_the_go_functions(capi_export_only: Project) -> None:
    capi_export_only.ninja("libcapi.so.1.4.0")
    assert read_elf(str(capi_export_only.build / "libcapi.so.1.4.0")).defined_symbols == tuple(GO_EXPORTS)


# --- #cgo LDFLAGS edited after setup ---------------------------------------------------------------


def test_cgo_ldflags_added_after_setup_reach_the_static_consumer(toolchain: None, tmp_path: Path) -> None:
    project = copy_project("cgoflags", tmp_path)
    project.setup()
    project.ninja()
    assert run([project.build / "mathy-app", "4"]).stdout == "value=8.000\n"
    source = project.src / "go" / "mathy.go"
    # A call into libm that the compiler cannot fold away, and the flag that links libm.
    source.write_text(source.read_text().replace(
        "static double mathy_twice_c(double x) { return 2 * x; }",
        "#cgo LDFLAGS: -lm\n#include <math.h>\nstatic double mathy_twice_c(double x) { return 2 * cbrt(x); }"))
    bump_mtime(source, project.build)
    out = project.ninja().stdout
    assert "Linking target mathy-app" in steps(out)
    assert "Regenerating build files" not in out
    assert run([project.build / "mathy-app", "27"]).stdout == "value=6.000\n"
    # Installed consumers learn it from the .pc file.
    pc = (project.build / "meson-private/mesongo/mathy.pc").read_text()
    assert "Libs.private: -pthread -lm\n" in pc
    # And taking it out again relinks without it.
    source.write_text(source.read_text().replace("#cgo LDFLAGS: -lm\n", "").replace("2 * cbrt(x)", "3 * x"))
    bump_mtime(source, project.build)
    assert "Linking target mathy-app" in steps(project.ninja().stdout)
    assert run([project.build / "mathy-app", "2"]).stdout == "value=6.000\n"
    assert "-lm" not in read_elf(str(project.build / "mathy-app")).needed


# --- link_with: ------------------------------------------------------------------------------------


def test_link_with_consumers_build_on_the_first_try_at_j8(toolchain: None, tmp_path: Path) -> None:
    for attempt in range(3):
        project = copy_project("linkwith", tmp_path / f"try{attempt}")
        project.setup()
        project.ninja("-j8")
        for i in range(1, 9):
            assert run([project.build / f"app{i}"]).stdout == f"{40 + i}\n"
        assert run([project.build / "wrapped"]).stdout == "142\n"


# --- clean and messages ------------------------------------------------------------------------------


def test_ninja_clean_removes_the_outputs_and_the_next_build_restores_them(basic_copy: Project) -> None:
    """`ninja -t clean` removes the Go part's outputs and Meson's library (its aliases are Meson's
    and outlive the clean, as for a C library); the next build makes them all again."""
    basic_copy.ninja("-t", "clean")
    for name in ("libgreet.so.1.2.3", "greet-go.o", "libgreet.h"):
        assert not (basic_copy.build / name).exists(), name
    basic_copy.ninja()
    assert os.readlink(basic_copy.build / "libgreet.so.1") == "libgreet.so.1.2.3"
    assert run([basic_copy.build / "app", "x"]).returncode == 0


def test_go_compile_error_names_the_file_relative_to_the_build_dir(basic_copy: Project) -> None:
    source = basic_copy.src / "go" / "greet.go"
    source.write_text(source.read_text().replace("return a + b", "return a + undefinedName"))
    bump_mtime(source, basic_copy.build)
    proc = basic_copy.ninja(check=False)
    assert proc.returncode != 0
    match = re.search(r"^(\S+greet\.go):(\d+):\d+: undefined: undefinedName$", proc.stdout, re.M)
    assert match, proc.stdout
    assert (basic_copy.build / match.group(1)).resolve() == source.resolve()
    assert "go build failed (exit code 1)" in proc.stdout and " build -buildmode=c-archive " in proc.stdout


def test_setup_commands_are_logged(basic: Project) -> None:
    log = (basic.build / "meson-logs" / "meson-log.txt").read_text()
    assert re.search(r"^mesongo runs: \S+/go list -json=\S+ -e -deps ", log, re.M), log[-3000:]
    assert "  exit code 0" in log


def test_subprocess_not_found_is_not_a_traceback(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    plan.write_text("{}")
    proc = subprocess.run([sys.executable, "-m", "mesongo.buildstep", str(plan), "0" * 16],
                          capture_output=True, text=True, env=base_env(), cwd=tmp_path, check=False)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "run `meson setup --reconfigure`" in proc.stderr
    assert os.listdir(tmp_path) == ["plan.json"]


def test_library_with_its_own_public_header(toolchain: None, tmp_path: Path) -> None:
    """header: false for a library named after its upstream C API: no libanswer.h to shadow the
    real header, which the project installs itself."""
    src = tmp_path / "src"
    shutil.copytree(PROJECTS / "errors" / "_go", src)
    (src / "answer.h").write_text("/* The answer library's public C API. */\nint answer(void);\n")
    (src / "main.c").write_text('#include <stdio.h>\n#include "answer.h"\n'
                                'int main(void) { printf("%d\\n", answer()); return 0; }\n')
    (src / "meson.build").write_text(
        "project('own', 'c')\ngo = import('mesongo')\n"
        "libanswer = go.shared_library('answer', 'go', header: false, install: true)\n"
        "install_headers('answer.h')\n"
        "executable('app', 'main.c', dependencies: go.dependency(libanswer))\n")
    project = Project(src, tmp_path / "build")
    project.setup("--prefix=/usr")
    project.ninja()
    assert run([project.build / "app"]).stdout == "42\n"
    assert not list(project.build.glob("*.h"))
    dest = tmp_path / "dest"
    project.meson("install", "--destdir", str(dest))
    assert [p.name for p in (dest / "usr/include").iterdir()] == ["answer.h"]
