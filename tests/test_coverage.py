"""-Db_coverage=true for Go (plan/coverage.py, coverage/): the planner's -cover flags and overlay,
the profile -> lcov converter, and tests/projects/coverage for real: a C program calls a Go
shared library, another the same code as a Go static library, a Go test runs, `meson test`, then
`ninja coverage` (Meson's own target) reports C and Go in one lcov/genhtml report plus Go's own;
natively and with the aarch64 cross-file (programs under qemu)."""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from conftest import NATIVE_AND_AARCH64 as CROSS
from conftest import Project, assert_meson_tests_passed, built_for, copy_project, need_tool, run
from test_planner import MESON, TOOLCHAIN, facts, package

from mesongo.binfmt.elf import read_elf
from mesongo.coverage import profile
from mesongo.kinds import GoTest, Program, SharedLibrary, StaticLibrary, TargetKind
from mesongo.plan import coverage, goenv, planner
from mesongo.toolchain.gofacts import Package

PROFILE = """mode: atomic
example.com/m/calc.go:6.33,8.2 1 2
example.com/m/calc.go:11.26,13.2 1 0
example.com/m/calc.go:13.2,14.5 2 1
example.com/m/sub/x.go:3.1,3.9 1 0
example.com/m/calc.go:11.26,13.2 1 3
example.com/m/calc.go:24.14,24.15 0 0
"""


def test_profile_blocks_of_several_runs_are_summed() -> None:
    mode, blocks = profile.parse(PROFILE)
    assert mode == "atomic"
    assert [(b.file, b.start, b.end, b.statements, b.count) for b in blocks] == [
        ("example.com/m/calc.go", (6, 33), (8, 2), 1, 2), ("example.com/m/calc.go", (11, 26), (13, 2), 1, 3),
        ("example.com/m/calc.go", (13, 2), (14, 5), 2, 1), ("example.com/m/calc.go", (24, 14), (24, 15), 0, 0),
        ("example.com/m/sub/x.go", (3, 1), (3, 9), 1, 0)]


def test_profile_that_is_not_one_is_refused() -> None:
    with pytest.raises(profile.ProfileError, match="mode: "):
        profile.parse("example.com/m/calc.go:6.33,8.2 1 2\n")
    with pytest.raises(profile.ProfileError, match="line 2"):
        profile.parse("mode: set\ncalc.go 6.33,8.2 1\n")


def test_lcov_counts_each_line_by_its_most_run_block_and_skips_unknown_packages() -> None:
    _mode, blocks = profile.parse(PROFILE.replace(" 1 3\n", " 1 0\n"))
    # Line 13 ends a block that never ran and starts one that ran once: it ran.
    assert profile.lcov(blocks, {"example.com/m": "/src/m"}) == (
        "TN:\nSF:/src/m/calc.go\nDA:6,2\nDA:7,2\nDA:8,2\nDA:11,0\nDA:12,0\nDA:13,1\nDA:14,1\n"
        "LF:7\nLH:5\nend_of_record\n")


def test_text_report_gives_covered_statements_per_package_and_file() -> None:
    _mode, blocks = profile.parse(PROFILE)
    # Statements, not lines: calc.go's blocks hold 1 + 1 + 2 + 0 (one block ran 2 + 3 times).
    assert profile.text_report(blocks).splitlines()[2:] == [
        "example.com/m           4/4      100.0%",
        "  calc.go               4/4      100.0%",
        "example.com/m/sub       0/1        0.0%",
        "  x.go                  0/1        0.0%",
        "total                   4/5       80.0%"]


def test_only_the_newest_version_of_an_edited_package_counts() -> None:
    old = profile.parse("mode: atomic\nexample.com/m/a.go:3.1,4.2 1 5\nexample.com/m/b.go:1.1,2.2 1 1\n")[1]
    new = profile.parse("mode: atomic\nexample.com/m/a.go:3.1,6.2 2 1\nexample.com/m/b.go:1.1,2.2 1 1\n")[1]
    test = profile.parse("mode: atomic\nexample.com/m/a.go:3.1,6.2 2 4\nexample.com/m/b.go:1.1,2.2 1 0\n"
                         "example.com/other/c.go:1.1,1.9 1 0\n")[1]
    # Package example.com/m (every file of it is in each pod that has it) was edited between the
    # old pod and the new one; a test binary built from the new version ran too. The old pod's
    # counts of example.com/m are dropped, whole.
    merged = profile.current([(1.0, old), (3.0, test), (2.0, new)])
    assert profile.profile_text("atomic", merged) == (
        "mode: atomic\nexample.com/m/a.go:3.1,6.2 2 5\nexample.com/m/b.go:1.1,2.2 1 1\n"
        "example.com/other/c.go:1.1,1.9 1 0\n")


