"""`#cgo pkg-config:` in a Go library's, program's and test's packages (tests/projects/cgopkgconfig):
the names resolve through Meson's pkg-config search (a subproject's pkg.generate() in
meson-uninstalled/, the pkg_config_path option, zlib of the machine the target runs on), and
what pkg-config says reaches every link: Meson's link of the shared library, the static library's
consumers (and its .pc's Requires.private), Go's link of a program and of a test.

Natively, and cross-built for aarch64 with the committed cross-file in the two layouts of a
Debian machine: with zlib1g-dev:arm64 installed (which brings the distribution's libc6:arm64 into
/usr/lib/aarch64-linux-gnu beside the cross toolchain's libc: the programs must get one libc),
and without any arm64 library, the multiarch dirs hidden in a mount namespace (zlib is then not
found for the host, and the rest builds and runs)."""

from __future__ import annotations

import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import (
    REPO,
    Project,
    assert_meson_tests_passed,
    base_env,
    bump_mtime,
    copy_project,
    meson_command,
    missing,
    need_tool,
    ninja_commands,
    run,
    unshare_mount,
)

from mesongo.cli import crossfile

EXPECTED = "mul=42 crc=3610a686 flag=1\n"     # crc: zlib's crc32 of "hello"
WITHOUT_ZLIB = "mul=42 crc=none flag=1\n"
PROGRAMS = ("app", "app-static", "pcprog")
# The Go part's scratch dir: its link response file is there, not a ninja output.
SCRATCH = "meson-private/mesongo/targets/pcgo-go.o"


def setup_args(project: Project) -> list[str]:
    return [f"-Dpkg_config_path={project.src / 'pc'}", "--prefix=/usr", "--libdir=lib"]


