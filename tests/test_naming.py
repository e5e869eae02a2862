"""The file-naming policy and the rendered pkg-config files, by exact value."""

from __future__ import annotations

import pytest

from mesongo.binfmt.formats import ELF
from mesongo.kinds import PythonExtension, SharedLibrary, SharedModule, StaticLibrary, TargetFiles
from mesongo.plan import naming
from mesongo.plan.model import PkgConfigFiles


@pytest.mark.parametrize(("version", "soversion", "filename", "soname"), [
    ("1.2.3", None, "libgreet.so.1.2.3", "libgreet.so.1"),
    ("1.2.3", "1.2", "libgreet.so.1.2.3", "libgreet.so.1.2"),
    ("2", None, "libgreet.so.2", "libgreet.so.2"),
    (None, "3", "libgreet.so.3", "libgreet.so.3"),
    (None, None, "libgreet.so", "libgreet.so"),
])
def test_shared_library_files(version: str | None, soversion: str | None, filename: str, soname: str) -> None:
    """What Meson names its own shared_library() (the after-link checks expect its soname)."""
    kind = SharedLibrary(version=version, soversion=soversion)
    files = kind.files("greet", ELF, kind.default_header("greet", ELF))
    assert (files.filename, files.soname, files.header) == (filename, soname, "libgreet.h")


@pytest.mark.parametrize(("version", "soversion"), [("1.2.3", None), ("1.2.3", "1.2"), (None, "3"), (None, None)])
def test_unversioned_in_a_python_package(version: str | None, soversion: str | None) -> None:
    """In a Python package (a wheel holds no symlinks) the library is libN.so, its own soname."""
    files = SharedLibrary(version=version, soversion=soversion).in_python_package().files("greet", ELF, None)
    assert (files.filename, files.soname) == ("libgreet.so", "libgreet.so")


def test_static_library_files() -> None:
    kind = StaticLibrary()
    files = kind.files("count", ELF, kind.default_header("count", ELF))
    assert (files.filename, files.soname, files.header) == ("libcount.a", None, "libcount.h")


@pytest.mark.parametrize(("kind", "name", "files"), [
    (SharedModule(), "gohello", TargetFiles("gohello", "libgohello.so", "libgohello.h")),
    (SharedModule(name_prefix=""), "pam_gohello", TargetFiles("pam_gohello", "pam_gohello.so", "pam_gohello.h")),
    (SharedModule(name_prefix="", name_suffix="plugin"), "x", TargetFiles("x", "x.plugin", "x.h")),
    (SharedModule(name_prefix="", name_suffix=""), "x", TargetFiles("x", "x", "x.h")),
    (PythonExtension(name_prefix="", name_suffix="so"), "_core.cpython-311-x86_64-linux-gnu",
     TargetFiles("_core.cpython-311-x86_64-linux-gnu", "_core.cpython-311-x86_64-linux-gnu.so", "_core.h")),
    (PythonExtension(name_prefix="", name_suffix="so"), "_core.abi3",
     TargetFiles("_core.abi3", "_core.abi3.so", "_core.h")),
])
def test_module_files_are_prefix_name_suffix_without_soname_or_links(kind: SharedModule, name: str,
                                                                     files: TargetFiles) -> None:
    """As Meson names shared_module() and py.extension_module(): no soname, no symlinks, and the
    same name inside a Python package."""
    assert kind.files(name, ELF, kind.default_header(name, ELF)) == files
    assert kind.in_python_package() == kind


@pytest.mark.parametrize(("name", "fragment"), [
    ("", "empty"),
    ("libgreet", "starts with 'lib'"),
    ("a/b", "path separator"),
    ("two words", "characters"),
    ("-x", "characters"),
])
def test_bad_names(name: str, fragment: str) -> None:
    problem = naming.check_name(name)
    assert problem is not None and fragment in problem


@pytest.mark.parametrize("name", ["greet", "go_greet", "greet2", "greet-c++", "x.y"])
def test_good_names(name: str) -> None:
    assert naming.check_name(name) is None


