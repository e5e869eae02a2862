"""Source and build directories with spaces, non-ASCII characters, `$` and `#` (which ninja's
depfile and build-file syntax treat specially)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Project, assert_meson_tests_passed, bump_mtime, copy_project, run

pytestmark = pytest.mark.paths

AWKWARD = ["with space", "ünïcödé ñame", "dollar $HOME $$x", "hash #1 and # more", "all of $ # ü them"]


@pytest.mark.parametrize("name", AWKWARD)
def test_awkward_paths_build_run_and_rebuild(name: str, toolchain: None, tmp_path: Path) -> None:
    project = copy_project("basic", tmp_path / name)
    project = Project(project.src, tmp_path / name / f"build {name}")
    project.setup()
    project.ninja()
    assert run([project.build / "app", "p"]).stdout.startswith("hello, p\n")
    assert_meson_tests_passed(project.meson("test").stdout, 2)
    assert "ninja: no work to do." in project.ninja().stdout
    source = project.src / "go" / "greet.go"
    bump_mtime(source, project.build)
    assert "Building Go shared library libgreet.so.1.2.3" in project.ninja().stdout   # the depfile names it
    assert "ninja: no work to do." in project.ninja().stdout
