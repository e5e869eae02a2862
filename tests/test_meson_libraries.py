"""A Go library is Meson's own library target (tests/projects/mesonlibs): library() follows
default_library, both_libraries() makes both, a shared and a static library of one name live in
one directory, pkg.generate() describes them and test() hands a plugin's path to its host."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Project, assert_meson_tests_passed, copy_project, run

from mesongo.binfmt.elf import read_elf


@pytest.fixture(scope="session", params=["shared", "static", "both"])
def mesonlibs(request: pytest.FixtureRequest, toolchain: None,
              tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = copy_project("mesonlibs", tmp_path_factory.mktemp(f"mesonlibs-{request.param}"))
    project.setup(f"-Ddefault_library={request.param}", "--prefix=/usr", "--libdir=lib")
    project.ninja()
    return project


def _mode(project: Project) -> str:
    return project.src.parent.name.split("-")[1].rstrip("0123456789")


def test_library_follows_default_library(mesonlibs: Project) -> None:
    mode = _mode(mesonlibs)
    shared, static = mesonlibs.build / "libgreet.so.1.2.3", mesonlibs.build / "libgreet.a"
    assert (shared.exists(), static.exists()) == (mode != "static", mode != "shared")
    needed = read_elf(str(mesonlibs.build / "app")).needed
    # As Meson's library(): with both, programs link the shared one.
    assert ("libgreet.so.1" in needed) == (mode != "static")
    if mode != "static":
        assert read_elf(str(shared)).soname == "libgreet.so.1"
        assert (mesonlibs.build / "libgreet.so").resolve() == shared
    assert run([mesonlibs.build / "app", "x"]).stdout.startswith("hello, x\nadd=42\n")


def test_every_test_passes_with_the_plugin_path_as_argument(mesonlibs: Project) -> None:
    assert_meson_tests_passed(mesonlibs.meson("test", "--print-errorlogs").stdout, 4)
    log = (mesonlibs.build / "meson-logs" / "testlog.txt").read_text()
    assert "plugin: greet_add(40, 2) = 42" in log
    assert "hello, shared" in log and "hello, static" in log


def test_both_libraries_and_one_name_twice(mesonlibs: Project) -> None:
    """both_libraries() and two calls of one name: each library is its own file, of one Go build."""
    build = mesonlibs.build
    for name in ("libtwice.so.2.0.0", "libtwice.a", "libone.so.1.0.0", "libone.a"):
        assert (build / name).is_file(), name
    assert "libtwice.so.2" not in read_elf(str(build / "twice-static")).needed
    assert "libtwice.so.2" in read_elf(str(build / "twice-shared")).needed
    assert sorted(p.name for p in build.glob("*-go.o")) == ["greet-go.o", "one-go.o", "plugin-go.o", "twice-go.o"]


def test_pkg_generate_describes_a_go_library(mesonlibs: Project, tmp_path: Path) -> None:
    mode = _mode(mesonlibs)
    uninstalled = (mesonlibs.build / "meson-uninstalled" / "libgreet-uninstalled.pc").read_text()
    assert "Libs: -L${prefix} -lgreet" in uninstalled and "Cflags: -I${prefix}" in uninstalled
    mesonlibs.meson("install", "--destdir", str(tmp_path))
    text = (tmp_path / "usr" / "lib" / "pkgconfig" / "libgreet.pc").read_text()
    # As for a C library: the project's version unless the call says otherwise.
    assert "Name: greet\nDescription: Greetings from Go\nVersion: 0.5.0\n" in text
    assert "api=1\n" in text and "Libs: -L${libdir} -lgreet" in text
    # The Go runtime needs threads: a static link gets them from pkg-config.
    assert "-pthread" in text.split("Libs: ", 1)[1]
    assert (tmp_path / "usr" / "include" / "libgreet.h").is_file()
    # mesongo's own .pc of the two calls of one name: one file, which a static link can use too.
    one = (tmp_path / "usr" / "lib" / "pkgconfig" / "one.pc").read_text()
    assert "Libs: -L${libdir} -lone\n" in one and "Libs.private: -pthread\n" in one
    assert {"libone.so.1.0.0", "libone.a"} <= {p.name for p in (tmp_path / "usr" / "lib").iterdir()}
    installed = {p.name for p in (tmp_path / "usr" / "lib").iterdir()}
    assert ("libgreet.so.1.2.3" in installed, "libgreet.a" in installed) == (mode != "static", mode != "shared")
