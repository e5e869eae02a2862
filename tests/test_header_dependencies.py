"""A Go library whose generated header includes the headers of its Meson dependencies (a C
library's counter.h, zlib.h): go.dependency() and both .pc files carry what a consumer that
includes only libwrap.h needs (tests/projects/cheader)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Project, assert_meson_tests_passed, base_env, built_copy, need_tool, run


@pytest.fixture(scope="module")
def cheader(toolchain: None, tmp_path_factory: pytest.TempPathFactory) -> Project:
    return built_copy("cheader", tmp_path_factory.mktemp("cheader"))


def test_header_keeps_the_dependency_includes(cheader: Project) -> None:
    header = (cheader.build / "libwrap.h").read_text()
    assert '#include "counter.h"' in header and "#include <zlib.h>" in header


def test_go_dependency_gives_consumers_what_the_header_includes(cheader: Project) -> None:
    """use-wrap has go.dependency(libwrap) alone, and a clean parallel build compiles it."""
    cheader.ninja("-t", "clean")
    cheader.ninja("-j8")
    assert_meson_tests_passed(cheader.meson("test", "-v").stdout, 1)


def consumer_with(pkg_config_args: list[str], src: Path, out: Path, env: dict[str, str], libdir: Path) -> None:
    flags = run([need_tool("pkg-config"), *pkg_config_args, "--cflags", "--libs", "wrap"], env=env).stdout.split()
    # -rpath-link: where the linker finds libcounter.so, which libwrap.so needs (in /usr/lib it would look).
    run([need_tool("cc"), str(src / "use_wrap.c"), "-o", str(out), *flags, f"-Wl,-rpath-link,{libdir}"], env=env)


def test_uninstalled_pc_gives_an_outside_consumer_the_include_dirs(cheader: Project, tmp_path: Path) -> None:
    env = base_env() | {"PKG_CONFIG_PATH": str(cheader.build / "meson-uninstalled")}
    text = (cheader.build / "meson-uninstalled" / "wrap-uninstalled.pc").read_text()
    assert "Requires.private: zlib\n" in text and f"-I{cheader.src / 'counter'}" in text
    consumer_with([], cheader.src, tmp_path / "use-wrap", env, cheader.build)
    out = run([tmp_path / "use-wrap"], env=env | {"LD_LIBRARY_PATH": str(cheader.build)}).stdout
    assert out.startswith("counter 35, zlib ")


def test_installed_pc_requires_the_pkg_config_dependencies(toolchain: None, tmp_path: Path) -> None:
    project = built_copy("cheader", tmp_path)   # set up with the default prefix, installed into a destdir
    project.setup("--reconfigure", "--prefix=/usr", "--libdir=lib")
    project.ninja()
    dest = tmp_path / "dest"
    project.meson("install", "--destdir", str(dest))
    pc = dest / "usr/lib/pkgconfig/wrap.pc"
    assert "Requires.private: zlib\n" in pc.read_text()
    assert (dest / "usr/include/counter.h").is_file() and (dest / "usr/include/libwrap.h").is_file()
    env = base_env() | {"PKG_CONFIG_PATH": str(pc.parent)}
    consumer_with([f"--define-variable=prefix={dest / 'usr'}"], project.src, tmp_path / "use-wrap", env,
                  dest / "usr/lib")
    out = run([tmp_path / "use-wrap"], env=env | {"LD_LIBRARY_PATH": str(dest / "usr/lib")}).stdout
    assert out.startswith("counter 35, zlib ")