@pytest.fixture(scope="session")
def native(toolchain: None, tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = copy_project("cgopkgconfig", tmp_path_factory.mktemp("cgopkgconfig"))
    project.setup(*setup_args(project))
    project.ninja()
    return project


@pytest.mark.parametrize("program", PROGRAMS)
def test_consumers_and_program_run(native: Project, program: str) -> None:
    """The shared library's and the static library's C consumers, and the Go program: cmath from
    the subproject's uninstalled .pc, zlib, and the macro of pcflag.pc from pkg_config_path."""
    assert run([native.build / program]).stdout == EXPECTED


def test_meson_test_runs_the_go_test_and_the_consumers(native: Project) -> None:
    assert_meson_tests_passed(native.meson("test", "--print-errorlogs").stdout, 3)


def test_the_link_response_file_carries_what_pkg_config_says(native: Project) -> None:
    """What Meson's link of libpcgo.so and the consumers of libpcgo.a take: pkg-config --libs
    of the packages' names (cmath from the build tree, zlib)."""
    linked = (native.build / SCRATCH / "pcgo-go.link").read_text().splitlines()
    assert linked == [f"-L{native.build / 'subprojects' / 'cmath'}", "-lcmath", "-lz"]


def test_the_pc_names_the_pkg_config_packages(native: Project) -> None:
    """The .pc of the Go library requires the packages privately: pkg-config --static follows it
    to their libraries (a static link of libpcgo.a), and its installed copy names no build dir."""
    uninstalled = native.build / "meson-uninstalled" / "pcgo-uninstalled.pc"
    assert "Requires.private: cmath, pcflag, zlib\n" in uninstalled.read_text()
    env = base_env() | {"PKG_CONFIG_PATH": f"{native.build / 'meson-uninstalled'}:{native.src / 'pc'}"}
    libs = run(["pkg-config", "--static", "--libs", "pcgo"], env=env).stdout.split()
    assert {"-lpcgo", "-lcmath", "-lz", "-pthread"} <= set(libs), libs
    dest = native.build.parent / "dest"
    native.meson("install", "--destdir", str(dest))
    installed = (dest / "usr/lib/pkgconfig/pcgo.pc").read_text()
    assert "Requires.private: cmath, pcflag, zlib\n" in installed and str(native.build) not in installed
    assert (dest / "usr/lib/pkgconfig/cmath.pc").is_file()


def test_go_runs_pkg_config_with_meson_s_search(native: Project) -> None:
    """The Go step's command (as ninja shows it) names Meson's search; natively no
    PKG_CONFIG_LIBDIR: pkg-config's own directories are the machine's."""
    go_step = next(line for line in ninja_commands(native.build, "pcgo-go.o") if "mesongo.buildstep " in line)
    assert f"PKG_CONFIG_PATH={native.build / 'meson-uninstalled'}:{native.src / 'pc'} " in go_step
    assert "PKG_CONFIG=pkg-config " in go_step and "PKG_CONFIG_LIBDIR" not in go_step


def test_the_go_steps_wait_for_the_subproject_s_library(native: Project) -> None:
    """Its uninstalled .pc names a library that must exist before Go links a program or Meson
    links the Go part: the Go target's dependencies: orders them."""
    for output in ("pcgo-go.o", "pcprog"):
        query = run(["ninja", "-C", native.build, "-t", "query", output]).stdout
        assert "subprojects/cmath/libcmath.so\n" in query.split("outputs:")[0], query


def test_an_edited_pc_file_rebuilds_what_uses_it(toolchain: None, tmp_path: Path) -> None:
    """Go's cache does not see a .pc file's text: the build step tracks the resolved .pc files
    (depfile, and their digest in CGO_CFLAGS). The PKG_CONFIG* variables of the shell that runs
    ninja are not Go's: setup decided them."""
    project = copy_project("cgopkgconfig", tmp_path)
    project.setup(*setup_args(project), "-Dzlib=disabled")
    project.ninja()
    assert "ninja: no work to do." in project.ninja().stdout
    pc = project.src / "pc" / "pcflag.pc"
    pc.write_text(pc.read_text().replace("-DPCFLAG=1", "-DPCFLAG=7"))
    bump_mtime(pc, project.build)
    env = base_env() | {"PKG_CONFIG_LIBDIR": str(tmp_path / "nowhere"), "PKG_CONFIG_PATH": str(tmp_path / "nowhere")}
    project.ninja(env=env)
    for program in PROGRAMS:
        assert run([project.build / program]).stdout == WITHOUT_ZLIB.replace("flag=1", "flag=7")
    assert "ninja: no work to do." in project.ninja(env=env).stdout


# --- cross-built for aarch64, in the two layouts of a Debian machine -------------------------

AARCH64 = crossfile.resolve("aarch64-linux-gnu", "gcc")
MULTIARCH_DIRS = ("/usr/lib/aarch64-linux-gnu", "/lib/aarch64-linux-gnu", "/usr/include/aarch64-linux-gnu")
MULTIARCH_LIBC = "/usr/lib/aarch64-linux-gnu/libc.so.6"
MULTIARCH_ZLIB_PC = "/usr/lib/aarch64-linux-gnu/pkgconfig/zlib.pc"
# What binutils-aarch64-linux-gnu installs there; the linker needs it in either layout.
KEPT = ("bfd-plugins", "ldscripts")

# Run as `python -c THIS JSON`: with "hide", in a mount namespace of its own, each of the "dirs"
# is replaced by a stand-in holding only its "kept" parts (binutils'), so that nothing of an
# installed libc6:arm64 (or any arm64 library) is visible. Then each of the "commands" runs in
# turn (with its time limit in seconds: a program given two C libraries spins), its output after
# a ">>>" line, its exit code after it.
IN_LAYOUT = """
import json, os, subprocess, sys
job = json.loads(sys.argv[1])
def mount(*argv):
    subprocess.run(["mount", *argv], check=True)
if job["hide"]:
    for n, path in enumerate(sorted({os.path.realpath(d) for d in job["dirs"] if os.path.isdir(d)})):
        stand_in = os.path.join(job["scratch"], str(n))
        os.makedirs(stand_in)
        for kept in job["kept"]:
            if os.path.isdir(os.path.join(path, kept)):
                os.mkdir(os.path.join(stand_in, kept))
                mount("--bind", os.path.join(path, kept), os.path.join(stand_in, kept))
        mount("--bind", stand_in, path)
    if os.path.exists(job["libc"]):
        sys.exit("the multiarch libc is still visible")
for limit, argv in job["commands"]:
    print(">>>", *argv, flush=True)
    try:
        code = subprocess.run(argv, stderr=subprocess.STDOUT, timeout=limit).returncode
    except subprocess.TimeoutExpired:
        code = "timeout"
    print("<<< exit", code, flush=True)
"""


@dataclass
class CrossLayout:
    layout: str
    project: Project
    outputs: dict[str, tuple[str, str]]     # a command's name -> (exit code, output)

    def output(self, name: str) -> str:
        code, out = self.outputs[name]
        assert code == "0", f"{name} exited {code}:\n{out}"
        return out


@pytest.fixture(scope="session", params=["multiarch", "hidden"])
def cross(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> CrossLayout:
    """tests/projects/cgopkgconfig set up, built, run and tested for aarch64 in one layout."""
    for tool in ("go", "ninja", "pkg-config", "aarch64-linux-gnu-gcc", "qemu-aarch64"):
        need_tool(tool)
    layout = request.param
    scratch = tmp_path_factory.mktemp(f"cross-{layout}")
    prefix: list[str] = []
    if layout == "multiarch":
        if not (os.path.exists(MULTIARCH_LIBC) and os.path.exists(MULTIARCH_ZLIB_PC)):
            missing("zlib1g-dev:arm64 is not installed (tools/install-test-deps installs it, and with it libc6:arm64)")
    else:
        (scratch / "hide").mkdir()
        prefix = unshare_mount(scratch / "hide")
    project = copy_project("cgopkgconfig", scratch)
    wrapper = AARCH64.exe_wrapper or []
    cross_file = REPO / "cross-files" / AARCH64.file_name
    commands = {
        "setup": project.setup_command(*setup_args(project), "--cross-file", str(cross_file)),
        "ninja": ["ninja", "-C", str(project.build)],
        **{program: [*wrapper, str(project.build / program)] for program in (*PROGRAMS, "zcrc")},
        "meson test": [*meson_command(), "test", "-C", str(project.build), "--print-errorlogs"],
    }
    limits = {"setup": 600, "ninja": 1200, "meson test": 600}
    job = {"hide": layout == "hidden", "scratch": str(scratch / "hide"), "dirs": MULTIARCH_DIRS, "kept": KEPT,
           "libc": MULTIARCH_LIBC, "commands": [(limits.get(name, 60), argv) for name, argv in commands.items()]}
    proc = run([*prefix, sys.executable, "-c", IN_LAYOUT, json.dumps(job)], env=base_env(), check=False)
    assert proc.returncode == 0, proc.stdout
    parts = re.findall(r"^>>> .*\n((?:.*\n)*?)<<< exit (\S+)\n", proc.stdout, re.M)
    assert len(parts) == len(commands), proc.stdout
    return CrossLayout(layout, project, {name: (code, out) for name, (out, code) in zip(commands, parts, strict=True)})


def test_zlib_is_found_for_the_host_only_where_its_arm64_package_is(cross: CrossLayout) -> None:
    setup = cross.output("setup")
    assert re.search(r"Run-time dependency zlib found: " + ("YES" if cross.layout == "multiarch" else "NO"), setup)


@pytest.mark.parametrize("program", PROGRAMS)
def test_cross_built_consumers_and_program_run_under_qemu(cross: CrossLayout, program: str) -> None:
    """A C program that loads the Go library gets one C library in either layout (the cross
    toolchain's): with the distribution's libc6:arm64 mixed in it would spin at start-up."""
    cross.output("ninja")
    assert cross.output(program) == (EXPECTED if cross.layout == "multiarch" else WITHOUT_ZLIB)


def test_cross_built_c_program_links_zlib_through_dependency(cross: CrossLayout) -> None:
    if cross.layout == "multiarch":
        assert cross.output("zcrc") == "crc=3610a686\n"
    else:
        assert not (cross.project.build / "zcrc").exists()


def test_cross_meson_test_runs_the_go_test_through_the_exe_wrapper(cross: CrossLayout) -> None:
    assert_meson_tests_passed(cross.output("meson test"), 3)


def test_cross_link_response_file_names_the_host_machine_s_libraries(cross: CrossLayout) -> None:
    linked = (cross.project.build / SCRATCH / "pcgo-go.link").read_text().splitlines()
    cmath = [f"-L{cross.project.build / 'subprojects' / 'cmath'}", "-lcmath"]
    assert linked == ([*cmath, "-L/usr/lib/aarch64-linux-gnu", "-lz"] if cross.layout == "multiarch" else cmath)
