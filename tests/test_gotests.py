"""Go tests as `meson test` sees them (mesongo/testrun): a failing subtest fails its parent and
the test, and the test's exit status is the Go test binary's; `env:` is the test's run-time
environment and `build_env:` Go's, and `depends:` are built before it runs (tests/projects/gotests)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import Project, bump_mtime, copy_project


@pytest.fixture(scope="module")
def gotests(toolchain: None, tmp_path_factory: pytest.TempPathFactory) -> Project:
    project = copy_project("gotests", tmp_path_factory.mktemp("gotests"))
    project.setup()
    project.ninja()
    return project


def _log_of(project: Project, test: str) -> str:
    """The part of meson test's log about one test."""
    log = (project.build / "meson-logs" / "testlog.txt").read_text()
    return log.split(f"test:         gotests:{test}\n", 1)[1].split("\n==========", 1)[0]


def test_a_failing_subtest_fails_its_parent_and_the_test(gotests: Project) -> None:
    proc = gotests.meson("test", "table", check=False)
    assert proc.returncode != 0
    assert re.search(r"^1/1 gotests:table +FAIL .* exit status 1$", proc.stdout, re.M), proc.stdout
    log = _log_of(gotests, "table")
    assert re.search(r"^result: +exit status 1$", log, re.M), log
    results = re.findall(r"^((?:not )?ok) \d+ - (\S+)$", log, re.M)
    assert results == [("ok", "TestAdd"), ("ok", "TestTable/good"), ("not ok", "TestTable/bad"),
                       ("not ok", "TestTable")], log
    assert "table_test.go:13: bad on purpose" in log


def test_a_test_binary_that_exits_non_zero_fails_though_its_tests_passed(gotests: Project) -> None:
    proc = gotests.meson("test", "exits", check=False)
    assert proc.returncode != 0
    assert re.search(r"^1/1 gotests:exits +ERROR .* exit status 3$", proc.stdout, re.M), proc.stdout
    log = _log_of(gotests, "exits")
    assert re.search(r"^result: +exit status 3$", log, re.M), log
    assert re.findall(r"^((?:not )?ok) \d+ - (\S+)$", log, re.M) == [("ok", "TestOne")], log


def test_passing_go_tests_exit_zero(gotests: Project) -> None:
    proc = gotests.meson("test", "table", "--test-args=-test.run=TestAdd", check=False)
    assert proc.returncode == 0, proc.stdout
    assert re.search(r"^result: +exit status 0$", _log_of(gotests, "table"), re.M)


def _results(project: Project, test: str) -> list[tuple[str, str]]:
    proc = project.meson("test", test, check=False)
    assert proc.returncode == 0, proc.stdout
    return re.findall(r"^((?:not )?ok) \d+ - (\S+)$", _log_of(project, test), re.M)


def test_env_is_the_run_time_environment_and_a_change_rebuilds_nothing(toolchain: None, tmp_path: Path) -> None:
    """go.test(env:) is what the test runs with, as for Meson's test(): changing it reconfigures but
    builds no Go; build_env: is the environment Go builds the test with, and the test does not see it."""
    project = copy_project("gotests", tmp_path)
    project.setup()
    project.ninja()
    plan = json.loads((project.build / "meson-private/mesongo/targets/envread/plan.json").read_text())
    assert plan["go"]["env"]["MESONGO_BUILD_MARK"] == "set" and "GREETING" not in plan["go"]["env"]
    assert _results(project, "envread") == [("ok", "TestGreeting/hello"), ("ok", "TestGreeting")]

    build_file = project.src / "meson.build"
    build_file.write_text(build_file.read_text().replace("'GREETING': 'hello'", "'GREETING': 'bonjour'"))
    bump_mtime(build_file, project.build)
    out = project.ninja().stdout
    assert "Regenerating build files" in out and "Building Go" not in out, out
    assert _results(project, "envread") == [("ok", "TestGreeting/bonjour"), ("ok", "TestGreeting")]


def test_depends_are_built_before_the_test_runs(gotests: Project) -> None:
    """go.test(depends:), as Meson's test(depends:): the custom target the test reads is not built
    by default, and `meson test` builds it first."""
    data = gotests.build / "data.txt"
    data.unlink(missing_ok=True)
    assert _results(gotests, "data") == [("ok", "TestData/generated"), ("ok", "TestData")]
    assert data.read_text() == "generated\n"
