"""One C library from several Go packages that are not `package main` (tests/projects/multipkg):
mesongo supplies the main package through `go build -overlay`, and the header declares the
//export functions of every package (cgo writes a header for the main package only,
golang/go#68725). Natively and with the aarch64 cross-file, whose programs run under qemu."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import NATIVE_AND_AARCH64 as CROSS
from conftest import (
    Project,
    assert_meson_tests_passed,
    built_for,
    bump_mtime,
    copy_project,
    need_tool,
    run,
    steps,
)

from mesongo.binfmt.elf import read_elf
from mesongo.plan.exports import header_exports

STATS = ["StatsRecord", "StatsScaled"]
REPORT = ["ReportSummary", "ReportFree"]


@pytest.fixture(scope="module", params=list(CROSS))
def multipkg(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Project]]:
    case: str = request.param
    yield case, built_for("multipkg", case, tmp_path_factory.mktemp(f"multipkg-{case}"),
                          "--prefix=/usr", "--libdir=lib")


def test_c_program_calls_both_packages_through_one_runtime(multipkg: tuple[str, Project]) -> None:
    case, project = multipkg
    # package report reads the total that package stats counted: one Go runtime, one heap.
    for program in ("use-both", "use-both-static"):
        assert run([*CROSS[case][1], project.build / program]).stdout == "total 42, scaled 420\n"
    assert_meson_tests_passed(project.meson("test", "--print-errorlogs").stdout, 3)


def test_header_declares_the_exports_of_every_package(multipkg: tuple[str, Project]) -> None:
    _case, project = multipkg
    both = (project.build / "libboth.h").read_text()
    assert header_exports(both) == [*STATS, *REPORT]
    assert "package example.com/multipkg/stats" in both and "package example.com/multipkg/report" in both
    assert header_exports((project.build / "libbothstatic.h").read_text()) == [*STATS, *REPORT]
    # The library of package report alone: stats is linked in, but is not its API.
    assert header_exports((project.build / "libreport.h").read_text()) == REPORT


def test_library_exports_exactly_the_packages_c_api(multipkg: tuple[str, Project]) -> None:
    case, project = multipkg
    both = read_elf(str(project.build / "libboth.so.1.0.0"))
    assert both.machine == CROSS[case][2] and both.soname == "libboth.so.1"
    # stats_scale: a C function of package stats' own C file, part of the C API as for a main package.
    assert sorted(s.name for s in both.exports) == sorted([*STATS, *REPORT, "stats_scale"])
    assert sorted(s.name for s in read_elf(str(project.build / "libreport.so")).exports) == sorted(REPORT)
    assert sorted(s.name for s in read_elf(str(project.build / "libbothnoheader.so")).exports) == \
        sorted([*STATS, *REPORT, "stats_scale"])
    assert not (project.build / "libbothnoheader.h").exists()


def test_supplied_main_package_is_not_written_into_the_source_tree(multipkg: tuple[str, Project]) -> None:
    _case, project = multipkg
    assert not [p for p in project.src.rglob("*") if "mesongo" in p.name]


def test_header_compiles_as_c_and_cxx(multipkg: tuple[str, Project]) -> None:
    _case, project = multipkg
    cc = need_tool("cc")
    for language in ("c", "c++"):
        run([cc, "-fsyntax-only", "-Wall", "-Werror", "-x", language, project.build / "libboth.h"])


def test_install_layout(multipkg: tuple[str, Project], tmp_path: Path) -> None:
    _case, project = multipkg
    project.meson("install", "--destdir", str(tmp_path))
    installed = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if not p.is_dir())
    assert installed == ["usr/bin/use-both", "usr/include/libboth.h", "usr/lib/libboth.so", "usr/lib/libboth.so.1",
                         "usr/lib/libboth.so.1.0.0", "usr/lib/pkgconfig/both.pc"]


def test_an_edit_of_one_package_rebuilds_its_libraries_only(toolchain: None, tmp_path: Path) -> None:
    project = copy_project("multipkg", tmp_path)
    project.setup()
    project.ninja()
    source = project.src / "go" / "report" / "report.go"
    source.write_text(source.read_text().replace('"total %d"', '"sum %d"'))
    bump_mtime(source, project.build)
    built = steps(project.ninja().stdout)
    assert sorted(s for s in built if s.startswith("Building Go")) == [
        "Building Go shared library libboth.so.1.0.0", "Building Go shared library libbothnoheader.so",
        "Building Go shared library libreport.so", "Building Go static library libbothstatic.a"]
    assert run([project.build / "use-both"], check=False).stdout.startswith("sum 42")
    assert "ninja: no work to do." in project.ninja().stdout
    # A new //export function in one package reaches the header and the export list.
    stats = project.src / "go" / "stats" / "stats.go"
    stats.write_text(stats.read_text() + "\n//export StatsReset\nfunc StatsReset() { Record(-Total()) }\n")
    bump_mtime(stats, project.build)
    project.ninja()
    assert "extern void StatsReset(void);" in (project.build / "libboth.h").read_text()
    assert "StatsReset" in {s.name for s in read_elf(str(project.build / "libboth.so.1.0.0")).exports}
    assert not re.search(r"StatsReset", (project.build / "libreport.h").read_text())