def _covered_plan(kind: TargetKind, *packages: Package, deps: tuple[Package, ...] = ()) -> planner.TargetPlan:
    toolchain = dataclasses.replace(TOOLCHAIN, env={**TOOLCHAIN.env, "GOROOT": "/usr/lib/go"})
    meson = dataclasses.replace(MESON, options=goenv.MesonOptions(coverage=True))
    listed = facts(*packages)
    found = dataclasses.replace(listed, packages=[*deps, *listed.packages])   # go list -deps order
    request = planner.TargetRequest("greet", kind, tuple(p.dir for p in found.listed))
    return planner.assemble(planner.prepare(request, meson, toolchain, "glibc"), found)


STD = dataclasses.replace(package(directory="/usr/lib/go/src/fmt"), standard=True, import_path="fmt", module_path=None)
REQUIRED = dataclasses.replace(package(directory="/mod/x"), import_path="example.org/x", module_path="example.org/x")


@pytest.mark.parametrize(("kind", "overlaid"), [
    (SharedLibrary(), ["mesongo_cover.go", "mesongo_cover.c"]),
    (StaticLibrary(), ["mesongo_cover.go", "mesongo_cover.c"]), (Program(), ["mesongo_cover.go"]), (GoTest(), [])])
def test_coverage_instruments_the_main_module_and_adds_to_runtime_coverage(kind: TargetKind,
                                                                           overlaid: list[str]) -> None:
    # Only the main module's packages are instrumented: not the standard library, not a required module.
    plan = _covered_plan(kind, package(TestGoFiles=("lib_test.go",)), deps=(STD, REQUIRED)).build
    assert "-cover" in plan.go.args and "-covermode=atomic" in plan.go.args
    assert "-coverpkg=example.com/go" in plan.go.args
    assert plan.go.coverage is not None
    assert plan.go.coverage.counters_dir == "/b/meson-private/mesongo/coverage/counters"
    assert [f.path for f in plan.go.overlaid] == [f"/usr/lib/go/src/runtime/coverage/{n}" for n in overlaid]
    assert (f"-overlay={plan.go.overlay_file}" in plan.go.args) == bool(overlaid)
    go_file = next((f.text for f in plan.go.overlaid if f.path.endswith(".go")), "")
    assert ('const mesongoCoverDir = "/b/meson-private/mesongo/coverage/counters"' in go_file) == bool(overlaid)
    assert ("//export mesongo_cover_flush" in go_file) == kind.C_API


def test_coverage_of_a_supplied_main_names_the_packages_not_the_virtual_main() -> None:
    stats, report = package("stats", "/src/go/stats"), package("report", "/src/go/report")
    plan = _covered_plan(SharedLibrary(), stats, report).build
    assert plan.go.supplied_main is not None
    assert "-coverpkg=example.com/stats,example.com/report" in plan.go.args
    assert [os.path.basename(f.path) for f in plan.go.overlaid] == ["main.go", "mesongo_cover.go", "mesongo_cover.c"]


def test_without_b_coverage_nothing_changes() -> None:
    toolchain = dataclasses.replace(TOOLCHAIN, env={**TOOLCHAIN.env, "GOROOT": "/usr/lib/go"})
    found = facts(package())
    request = planner.TargetRequest("greet", SharedLibrary(), ("/src/go",))
    plan = planner.assemble(planner.prepare(request, MESON, toolchain, "glibc"), found).build
    assert plan.go.coverage is None and plan.go.overlay_file is None
    assert not any(a.startswith(("-cover", "-overlay")) for a in plan.go.args)


# --- the real project -----------------------------------------------------------------------------


class Covered(NamedTuple):
    project: Project
    out: str                                 # what `ninja coverage` printed
    wrapper: list[str]                       # what runs a host program here (qemu for aarch64)


@pytest.fixture(scope="module", params=list(CROSS))
def covered(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Covered]:
    """Natively, and cross-built for aarch64, where meson test runs the programs under qemu."""
    case: str = request.param
    for tool in ("cc", "lcov", "genhtml"):
        need_tool(tool)
    project = built_for("coverage", case, tmp_path_factory.mktemp(f"coverage-{case}"), "-Db_coverage=true")
    assert_meson_tests_passed(project.meson("test", "--print-errorlogs").stdout, 4)
    yield Covered(project, project.ninja("coverage").stdout, CROSS[case][1])


def lcov_lines(info: str, source: str) -> dict[int, int]:
    """DA line -> count of one SF record of an lcov tracefile."""
    record = info.split(f"SF:{source}\n", 1)[1].split("end_of_record", 1)[0]
    return {int(m[1]): int(m[2]) for m in re.finditer(r"^DA:(\d+),(\d+)", record, re.M)}