def test_program_names_say_program_and_may_start_with_lib() -> None:
    """A program's file is its name (Meson's executable('libtool') is fine), and messages about it
    say what it is."""
    assert naming.check_name("libtool", "program") is None
    assert naming.check_name("libtool") is not None
    assert naming.check_name("", "program") == "the program name is empty; pass a name, e.g. 'tool'"
    problem = naming.check_name("a/b", "test program")
    assert problem is not None and problem.startswith("the test program name 'a/b' contains a path separator")


@pytest.mark.parametrize(("version", "ok"), [("1", True), ("1.2", True), ("1.2.3", True), ("1.2.3.4", False),
                                             ("v1", False), ("1.", False), ("", False), ("1.x", False)])
def test_version_form(version: str, ok: bool) -> None:
    assert (naming.check_version(version) is None) is ok


@pytest.mark.parametrize(("version", "soversion", "ok"), [
    ("1.2.3", "1", True), ("1.2.3", "1.2", True), ("0.7800.0", "0", True), ("1.2.3", "01", True),
    ("1.2.3", "2", False), ("1.2.3", "1.3", False), ("1", "1.0", False), (None, "5", True),
])
def test_soversion_consistency(version: str | None, soversion: str, ok: bool) -> None:
    assert (naming.check_consistent(version, soversion) is None) is ok


PC = naming.PkgConfig(name="greet", description="Go shared library greet", version="1.2.3", prefix="/usr",
                      libdir="lib", includedir="include", libs=("-lgreet",), libs_private=())


def completed(text: str, requires: tuple[str, ...] = (), cgo_requires: tuple[str, ...] = ()) -> str:
    """A .pc text as the build step completes it (its Requires.private is known at build time)."""
    return PkgConfigFiles(text, text, "a.pc", "b.pc", requires).rendered([], cgo_requires)[0][1]


def test_installed_pkgconfig_text() -> None:
    assert completed(naming.pkgconfig_text(PC)) == (
        "prefix=/usr\n"
        "libdir=${prefix}/lib\n"
        "includedir=${prefix}/include\n"
        "\n"
        "Name: greet\n"
        "Description: Go shared library greet\n"
        "Version: 1.2.3\n"
        "Libs: -L${libdir} -lgreet\n"
        "Cflags: -I${includedir}\n"
    )


def test_static_pkgconfig_text_with_absolute_libdir() -> None:
    pc = naming.PkgConfig(name="count", description="Go static library count", version="0.3.0", prefix="/usr",
                          libdir="/opt/lib", includedir="include", libs=("-lcount",),
                          libs_private=("-pthread", "-lresolv"))
    assert completed(naming.pkgconfig_text(pc)) == (
        "prefix=/usr\n"
        "libdir=/opt/lib\n"
        "includedir=${prefix}/include\n"
        "\n"
        "Name: count\n"
        "Description: Go static library count\n"
        "Version: 0.3.0\n"
        "Libs: -L${libdir} -lcount\n"
        "Libs.private: -pthread -lresolv\n"
        "Cflags: -I${includedir}\n"
    )


def test_uninstalled_pkgconfig_text() -> None:
    assert completed(naming.pkgconfig_uninstalled_text(PC, "/b/go")) == (
        "libdir=/b/go\n"
        "includedir=/b/go\n"
        "\n"
        "Name: greet\n"
        "Description: Go shared library greet\n"
        "Version: 1.2.3\n"
        "Libs: -L${libdir} -lgreet\n"
        "Cflags: -I${includedir}\n"
    )


def test_requires_private_names_meson_s_pkg_config_dependencies_then_the_cgo_ones() -> None:
    """The pkg-config dependencies of the call first, then the names of the packages'
    `#cgo pkg-config:` lines that are not among them (known at build time)."""
    text = completed(naming.pkgconfig_text(PC), ("zlib",), ("cmath", "zlib"))
    assert "Version: 1.2.3\nRequires.private: zlib, cmath\nLibs: -L${libdir} -lgreet\n" in text
