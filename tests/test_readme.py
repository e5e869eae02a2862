"""README.md is the front page: its example is the text of a tested project, its commands are the
ones CI and the docs test run, its links lead to pages of the docs site, and it stays short. (The
complete examples it used to hold are included by the docs pages from the tested projects, and
tests/test_docs.py checks that.)"""

from __future__ import annotations

import re
import shlex

from conftest import PROJECTS, REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"```(\w*)\n(.*?)```", re.S)
MAX_LINES = 150


def marked_command(marker: str) -> str:
    """The sh block after `<!-- MARKER -->`, found as .ci/run finds the test command."""
    found = re.search(rf"<!-- {re.escape(marker)} -->\s*```sh\n(.*?)\n```", README, re.S)
    assert found, f"README.md has no sh block after <!-- {marker} -->"
    return found.group(1).strip()


def test_readme_is_a_front_page() -> None:
    assert len(README.splitlines()) <= MAX_LINES


def test_readme_example_is_a_tested_projects_text() -> None:
    """The first meson block is a run of whole lines of tests/projects/basic/meson.build."""
    example = next(text for language, text in BLOCK.findall(README) if language == "meson")
    project = (PROJECTS / "basic" / "meson.build").read_text(encoding="utf-8")
    assert len(example.splitlines()) >= 5
    assert ("\n" + example) in ("\n" + project)


def test_readme_keeps_the_ci_test_command() -> None:
    """.ci/run runs this block, verbatim: it installs the test dependencies and runs the suite."""
    command = marked_command("ci: test command")
    assert command.startswith("tools/install-test-deps && ")
    assert "pip install -e '.[test]'" in command and command.endswith("python -m pytest")
    assert "<!-- ci: test command -->" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_keeps_the_quick_start() -> None:
    """The quick start installs mesongo, builds the demo, runs it and runs its tests."""
    quick = README.split("\n## Quick start\n", 1)[1].split("\n## ", 1)[0]
    (command,) = [text.strip() for language, text in BLOCK.findall(quick) if language == "sh"]
    steps = [step.strip() for step in command.split("&&")]
    assert steps[2:] == ["pip install . ninja", "meson setup build", "meson compile -C build",
                         "./build/demo/hello-demo", "meson test -C build"]
    assert "executable('hello-demo'" in (REPO / "demo" / "meson.build").read_text(encoding="utf-8")


def test_readme_docs_command_builds_the_site_as_the_tests_do() -> None:
    """tests/test_docs.py runs this command (into its own directory)."""
    argv = shlex.split(marked_command("docs: build command"))
    assert argv[:3] == ["python", "-m", "sphinx"]
    assert {"-W", "-n", "--keep-going"} <= set(argv) and argv[-2:] == ["docs", "build/docs"]


def test_readme_links_lead_to_docs_pages() -> None:
    links = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", README)
    local = [link for link in links if not re.match(r"\w+://", link)]
    assert len(local) >= 20
    for link in local:
        assert (REPO / link).exists(), link
    pages = {str(p.relative_to(REPO)) for p in (REPO / "docs").rglob("*.md") if p.name != "index.md"}
    assert pages <= set(local), f"pages the README does not name: {sorted(pages - set(local))}"