def test_c_and_go_coverage_land_in_one_lcov_report(covered: Covered) -> None:
    project = covered.project
    info = (project.build / "meson-logs" / "coverage.info").read_text()
    calc = lcov_lines(info, str(project.src / "go" / "calc.go"))
    # calc_double's body (calc.go:7) ran twice, once per C program (shared, then static library):
    # both libraries wrote their counters at the C program's exit. calc_unused (calc.go:12) never
    # ran; triple (calc.go:21) ran once, in the Go test.
    assert (calc[7], calc[16], calc[12], calc[21]) == (2, 2, 0, 1)
    assert lcov_lines(info, str(project.src / "double.c"))[10] == 2
    # The Go program (a test() with args: ['hello']) took the first branch only.
    assert lcov_lines(info, str(project.src / "go" / "cmd" / "shout" / "main.go")) == {10: 1, 11: 1, 12: 1, 13: 1,
                                                                                     14: 1, 15: 0}
    html = project.build / "meson-logs" / "coveragereport"
    assert (html / "index.html").is_file() and (html / "go" / "calc.go.gcov.html").is_file()


def test_go_report_per_package_and_file_matches_go_tool_covdata(covered: Covered) -> None:
    project, out = covered.project, covered.out
    logs = project.build / "meson-logs" / "coverage-go"
    text = (logs / "coverage.txt").read_text()
    assert re.search(r"^example\.com/gocover +3/4 +75\.0%$", text, re.M)
    assert re.search(r"^  calc\.go +3/4 +75\.0%$", text, re.M)
    assert re.search(r"^example\.com/gocover/cmd/shout +3/4 +75\.0%$", text, re.M)
    counters = project.build / "meson-private" / "mesongo" / "coverage" / "counters"
    percent = run(["go", "tool", "covdata", "percent", "-i", counters]).stdout
    assert re.search(r"example\.com/gocover\s+coverage: 75\.0% of statements", percent)
    assert re.search(r"example\.com/gocover/cmd/shout\s+coverage: 75\.0% of statements", percent)
    assert f"file://{logs / 'coverage.txt'}" in out and f"file://{logs / 'example.com_gocover.html'}" in out
    assert "calc.go" in (logs / "example.com_gocover.html").read_text()


def test_coverage_html_target_makes_the_one_report_too(covered: Covered) -> None:
    project = covered.project
    info = project.build / "meson-logs" / "coverage.info"
    info.unlink()
    out = project.ninja("coverage-html").stdout
    assert "Html (C and Go) coverage report can be found" in out
    assert lcov_lines(info.read_text(), str(project.src / "go" / "calc.go"))[12] == 0


def test_covered_build_is_a_no_op_the_second_time(covered: Covered) -> None:
    project = covered.project
    assert "ninja: no work to do." in project.ninja().stdout


def test_covered_library_exports_its_c_api_only(covered: Covered) -> None:
    project = covered.project
    assert sorted(s.name for s in read_elf(str(project.build / "libcalc.so")).exports) == ["calc_double",
                                                                                        "calc_unused"]


def test_gocoverdir_in_the_environment_wins(covered: Covered, tmp_path: Path) -> None:
    project = covered.project
    env = {**os.environ, "GOCOVERDIR": str(tmp_path)}
    env.pop("LD_LIBRARY_PATH", None)
    assert run([*covered.wrapper, project.build / "double"], env=env).stdout == "42\n"
    assert [p.name.split(".")[0] for p in sorted(tmp_path.iterdir())] == ["covcounters", "covmeta"]
    assert coverage.counters_dir(str(project.build)) != str(tmp_path)


def test_report_after_an_edit_counts_the_new_code_only(tmp_path: Path) -> None:
    """As gcov forgets the counts of a recompiled file: the counters of the old build stay in the
    directory, and the report leaves them out."""
    for tool in ("go", "ninja", "cc", "lcov", "genhtml"):
        need_tool(tool)
    project = copy_project("coverage", tmp_path)
    project.setup("-Db_coverage=true")
    project.ninja()
    assert run([project.build / "double"]).stdout == "42\n"
    calc = project.src / "go" / "calc.go"
    calc.write_text(calc.read_text().replace("\treturn 7\n", "\tseven := 7\n\treturn C.int(seven)\n"))
    project.ninja()
    assert run([project.build / "double"]).stdout == "42\n"
    counters = project.build / "meson-private" / "mesongo" / "coverage" / "counters"
    assert len(list(counters.glob("covmeta.*"))) == 2
    project.ninja("coverage-html")
    calc_blocks = [line for line in (project.build / "meson-logs" / "coverage-go" / "profile.out").read_text()
                   .splitlines() if line.startswith("example.com/gocover/calc.go:")]
    # calc_unused is now two statements on lines 11-14; calc_double ran once, in the new build.
    assert calc_blocks == ["example.com/gocover/calc.go:6.33,8.2 1 1", "example.com/gocover/calc.go:11.26,14.2 2 0",
                           "example.com/gocover/calc.go:16.23,18.2 1 1", "example.com/gocover/calc.go:21.24,23.2 1 0",
                           "example.com/gocover/calc.go:25.14,25.15 0 0"]
    info = (project.build / "meson-logs" / "coverage.info").read_text()
    assert lcov_lines(info, str(calc))[13] == 0 and lcov_lines(info, str(calc))[7] == 1
