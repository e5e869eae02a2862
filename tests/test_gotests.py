"""Go tests as `meson test` sees them (mesongo/testrun): a failing subtest fails its parent and
the test, and the test's exit status is the Go test binary's (tests/projects/gotests)."""

from __future__ import annotations

import re

import pytest
from conftest import Project, copy_project


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
