"""Acceptance of the core capability on tests/projects/basic: build, run, test, install, pkg-config."""

from __future__ import annotations

import json
import os
from pathlib import Path

from conftest import Project, assert_meson_tests_passed, base_env, copy_project, run

from mesongo.binfmt.elf import read_elf

EXPECTED_APP_OUTPUT = "hello, mesongo\nadd=42\nsum=5050\nenv=probe value\nargc=2\n"


def test_app_runs_from_build_dir_without_ld_library_path(basic: Project) -> None:
    env = base_env() | {"MESONGO_PROBE": "probe value"}
    assert "LD_LIBRARY_PATH" not in env
    proc = run([basic.build / "app", "mesongo"], env=env)
    assert proc.stdout == EXPECTED_APP_OUTPUT


def test_static_library_consumer_runs(basic: Project) -> None:
    assert run([basic.build / "count-app"]).stdout == "words=3\n"
    # The Go archive is linked in: no Go library is needed at run time.
    assert not any("count" in n for n in read_elf(str(basic.build / "count-app")).needed)


def test_static_library_ldflags_reach_gos_linker(toolchain: None, tmp_path: Path) -> None:
    """Go's linker runs for -buildmode=c-archive: `-X main.rev=abc` in a static library's ldflags
    stamps the variable that the C program reads (tests/projects/ldflags)."""
    project = copy_project("ldflags", tmp_path)
    project.setup()
    project.ninja()
    assert run([project.build / "rev-app"]).stdout == "rev=abc\n"


def test_soname_needed_and_build_symlinks(basic: Project) -> None:
    lib = read_elf(str(basic.build / "libgreet.so.1.2.3"))
    assert lib.soname == "libgreet.so.1"
    assert "libgreet.so.1" in read_elf(str(basic.build / "app")).needed
    assert os.readlink(basic.build / "libgreet.so.1") == "libgreet.so.1.2.3"
    assert os.readlink(basic.build / "libgreet.so") == "libgreet.so.1"
    assert (basic.build / "libgreet.h").read_text().count("greet_hello") >= 1


def test_library_is_an_input_of_custom_target(basic: Project) -> None:
    assert (basic.build / "greet-copy.so").read_bytes() == (basic.build / "libgreet.so.1.2.3").read_bytes()


def test_meson_test_passes(basic: Project) -> None:
    assert_meson_tests_passed(basic.meson("test", "--print-errorlogs").stdout, 2)


def test_introspect_lists_go_targets(basic: Project) -> None:
    """A Go library is Meson's own library target, listed as Meson lists a C one (the file, each
    installed name once); its Go part is a custom target that lists the Go sources, the object
    Meson links and the installed header."""
    targets = json.loads(basic.meson("introspect", "--targets").stdout)
    by_name = {t["name"]: t for t in targets}
    assert (by_name["greet"]["type"], by_name["count"]["type"]) == ("shared library", "static library")
    assert [os.path.basename(f) for f in by_name["greet"]["filename"]] == ["libgreet.so.1.2.3"]
    assert by_name["greet"]["install_filename"] == ["/usr/lib/libgreet.so.1.2.3", "/usr/lib/libgreet.so.1",
                                                    "/usr/lib/libgreet.so"]
    assert by_name["count"]["install_filename"] == ["/usr/lib/libcount.a"]
    assert [os.path.basename(f) for f in by_name["greet-go-part"]["filename"]] == [
        "greet-go.o", "libgreet.h"]
    assert by_name["greet-go-part"]["install_filename"] == [None, "/usr/include/libgreet.h"]
    for name, source in (("greet-go-part", "go/greet.go"), ("count-go-part", "gostatic/count.go")):
        assert [s for part in by_name[name]["target_sources"] for s in part["sources"]] == [str(basic.src / source)]


def test_second_ninja_has_no_work(basic: Project) -> None:
    assert "ninja: no work to do." in basic.ninja().stdout


def _installed(root: Path) -> dict[str, str]:
    """Every path under root: 'link -> target' for symlinks, 'file' or 'dir' otherwise."""
    found: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        rel = str(path.relative_to(root))
        found[rel] = f"-> {os.readlink(path)}" if path.is_symlink() else "dir" if path.is_dir() else "file"
    return found


