"""The README's complete examples are the sources of tested projects: each fenced block whose
first line names a file (`// go/pam.go, ...`) holds exactly that project file after that line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import PROJECTS, REPO, base_env, need_tool, run

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


def test_own_project_quick_start_runs_as_written(toolchain: None, tmp_path: Path) -> None:
    """"Your own project", in its order: each block that names a file is written, each sh block
    runs (go mod init, go mod tidy, meson setup and the program) in an empty directory."""
    need_tool("bash")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Your own project\n", 1)[1].split("\n## ", 1)[0]
    ran = []
    for block in re.findall(r"```(\w*)\n(.*?)```", section, re.S):
        language, text = block
        first, rest = text.split("\n", 1)
        named = re.match(r"(?://|#|/\*) ([\w/.]+)", first)
        if language == "sh":
            ran.append(run(["bash", "-e", "-c", text], cwd=tmp_path, env=base_env() | {"GOPROXY": "off"}).stdout)
        elif named:
            path = tmp_path / named.group(1)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text if language == "go" else rest)
    assert len(ran) == 3
    assert ran[-1].splitlines()[-1] == "HELLO FROM C!"
