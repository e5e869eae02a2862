"""Windows from the same meson.build: tests/projects/windows cross-built with the committed mingw-w64
cross-file (cross-files/x86_64-w64-mingw32.ini), named and installed as Meson names its own C
targets there, checked with pefile, and run under wine: C programs linking the Go DLL through its
import library and the Go static library, a LoadLibrary host of a Go plugin, a Go program
calling a C DLL of the project, and Go tests as TAP.

Wine needs a prefix: a throwaway WINEPREFIX per session, with a stand-in for the
bcryptprimitives.dll that Debian 12's Wine 8.0 lacks (tests/wine/, test support only).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import (
    REPO,
    Project,
    assert_meson_tests_passed,
    base_env,
    bump_mtime,
    copy_project,
    need_tool,
    run,
    steps,
)

from mesongo.binfmt import pe

CROSS_FILE = REPO / "cross-files" / "x86_64-w64-mingw32.ini"
MINGW = "x86_64-w64-mingw32-gcc"


@pytest.fixture(scope="session")
def wine_env(toolchain: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The environment that runs Windows programs here: a new WINEPREFIX holding the
    bcryptprimitives.dll stand-in, wine's own messages off."""
    for tool in ("wine", "wineboot", "wineserver", MINGW):
        need_tool(tool)
    prefix = tmp_path_factory.mktemp("wine") / "prefix"
    env = base_env() | {"WINEPREFIX": str(prefix), "WINEDEBUG": "-all", "WINEDLLOVERRIDES": "mscoree,mshtml="}
    run(["wineboot", "--init"], env=env)
    run(["wineserver", "--wait"], env=env)
    system32 = prefix / "drive_c" / "windows" / "system32"
    support = REPO / "tests" / "wine"
    run([MINGW, "-shared", "-O2", "-o", system32 / "bcryptprimitives.dll", support / "bcryptprimitives.c",
         support / "bcryptprimitives.def", "-ladvapi32"], env=env)
    yield env
    subprocess.run(["wineserver", "--kill"], env=env, check=False)


@pytest.fixture(scope="session")
def windows(wine_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = copy_project("windows", tmp_path_factory.mktemp("windows"))
    project.setup("--prefix=/usr", f"--cross-file={CROSS_FILE}", env=wine_env)
    project.ninja(env=wine_env)
    return project


def test_files_are_named_as_meson_names_its_own(windows: Project) -> None:
    build = windows.build
    for name in ("libgreet-1.dll", "libgreet.dll.a", "libgreet.h", "libcount.a", "libcount.h", "plugin.dll",
                 "app.exe", "gotool.exe", "words.exe", "libcalc-1.dll", "libcalc.dll.a"):
        assert (build / name).is_file(), name
    assert not list(build.glob("*.so*")) and not (build / "libgreet.dll").exists()
    targets = windows.meson("introspect", "--targets").stdout
    for name in ("libgreet-1.dll", "plugin.dll", "gotool.exe", "libcount.a"):
        assert f"/{name}\"" in targets, name


def test_dll_exports_its_api_and_names_itself(windows: Project) -> None:
    dll = pe.read_pe(str(windows.build / "libgreet-1.dll"))
    assert (dll.kind, dll.machine, dll.bits) == ("dll", "IMAGE_FILE_MACHINE_AMD64", 64)
    assert dll.internal_name == "libgreet-1.dll"
    assert dll.defined_symbols == ("greet_add", "greet_free", "greet_hello")
    assert {"DYNAMIC_BASE", "NX_COMPAT", "HIGH_ENTROPY_VA"} <= set(dll.dll_characteristics)
    assert set(dll.imported_dlls) == {"KERNEL32.dll", "msvcrt.dll"}
    assert pe.import_library_exports(str(windows.build / "libgreet.dll.a")) == ["greet_add", "greet_free",
                                                                                "greet_hello"]
    plugin = pe.read_pe(str(windows.build / "plugin.dll"))
    assert (plugin.internal_name, plugin.defined_symbols) == ("plugin.dll", ("plugin_answer",))
    tool = pe.read_pe(str(windows.build / "gotool.exe"))
    assert tool.kind == "exe" and "libcalc-1.dll" in tool.imported_dlls
    header = (windows.build / "libgreet.h").read_text()
    assert "dllexport" not in header and "extern char* greet_hello(char* name);" in header


def test_inspect_reads_pe(windows: Project) -> None:
    out = run([Path(sys.executable).parent / "mesongo", "inspect", "--check",
               "--machine", "x86_64", "--soname", "libgreet-1.dll", "--exports-from", windows.build / "libgreet.h",
               windows.build / "libgreet-1.dll"]).stdout
    assert out.startswith(f"{windows.build / 'libgreet-1.dll'}: PE32+ DLL, x86-64\n")
    assert "  exports (3)  greet_add greet_free greet_hello" in out


def test_meson_test_runs_programs_and_go_tests_under_wine(windows: Project, wine_env: dict[str, str]) -> None:
    assert_meson_tests_passed(windows.meson("test", "-v", env=wine_env).stdout, 5)
    out = (windows.build / "meson-logs" / "testlog.txt").read_text().replace("\r\n", "\n")
    for line in ("hello, wine, from Go on windows", "add=42", "words=3", "plugin_answer: 42", "calc 42 (3 words)",
                 "ok 1 - TestCount", "ok 2 - TestEmpty/blank"):
        assert line in out, line


def test_install_layout_is_meson_s(windows: Project, tmp_path: Path) -> None:
    windows.meson("install", "--destdir", str(tmp_path))
    installed = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if not p.is_dir())
    assert installed == [
        "usr/bin/app.exe", "usr/bin/gotool.exe", "usr/bin/libcalc-1.dll", "usr/bin/libgreet-1.dll",
        "usr/include/libcount.h", "usr/include/libgreet.h", "usr/lib/libcalc.dll.a", "usr/lib/libcount.a",
        "usr/lib/libgreet.dll.a", "usr/lib/pkgconfig/count.pc", "usr/lib/pkgconfig/greet.pc", "usr/lib/plugin.dll",
        # Meson installs its shared_module()'s import library too.
        "usr/lib/plugin.dll.a"]
    assert "Libs: -L${libdir} -lgreet\n" in (tmp_path / "usr/lib/pkgconfig/greet.pc").read_text()


