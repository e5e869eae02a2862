"""One meson.build, many Linux targets: tests/projects/basic built with every committed
cross-file, its ELF checked, and its C programs run (under qemu where the build machine cannot)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import (
    PROJECTS,
    REPO,
    Project,
    assert_meson_tests_passed,
    base_env,
    copy_project,
    need_file,
    need_python_module,
    need_tool,
    run,
)

from mesongo.binfmt.elf import read_elf
from mesongo.cli import crossfile
from mesongo.errors import ConfigError

ALL_CROSS_FILES = sorted(p.name for p in (REPO / "cross-files").glob("*.ini"))
ELF_MACHINE = {"x86_64": "EM_X86_64", "aarch64": "EM_AARCH64", "arm": "EM_ARM", "riscv64": "EM_RISCV"}
MUSL_LOADER = {"x86_64": "/lib/ld-musl-x86_64.so.1", "aarch64": "/lib/ld-musl-aarch64.so.1"}


def spec_of(file_name: str) -> crossfile.CrossFile:
    stem = file_name.removesuffix(".ini")
    zig = stem.endswith("-zig")
    return crossfile.resolve(stem.removesuffix("-zig"), "zig" if zig else "gcc")


# The Linux ones; the mingw-w64 cross-file has tests of its own (test_windows.py).
CROSS_FILES = [name for name in ALL_CROSS_FILES if spec_of(name).target.system == "linux"]


@dataclass
class CrossBuild:
    cf: crossfile.CrossFile
    project: Project
    setup_output: str

    def run(self, *argv: str, env: dict[str, str] | None = None) -> str:
        wrapper = self.cf.exe_wrapper or []
        return run([*wrapper, *argv], env=env or base_env()).stdout


@pytest.fixture(scope="module", params=CROSS_FILES)
def cross(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[CrossBuild]:
    cf = spec_of(request.param)
    for tool in ("go", "ninja"):
        need_tool(tool)
    if cf.toolchain == "zig":
        need_python_module("ziglang", "pip install ziglang")
    else:
        need_tool(cf.binaries["c"][0])
    if cf.exe_wrapper:
        need_tool(cf.exe_wrapper[0])
        if cf.target.qemu_sysroot:
            need_file(cf.target.qemu_sysroot, "apt-get install " + " ".join(cf.target.run_packages))
    if cf.target.libc == "musl":
        need_file(MUSL_LOADER[cf.target.cpu_family], "apt-get install " + " ".join(cf.target.run_packages))
    project = copy_project("basic", tmp_path_factory.mktemp(request.param))
    setup = project.setup("--buildtype=release", "--cross-file", str(REPO / "cross-files" / request.param))
    project.ninja()
    yield CrossBuild(cf, project, setup.stdout)


def test_the_project_is_the_same_for_every_target(cross: CrossBuild) -> None:
    assert (cross.project.src / "meson.build").read_bytes() == (PROJECTS / "basic" / "meson.build").read_bytes()


def test_library_and_consumer_are_built_for_the_target(cross: CrossBuild) -> None:
    machine = ELF_MACHINE[cross.cf.target.cpu_family]
    lib = read_elf(str(cross.project.build / "libgreet.so.1.2.3"))
    app = read_elf(str(cross.project.build / "app"))
    assert (lib.machine, app.machine) == (machine, machine)
    assert lib.soname == "libgreet.so.1" and "libgreet.so.1" in app.needed
    assert (lib.libc, app.libc) == (cross.cf.target.libc, cross.cf.target.libc)
    if cross.cf.target.libc == "musl":
        assert "libc.so" in lib.needed and app.interpreter == MUSL_LOADER[cross.cf.target.cpu_family]
    else:
        assert "libc.so.6" in lib.needed
    assert read_elf(str(cross.project.build / "count-app")).machine == machine


def test_consumer_runs(cross: CrossBuild) -> None:
    env = base_env() | {"MESONGO_PROBE": f"on {cross.cf.spec}"}
    assert cross.run(str(cross.project.build / "app"), "x", "y", env=env) == (
        f"hello, x\nadd=42\nsum=5050\nenv=on {cross.cf.spec}\nargc=3\n")


def test_static_library_consumer_runs(cross: CrossBuild) -> None:
    assert cross.run(str(cross.project.build / "count-app")) == "words=3\n"


def test_meson_test_runs_through_the_exe_wrapper(cross: CrossBuild) -> None:
    assert_meson_tests_passed(cross.project.meson("test", "--print-errorlogs", env=base_env()).stdout, 2)


def test_library_works_when_preloaded(cross: CrossBuild) -> None:
    lib = str(cross.project.build / "libgreet.so.1.2.3")
    preload = str(cross.project.build / "preload")
    if cross.cf.exe_wrapper:
        out = run([*cross.cf.exe_wrapper, "-E", f"LD_PRELOAD={lib}", preload, "a"]).stdout
    else:
        out = run([preload, "a"], env=base_env() | {"LD_PRELOAD": lib}).stdout
    assert out == "preloaded: argc=2\n"


def test_dlopen_works_on_glibc_and_fails_clearly_on_musl(cross: CrossBuild) -> None:
    argv = [*(cross.cf.exe_wrapper or []), str(cross.project.build / "dlopen"),
            str(cross.project.build / "libgreet.so.1.2.3")]
    proc = run(argv, check=False)
    if cross.cf.target.libc == "glibc":
        assert (proc.returncode, proc.stdout) == (0, "dlopen: add=42\n")
    else:   # what docs/explanation/platforms.md says: the Go runtime's initial-exec TLS cannot be dlopen()ed on musl
        assert proc.returncode == 1 and "initial-exec TLS resolves to dynamic definition" in proc.stdout


def test_musl_build_says_dlopen_cannot_work(cross: CrossBuild) -> None:
    said = "dlopen() of a Go library cannot work on musl" in cross.setup_output
    assert said is (cross.cf.target.libc == "musl")


@pytest.mark.parametrize("cross", [n for n in CROSS_FILES if spec_of(n).glibc], indirect=True)
def test_glibc_floor(cross: CrossBuild) -> None:
    assert cross.cf.glibc is not None
    floor = tuple(int(p) for p in cross.cf.glibc.split("."))
    glibc_max = read_elf(str(cross.project.build / "libgreet.so.1.2.3")).glibc_max
    assert glibc_max is not None and glibc_max <= floor, glibc_max


def test_committed_cross_files_match_the_templates() -> None:
    for name in ALL_CROSS_FILES:
        cf = spec_of(name)
        command = ["mesongo", "cross-file", cf.spec, "--toolchain", cf.toolchain]
        assert crossfile.cross_file_text(cf, command) == (REPO / "cross-files" / name).read_text(), name
        assert cf.file_name == name


def test_cross_file_command_names_what_to_install(tmp_path: Path) -> None:
    import sys
    env = base_env() | {"PATH": str(tmp_path)}   # nothing installed
    proc = run([sys.executable, "-m", "mesongo", "cross-file", "aarch64-linux-gnu"], env=env, check=False)
    assert proc.returncode == 2
    assert "aarch64-linux-gnu-gcc: apt-get install gcc-aarch64-linux-gnu libc6-dev-arm64-cross" in proc.stdout
    assert "qemu-aarch64: apt-get install qemu-user" in proc.stdout
    proc = run([sys.executable, "-m", "mesongo", "cross-file", "sparc64-linux-gnu"], check=False)
    assert proc.returncode == 2 and "unknown target 'sparc64-linux-gnu'; known targets:" in proc.stdout
    out = tmp_path / "x.ini"
    run([sys.executable, "-m", "mesongo", "cross-file", "riscv64-linux-gnu", "--no-check", "-o", str(out)], env=env)
    assert ("exe_wrapper = ['qemu-riscv64', '-L', '/usr/riscv64-linux-gnu', '-E', "
            "'LD_LIBRARY_PATH=/usr/riscv64-linux-gnu/lib']") in out.read_text()
    assert os.path.getsize(out) > 0


def test_native_file_for_wheels() -> None:
    """`--native`: zig pinning glibc for this machine (meson-python builds the whole wheel with it):
    the compilers and the glibc check, no [host_machine], no emulator, no pkg-config dir of its own."""
    cf = crossfile.resolve("x86_64-linux-gnu.2.17", None, native=True, build_cpu_family="x86_64", zig_binary=False)
    text = crossfile.cross_file_text(cf, ["mesongo", "cross-file", cf.spec, "--native"])
    assert cf.toolchain == "zig" and cf.file_name == "x86_64-linux-gnu.2.17-zig-native.ini"
    assert text.startswith("# Meson native file: x86_64-linux-gnu.2.17, zig toolchain.")
    assert "c = ['python3', '-m', 'ziglang', 'cc', '-target', 'x86_64-linux-gnu.2.17']" in text
    assert "glibc_max = '2.17'" in text and "c_args = ['-fno-sanitize=undefined']" in text
    for absent in ("[host_machine]", "exe_wrapper", "pkg_config_libdir"):
        assert absent not in text
    arm = crossfile.resolve("aarch64-linux-gnu.2.17", "zig", native=True, build_cpu_family="aarch64")
    assert "exe_wrapper" not in crossfile.cross_file_text(arm, [])
    # By default a native file names zig by its path: `python3 -m ziglang` fails under pip's build
    # isolation, which hides this Python's packages.
    zig = crossfile.installed_zig()
    if zig is not None:
        assert arm.zig == [zig] and f"c = ['{zig}', 'cc', '-target', 'aarch64-linux-gnu.2.17']" in \
            crossfile.cross_file_text(arm, [])


@pytest.mark.parametrize(("spec", "toolchain", "message"), [
    ("aarch64-linux-gnu.2.17", "zig", "--native writes a native file, whose compilers build for this machine "
     "(x86_64); aarch64-linux-gnu is aarch64: drop --native to write a cross-file"),
    ("x86_64-linux-gnu", "gcc", "a native file with --toolchain gcc would name the compiler Meson finds anyway"),
])
def test_native_file_refusals(spec: str, toolchain: str, message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)):
        crossfile.resolve(spec, toolchain, native=True, build_cpu_family="x86_64")


def _readelf(*args: str) -> str:
    return run([need_tool("readelf"), "-W", *args]).stdout


def test_inspect_agrees_with_readelf(cross: CrossBuild) -> None:
    import json
    import re
    import sys

    lib = str(cross.project.build / "libgreet.so.1.2.3")
    (doc,) = json.loads(run([sys.executable, "-m", "mesongo", "inspect", "--json", lib]).stdout)
    header = _readelf("-h", lib)
    assert re.search(rf"^\s*Machine:\s+{re.escape(doc['machine_name'])}$", header, re.M), header
    assert re.search(rf"^\s*Class:\s+ELF{doc['class']}$", header, re.M)
    dynamic = _readelf("-d", lib)
    assert re.findall(r"\(SONAME\)\s+Library soname: \[(.*)\]", dynamic) == [doc["soname"]]
    assert re.findall(r"\(NEEDED\)\s+Shared library: \[(.*)\]", dynamic) == doc["needed"]
    versions = re.findall(r"Name: GLIBC_([\d.]+)", _readelf("-V", lib))
    newest = max(versions, key=lambda v: tuple(int(p) for p in v.split("."))) if versions else None
    assert doc["glibc_max"] == newest
    defined = sorted({line.split()[7].split("@")[0] for line in _readelf("--dyn-syms", lib).splitlines()
                      if re.match(r"\s*\d+:", line) and len(line.split()) >= 8
                      and line.split()[4] in ("GLOBAL", "WEAK") and line.split()[6] != "UND"})
    assert sorted(e["name"] for e in doc["exports"]) == defined
    assert defined == ["greet_add", "greet_argc", "greet_free", "greet_getenv", "greet_hello", "greet_parallel_sum"]
    assert doc["go_module"] == "example.com/basic" and doc["go_version"].startswith("go1.")


@pytest.mark.parametrize("cross", ["aarch64-linux-gnu.ini", "x86_64-linux-musl.ini", "aarch64-linux-musl-zig.ini"],
                         indirect=True)
def test_cross_build_is_reproducible_in_another_place(cross: CrossBuild, tmp_path: Path) -> None:
    other = copy_project("basic", tmp_path / "another place" / "deeper")
    other.setup("--buildtype=release", "--cross-file", str(REPO / "cross-files" / cross.cf.file_name))
    other.ninja()
    for name in ("libgreet.so.1.2.3", "libgreet.h", "libcount.a", "libcount.h"):
        assert (other.build / name).read_bytes() == (cross.project.build / name).read_bytes(), name


def test_header_is_the_same_for_every_target(cross: CrossBuild, basic: Project) -> None:
    """One header for every architecture, so that a Multi-Arch: same -dev package can ship it."""
    for name in ("libgreet.h", "libcount.h"):
        assert (cross.project.build / name).read_bytes() == (basic.build / name).read_bytes(), name


def test_demo_tests_pass_or_skip_under_the_cross_file(cross: CrossBuild, tmp_path: Path) -> None:
    """The repository's own demo, cross-built: its C programs and Go tests run through the
    exe_wrapper, its Go generator runs on the build machine, and its ctypes test (the build
    machine's Python cannot load the library) reports Meson's skip."""
    demo = Project(REPO, tmp_path / "demo-build")
    demo.setup("--buildtype=release", "--cross-file", str(REPO / "cross-files" / cross.cf.file_name))
    demo.ninja()
    out = demo.meson("test", "--print-errorlogs").stdout
    assert_meson_tests_passed(out, 5)
    assert re.search(r"^Skipped:\s+1\s*$", out, re.M), out


def test_static_pkgconfig_needs_no_more_on_musl(cross: CrossBuild) -> None:
    """On musl the runtime start-up is part of the library's one Go object (not a member nothing
    references): the installed .pc names the library alone, on every libc."""
    text = (cross.project.build / "meson-private/mesongo/count.pc").read_text()
    assert "Libs: -L${libdir} -lcount\n" in text, text
    assert "Libs.private: -pthread\n" in text, text
