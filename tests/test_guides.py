"""The examples of every docs page (the tutorial, the how-to guides, the reference, the
explanations) are files of tested projects: each `{literalinclude}` names a file of a project that
a test builds (tests/projects/NAME, which a tests/test_*.py copies by name), a committed cross-file
(tests/test_cross.py checks them against their templates) or tests/debian (tests/test_debian.py);
what is shown inline is a fragment of a few lines, never a whole file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import PROJECTS, REPO

PAGES = sorted((REPO / "docs").rglob("*.md"))
INCLUDE = re.compile(r"^\s*```\{literalinclude\}\s+(\S+)\s*$", re.M)
INLINE = re.compile(r"^(\s*)```(meson|go|c|python|toml|ini|make)\n(.*?)^\1```$", re.M | re.S)
FRAGMENT_LINES = 6
TESTS_TEXT = "\n".join(p.read_text(encoding="utf-8") for p in (REPO / "tests").glob("test_*.py"))


def why_tested(path: Path) -> str | None:
    """Why the included file is tested, or None."""
    if path.is_relative_to(PROJECTS):
        project = path.relative_to(PROJECTS).parts[0]
        return f"tests/projects/{project}" if re.search(rf"[\"']{re.escape(project)}[\"']", TESTS_TEXT) else None
    if path.parent == REPO / "cross-files" and path.suffix == ".ini":
        return "cross-files"
    if path.is_relative_to(REPO / "tests" / "debian"):
        return "tests/debian"
    return None


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_included_examples_are_files_of_tested_projects(page: Path) -> None:
    for argument in INCLUDE.findall(page.read_text(encoding="utf-8")):
        path = (page.parent / argument).resolve()
        assert path.is_file(), f"{page.name} includes {argument}, which does not exist"
        assert why_tested(path), f"{page.name} includes {argument}, which no test builds"


def test_the_pages_include_the_examples() -> None:
    """Not vacuous: the pages show dozens of project files."""
    assert sum(len(INCLUDE.findall(page.read_text(encoding="utf-8"))) for page in PAGES) >= 40


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_inline_examples_are_fragments(page: Path) -> None:
    for _indent, language, body in INLINE.findall(page.read_text(encoding="utf-8")):
        lines = body.count("\n")
        assert lines <= FRAGMENT_LINES, (
            f"{page.name} shows {lines} lines of {language} inline: include the file of a tested project")