def test_pc_file_links_an_outside_mingw_consumer(windows: Project, wine_env: dict[str, str]) -> None:
    env = wine_env | {"PKG_CONFIG_PATH": str(windows.build / "meson-uninstalled"), "PKG_CONFIG_LIBDIR": ""}
    flags = run([need_tool("pkg-config"), "--cflags", "--libs", "greet"], env=env).stdout.split()
    exe = windows.build / "outside.exe"   # next to the DLL, where Windows looks first
    run([MINGW, windows.src / "app.c", "-o", exe, *flags], env=env)
    assert run(["wine", exe, "outside"], env=env).stdout.replace("\r\n", "\n") == (
        "hello, outside, from Go on windows\nadd=42\n")


def test_incremental_as_on_linux(wine_env: dict[str, str], tmp_path: Path) -> None:
    project = copy_project("windows", tmp_path)
    project.setup(f"--cross-file={CROSS_FILE}", env=wine_env)
    project.ninja(env=wine_env)
    assert "ninja: no work to do." in project.ninja(env=wine_env).stdout
    implib, app = project.build / "libgreet.dll.a", project.build / "app.exe"
    before = (implib.stat().st_mtime_ns, app.stat().st_mtime_ns)
    source = project.src / "go" / "greet" / "greet.go"
    bump_mtime(source, project.build)
    assert steps(project.ninja(env=wine_env).stdout) == ["Building Go shared library libgreet-1.dll"]
    assert (implib.stat().st_mtime_ns, app.stat().st_mtime_ns) == before, "same bytes: no relink"
    source.write_text(source.read_text().replace('"hello, %s, from Go on %s"', '"edited, %s, from Go on %s"'))
    bump_mtime(source, project.build)
    project.ninja(env=wine_env)
    out = run(["wine", app, "again"], env=wine_env, cwd=project.build).stdout
    assert out.startswith("edited, again, from Go on windows")


def test_exports_all_links_a_dll_with_the_right_name(wine_env: dict[str, str], tmp_path: Path) -> None:
    """exports: 'all': Meson links the DLL with no export list; it still names itself by its file."""
    project = copy_project("windows", tmp_path)
    build_file = project.src / "meson.build"
    build_file.write_text(build_file.read_text().replace("version: '1.2.3', install: true)",
                                                         "version: '1.2.3', exports: 'all', install: true)"))
    project.setup(f"--cross-file={CROSS_FILE}", env=wine_env)
    project.ninja(env=wine_env)
    dll = pe.read_pe(str(project.build / "libgreet-1.dll"))
    assert dll.internal_name == "libgreet-1.dll" and "greet_add" in dll.defined_symbols
    assert run(["wine", project.build / "app.exe"], env=wine_env, cwd=project.build).stdout.startswith("hello, world")


def test_cross_file_command_names_the_mingw_and_wine_packages(tmp_path: Path) -> None:
    env = base_env() | {"PATH": str(tmp_path)}   # nothing installed
    proc = run([sys.executable, "-m", "mesongo", "cross-file", "x86_64-w64-mingw32"], env=env, check=False)
    assert proc.returncode == 2
    assert "x86_64-w64-mingw32-gcc: apt-get install gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64" in proc.stdout
    assert "wine: apt-get install wine wine64" in proc.stdout
    zig = run([sys.executable, "-m", "mesongo", "cross-file", "x86_64-w64-mingw32", "--toolchain", "zig"], check=False)
    assert zig.returncode == 2 and "x86_64-w64-mingw32 has no zig toolchain here: use --toolchain gcc" in zig.stdout
