"""What a Go shared library exports, and the checks that run after it is linked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import Project, copy_project, need_tool, run

from mesongo.binfmt.elf import read_elf

CGO_RUNTIME_SYMBOLS = {"crosscall2", "_cgo_panic", "_cgo_topofstack"}


def test_default_library_exports_exactly_its_export_functions(basic: Project) -> None:
    nm = need_tool("nm")   # binutils' view, as the oracle
    out = run([nm, "-D", "--defined-only", basic.build / "libgreet.so.1.2.3"]).stdout
    names = sorted(line.split()[-1] for line in out.splitlines() if line.strip())
    assert names == ["greet_add", "greet_argc", "greet_free", "greet_getenv", "greet_hello", "greet_parallel_sum"]
    assert read_elf(str(basic.build / "libgreet.so.1.2.3")).defined_symbols == tuple(names)


@pytest.fixture()
def exports_project(toolchain: None, tmp_path: Path) -> Project:
    return copy_project("exports", tmp_path)


@pytest.mark.parametrize(("mode", "expected"), [
    ("export", {"ex_one", "ex_two"}),
    ("list", {"ex_one"}),
])
def test_exports_keyword(exports_project: Project, mode: str, expected: set[str]) -> None:
    exports_project.setup(f"-Dexports_mode={mode}")
    exports_project.ninja()
    assert set(read_elf(str(exports_project.build / "libex.so")).defined_symbols) == expected
    assert run([exports_project.build / "ex-app"]).stdout == "one=1\n"


def test_exports_all_exports_the_cgo_runtime_too(exports_project: Project) -> None:
    """exports: 'all': no export list, so the library exports what Go's own c-shared link would."""
    exports_project.setup("-Dexports_mode=all")
    exports_project.ninja()
    exported = set(read_elf(str(exports_project.build / "libex.so")).defined_symbols)
    assert {"ex_one", "ex_two"} | CGO_RUNTIME_SYMBOLS <= exported
    assert run([exports_project.build / "ex-app"]).stdout == "one=1\n"


def _failed_build(project: Project) -> str:
    proc = project.ninja(check=False)
    assert proc.returncode != 0
    assert not (project.build / "libex.so").exists(), "a library that fails a check is not left behind"
    assert "Traceback" not in proc.stdout
    return proc.stdout


def test_named_export_that_does_not_exist_fails_the_build(exports_project: Project) -> None:
    exports_project.setup("-Dexports_mode=missing")
    out = _failed_build(exports_project)
    assert "mesongo: error: the library breaks mesongo's checks:\n  libex.so: exports: asked for but not " \
           "exported: ex_nothere\n" in out


def test_low_glibc_ceiling_fails_the_build_naming_version_and_symbol(exports_project: Project) -> None:
    # A ceiling below anything a glibc build can need: the Go runtime needs at least GLIBC_2.2.5.
    exports_project.setup("-Dglibc_max=2.1")
    out = _failed_build(exports_project)
    assert re.search(r"libex\.so: glibc_max: the file needs GLIBC_2\.\d+(\.\d+)? \(\w+.*\), above the ceiling 2\.1;",
                     out), out


def test_glibc_ceiling_names_the_newest_version(exports_project: Project) -> None:
    newest = read_elf("/bin/ls").glibc_max   # what this build machine's glibc hands out
    assert newest is not None
    exports_project.setup("-Dglibc_max=2.17")
    if newest <= (2, 17):
        exports_project.ninja()
        return
    out = _failed_build(exports_project)
    assert re.search(r"libex\.so: glibc_max: the file needs GLIBC_2\.3[0-9] \((pthread_\w+|\w+)", out), out


def test_a_stricter_check_applies_to_an_unchanged_library(exports_project: Project) -> None:
    exports_project.setup()
    exports_project.ninja()
    exports_project.meson("configure", "-Dglibc_max=2.1")
    out = _failed_build(exports_project)   # same bytes as before, but the new ceiling is checked
    assert "glibc_max: the file needs GLIBC_" in out


def test_a_changed_plan_rebuilds(exports_project: Project) -> None:
    """exports: is not on the ninja command line, only in the build plan: changing it still rebuilds."""
    exports_project.setup("-Dexports_mode=export")
    exports_project.ninja()
    assert set(read_elf(str(exports_project.build / "libex.so")).defined_symbols) == {"ex_one", "ex_two"}
    exports_project.meson("configure", "-Dexports_mode=list")
    assert "Building Go shared library libex.so" in exports_project.ninja().stdout
    assert set(read_elf(str(exports_project.build / "libex.so")).defined_symbols) == {"ex_one"}
    assert "ninja: no work to do." in exports_project.ninja().stdout
