"""The README's complete examples are the sources of tested projects: each fenced block whose
first line names a file (`// go/pam.go, ...`) holds exactly that project file after that line."""

from __future__ import annotations

import re

import pytest
from conftest import PROJECTS, REPO

BLOCK = re.compile(r"```\w*\n(.*?)```", re.S)
EXAMPLES = {   # the comment a README block starts with -> the project file it shows
    "// go/pam.go": PROJECTS / "pam" / "go" / "pam.go",
    "/* go/helpers.c": PROJECTS / "pam" / "go" / "helpers.c",
    "// go/hello.go": PROJECTS / "pyext" / "go" / "hello.go",
    "/* go/module.c": PROJECTS / "pyext" / "go" / "module.c",
}


@pytest.mark.parametrize("start", sorted(EXAMPLES))
def test_readme_example_is_the_tested_project_file(start: str) -> None:
    blocks = [b for b in BLOCK.findall((REPO / "README.md").read_text(encoding="utf-8")) if b.startswith(start)]
    assert len(blocks) == 1, f"the README has {len(blocks)} blocks starting with {start!r}"
    assert blocks[0].split("\n", 1)[1] == EXAMPLES[start].read_text(encoding="utf-8")
