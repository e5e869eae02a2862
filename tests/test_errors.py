"""Bad input in meson.build: one located `meson.build:L:C: ERROR:` line that says what to do.

Each case is a directory under tests/projects/errors/ with its meson.build and the exact expected
error line in expected-error.txt (@SRC@ stands for the case's source dir). A case without its own
go/ package gets a copy of _go/go, a valid one.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import PROJECTS, Project

ERROR_CASES = sorted(p.name for p in (PROJECTS / "errors").iterdir() if p.is_dir() and not p.name.startswith("_"))


@pytest.mark.parametrize("case", ERROR_CASES)
def test_bad_input_gives_one_located_error(case: str, toolchain: None, tmp_path: Path) -> None:
    case_dir = PROJECTS / "errors" / case
    src = tmp_path / "src"
    shutil.copytree(case_dir, src)
    if not (src / "go").exists():
        shutil.copytree(PROJECTS / "errors" / "_go" / "go", src / "go")
    args = ["--native-file", str(src / "native.ini")] if (src / "native.ini").exists() else []
    proc = Project(src, tmp_path / "build").setup(*args, check=False, cwd=src)
    assert proc.returncode != 0, proc.stdout
    assert "Traceback" not in proc.stdout
    errors = [line for line in proc.stdout.splitlines() if "ERROR:" in line]
    expected = (case_dir / "expected-error.txt").read_text().strip().replace("@SRC@", str(src))
    assert errors == [expected]
    assert not list((tmp_path / "build").glob("lib*")), "no half-written output"