def test_install_tree(basic: Project, tmp_path: Path) -> None:
    dest = tmp_path / "dest"
    basic.meson("install", "--destdir", str(dest))
    assert _installed(dest) == {
        "usr": "dir",
        "usr/bin": "dir",
        "usr/bin/app": "file",
        "usr/include": "dir",
        "usr/include/libcount.h": "file",
        "usr/include/libgreet.h": "file",
        "usr/lib": "dir",
        "usr/lib/libcount.a": "file",
        "usr/lib/libgreet.so": "-> libgreet.so.1",
        "usr/lib/libgreet.so.1": "-> libgreet.so.1.2.3",
        "usr/lib/libgreet.so.1.2.3": "file",
        "usr/lib/pkgconfig": "dir",
        "usr/lib/pkgconfig/count.pc": "file",
        "usr/lib/pkgconfig/greet.pc": "file",
    }
    app = read_elf(str(dest / "usr/bin/app"))
    assert app.runpath == () and app.rpath == (), "meson install must strip the build-dir rpath"
    assert os.access(dest / "usr/lib/libgreet.so.1.2.3", os.X_OK)


def test_installed_pkgconfig_links_a_c_program(basic: Project, tmp_path: Path) -> None:
    dest = tmp_path / "dest"
    basic.meson("install", "--destdir", str(dest))
    env = base_env() | {"PKG_CONFIG_PATH": str(dest / "usr/lib/pkgconfig"), "PKG_CONFIG_SYSROOT_DIR": str(dest)}
    libs = run(["pkg-config", "--libs", "greet"], env=env).stdout.split()
    assert libs == [f"-L{dest}/usr/lib", "-lgreet"]
    cflags = run(["pkg-config", "--cflags", "greet"], env=env).stdout.split()
    assert cflags == [f"-I{dest}/usr/include"]
    exe = tmp_path / "consumer"
    run(["cc", "-o", exe, basic.src / "main.c", *cflags, *libs], env=env)
    out = run([exe, "pc"], env=base_env() | {"LD_LIBRARY_PATH": str(dest / "usr/lib"), "MESONGO_PROBE": "x"})
    assert out.stdout.startswith("hello, pc\nadd=42\n")
    # Without the sysroot override the installed file reads as a distro would use it.
    assert "-lgreet" in run(["pkg-config", "--libs", "greet"],
                            env=base_env() | {"PKG_CONFIG_PATH": str(dest / "usr/lib/pkgconfig")}).stdout


def test_static_pkgconfig_names_what_the_archive_needs(basic: Project) -> None:
    text = (basic.build / "meson-private/mesongo/count.pc").read_text()
    assert "Libs: -L${libdir} -lcount\n" in text
    assert "Libs.private: -pthread\n" in text


def test_uninstalled_pkgconfig_points_at_build_dir(basic: Project) -> None:
    env = base_env() | {"PKG_CONFIG_PATH": str(basic.build / "meson-uninstalled")}
    libs = run(["pkg-config", "--libs", "greet-uninstalled"], env=env).stdout.split()
    assert libs == [f"-L{basic.build}", "-lgreet"]


def test_install_tags_split_runtime_from_devel(basic: Project, tmp_path: Path) -> None:
    runtime, devel = tmp_path / "runtime", tmp_path / "devel"
    basic.meson("install", "--tags", "runtime", "--destdir", str(runtime))
    basic.meson("install", "--tags", "devel", "--destdir", str(devel))
    assert {k for k, v in _installed(runtime).items() if v != "dir"} == {
        "usr/bin/app", "usr/lib/libgreet.so.1.2.3", "usr/lib/libgreet.so.1"}
    assert {k for k, v in _installed(devel).items() if v != "dir"} == {
        "usr/include/libgreet.h", "usr/include/libcount.h", "usr/lib/libgreet.so", "usr/lib/libcount.a",
        "usr/lib/pkgconfig/greet.pc", "usr/lib/pkgconfig/count.pc"}
